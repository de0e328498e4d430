/* SPDX-License-Identifier: ISC */
/*
 * test_engine_hostile.c - cookies (RFC 7296 2.6) and IKE fragmentation
 * (RFC 7383) between two engines over kernel-mem on a virtual clock: the
 * responder's thresholds in total and per address, wrong and expired
 * cookies, the initiator's retry (also across INVALID_KE_PAYLOAD), the
 * half-open cap; fragmentation negotiated both ways with a tiny
 * fragment size, and fragments lost, reordered, duplicated and
 * retransmitted.
 */
#include <stdbool.h>

#include "engine_test.h"
#include "msg.h"
#include "pld.h"

struct hopts {
	uint32_t	 cookie, cookie_ip, half_open_max, half_open_max_ip;
	uint32_t	 frag_size;
	int		 frag;		/* enum ike_frag_mode */
	bool		 any_remote;	/* the connection takes any peer */
};

static void
hpeer(struct tpeer *p, const char *name, uint64_t seed, const struct tconf *t,
    const struct hopts *o)
{
	struct ike_config *cfg;

	t_peer_init(p, name, seed, t);
	cfg = t_config(t);
	cfg->cookie_threshold = o->cookie;
	cfg->cookie_threshold_ip = o->cookie_ip;
	cfg->half_open_max = o->half_open_max;
	cfg->half_open_max_ip = o->half_open_max_ip;
	cfg->fragment_size = o->frag_size;
	cfg->conns->fragmentation = (uint8_t)o->frag;
	if (o->any_remote)
		cfg->conns->remote.n_addrs = 0;
	ck_assert_int_eq(ike_engine_set_config(p->eng, 0, cfg, &p->out), IKE_OK);
}

static struct ike_stats
stats(struct tpeer *p)
{
	struct ike_stats st;

	ike_engine_stats(p->eng, &st);
	return st;
}

/* An unprotected message's payloads; the notify types into n[]. */
static size_t
payloads(const struct ike_datagram *d, uint8_t *types, uint16_t *n,
    struct ike_bytes *cookie)
{
	struct msg *m = calloc(1, sizeof(*m));
	struct pld_notify pn;
	size_t i;

	ck_assert_int_eq(msg_parse(d->data, d->len, m), IKE_OK);
	for (i = 0; i < m->n_pl && i < 16; i++) {
		types[i] = m->pl[i].type;
		n[i] = 0;
		if (m->pl[i].type != IKE_PL_NOTIFY)
			continue;
		ck_assert_int_eq(pld_notify_parse(m->pl[i].body, &pn), IKE_OK);
		n[i] = pn.type;
		if (pn.type == IKE_N_COOKIE && cookie != NULL) {
			/* a view into d */
			*cookie = pn.data;
		}
	}
	i = m->n_pl;
	free(m);
	return i;
}

/* 1 if the message holds a notify of type t. */
static int
has_notify(const struct ike_datagram *d, uint16_t t)
{
	uint8_t types[16];
	uint16_t n[16];
	size_t i, k = payloads(d, types, n, NULL);

	for (i = 0; i < k && i < 16; i++)
		if (n[i] == t)
			return 1;
	return 0;
}

/* d is the responder's cookie demand: HDR, N(COOKIE) and nothing else. */
static struct ike_bytes
is_cookie_demand(const struct ike_datagram *d)
{
	struct ike_bytes c = { NULL, 0 };
	uint8_t types[16];
	uint16_t n[16];

	ck_assert_uint_eq(payloads(d, types, n, &c), 1);
	ck_assert_uint_eq(n[0], IKE_N_COOKIE);
	ck_assert_uint_eq(c.len, 33);
	return c;
}

/* d is an IKE_SA_INIT request that starts with N(COOKIE) = want. */
static void
is_cookie_retry(const struct ike_datagram *d, struct ike_bytes want)
{
	struct ike_bytes c = { NULL, 0 };
	uint8_t types[16];
	uint16_t n[16];

	ck_assert_uint_ge(payloads(d, types, n, &c), 4);
	ck_assert_uint_eq(n[0], IKE_N_COOKIE);
	ck_assert_uint_eq(c.len, want.len);
	ck_assert(memcmp(c.ptr, want.ptr, c.len) == 0);
}

