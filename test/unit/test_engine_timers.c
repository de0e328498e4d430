/* SPDX-License-Identifier: ISC */
/*
 * test_engine_timers.c - one gateway engine holding thousands of IKE
 * SAs, as a road-warrior gateway does: their deadlines (IKE SA rekeys,
 * spread by rand-time) fire in order, each exactly when due, none twice
 * and none early, and after a tick nothing is left due at the same time;
 * among them all, a client coming back replaces its own old SA only, and
 * a kernel event reaches the one Child SA it names.
 */
#include "engine_test.h"

#define T_SAS		2500

/* The gateway rekeys each IKE SA between 30 and 60 minutes after it
 * came up; clients never do on their own. */
static void
gw_init(struct tpeer *p)
{
	struct ike_config *cfg = t_config(&rw_gw);

	cfg->conns->remote.n_addrs = 0;		/* from anywhere */
	cfg->conns->rekey_time = 3600;
	cfg->conns->rand_time = 1800;
	t_peer_init(p, "gw", 100, &rw_gw);
	ck_assert_int_eq(ike_engine_set_config(p->eng, 0, cfg, &p->out), IKE_OK);
}

/* Client i: 198.18.0.0 + i + 1, ID c<i>@example.com. */
static void
client_up(struct tpeer *g, size_t i, uint64_t seed, uint64_t now)
{
	char addr[32], id[64];
	struct tconf c = t_rw_client(addr, id);
	struct tpeer p;
	struct t_sa s;

	snprintf(addr, sizeof(addr), "198.18.%zu.%zu", (i + 1) >> 8,
	    (i + 1) & 0xff);
	snprintf(id, sizeof(id), "c%zu@example.com", i);
	t_peer_init(&p, "client", seed, &c);
	ck_assert_int_eq(ike_engine_initiate(p.eng, now, "home", &p.out), IKE_OK);
	t_run(&p, g, now);
	t_sa(&p, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.info.state, "ESTABLISHED");
	ck_assert_uint_eq(s.info.n_children, 1);
	t_peer_free(&p);
}

/* The client an address belongs to. */
static size_t
client_of(const struct ike_addr *a)
{
	size_t i = ((size_t)a->addr[2] << 8 | a->addr[3]) - 1;

	ck_assert_uint_eq(a->addr[0], 198);
	ck_assert_uint_eq(a->addr[1], 18);
	ck_assert_uint_lt(i, T_SAS);
	return i;
}

/* Every IKE SA of the gateway by client: its id, rekey time, first
 * Child SA's inbound SPI. */
struct t_gw {
	size_t		 n;
	uint32_t	 id[T_SAS];
	uint64_t	 rekey_at[T_SAS];
	uint32_t	 spi_in[T_SAS];
	struct ike_addr	 local;
};

static void
t_gw_cb(void *ctx, const struct ike_sa_info *info)
{
	struct t_gw *t = ctx;
	size_t i = client_of(&info->remote);

	t->n++;
	t->id[i] = info->id;
	t->rekey_at[i] = info->rekey_at;
	t->spi_in[i] = info->n_children > 0 ? info->children[0].spi_in : 0;
	t->local = info->local;
}

static void
t_gw(struct tpeer *g, struct t_gw *t)
{
	memset(t, 0, sizeof(*t));
	ck_assert_int_eq(ike_engine_foreach_sa(g->eng, t_gw_cb, t), IKE_OK);
}

