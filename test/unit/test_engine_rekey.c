/* SPDX-License-Identifier: ISC */
/*
 * test_engine_rekey.c - the life of SAs between two engines over
 * kernel-mem on a virtual clock: IKE SA rekeying by either side, rekeys
 * that collide (RFC 7296 2.8.1, 2.8.2) or cross a delete (2.25), the
 * lifetimes put into kernel SAs, the IKE SA's hard lifetime and
 * make-before-break reauthentication.  Every case is deterministic: the
 * RNG is seeded and datagrams are handed over by the test.
 */
#include "engine_test.h"

/* The connection of p's config, to set lifetimes on before it starts. */
static struct ike_conn_cfg *
conn_of(struct tpeer *p)
{
	return (struct ike_conn_cfg *)ike_engine_config(p->eng)->conns;
}

static void
up(struct tpeer *a, struct tpeer *b)
{
	ck_assert_int_eq(ike_engine_initiate(a->eng, 0, "hq-branch", &a->out),
	    IKE_OK);
	t_run(a, b, 0);
	t_check_up(a, b, 3);
}

/* Runs both engines, timers included, until neither has anything due
 * before until; returns the time reached. */
static uint64_t
advance(struct tpeer *a, struct tpeer *b, uint64_t now, uint64_t until)
{
	uint64_t next;
	int rounds = 0;

	for (;;) {
		ck_assert_int_lt(rounds++, 200);
		t_run(a, b, now);
		next = ike_engine_next_timer(a->eng);
		if (ike_engine_next_timer(b->eng) < next)
			next = ike_engine_next_timer(b->eng);
		if (next > until)
			return now;
		if (next > now)
			now = next;
		ike_engine_tick(a->eng, now, &a->out);
		ike_engine_tick(b->eng, now, &b->out);
	}
}

/* Hands each side's queued requests to the other at once: they cross. */
static void
cross(struct tpeer *a, struct tpeer *b, uint64_t now)
{
	struct ike_out qa = { 0 }, qb = { 0 };

	ck_assert_uint_eq(t_take(a, &qa), 1);
	ck_assert_uint_eq(t_take(b, &qb), 1);
	t_give(&qa, b, now);
	t_give(&qb, a, now);
	ike_out_free(&qa);
	ike_out_free(&qb);
}

/* Both logged a collision line with what; exactly one of them won.
 * Returns the winner's line. */
static const char *
one_won(struct tpeer *a, struct tpeer *b, const char *what)
{
	const char *la = t_logged(a, what), *lb = t_logged(b, what);

	ck_assert_ptr_nonnull(la);
	ck_assert_ptr_nonnull(lb);
	ck_assert((strstr(la, " won") != NULL) != (strstr(lb, " won") != NULL));
	return strstr(la, " won") ? la : lb;
}

static void
no_warnings(struct tpeer *a, struct tpeer *b)
{
	ck_assert_int_eq(t_count_logged(a, "W "), 0);
	ck_assert_int_eq(t_count_logged(b, "W "), 0);
}

static void
down(struct tpeer *a, struct tpeer *b, uint64_t now)
{
	ck_assert_int_eq(ike_engine_terminate(a->eng, now, "hq-branch", &a->out),
	    IKE_OK);
	t_run(a, b, now);
	t_check_empty(a);
	t_check_empty(b);
	t_peer_free(a);
	t_peer_free(b);
}