/* d answers IKE_SA_INIT with an SA payload. */
static void
is_init_answer(const struct ike_datagram *d)
{
	uint8_t types[16];
	uint16_t n[16];

	ck_assert_uint_ge(payloads(d, types, n, NULL), 3);
	ck_assert_uint_eq(types[0], IKE_PL_SA);
}

/* ---- cookies ------------------------------------------------------------- */

/*
 * cookie-threshold 1: every handshake pays one round trip.
 *
 *   HDR(A,0), SAi1, KEi, Ni                 -->
 *                                           <--  HDR(A,0), N(COOKIE)
 *   HDR(A,0), N(COOKIE), SAi1, KEi, Ni      -->
 *                                           <--  HDR(A,B), SAr1, KEr, Nr
 *   ... IKE_AUTH as always
 */
START_TEST(cookie_always)
{
	struct hopts ob = { .cookie = 1 }, oa = { 0 };
	struct ike_out demand = { 0 };
	struct ike_bytes c;
	struct tpeer a, b;

	hpeer(&a, "hq", 1, &hq, &oa);
	hpeer(&b, "branch", 2, &branch, &ob);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_deliver(&a, &b, 0);
	ck_assert_uint_eq(t_take(&b, &demand), 1);
	c = is_cookie_demand(&demand.dg[0]);
	/* No state for it. */
	ck_assert_uint_eq(stats(&b).half_open, 0);
	ck_assert_uint_eq(stats(&b).ike_sas, 0);
	ck_assert_ptr_nonnull(t_logged(&b, "demanding a COOKIE from 192.0.2.1[500]"));
	t_give(&demand, &a, 0);
	ck_assert_ptr_nonnull(t_logged(&a, "peer asks for a COOKIE"));
	ck_assert_uint_eq(a.out.n_dg, 1);
	is_cookie_retry(&a.out.dg[0], c);
	t_deliver(&a, &b, 0);
	ck_assert_uint_eq(b.out.n_dg, 1);
	is_init_answer(&b.out.dg[0]);
	ck_assert_uint_eq(stats(&b).half_open, 1);
	t_run(&a, &b, 0);
	t_check_up(&a, &b, 3);
	ck_assert_uint_eq(stats(&b).half_open, 0);
	ike_out_free(&demand);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/* Sends a's IKE_SA_INIT request (held in req) with SPIi changed by k from
 * remote; returns b's answer count. */
static size_t
replay(struct tpeer *b, struct ike_out *req, unsigned k, const char *from,
    uint64_t now)
{
	struct ike_datagram d = req->dg[0];
	uint8_t *pkt = malloc(d.len);
	struct ike_addr src = d.local;
	size_t n;

	memcpy(pkt, d.data, d.len);
	pkt[6] = (uint8_t)(k >> 8);
	pkt[7] = (uint8_t)k;
	if (from != NULL) {
		t_addr(from, &src);
		src.port = 500;
	}
	ike_out_reset(&b->out);
	ck_assert_int_eq(ike_engine_input(b->eng, now, &d.remote, &src, pkt,
	    d.len, &b->out), IKE_OK);
	n = b->out.n_dg;
	free(pkt);
	return n;
}

/* The third half-open SA at once needs a cookie when the threshold is 3;
 * once they are gone, none is needed. */
START_TEST(cookie_threshold_total)
{
	struct hopts ob = { .cookie = 3, .cookie_ip = 100 }, oa = { 0 };
	struct ike_out req = { 0 };
	struct tpeer a, b;

	hpeer(&a, "hq", 1, &hq, &oa);
	hpeer(&b, "branch", 2, &branch, &ob);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_take(&a, &req);
	ck_assert_uint_eq(replay(&b, &req, 1, NULL, 0), 1);
	is_init_answer(&b.out.dg[0]);
	ck_assert_uint_eq(replay(&b, &req, 2, NULL, 0), 1);
	is_init_answer(&b.out.dg[0]);
	ck_assert_uint_eq(stats(&b).half_open, 2);
	ck_assert_uint_eq(replay(&b, &req, 3, NULL, 0), 1);
	is_cookie_demand(&b.out.dg[0]);
	ck_assert_uint_eq(stats(&b).half_open, 2);
	/* A retransmission of a known request is answered from its SA. */
	ck_assert_uint_eq(replay(&b, &req, 2, NULL, 0), 1);
	is_init_answer(&b.out.dg[0]);
	/* The half-open SAs time out; then no cookie again. */
	ike_engine_tick(b.eng, 30000, &b.out);
	ck_assert_uint_eq(stats(&b).half_open, 0);
	ck_assert_uint_eq(replay(&b, &req, 4, NULL, 30000), 1);
	is_init_answer(&b.out.dg[0]);
	ike_out_free(&req);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/* cookie-threshold-ip 2: the second from one address needs a cookie, a
 * first from another address does not. */
START_TEST(cookie_threshold_per_ip)
{
	struct hopts ob = { .cookie = 100, .cookie_ip = 2, .any_remote = true };
	struct hopts oa = { 0 };
	struct ike_out req = { 0 };
	struct tpeer a, b;

	hpeer(&a, "hq", 1, &hq, &oa);
	hpeer(&b, "branch", 2, &branch, &ob);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_take(&a, &req);
	ck_assert_uint_eq(replay(&b, &req, 1, NULL, 0), 1);
	is_init_answer(&b.out.dg[0]);
	ck_assert_uint_eq(replay(&b, &req, 2, NULL, 0), 1);
	is_cookie_demand(&b.out.dg[0]);
	ck_assert_uint_eq(replay(&b, &req, 3, "192.0.2.9", 0), 1);
	is_init_answer(&b.out.dg[0]);
	ck_assert_uint_eq(replay(&b, &req, 4, "192.0.2.9", 0), 1);
	is_cookie_demand(&b.out.dg[0]);
	ck_assert_uint_eq(stats(&b).half_open, 2);
	/* Counts go down with the SAs. */
	ike_engine_tick(b.eng, 30000, &b.out);
	ck_assert_uint_eq(stats(&b).half_open, 0);
	ck_assert_uint_eq(replay(&b, &req, 5, NULL, 30000), 1);
	is_init_answer(&b.out.dg[0]);
	ike_out_free(&req);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/*
 * One address that answers cookies cannot take every half-open slot:
 * past half-open-max-per-ip its requests are dropped (and counted), while
 * a newcomer from another address gets its answer.
 */
START_TEST(half_open_cap_per_ip)
{
	struct hopts ob = { .cookie = 100, .cookie_ip = 100,
	    .half_open_max_ip = 2, .any_remote = true };
	struct hopts oa = { 0 };
	struct ike_out req = { 0 };
	struct tpeer a, b;

	hpeer(&a, "hq", 1, &hq, &oa);
	hpeer(&b, "branch", 2, &branch, &ob);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_take(&a, &req);
	ck_assert_uint_eq(replay(&b, &req, 1, NULL, 0), 1);
	ck_assert_uint_eq(replay(&b, &req, 2, NULL, 0), 1);
	ck_assert_uint_eq(replay(&b, &req, 3, NULL, 0), 0);
	ck_assert_uint_eq(replay(&b, &req, 4, NULL, 0), 0);
	ck_assert_ptr_nonnull(t_logged(&b, "too many half-open IKE SAs from "
	    "192.0.2.1[500] (2), dropping its IKE_SA_INIT"));
	ck_assert_uint_eq(stats(&b).limited, 2);
	ck_assert_uint_eq(stats(&b).half_open, 2);
	/* Another address is served. */
	ck_assert_uint_eq(replay(&b, &req, 5, "192.0.2.9", 0), 1);
	is_init_answer(&b.out.dg[0]);
	/* Once the first two are gone, the address is welcome again. */
	ike_engine_tick(b.eng, 30000, &b.out);
	ck_assert_uint_eq(replay(&b, &req, 6, NULL, 30000), 1);
	is_init_answer(&b.out.dg[0]);
	ike_out_free(&req);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/* A cookie that is not ours is ignored (RFC 7296 2.6): the request gets
 * a cookie demand, not an SA. */
START_TEST(cookie_wrong)
{
	struct hopts ob = { .cookie = 1 }, oa = { 0 };
	struct ike_out retry = { 0 };
	struct tpeer a, b;

	hpeer(&a, "hq", 1, &hq, &oa);
	hpeer(&b, "branch", 2, &branch, &ob);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_deliver(&a, &b, 0);
	t_deliver(&b, &a, 0);
	t_take(&a, &retry);
	/* HDR(28), Notify header(4), Protocol, SPI Size, Type(2): the
	 * cookie starts at 36; flip a bit of its hash. */
	retry.dg[0].data[40] ^= 0x80;
	t_give(&retry, &b, 0);
	ck_assert_uint_eq(b.out.n_dg, 1);
	is_cookie_demand(&b.out.dg[0]);
	ck_assert_uint_eq(stats(&b).half_open, 0);
	ck_assert_ptr_nonnull(t_logged(&b, "with a cookie that is not ours"));
	/* The right one goes through. */
	ike_out_reset(&b.out);
	retry.dg[0].data[40] ^= 0x80;
	t_give(&retry, &b, 0);
	ck_assert_uint_eq(b.out.n_dg, 1);
	is_init_answer(&b.out.dg[0]);
	ike_out_free(&retry);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/* The secret changes every COOKIE_ROTATE_MS (120 s): a cookie of the
 * previous secret is taken for 30 s after the change, then no more. */
START_TEST(cookie_rotation)
{
	struct hopts ob = { .cookie = 1 }, oa = { 0 };
	struct ike_out r1 = { 0 }, r2 = { 0 };
	struct tpeer a, c, b;

	hpeer(&a, "hq", 1, &hq, &oa);
	hpeer(&c, "hq2", 3, &hq, &oa);
	hpeer(&b, "branch", 2, &branch, &ob);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	ck_assert_int_eq(ike_engine_initiate(c.eng, 0, "hq-branch", &c.out), IKE_OK);
	t_deliver(&a, &b, 0);
	t_deliver(&b, &a, 0);
	t_take(&a, &r1);
	t_deliver(&c, &b, 0);
	t_deliver(&b, &c, 0);
	t_take(&c, &r2);
	/* 125 s: the secret is replaced now; the old one still counts. */
	t_give(&r1, &b, 125000);
	ck_assert_uint_eq(b.out.n_dg, 1);
	is_init_answer(&b.out.dg[0]);
	ike_out_reset(&b.out);
	/* 160 s: 35 s after the change, too late. */
	t_give(&r2, &b, 160000);
	ck_assert_uint_eq(b.out.n_dg, 1);
	is_cookie_demand(&b.out.dg[0]);
	ike_out_free(&r1);
	ike_out_free(&r2);
	t_peer_free(&a);
	t_peer_free(&c);
	t_peer_free(&b);
}
END_TEST

/*
 * The cookie stays through INVALID_KE_PAYLOAD (RFC 7296 2.6, 2.7):
 *
 *   HDR, SAi1, KEi(x25519), Ni                    -->
 *                                                 <--  HDR, N(COOKIE)
 *   HDR, N(COOKIE), SAi1, KEi(x25519), Ni         -->
 *                                                 <--  HDR, N(INVALID_KE_PAYLOAD, ecp256)
 *   HDR, N(COOKIE), SAi1, KEi(ecp256), Ni         -->
 *                                                 <--  HDR, SAr1, KEr, Nr
 */
START_TEST(cookie_with_invalid_ke)
{
	struct hopts ob = { .cookie = 1 }, oa = { 0 };
	struct tconf ta = hq, tb = branch;
	struct ike_out demand = { 0 };
	struct ike_bytes c;
	struct tpeer a, b;
	uint8_t types[16];
	uint16_t n[16];

	ta.ike[0] = "aes256gcm16-prfsha256-x25519-ecp256";
	tb.ike[0] = "aes256gcm16-prfsha256-ecp256";
	hpeer(&a, "hq", 1, &ta, &oa);
	hpeer(&b, "branch", 2, &tb, &ob);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_deliver(&a, &b, 0);
	t_take(&b, &demand);
	c = is_cookie_demand(&demand.dg[0]);
	t_give(&demand, &a, 0);
	is_cookie_retry(&a.out.dg[0], c);
	t_deliver(&a, &b, 0);
	ck_assert_uint_eq(b.out.n_dg, 1);
	ck_assert_uint_eq(payloads(&b.out.dg[0], types, n, NULL), 1);
	ck_assert_uint_eq(n[0], IKE_N_INVALID_KE_PAYLOAD);
	t_deliver(&b, &a, 0);
	ck_assert_ptr_nonnull(t_logged(&a, "peer wants key exchange"));
	is_cookie_retry(&a.out.dg[0], c);
	t_deliver(&a, &b, 0);
	is_init_answer(&b.out.dg[0]);
	t_run(&a, &b, 0);
	t_check_up(&a, &b, 3);
	ck_assert_uint_eq(t_count_logged(&b, "demanding a COOKIE"), 1);
	ike_out_free(&demand);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/* half-open-max 1: a second initiator's good cookie does not get past
 * the cap while the first handshake is half-open. */
START_TEST(cookie_and_cap)
{
	struct hopts ob = { .cookie = 1, .half_open_max = 1 }, oa = { 0 };
	struct ike_out auth = { 0 };
	struct tpeer a, c, b;

	hpeer(&a, "hq", 1, &hq, &oa);
	hpeer(&c, "hq2", 3, &hq, &oa);
	hpeer(&b, "branch", 2, &branch, &ob);
	ck_assert_int_eq(ike_engine_initiate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	t_deliver(&a, &b, 0);
	t_deliver(&b, &a, 0);
	t_deliver(&a, &b, 0);
	t_deliver(&b, &a, 0);
	/* a's IKE_AUTH is held: b has one half-open SA. */
	t_take(&a, &auth);
	ck_assert_uint_eq(stats(&b).half_open, 1);
	ck_assert_int_eq(ike_engine_initiate(c.eng, 0, "hq-branch", &c.out), IKE_OK);
	t_deliver(&c, &b, 0);
	t_deliver(&b, &c, 0);
	ck_assert_uint_eq(t_deliver(&c, &b, 0), 1);
	ck_assert_uint_eq(b.out.n_dg, 0);
	ck_assert_uint_eq(stats(&b).half_open, 1);
	ck_assert_ptr_nonnull(t_logged(&b, "too many half-open IKE SAs (1)"));
	/* The first one completes. */
	t_give(&auth, &b, 0);
	t_run(&a, &b, 0);
	t_check_up(&a, &b, 3);
	ike_out_free(&auth);
	t_peer_free(&a);
	t_peer_free(&c);
	t_peer_free(&b);
}
END_TEST

/* ---- fragmentation -------------------------------------------------------- */

#define TINY	180		/* IP datagram; 152 bytes of IKE message */

/* Runs IKE_SA_INIT; a's IKE_AUTH request is then queued. */
static void
frag_init(struct tpeer *a, struct tpeer *b, int fa, int fb)
{
	struct hopts oa = { .frag_size = TINY, .frag = fa };
	struct hopts ob = { .frag_size = TINY, .frag = fb };

	hpeer(a, "hq", 1, &hq, &oa);
	hpeer(b, "branch", 2, &branch, &ob);
	ck_assert_int_eq(ike_engine_initiate(a->eng, 0, "hq-branch", &a->out), IKE_OK);
	ck_assert_int_eq(has_notify(&a->out.dg[0],
	    IKE_N_IKEV2_FRAGMENTATION_SUPPORTED), fa != IKE_FRAG_NO);
	t_deliver(a, b, 0);
	ck_assert_int_eq(has_notify(&b->out.dg[0],
	    IKE_N_IKEV2_FRAGMENTATION_SUPPORTED),
	    fa != IKE_FRAG_NO && fb != IKE_FRAG_NO);
	t_deliver(b, a, 0);
}

/* Every datagram in o is an SKF fragment of at most TINY - 28 bytes,
 * numbered 1..n in order; returns n. */
static size_t
all_fragments(const struct ike_out *o)
{
	struct msg *m = calloc(1, sizeof(*m));
	struct msg_sk s;
	size_t i;

	for (i = 0; i < o->n_dg; i++) {
		ck_assert_uint_le(o->dg[i].len, TINY - 28);
		ck_assert_int_eq(msg_parse(o->dg[i].data, o->dg[i].len, m), IKE_OK);
		ck_assert_int_eq(msg_sk(m, &s), IKE_OK);
		ck_assert_uint_eq(s.type, IKE_PL_SKF);
		ck_assert_uint_eq(s.frag_num, i + 1);
		ck_assert_uint_eq(s.frag_total, o->n_dg);
	}
	free(m);
	return o->n_dg;
}

/*
 * Both announce fragmentation; IKE_AUTH goes both ways in fragments:
 *
 *   HDR, SK {IDi, AUTH, SAi2, TSi, TSr} as SKF(1/n) ... SKF(n/n)  -->
 *                  <--  HDR, SK {IDr, AUTH, SAr2, TSi, TSr} as SKF(1/m) ...
 */
START_TEST(frag_handshake)
{
	struct ike_out req = { 0 }, resp = { 0 };
	struct tpeer a, b;
	size_t n, m;

	frag_init(&a, &b, IKE_FRAG_YES, IKE_FRAG_YES);
	t_take(&a, &req);
	n = all_fragments(&req);
	ck_assert_uint_ge(n, 2);
	t_give(&req, &b, 0);
	t_take(&b, &resp);
	m = all_fragments(&resp);
	ck_assert_uint_ge(m, 2);
	t_give(&resp, &a, 0);
	t_run(&a, &b, 0);
	t_check_up(&a, &b, 3);
	ck_assert_ptr_nonnull(t_logged(&a, "sent IKE_AUTH request 1"));
	ck_assert_ptr_nonnull(strstr(t_logged(&a, "sent IKE_AUTH request 1"),
	    "fragments)"));
	ck_assert_ptr_nonnull(strstr(t_logged(&b, "sent IKE_AUTH response 1"),
	    "fragments)"));
	/* Later exchanges fragment too: a Delete is small, and is not. */
	ck_assert_int_eq(ike_engine_terminate(a.eng, 0, "hq-branch", &a.out), IKE_OK);
	ck_assert_uint_eq(a.out.n_dg, 1);
	t_run(&a, &b, 0);
	ck_assert_uint_eq(stats(&a).ike_sas, 0);
	ck_assert_uint_eq(stats(&b).ike_sas, 0);
	ike_out_free(&req);
	ike_out_free(&resp);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/* accept: announce and reassemble, but send whole messages. */
START_TEST(frag_accept_only)
{
	struct tpeer a, b;

	frag_init(&a, &b, IKE_FRAG_ACCEPT, IKE_FRAG_YES);
	ck_assert_uint_eq(a.out.n_dg, 1);
	ck_assert_uint_gt(a.out.dg[0].len, TINY - 28);
	t_deliver(&a, &b, 0);
	ck_assert_uint_ge(all_fragments(&b.out), 2);
	t_run(&a, &b, 0);
	t_check_up(&a, &b, 3);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/* no: nothing announced, nothing fragmented, even by the other side. */
START_TEST(frag_no)
{
	struct tpeer a, b;

	frag_init(&a, &b, IKE_FRAG_NO, IKE_FRAG_YES);
	ck_assert_uint_eq(a.out.n_dg, 1);
	t_deliver(&a, &b, 0);
	ck_assert_uint_eq(b.out.n_dg, 1);
	ck_assert_uint_gt(b.out.dg[0].len, TINY - 28);
	t_run(&a, &b, 0);
	t_check_up(&a, &b, 3);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/* A lost fragment: the responder waits; the retransmission sends all
 * fragments again and completes the message. */
START_TEST(frag_lost)
{
	struct ike_out req = { 0 }, part = { 0 }, again = { 0 };
	struct tpeer a, b;
	size_t n, i;

	frag_init(&a, &b, IKE_FRAG_YES, IKE_FRAG_YES);
	t_take(&a, &req);
	n = req.n_dg;
	for (i = 0; i < n; i++)
		if (i != 1)
			eng_test_push(&part, &req.dg[i]);
	t_give(&part, &b, 0);
	ck_assert_uint_eq(b.out.n_dg, 0);
	ike_engine_tick(a.eng, 2000, &a.out);
	ck_assert_uint_eq(t_take(&a, &again), n);
	ck_assert_uint_eq(all_fragments(&again), n);
	t_give(&again, &b, 2000);
	ck_assert_uint_ge(b.out.n_dg, 2);
	t_run(&a, &b, 2000);
	t_check_up(&a, &b, 3);
	ike_out_free(&req);
	ike_out_free(&part);
	ike_out_free(&again);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/* Backwards and twice over: one answer. */
START_TEST(frag_reorder_dup)
{
	struct ike_out req = { 0 }, mixed = { 0 };
	struct tpeer a, b;
	size_t n, i;

	frag_init(&a, &b, IKE_FRAG_YES, IKE_FRAG_YES);
	t_take(&a, &req);
	n = req.n_dg;
	for (i = n; i-- > 1;) {
		eng_test_push(&mixed, &req.dg[i]);
		eng_test_push(&mixed, &req.dg[i]);
	}
	t_give(&mixed, &b, 0);
	ck_assert_uint_eq(b.out.n_dg, 0);
	ike_out_reset(&mixed);
	eng_test_push(&mixed, &req.dg[0]);
	eng_test_push(&mixed, &req.dg[n - 1]);
	t_give(&mixed, &b, 0);
	ck_assert_uint_ge(all_fragments(&b.out), 2);
	ck_assert_uint_eq(t_count_logged(&b, "sent IKE_AUTH response"), 1);
	t_run(&a, &b, 0);
	t_check_up(&a, &b, 3);
	ike_out_free(&req);
	ike_out_free(&mixed);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

/* RFC 7383 2.6.1: a fragmented request seen again is answered again
 * once, on its fragment 1, not once per fragment. */
START_TEST(frag_retransmitted_request)
{
	struct ike_out req = { 0 }, resp = { 0 };
	struct tpeer a, b;
	size_t n;

	frag_init(&a, &b, IKE_FRAG_YES, IKE_FRAG_YES);
	t_take(&a, &req);
	n = req.n_dg;
	t_give(&req, &b, 0);
	t_take(&b, &resp);
	t_give(&req, &b, 1000);
	ck_assert_uint_eq(b.out.n_dg, resp.n_dg);
	ck_assert_uint_eq(t_count_logged(&b, "fragment of a retransmitted request"),
	    n - 1);
	ike_out_reset(&b.out);
	t_give(&resp, &a, 1000);
	t_run(&a, &b, 1000);
	t_check_up(&a, &b, 3);
	ike_out_free(&req);
	ike_out_free(&resp);
	t_peer_free(&a);
	t_peer_free(&b);
}
END_TEST

static Suite *
hostile_suite(void)
{
	Suite *s = suite_create("engine_hostile");
	TCase *tc = tcase_create("cookie");

	tcase_add_test(tc, cookie_always);
	tcase_add_test(tc, cookie_threshold_total);
	tcase_add_test(tc, cookie_threshold_per_ip);
	tcase_add_test(tc, half_open_cap_per_ip);
	tcase_add_test(tc, cookie_wrong);
	tcase_add_test(tc, cookie_rotation);
	tcase_add_test(tc, cookie_with_invalid_ke);
	tcase_add_test(tc, cookie_and_cap);
	suite_add_tcase(s, tc);
	tc = tcase_create("frag");
	tcase_add_test(tc, frag_handshake);
	tcase_add_test(tc, frag_accept_only);
	tcase_add_test(tc, frag_no);
	tcase_add_test(tc, frag_lost);
	tcase_add_test(tc, frag_reorder_dup);
	tcase_add_test(tc, frag_retransmitted_request);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(hostile_suite)
