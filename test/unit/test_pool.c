/* SPDX-License-Identifier: ISC */
/*
 * test_pool.c - the road-warrior parts below the handshake: pool ranges
 * as the config writes them, identities matched by pattern (and the PSK
 * a pattern finds), leases of a pool (order, same ID same address,
 * release, reuse of offline leases, exhaustion, IPv4 and IPv6), and the
 * CFG_REQUEST a client builds.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "cfg.h"
#include "iana.h"
#include "sa.h"
#include "eng.h"
#include "pool.h"
#include "vip.h"
#include "xout.h"

static void
id(const char *text, struct ike_id *out)
{
	memset(out, 0, sizeof(*out));
	ck_assert_msg(ike_id_parse(text, out) == IKE_OK, "%s", text);
}

static int
match(const char *cfg, const char *peer)
{
	struct ike_id c, p;
	int m;

	id(cfg, &c);
	id(peer, &p);
	m = ike_id_match(&c, &p);
	ike_id_free(&c);
	ike_id_free(&p);
	return m;
}

static int
pattern(const char *text)
{
	struct ike_id c;
	int m;

	id(text, &c);
	m = ike_id_is_pattern(&c);
	ike_id_free(&c);
	return m;
}

START_TEST(id_patterns)
{
	ck_assert(match("*@example.com", "alice@example.com"));
	ck_assert(match("*@example.com", "Bob@EXAMPLE.com"));
	ck_assert(!match("*@example.com", "alice@example.org"));
	ck_assert(!match("*@example.com", "alice@sub.example.comx"));
	/* An FQDN never matches an RFC822 pattern. */
	ck_assert(!match("*@example.com", "@alice.example.com"));
	ck_assert(match("*.example.com", "laptop.example.com"));
	ck_assert(match("*.example.com", "a.b.example.com"));
	ck_assert(!match("*.example.com", "example.com"));
	ck_assert(match("%any", "anything.example.net"));
	ck_assert(match("alice@example.com", "alice@example.com"));
	ck_assert(!match("alice@example.com", "bob@example.com"));
	/* DNs: "*" stands for any value of that attribute. */
	ck_assert(match("C=CH, O=Example, CN=*", "C=CH, O=Example, CN=alice"));
	ck_assert(match("C=CH, O=Example, CN=*", "C=CH, O=example, CN=bob"));
	ck_assert(!match("C=CH, O=Example, CN=*", "C=CH, O=Other, CN=alice"));
	ck_assert(!match("C=CH, O=Example, CN=*", "C=CH, O=Example"));
	ck_assert(!match("C=CH, O=Example, CN=*",
	    "C=CH, O=Example, OU=Sales, CN=alice"));
	ck_assert(!match("C=CH, O=Example, CN=*", "C=CH, CN=alice, O=Example"));
	ck_assert(match("C=CH, O=Example, CN=*.example.com",
	    "C=CH, O=Example, CN=vpn.example.com"));
	ck_assert(match("C=CH, O=Example, CN=alice", "C=CH, O=Example, CN=alice"));
	ck_assert(pattern("*@example.com"));
	ck_assert(pattern("C=CH, CN=*"));
	ck_assert(!pattern("C=CH, CN=alice"));
	ck_assert(!pattern("alice@example.com"));
	ck_assert(!pattern("10.0.0.1"));
}
END_TEST

START_TEST(psk_by_pattern)
{
	struct ike_config cfg;
	struct ike_secret any, rw, one;
	struct ike_id gw, alice, bob;

	memset(&cfg, 0, sizeof(cfg));
	memset(&any, 0, sizeof(any));
	memset(&rw, 0, sizeof(rw));
	memset(&one, 0, sizeof(one));
	id("%any", &any.ids[any.n_ids++]);
	id("*@example.com", &rw.ids[rw.n_ids++]);
	id("bob@example.com", &one.ids[one.n_ids++]);
	cfg.secrets = &any;
	any.next = &rw;
	rw.next = &one;
	id("gw.example.com", &gw);
	id("alice@example.com", &alice);
	id("bob@example.com", &bob);
	/* A pattern beats %any, a named ID beats a pattern. */
	ck_assert_ptr_eq(ike_config_psk(&cfg, &gw, &alice), &rw);
	ck_assert_ptr_eq(ike_config_psk(&cfg, &gw, &bob), &one);
	ike_id_free(&any.ids[0]);
	ike_id_free(&rw.ids[0]);
	ike_id_free(&one.ids[0]);
	ike_id_free(&gw);
	ike_id_free(&alice);
	ike_id_free(&bob);
}
END_TEST

