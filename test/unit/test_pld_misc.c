/* SPDX-License-Identifier: ISC */
/* test_pld_misc.c - KE, Nonce, Vendor ID, EAP and the SKF header. */
#include "check_main.h"
#include "codec_test.h"
#include "iana.h"
#include "pld.h"

START_TEST(ke_payload)
{
	uint8_t buf[64], obuf[64];
	struct pld_ke ke, in;
	struct wire_w w;

	ck_assert_int_eq(pld_ke_parse(HEX(buf, "001f0000 0102030405"), &ke), IKE_OK);
	ck_assert_uint_eq(ke.group, IKE_KE_CURVE25519);
	ck_assert_uint_eq(ke.data.len, 5);
	in = ke;
	wire_w_init(&w, obuf, sizeof(obuf));
	ck_assert_int_eq(pld_ke_build(&w, &in), IKE_OK);
	ck_assert(bytes_eq(wire_w_bytes_view(&w), HEX(buf, "001f0000 0102030405")));
	ck_assert_int_eq(pld_ke_parse(HEX(buf, "001fffff 01"), &ke), IKE_OK); /* reserved */
	ck_assert_int_eq(pld_ke_parse(HEX(buf, "001f0000"), &ke), IKE_EMALFORMED);
	ck_assert_int_eq(pld_ke_parse(HEX(buf, "001f00"), &ke), IKE_ESHORT);
	ck_assert_uint_eq(ke.group, 0);
	in.data.len = 0;
	ck_assert_int_eq(pld_ke_build(&w, &in), IKE_EINVAL);
}
END_TEST

START_TEST(nonce_payload)
{
	uint8_t buf[300], obuf[300];
	struct pld_nonce n;
	struct ike_bytes b = { buf, 0 };
	struct wire_w w;

	memset(buf, 0x5a, sizeof(buf));
	for (b.len = 0; b.len < sizeof(buf); b.len++) {
		int want = b.len >= 16 && b.len <= 256 ? IKE_OK : IKE_EMALFORMED;

		ck_assert_int_eq(pld_nonce_parse(b, &n), want);
		wire_w_init(&w, obuf, sizeof(obuf));
		ck_assert_int_eq(pld_nonce_build(&w, &(struct pld_nonce){ b }),
		    want == IKE_OK ? IKE_OK : IKE_EINVAL);
		if (want == IKE_OK)
			ck_assert(bytes_eq(wire_w_bytes_view(&w), b));
	}
}
END_TEST

START_TEST(vendor_payload)
{
	uint8_t buf[64], obuf[64];
	struct pld_vendor v;
	struct wire_w w;

	ck_assert_int_eq(pld_vendor_parse(HEX(buf, "882fe56d6fd20dbc2251613b2ebe5beb"), &v), IKE_OK);
	ck_assert_uint_eq(v.id.len, 16);
	wire_w_init(&w, obuf, sizeof(obuf));
	ck_assert_int_eq(pld_vendor_build(&w, &v), IKE_OK);
	ck_assert(bytes_eq(wire_w_bytes_view(&w), v.id));
	ck_assert_int_eq(pld_vendor_parse(HEX(buf, ""), &v), IKE_EMALFORMED);
	ck_assert_int_eq(pld_vendor_build(&w, &v), IKE_EINVAL);
}
END_TEST

START_TEST(eap_payload)
{
	uint8_t buf[64], obuf[64];
	struct pld_eap e;
	struct wire_w w;

	/* Request/Identity. */
	ck_assert_int_eq(pld_eap_parse(HEX(buf, "01070005 01"), &e), IKE_OK);
	ck_assert_uint_eq(e.code, 1);
	ck_assert_uint_eq(e.id, 7);
	ck_assert_uint_eq(e.type, 1);
	wire_w_init(&w, obuf, sizeof(obuf));
	ck_assert_int_eq(pld_eap_build(&w, &e), IKE_OK);
	ck_assert(bytes_eq(wire_w_bytes_view(&w), e.msg));
	/* Response with data; Success. */
	ck_assert_int_eq(pld_eap_parse(HEX(buf, "02070009 01 616c6963"), &e), IKE_OK);
	ck_assert_uint_eq(e.msg.len, 9);
	ck_assert_int_eq(pld_eap_parse(HEX(buf, "03070004"), &e), IKE_OK);
	ck_assert_uint_eq(e.type, 0);
	/* Malformed. */
	ck_assert_int_eq(pld_eap_parse(HEX(buf, "030700"), &e), IKE_ESHORT);
	ck_assert_int_eq(pld_eap_parse(HEX(buf, "03070005 00"), &e), IKE_EMALFORMED);
	ck_assert_int_eq(pld_eap_parse(HEX(buf, "01070004"), &e), IKE_EMALFORMED);
	ck_assert_int_eq(pld_eap_parse(HEX(buf, "01070006 01"), &e), IKE_EMALFORMED);
	ck_assert_int_eq(pld_eap_parse(HEX(buf, "01070005 0101"), &e), IKE_EMALFORMED);
	ck_assert_int_eq(pld_eap_parse(HEX(buf, "09070004"), &e), IKE_EMALFORMED);
	e.msg = HEX(buf, "01070006 01");
	ck_assert_int_eq(pld_eap_build(&w, &e), IKE_EINVAL);
}
END_TEST

START_TEST(skf_payload)
{
	uint8_t buf[64], obuf[64];
	struct pld_skf f;
	struct wire_w w;

	ck_assert_int_eq(pld_skf_parse(HEX(buf, "00020003 aabbcc"), &f), IKE_OK);
	ck_assert_uint_eq(f.num, 2);
	ck_assert_uint_eq(f.total, 3);
	ck_assert_uint_eq(f.data.len, 3);
	ck_assert_int_eq(pld_skf_parse(HEX(buf, "00000003"), &f), IKE_EMALFORMED);
	ck_assert_int_eq(pld_skf_parse(HEX(buf, "00040003"), &f), IKE_EMALFORMED);
	ck_assert_int_eq(pld_skf_parse(HEX(buf, "000100"), &f), IKE_ESHORT);
	wire_w_init(&w, obuf, sizeof(obuf));
	ck_assert_int_eq(pld_skf_build_hdr(&w, 1, 1), IKE_OK);
	ck_assert(bytes_eq(wire_w_bytes_view(&w), HEX(buf, "00010001")));
	ck_assert_int_eq(pld_skf_build_hdr(&w, 0, 1), IKE_EINVAL);
	ck_assert_int_eq(pld_skf_build_hdr(&w, 2, 1), IKE_EINVAL);
}
END_TEST

static Suite *
misc_suite(void)
{
	Suite *s = suite_create("pld_misc");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, ke_payload);
	tcase_add_test(tc, nonce_payload);
	tcase_add_test(tc, vendor_payload);
	tcase_add_test(tc, eap_payload);
	tcase_add_test(tc, skf_payload);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(misc_suite)
