/* SPDX-License-Identifier: ISC */
/*
 * test_engine_live.c - liveness between two engines over kernel-mem on a
 * virtual clock: dead peer detection (sent only after dpd-delay without
 * a sign of life, answered by the peer), the peer found dead by
 * retransmission and by dpd-timeout with each dpd-action, the backoff of
 * retransmit-base, each close-action for a child and an IKE SA the peer
 * deletes (and none after a rekey), and traps that start one negotiation
 * however many packets the kernel holds.
 */
#include "engine_test.h"
#include "sa.h"

struct tlive {
	uint32_t	 delay, timeout;	/* dpd, ms */
	enum ike_action	 dpd, close;
	uint32_t	 retransmit_ms, tries;
	double		 base;
	enum ike_start	 start;
};

/* A config of t with the liveness settings of l. */
static struct ike_config *
live_config(const struct tconf *t, const struct tlive *l)
{
	struct ike_config *cfg = t_config(t);
	struct ike_conn_cfg *c = cfg->conns;

	c->dpd_delay_ms = l->delay;
	c->dpd_timeout_ms = l->timeout;
	c->retransmit_timeout_ms = l->retransmit_ms;
	c->retransmit_tries = l->tries;
	c->retransmit_base = l->base;
	c->children->dpd_action = l->dpd;
	c->children->close_action = l->close;
	if (l->start != 0)
		c->children->start = l->start;
	return cfg;
}

/* hq with liveness settings la, branch with lb, up at time 0. */
static void
up(struct tpeer *a, struct tpeer *b, const struct tlive *la,
    const struct tlive *lb)
{
	static const struct tlive none;

	t_peer_init(a, "hq", 1, &hq);
	t_peer_init(b, "branch", 2, &branch);
	ck_assert_int_eq(ike_engine_set_config(a->eng, 0, live_config(&hq, la),
	    &a->out), IKE_OK);
	ck_assert_int_eq(ike_engine_set_config(b->eng, 0, live_config(&branch,
	    lb ? lb : &none), &b->out), IKE_OK);
	ck_assert_int_eq(ike_engine_initiate(a->eng, 0, "hq-branch", &a->out), IKE_OK);
	t_run(a, b, 0);
	t_check_up(a, b, 3);
}

static void
down(struct tpeer *a, struct tpeer *b)
{
	t_peer_free(a);
	t_peer_free(b);
}

/* Ticks p at its next timer; returns that time. */
static uint64_t
next_tick(struct tpeer *p)
{
	uint64_t t = ike_engine_next_timer(p->eng);

	ck_assert_uint_ne(t, UINT64_MAX);
	ck_assert_int_eq(ike_engine_tick(p->eng, t, &p->out), IKE_OK);
	return t;
}

/* A packet from 10.1.0.5 to 10.2.0.5, as the kernel would hold it. */
static void
trap_packet(struct kx_sel *pkt)
{
	memset(pkt, 0, sizeof(*pkt));
	pkt->family = IKE_AF_INET;
	memcpy(pkt->src, "\x0a\x01\x00\x05", 4);
	memcpy(pkt->dst, "\x0a\x02\x00\x05", 4);
}

/*
 * The check is sent after dpd-delay of silence and answered:
 *
 *   HDR, SK { }  -->
 *       <--  HDR, SK { }
 */
