/* SPDX-License-Identifier: ISC */
/*
 * test_engine_xchg.c - the exchange table walked row by row (every state
 * reachable, no empty steps, no rows that shadow each other), and the
 * INFORMATIONAL and CREATE_CHILD_SA requests the engine answers but does
 * not start itself yet: an empty INFORMATIONAL (liveness) and a
 * CREATE_CHILD_SA that is neither, refused as malformed.  These use the
 * engine's inside (sa.h) to send such requests.
 */
#include "engine_test.h"
#include "cry.h"
#include "keys.h"
#include "rules.h"
#include "sa.h"
#include "xchg.h"
#include "xout.h"
#include "xsend.h"

START_TEST(table_walk)
{
	const struct xchg_rule *t = NULL;
	bool reach[SA_S_COUNT] = { false }, changed = true;
	size_t n, i, j;
	int s;

	t = xchg_table(&n);
	ck_assert_uint_gt(n, 0);
	for (i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(t[i].step);
		ck_assert_int_lt(t[i].state, SA_S_COUNT);
		ck_assert_int_lt(t[i].next, SA_S_COUNT);
		/* A payload is either required or allowed, not both. */
		ck_assert_uint_eq(t[i].required & t[i].allowed, 0);
		for (j = 0; j < i; j++) {
			bool same = t[i].state == t[j].state &&
			    t[i].exchange == t[j].exchange && t[i].dir == t[j].dir;

			/* No row may be unreachable behind an earlier one:
			 * the earlier one must require something more. */
			ck_assert_msg(!same || (t[j].required & ~t[i].required) != 0,
			    "row %zu is shadowed by row %zu", i, j);
		}
	}
	/* Every state is reachable from where SAs start. */
	reach[SA_S_NEW] = reach[SA_S_INIT_SENT] = true;
	while (changed) {
		changed = false;
		for (i = 0; i < n; i++) {
			if (reach[t[i].state] && !reach[t[i].next]) {
				reach[t[i].next] = true;
				changed = true;
			}
		}
	}
	/* DELETING is entered by an operator's terminate, not a row. */
	reach[SA_S_DELETING] = true;
	for (s = 0; s < SA_S_COUNT; s++)
		ck_assert_msg(reach[s], "state %d unreachable", s);
	/* And every state but DEAD has rows to leave or use it. */
	for (s = 0; s < SA_S_COUNT; s++) {
		bool has = false;

		for (i = 0; i < n; i++)
			has |= (int)t[i].state == s;
		ck_assert_msg(has || s == SA_S_DEAD, "state %d has no rows", s);
	}
}
END_TEST

START_TEST(table_lookup)
{
	uint32_t init = RULES_PL(IKE_PL_SA) | RULES_PL(IKE_PL_KE) |
	    RULES_PL(IKE_PL_NONCE) | RULES_PL(IKE_PL_NOTIFY);
	const struct xchg_rule *r;

	r = xchg_find(SA_S_INIT_SENT, IKE_X_IKE_SA_INIT, XD_RESP, init);
	ck_assert_ptr_eq(r->step, xchg_init_i);
	r = xchg_find(SA_S_INIT_SENT, IKE_X_IKE_SA_INIT, XD_RESP,
	    RULES_PL(IKE_PL_NOTIFY));
	ck_assert_ptr_eq(r->step, xchg_init_i_notify);
	/* An answer without SA but with KE fits no row. */
	ck_assert_ptr_null(xchg_find(SA_S_INIT_SENT, IKE_X_IKE_SA_INIT, XD_RESP,
	    RULES_PL(IKE_PL_KE) | RULES_PL(IKE_PL_NOTIFY)));
	/* IKE_AUTH before IKE_SA_INIT, and requests in the wrong state. */
	ck_assert_ptr_null(xchg_find(SA_S_NEW, IKE_X_IKE_AUTH, XD_REQ,
	    RULES_PL(IKE_PL_IDI) | RULES_PL(IKE_PL_AUTH)));
	ck_assert_ptr_null(xchg_find(SA_S_INIT_DONE, IKE_X_INFORMATIONAL, XD_REQ, 0));
	ck_assert_ptr_nonnull(xchg_find(SA_S_ESTABLISHED, IKE_X_INFORMATIONAL,
	    XD_REQ, 0));
}
END_TEST

