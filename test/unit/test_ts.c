/* SPDX-License-Identifier: ISC */
/* test_ts.c - traffic selector intersection, narrowing (RFC 7296 2.9),
 * subset checks, kernel selectors and formatting. */
#include <stdio.h>
#include <string.h>

#include "check_main.h"
#include "iana.h"
#include "ts.h"

/* An IPv4 range a.b.c.d .. e.f.g.h with proto and ports. */
static struct ike_ts
v4(const char *lo, const char *hi, uint8_t proto, uint16_t plo, uint16_t phi)
{
	struct ike_ts t;
	unsigned a, b, c, d;

	memset(&t, 0, sizeof(t));
	t.family = IKE_AF_INET;
	t.proto = proto;
	t.port_lo = plo;
	t.port_hi = phi;
	ck_assert_int_eq(sscanf(lo, "%u.%u.%u.%u", &a, &b, &c, &d), 4);
	t.start[0] = a; t.start[1] = b; t.start[2] = c; t.start[3] = d;
	ck_assert_int_eq(sscanf(hi, "%u.%u.%u.%u", &a, &b, &c, &d), 4);
	t.end[0] = a; t.end[1] = b; t.end[2] = c; t.end[3] = d;
	return t;
}

static struct ike_ts
net4(const char *lo, const char *hi)
{
	return v4(lo, hi, 0, 0, 65535);
}

static void
check_fmt(const struct ike_ts *t, size_t n, const char *want)
{
	char buf[256];

	ts_format(t, n, buf, sizeof(buf));
	ck_assert_str_eq(buf, want);
}

START_TEST(intersect_ranges)
{
	struct ike_ts a = net4("10.1.0.0", "10.1.255.255");
	struct ike_ts b = net4("10.1.2.0", "10.1.2.255");
	struct ike_ts c = net4("10.2.0.0", "10.2.255.255");
	struct ike_ts r;

	ck_assert(ts_intersect(&a, &b, &r));
	check_fmt(&r, 1, "10.1.2.0/24");
	ck_assert(ts_intersect(&b, &a, &r));
	check_fmt(&r, 1, "10.1.2.0/24");
	ck_assert(!ts_intersect(&a, &c, &r));

	/* Protocol: any meets tcp gives tcp; tcp meets udp gives nothing. */
	b = v4("10.1.0.0", "10.1.255.255", 6, 443, 443);
	ck_assert(ts_intersect(&a, &b, &r));
	ck_assert_uint_eq(r.proto, 6);
	check_fmt(&r, 1, "10.1.0.0/16[tcp/443]");
	c = v4("10.1.0.0", "10.1.255.255", 17, 0, 65535);
	ck_assert(!ts_intersect(&b, &c, &r));

	/* Port ranges. */
	b = v4("10.1.0.0", "10.1.255.255", 6, 1000, 2000);
	c = v4("10.1.0.0", "10.1.255.255", 6, 1500, 3000);
	ck_assert(ts_intersect(&b, &c, &r));
	ck_assert_uint_eq(r.port_lo, 1500);
	ck_assert_uint_eq(r.port_hi, 2000);
	c = v4("10.1.0.0", "10.1.255.255", 6, 2001, 3000);
	ck_assert(!ts_intersect(&b, &c, &r));
}
END_TEST

START_TEST(intersect_family)
{
	struct ike_ts a, b, r;

	ts_any(IKE_AF_INET, &a);
	ts_any(IKE_AF_INET6, &b);
	ck_assert(!ts_intersect(&a, &b, &r));
	ck_assert(ts_intersect(&b, &b, &r));
	check_fmt(&r, 1, "::/0");
	check_fmt(&a, 1, "0.0.0.0/0");
}
END_TEST

START_TEST(narrow_rfc_2_9)
{
	/* The initiator asks for 10.0.0.0/8; we allow 10.1.0.0/16 and
	 * 10.3.0.0/16: both are the answer. */
	struct ike_ts peer[2], ours[2], out[TS_MAX];
	size_t n;

	peer[0] = net4("10.0.0.0", "10.255.255.255");
	ours[0] = net4("10.1.0.0", "10.1.255.255");
	ours[1] = net4("10.3.0.0", "10.3.255.255");
	ck_assert_int_eq(ts_narrow(peer, 1, ours, 2, out, TS_MAX, &n), IKE_OK);
	ck_assert_uint_eq(n, 2);
	check_fmt(out, n, "10.1.0.0/16 10.3.0.0/16");

	/* Narrower on their side: theirs stays. */
	peer[0] = net4("10.1.2.0", "10.1.2.255");
	ck_assert_int_eq(ts_narrow(peer, 1, ours, 2, out, TS_MAX, &n), IKE_OK);
	ck_assert_uint_eq(n, 1);
	check_fmt(out, n, "10.1.2.0/24");

	/* Covered duplicates collapse. */
	peer[0] = net4("10.1.0.0", "10.1.255.255");
	peer[1] = net4("10.1.4.0", "10.1.4.255");
	ck_assert_int_eq(ts_narrow(peer, 2, ours, 1, out, TS_MAX, &n), IKE_OK);
	ck_assert_uint_eq(n, 1);

	/* Nothing in common: TS_UNACCEPTABLE. */
	peer[0] = net4("192.168.0.0", "192.168.255.255");
	ck_assert_int_eq(ts_narrow(peer, 1, ours, 2, out, TS_MAX, &n), IKE_ETS);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(ts_narrow(peer, 0, ours, 2, out, TS_MAX, &n), IKE_ETS);
}
END_TEST