START_TEST(dpd_when_quiet)
{
	struct tlive la = { .delay = 30000 };
	struct tpeer a, b;
	struct t_sa s;

	up(&a, &b, &la, NULL);
	/* branch has no dpd-delay: it never checks. */
	ck_assert_uint_eq(ike_engine_next_timer(b.eng), UINT64_MAX);
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), 30000);
	ike_engine_tick(a.eng, 29999, &a.out);
	ck_assert_uint_eq(a.out.n_dg, 0);
	ck_assert_uint_eq(next_tick(&a), 30000);
	ck_assert_uint_eq(a.out.n_dg, 1);
	ck_assert_ptr_nonnull(t_logged(&a, "checking the peer's liveness"));
	t_deliver(&a, &b, 30010);
	ck_assert_ptr_nonnull(t_logged(&b, "received INFORMATIONAL request 2"));
	ck_assert_uint_eq(t_deliver(&b, &a, 30020), 1);
	ck_assert_ptr_nonnull(t_logged(&a, "received INFORMATIONAL response 2"));
	/* The answer is the new sign of life. */
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), 60020);
	/* Any authenticated message counts: the peer's own check. */
	ck_assert_int_eq(ike_engine_set_config(b.eng, 40000, live_config(&branch,
	    &(struct tlive){ .delay = 10000 }), &b.out), IKE_OK);
	/* (branch last heard hq at 30010) */
	ck_assert_uint_eq(next_tick(&b), 40010);
	ck_assert_uint_eq(t_deliver(&b, &a, 40010), 1);
	t_deliver(&a, &b, 40010);
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), 70010);
	t_sa(&a, &s);
	ck_assert_str_eq(s.info.state, "ESTABLISHED");
	ck_assert_uint_eq(s.info.last_seen, 40010);
	ck_assert_uint_eq(s.info.dpd_delay_ms, 30000);
	ck_assert_int_eq(s.info.dpd_pending, 0);
	ck_assert_int_eq(t_count_logged(&a, "W "), 0);
	down(&a, &b);
}
END_TEST

/* Inbound ESP bytes are a sign of life too: no check while they flow. */
START_TEST(dpd_postponed_by_esp)
{
	struct tlive la = { .delay = 10000 };
	struct tpeer a, b;
	struct t_sa s;

	up(&a, &b, &la, NULL);
	t_sa(&a, &s);
	ck_assert_int_eq(km_traffic(a.km, &s.info.local, s.child[0].spi_in,
	    IKE_PROTO_ESP, 1500, 10), IKE_OK);
	ck_assert_uint_eq(next_tick(&a), 10000);
	ck_assert_uint_eq(a.out.n_dg, 0);
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), 20000);
	/* Outbound traffic alone proves nothing about the peer. */
	ck_assert_int_eq(km_traffic(a.km, &s.info.remote, s.child[0].spi_out,
	    IKE_PROTO_ESP, 1500, 10), IKE_OK);
	ck_assert_uint_eq(next_tick(&a), 20000);
	ck_assert_uint_eq(a.out.n_dg, 1);
	down(&a, &b);
}
END_TEST

/* The peer vanishes; the check goes unanswered.  Returns the time the
 * SA was found dead. */
static uint64_t
peer_dies(struct tpeer *a, uint64_t dpd_at, size_t *sent)
{
	uint64_t t = 0;
	struct t_sa s;

	*sent = 0;
	for (;;) {
		t = next_tick(a);
		if (t == dpd_at)
			ck_assert_uint_eq(a->out.n_dg, 1);
		t_sa(a, &s);
		if (s.n == 0 || strcmp(s.info.state, "ESTABLISHED") != 0)
			break;
		*sent += t_drop(a);
	}
	return t;
}

/* Retransmission gives up: retransmit-base 1.5 from 1 s, 3 tries.  The
 * check at 10 s, again at 11, 12.5, 14.75 s, dead at 18.125 s. */
START_TEST(dead_by_retransmission_clear)
{
	struct tlive la = { .delay = 10000, .retransmit_ms = 1000, .tries = 3,
	    .base = 1.5, .dpd = IKE_ACTION_NONE };
	struct tpeer a, b;
	size_t sent;

	up(&a, &b, &la, NULL);
	ck_assert_uint_eq(peer_dies(&a, 10000, &sent), 18125);
	ck_assert_uint_eq(sent, 4);
	ck_assert_ptr_nonnull(t_logged(&a, "retransmit 3 of request with "
	    "message ID 2"));
	t_failure_is(&a, "hq-branch", "peer not responding after 3 "
	    "retransmits, giving up");
	ck_assert_ptr_nonnull(t_logged(&a, "deleted: peer is dead"));
	ck_assert_ptr_nonnull(t_logged(&a, "dpd-action clear: it stays down"));
	/* clear: nothing is left, nothing is started. */
	ck_assert_uint_eq(a.out.n_dg, 0);
	t_check_empty(&a);
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), UINT64_MAX);
	down(&a, &b);
}
END_TEST