START_TEST(thousands_of_sas)
{
	struct t_gw *before = malloc(sizeof(*before)), *t = malloc(sizeof(*t));
	uint8_t *fired = calloc(T_SAS, 1);
	uint64_t next, last = 0;
	struct ike_stats st;
	struct kx_event ev;
	struct tpeer g;
	size_t i, k, n_fired = 0, ticks = 0;

	ck_assert(before != NULL && t != NULL && fired != NULL);
	gw_init(&g);
	/* One client a millisecond. */
	for (i = 0; i < T_SAS; i++)
		client_up(&g, i, 1000 + i, i);
	ike_engine_stats(g.eng, &st);
	ck_assert_uint_eq(st.ike_sas, T_SAS);
	ck_assert_uint_eq(st.child_sas, T_SAS);
	ck_assert_uint_eq(st.half_open, 0);
	ck_assert_uint_eq(km_sa_count(g.km), 2 * T_SAS);
	t_gw(&g, before);
	ck_assert_uint_eq(before->n, T_SAS);
	/* Nothing is due before the first rekey. */
	next = ike_engine_next_timer(g.eng);
	for (i = 0; i < T_SAS; i++) {
		ck_assert_uint_ge(before->rekey_at[i], i + 1800 * 1000);
		ck_assert_uint_le(before->rekey_at[i], i + 3600 * 1000);
		ck_assert_uint_le(next, before->rekey_at[i]);
	}

	/* Client 1234 comes back (INITIAL_CONTACT): its old SA goes, and
	 * no other. */
	k = 1234;
	client_up(&g, k, 99, T_SAS);
	t_gw(&g, t);
	ck_assert_uint_eq(t->n, T_SAS);
	for (i = 0; i < T_SAS; i++)
		if (i == k)
			ck_assert_uint_gt(t->id[i], before->id[i]);
		else
			ck_assert_uint_eq(t->id[i], before->id[i]);
	ck_assert_uint_eq(km_sa_count(g.km), 2 * T_SAS);

	/* The kernel's hard expire of client 77's inbound SA reaches its
	 * Child SA: that one goes, with a Delete to client 77 only. */
	k = 77;
	ck_assert_int_eq(km_expire(g.km, &t->local, t->spi_in[k], IKE_PROTO_ESP,
	    1, &ev), IKE_OK);
	ck_assert_int_eq(ike_engine_kernel_event(g.eng, T_SAS + 1, &ev, &g.out),
	    IKE_OK);
	ck_assert_uint_eq(g.out.n_dg, 1);
	ck_assert_uint_eq(client_of(&g.out.dg[0].remote), k);
	ike_out_reset(&g.out);
	ike_engine_stats(g.eng, &st);
	ck_assert_uint_eq(st.ike_sas, T_SAS);
	ck_assert_uint_eq(st.child_sas, T_SAS - 1);
	/* Its first request was that Delete, not a rekey. */
	fired[k] = 1;
	n_fired++;

	/*
	 * Time runs as sakerd's loop runs it: to the next timer, a tick,
	 * and so on.  Each SA's first request (its IKE SA rekey) goes out
	 * exactly at its rekey time; with the clients gone, retransmits
	 * follow.  Rekey times come in no order of the SAs, so the heap
	 * must have sorted them.
	 */
	t_gw(&g, t);
	while (n_fired < T_SAS) {
		next = ike_engine_next_timer(g.eng);
		ck_assert_uint_ne(next, UINT64_MAX);
		ck_assert_uint_ge(next, last);
		ck_assert_int_eq(ike_engine_tick(g.eng, next, &g.out), IKE_OK);
		ticks++;
		/* All that was due is done: no tick again at once. */
		ck_assert_uint_gt(ike_engine_next_timer(g.eng), next);
		for (i = 0; i < g.out.n_dg; i++) {
			k = client_of(&g.out.dg[i].remote);
			if (fired[k])
				continue;	/* a retransmit */
			fired[k] = 1;
			n_fired++;
			ck_assert_uint_eq(next, t->rekey_at[k]);
			/* The header's exchange type (RFC 7296 3.1). */
			ck_assert_uint_gt(g.out.dg[i].len, 18);
			ck_assert_uint_eq(g.out.dg[i].data[18],
			    IKE_X_CREATE_CHILD_SA);
		}
		ike_out_reset(&g.out);
		last = next;
	}
	/* A tick per rekey, retransmit and give-up at most: 7 per SA. */
	ck_assert_uint_le(ticks, 7 * T_SAS);
	t_peer_free(&g);
	free(before);
	free(t);
	free(fired);
}
END_TEST

static Suite *
timers_suite(void)
{
	Suite *s = suite_create("engine_timers");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, thousands_of_sas);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(timers_suite)