/* p's IKE SA rekeys on its timer; everything else stays. */
static void
ike_rekey_by(int initiator)
{
	struct tpeer a, b, *p;
	struct t_sa before, after, ca;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	p = initiator ? &a : &b;
	conn_of(p)->rekey_time = 10;
	up(&a, &b);
	t_sa(&a, &before);
	ck_assert_uint_eq(before.info.rekey_at, initiator ? 10000 : 0);
	ck_assert_uint_eq(ike_engine_next_timer(p->eng), 10000);
	/*
	 * HDR, SK {SA(IKE, SPIi'), Ni, KEi}  -->
	 *          <--  HDR, SK {SA(IKE, SPIr'), Nr, KEr}
	 * HDR(old), SK {D(IKE)}  -->
	 *          <--  HDR(old), SK {}
	 */
	ike_engine_tick(p->eng, 10000, &p->out);
	ck_assert_uint_eq(p->out.n_dg, 1);
	t_run(&a, &b, 10000);
	ck_assert_ptr_nonnull(t_logged(&a, "rekeyed as hq-branch[2]"));
	ck_assert_ptr_nonnull(t_logged(&b, "rekeyed as branch-hq[2]"));
	t_check_up(&a, &b, 3);
	t_sa(&a, &after);
	ck_assert_uint_eq(after.info.id, 2);
	ck_assert_uint_ne(after.info.spi_i, before.info.spi_i);
	ck_assert_uint_ne(after.info.spi_r, before.info.spi_r);
	/* The rekey's initiator is the new SA's original initiator. */
	ck_assert_int_eq(after.info.initiator, initiator);
	/* The Child SA moved over untouched. */
	ck_assert_uint_eq(after.child[0].spi_in, before.child[0].spi_in);
	ck_assert_uint_eq(after.child[0].spi_out, before.child[0].spi_out);
	ck_assert_uint_eq(km_op_count(a.km, KX_DEL_SA), 0);
	ck_assert_uint_eq(km_op_count(b.km, KX_DEL_SA), 0);
	/* The new SA rekeys again in time; its SK_d makes the next Child
	 * SA's keys, which both kernels must agree on (t_check_up). */
	ck_assert_uint_eq(ike_engine_next_timer(p->eng), 20000);
	t_soft_expire(p, 12000);
	t_run(&a, &b, 12000);
	t_check_up(&a, &b, 3);
	t_sa(&a, &ca);
	ck_assert_uint_eq(ca.child[0].id, 2);
	no_warnings(&a, &b);
	down(&a, &b, 13000);
}

START_TEST(ike_rekey_by_initiator)
{
	ike_rekey_by(1);
}
END_TEST

START_TEST(ike_rekey_by_responder)
{
	ike_rekey_by(0);
}
END_TEST

/*
 * Both rekey the IKE SA at the same moment (RFC 7296 2.8.2):
 *
 *   hq                                        branch
 *   HDR, SK {SA, Ni1, KEi}  -->          <--  HDR, SK {SA, Ni2, KEi}
 *   HDR, SK {SA, Nr2, KEr}  -->          <--  HDR, SK {SA, Nr1, KEr}
 *   the SA of the lowest nonce is redundant; its initiator deletes it,
 *   the other initiator deletes the old one:
 *   HDR(redundant), SK {D(IKE)}  -->     <--  HDR(old), SK {D(IKE)}
 *   (or the other way round)
 */
START_TEST(ike_rekey_collision)
{
	struct tpeer a, b;
	struct t_sa sa, sb;
	const char *won;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	conn_of(&a)->rekey_time = 10;
	conn_of(&b)->rekey_time = 10;
	up(&a, &b);
	ike_engine_tick(a.eng, 10000, &a.out);
	ike_engine_tick(b.eng, 10000, &b.out);
	cross(&a, &b, 10000);
	advance(&a, &b, 10000, 10000);
	won = one_won(&a, &b, "IKE SA rekey collision: ours");
	t_check_up(&a, &b, 3);
	t_sa(&a, &sa);
	t_sa(&b, &sb);
	ck_assert_int_eq(sa.n, 1);
	ck_assert_int_eq(sb.n, 1);
	ck_assert_ptr_nonnull(t_logged(won == t_logged(&a, "IKE SA rekey "
	    "collision: ours") ? &b : &a, "deleting the redundant IKE SA"));
	no_warnings(&a, &b);
	/* Nothing lingers: no timers but the next rekeys. */
	ck_assert_uint_ge(ike_engine_next_timer(a.eng), 20000);
	down(&a, &b, 11000);
}
END_TEST