static struct ike_sa *
first_sa(struct tpeer *p)
{
	ck_assert_ptr_nonnull(p->eng->eng_sas);
	return p->eng->eng_sas;
}

START_TEST(liveness_answered)
{
	struct tpeer a, b;
	struct ike_out req = { 0 }, resp = { 0 };
	struct xchg_out x;
	struct ike_sa *sa;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_run(&a, &b, 0);
	t_check_up(&a, &b, 3);
	/*
	 * HDR, SK {}  -->
	 *          <--  HDR, SK {}
	 */
	sa = first_sa(&a);
	xout_init(&x);
	x.kind = XOUT_REQUEST;
	x.exchange = IKE_X_INFORMATIONAL;
	x.req_kind = REQ_LIVENESS;
	ck_assert_int_eq(xsend_request(sa, &x, 100, &a.out), IKE_OK);
	xout_free(&x);
	t_take(&a, &req);
	t_give(&req, &b, 100);
	/* Twice: the second is answered from the cache. */
	t_give(&req, &b, 100);
	ck_assert_uint_eq(t_take(&b, &resp), 2);
	ck_assert_uint_eq(resp.dg[0].len, resp.dg[1].len);
	ck_assert(memcmp(resp.dg[0].data, resp.dg[1].data, resp.dg[0].len) == 0);
	t_give(&resp, &a, 100);
	ck_assert_ptr_nonnull(t_logged(&a, "received INFORMATIONAL response 2"));
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), UINT64_MAX);
	t_check_up(&a, &b, 3);
	ike_out_free(&req);
	ike_out_free(&resp);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(create_child_sa_refused)
{
	struct tpeer a, b;
	struct xchg_out x;
	struct ike_sa *sa;
	struct pld_nonce nonce;
	uint8_t n[32] = { 1 }, spi[4] = { 0xc0, 0, 0, 1 };

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_run(&a, &b, 0);
	/*
	 * HDR, SK {SA, Ni}  -->   (neither a Child SA nor an IKE SA rekey)
	 *          <--  HDR, SK {N(INVALID_SYNTAX)}
	 */
	sa = first_sa(&a);
	xout_init(&x);
	xout_sa(&x, sa->sa_conn->children->esp, 1, 1, spi, 4);
	nonce.data.ptr = n;
	nonce.data.len = sizeof(n);
	XOUT_ADD(&x, IKE_PL_NONCE, pld_nonce_build, &nonce);
	x.kind = XOUT_REQUEST;
	x.exchange = IKE_X_CREATE_CHILD_SA;
	x.req_kind = REQ_LIVENESS;
	ck_assert_int_eq(xsend_request(sa, &x, 100, &a.out), IKE_OK);
	xout_free(&x);
	t_deliver(&a, &b, 100);
	ck_assert_ptr_nonnull(t_logged(&b, "IKE SA rekey refused with "
	    "INVALID_SYNTAX: malformed request"));
	ck_assert_uint_eq(b.out.n_dg, 1);
	t_check_up(&a, &b, 3);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(simultaneous_child_delete)
{
	struct tpeer a, b;
	struct ike_out da = { 0 }, db = { 0 };

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_run(&a, &b, 0);
	/* Both delete the Child SA at once; the requests cross. */
	ck_assert_int_eq(ike_engine_terminate(a.eng, 10, "lan", &a.out), IKE_OK);
	ck_assert_int_eq(ike_engine_terminate(b.eng, 10, "lan", &b.out), IKE_OK);
	t_take(&a, &da);
	t_take(&b, &db);
	t_give(&da, &b, 10);
	t_give(&db, &a, 10);
	t_run(&a, &b, 10);
	ck_assert_uint_eq(km_sa_count(a.km) + km_sa_count(b.km), 0);
	ck_assert_uint_eq(km_policy_count(a.km) + km_policy_count(b.km), 0);
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), UINT64_MAX);
	ck_assert_uint_eq(ike_engine_next_timer(b.eng), UINT64_MAX);
	ike_out_free(&da);
	ike_out_free(&db);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(kernel_failure_on_install)
{
	struct tpeer a, b;
	const char *f;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	/* The responder's kernel refuses the first policy. */
	km_fail_next(b.km, KX_ADD_POLICY, IKE_ENOMEM);
	t_run(&a, &b, 0);
	f = ike_engine_last_failure(b.eng, "branch-hq");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(strstr(f, "kernel refused it"));
	ck_assert_ptr_nonnull(strstr(ike_engine_last_failure(a.eng, "hq-branch"),
	    "TEMPORARY_FAILURE"));
	ck_assert_uint_eq(km_sa_count(a.km) + km_sa_count(b.km), 0);
	ck_assert_uint_eq(km_larval_count(a.km) + km_larval_count(b.km), 0);
	ck_assert_uint_eq(km_policy_count(a.km) + km_policy_count(b.km), 0);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(hard_expire_deletes_child)
{
	struct tpeer a, b;
	struct kx_event ev;
	struct t_sa s;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_run(&a, &b, 0);
	t_sa(&a, &s);
	ck_assert_int_eq(km_expire(a.km, &s.info.local, s.child[0].spi_in,
	    IKE_PROTO_ESP, 1, &ev), IKE_OK);
	ck_assert_int_eq(ike_engine_kernel_event(a.eng, 50, &ev, &a.out), IKE_OK);
	t_run(&a, &b, 50);
	ck_assert_uint_eq(km_sa_count(a.km) + km_sa_count(b.km), 0);
	ck_assert_uint_eq(km_policy_count(a.km) + km_policy_count(b.km), 0);
	t_sa(&b, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_uint_eq(s.info.n_children, 0);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(trap_starts_on_traffic)
{
	struct tconf ca = hq;
	struct tpeer a, b;
	struct kx_sel pkt;
	struct kx_event ev;
	const struct kx_policy *p;
	uint32_t reqid;

	ca.start = IKE_START_TRAP;
	t_peer_init(&a, "hq", 1, &ca);
	t_peer_init(&b, "branch", 2, &branch);
	/* start_all: hq installs its trap, branch has nothing to start
	 * (its child says start, but its peer starts first here). */
	ck_assert_int_eq(ike_engine_start_all(a.eng, 0, &a.out), IKE_OK);
	ck_assert_uint_eq(a.out.n_dg, 0);
	ck_assert_uint_eq(km_policy_count(a.km), 3);
	ck_assert_uint_eq(km_sa_count(a.km), 0);
	p = km_policy_at(a.km, 0);
	reqid = p->reqid;
	ck_assert(KX_REQID_OURS(reqid));
	/* A packet from 10.1.2.3 to 10.2.3.4: the kernel asks for an SA. */
	memset(&pkt, 0, sizeof(pkt));
	pkt.family = IKE_AF_INET;
	pkt.src[0] = 10; pkt.src[1] = 1; pkt.src[2] = 2; pkt.src[3] = 3;
	pkt.dst[0] = 10; pkt.dst[1] = 2; pkt.dst[2] = 3; pkt.dst[3] = 4;
	ck_assert_int_eq(km_acquire(a.km, &pkt, &ev), IKE_OK);
	ck_assert_uint_eq(ev.reqid, reqid);
	ck_assert_int_eq(ike_engine_kernel_event(a.eng, 5, &ev, &a.out), IKE_OK);
	ck_assert_uint_eq(a.out.n_dg, 1);
	ck_assert_ptr_nonnull(t_logged(&a, "traffic for lan, starting 'hq-branch'"));
	/* A second ACQUIRE while it comes up changes nothing. */
	ck_assert_int_eq(ike_engine_kernel_event(a.eng, 5, &ev, &a.out), IKE_OK);
	ck_assert_uint_eq(a.out.n_dg, 1);
	t_run(&a, &b, 5);
	/* The child's policies replaced the trap's, with its reqid. */
	t_check_up(&a, &b, 3);
	ck_assert_uint_eq(km_policy_at(a.km, 0)->reqid, reqid);
	/* When the IKE SA goes, the trap is back. */
	ck_assert_int_eq(ike_engine_terminate(b.eng, 10, "branch-hq", &b.out), IKE_OK);
	t_run(&b, &a, 10);
	ck_assert_uint_eq(km_sa_count(a.km), 0);
	ck_assert_uint_eq(km_policy_count(a.km), 3);
	ck_assert_int_eq(km_acquire(a.km, &pkt, &ev), IKE_OK);
	/* A reload keeps a trap that is still configured... */
	ck_assert_int_eq(ike_engine_set_config(a.eng, 20, t_config(&ca), &a.out), IKE_OK);
	ck_assert_uint_eq(km_policy_count(a.km), 3);
	/* ...and removes one that is not. */
	ck_assert_int_eq(ike_engine_set_config(a.eng, 30, t_config(&hq), &a.out), IKE_OK);
	ck_assert_uint_eq(km_policy_count(a.km), 0);
	ck_assert_int_eq(ike_engine_set_config(a.eng, 40, t_config(&ca), &a.out), IKE_OK);
	ck_assert_uint_eq(km_policy_count(a.km), 3);
	/* Shutdown takes it out. */
	ck_assert_int_eq(ike_engine_shutdown(a.eng, 50, &a.out), IKE_OK);
	t_check_empty(&a);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(critical_payload_inside_sk)
{
	struct tpeer a, b;
	struct ike_sa *sa;
	struct msg_builder mb;
	struct msg_seal seal;
	struct msg_hdr hdr;
	struct ike_bytes plain;
	struct wire_w w;
	struct cry_sk *sk;
	struct msg *m = calloc(1, sizeof(*m));
	uint8_t *dec = NULL;
	size_t plen;
	struct msg_sk s;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_run(&a, &b, 0);
	/*
	 * HDR, SK {?(200, critical)}  -->
	 *          <--  HDR, SK {N(UNSUPPORTED_CRITICAL_PAYLOAD, 200)}
	 */
	sa = first_sa(&a);
	sk = sa->sa_keys->ks_sk_i;
	memset(&hdr, 0, sizeof(hdr));
	hdr.spi_i = sa->sa_spi_i;
	hdr.spi_r = sa->sa_spi_r;
	hdr.version = IKE_VERSION_2;
	hdr.exchange = IKE_X_INFORMATIONAL;
	hdr.flags = IKE_FLAG_INITIATOR;
	hdr.msgid = sa->sa_mid_next;
	wire_w_init_grow(&w, 65535);
	ck_assert_int_eq(msg_build_begin(&mb, &w, &hdr), IKE_OK);
	ck_assert_int_eq(msg_sk_begin(&mb), IKE_OK);
	ck_assert_int_eq(msg_pl_begin(&mb, 200, 1), IKE_OK);
	ck_assert_int_eq(msg_pl_end(&mb), IKE_OK);
	plain = msg_sk_plain(&mb);
	ck_assert_int_eq(msg_sk_seal(&mb, cry_sk_enc_len(sk, plain.len), &seal), IKE_OK);
	ck_assert_int_eq(cry_sk_encrypt(sk, seal.aad, plain, t_rng, &a.rng,
	    seal.body, seal.body_len), IKE_OK);
	msg_builder_free(&mb);
	ck_assert_int_eq(ike_engine_input(b.eng, 10, &sa->sa_remote, &sa->sa_local,
	    w.buf, w.len, &b.out), IKE_OK);
	wire_w_free(&w);
	ck_assert_ptr_nonnull(t_logged(&b, "request with unsupported critical payload 200"));
	ck_assert_uint_eq(b.out.n_dg, 1);
	/* The answer, opened with the responder's keys. */
	ck_assert_int_eq(msg_parse(b.out.dg[0].data, b.out.dg[0].len, m), IKE_OK);
	ck_assert_int_eq(msg_sk(m, &s), IKE_OK);
	dec = malloc(s.data.len);
	ck_assert_int_eq(cry_sk_decrypt(sa->sa_keys->ks_sk_r, s.aad, s.data, dec,
	    s.data.len, &plen), IKE_OK);
	ck_assert_int_eq(msg_parse_inner(m, dec, plen), IKE_OK);
	{
		const struct msg_pl *pl = msg_find(m, IKE_PL_NOTIFY, 0);
		struct pld_notify n;

		ck_assert_ptr_nonnull(pl);
		ck_assert_int_eq(pld_notify_parse(pl->body, &n), IKE_OK);
		ck_assert_uint_eq(n.type, IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD);
		ck_assert_uint_eq(n.data.len, 1);
		ck_assert_uint_eq(n.data.ptr[0], 200);
	}
	/* The IKE SA and its child are untouched. */
	t_check_up(&a, &b, 3);
	free(dec);
	free(m);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

static size_t
n_sas(struct tpeer *p)
{
	struct t_sa s;

	t_sa(p, &s);
	return (size_t)s.n;
}

START_TEST(both_ends_start_at_once)
{
	struct tpeer a, b;
	struct ike_sa *sa;
	struct xchg_out x;
	const struct kx_sa *k0, *k1;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	/* Both send IKE_SA_INIT before hearing from the other. */
	ck_assert_int_eq(ike_engine_start_all(a.eng, 0, &a.out), IKE_OK);
	ck_assert_int_eq(ike_engine_start_all(b.eng, 0, &b.out), IKE_OK);
	t_run(&a, &b, 0);
	/* Two IKE SAs, two Child SAs each way, one set of policies. */
	ck_assert_uint_eq(n_sas(&a), 2);
	ck_assert_uint_eq(n_sas(&b), 2);
	ck_assert_uint_eq(km_sa_count(a.km), 4);
	ck_assert_uint_eq(km_sa_count(b.km), 4);
	ck_assert_uint_eq(km_policy_count(a.km), 3);
	ck_assert_uint_eq(km_policy_count(b.km), 3);
	k0 = km_sa_at(a.km, 0);
	k1 = km_sa_at(a.km, 3);
	ck_assert_uint_eq(k0->reqid, k1->reqid);
	ck_assert_int_eq(t_count_logged(&a, "W "), 0);
	ck_assert_int_eq(t_count_logged(&b, "W "), 0);
	/* One IKE SA goes (whichever holds the policies): the other's
	 * Child SA keeps them. */
	sa = first_sa(&a);
	xout_init(&x);
	ck_assert_int_eq(xsend_delete_ike(sa, &x), IKE_OK);
	ck_assert_int_eq(xsend_request(sa, &x, 10, &a.out), IKE_OK);
	xout_free(&x);
	sa->sa_state = SA_S_DELETING;
	t_run(&a, &b, 10);
	ck_assert_uint_eq(n_sas(&a), 1);
	ck_assert_uint_eq(n_sas(&b), 1);
	ck_assert(t_logged(&a, "policies stay with") || t_logged(&b, "policies stay with"));
	t_check_up(&a, &b, 3);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(peer_restarts)
{
	struct tpeer a, b;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_run(&a, &b, 0);
	t_check_up(&a, &b, 3);
	/* hq dies without a word and comes back with a clean kernel. */
	t_peer_free(&a);
	t_peer_init(&a, "hq", 11, &hq);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 100, "hq-branch", &a.out), IKE_OK);
	t_run(&a, &b, 100);
	/* INITIAL_CONTACT: branch dropped the stale SA for the new one. */
	ck_assert_ptr_nonnull(t_logged(&b, "replaced: the peer sent INITIAL_CONTACT"));
	t_check_up(&a, &b, 3);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

static Suite *
engine_xchg_suite(void)
{
	Suite *s = suite_create("engine_xchg");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, table_walk);
	tcase_add_test(tc, table_lookup);
	tcase_add_test(tc, liveness_answered);
	tcase_add_test(tc, create_child_sa_refused);
	tcase_add_test(tc, simultaneous_child_delete);
	tcase_add_test(tc, kernel_failure_on_install);
	tcase_add_test(tc, hard_expire_deletes_child);
	tcase_add_test(tc, trap_starts_on_traffic);
	tcase_add_test(tc, critical_payload_inside_sk);
	tcase_add_test(tc, both_ends_start_at_once);
	tcase_add_test(tc, peer_restarts);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(engine_xchg_suite)
