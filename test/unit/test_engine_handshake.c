/* SPDX-License-Identifier: ISC */
/*
 * test_engine_handshake.c - whole IKEv2 handshakes between two in-memory
 * engines over kernel-mem: IKE_SA_INIT, IKE_AUTH with PSK and the first
 * Child SA, then deletes from either side; tunnel and transport mode,
 * IPv4 and IPv6 inside and outside, several algorithm suites, narrowing,
 * the views for sakerctl, and shutdown.
 */
#include "engine_test.h"

static void
up(struct tpeer *a, struct tpeer *b, const struct tconf *ca,
    const struct tconf *cb)
{
	t_peer_init(a, "hq", 1, ca);
	t_peer_init(b, "branch", 2, cb);
	/*
	 * hq                                   branch
	 * HDR, SAi1, KEi, Ni, N(NATD_S/D)  -->
	 *                  <--  HDR, SAr1, KEr, Nr, N(NATD_S/D)
	 * HDR, SK {IDi, IDr, AUTH, N(INITIAL_CONTACT), SAi2, TSi, TSr}  -->
	 *                  <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr}
	 */
	ck_assert_int_eq(ike_engine_initiate(a->eng, 0, ca->name, &a->out), IKE_OK);
	ck_assert_uint_eq(a->out.n_dg, 1);
	t_run(a, b, 10);
}