/*
 * Both rekey the Child SA at the same moment (RFC 7296 2.8.1):
 *
 *   HDR, SK {N(REKEY_SA), SA, Ni1, TSi, TSr}  -->
 *          <--  HDR, SK {N(REKEY_SA), SA, Ni2, TSi, TSr}
 *   HDR, SK {SA, Nr2, TSi, TSr}  -->
 *          <--  HDR, SK {SA, Nr1, TSi, TSr}
 *   lowest nonce's SA deleted by its initiator, old by the other one:
 *   HDR, SK {D(ESP, redundant)}  -->     <--  HDR, SK {D(ESP, old)}
 */
START_TEST(child_rekey_collision)
{
	struct tpeer a, b;
	struct t_sa sa, sb;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	up(&a, &b);
	t_soft_expire(&a, 1000);
	t_soft_expire(&b, 1000);
	/* The responder waits before rekeying; make it go now. */
	ike_engine_tick(b.eng, 1000 + 90000, &b.out);
	cross(&a, &b, 91000);
	advance(&a, &b, 91000, 91000);
	one_won(&a, &b, "CHILD_SA rekey collision");
	t_check_up(&a, &b, 3);
	t_sa(&a, &sa);
	t_sa(&b, &sb);
	/* One of the two new ones survived, the old one (1) is gone. */
	ck_assert_uint_ne(sa.child[0].id, 1);
	ck_assert_uint_eq(km_larval_count(a.km), 0);
	no_warnings(&a, &b);
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), UINT64_MAX);
	ck_assert_uint_eq(ike_engine_next_timer(b.eng), UINT64_MAX);
	down(&a, &b, 92000);
}
END_TEST

/*
 * A Child SA rekey crosses the peer's delete of it (RFC 7296 2.25.1):
 *
 *   hq                                        branch
 *   HDR, SK {N(REKEY_SA), SA, Ni, ...} -->  <--  HDR, SK {D(ESP, old)}
 *   HDR, SK {D(ESP, old)}  -->           <--  HDR, SK {N(TEMPORARY_FAILURE)}
 *   the Child SA is gone on both sides and not tried again.
 */
START_TEST(child_rekey_crosses_delete)
{
	struct tpeer a, b;
	struct t_sa sa, sb;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	up(&a, &b);
	t_soft_expire(&a, 1000);
	ck_assert_int_eq(ike_engine_terminate(b.eng, 1000, "lan", &b.out), IKE_OK);
	cross(&a, &b, 1000);
	advance(&a, &b, 1000, 100000);
	ck_assert_ptr_nonnull(t_logged(&b, "that we are deleting: TEMPORARY_FAILURE"));
	t_sa(&a, &sa);
	t_sa(&b, &sb);
	ck_assert_str_eq(sa.info.state, "ESTABLISHED");
	ck_assert_str_eq(sb.info.state, "ESTABLISHED");
	ck_assert_uint_eq(sa.info.n_children, 0);
	ck_assert_uint_eq(sb.info.n_children, 0);
	ck_assert_uint_eq(km_sa_count(a.km), 0);
	ck_assert_uint_eq(km_sa_count(b.km), 0);
	ck_assert_uint_eq(km_larval_count(a.km), 0);
	ck_assert_uint_eq(km_policy_count(a.km), 0);
	ck_assert_uint_eq(km_policy_count(b.km), 0);
	no_warnings(&a, &b);
	down(&a, &b, 100000);
}
END_TEST

/*
 * An IKE SA rekey crosses a Child SA rekey (RFC 7296 2.25.2): each is
 * refused and tried again a moment later, one after the other.
 *
 *   HDR, SK {SA(IKE), Ni, KEi}  -->      <--  HDR, SK {N(REKEY_SA), SA, ...}
 *   HDR, SK {N(TEMPORARY_FAILURE)} -->   <--  HDR, SK {N(TEMPORARY_FAILURE)}
 *   ... 1 to 3 s later both again, in turn.
 */