static void
range_is(const char *text, const char *start, const char *end)
{
	struct ike_pool_range r;
	struct ike_addr a;
	char err[160], s[64];

	ck_assert_msg(ike_pool_range_parse(text, &r, err, sizeof(err)) == IKE_OK,
	    "%s: %s", text, err);
	memset(&a, 0, sizeof(a));
	a.family = r.family;
	memcpy(a.addr, r.start, 16);
	ike_addr_format(&a, s, sizeof(s));
	ck_assert_str_eq(s, start);
	memcpy(a.addr, r.end, 16);
	ike_addr_format(&a, s, sizeof(s));
	ck_assert_str_eq(s, end);
}

START_TEST(pool_ranges)
{
	struct ike_pool_range r;
	char err[160];

	range_is("10.3.0.10-10.3.0.200", "10.3.0.10", "10.3.0.200");
	range_is("10.3.0.0/24", "10.3.0.1", "10.3.0.254");
	range_is("10.3.0.0/31", "10.3.0.0", "10.3.0.1");
	range_is("10.3.0.7", "10.3.0.7", "10.3.0.7");
	range_is("2001:db8::/64", "2001:db8::1", "2001:db8::ffff:ffff:ffff:ffff");
	ck_assert_int_eq(ike_pool_range_parse("10.3.0.0/33", &r, err,
	    sizeof(err)), IKE_EINVAL);
	ck_assert_int_eq(ike_pool_range_parse("dynamic", &r, err, sizeof(err)),
	    IKE_EINVAL);
	ck_assert_int_eq(ike_pool_range_parse("10.0.0.1[tcp]", &r, err,
	    sizeof(err)), IKE_EINVAL);
	ck_assert_int_eq(ike_pool_range_parse("10.0.0.9-10.0.0.1", &r, err,
	    sizeof(err)), IKE_EINVAL);
	ck_assert_int_eq(ike_pool_range_parse("bogus", &r, err, sizeof(err)),
	    IKE_EINVAL);
}
END_TEST

/* ---- leases, on an engine with one connection and one pool ------------- */

struct tpool {
	struct ike_engine	*eng;
	struct ike_sa		*sa[8];
	size_t			 n;
};

static void
tpool_init(struct tpool *t, const char *r4, const char *r6)
{
	struct ike_config *cfg = calloc(1, sizeof(*cfg));
	struct ike_conn_cfg *c = calloc(1, sizeof(*c));
	struct ike_pool_cfg *p = calloc(1, sizeof(*p));
	struct ike_out out = { 0 };
	struct ike_env env;
	char err[160];

	ck_assert(cfg && c && p);
	memset(t, 0, sizeof(*t));
	snprintf(c->name, sizeof(c->name), "rw");
	snprintf(c->pools[c->n_pools++], IKE_CFG_NAME_MAX, "pool");
	cfg->conns = c;
	snprintf(p->name, sizeof(p->name), "pool");
	if (r4 != NULL)
		ck_assert_int_eq(ike_pool_range_parse(r4, &p->ranges[p->n_ranges++],
		    err, sizeof(err)), IKE_OK);
	if (r6 != NULL)
		ck_assert_int_eq(ike_pool_range_parse(r6, &p->ranges[p->n_ranges++],
		    err, sizeof(err)), IKE_OK);
	cfg->pools = p;
	memset(&env, 0, sizeof(env));
	ck_assert_int_eq(ike_engine_new(&env, &t->eng), IKE_OK);
	ck_assert_int_eq(ike_engine_set_config(t->eng, 0, cfg, &out), IKE_OK);
	ike_out_free(&out);
}

