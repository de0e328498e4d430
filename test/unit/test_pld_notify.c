/* SPDX-License-Identifier: ISC */
/* test_pld_notify.c - Notify and Delete payloads. */
#include "check_main.h"
#include "codec_test.h"
#include "iana.h"
#include "pld.h"

START_TEST(notify_round_trip)
{
	static const uint8_t spi[4] = { 1, 2, 3, 4 }, data[2] = { 0, 14 };
	struct pld_notify in = { IKE_PROTO_ESP, IKE_N_REKEY_SA, { spi, 4 },
	    { data, 2 } }, out;
	uint8_t buf[64], exp[64];
	struct wire_w w;

	wire_w_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(pld_notify_build(&w, &in), IKE_OK);
	ck_assert(bytes_eq(wire_w_bytes_view(&w),
	    HEX(exp, "03044009 01020304 000e")));
	ck_assert_int_eq(pld_notify_parse(wire_w_bytes_view(&w), &out), IKE_OK);
	ck_assert_uint_eq(out.proto, IKE_PROTO_ESP);
	ck_assert_uint_eq(out.type, IKE_N_REKEY_SA);
	ck_assert(bytes_eq(out.spi, in.spi));
	ck_assert(bytes_eq(out.data, in.data));
}
END_TEST

START_TEST(notify_no_spi)
{
	uint8_t buf[64], obuf[64];
	struct pld_notify n;
	struct wire_w w;

	/* COOKIE with data; a protocol without SPI is ignored (3.10). */
	ck_assert_int_eq(pld_notify_parse(HEX(buf, "01004006 aabbccdd"), &n), IKE_OK);
	ck_assert_uint_eq(n.proto, 0);
	ck_assert_uint_eq(n.type, IKE_N_COOKIE);
	ck_assert_uint_eq(n.spi.len, 0);
	ck_assert_uint_eq(n.data.len, 4);
	n.proto = IKE_PROTO_IKE;			/* sent as zero anyway */
	wire_w_init(&w, obuf, sizeof(obuf));
	ck_assert_int_eq(pld_notify_build(&w, &n), IKE_OK);
	ck_assert_uint_eq(obuf[0], 0);
	ck_assert_int_eq(pld_notify_parse(HEX(buf, "0000000e"), &n), IKE_OK);
	ck_assert(pld_notify_is_error(n.type));
	ck_assert(!pld_notify_is_error(IKE_N_COOKIE));
	ck_assert(!pld_notify_is_error(0));
}
END_TEST

START_TEST(notify_malformed)
{
	uint8_t buf[64];
	struct pld_notify n;

	ck_assert_int_eq(pld_notify_parse(HEX(buf, "030440"), &n), IKE_ESHORT);
	ck_assert_int_eq(pld_notify_parse(HEX(buf, "03044009 010203"), &n), IKE_EMALFORMED);
	ck_assert_int_eq(pld_notify_parse(HEX(buf, "03ff4009 0102"), &n), IKE_EMALFORMED);
	ck_assert_uint_eq(n.type, 0);
}
END_TEST

START_TEST(delete_round_trip)
{
	static const uint8_t spis[8] = { 0xc0, 0, 0, 1, 0xc0, 0, 0, 2 };
	struct pld_delete in = { IKE_PROTO_ESP, 4, 2, { spis, 8 } }, out;
	uint8_t buf[64], exp[64];
	struct wire_w w;

	wire_w_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(pld_delete_build(&w, &in), IKE_OK);
	ck_assert(bytes_eq(wire_w_bytes_view(&w),
	    HEX(exp, "03040002 c0000001 c0000002")));
	ck_assert_int_eq(pld_delete_parse(wire_w_bytes_view(&w), &out), IKE_OK);
	ck_assert_uint_eq(out.n_spi, 2);
	ck_assert_uint_eq(pld_delete_spi32(&out, 0), 0xc0000001);
	ck_assert_uint_eq(pld_delete_spi32(&out, 1), 0xc0000002);
	ck_assert_uint_eq(pld_delete_spi32(&out, 2), 0);
	/* The IKE SA: no SPIs. */
	ck_assert_int_eq(pld_delete_parse(HEX(buf, "01000000"), &out), IKE_OK);
	ck_assert_uint_eq(out.proto, IKE_PROTO_IKE);
	ck_assert_uint_eq(pld_delete_spi32(&out, 0), 0);
}
END_TEST

START_TEST(delete_malformed)
{
	uint8_t buf[64];
	struct pld_delete d;
	struct pld_delete bad = { IKE_PROTO_ESP, 4, 2, { buf, 4 } };
	struct wire_w w;

	ck_assert_int_eq(pld_delete_parse(HEX(buf, "010000"), &d), IKE_ESHORT);
	ck_assert_int_eq(pld_delete_parse(HEX(buf, "01080001 0102030405060708"), &d), IKE_EMALFORMED);
	ck_assert_int_eq(pld_delete_parse(HEX(buf, "01000000 00"), &d), IKE_EMALFORMED);
	ck_assert_int_eq(pld_delete_parse(HEX(buf, "03040002 c0000001"), &d), IKE_EMALFORMED);
	ck_assert_int_eq(pld_delete_parse(HEX(buf, "03040001 c0000001 00"), &d), IKE_EMALFORMED);
	ck_assert_int_eq(pld_delete_parse(HEX(buf, "03080001 c0000001c0000001"), &d), IKE_EMALFORMED);
	ck_assert_int_eq(pld_delete_parse(HEX(buf, "03040000"), &d), IKE_EMALFORMED);
	ck_assert_int_eq(pld_delete_parse(HEX(buf, "09040001 c0000001"), &d), IKE_EMALFORMED);
	wire_w_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(pld_delete_build(&w, &bad), IKE_EINVAL);
}
END_TEST

static Suite *
notify_suite(void)
{
	Suite *s = suite_create("pld_notify");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, notify_round_trip);
	tcase_add_test(tc, notify_no_spi);
	tcase_add_test(tc, notify_malformed);
	tcase_add_test(tc, delete_round_trip);
	tcase_add_test(tc, delete_malformed);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(notify_suite)