/* dpd-timeout ends the wait before retransmission would. */
START_TEST(dead_by_timeout_trap)
{
	struct tlive la = { .delay = 10000, .timeout = 3000,
	    .dpd = IKE_ACTION_TRAP };
	struct tpeer a, b;
	struct kx_event ev;
	struct kx_sel pkt;
	size_t sent;

	up(&a, &b, &la, NULL);
	/* Retransmits at 12 s (2 s default), dead at 13 s. */
	ck_assert_uint_eq(peer_dies(&a, 10000, &sent), 13000);
	ck_assert_uint_eq(sent, 2);
	t_failure_is(&a, "hq-branch", "no answer to the liveness check within "
	    "dpd-timeout (3000 ms)");
	ck_assert_ptr_nonnull(t_logged(&a, "dpd-action trap: trapping it"));
	/* trap: no SA, but the trap's policies wait for traffic. */
	ck_assert_uint_eq(km_sa_count(a.km), 0);
	ck_assert_uint_eq(km_policy_count(a.km), 3);
	trap_packet(&pkt);
	ck_assert_int_eq(km_acquire(a.km, &pkt, &ev), IKE_OK);
	/* The trap survives a reload; down takes it away. */
	ck_assert_int_eq(ike_engine_set_config(a.eng, 14000, live_config(&hq,
	    &la), &a.out), IKE_OK);
	ck_assert_uint_eq(km_policy_count(a.km), 3);
	ck_assert_int_eq(ike_engine_kernel_event(a.eng, 15000, &ev, &a.out), IKE_OK);
	ck_assert_uint_eq(a.out.n_dg, 1);
	t_run(&a, &b, 15000);
	ck_assert_ptr_nonnull(t_logged(&a, "traffic for lan, starting"));
	ck_assert_int_eq(ike_engine_terminate(a.eng, 16000, "hq-branch", &a.out),
	    IKE_OK);
	t_run(&a, &b, 16000);
	t_check_empty(&a);
	down(&a, &b);
}
END_TEST

/* restart: a new IKE SA with the child, at once. */
START_TEST(dead_restart)
{
	struct tlive la = { .delay = 10000, .timeout = 1000,
	    .dpd = IKE_ACTION_START };
	struct tpeer a, b, b2;
	struct t_sa s;
	size_t sent;

	up(&a, &b, &la, NULL);
	ck_assert_uint_eq(peer_dies(&a, 10000, &sent), 11000);
	ck_assert_ptr_nonnull(t_logged(&a, "dpd-action restart: starting it again"));
	ck_assert_ptr_nonnull(t_logged(&a, "starting 'hq-branch' again for lan"));
	ck_assert_uint_eq(a.out.n_dg, 1);	/* IKE_SA_INIT */
	t_sa(&a, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.info.state, "CONNECTING");
	/* The peer came back without state: the new SA comes up. */
	t_peer_init(&b2, "branch", 3, &branch);
	t_run(&a, &b2, 11000);
	t_check_up(&a, &b2, 3);
	down(&a, &b);
	t_peer_free(&b2);
}
END_TEST

/* A request of the peer's own answers the question, so does any other
 * authenticated message: a check in flight is answered normally and the
 * SA lives on, even with dpd-timeout set. */
START_TEST(dpd_answered_in_time)
{
	struct tlive la = { .delay = 5000, .timeout = 3000,
	    .dpd = IKE_ACTION_START };
	struct tpeer a, b;

	up(&a, &b, &la, NULL);
	ck_assert_uint_eq(next_tick(&a), 5000);
	t_deliver(&a, &b, 5000);
	t_deliver(&b, &a, 7999);
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), 12999);
	t_check_up(&a, &b, 3);
	ck_assert_ptr_null(t_logged(&a, "dpd-action"));
	down(&a, &b);
}
END_TEST