/* A new responder SA of peer ID who. */
static struct ike_sa *
tpool_sa(struct tpool *t, const char *who)
{
	struct ike_addr l, r;
	struct ike_sa *sa;

	ike_addr_parse("192.0.2.1", &l);
	ike_addr_parse("192.0.2.9", &r);
	ck_assert_int_eq(sa_new(t->eng, false, t->eng->eng_cfg->conns,
	    t->n + 1, &l, &r, 0, &sa), IKE_OK);
	id(who, &sa->sa_rid);
	t->sa[t->n++] = sa;
	return sa;
}

/* Leases an address of family to sa: its text, or "full" / "none". */
static const char *
lease(struct ike_sa *sa, uint8_t family)
{
	static char buf[64];
	const struct ike_pool_cfg *p;
	struct ike_addr a;
	int err = pool_acquire(sa, family, &a, &p);

	if (err == IKE_ENOSPC)
		return "full";
	if (err == IKE_ENOENT)
		return "none";
	ck_assert_int_eq(err, IKE_OK);
	ck_assert_str_eq(p->name, "pool");
	ike_addr_format(&a, buf, sizeof(buf));
	return buf;
}

START_TEST(leases_v4)
{
	struct tpool t;
	struct ike_sa *a, *b, *c, *a2;

	tpool_init(&t, "10.3.0.10-10.3.0.11", NULL);
	a = tpool_sa(&t, "alice@example.com");
	b = tpool_sa(&t, "bob@example.com");
	c = tpool_sa(&t, "carol@example.com");
	ck_assert_str_eq(lease(a, IKE_AF_INET), "10.3.0.10");
	ck_assert_str_eq(lease(b, IKE_AF_INET), "10.3.0.11");
	ck_assert_str_eq(lease(c, IKE_AF_INET), "full");
	ck_assert_str_eq(lease(c, IKE_AF_INET6), "none");
	/* Both go, Alice first: their leases stay, offline. */
	pool_release(a);
	t.eng->eng_now = 5;
	pool_release(b);
	/* Alice comes back: her own address, not the older free one. */
	a2 = tpool_sa(&t, "alice@example.com");
	ck_assert_str_eq(lease(a2, IKE_AF_INET), "10.3.0.10");
	/* Carol gets the offline one left: Bob's. */
	ck_assert_str_eq(lease(c, IKE_AF_INET), "10.3.0.11");
	ike_engine_free(t.eng);
}
END_TEST

START_TEST(leases_oldest_offline_first)
{
	struct tpool t;
	struct ike_sa *a, *b, *c;

	tpool_init(&t, "10.3.0.10-10.3.0.11", NULL);
	a = tpool_sa(&t, "alice@example.com");
	b = tpool_sa(&t, "bob@example.com");
	c = tpool_sa(&t, "carol@example.com");
	lease(a, IKE_AF_INET);
	lease(b, IKE_AF_INET);
	t.eng->eng_now = 10;
	pool_release(b);
	t.eng->eng_now = 20;
	pool_release(a);
	ck_assert_str_eq(lease(c, IKE_AF_INET), "10.3.0.11");
	ike_engine_free(t.eng);
}
END_TEST

START_TEST(leases_v6_and_reload)
{
	struct ike_config *cfg;
	struct ike_out out = { 0 };
	struct tpool t;
	struct ike_sa *a, *b;

	tpool_init(&t, "10.3.0.10", "2001:db8:3::/126");
	a = tpool_sa(&t, "alice@example.com");
	b = tpool_sa(&t, "bob@example.com");
	ck_assert_str_eq(lease(a, IKE_AF_INET6), "2001:db8:3::1");
	ck_assert_str_eq(lease(a, IKE_AF_INET), "10.3.0.10");
	ck_assert_str_eq(lease(b, IKE_AF_INET6), "2001:db8:3::2");
	ck_assert_str_eq(lease(b, IKE_AF_INET), "full");
	/* A reload with the same ranges keeps the leases. */
	cfg = calloc(1, sizeof(*cfg));
	ck_assert_ptr_nonnull(cfg);
	cfg->conns = calloc(1, sizeof(*cfg->conns));
	cfg->pools = calloc(1, sizeof(*cfg->pools));
	ck_assert(cfg->conns && cfg->pools);
	*cfg->conns = *t.eng->eng_cfg->conns;
	*cfg->pools = *t.eng->eng_cfg->pools;
	memset(&cfg->conns->local.id, 0, sizeof(cfg->conns->local.id));
	memset(&cfg->conns->remote.id, 0, sizeof(cfg->conns->remote.id));
	ck_assert_int_eq(ike_engine_set_config(t.eng, 1, cfg, &out), IKE_OK);
	a->sa_conn = b->sa_conn = cfg->conns;
	ck_assert_str_eq(lease(b, IKE_AF_INET6), "2001:db8:3::3");
	pool_release(a);
	ck_assert_str_eq(lease(b, IKE_AF_INET), "10.3.0.10");
	ike_out_free(&out);
	ike_engine_free(t.eng);
}
END_TEST