START_TEST(ike_rekey_crosses_child_rekey)
{
	struct tpeer a, b;
	struct t_sa sa;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	conn_of(&a)->rekey_time = 100;
	up(&a, &b);
	ike_engine_tick(a.eng, 100000, &a.out);
	t_soft_expire(&b, 100000);
	ike_engine_tick(b.eng, 190000, &b.out);
	cross(&a, &b, 190000);
	t_run(&a, &b, 190000);
	ck_assert_int_eq(t_count_logged(&a, "TEMPORARY_FAILURE"), 1);
	ck_assert_int_eq(t_count_logged(&b, "TEMPORARY_FAILURE"), 1);
	ck_assert_ptr_nonnull(t_logged(&a, "peer is busy, rekeying IKE SA"));
	ck_assert_ptr_nonnull(t_logged(&b, "peer is busy, rekeying CHILD_SA"));
	advance(&a, &b, 190000, 195000);
	ck_assert_ptr_nonnull(t_logged(&a, "rekeyed as hq-branch[2]"));
	ck_assert_ptr_nonnull(t_logged(&b, "CHILD_SA lan{1} rekeyed as lan{3}"));
	t_check_up(&a, &b, 3);
	t_sa(&a, &sa);
	ck_assert_uint_eq(sa.info.id, 2);
	ck_assert_uint_eq(sa.child[0].id, 2);
	no_warnings(&a, &b);
	down(&a, &b, 196000);
}
END_TEST

/*
 * An IKE SA rekey crosses the peer's delete of the IKE SA (RFC 7296
 * 2.25.2): the delete wins.
 *
 *   HDR, SK {SA(IKE), Ni, KEi}  -->      <--  HDR, SK {D(IKE)}
 *   HDR, SK {}  -->                      <--  HDR, SK {N(TEMPORARY_FAILURE)}
 */
