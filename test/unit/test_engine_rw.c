/* SPDX-License-Identifier: ISC */
/*
 * test_engine_rw.c - road warriors in memory: one gateway engine with an
 * address pool and one connection whose remote ID is a pattern, and
 * client engines that ask for virtual IPs.  Each client gets its own
 * address (and the same one again when it comes back), installs it with
 * its policies and routes in its kernel-mem, and removes them on down;
 * a full pool, a client that asks for nothing and unique IDs are
 * refused or replaced as configured.
 */
#include <stdbool.h>

#include "engine_test.h"

static void
t_range(const char *text, struct ike_pool_range *r)
{
	char err[160];

	ck_assert_msg(ike_pool_range_parse(text, r, err, sizeof(err)) == IKE_OK,
	    "%s", err);
}

/* The gateway (rw_gw), its clients from pool "rw": IPv4 addresses in
 * v4range, and IPv6. */
static void
gw_init(struct tpeer *p, const char *v4range, enum ike_unique unique)
{
	struct ike_config *cfg = t_config(&rw_gw);
	struct ike_pool_cfg *pool = calloc(1, sizeof(*pool));
	struct ike_conn_cfg *c = cfg->conns;

	ck_assert_ptr_nonnull(pool);
	c->remote.n_addrs = 0;		/* from anywhere */
	snprintf(pool->name, sizeof(pool->name), "rw");
	t_range(v4range, &pool->ranges[pool->n_ranges++]);
	t_range("2001:db8:3::/126", &pool->ranges[pool->n_ranges++]);
	t_addr("10.1.0.53", &pool->dns[pool->n_dns++]);
	t_addr("2001:db8:1::53", &pool->dns[pool->n_dns++]);
	cfg->pools = pool;
	snprintf(c->pools[c->n_pools++], IKE_CFG_NAME_MAX, "rw");
	c->unique = unique;
	t_peer_init(p, "gw", 100, &rw_gw);
	ck_assert_int_eq(ike_engine_set_config(p->eng, 0, cfg, &p->out), IKE_OK);
}

/* A client; with vips it asks for an IPv4 and an IPv6 address. */
static void
client_init(struct tpeer *p, const char *name, uint64_t seed,
    const struct tconf *t, bool vips)
{
	struct ike_config *cfg = t_config(t);

	if (vips) {
		t_addr("0.0.0.0", &cfg->conns->vips[0]);
		t_addr("::", &cfg->conns->vips[1]);
		cfg->conns->n_vips = 2;
	}
	t_peer_init(p, name, seed, t);
	ck_assert_int_eq(ike_engine_set_config(p->eng, 0, cfg, &p->out), IKE_OK);
}

static void
connect(struct tpeer *c, struct tpeer *g, uint64_t now)
{
	/*
	 * client                               gateway
	 * HDR, SAi1, KEi, Ni  -->
	 *                  <--  HDR, SAr1, KEr, Nr
	 * HDR, SK {IDi, IDr, AUTH, N(INITIAL_CONTACT),
	 *          CP(CFG_REQUEST), SAi2, TSi, TSr}  -->
	 *                  <--  HDR, SK {IDr, AUTH, CP(CFG_REPLY), SAr2, TSi, TSr}
	 */
	ck_assert_int_eq(ike_engine_initiate(c->eng, now, "home", &c->out), IKE_OK);
	t_run(c, g, now);
}

/* All IKE SAs of an engine. */
struct t_all {
	size_t			 n;
	uint32_t		 id[8];
	struct ike_vip_info	 vip[8];
	char			 rid[8][64];
	size_t			 n_children[8];
	struct ike_ts		 rts[8];	/* first child's first remote TS */
};

static void
t_all_cb(void *ctx, const struct ike_sa_info *i)
{
	struct t_all *t = ctx;

	if (t->n == 8)
		return;
	t->id[t->n] = i->id;
	t->vip[t->n] = i->vip;
	if (i->remote_id != NULL)
		ike_id_format(i->remote_id, t->rid[t->n], sizeof(t->rid[0]));
	t->n_children[t->n] = i->n_children;
	if (i->n_children > 0 && i->children[0].n_remote_ts > 0)
		t->rts[t->n] = i->children[0].remote_ts[0];
	t->n++;
}

static void
t_all(struct tpeer *p, struct t_all *t)
{
	memset(t, 0, sizeof(*t));
	ck_assert_int_eq(ike_engine_foreach_sa(p->eng, t_all_cb, t), IKE_OK);
}