START_TEST(subset_check)
{
	struct ike_ts set[2], sub[2];

	set[0] = net4("10.1.0.0", "10.1.255.255");
	set[1] = net4("10.3.0.0", "10.3.255.255");
	sub[0] = net4("10.1.2.0", "10.1.2.255");
	sub[1] = net4("10.3.0.0", "10.3.0.255");
	ck_assert(ts_subset(sub, 2, set, 2));
	sub[1] = net4("10.2.0.0", "10.2.0.255");
	ck_assert(!ts_subset(sub, 2, set, 2));
	ck_assert(!ts_subset(sub, 0, set, 2));
	/* A protocol-specific set does not cover "any". */
	set[0].proto = 6;
	ck_assert(!ts_within(&sub[0], &set[0]));
}
END_TEST

START_TEST(kernel_selector)
{
	struct ike_ts a = net4("10.1.0.0", "10.1.255.255");
	struct ike_ts b = v4("10.2.3.4", "10.2.3.4", 6, 22, 22);
	struct ike_ts c;
	struct kx_sel s;

	ck_assert_int_eq(ts_to_sel(&a, &b, &s), IKE_OK);
	ck_assert_uint_eq(s.family, IKE_AF_INET);
	ck_assert_uint_eq(s.src_plen, 16);
	ck_assert_uint_eq(s.dst_plen, 32);
	ck_assert_uint_eq(s.proto, 6);
	ck_assert_uint_eq(s.sport, 0);
	ck_assert_uint_eq(s.dport, 22);
	ck_assert_uint_eq(s.src[0], 10);
	ck_assert_uint_eq(s.src[1], 1);
	ck_assert_uint_eq(s.src[2], 0);

	/* A range that is no prefix widens to its covering prefix. */
	c = net4("10.1.0.5", "10.1.1.9");
	ck_assert_int_eq(ts_to_sel(&c, &b, &s), IKE_OK);
	ck_assert_uint_eq(s.src_plen, 23);
	ck_assert_uint_eq(s.src[3], 0);
	check_fmt(&c, 1, "10.1.0.5-10.1.1.9");

	ts_any(IKE_AF_INET6, &c);
	ck_assert_int_eq(ts_to_sel(&a, &c, &s), IKE_EINVAL);
	ck_assert_int_eq(ts_to_sel(&c, &c, &s), IKE_OK);
	ck_assert_uint_eq(s.src_plen, 0);
}
END_TEST

START_TEST(format_v6)
{
	struct ike_addr a = { .family = IKE_AF_INET6 };
	struct ike_ts t;
	char buf[64];

	a.addr[0] = 0x20; a.addr[1] = 0x01; a.addr[2] = 0x0d; a.addr[3] = 0xb8;
	a.addr[15] = 1;
	ts_addr_format(IKE_AF_INET6, a.addr, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2001:db8::1");
	ts_host(&a, &t);
	check_fmt(&t, 1, "2001:db8::1");
	memset(a.addr, 0, 16);
	a.addr[15] = 1;
	ts_addr_format(IKE_AF_INET6, a.addr, buf, sizeof(buf));
	ck_assert_str_eq(buf, "::1");
	memset(a.addr, 0, 16);
	a.addr[0] = 0xfe; a.addr[1] = 0x80;
	ts_addr_format(IKE_AF_INET6, a.addr, buf, sizeof(buf));
	ck_assert_str_eq(buf, "fe80::");
	memset(a.addr, 0x11, 16);
	a.addr[4] = a.addr[5] = 0;	/* one zero group stays */
	ts_addr_format(IKE_AF_INET6, a.addr, buf, sizeof(buf));
	ck_assert_str_eq(buf, "1111:1111:0:1111:1111:1111:1111:1111");
	/* Truncation is safe and terminated. */
	ts_format(&t, 1, buf, 8);
	ck_assert_uint_eq(strlen(buf), 7);
}
END_TEST

static Suite *
ts_suite(void)
{
	Suite *s = suite_create("ts");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, intersect_ranges);
	tcase_add_test(tc, intersect_family);
	tcase_add_test(tc, narrow_rfc_2_9);
	tcase_add_test(tc, subset_check);
	tcase_add_test(tc, kernel_selector);
	tcase_add_test(tc, format_v6);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ts_suite)
