/* SPDX-License-Identifier: ISC */
/* test_pld_id.c - ID, CERT, CERTREQ and AUTH payloads. */
#include "check_main.h"
#include "codec_test.h"
#include "iana.h"
#include "pld.h"

START_TEST(id_round_trip)
{
	static const uint8_t fqdn[] = "hq.example.net";
	struct pld_id in = { IKE_ID_FQDN, { fqdn, sizeof(fqdn) - 1 } }, out;
	uint8_t buf[64], exp[64];
	struct wire_w w;

	wire_w_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(pld_id_build(&w, &in), IKE_OK);
	ck_assert(bytes_eq(wire_w_bytes_view(&w),
	    HEX(exp, "02000000 68712e6578616d706c652e6e6574")));
	ck_assert_int_eq(pld_id_parse(wire_w_bytes_view(&w), &out), IKE_OK);
	ck_assert_uint_eq(out.type, IKE_ID_FQDN);
	ck_assert(bytes_eq(out.data, in.data));
}
END_TEST

START_TEST(id_addresses)
{
	uint8_t buf[64];
	struct pld_id id;

	ck_assert_int_eq(pld_id_parse(HEX(buf, "01000000 c0000201"), &id), IKE_OK);
	ck_assert_uint_eq(id.type, IKE_ID_IPV4_ADDR);
	ck_assert_uint_eq(id.data.ptr[3], 1);
	ck_assert_int_eq(pld_id_parse(HEX(buf, "01000000 c00002"), &id), IKE_EMALFORMED);
	ck_assert_uint_eq(id.type, 0);			/* cleared on error */
	ck_assert_int_eq(pld_id_parse(HEX(buf, "01000000 c000020102"), &id), IKE_EMALFORMED);
	ck_assert_int_eq(pld_id_parse(HEX(buf,
	    "05000000 20010db8000000000000000000000001"), &id), IKE_OK);
	ck_assert_uint_eq(id.data.len, 16);
	ck_assert_int_eq(pld_id_parse(HEX(buf, "05000000 20010db8"), &id), IKE_EMALFORMED);
}
END_TEST

START_TEST(id_malformed)
{
	uint8_t buf[16];
	struct pld_id id;
	struct pld_id bad = { IKE_ID_IPV4_ADDR, { buf, 3 } };
	struct wire_w w;

	ck_assert_int_eq(pld_id_parse(HEX(buf, "020000"), &id), IKE_ESHORT);
	ck_assert_int_eq(pld_id_parse(HEX(buf, "02000000"), &id), IKE_EMALFORMED); /* empty */
	ck_assert_int_eq(pld_id_parse(HEX(buf, "0d000000"), &id), IKE_OK);	/* ID_NULL */
	ck_assert_int_eq(pld_id_parse(HEX(buf, "02ffffff 61"), &id), IKE_OK);	/* reserved */
	wire_w_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(pld_id_build(&w, &bad), IKE_EINVAL);
	ck_assert_uint_eq(w.len, 0);
}
END_TEST

START_TEST(id_owned_copy)
{
	uint8_t buf[16];
	struct pld_id id, back;
	struct ike_id own = { 0, { NULL, 0 } };

	ck_assert_int_eq(pld_id_parse(HEX(buf, "03000000 612462"), &id), IKE_OK);
	ck_assert_int_eq(pld_id_to_ike(&id, &own), IKE_OK);
	ck_assert_uint_eq(own.type, IKE_ID_RFC822_ADDR);
	ck_assert_uint_eq(own.data.len, 3);
	ck_assert_ptr_ne(own.data.ptr, id.data.ptr);
	back = pld_id_from_ike(&own);
	ck_assert(bytes_eq(back.data, id.data));
	ike_buf_free(&own.data);
}
END_TEST

START_TEST(cert_and_certreq)
{
	uint8_t buf[64], obuf[64];
	struct pld_cert c, in;
	struct wire_w w;

	ck_assert_int_eq(pld_cert_parse(HEX(buf, "04 3082010a"), &c), IKE_OK);
	ck_assert_uint_eq(c.enc, IKE_CERT_X509_SIG);
	ck_assert_uint_eq(c.data.len, 4);
	in = c;
	wire_w_init(&w, obuf, sizeof(obuf));
	ck_assert_int_eq(pld_cert_build(&w, &in), IKE_OK);
	ck_assert(bytes_eq(wire_w_bytes_view(&w), HEX(buf, "04 3082010a")));
	ck_assert_int_eq(pld_cert_parse(HEX(buf, "04"), &c), IKE_EMALFORMED);
	ck_assert_int_eq(pld_cert_parse(HEX(buf, ""), &c), IKE_ESHORT);
	/* CERTREQ: an empty authority list is allowed. */
	ck_assert_int_eq(pld_certreq_parse(HEX(buf, "04"), &c), IKE_OK);
	ck_assert_uint_eq(c.data.len, 0);
	ck_assert_int_eq(pld_certreq_parse(HEX(buf,
	    "04 0102030405060708090a0b0c0d0e0f1011121314"), &c), IKE_OK);
	ck_assert_uint_eq(c.data.len, 20);
	in = c;
	wire_w_init(&w, obuf, sizeof(obuf));
	ck_assert_int_eq(pld_certreq_build(&w, &in), IKE_OK);
	ck_assert_uint_eq(w.len, 21);
	ck_assert_int_eq(pld_certreq_parse(HEX(buf, ""), &c), IKE_ESHORT);
	in.data.len = 0;
	ck_assert_int_eq(pld_cert_build(&w, &in), IKE_EINVAL);
}
END_TEST

START_TEST(auth)
{
	uint8_t buf[64], obuf[64];
	struct pld_auth a, in;
	struct wire_w w;

	ck_assert_int_eq(pld_auth_parse(HEX(buf, "02000000 deadbeef"), &a), IKE_OK);
	ck_assert_uint_eq(a.method, IKE_AUTH_PSK);
	ck_assert_uint_eq(a.data.len, 4);
	in = a;
	wire_w_init(&w, obuf, sizeof(obuf));
	ck_assert_int_eq(pld_auth_build(&w, &in), IKE_OK);
	ck_assert(bytes_eq(wire_w_bytes_view(&w), HEX(buf, "02000000 deadbeef")));
	ck_assert_int_eq(pld_auth_parse(HEX(buf, "02000000"), &a), IKE_EMALFORMED);
	ck_assert_int_eq(pld_auth_parse(HEX(buf, "0200"), &a), IKE_ESHORT);
	ck_assert_int_eq(pld_auth_parse(HEX(buf, "0e010203 01"), &a), IKE_OK);
	in.data.len = 0;
	ck_assert_int_eq(pld_auth_build(&w, &in), IKE_EINVAL);
}
END_TEST

static Suite *
id_suite(void)
{
	Suite *s = suite_create("pld_id");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, id_round_trip);
	tcase_add_test(tc, id_addresses);
	tcase_add_test(tc, id_malformed);
	tcase_add_test(tc, id_owned_copy);
	tcase_add_test(tc, cert_and_certreq);
	tcase_add_test(tc, auth);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(id_suite)