struct t_leases {
	size_t	 n, online;
	char	 text[8][256];		/* "pool addr id on|off" */
};

static void
t_lease_cb(void *ctx, const struct ike_lease_info *l)
{
	struct t_leases *t = ctx;
	char a[64], id[64];

	t->online += l->online != 0;
	if (t->n == 8)
		return;
	ike_addr_format(&l->addr, a, sizeof(a));
	ike_id_format(l->id, id, sizeof(id));
	snprintf(t->text[t->n++], sizeof(t->text[0]), "%s %s %s %s", l->pool,
	    a, id, l->online ? "on" : "off");
}

static void
t_leases(struct tpeer *p, struct t_leases *t)
{
	memset(t, 0, sizeof(*t));
	ck_assert_int_eq(ike_engine_foreach_lease(p->eng, t_lease_cb, t), IKE_OK);
}

static int
t_has_lease(const struct t_leases *t, const char *want)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->text[i], want) == 0)
			return 1;
	return 0;
}

static void
t_addr_is(const struct ike_addr *a, const char *want)
{
	char s[64];

	ck_assert_int_eq(ike_addr_format(a, s, sizeof(s)), IKE_OK);
	ck_assert_str_eq(s, want);
}

/* Events seen by a client's hook. */
static struct {
	int	 up, down;
	char	 vip[64], dns[64];
	size_t	 sas_at_up;	/* kernel SAs when the up event came */
} ev;

/* ctx: the client's in-memory kernel, or NULL. */
static void
t_event(void *ctx, const struct ike_event *e)
{
	if (e->type == IKE_EV_VIP_UP) {
		ev.up++;
		if (ctx != NULL)
			ev.sas_at_up = km_sa_count(ctx);
		ike_addr_format(&e->vip->vips[0], ev.vip, sizeof(ev.vip));
		if (e->vip->n_dns > 0)
			ike_addr_format(&e->vip->dns[0], ev.dns, sizeof(ev.dns));
	} else {
		ev.down++;
	}
}

