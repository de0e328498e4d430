/* SPDX-License-Identifier: ISC */
/*
 * test_engine_child.c - CREATE_CHILD_SA between two engines over
 * kernel-mem: Child SA rekeying on the kernel's soft lifetime, by the IKE
 * SA's initiator and by its responder, with and without PFS; further
 * Child SAs of a connection; IKE SA rekeying is in test_engine_rekey.c.
 */
#include "engine_test.h"

static void
rekey_by(int initiator, const char *esp)
{
	struct tconf ca = hq, cb = branch;
	struct tpeer a, b, *p;
	struct t_sa before, after;

	ca.esp[0] = cb.esp[0] = esp;
	t_peer_init(&a, "hq", 1, &ca);
	t_peer_init(&b, "branch", 2, &cb);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_run(&a, &b, 0);
	t_check_up(&a, &b, 3);
	t_sa(&a, &before);
	p = initiator ? &a : &b;
	/*
	 * HDR, SK {N(REKEY_SA), SA, Ni, [KEi], TSi, TSr}  -->
	 *          <--  HDR, SK {SA, Nr, [KEr], TSi, TSr}
	 * HDR, SK {D(ESP, old)}  -->
	 *          <--  HDR, SK {D(ESP, old)}
	 */
	t_soft_expire(p, 1000);
	if (initiator) {
		ck_assert_uint_eq(p->out.n_dg, 1);
	} else {
		/* The responder waits a little for the peer to go first. */
		ck_assert_uint_eq(p->out.n_dg, 0);
		ck_assert_uint_ge(ike_engine_next_timer(p->eng), 1000 + 30000);
		ck_assert_uint_lt(ike_engine_next_timer(p->eng), 1000 + 90000);
		ike_engine_tick(p->eng, 1000 + 90000, &p->out);
		ck_assert_uint_eq(p->out.n_dg, 1);
	}
	t_run(&a, &b, 100000);
	ck_assert_ptr_nonnull(t_logged(p, "rekeyed as lan{2}"));
	ck_assert_ptr_nonnull(t_logged(initiator ? &b : &a, "rekeyed as lan{2}"));
	t_check_up(&a, &b, 3);
	t_sa(&a, &after);
	ck_assert_uint_ne(after.child[0].spi_in, before.child[0].spi_in);
	ck_assert_uint_ne(after.child[0].spi_out, before.child[0].spi_out);
	ck_assert_uint_eq(after.child[0].id, 2);
	/* The same ciphers; a rekey adds its PFS group, if any. */
	ck_assert(strncmp(after.child[0].alg, before.child[0].alg,
	    strlen(before.child[0].alg)) == 0);
	/* Same reqid: the policies never moved. */
	ck_assert_uint_eq(km_find_sa(a.km, &after.info.local, after.child[0].spi_in,
	    IKE_PROTO_ESP)->reqid, km_policy_at(a.km, 0)->reqid);
	ck_assert_int_eq(t_count_logged(&a, "W "), 0);
	ck_assert_int_eq(t_count_logged(&b, "W "), 0);
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), UINT64_MAX);
	ck_assert_uint_eq(ike_engine_next_timer(b.eng), UINT64_MAX);
	/* And the rekeyed tunnel still comes down cleanly. */
	ck_assert_int_eq(ike_engine_terminate(a.eng, 200000, "hq-branch", &a.out), IKE_OK);
	t_run(&a, &b, 200000);
	t_check_empty(&a);
	t_check_empty(&b);
	t_peer_free(&a);
	t_peer_free(&b);
}

START_TEST(rekey_by_initiator)
{
	rekey_by(1, "aes256gcm16");
}
END_TEST

START_TEST(rekey_by_responder)
{
	rekey_by(0, "aes256gcm16");
}
END_TEST

START_TEST(rekey_with_pfs)
{
	rekey_by(1, "aes256gcm16-x25519");
	rekey_by(0, "aes128-sha256-modp2048");
}
END_TEST

