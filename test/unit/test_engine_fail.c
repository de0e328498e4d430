/* SPDX-License-Identifier: ISC */
/*
 * test_engine_fail.c - negotiations that go wrong, between two engines
 * over kernel-mem: the INVALID_KE_PAYLOAD retry, and every failure that
 * must explain itself on both sides (no proposal chosen, traffic
 * selectors unacceptable, wrong PSK, no connection for the peer's ID,
 * the responder not being who we expect), with the connection's last
 * failure set and no kernel state left behind.
 */
#include "engine_test.h"

static void
run(struct tpeer *a, struct tpeer *b, const struct tconf *ca,
    const struct tconf *cb)
{
	t_peer_init(a, "hq", 1, ca);
	t_peer_init(b, "branch", 2, cb);
	ck_assert_int_eq(ike_engine_initiate(a->eng, 0, ca->name, &a->out), IKE_OK);
	t_run(a, b, 10);
}

/* Both sides have nothing: no SA, no kernel state. */
static void
nothing_left(struct tpeer *a, struct tpeer *b)
{
	t_check_empty(a);
	t_check_empty(b);
}

/* The IKE SA is up on both sides, without Child SA or kernel state. */
static void
ike_only(struct tpeer *a, struct tpeer *b)
{
	struct t_sa s;

	t_sa(a, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.info.state, "ESTABLISHED");
	ck_assert_uint_eq(s.info.n_children, 0);
	t_sa(b, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.info.state, "ESTABLISHED");
	ck_assert_uint_eq(s.info.n_children, 0);
	ck_assert_uint_eq(km_sa_count(a->km) + km_larval_count(a->km), 0);
	ck_assert_uint_eq(km_sa_count(b->km) + km_larval_count(b->km), 0);
	ck_assert_uint_eq(km_policy_count(a->km) + km_policy_count(b->km), 0);
}