START_TEST(two_clients_get_their_own_addresses)
{
	struct tconf ca = t_rw_client("192.0.2.10", "alice@example.com");
	struct tconf cb = t_rw_client("192.0.2.11", "bob@example.com");
	struct tpeer g, a, b;
	struct t_all all;
	struct t_leases l;
	const struct kx_vip *v;
	const struct kx_policy *p;
	struct kx_sel sel;
	struct ike_ts net;
	struct ike_addr vip;
	char err[64];

	gw_init(&g, "10.3.0.10-10.3.0.20", IKE_UNIQUE_REPLACE);
	client_init(&a, "alice", 1, &ca, true);
	client_init(&b, "bob", 2, &cb, true);
	connect(&a, &g, 10);
	connect(&b, &g, 20);

	/* Alice: the first addresses of both ranges, DNS of both. */
	t_all(&a, &all);
	ck_assert_uint_eq(all.n, 1);
	ck_assert_int_eq(all.vip[0].local, 1);
	ck_assert_uint_eq(all.vip[0].n_vips, 2);
	t_addr_is(&all.vip[0].vips[0], "10.3.0.10");
	t_addr_is(&all.vip[0].vips[1], "2001:db8:3::1");
	ck_assert_uint_eq(all.vip[0].n_dns, 2);
	t_addr_is(&all.vip[0].dns[0], "10.1.0.53");
	t_addr_is(&all.vip[0].dns[1], "2001:db8:1::53");
	ck_assert_uint_eq(all.n_children[0], 1);
	ck_assert_ptr_nonnull(t_logged(&a, "virtual IP 10.3.0.10 2001:db8:3::1, "
	    "DNS 10.1.0.53 2001:db8:1::53 received"));
	ck_assert_ptr_nonnull(t_logged(&a, "and TS 10.3.0.10 2001:db8:3::1 "
	    "=== 10.1.0.0/16"));
	ck_assert_int_eq(t_count_logged(&a, "W "), 0);

	/* Its kernel: both addresses near 192.0.2.10, a route from the
	 * IPv4 one to 10.1.0.0/16 via the gateway, policies for it. */
	ck_assert_uint_eq(km_vip_count(a.km), 2);
	v = km_vip_at(a.km, 0);
	t_addr_is(&v->addr, "10.3.0.10");
	ck_assert_uint_eq(v->plen, 32);
	t_addr_is(&v->local, "192.0.2.10");
	ck_assert_uint_eq(km_route_count(a.km), 1);
	v = km_route_at(a.km, 0);
	t_addr_is(&v->addr, "10.3.0.10");
	t_addr_is(&v->peer, T_RW_GW_ADDR);
	ck_assert_uint_eq(v->dst_plen, 16);
	ck_assert_uint_eq(v->dst[0], 10);
	ck_assert_uint_eq(v->dst[1], 1);
	ck_assert_uint_eq(km_policy_count(a.km), 3);
	t_addr("10.3.0.10", &vip);
	ck_assert_int_eq(ike_ts_parse("10.1.0.0/16", &net, err, sizeof(err)), IKE_OK);
	memset(&sel, 0, sizeof(sel));
	sel.family = IKE_AF_INET;
	memcpy(sel.src, vip.addr, 4);
	sel.src_plen = 32;
	memcpy(sel.dst, net.start, 4);
	sel.dst_plen = 16;
	p = km_find_policy(a.km, &sel, KX_DIR_OUT);
	ck_assert_ptr_nonnull(p);
	t_addr_is(&p->tmpl_dst, T_RW_GW_ADDR);

	/* Bob gets the next ones. */
	t_all(&b, &all);
	t_addr_is(&all.vip[0].vips[0], "10.3.0.11");
	t_addr_is(&all.vip[0].vips[1], "2001:db8:3::2");

	/* The gateway: two SAs of one connection, each with the peer's
	 * addresses and a Child SA narrowed to them. */
	t_all(&g, &all);
	ck_assert_uint_eq(all.n, 2);
	ck_assert_int_eq(all.vip[0].local, 0);
	ck_assert_int_eq(all.vip[1].local, 0);
	ck_assert_uint_eq(km_vip_count(g.km), 0);
	ck_assert_uint_eq(km_policy_count(g.km), 6);
	ck_assert_uint_eq(km_sa_count(g.km), 4);
	ck_assert_ptr_nonnull(t_logged(&g, "assigned virtual IP 10.3.0.10 "
	    "2001:db8:3::1 to peer 'alice@example.com'"));
	ck_assert_ptr_nonnull(t_logged(&g, "and TS 10.1.0.0/16 === 10.3.0.11 "
	    "2001:db8:3::2"));
	t_leases(&g, &l);
	ck_assert_uint_eq(l.n, 4);
	ck_assert_uint_eq(l.online, 4);
	ck_assert(t_has_lease(&l, "rw 10.3.0.10 alice@example.com on"));
	ck_assert(t_has_lease(&l, "rw 2001:db8:3::2 bob@example.com on"));
	ck_assert_int_eq(t_count_logged(&g, "W "), 0);

	/* Alice goes: her kernel is clean, her leases go offline. */
	ck_assert_int_eq(ike_engine_terminate(a.eng, 30, "home", &a.out), IKE_OK);
	t_run(&a, &g, 30);
	t_check_empty(&a);
	ck_assert_uint_eq(km_vip_count(a.km), 0);
	ck_assert_uint_eq(km_route_count(a.km), 0);
	t_leases(&g, &l);
	ck_assert_uint_eq(l.online, 2);
	ck_assert(t_has_lease(&l, "rw 10.3.0.10 alice@example.com off"));
	ck_assert_uint_eq(km_policy_count(g.km), 3);

	/* She comes back and gets the same addresses. */
	connect(&a, &g, 40);
	t_all(&a, &all);
	ck_assert_uint_eq(all.n, 1);
	t_addr_is(&all.vip[0].vips[0], "10.3.0.10");
	t_addr_is(&all.vip[0].vips[1], "2001:db8:3::1");
	ck_assert_uint_eq(km_vip_count(a.km), 2);
	t_leases(&g, &l);
	ck_assert_uint_eq(l.n, 4);
	ck_assert_uint_eq(l.online, 4);

	/* The gateway's delete of Bob reaches him: clean too. */
	ck_assert_int_eq(ike_engine_shutdown(g.eng, 50, &g.out), IKE_OK);
	t_deliver(&g, &b, 50);
	ck_assert_uint_eq(km_vip_count(b.km), 0);
	ck_assert_uint_eq(km_route_count(b.km), 0);
	ck_assert_uint_eq(km_policy_count(b.km), 0);
	t_peer_free(&g);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(hook_hears_up_and_down)
{
	struct tconf ca = t_rw_client("192.0.2.10", "alice@example.com");
	struct ike_config *cfg;
	struct ike_env env;
	struct tpeer g, a;

	memset(&ev, 0, sizeof(ev));
	gw_init(&g, "10.3.0.10-10.3.0.20", IKE_UNIQUE_REPLACE);
	/* A client engine of its own, with the event hook. */
	memset(&a, 0, sizeof(a));
	a.name = "alice";
	a.rng = 7;
	a.log = calloc(T_LOG_MAX, T_LINE);
	ck_assert_ptr_nonnull(a.log);
	ck_assert_int_eq(km_new(t_rng, &a.rng, &a.km), IKE_OK);
	memset(&env, 0, sizeof(env));
	env.rng = t_rng;
	env.rng_ctx = &a.rng;
	env.log = t_log;
	env.log_ctx = &a;
	env.kernel = &km_kernel;
	env.kernel_ctx = a.km;
	env.event = t_event;
	env.event_ctx = a.km;
	ck_assert_int_eq(ike_engine_new(&env, &a.eng), IKE_OK);
	cfg = t_config(&ca);
	t_addr("0.0.0.0", &cfg->conns->vips[0]);
	cfg->conns->n_vips = 1;
	ck_assert_int_eq(ike_engine_set_config(a.eng, 0, cfg, &a.out), IKE_OK);

	connect(&a, &g, 10);
	ck_assert_int_eq(ev.up, 1);
	ck_assert_str_eq(ev.vip, "10.3.0.10");
	ck_assert_str_eq(ev.dns, "10.1.0.53");
	/* The up event comes after the step: the Child SA is in the kernel
	 * by the time the hook hears of the virtual IP. */
	ck_assert_uint_eq(ev.sas_at_up, 2);
	/* Only IPv4 asked for: only IPv4 given. */
	ck_assert_uint_eq(km_vip_count(a.km), 1);
	ck_assert_int_eq(ike_engine_terminate(a.eng, 20, "home", &a.out), IKE_OK);
	t_run(&a, &g, 20);
	ck_assert_int_eq(ev.down, 1);
	t_peer_free(&g);
	t_peer_free(&a);
}
END_TEST

START_TEST(full_pool_is_a_clear_failure)
{
	struct tconf ca = t_rw_client("192.0.2.10", "alice@example.com");
	struct tconf cb = t_rw_client("192.0.2.11", "bob@example.com");
	struct tconf cc = t_rw_client("192.0.2.12", "carol@example.com");
	struct tpeer g, a, b, c;
	struct t_all all;
	struct t_leases l;

	/* One IPv4 address; IPv6 is not asked for. */
	gw_init(&g, "10.3.0.10", IKE_UNIQUE_REPLACE);
	client_init(&a, "alice", 1, &ca, false);
	client_init(&b, "bob", 2, &cb, false);
	t_addr("0.0.0.0", &ike_engine_config(a.eng)->conns->vips[0]);
	((struct ike_config *)ike_engine_config(a.eng))->conns->n_vips = 1;
	t_addr("0.0.0.0", &ike_engine_config(b.eng)->conns->vips[0]);
	((struct ike_config *)ike_engine_config(b.eng))->conns->n_vips = 1;
	connect(&a, &g, 10);
	connect(&b, &g, 20);

	t_all(&a, &all);
	t_addr_is(&all.vip[0].vips[0], "10.3.0.10");
	/* Bob: IKE SA up, no address and no Child SA, and why on both. */
	t_all(&b, &all);
	ck_assert_uint_eq(all.n, 1);
	ck_assert_uint_eq(all.vip[0].n_vips, 0);
	ck_assert_uint_eq(all.n_children[0], 0);
	ck_assert_uint_eq(km_vip_count(b.km), 0);
	ck_assert_uint_eq(km_policy_count(b.km), 0);
	t_failure_is(&g, "rw", "CHILD_SA not established: no virtual IP for "
	    "'bob@example.com': pool 'rw' exhausted: INTERNAL_ADDRESS_FAILURE");
	ck_assert_ptr_nonnull(t_logged(&b, "peer answered INTERNAL_ADDRESS_FAILURE"));
	t_leases(&g, &l);
	ck_assert_uint_eq(l.n, 1);

	/* Alice leaves; the offline lease goes to Bob's next try. */
	ck_assert_int_eq(ike_engine_terminate(a.eng, 30, "home", &a.out), IKE_OK);
	t_run(&a, &g, 30);
	ck_assert_int_eq(ike_engine_terminate(b.eng, 31, "home", &b.out), IKE_OK);
	t_run(&b, &g, 31);
	connect(&b, &g, 40);
	t_all(&b, &all);
	t_addr_is(&all.vip[0].vips[0], "10.3.0.10");
	t_leases(&g, &l);
	ck_assert(t_has_lease(&l, "rw 10.3.0.10 bob@example.com on"));

	/* A client that asks for no address is refused its Child SA. */
	client_init(&c, "carol", 3, &cc, false);
	connect(&c, &g, 50);
	t_all(&c, &all);
	ck_assert_uint_eq(all.n_children[0], 0);
	ck_assert_ptr_nonnull(t_logged(&c, "peer answered FAILED_CP_REQUIRED"));
	ck_assert_ptr_nonnull(t_logged(&g, "peer 'carol@example.com' asked for "
	    "no virtual IP"));
	t_peer_free(&g);
	t_peer_free(&a);
	t_peer_free(&b);
	t_peer_free(&c);
}
END_TEST

START_TEST(unknown_id_is_refused)
{
	struct tconf cm = t_rw_client("192.0.2.10", "mallory@example.org");
	struct tpeer g, m;
	struct t_all all;

	gw_init(&g, "10.3.0.10-10.3.0.20", IKE_UNIQUE_REPLACE);
	cm.psk_ids[0] = "mallory@example.org";
	client_init(&m, "mallory", 1, &cm, true);
	connect(&m, &g, 10);
	t_all(&g, &all);
	ck_assert_uint_eq(all.n, 0);
	ck_assert_ptr_nonnull(t_logged(&g, "no connection matches peer "
	    "'mallory@example.org'"));
	ck_assert_uint_eq(km_vip_count(m.km), 0);
	t_peer_free(&g);
	t_peer_free(&m);
}
END_TEST

/* Hands each datagram g has queued to whichever of a and b it is for. */
static void
t_route(struct tpeer *g, struct tpeer *a, struct tpeer *b, uint64_t now)
{
	struct ike_out held = { 0 }, one = { 0 };
	size_t i;

	t_take(g, &held);
	for (i = 0; i < held.n_dg; i++) {
		const struct ike_config *ca = ike_engine_config(a->eng);
		struct tpeer *to = memcmp(held.dg[i].remote.addr,
		    ca->conns->local.addrs[0].addr, 4) == 0 ? a : b;

		ck_assert_int_eq(eng_test_push(&one, &held.dg[i]), IKE_OK);
		t_give(&one, to, now);
		ike_out_reset(&one);
	}
	ike_out_free(&one);
	ike_out_free(&held);
}

/* The same ID from a second device (another address, no shared state):
 * the first IKE SA is replaced and told so, the address moves along. */
static void
same_id_twice(enum ike_unique unique, struct tpeer *g, struct tpeer *a1,
    struct tpeer *a2)
{
	struct tconf c1 = t_rw_client("192.0.2.10", "alice@example.com");
	struct tconf c2 = t_rw_client("192.0.2.20", "alice@example.com");

	gw_init(g, "10.3.0.10-10.3.0.20", unique);
	client_init(a1, "alice1", 1, &c1, true);
	client_init(a2, "alice2", 2, &c2, true);
	connect(a1, g, 10);
	ck_assert_int_eq(ike_engine_initiate(a2->eng, 20, "home", &a2->out), IKE_OK);
	t_deliver(a2, g, 20);		/* IKE_SA_INIT */
	t_deliver(g, a2, 20);
	t_deliver(a2, g, 20);		/* IKE_AUTH */
	t_route(g, a1, a2, 20);		/* its answer, and a Delete to a1? */
	t_run(a2, g, 20);
	t_run(a1, g, 20);
}

START_TEST(unique_replace)
{
	struct tpeer g, a1, a2;
	struct t_all all;
	struct t_leases l;

	same_id_twice(IKE_UNIQUE_REPLACE, &g, &a1, &a2);
	t_all(&g, &all);
	ck_assert_uint_eq(all.n, 1);
	/* Our clients send INITIAL_CONTACT: the old SA is stale. */
	ck_assert_ptr_nonnull(t_logged(&g, "IKE SA rw[1] deleted: replaced: the "
	    "peer sent INITIAL_CONTACT"));
	t_all(&a2, &all);
	t_addr_is(&all.vip[0].vips[0], "10.3.0.10");
	t_leases(&g, &l);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_uint_eq(l.online, 2);
	ck_assert_uint_eq(km_policy_count(g.km), 3);
	/* The first device heard of it and cleaned up. */
	ck_assert_ptr_nonnull(t_logged(&a1, "IKE SA home[1] deleted"));
	t_check_empty(&a1);
	ck_assert_uint_eq(km_vip_count(a1.km), 0);
	t_peer_free(&g);
	t_peer_free(&a1);
	t_peer_free(&a2);
}
END_TEST

START_TEST(unique_keep_and_no)
{
	struct tpeer g, a1, a2;
	struct t_all all;

	same_id_twice(IKE_UNIQUE_KEEP, &g, &a1, &a2);
	t_all(&g, &all);
	ck_assert_uint_eq(all.n, 1);
	ck_assert_ptr_nonnull(t_logged(&g, "'alice@example.com' already has IKE "
	    "SA rw[1], refusing a second one (unique: keep)"));
	t_all(&a2, &all);
	ck_assert_uint_eq(all.n, 0);
	t_all(&a1, &all);
	ck_assert_uint_eq(all.n, 1);
	t_peer_free(&g);
	t_peer_free(&a1);
	t_peer_free(&a2);

	/* no: INITIAL_CONTACT (which our clients send) replaces. */
	same_id_twice(IKE_UNIQUE_NO, &g, &a1, &a2);
	t_all(&g, &all);
	ck_assert_uint_eq(all.n, 1);
	t_peer_free(&g);
	t_peer_free(&a1);
	t_peer_free(&a2);

	/* never: both stay, each with an address of its own. */
	same_id_twice(IKE_UNIQUE_NEVER, &g, &a1, &a2);
	t_all(&g, &all);
	ck_assert_uint_eq(all.n, 2);
	t_all(&a2, &all);
	t_addr_is(&all.vip[0].vips[0], "10.3.0.11");
	ck_assert_uint_eq(km_policy_count(g.km), 6);
	t_peer_free(&g);
	t_peer_free(&a1);
	t_peer_free(&a2);
}
END_TEST

/* The client's IKE SA runs from local. */
static void
v_check_local(struct tpeer *p, const char *local)
{
	const struct kx_vip *v = km_vip_at(p->km, 0);

	ck_assert_ptr_nonnull(v);
	t_addr_is(&v->local, local);
}

/* A client that does not know its address asks the kernel for the one
 * it would use to reach the gateway. */
START_TEST(client_without_local_address)
{
	struct tconf ca = t_rw_client("192.0.2.10", "alice@example.com");
	struct ike_config *cfg;
	struct ike_addr src;
	struct tpeer g, a;
	struct t_all all;

	gw_init(&g, "10.3.0.10-10.3.0.20", IKE_UNIQUE_REPLACE);
	client_init(&a, "alice", 1, &ca, true);
	cfg = (struct ike_config *)ike_engine_config(a.eng);
	cfg->conns->local.n_addrs = 0;
	/* No route: a clear failure. */
	ck_assert_int_eq(ike_engine_initiate(a.eng, 5, "home", &a.out),
	    IKE_EINVAL);
	t_failure_is(&a, "home", "cannot initiate 'home': it has no local "
	    "address and no route to the peer");
	t_addr("192.0.2.10", &src);
	km_set_local(a.km, &src);
	connect(&a, &g, 10);
	t_all(&a, &all);
	ck_assert_uint_eq(all.n, 1);
	t_addr_is(&all.vip[0].vips[0], "10.3.0.10");
	ck_assert_uint_ge(km_op_count(a.km, KX_LOCAL_ADDR), 2);
	v_check_local(&a, "192.0.2.10");
	t_peer_free(&g);
	t_peer_free(&a);
}
END_TEST

static Suite *
rw_suite(void)
{
	Suite *s = suite_create("engine_rw");
	TCase *tc = tcase_create("rw");

	tcase_add_test(tc, two_clients_get_their_own_addresses);
	tcase_add_test(tc, hook_hears_up_and_down);
	tcase_add_test(tc, full_pool_is_a_clear_failure);
	tcase_add_test(tc, unknown_id_is_refused);
	tcase_add_test(tc, unique_replace);
	tcase_add_test(tc, unique_keep_and_no);
	tcase_add_test(tc, client_without_local_address);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(rw_suite)