/* ---- the client's request ------------------------------------------------ */

START_TEST(cfg_request_encoding)
{
	struct tpool t;
	struct ike_conn_cfg *c;
	struct xchg_out x;
	struct ike_sa *sa;
	struct pld_cp cp;
	struct ike_bytes body;

	tpool_init(&t, "10.3.0.10", NULL);
	c = t.eng->eng_cfg->conns;
	ike_addr_parse("0.0.0.0", &c->vips[0]);
	ike_addr_parse("2001:db8::7", &c->vips[1]);
	c->n_vips = 2;
	sa = tpool_sa(&t, "gw.example.com");
	xout_init(&x);
	ck_assert_int_eq(vip_request(sa, &x), IKE_OK);
	ck_assert_uint_eq(x.n_pl, 1);
	ck_assert_uint_eq(x.pl[0].type, IKE_PL_CP);
	body.ptr = x.w.buf + x.pl[0].off;
	body.len = x.pl[0].len;
	ck_assert_int_eq(pld_cp_parse(body, &cp), IKE_OK);
	ck_assert_uint_eq(cp.type, IKE_CFG_REQUEST);
	ck_assert_uint_eq(cp.n, 4);
	ck_assert_uint_eq(cp.attr[0].type, IKE_CA_INTERNAL_IP4_ADDRESS);
	ck_assert_uint_eq(cp.attr[0].value.len, 0);
	ck_assert_uint_eq(cp.attr[1].type, IKE_CA_INTERNAL_IP4_DNS);
	ck_assert_uint_eq(cp.attr[2].type, IKE_CA_INTERNAL_IP6_ADDRESS);
	/* A wish for a particular address, with its prefix length. */
	ck_assert_uint_eq(cp.attr[2].value.len, 17);
	ck_assert_uint_eq(cp.attr[2].value.ptr[15], 7);
	ck_assert_uint_eq(cp.attr[2].value.ptr[16], 128);
	ck_assert_uint_eq(cp.attr[3].type, IKE_CA_INTERNAL_IP6_DNS);
	/* The bytes on the wire: CFG_REQUEST, reserved, then type/length. */
	ck_assert_uint_eq(body.ptr[0], IKE_CFG_REQUEST);
	ck_assert_uint_eq(body.ptr[4], 0);
	ck_assert_uint_eq(body.ptr[5], IKE_CA_INTERNAL_IP4_ADDRESS);
	ck_assert_uint_eq(body.ptr[7], 0);
	xout_free(&x);
	/* No virtual IPs asked for: no CP at all. */
	c->n_vips = 0;
	xout_init(&x);
	ck_assert_int_eq(vip_request(sa, &x), IKE_OK);
	ck_assert_uint_eq(x.n_pl, 0);
	xout_free(&x);
	ike_engine_free(t.eng);
}
END_TEST

static Suite *
pool_suite(void)
{
	Suite *s = suite_create("pool");
	TCase *tc = tcase_create("pool");

	tcase_add_test(tc, id_patterns);
	tcase_add_test(tc, psk_by_pattern);
	tcase_add_test(tc, pool_ranges);
	tcase_add_test(tc, leases_v4);
	tcase_add_test(tc, leases_oldest_offline_first);
	tcase_add_test(tc, leases_v6_and_reload);
	tcase_add_test(tc, cfg_request_encoding);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(pool_suite)