START_TEST(invalid_ke_retry)
{
	struct tconf ca = hq, cb = branch;
	struct tpeer a, b;
	struct t_sa s;

	/* hq sends x25519 first; branch only takes MODP 2048. */
	ca.ike[0] = "aes256gcm16-prfsha256-x25519-modp2048";
	cb.ike[0] = "aes256gcm16-prfsha256-modp2048";
	t_peer_init(&a, "hq", 1, &ca);
	t_peer_init(&b, "branch", 2, &cb);
	/*
	 * HDR, SAi1, KEi(x25519), Ni  -->
	 *          <--  HDR, N(INVALID_KE_PAYLOAD, MODP_2048)
	 */
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_deliver(&a, &b, 0);
	ck_assert_ptr_nonnull(t_logged(&b, "peer sent a KE payload for CURVE25519, "
	    "we want MODP_2048: answering INVALID_KE_PAYLOAD"));
	{
		/* No state kept for it. */
		struct ike_stats st;

		ike_engine_stats(b.eng, &st);
		ck_assert_uint_eq(st.half_open, 0);
		ck_assert_uint_eq(st.ike_sas, 0);
	}
	/*
	 * HDR(same SPIi), SAi1, KEi(MODP_2048), Ni  -->
	 *          <--  HDR, SAr1, KEr, Nr ...
	 */
	t_deliver(&b, &a, 0);
	ck_assert_ptr_nonnull(t_logged(&a, "peer wants key exchange MODP_2048 "
	    "instead of CURVE25519, retrying"));
	t_run(&a, &b, 0);
	t_check_up(&a, &b, 3);
	t_sa(&a, &s);
	ck_assert_str_eq(s.info.alg, "AES_GCM_16_256/PRF_HMAC_SHA2_256/MODP_2048");
	ck_assert_ptr_null(ike_engine_last_failure(a.eng, "hq-branch"));
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(no_proposal_chosen)
{
	struct tconf ca = hq;
	struct tpeer a, b;
	const char *fa, *fb;

	ca.ike[0] = "aes128-sha256-modp2048";
	/*
	 * HDR, SAi1(AES_CBC_128...), KEi, Ni  -->
	 *          <--  HDR, N(NO_PROPOSAL_CHOSEN)
	 */
	run(&a, &b, &ca, &branch);
	nothing_left(&a, &b);
	fb = t_failure_is(&b, "branch-hq",
	    "no proposal chosen: peer offered AES_CBC_128/"
	    "HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048, we accept "
	    "AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE25519: no match in ENCR");
	ck_assert_ptr_nonnull(t_logged(&b, fb));
	fa = t_failure_is(&a, "hq-branch",
	    "no proposal chosen: peer accepted none of "
	    "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048 "
	    "(NO_PROPOSAL_CHOSEN)");
	ck_assert_ptr_nonnull(t_logged(&a, fa));
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(no_connection_for_the_addresses)
{
	struct tconf cb = branch;
	struct tpeer a, b;

	cb.raddr = "192.0.2.99";
	run(&a, &b, &hq, &cb);
	nothing_left(&a, &b);
	ck_assert_ptr_nonnull(t_logged(&b, "no connection configured for "
	    "192.0.2.2[500]...192.0.2.1[500], refusing IKE_SA_INIT"));
	ck_assert_ptr_nonnull(strstr(ike_engine_last_failure(a.eng, "hq-branch"),
	    "NO_PROPOSAL_CHOSEN"));
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(ts_unacceptable)
{
	struct tconf cb = branch;
	struct tpeer a, b;
	const char *fa, *fb;

	cb.rts[0] = "10.9.0.0/16";
	/*
	 * HDR, SK {IDi, IDr, AUTH, SAi2, TSi, TSr}  -->
	 *          <--  HDR, SK {IDr, AUTH, N(TS_UNACCEPTABLE)}
	 */
	run(&a, &b, &hq, &cb);
	ike_only(&a, &b);
	fb = t_failure_is(&b, "branch-hq",
	    "CHILD_SA not established: traffic selectors "
	    "unacceptable: peer proposed 10.1.0.0/16 === 10.2.0.0/16, we allow "
	    "10.9.0.0/16 === 10.2.0.0/16 (lan)");
	fa = t_failure_is(&a, "hq-branch",
	    "CHILD_SA lan{1} not established: peer answered "
	    "TS_UNACCEPTABLE (we proposed 10.1.0.0/16 === 10.2.0.0/16)");
	ck_assert_ptr_nonnull(t_logged(&a, fa));
	ck_assert_ptr_nonnull(t_logged(&b, fb));
	/* The IKE SA still works: delete it. */
	ck_assert_int_eq(ike_engine_terminate(a.eng, 20, "hq-branch", &a.out), IKE_OK);
	t_run(&a, &b, 20);
	nothing_left(&a, &b);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(child_no_proposal_chosen)
{
	struct tconf cb = branch;
	struct tpeer a, b;

	cb.esp[0] = "aes128-sha256";
	run(&a, &b, &hq, &cb);
	ike_only(&a, &b);
	t_failure_is(&b, "branch-hq",
	    "CHILD_SA lan not established: no proposal chosen: "
	    "peer offered AES_GCM_16_256/NO_ESN, we accept AES_CBC_128/"
	    "HMAC_SHA2_256_128/NO_ESN: no match in ENCR");
	ck_assert_ptr_nonnull(strstr(ike_engine_last_failure(a.eng, "hq-branch"),
	    "peer answered NO_PROPOSAL_CHOSEN"));
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(wrong_psk)
{
	struct tconf cb = branch;
	struct tpeer a, b;
	const char *fb;

	cb.psk = "incorrect horse";
	/*
	 * HDR, SK {IDi, IDr, AUTH, SAi2, TSi, TSr}  -->
	 *          <--  HDR, SK {N(AUTHENTICATION_FAILED)}
	 */
	run(&a, &b, &hq, &cb);
	nothing_left(&a, &b);
	fb = t_failure_is(&b, "branch-hq",
	    "authentication of 'hq.example.net' with pre-shared "
	    "key failed");
	ck_assert_ptr_nonnull(t_logged(&b, fb));
	t_failure_is(&a, "hq-branch",
	    "peer refused our authentication as 'hq.example.net' "
	    "(AUTHENTICATION_FAILED): wrong pre-shared key, or no connection for "
	    "our ID there");
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(no_connection_for_the_peer_id)
{
	struct tconf cb = branch;
	struct tpeer a, b;

	cb.rid = "other.example.net";
	run(&a, &b, &hq, &cb);
	nothing_left(&a, &b);
	t_failure_is(&b, "branch-hq",
	    "no connection matches peer 'hq.example.net' at "
	    "192.0.2.1[500]");
	ck_assert_ptr_nonnull(strstr(ike_engine_last_failure(a.eng, "hq-branch"),
	    "AUTHENTICATION_FAILED"));
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/*
 * The responder has two connections to the same peer address: a stranger's
 * ID matches neither, so neither is marked as failed (the working tunnel
 * of one of them must not show a stranger's failure), but the log says why.
 */
START_TEST(stranger_marks_no_connection)
{
	struct tconf ca = hq, cb2 = branch;
	struct ike_config *cfg, *cfg2;
	struct tpeer a, b;

	ca.lid = "stranger.example.net";
	cb2.name = "branch-other";
	cb2.rid = "other.example.net";
	t_peer_init(&a, "hq", 1, &ca);
	t_peer_init(&b, "branch", 2, &branch);
	cfg = t_config(&branch);
	cfg2 = t_config(&cb2);
	cfg->conns->next = cfg2->conns;
	cfg2->conns = NULL;
	ike_config_free(cfg2);
	ck_assert_int_eq(ike_engine_set_config(b.eng, 0, cfg, &b.out), IKE_OK);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, ca.name, &a.out), IKE_OK);
	t_run(&a, &b, 10);
	nothing_left(&a, &b);
	ck_assert_ptr_nonnull(t_logged(&b, "no connection matches peer "
	    "'stranger.example.net' at 192.0.2.1[500]"));
	ck_assert_ptr_null(ike_engine_last_failure(b.eng, "branch-hq"));
	ck_assert_ptr_null(ike_engine_last_failure(b.eng, "branch-other"));
	ck_assert_ptr_nonnull(strstr(ike_engine_last_failure(a.eng, "hq-branch"),
	    "AUTHENTICATION_FAILED"));
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(responder_not_who_we_expect)
{
	struct tconf ca = hq;
	struct tpeer a, b;

	/* hq wants branch2; branch answers as itself and accepts any PSK
	 * pairing that names hq. */
	ca.rid = "branch2.example.net";
	ca.psk_ids[0] = "hq.example.net";
	ca.psk_ids[1] = "branch2.example.net";
	/*
	 * ...      <--  HDR, SK {IDr(branch), AUTH, SAr2, TSi, TSr}
	 * HDR, SK {N(AUTHENTICATION_FAILED)}  -->
	 *          <--  HDR, SK {}
	 */
	run(&a, &b, &ca, &branch);
	nothing_left(&a, &b);
	t_failure_is(&a, "hq-branch",
	    "peer identified as 'branch.example.net', we expect "
	    "'branch2.example.net'");
	ck_assert_ptr_nonnull(strstr(ike_engine_last_failure(b.eng, "branch-hq"),
	    "AUTHENTICATION_FAILED"));
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(no_psk_configured)
{
	struct tconf ca = hq;
	struct tpeer a, b;

	ca.psk_ids[0] = "someone.example.net";
	ca.psk_ids[1] = "else.example.net";
	t_peer_init(&a, "hq", 1, &ca);
	t_peer_init(&b, "branch", 2, &branch);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_run(&a, &b, 10);
	ck_assert_str_eq(ike_engine_last_failure(a.eng, "hq-branch"),
	    "no pre-shared key found for 'hq.example.net' - 'branch.example.net'");
	t_check_empty(&a);
	/* The responder's half-open SA waits for its timeout. */
	ck_assert_int_eq(ike_engine_tick(b.eng, 40000, &b.out), IKE_OK);
	t_check_empty(&b);
	ck_assert_ptr_nonnull(t_logged(&b, "half-open IKE SA timed out"));
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

static Suite *
fail_suite(void)
{
	Suite *s = suite_create("engine_fail");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, invalid_ke_retry);
	tcase_add_test(tc, no_proposal_chosen);
	tcase_add_test(tc, no_connection_for_the_addresses);
	tcase_add_test(tc, ts_unacceptable);
	tcase_add_test(tc, child_no_proposal_chosen);
	tcase_add_test(tc, wrong_psk);
	tcase_add_test(tc, no_connection_for_the_peer_id);
	tcase_add_test(tc, stranger_marks_no_connection);
	tcase_add_test(tc, responder_not_who_we_expect);
	tcase_add_test(tc, no_psk_configured);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(fail_suite)