START_TEST(rekey_pfs_group_refused)
{
	struct tconf ca = hq, cb = branch;
	struct tpeer a, b;
	struct t_sa s;

	/* IKE_AUTH ignores the groups; the rekey then disagrees. */
	ca.esp[0] = "aes256gcm16-x25519";
	cb.esp[0] = "aes256gcm16-modp2048";
	t_peer_init(&a, "hq", 1, &ca);
	t_peer_init(&b, "branch", 2, &cb);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_run(&a, &b, 0);
	t_check_up(&a, &b, 3);
	t_soft_expire(&a, 1000);
	t_run(&a, &b, 1000);
	ck_assert_ptr_nonnull(strstr(ike_engine_last_failure(b.eng, "branch-hq"),
	    "no match in KE"));
	ck_assert_ptr_nonnull(strstr(ike_engine_last_failure(a.eng, "hq-branch"),
	    "peer answered NO_PROPOSAL_CHOSEN"));
	/* The old Child SA runs on. */
	t_check_up(&a, &b, 3);
	t_sa(&a, &s);
	ck_assert_uint_eq(s.child[0].id, 1);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/* Adds a second child "dmz" (10.11/16 === 10.12/16) to p's connection. */
static void
add_dmz(struct tpeer *p, const struct tconf *t, int hq_side)
{
	struct ike_config *cfg = t_config(t);
	struct ike_child_cfg *ch = calloc(1, sizeof(*ch));
	char err[128];

	*ch = *cfg->conns->children;
	snprintf(ch->name, sizeof(ch->name), "dmz");
	ck_assert_int_eq(ike_ts_parse(hq_side ? "10.11.0.0/16" : "10.12.0.0/16",
	    &ch->local_ts[0], err, sizeof(err)), IKE_OK);
	ck_assert_int_eq(ike_ts_parse(hq_side ? "10.12.0.0/16" : "10.11.0.0/16",
	    &ch->remote_ts[0], err, sizeof(err)), IKE_OK);
	ch->next = NULL;
	cfg->conns->children->next = ch;
	ck_assert_int_eq(ike_engine_set_config(p->eng, 0, cfg, &p->out), IKE_OK);
}

START_TEST(second_child)
{
	struct tpeer a, b;
	struct t_sa s;

	t_peer_init(&a, "hq", 1, &hq);
	t_peer_init(&b, "branch", 2, &branch);
	add_dmz(&a, &hq, 1);
	add_dmz(&b, &branch, 0);
	/*
	 * IKE_SA_INIT, IKE_AUTH with lan, then
	 * HDR, SK {SA, Ni, TSi, TSr}  -->
	 *          <--  HDR, SK {SA, Nr, TSi, TSr}
	 */
	ck_assert_int_eq(ike_engine_start_all(a.eng, 0, &a.out), IKE_OK);
	t_run(&a, &b, 0);
	t_sa(&a, &s);
	ck_assert_uint_eq(s.info.n_children, 2);
	ck_assert_str_eq(s.child[1].name, "dmz");
	ck_assert_str_eq(s.child[1].state, "INSTALLED");
	t_sa(&b, &s);
	ck_assert_uint_eq(s.info.n_children, 2);
	ck_assert_uint_eq(km_sa_count(a.km), 4);
	ck_assert_uint_eq(km_sa_count(b.km), 4);
	ck_assert_uint_eq(km_policy_count(a.km), 6);
	ck_assert_uint_eq(km_policy_count(b.km), 6);
	ck_assert_ptr_nonnull(t_logged(&b, "and TS 10.12.0.0/16 === 10.11.0.0/16"));
	/* Taking one child down leaves the other. */
	ck_assert_int_eq(ike_engine_terminate(a.eng, 10, "dmz", &a.out), IKE_OK);
	t_run(&a, &b, 10);
	t_check_up(&a, &b, 3);
	/* And asking for it again adds it back to the IKE SA. */
	ck_assert_int_eq(ike_engine_initiate(a.eng, 20, "dmz", &a.out), IKE_OK);
	t_run(&a, &b, 20);
	ck_assert_uint_eq(km_sa_count(a.km), 4);
	ck_assert_uint_eq(km_policy_count(b.km), 6);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 30, "dmz", &a.out), IKE_EEXIST);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

static Suite *
child_suite(void)
{
	Suite *s = suite_create("engine_child");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, rekey_by_initiator);
	tcase_add_test(tc, rekey_by_responder);
	tcase_add_test(tc, rekey_with_pfs);
	tcase_add_test(tc, rekey_pfs_group_refused);
	tcase_add_test(tc, second_child);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(child_suite)
