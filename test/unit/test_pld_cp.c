/* SPDX-License-Identifier: ISC */
/* test_pld_cp.c - the Configuration payload and its attributes. */
#include "check_main.h"
#include "codec_test.h"
#include "iana.h"
#include "pld.h"

static struct pld_cp cp;

START_TEST(request_reply)
{
	uint8_t buf[128], obuf[128];
	static struct pld_cp in;
	struct wire_w w;

	/* CFG_REQUEST for an address and DNS, values empty. */
	ck_assert_int_eq(pld_cp_parse(HEX(buf, "01000000 00010000 00030000"), &cp), IKE_OK);
	ck_assert_uint_eq(cp.type, IKE_CFG_REQUEST);
	ck_assert_uint_eq(cp.n, 2);
	ck_assert_uint_eq(cp.attr[0].type, IKE_CA_INTERNAL_IP4_ADDRESS);
	ck_assert_uint_eq(cp.attr[1].value.len, 0);
	/* CFG_REPLY with the values, IPv6 address with prefix length. */
	ck_assert_int_eq(pld_cp_parse(HEX(buf,
	    "02000000 00010004 0a000001 00030004 08080808"
	    "00080011 20010db8000000000000000000000001 40"), &cp), IKE_OK);
	ck_assert_uint_eq(cp.n, 3);
	ck_assert_uint_eq(cp.attr[0].value.ptr[3], 1);
	ck_assert_uint_eq(cp.attr[2].type, IKE_CA_INTERNAL_IP6_ADDRESS);
	ck_assert_uint_eq(cp.attr[2].value.ptr[16], 64);
	in = cp;
	wire_w_init(&w, obuf, sizeof(obuf));
	ck_assert_int_eq(pld_cp_build(&w, &in), IKE_OK);
	ck_assert(bytes_eq(wire_w_bytes_view(&w), HEX(buf,
	    "02000000 00010004 0a000001 00030004 08080808"
	    "00080011 20010db8000000000000000000000001 40")));
	/* Unknown attributes pass; the R bit is ignored. */
	ck_assert_int_eq(pld_cp_parse(HEX(buf, "01000000 80010000 70000003 aabbcc"), &cp), IKE_OK);
	ck_assert_uint_eq(cp.attr[0].type, IKE_CA_INTERNAL_IP4_ADDRESS);
	ck_assert_uint_eq(cp.attr[1].type, 0x7000);
	/* No attributes at all is well-formed. */
	ck_assert_int_eq(pld_cp_parse(HEX(buf, "03000000"), &cp), IKE_OK);
	ck_assert_uint_eq(cp.n, 0);
}
END_TEST

START_TEST(malformed)
{
	uint8_t buf[128];
	static struct pld_cp in;
	struct wire_w w;

	ck_assert_int_eq(pld_cp_parse(HEX(buf, "010000"), &cp), IKE_ESHORT);
	ck_assert_int_eq(pld_cp_parse(HEX(buf, "01000000 0001"), &cp), IKE_EMALFORMED);
	ck_assert_int_eq(pld_cp_parse(HEX(buf, "01000000 00010005 0a000001"), &cp), IKE_EMALFORMED);
	ck_assert_int_eq(pld_cp_parse(HEX(buf, "02000000 00010003 0a0000"), &cp), IKE_EMALFORMED);
	ck_assert_int_eq(pld_cp_parse(HEX(buf, "02000000 00080010 20010db8000000000000000000000001"), &cp), IKE_EMALFORMED);
	ck_assert_int_eq(pld_cp_parse(HEX(buf, "02000000 000a0004 01020304"), &cp), IKE_EMALFORMED);
	ck_assert_int_eq(pld_cp_parse(HEX(buf, "02000000 000d0004 01020304"), &cp), IKE_EMALFORMED);
	ck_assert_int_eq(pld_cp_parse(HEX(buf, "02000000 000e0003 010203"), &cp), IKE_EMALFORMED);
	ck_assert_uint_eq(cp.n, 0);
	memset(&in, 0, sizeof(in));
	in.type = IKE_CFG_REPLY;
	in.n = 1;
	in.attr[0].type = IKE_CA_INTERNAL_IP4_ADDRESS;
	in.attr[0].value.ptr = buf;
	in.attr[0].value.len = 5;
	wire_w_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(pld_cp_build(&w, &in), IKE_EINVAL);
}
END_TEST

START_TEST(capacity)
{
	uint8_t buf[4 + 4 * (PLD_CP_MAX + 1)];
	struct wire_w w;
	size_t i;

	wire_w_init(&w, buf, sizeof(buf));
	wire_w_u32(&w, 0x01000000);
	for (i = 0; i < PLD_CP_MAX + 1; i++)
		wire_w_u32(&w, 0x00030000);
	ck_assert_int_eq(pld_cp_parse(wire_w_bytes_view(&w), &cp), IKE_EUNSUPPORTED);
}
END_TEST

static Suite *
cp_suite(void)
{
	Suite *s = suite_create("pld_cp");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, request_reply);
	tcase_add_test(tc, malformed);
	tcase_add_test(tc, capacity);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(cp_suite)
