/* SPDX-License-Identifier: ISC */
/* test_pld_ts.c - TSi/TSr payloads with IPv4 and IPv6 ranges. */
#include "check_main.h"
#include "codec_test.h"
#include "iana.h"
#include "pld.h"

/* 10.1.0.0-10.1.255.255 any proto/port, then 2001:db8::/32 TCP 443. */
static const char two[] =
	"02000000"
	"07000010 0000ffff 0a010000 0a01ffff"
	"08060028 01bb01bb"
	"20010db8000000000000000000000000"
	"20010db8ffffffffffffffffffffffff";

static struct pld_ts ts;

static int
parse_patched(size_t off, uint8_t v)
{
	uint8_t buf[128];
	struct ike_bytes b = HEX(buf, two);

	buf[off] = v;
	return pld_ts_parse(b, &ts);
}

START_TEST(parse_known_bytes)
{
	uint8_t buf[128];

	ck_assert_int_eq(pld_ts_parse(HEX(buf, two), &ts), IKE_OK);
	ck_assert_uint_eq(ts.n, 2);
	ck_assert_uint_eq(ts.n_other, 0);
	ck_assert_uint_eq(ts.ts[0].family, IKE_AF_INET);
	ck_assert_uint_eq(ts.ts[0].proto, 0);
	ck_assert_uint_eq(ts.ts[0].port_lo, 0);
	ck_assert_uint_eq(ts.ts[0].port_hi, 65535);
	ck_assert_uint_eq(ts.ts[0].start[1], 1);
	ck_assert_uint_eq(ts.ts[0].end[3], 255);
	ck_assert_uint_eq(ts.ts[1].family, IKE_AF_INET6);
	ck_assert_uint_eq(ts.ts[1].proto, 6);
	ck_assert_uint_eq(ts.ts[1].port_lo, 443);
	ck_assert_uint_eq(ts.ts[1].start[3], 0xb8);
	ck_assert_uint_eq(ts.ts[1].end[15], 0xff);
}
END_TEST

START_TEST(round_trip)
{
	uint8_t buf[128], exp[128];
	static struct pld_ts in;
	struct wire_w w;

	ck_assert_int_eq(pld_ts_parse(HEX(exp, two), &ts), IKE_OK);
	in = ts;
	wire_w_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(pld_ts_build(&w, &in), IKE_OK);
	ck_assert(bytes_eq(wire_w_bytes_view(&w), HEX(exp, two)));
	in.n = 0;
	ck_assert_int_eq(pld_ts_build(&w, &in), IKE_EINVAL);
	in.n = 1;
	in.ts[0].family = 9;
	ck_assert_int_eq(pld_ts_build(&w, &in), IKE_EINVAL);
}
END_TEST

START_TEST(malformed)
{
	uint8_t buf[128];

	ck_assert_int_eq(pld_ts_parse(HEX(buf, "010000"), &ts), IKE_ESHORT);
	ck_assert_int_eq(parse_patched(0, 0), IKE_EMALFORMED);	/* count 0 */
	ck_assert_int_eq(parse_patched(0, 1), IKE_EMALFORMED);	/* fewer than present */
	ck_assert_int_eq(parse_patched(0, 3), IKE_EMALFORMED);	/* more than present */
	ck_assert_int_eq(parse_patched(7, 0x11), IKE_EMALFORMED); /* v4 len 17 */
	ck_assert_int_eq(parse_patched(7, 0x0f), IKE_EMALFORMED);
	ck_assert_int_eq(parse_patched(23, 0x27), IKE_EMALFORMED); /* v6 len 39 */
	ck_assert_int_eq(parse_patched(23, 0x29), IKE_EMALFORMED); /* past end */
	ck_assert_int_eq(parse_patched(7, 0x03), IKE_EMALFORMED); /* < 4 */
	ck_assert_uint_eq(ts.n, 0);
	ck_assert_int_eq(parse_patched(1, 0xff), IKE_OK);	/* reserved */
	/* Trailing bytes after the last counted selector. */
	ck_assert_int_eq(pld_ts_parse(HEX(buf,
	    "01000000 07000010 0000ffff 0a010000 0a01ffff 00"), &ts), IKE_EMALFORMED);
}
END_TEST

START_TEST(other_types)
{
	uint8_t buf[128];

	/* A TS_FC_ADDR_RANGE selector (length 8 + 8) is skipped, counted. */
	ck_assert_int_eq(pld_ts_parse(HEX(buf,
	    "02000000 09000010 00000000 00000000 00000000"
	    "07000010 0000ffff 0a010000 0a01ffff"), &ts), IKE_OK);
	ck_assert_uint_eq(ts.n, 1);
	ck_assert_uint_eq(ts.n_other, 1);
	ck_assert_int_eq(pld_ts_parse(HEX(buf, "01000000 0a000006 0000"), &ts),
	    IKE_EMALFORMED);			/* unknown type, length < 8 */
}
END_TEST

START_TEST(capacity)
{
	uint8_t buf[4 + 16 * (PLD_TS_MAX + 1)];
	struct wire_w w;
	size_t i;

	wire_w_init(&w, buf, sizeof(buf));
	wire_w_u8(&w, PLD_TS_MAX + 1);
	wire_w_zero(&w, 3);
	for (i = 0; i < PLD_TS_MAX + 1; i++) {
		wire_w_u32(&w, 0x07000010);
		wire_w_u32(&w, 0x0000ffff);
		wire_w_u32(&w, 0x0a000000 + (uint32_t)i);
		wire_w_u32(&w, 0x0a000000 + (uint32_t)i);
	}
	ck_assert_int_eq(w.err, IKE_OK);
	ck_assert_int_eq(pld_ts_parse(wire_w_bytes_view(&w), &ts), IKE_EUNSUPPORTED);
}
END_TEST

static Suite *
ts_suite(void)
{
	Suite *s = suite_create("pld_ts");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parse_known_bytes);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, malformed);
	tcase_add_test(tc, other_types);
	tcase_add_test(tc, capacity);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ts_suite)