START_TEST(tunnel_up_then_initiator_deletes)
{
	struct tpeer a, b;
	struct t_sa s;
	struct ike_stats st;

	up(&a, &b, &hq, &branch);
	t_check_up(&a, &b, 3);
	ck_assert_ptr_nonnull(t_logged(&a, "sent IKE_SA_INIT request 0 to 192.0.2.2[500] ("));
	ck_assert_ptr_nonnull(t_logged(&a, "IKE SA hq-branch[1] established between "
	    "192.0.2.1[hq.example.net]...192.0.2.2[branch.example.net]"));
	ck_assert_ptr_nonnull(t_logged(&b, "IKE SA branch-hq[1] established between "
	    "192.0.2.2[branch.example.net]...192.0.2.1[hq.example.net]"));
	ck_assert_ptr_nonnull(t_logged(&a, "CHILD_SA lan{1} established with SPIs "));
	ck_assert_ptr_nonnull(t_logged(&a, "and TS 10.1.0.0/16 === 10.2.0.0/16"));
	ck_assert_ptr_nonnull(t_logged(&b, "and TS 10.2.0.0/16 === 10.1.0.0/16"));
	ck_assert_int_eq(t_count_logged(&a, "W "), 0);
	ck_assert_int_eq(t_count_logged(&b, "W "), 0);

	t_sa(&a, &s);
	ck_assert_str_eq(s.info.conn, "hq-branch");
	ck_assert(s.info.initiator);
	ck_assert_str_eq(s.info.alg, "AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE25519");
	ck_assert_str_eq(s.child[0].alg, "AES_GCM_16_256");
	ck_assert_str_eq(s.child[0].name, "lan");
	ck_assert_int_eq(s.child[0].mode, KX_MODE_TUNNEL);
	ck_assert_uint_eq(s.info.local_id->type, IKE_ID_FQDN);
	ck_assert_uint_eq(s.info.established, 10);

	/* Policies: out, in and fwd with templates and our reqid range. */
	{
		const struct kx_policy *p;
		size_t i;

		for (i = 0; (p = km_policy_at(a.km, i)) != NULL; i++) {
			ck_assert(KX_REQID_OURS(p->reqid));
			ck_assert_uint_ge(p->priority, KX_PRIO_BASE);
			ck_assert_uint_lt(p->priority, KX_PRIO_BASE + KX_PRIO_SPAN);
			ck_assert_int_eq(p->mode, KX_MODE_TUNNEL);
			ck_assert_uint_eq(p->sel.src_plen, 16);
		}
		ck_assert_uint_eq(i, 3);
	}

	/*
	 * HDR, SK {D(IKE)}  -->
	 *          <--  HDR, SK {}
	 */
	ck_assert_int_eq(ike_engine_terminate(a.eng, 20, "hq-branch", &a.out), IKE_OK);
	/* Our kernel state goes at once. */
	ck_assert_uint_eq(km_sa_count(a.km), 0);
	t_run(&a, &b, 20);
	t_check_empty(&a);
	t_check_empty(&b);
	ck_assert_ptr_nonnull(t_logged(&b, "received DELETE for IKE SA branch-hq[1]"));
	ike_engine_stats(a.eng, &st);
	ck_assert_uint_eq(st.dropped, 0);
	ck_assert_uint_eq(st.ike_sas, 0);
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), UINT64_MAX);
	ck_assert_uint_eq(ike_engine_next_timer(b.eng), UINT64_MAX);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(responder_deletes)
{
	struct tpeer a, b;

	up(&a, &b, &hq, &branch);
	t_check_up(&a, &b, 3);
	ck_assert_int_eq(ike_engine_terminate(b.eng, 20, "branch-hq", &b.out), IKE_OK);
	t_run(&b, &a, 20);
	t_check_empty(&a);
	t_check_empty(&b);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(child_deleted_ike_sa_stays)
{
	struct tpeer a, b;
	struct t_sa s;

	up(&a, &b, &hq, &branch);
	/*
	 * HDR, SK {D(ESP, SPI in of hq)}  -->
	 *          <--  HDR, SK {D(ESP, SPI in of branch)}
	 */
	ck_assert_int_eq(ike_engine_terminate(a.eng, 20, "lan", &a.out), IKE_OK);
	t_run(&a, &b, 20);
	ck_assert_uint_eq(km_sa_count(a.km), 0);
	ck_assert_uint_eq(km_sa_count(b.km), 0);
	ck_assert_uint_eq(km_policy_count(a.km), 0);
	ck_assert_uint_eq(km_policy_count(b.km), 0);
	t_sa(&a, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.info.state, "ESTABLISHED");
	ck_assert_uint_eq(s.info.n_children, 0);
	t_sa(&b, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_uint_eq(s.info.n_children, 0);
	ck_assert_ptr_nonnull(t_logged(&b, "CHILD_SA lan{1} deleted: deleted by peer"));
	ck_assert_ptr_nonnull(t_logged(&a, "CHILD_SA lan{1} deleted: deleted"));
	/* Then the IKE SA, from the responder this time. */
	ck_assert_int_eq(ike_engine_terminate(b.eng, 30, "branch-hq", &b.out), IKE_OK);
	t_run(&b, &a, 30);
	t_check_empty(&a);
	t_check_empty(&b);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(transport_mode)
{
	struct tconf ca = hq, cb = branch;
	struct tpeer a, b;
	struct t_sa s;
	const struct kx_sa *k;

	memset(ca.lts, 0, sizeof(ca.lts));
	memset(ca.rts, 0, sizeof(ca.rts));
	memset(cb.lts, 0, sizeof(cb.lts));
	memset(cb.rts, 0, sizeof(cb.rts));
	ca.mode = cb.mode = T_TRANSPORT;
	up(&a, &b, &ca, &cb);
	/* out and in, no fwd. */
	t_check_up(&a, &b, 2);
	t_sa(&a, &s);
	ck_assert_int_eq(s.child[0].mode, KX_MODE_TRANSPORT);
	k = km_find_sa(a.km, &s.info.local, s.child[0].spi_in, IKE_PROTO_ESP);
	ck_assert_int_eq(k->mode, KX_MODE_TRANSPORT);
	ck_assert_uint_eq(k->sel.src_plen, 32);
	ck_assert_ptr_nonnull(t_logged(&a, "and TS 192.0.2.1 === 192.0.2.2 (AES_GCM_16_256, transport)"));
	ck_assert_int_eq(ike_engine_terminate(a.eng, 20, "hq-branch", &a.out), IKE_OK);
	t_run(&a, &b, 20);
	t_check_empty(&a);
	t_check_empty(&b);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(transport_refused_falls_back_to_tunnel)
{
	struct tconf ca = hq;
	struct tpeer a, b;
	struct t_sa s;

	ca.mode = T_TRANSPORT;
	up(&a, &b, &ca, &branch);
	t_check_up(&a, &b, 3);
	t_sa(&a, &s);
	ck_assert_int_eq(s.child[0].mode, KX_MODE_TUNNEL);
	ck_assert_ptr_nonnull(t_logged(&a, "did not accept transport mode"));
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(ipv6_outside_and_inside)
{
	struct tconf ca = hq, cb = branch;
	struct tpeer a, b;

	ca.laddr = cb.raddr = "2001:db8::1";
	ca.raddr = cb.laddr = "2001:db8::2";
	ca.lts[0] = cb.rts[0] = "fd00:1::/64";
	ca.rts[0] = cb.lts[0] = "fd00:2::/64";
	up(&a, &b, &ca, &cb);
	t_check_up(&a, &b, 3);
	ck_assert_ptr_nonnull(t_logged(&a, "established between 2001:db8::1[hq.example.net]"
	    "...2001:db8::2[branch.example.net]"));
	ck_assert_ptr_nonnull(t_logged(&a, "TS fd00:1::/64 === fd00:2::/64"));
	ck_assert_int_eq(ike_engine_terminate(a.eng, 20, "hq-branch", &a.out), IKE_OK);
	t_run(&a, &b, 20);
	t_check_empty(&a);
	t_check_empty(&b);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(ipv4_inside_ipv6_outside_and_both_families)
{
	struct tconf ca = hq, cb = branch;
	struct tpeer a, b;

	ca.laddr = cb.raddr = "2001:db8::1";
	ca.raddr = cb.laddr = "2001:db8::2";
	ca.lts[1] = cb.rts[1] = "fd00:1::/64";
	ca.rts[1] = cb.lts[1] = "fd00:2::/64";
	up(&a, &b, &ca, &cb);
	/* Two selector pairs of one family each: 2 x (out, in, fwd). */
	t_check_up(&a, &b, 6);
	ck_assert_ptr_nonnull(t_logged(&a, "TS 10.1.0.0/16 fd00:1::/64 === 10.2.0.0/16 fd00:2::/64"));
	ike_engine_shutdown(a.eng, 20, &a.out);
	t_run(&a, &b, 20);
	t_check_empty(&a);
	t_check_empty(&b);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

static void
suite_up(const char *ike, const char *esp, const char *want_ike,
    const char *want_esp)
{
	struct tconf ca = hq, cb = branch;
	struct tpeer a, b;
	struct t_sa s;

	ca.ike[0] = cb.ike[0] = ike;
	ca.esp[0] = cb.esp[0] = esp;
	up(&a, &b, &ca, &cb);
	t_check_up(&a, &b, 3);
	t_sa(&b, &s);
	ck_assert_str_eq(s.info.alg, want_ike);
	ck_assert_str_eq(s.child[0].alg, want_esp);
	t_peer_free(&a);
	t_peer_free(&b);
}

START_TEST(algorithm_suites)
{
	suite_up("aes128-sha256-modp2048", "aes128-sha256",
	    "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048",
	    "AES_CBC_128/HMAC_SHA2_256_128");
	suite_up("chacha20poly1305-prfsha512-ecp256", "chacha20poly1305-esn",
	    "CHACHA20_POLY1305/PRF_HMAC_SHA2_512/ECP_256",
	    "CHACHA20_POLY1305/ESN");
	suite_up("aes256-sha384-x448", "aes256-sha512",
	    "AES_CBC_256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/CURVE448",
	    "AES_CBC_256/HMAC_SHA2_512_256");
}
END_TEST

START_TEST(narrowing)
{
	struct tconf ca = hq, cb = branch;
	struct tpeer a, b;
	struct t_sa s;
	char buf[64];

	/* hq asks for 10.0.0.0/8 on its side; branch allows 10.1.0.0/16. */
	ca.lts[0] = "10.0.0.0/8";
	up(&a, &b, &ca, &cb);
	t_check_up(&a, &b, 3);
	t_sa(&a, &s);
	ck_assert_uint_eq(s.child[0].n_local_ts, 1);
	ike_ts_format(&s.lts[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "10.1.0.0/16");
	ck_assert_ptr_nonnull(t_logged(&a, "TS 10.1.0.0/16 === 10.2.0.0/16"));
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(counters_and_views)
{
	struct tpeer a, b;
	struct t_sa s;
	struct ike_stats st;

	up(&a, &b, &hq, &branch);
	t_sa(&a, &s);
	ck_assert_int_eq(km_traffic(a.km, &s.info.local, s.child[0].spi_in,
	    IKE_PROTO_ESP, 1000, 10), IKE_OK);
	ck_assert_int_eq(km_traffic(a.km, &s.info.remote, s.child[0].spi_out,
	    IKE_PROTO_ESP, 300, 3), IKE_OK);
	t_sa(&a, &s);
	ck_assert_uint_eq(s.child[0].bytes_in, 1000);
	ck_assert_uint_eq(s.child[0].packets_in, 10);
	ck_assert_uint_eq(s.child[0].bytes_out, 300);
	ck_assert_uint_eq(s.child[0].packets_out, 3);
	ike_engine_stats(a.eng, &st);
	ck_assert_uint_eq(st.ike_sas, 1);
	ck_assert_uint_eq(st.child_sas, 1);
	ck_assert_uint_eq(st.tx, 2);
	ck_assert_uint_eq(st.rx, 2);
	ike_engine_stats(b.eng, &st);
	ck_assert_uint_eq(st.half_open, 0);
	ck_assert_ptr_null(ike_engine_last_failure(a.eng, "hq-branch"));
	/* A second initiate of a connection that is up changes nothing. */
	ck_assert_int_eq(ike_engine_initiate(a.eng, 20, "hq-branch", &a.out), IKE_EEXIST);
	ck_assert_uint_eq(a.out.n_dg, 0);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 20, "nope", &a.out), IKE_ENOTFOUND);
	ck_assert_int_eq(ike_engine_terminate(a.eng, 20, "nope", &a.out), IKE_ENOTFOUND);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(shutdown_clears_both_sides)
{
	struct tpeer a, b;

	up(&a, &b, &hq, &branch);
	/* The responder shuts down: Delete sent, not waited for. */
	ck_assert_int_eq(ike_engine_shutdown(b.eng, 20, &b.out), IKE_OK);
	t_check_empty(&b);
	ck_assert_uint_eq(b.out.n_dg, 1);
	t_deliver(&b, &a, 20);
	t_check_empty(&a);
	/* Its answer finds nothing on b, and that is fine. */
	t_deliver(&a, &b, 20);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(reload_removes_sas_of_removed_connections)
{
	struct tconf other = hq;
	struct tpeer a, b;
	struct t_sa s;

	up(&a, &b, &hq, &branch);
	/* Same connection again: the SA stays, and nothing is said. */
	ck_assert_int_eq(ike_engine_set_config(a.eng, 20, t_config(&hq), &a.out), IKE_OK);
	ck_assert_uint_eq(a.out.n_dg, 0);
	t_sa(&a, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_ptr_null(ike_engine_reload_note(a.eng, 0));
	/* Renamed: the old one's SA goes, with a Delete to the peer, and
	 * the reload says that its traffic lost its protection. */
	other.name = "elsewhere";
	ck_assert_int_eq(ike_engine_set_config(a.eng, 30, t_config(&other), &a.out), IKE_OK);
	ck_assert_str_eq(ike_engine_reload_note(a.eng, 0), "hq-branch[1]: "
	    "connection removed, IKE SA deleted with 1 Child SA: their "
	    "traffic is no longer protected by IPsec");
	ck_assert_ptr_null(ike_engine_reload_note(a.eng, 1));
	t_check_empty(&a);
	t_run(&a, &b, 30);
	t_check_empty(&b);
	ck_assert_str_eq(ike_engine_config(a.eng)->conns->name, "elsewhere");
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/* A reload that changes what a running SA was negotiated with says so:
 * the SA keeps running as it is until it is made anew. */
START_TEST(reload_says_what_changed)
{
	struct tconf changed = hq;
	const char *line;
	struct tpeer a, b;
	struct t_sa s;

	up(&a, &b, &hq, &branch);
	changed.rid = "other.example.net";
	changed.rts[0] = "10.9.0.0/16";
	changed.rts[1] = NULL;
	changed.psk = "another secret entirely";
	changed.psk_ids[0] = hq.lid;
	changed.psk_ids[1] = hq.rid;
	ck_assert_int_eq(ike_engine_set_config(a.eng, 20, t_config(&changed),
	    &a.out), IKE_OK);
	ck_assert_uint_eq(a.out.n_dg, 0);
	t_sa(&a, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_uint_eq(s.info.n_children, 1);
	line = ike_engine_reload_note(a.eng, 0);
	ck_assert_ptr_nonnull(line);
	ck_assert_ptr_nonnull(strstr(line, "hq-branch[1]: connection changed "
	    "(remote id, traffic selectors of lan, PSK)"));
	ck_assert_ptr_nonnull(strstr(line, "'sakerctl down hq-branch'"));
	ck_assert_ptr_nonnull(t_logged(&a, "reload: hq-branch[1]: connection "
	    "changed"));
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

static Suite *
handshake_suite(void)
{
	Suite *s = suite_create("engine_handshake");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, tunnel_up_then_initiator_deletes);
	tcase_add_test(tc, responder_deletes);
	tcase_add_test(tc, child_deleted_ike_sa_stays);
	tcase_add_test(tc, transport_mode);
	tcase_add_test(tc, transport_refused_falls_back_to_tunnel);
	tcase_add_test(tc, ipv6_outside_and_inside);
	tcase_add_test(tc, ipv4_inside_ipv6_outside_and_both_families);
	tcase_add_test(tc, algorithm_suites);
	tcase_add_test(tc, narrowing);
	tcase_add_test(tc, counters_and_views);
	tcase_add_test(tc, shutdown_clears_both_sides);
	tcase_add_test(tc, reload_removes_sas_of_removed_connections);
	tcase_add_test(tc, reload_says_what_changed);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(handshake_suite)