/* branch deletes the Child SA alone (operator's down of the child). */
static void
peer_deletes_child(struct tpeer *a, struct tpeer *b, uint64_t now)
{
	ck_assert_int_eq(ike_engine_terminate(b->eng, now, "lan", &b->out), IKE_OK);
	t_run(b, a, now);
	ck_assert_ptr_nonnull(t_logged(a, "CHILD_SA lan{1} deleted: deleted by peer"));
}

START_TEST(close_none)
{
	struct tlive la = { .close = IKE_ACTION_NONE };
	struct tpeer a, b;
	struct t_sa s;

	up(&a, &b, &la, NULL);
	peer_deletes_child(&a, &b, 1000);
	ck_assert_ptr_nonnull(t_logged(&a, "close-action none: it stays down"));
	t_sa(&a, &s);
	ck_assert_str_eq(s.info.state, "ESTABLISHED");
	ck_assert_uint_eq(s.info.n_children, 0);
	ck_assert_uint_eq(km_sa_count(a.km) + km_policy_count(a.km), 0);
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), UINT64_MAX);
	down(&a, &b);
}
END_TEST

START_TEST(close_trap)
{
	struct tlive la = { .close = IKE_ACTION_TRAP };
	struct tpeer a, b;
	struct kx_event ev;
	struct kx_sel pkt;

	up(&a, &b, &la, NULL);
	peer_deletes_child(&a, &b, 1000);
	ck_assert_ptr_nonnull(t_logged(&a, "close-action trap: trapping it"));
	ck_assert_uint_eq(km_sa_count(a.km), 0);
	ck_assert_uint_eq(km_policy_count(a.km), 3);
	/* Traffic brings the child back on the IKE SA that is still up. */
	trap_packet(&pkt);
	ck_assert_int_eq(km_acquire(a.km, &pkt, &ev), IKE_OK);
	ck_assert_int_eq(ike_engine_kernel_event(a.eng, 2000, &ev, &a.out), IKE_OK);
	ck_assert_ptr_nonnull(t_logged(&a, "traffic for lan, adding it"));
	t_run(&a, &b, 2000);
	t_check_up(&a, &b, 3);
	ck_assert_int_eq(km_acquire(a.km, &pkt, &ev), IKE_EEXIST);
	down(&a, &b);
}
END_TEST

START_TEST(close_start)
{
	struct tlive la = { .close = IKE_ACTION_START };
	struct tpeer a, b;

	up(&a, &b, &la, NULL);
	peer_deletes_child(&a, &b, 1000);
	ck_assert_ptr_nonnull(t_logged(&a, "close-action start: starting it again"));
	/* CREATE_CHILD_SA right after the answer to the Delete: the engine
	 * runs an SA's waiting work after every input. */
	ck_assert_ptr_nonnull(t_logged(&a, "sent CREATE_CHILD_SA request"));
	t_check_up(&a, &b, 3);
	down(&a, &b);
}
END_TEST

/* The peer deletes the whole IKE SA: start begins a new one. */
START_TEST(close_start_ike_deleted)
{
	struct tlive la = { .close = IKE_ACTION_START };
	struct tpeer a, b;
	struct t_sa s;

	up(&a, &b, &la, NULL);
	ck_assert_int_eq(ike_engine_terminate(b.eng, 1000, "branch-hq", &b.out),
	    IKE_OK);
	t_run(&b, &a, 1000);
	ck_assert_ptr_nonnull(t_logged(&a, "received DELETE for IKE SA"));
	ck_assert_ptr_nonnull(t_logged(&a, "starting 'hq-branch' again for lan"));
	t_sa(&a, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_uint_eq(s.info.id, 2);
	t_run(&a, &b, 1000);
	t_check_up(&a, &b, 3);
	down(&a, &b);
}
END_TEST

/* A rekey's Delete of the old Child SA is no close. */
START_TEST(close_not_after_rekey)
{
	struct tlive la = { .close = IKE_ACTION_START };
	struct tpeer a, b;
	struct kx_event ev;
	struct t_sa s;

	up(&a, &b, &la, NULL);
	/* branch (responder) rekeys; its Delete of lan{1} reaches hq. */
	t_sa(&b, &s);
	ck_assert_int_eq(km_expire(b.km, &s.info.local, s.child[0].spi_in,
	    IKE_PROTO_ESP, 0, &ev), IKE_OK);
	ck_assert_int_eq(ike_engine_kernel_event(b.eng, 1000, &ev, &b.out), IKE_OK);
	ike_engine_tick(b.eng, ike_engine_next_timer(b.eng), &b.out);
	t_run(&b, &a, 100000);
	ck_assert_ptr_nonnull(t_logged(&a, "CHILD_SA lan{1} deleted: deleted by peer"));
	ck_assert_ptr_null(t_logged(&a, "close-action"));
	t_check_up(&a, &b, 3);
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), UINT64_MAX);
	down(&a, &b);
}
END_TEST

