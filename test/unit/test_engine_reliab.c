/* SPDX-License-Identifier: ISC */
/*
 * test_engine_reliab.c - reliability and hostile input between two
 * engines over kernel-mem on a virtual clock: lost requests and
 * responses, duplicated requests answered byte for byte from the cache,
 * exponential backoff and giving up, responses with the wrong message ID,
 * garbage, tampered ciphertext, the half-open limit, and unknown critical
 * payloads.
 */
#include "engine_test.h"
#include "msg.h"

static void
start(struct tpeer *a, struct tpeer *b, const struct tconf *ca)
{
	t_peer_init(a, "hq", 1, ca);
	t_peer_init(b, "branch", 2, &branch);
	ck_assert_int_eq(ike_engine_initiate(a->eng, 0, "hq-branch", &a->out), IKE_OK);
}

static uint64_t
dropped(struct tpeer *p)
{
	struct ike_stats st;

	ike_engine_stats(p->eng, &st);
	return st.dropped;
}

static void
same_bytes(const struct ike_datagram *x, const struct ike_datagram *y)
{
	ck_assert_uint_eq(x->len, y->len);
	ck_assert(memcmp(x->data, y->data, x->len) == 0);
}

START_TEST(lost_init_request)
{
	struct tpeer a, b;
	struct ike_stats st;

	start(&a, &b, &hq);
	/* HDR, SAi1, KEi, Ni  --X */
	ck_assert_uint_eq(t_drop(&a), 1);
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), 2000);
	ike_engine_tick(a.eng, 1999, &a.out);
	ck_assert_uint_eq(a.out.n_dg, 0);
	/* 2 s later, again:  HDR, SAi1, KEi, Ni  --> */
	ike_engine_tick(a.eng, 2000, &a.out);
	ck_assert_uint_eq(a.out.n_dg, 1);
	ck_assert_ptr_nonnull(t_logged(&a, "retransmit 1 of request with message ID 0"));
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), 2000 + 4000);
	t_run(&a, &b, 2000);
	t_check_up(&a, &b, 3);
	ike_engine_stats(a.eng, &st);
	ck_assert_uint_eq(st.retransmits, 1);
	ck_assert_uint_eq(ike_engine_next_timer(a.eng), UINT64_MAX);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(lost_init_response)
{
	struct tpeer a, b;
	struct ike_out lost = { 0 }, again = { 0 };

	start(&a, &b, &hq);
	t_deliver(&a, &b, 0);
	/* <--X  HDR, SAr1, KEr, Nr */
	ck_assert_uint_eq(t_take(&b, &lost), 1);
	ike_engine_tick(a.eng, 2000, &a.out);
	t_deliver(&a, &b, 2000);
	/* The same request gets the same response, byte for byte. */
	ck_assert_uint_eq(t_take(&b, &again), 1);
	same_bytes(&lost.dg[0], &again.dg[0]);
	t_give(&again, &a, 2000);
	t_run(&a, &b, 2000);
	t_check_up(&a, &b, 3);
	ike_out_free(&lost);
	ike_out_free(&again);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(duplicated_auth_request)
{
	struct tpeer a, b;
	struct ike_out req = { 0 }, resp = { 0 };
	struct t_sa s;

	start(&a, &b, &hq);
	t_deliver(&a, &b, 0);
	t_deliver(&b, &a, 0);
	/* HDR, SK {IDi, AUTH, ...}  -->  twice */
	ck_assert_uint_eq(t_take(&a, &req), 1);
	t_give(&req, &b, 0);
	t_give(&req, &b, 0);
	ck_assert_uint_eq(t_take(&b, &resp), 2);
	same_bytes(&resp.dg[0], &resp.dg[1]);
	/* Nothing changed on the responder. */
	t_sa(&b, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_uint_eq(s.info.n_children, 1);
	ck_assert_uint_eq(km_sa_count(b.km), 2);
	ck_assert_uint_eq(km_policy_count(b.km), 3);
	/* The initiator takes the first; the second answers nothing. */
	t_give(&resp, &a, 0);
	ck_assert_uint_eq(dropped(&a), 1);
	t_check_up(&a, &b, 3);
	ike_out_free(&req);
	ike_out_free(&resp);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/*
 * RFC 7296 2.1: a retransmission is the same message.  Other bytes with
 * the message ID answered last get nothing, and a forged source cannot
 * make the responder answer one IKE_SA_INIT without bound.
 */
START_TEST(init_same_id_other_bytes)
{
	struct tpeer a, b;
	struct ike_out req = { 0 }, resp = { 0 };
	uint64_t d;
	int i;

	start(&a, &b, &hq);
	ck_assert_uint_eq(t_take(&a, &req), 1);
	t_give(&req, &b, 0);
	ck_assert_uint_eq(t_take(&b, &resp), 1);
	/* Same SPIs and message ID, one byte changed: dropped. */
	req.dg[0].data[req.dg[0].len - 1] ^= 0x5a;
	d = dropped(&b);
	t_give(&req, &b, 0);
	ck_assert_uint_eq(b.out.n_dg, 0);
	ck_assert_uint_eq(dropped(&b), d + 1);
	ck_assert_ptr_nonnull(t_logged(&b, "not a retransmission"));
	/* The very request again: the very response, five times at most. */
	req.dg[0].data[req.dg[0].len - 1] ^= 0x5a;
	for (i = 0; i < 8; i++)
		t_give(&req, &b, 0);
	ck_assert_uint_eq(b.out.n_dg, 5);
	same_bytes(&resp.dg[0], &b.out.dg[0]);
	same_bytes(&resp.dg[0], &b.out.dg[4]);
	ck_assert_ptr_nonnull(t_logged(&b, "IKE_SA_INIT retransmitted too often"));
	t_drop(&b);
	/* The initiator still gets its answer and goes on. */
	t_give(&resp, &a, 0);
	t_run(&a, &b, 0);
	t_check_up(&a, &b, 3);
	ike_out_free(&req);
	ike_out_free(&resp);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(auth_same_id_other_bytes)
{
	struct tpeer a, b;
	struct ike_out req = { 0 };
	uint64_t d;

	start(&a, &b, &hq);
	t_deliver(&a, &b, 0);
	t_deliver(&b, &a, 0);
	ck_assert_uint_eq(t_take(&a, &req), 1);
	t_give(&req, &b, 0);
	t_deliver(&b, &a, 0);
	t_check_up(&a, &b, 3);
	/* Message ID 1 of IKE_AUTH again, its ICV broken: no answer. */
	req.dg[0].data[req.dg[0].len - 1] ^= 0x01;
	d = dropped(&b);
	t_give(&req, &b, 0);
	ck_assert_uint_eq(b.out.n_dg, 0);
	ck_assert_uint_eq(dropped(&b), d + 1);
	/* The real retransmission is answered. */
	req.dg[0].data[req.dg[0].len - 1] ^= 0x01;
	t_give(&req, &b, 0);
	ck_assert_uint_eq(b.out.n_dg, 1);
	t_drop(&b);
	ike_out_free(&req);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(lost_auth_response)
{
	struct tpeer a, b;
	struct ike_out lost = { 0 }, again = { 0 };

	start(&a, &b, &hq);
	t_deliver(&a, &b, 0);
	t_deliver(&b, &a, 0);
	t_deliver(&a, &b, 0);
	ck_assert_uint_eq(t_take(&b, &lost), 1);
	ike_engine_tick(a.eng, 2000, &a.out);
	ck_assert_uint_eq(a.out.n_dg, 1);
	t_deliver(&a, &b, 2000);
	ck_assert_uint_eq(t_take(&b, &again), 1);
	same_bytes(&lost.dg[0], &again.dg[0]);
	t_give(&again, &a, 2000);
	t_check_up(&a, &b, 3);
	ike_out_free(&lost);
	ike_out_free(&again);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/* Ticks at every timer until the engine wants none; returns the time of
 * the last one and counts the datagrams it sent. */
static uint64_t
until_quiet(struct tpeer *p, size_t *sent)
{
	uint64_t t, last = 0;

	while ((t = ike_engine_next_timer(p->eng)) != UINT64_MAX) {
		ike_engine_tick(p->eng, t, &p->out);
		*sent += t_drop(p);
		last = t;
	}
	return last;
}

START_TEST(give_up_after_retransmits)
{
	struct tpeer a, b;
	size_t sent = 0;

	start(&a, &b, &hq);
	t_drop(&a);
	/* 2, 4, 8, 16, 32 s between the five retransmits, then 64 s. */
	ck_assert_uint_eq(until_quiet(&a, &sent), 126000);
	ck_assert_uint_eq(sent, 5);
	ck_assert_str_eq(ike_engine_last_failure(a.eng, "hq-branch"),
	    "peer not responding after 5 retransmits, giving up");
	t_check_empty(&a);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(give_up_with_configured_timing)
{
	struct tconf ca = hq;
	struct tpeer a, b;
	size_t sent = 0;

	ca.retransmit_ms = 500;
	ca.retransmit_tries = 2;
	start(&a, &b, &ca);
	/* The IKE_AUTH request is lost, with a larval SPI behind it. */
	t_deliver(&a, &b, 0);
	t_deliver(&b, &a, 0);
	t_drop(&a);
	ck_assert_uint_eq(km_larval_count(a.km), 1);
	ck_assert_uint_eq(until_quiet(&a, &sent), 500 + 1000 + 2000);
	ck_assert_uint_eq(sent, 2);
	ck_assert_str_eq(ike_engine_last_failure(a.eng, "hq-branch"),
	    "peer not responding after 2 retransmits, giving up");
	t_check_empty(&a);
	/* The responder's half-open SA expires on its own. */
	ck_assert_uint_eq(ike_engine_next_timer(b.eng), 30000);
	ike_engine_tick(b.eng, 30000, &b.out);
	t_check_empty(&b);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(response_with_wrong_message_id)
{
	struct tpeer a, b;
	struct ike_out resp = { 0 };
	struct t_sa s;

	start(&a, &b, &hq);
	t_deliver(&a, &b, 0);
	t_take(&b, &resp);
	resp.dg[0].data[23] ^= 1;	/* message ID 1 */
	t_give(&resp, &a, 0);
	ck_assert_uint_eq(dropped(&a), 1);
	ck_assert_uint_eq(a.out.n_dg, 0);
	t_sa(&a, &s);
	ck_assert_str_eq(s.info.state, "CONNECTING");
	resp.dg[0].data[23] ^= 1;
	t_give(&resp, &a, 0);
	t_run(&a, &b, 0);
	t_check_up(&a, &b, 3);
	ike_out_free(&resp);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(garbage_is_dropped)
{
	struct tpeer a, b;
	struct ike_out req = { 0 };
	struct ike_addr la, ra;
	uint8_t junk[300];
	uint64_t seed = 42;
	size_t n, len;
	struct ike_stats st;

	start(&a, &b, &hq);
	t_take(&a, &req);
	la = req.dg[0].remote;
	ra = req.dg[0].local;
	for (n = 0; n < 200; n++) {
		len = n % sizeof(junk);
		t_rng(&seed, junk, len);
		ck_assert_int_eq(ike_engine_input(b.eng, 0, &la, &ra, junk, len,
		    &b.out), IKE_OK);
	}
	/* Every truncation of a real request. */
	for (len = 0; len < req.dg[0].len; len++)
		ck_assert_int_eq(ike_engine_input(b.eng, 0, &la, &ra,
		    req.dg[0].data, len, &b.out), IKE_OK);
	/* A single flipped bit in the header or proposal. */
	for (n = 0; n < 64; n++) {
		req.dg[0].data[n] ^= 0x10;
		ike_engine_input(b.eng, 0, &la, &ra, req.dg[0].data,
		    req.dg[0].len, &b.out);
		req.dg[0].data[n] ^= 0x10;
	}
	ike_engine_stats(b.eng, &st);
	ck_assert_uint_ge(st.dropped, 200 + req.dg[0].len);
	/* Whatever it answered, it holds no SA that is not half-open. */
	ck_assert_uint_eq(km_sa_count(b.km), 0);
	ike_out_reset(&b.out);
	ike_engine_tick(b.eng, 60000, &b.out);
	t_check_empty(&b);
	/* And it still serves real peers. */
	ike_out_reset(&a.out);
	t_peer_free(&a);
	t_peer_init(&a, "hq", 7, &hq);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 60000, "hq-branch", &a.out), IKE_OK);
	t_run(&a, &b, 60000);
	t_check_up(&a, &b, 3);
	ike_out_free(&req);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(tampered_auth_request)
{
	struct tpeer a, b;
	struct ike_out req = { 0 };
	struct t_sa s;

	start(&a, &b, &hq);
	t_deliver(&a, &b, 0);
	t_deliver(&b, &a, 0);
	t_take(&a, &req);
	req.dg[0].data[req.dg[0].len - 30] ^= 0x01;
	t_give(&req, &b, 0);
	ck_assert_uint_eq(dropped(&b), 1);
	ck_assert_ptr_nonnull(t_logged(&b, "integrity check failed"));
	ck_assert_uint_eq(b.out.n_dg, 0);
	t_sa(&b, &s);
	ck_assert_str_eq(s.info.state, "CONNECTING");
	/* The retransmission gets through. */
	ike_engine_tick(a.eng, 2000, &a.out);
	t_run(&a, &b, 2000);
	t_check_up(&a, &b, 3);
	ike_out_free(&req);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(half_open_limit)
{
	struct tpeer a, b;
	struct ike_out req = { 0 };
	struct ike_config *cfg;
	struct ike_stats st;
	uint8_t *pkt;
	size_t i, len;

	start(&a, &b, &hq);
	/* Cookies and the per-address cap out of the way: the total cap
	 * alone (see test_engine_hostile). */
	cfg = t_config(&branch);
	cfg->cookie_threshold = cfg->cookie_threshold_ip = 5000;
	cfg->half_open_max_ip = 5000;
	ck_assert_int_eq(ike_engine_set_config(b.eng, 0, cfg, &b.out), IKE_OK);
	t_take(&a, &req);
	len = req.dg[0].len;
	pkt = req.dg[0].data;
	for (i = 0; i < 1001; i++) {
		pkt[6] = (uint8_t)(i >> 8);
		pkt[7] = (uint8_t)i;
		ck_assert_int_eq(ike_engine_input(b.eng, 0, &req.dg[0].remote,
		    &req.dg[0].local, pkt, len, &b.out), IKE_OK);
		ike_out_reset(&b.out);
	}
	ike_engine_stats(b.eng, &st);
	ck_assert_uint_eq(st.half_open, 1000);
	ck_assert_uint_eq(st.dropped, 1);
	ck_assert_ptr_nonnull(t_logged(&b, "too many half-open IKE SAs (1000)"));
	ike_engine_tick(b.eng, 30000, &b.out);
	ike_engine_stats(b.eng, &st);
	ck_assert_uint_eq(st.half_open, 0);
	ck_assert_uint_eq(st.ike_sas, 0);
	ike_out_free(&req);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(unknown_critical_payload)
{
	struct tpeer a, b;
	struct ike_out req = { 0 };
	struct msg *m = calloc(1, sizeof(*m));
	const struct msg_pl *pl;
	uint8_t *pkt;
	size_t len;

	start(&a, &b, &hq);
	t_take(&a, &req);
	/* Chain an unknown payload type 200 with the critical bit after
	 * the last one. */
	len = req.dg[0].len;
	ck_assert_int_eq(msg_parse(req.dg[0].data, len, m), IKE_OK);
	pkt = malloc(len + 4);
	memcpy(pkt, req.dg[0].data, len);
	pkt[m->pl[m->n_pl - 1].off] = 200;
	pkt[len] = 0;
	pkt[len + 1] = 0x80;
	pkt[len + 2] = 0;
	pkt[len + 3] = 4;
	len += 4;
	pkt[24] = (uint8_t)(len >> 24);
	pkt[25] = (uint8_t)(len >> 16);
	pkt[26] = (uint8_t)(len >> 8);
	pkt[27] = (uint8_t)len;
	/*
	 * HDR, SAi1, KEi, Ni, N, N, ?(200, critical)  -->
	 *          <--  HDR, N(UNSUPPORTED_CRITICAL_PAYLOAD, 200)
	 */
	ck_assert_int_eq(ike_engine_input(b.eng, 0, &req.dg[0].remote,
	    &req.dg[0].local, pkt, len, &b.out), IKE_OK);
	ck_assert_uint_eq(b.out.n_dg, 1);
	ck_assert_int_eq(msg_parse(b.out.dg[0].data, b.out.dg[0].len, m), IKE_OK);
	ck_assert(msg_is_response(&m->hdr));
	ck_assert_uint_eq(m->hdr.exchange, IKE_X_IKE_SA_INIT);
	pl = msg_find(m, IKE_PL_NOTIFY, 0);
	ck_assert_ptr_nonnull(pl);
	/* Protocol 0, SPI size 0, type 1, data: the payload type. */
	ck_assert_uint_eq(pl->body.len, 5);
	ck_assert_uint_eq(pl->body.ptr[3], IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD);
	ck_assert_uint_eq(pl->body.ptr[4], 200);
	t_check_empty(&b);
	/* The initiator gives up on that answer: not a response it knows. */
	t_deliver(&b, &a, 0);
	free(pkt);
	free(m);
	ike_out_free(&req);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

START_TEST(unknown_spis_dropped)
{
	struct tpeer a, b;
	struct ike_out req = { 0 };

	start(&a, &b, &hq);
	t_run(&a, &b, 0);
	t_check_up(&a, &b, 3);
	ck_assert_int_eq(ike_engine_terminate(a.eng, 10, "lan", &a.out), IKE_OK);
	t_take(&a, &req);
	/* Another responder SPI: nobody's. */
	req.dg[0].data[15] ^= 0xff;
	t_give(&req, &b, 10);
	ck_assert_uint_eq(dropped(&b), 1);
	ck_assert_uint_eq(b.out.n_dg, 0);
	ike_out_free(&req);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

static Suite *
reliab_suite(void)
{
	Suite *s = suite_create("engine_reliab");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, lost_init_request);
	tcase_add_test(tc, lost_init_response);
	tcase_add_test(tc, duplicated_auth_request);
	tcase_add_test(tc, lost_auth_response);
	tcase_add_test(tc, give_up_after_retransmits);
	tcase_add_test(tc, init_same_id_other_bytes);
	tcase_add_test(tc, auth_same_id_other_bytes);
	tcase_add_test(tc, give_up_with_configured_timing);
	tcase_add_test(tc, response_with_wrong_message_id);
	tcase_add_test(tc, garbage_is_dropped);
	tcase_add_test(tc, tampered_auth_request);
	tcase_add_test(tc, half_open_limit);
	tcase_add_test(tc, unknown_critical_payload);
	tcase_add_test(tc, unknown_spis_dropped);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(reliab_suite)