START_TEST(ike_rekey_crosses_delete)
{
	struct tpeer a, b;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	conn_of(&a)->rekey_time = 10;
	up(&a, &b);
	ike_engine_tick(a.eng, 10000, &a.out);
	ck_assert_int_eq(ike_engine_terminate(b.eng, 10000, "branch-hq", &b.out),
	    IKE_OK);
	cross(&a, &b, 10000);
	advance(&a, &b, 10000, 100000);
	ck_assert_ptr_nonnull(t_logged(&b, "IKE SA rekey refused with "
	    "TEMPORARY_FAILURE"));
	t_check_empty(&a);
	t_check_empty(&b);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/* Child lifetimes go into both kernel SAs: soft is rekey-time less up
 * to rand-time, hard is life-time; volume limits as configured. */
START_TEST(child_lifetimes_in_kernel)
{
	struct ike_child_cfg *ch;
	const struct kx_sa *k;
	struct tpeer a, b;
	struct t_sa s;
	int i;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	ch = conn_of(&a)->children;
	ch->rekey_time = 100;
	ch->life_time = 120;
	ch->rand_time = 10;
	ch->rekey_bytes = 1000000;
	ch->life_bytes = 1200000;
	ch->rekey_packets = 5000;
	ch->life_packets = 6000;
	up(&a, &b);
	t_sa(&a, &s);
	for (i = 0; i < 2; i++) {
		k = km_find_sa(a.km, i ? &s.info.local : &s.info.remote,
		    i ? s.child[0].spi_in : s.child[0].spi_out, IKE_PROTO_ESP);
		ck_assert_ptr_nonnull(k);
		ck_assert_uint_ge(k->soft_secs, 90);
		ck_assert_uint_le(k->soft_secs, 100);
		ck_assert_uint_eq(k->hard_secs, 120);
		ck_assert_uint_eq(k->soft_bytes, 1000000);
		ck_assert_uint_eq(k->hard_bytes, 1200000);
		ck_assert_uint_eq(k->soft_packets, 5000);
		ck_assert_uint_eq(k->hard_packets, 6000);
	}
	ck_assert_uint_ge(s.child[0].rekey_at, 90000);
	ck_assert_uint_le(s.child[0].rekey_at, 100000);
	ck_assert_uint_eq(s.child[0].expire_at, 120000);
	/* A soft expire with short lifetimes: the responder's wait fits in
	 * what is left before the hard one. */
	t_soft_expire(&b, 95000);
	ck_assert_uint_le(ike_engine_next_timer(b.eng), UINT64_MAX);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/* The IKE SA's hard lifetime, with rekeying off: it is deleted. */
START_TEST(ike_hard_lifetime)
{
	struct tpeer a, b;
	struct t_sa s;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	conn_of(&a)->life_time = 20;
	up(&a, &b);
	t_sa(&a, &s);
	ck_assert_uint_eq(s.info.expire_at, 20000);
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), 20000);
	advance(&a, &b, 0, 20000);
	ck_assert_ptr_nonnull(t_logged(&a, "hard lifetime of the IKE SA reached"));
	t_check_empty(&a);
	t_check_empty(&b);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/*
 * Reauthentication, make-before-break: a whole new IKE SA with its Child
 * SA comes up next to the old one (without INITIAL_CONTACT), then the old
 * one is deleted; the policies stay in the kernel throughout.
 *
 *   IKE_SA_INIT, IKE_AUTH (new SA and Child SA)  -->  <--
 *   HDR(old), SK {D(IKE)}  -->                         <--  HDR(old), SK {}
 */
START_TEST(reauth_make_before_break)
{
	struct tpeer a, b;
	struct t_sa before, after;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	conn_of(&a)->reauth_time = 10;
	/* The responder must let one peer ID have two IKE SAs for a moment
	 * (with unique: replace it would delete the old one at once). */
	conn_of(&b)->unique = IKE_UNIQUE_NO;
	up(&a, &b);
	t_sa(&a, &before);
	ck_assert_uint_eq(before.info.reauth_at, 10000);
	ike_engine_tick(a.eng, 10000, &a.out);
	/* IKE_SA_INIT and IKE_AUTH: both SAs and Child SAs exist. */
	t_deliver(&a, &b, 10000);
	t_deliver(&b, &a, 10000);
	t_deliver(&a, &b, 10000);
	t_deliver(&b, &a, 10000);
	ck_assert_uint_eq(km_sa_count(a.km), 4);
	ck_assert_uint_eq(km_sa_count(b.km), 4);
	ck_assert_uint_eq(km_policy_count(a.km), 3);
	advance(&a, &b, 10000, 10000);
	ck_assert_ptr_nonnull(t_logged(&a, "reauthenticated as hq-branch[2]"));
	ck_assert_ptr_null(t_logged(&b, "INITIAL_CONTACT in a new"));
	t_check_up(&a, &b, 3);
	t_sa(&a, &after);
	ck_assert_uint_eq(after.info.id, 2);
	ck_assert_uint_ne(after.child[0].spi_in, before.child[0].spi_in);
	/* The policies were never taken out. */
	ck_assert_uint_eq(km_op_count(a.km, KX_DEL_POLICY), 0);
	ck_assert_uint_eq(km_op_count(b.km, KX_DEL_POLICY), 0);
	no_warnings(&a, &b);
	down(&a, &b, 11000);
}
END_TEST

static Suite *
engine_rekey_suite(void)
{
	Suite *s = suite_create("engine_rekey");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, ike_rekey_by_initiator);
	tcase_add_test(tc, ike_rekey_by_responder);
	tcase_add_test(tc, ike_rekey_collision);
	tcase_add_test(tc, child_rekey_collision);
	tcase_add_test(tc, child_rekey_crosses_delete);
	tcase_add_test(tc, ike_rekey_crosses_child_rekey);
	tcase_add_test(tc, ike_rekey_crosses_delete);
	tcase_add_test(tc, child_lifetimes_in_kernel);
	tcase_add_test(tc, ike_hard_lifetime);
	tcase_add_test(tc, reauth_make_before_break);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(engine_rekey_suite)