/* Many held packets, many ACQUIREs: one negotiation. */
START_TEST(trap_one_negotiation)
{
	struct tlive la = { .start = IKE_START_TRAP };
	struct tpeer a, b;
	struct kx_event ev;
	struct kx_sel pkt;
	struct ike_stats st;
	int i;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	ck_assert_int_eq(ike_engine_set_config(a.eng, 0, live_config(&hq, &la),
	    &a.out), IKE_OK);
	ck_assert_int_eq(ike_engine_start_all(a.eng, 0, &a.out), IKE_OK);
	ck_assert_uint_eq(km_policy_count(a.km), 3);
	trap_packet(&pkt);
	for (i = 0; i < 10; i++) {
		ck_assert_int_eq(km_acquire(a.km, &pkt, &ev), IKE_OK);
		ck_assert_int_eq(ike_engine_kernel_event(a.eng, (uint64_t)i * 100,
		    &ev, &a.out), IKE_OK);
		pkt.src[3]++;
	}
	ck_assert_uint_eq(a.out.n_dg, 1);
	ck_assert_int_eq(t_count_logged(&a, "starting 'hq-branch'"), 1);
	t_run(&a, &b, 1000);
	t_check_up(&a, &b, 3);
	ike_engine_stats(a.eng, &st);
	ck_assert_uint_eq(st.ike_sas, 1);
	/* Up: the kernel has an SA for the policy and asks no more. */
	ck_assert_int_eq(km_acquire(a.km, &pkt, &ev), IKE_EEXIST);
	/* One more late ACQUIRE for it changes nothing either. */
	ck_assert_int_eq(ike_engine_kernel_event(a.eng, 1100, &ev, &a.out), IKE_OK);
	ck_assert_uint_eq(a.out.n_dg, 0);
	/* Down: the trap is back and the next packet starts it again. */
	ck_assert_int_eq(ike_engine_terminate(a.eng, 2000, "hq-branch", &a.out),
	    IKE_OK);
	t_run(&a, &b, 2000);
	ck_assert_uint_eq(km_sa_count(a.km), 0);
	ck_assert_uint_eq(km_policy_count(a.km), 3);
	ck_assert_int_eq(km_acquire(a.km, &pkt, &ev), IKE_OK);
	ck_assert_int_eq(ike_engine_kernel_event(a.eng, 3000, &ev, &a.out), IKE_OK);
	ck_assert_uint_eq(a.out.n_dg, 1);
	ck_assert_int_eq(t_count_logged(&a, "starting 'hq-branch'"), 2);
	down(&a, &b);
}
END_TEST

static Suite *
live_suite(void)
{
	Suite *s = suite_create("engine_live");
	TCase *tc = tcase_create("live");

	tcase_add_test(tc, dpd_when_quiet);
	tcase_add_test(tc, dpd_postponed_by_esp);
	tcase_add_test(tc, dead_by_retransmission_clear);
	tcase_add_test(tc, dead_by_timeout_trap);
	tcase_add_test(tc, dead_restart);
	tcase_add_test(tc, dpd_answered_in_time);
	tcase_add_test(tc, close_none);
	tcase_add_test(tc, close_trap);
	tcase_add_test(tc, close_start);
	tcase_add_test(tc, close_start_ike_deleted);
	tcase_add_test(tc, close_not_after_rekey);
	tcase_add_test(tc, trap_one_negotiation);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(live_suite)
