/* SPDX-License-Identifier: ISC */
/*
 * xchg.c - the exchange table and the one path every message takes.
 *
 * The order of work on input is fixed, and done here once, before any
 * step runs:
 *   1. msg_parse(): the outer payload chain;
 *   2. the message ID window (RFC 7296 2.3, window size 1): a response
 *      must answer our outstanding request, a request must carry the next
 *      ID; the previous request is a retransmission and gets the cached
 *      response again, byte for byte (2.1);
 *   3. the SK payload is verified (integrity first, constant time) and
 *      decrypted, and the inner chain parsed;
 *   4. rules_check(): payload counts and placement per exchange;
 *   5. the table row for (state, exchange, direction, payloads present);
 *   6. the row's step, which does no I/O: it reads the message, changes
 *      the SA and fills a struct xchg_out with the payloads to send;
 *   7. the answer (or the next request) is built, protected, sent and
 *      kept for retransmission, and the state moves to the row's next.
 * Anything that fails before step 6 is dropped and counted, never fatal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cry.h"
#include "eng.h"
#include "frag.h"
#include "iana.h"
#include "names.h"
#include "nat.h"
#include "rules.h"
#include "sa.h"
#include "xchg.h"
#include "xout.h"
#include "xsend.h"

#define PL(t)	RULES_PL(IKE_PL_##t)
#define REQ	XD_REQ
#define RESP	XD_RESP

/* What may accompany anything: notifies and vendor IDs. */
#define ANY	(PL(NOTIFY) | PL(VENDOR))
/* The payloads of a Child SA in IKE_AUTH / CREATE_CHILD_SA. */
#define CHILD	(PL(SA) | PL(TSI) | PL(TSR))

static const struct xchg_rule xchg_rules[] = {
/*	 state			exchange		dir	required				allowed						step			next */
	{ SA_S_NEW,		IKE_X_IKE_SA_INIT,	REQ,	PL(SA) | PL(KE) | PL(NONCE),		ANY | PL(CERTREQ),				xchg_init_r,		SA_S_INIT_DONE },
	{ SA_S_INIT_SENT,	IKE_X_IKE_SA_INIT,	RESP,	PL(SA) | PL(KE) | PL(NONCE),		ANY | PL(CERTREQ),				xchg_init_i,		SA_S_AUTH_SENT },
	{ SA_S_INIT_SENT,	IKE_X_IKE_SA_INIT,	RESP,	PL(NOTIFY),				PL(VENDOR),					xchg_init_i_notify,	SA_S_INIT_SENT },
	{ SA_S_INIT_DONE,	IKE_X_IKE_AUTH,		REQ,	PL(IDI) | PL(AUTH),			ANY | CHILD | PL(IDR) | PL(CERT) | PL(CERTREQ) | PL(CP), xchg_auth_r, SA_S_ESTABLISHED },
	{ SA_S_AUTH_SENT,	IKE_X_IKE_AUTH,		RESP,	PL(IDR) | PL(AUTH),			ANY | CHILD | PL(CERT) | PL(CP),		xchg_auth_i,		SA_S_ESTABLISHED },
	{ SA_S_AUTH_SENT,	IKE_X_IKE_AUTH,		RESP,	PL(NOTIFY),				PL(VENDOR),					xchg_auth_i_notify,	SA_S_DEAD },
	{ SA_S_ESTABLISHED,	IKE_X_INFORMATIONAL,	REQ,	0,					ANY | PL(DELETE) | PL(CP),			xchg_info_r,		SA_S_ESTABLISHED },
	{ SA_S_ESTABLISHED,	IKE_X_INFORMATIONAL,	RESP,	0,					ANY | PL(DELETE) | PL(CP),			xchg_info_i,		SA_S_ESTABLISHED },
	{ SA_S_ESTABLISHED,	IKE_X_CREATE_CHILD_SA,	REQ,	0,					ANY | CHILD | PL(NONCE) | PL(KE),		xchg_child_r,		SA_S_ESTABLISHED },
	{ SA_S_ESTABLISHED,	IKE_X_CREATE_CHILD_SA,	RESP,	0,					ANY | CHILD | PL(NONCE) | PL(KE),		xchg_child_i,		SA_S_ESTABLISHED },
	{ SA_S_DELETING,	IKE_X_INFORMATIONAL,	REQ,	0,					ANY | PL(DELETE) | PL(CP),			xchg_info_r,		SA_S_DELETING },
	{ SA_S_DELETING,	IKE_X_INFORMATIONAL,	RESP,	0,					ANY | PL(DELETE) | PL(CP),			xchg_info_i,		SA_S_DEAD },
	{ SA_S_DELETING,	IKE_X_CREATE_CHILD_SA,	REQ,	0,					ANY | CHILD | PL(NONCE) | PL(KE),		xchg_child_r,		SA_S_DELETING },
};

const struct xchg_rule *
xchg_table(size_t *n)
{
	*n = sizeof(xchg_rules) / sizeof(xchg_rules[0]);
	return xchg_rules;
}

const struct xchg_rule *
xchg_find(enum sa_state state, uint8_t exchange, enum xchg_dir dir,
    uint32_t present)
{
	size_t i, n;
	const struct xchg_rule *r = xchg_table(&n);

	for (i = 0; i < n; i++, r++) {
		if (r->state != state || r->exchange != exchange || r->dir != dir)
			continue;
		if ((present & r->required) != r->required)
			continue;
		if ((present & ~(r->required | r->allowed)) != 0)
			continue;
		return r;
	}
	return NULL;
}

static const char *const xchg_state_names[SA_S_COUNT] = {
	[SA_S_NEW] = "NEW",
	[SA_S_INIT_SENT] = "INIT_SENT",
	[SA_S_INIT_DONE] = "INIT_DONE",
	[SA_S_AUTH_SENT] = "AUTH_SENT",
	[SA_S_ESTABLISHED] = "ESTABLISHED",
	[SA_S_DELETING] = "DELETING",
	[SA_S_DEAD] = "DEAD",
};

/* ---- input ------------------------------------------------------------------ */

static void
xchg_log_recv(struct ike_sa *sa, const struct msg *m, size_t len)
{
	char nb[NAMES_BUFLEN], peer[64], pls[256];
	size_t i, off = 0;

	pls[0] = '\0';
	for (i = 0; i < m->n_pl && off + 1 < sizeof(pls); i++) {
		const struct msg_pl *pl = &m->pl[i];

		if (pl->type == IKE_PL_SK)
			continue;
		off += (size_t)snprintf(pls + off, sizeof(pls) - off, "%s%s",
		    off ? " " : "", names_str(NAMES_PAYLOAD, pl->type, nb,
		    sizeof(nb)));
	}
	ike_addr_format_port(&sa->sa_remote, peer, sizeof(peer));
	eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name,
	    "received %s %s %u from %s (%zu bytes) [%s]",
	    names_str(NAMES_EXCHANGE, m->hdr.exchange, nb, sizeof(nb)),
	    msg_is_response(&m->hdr) ? "response" : "request", m->hdr.msgid,
	    peer, len, pls);
}

/* Drops the datagram; an SA that only existed for it goes too. */
static int
xchg_drop(struct ike_sa *sa, const char *why, const char *detail)
{
	eng_drop(sa->sa_eng, sa->sa_name, "%s%s%s", why, detail ? ": " : "",
	    detail ? detail : "");
	if (sa->sa_state == SA_S_NEW)
		sa_kill(sa, NULL);
	return IKE_OK;
}

/* RFC 7296 2.5: an unknown critical payload in a request is answered
 * with UNSUPPORTED_CRITICAL_PAYLOAD naming its type. */
static int
xchg_critical(struct ike_sa *sa, const struct msg *m, uint64_t now,
    struct ike_out *out)
{
	uint8_t type = m->bad_critical;
	struct xchg_out x;
	uint8_t *bytes;
	size_t len;
	int err;

	eng_log_limited(sa->sa_eng, IKE_LOG_INFO, sa->sa_name,
	    "request with unsupported critical payload %u", type);
	if (m->hdr.exchange == IKE_X_IKE_SA_INIT) {
		err = xsend_stateless_notify(sa->sa_eng, &m->hdr, &sa->sa_local,
		    &sa->sa_remote, IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD, &type, 1,
		    out);
		sa_kill(sa, NULL);
		return err;
	}
	xout_init(&x);
	xout_notify(&x, 0, IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD, NULL, 0, &type, 1);
	err = xsend_build(sa, m->hdr.exchange, true, m->hdr.msgid, &x, &bytes, &len);
	xout_free(&x);
	if (err < 0)
		return err;
	sa->sa_mid_expect = m->hdr.msgid + 1;
	(void)now;
	return xsend_bytes_response(sa, m->hdr.msgid, bytes, len, m->hdr.exchange, out);
}

static uint32_t
xchg_present(const struct msg *m)
{
	uint32_t set = 0;
	size_t i;

	for (i = 0; i < m->n_pl; i++) {
		const struct msg_pl *pl = &m->pl[i];

		if (!pl->known || pl->type == IKE_PL_SK || pl->type == IKE_PL_SKF)
			continue;
		if (pl->type > 32 && pl->type < 64)
			set |= RULES_PL(pl->type);
	}
	return set;
}

/*
 * Step 3: verify and decrypt the SK payload, parse the inner chain.  An
 * SKF fragment is verified and kept (IKE_EPENDING) until the message is
 * complete (RFC 7383 2.6); fragments come only from a peer that said it
 * sends them and after IKE_SA_INIT.
 */
static int
xchg_decrypt(struct ike_sa *sa, struct msg *m, uint8_t **plain, size_t *cap)
{
	struct cry_sk *sk;
	struct msg_sk s;
	uint8_t first;
	size_t plen;
	int err;

	*plain = NULL;
	if (sa->sa_keys == NULL)
		return IKE_ESTATE;
	if ((err = msg_sk(m, &s)) < 0)
		return IKE_ERULES;
	sk = sa->sa_initiator ? sa->sa_keys->ks_sk_r : sa->sa_keys->ks_sk_i;
	if (s.type == IKE_PL_SKF) {
		if (!sa->sa_frag.on)
			return IKE_EUNSUPPORTED;
		err = frag_input(sa, m, &s, sk, plain, cap, &first);
		if (err < 0)
			return err;
		return msg_parse_inner_first(m, first, *plain, *cap);
	}
	if ((*plain = malloc(s.data.len ? s.data.len : 1)) == NULL)
		return IKE_ENOMEM;
	*cap = s.data.len;
	err = cry_sk_decrypt(sk, s.aad, s.data, *plain, s.data.len, &plen);
	if (err < 0)
		return err;
	return msg_parse_inner(m, *plain, plen);
}

/* Steps 6 and 7 for a request: run the row, answer, move on. */
static int
xchg_request(struct ike_sa *sa, const struct xchg_rule *row,
    const struct msg *m, struct ike_out *out)
{
	uint8_t exch = m->hdr.exchange, *bytes;
	uint32_t mid = m->hdr.msgid;
	struct xchg_out x;
	size_t len;
	int err, ret, notify;

	xout_init(&x);
	err = row->step(sa, m, &x);
	if (err < 0 && x.kind != XOUT_RESPONSE) {
		/* The one place errors become notifies (err.c). */
		xout_reset(&x);
		notify = ike_err_to_notify(err);
		if (notify != 0)
			xout_notify(&x, 0, (uint16_t)notify, NULL, 0, NULL, 0);
	}
	ret = xsend_build(sa, exch, true, mid, &x, &bytes, &len);
	xout_free(&x);
	if (ret < 0) {
		eng_log(sa->sa_eng, IKE_LOG_ERROR, sa->sa_name,
		    "building the response failed: %s", ike_strerror(ret));
		sa_kill(sa, NULL);
		return ret;
	}
	sa->sa_mid_expect = mid + 1;
	if (exch == IKE_X_IKE_SA_INIT && err == IKE_OK &&
	    (ret = ike_buf_set(&sa->sa_init_r, bytes, len)) < 0) {
		free(bytes);
		sa_kill(sa, NULL);
		return ret;
	}
	ret = xsend_bytes_response(sa, mid, bytes, len, exch, out);
	if (err < 0) {
		/* A failed IKE_SA_INIT or IKE_AUTH leaves nothing behind
		 * (RFC 7296 2.21.1, 2.21.2); later requests keep the SA. */
		if (sa->sa_state < SA_S_ESTABLISHED)
			sa_kill(sa, NULL);
	} else if (x.close != NULL) {
		sa_kill(sa, x.close);
	} else if (row->next == SA_S_DEAD) {
		sa_set_dead(sa);
	} else if (sa->sa_state != SA_S_DEAD) {
		sa->sa_state = row->next;
	}
	return ret;
}

/* Steps 6 and 7 for a response: run the row, send what it asks next. */
static int
xchg_response(struct ike_sa *sa, const struct xchg_rule *row,
    const struct msg *m, uint64_t now, struct ike_out *out)
{
	struct xchg_out x;
	int err, ret = IKE_OK;

	xout_init(&x);
	err = row->step(sa, m, &x);
	sa_request_done(sa);
	if (x.kind == XOUT_REQUEST && sa->sa_state != SA_S_DEAD)
		ret = xsend_request(sa, &x, now, out);
	xout_free(&x);
	if (err < 0 || ret < 0) {
		if (sa->sa_state < SA_S_ESTABLISHED || row->next == SA_S_DEAD)
			sa_kill(sa, NULL);
		return err < 0 ? err : ret;
	}
	if (x.close != NULL)
		sa_kill(sa, x.close);
	else if (x.kind == XOUT_REQUEST && x.req_kind == REQ_DEL_IKE &&
	    sa->sa_state != SA_S_DEAD)
		sa->sa_state = SA_S_DELETING;	/* e.g. after its rekey */
	else if (row->next == SA_S_DEAD)
		sa_set_dead(sa);
	else if (sa->sa_state != SA_S_DEAD)
		sa->sa_state = row->next;
	return IKE_OK;
}

/*
 * A request with the message ID we answered last (RFC 7296 2.1): the
 * very same message gets the very same response; anything else with that
 * ID is dropped.  Of a fragmented request only fragment 1 makes us
 * answer again (RFC 7383 2.6.1).  An IKE_SA_INIT, whose source nobody has
 * proven, is answered again at most ENG_INIT_RESENDS times, so that the
 * responder is no amplifier for forged sources.
 */
static int
xchg_retransmitted(struct ike_sa *sa, const struct msg *m, struct ike_out *out)
{
	uint8_t h[SA_REQ_HASH_LEN];

	if (frag_number(m) > 1)
		return xchg_drop(sa, "fragment of a retransmitted request", NULL);
	sa_request_hash(m, h);
	if (!ike_memeq_ct(h, sa->sa_resp_hash, sizeof(h)))
		return xchg_drop(sa, "not a retransmission", "a different "
		    "request with the message ID of the one answered last");
	if (m->hdr.exchange == IKE_X_IKE_SA_INIT &&
	    sa->sa_resp_resends >= ENG_INIT_RESENDS)
		return xchg_drop(sa, "IKE_SA_INIT retransmitted too often",
		    NULL);
	sa->sa_resp_resends++;
	return xsend_resend_response(sa, m->hdr.exchange, out);
}

int
xchg_input(struct ike_sa *sa, uint64_t now, const struct ike_addr *local,
    const struct ike_addr *remote, const uint8_t *pkt, size_t len,
    struct ike_out *out)
{
	const struct xchg_rule *row;
	char nb[NAMES_BUFLEN], why[160];
	uint8_t *plain = NULL;
	size_t plain_cap = 0;
	struct msg *m;
	bool resp;
	int err;

	if ((m = malloc(sizeof(*m))) == NULL)
		return IKE_ENOMEM;
	/* 1. The outer chain. */
	err = msg_parse(pkt, len, m);
	resp = msg_is_response(&m->hdr);
	if (err == IKE_ECRITICAL && !resp &&
	    m->hdr.exchange == IKE_X_IKE_SA_INIT) {
		err = xchg_critical(sa, m, now, out);
		goto done;
	}
	if (err < 0) {
		err = xchg_drop(sa, "malformed message", ike_strerror(err));
		goto done;
	}

	/* 2. Message IDs (RFC 7296 2.3). */
	if (resp) {
		if (sa->sa_req.ptr == NULL || m->hdr.msgid != sa->sa_req_mid ||
		    m->hdr.exchange != sa->sa_req_xchg) {
			snprintf(why, sizeof(why), "%s response %u does not "
			    "answer our request", names_str(NAMES_EXCHANGE,
			    m->hdr.exchange, nb, sizeof(nb)), m->hdr.msgid);
			err = xchg_drop(sa, why, NULL);
			goto done;
		}
	} else if (sa->sa_resp_valid && m->hdr.msgid == sa->sa_resp_mid) {
		err = xchg_retransmitted(sa, m, out);
		goto done;
	} else if (m->hdr.msgid != sa->sa_mid_expect) {
		snprintf(why, sizeof(why), "request with message ID %u, "
		    "expected %u", m->hdr.msgid, sa->sa_mid_expect);
		err = xchg_drop(sa, why, NULL);
		goto done;
	}

	/* 3. Integrity, then decryption, then the inner chain. */
	if (m->hdr.exchange != IKE_X_IKE_SA_INIT) {
		err = xchg_decrypt(sa, m, &plain, &plain_cap);
		if (err == IKE_ECRITICAL && !resp) {
			err = xchg_critical(sa, m, now, out);
			goto done;
		}
		if (err == IKE_EPENDING) {
			eng_log(sa->sa_eng, IKE_LOG_DEBUG, sa->sa_name,
			    "received fragment %u of %s %s %u", frag_number(m),
			    names_str(NAMES_EXCHANGE, m->hdr.exchange, nb,
			    sizeof(nb)), resp ? "response" : "request",
			    m->hdr.msgid);
			err = IKE_OK;
			goto done;
		}
		if (err < 0) {
			err = xchg_drop(sa, err == IKE_EINTEGRITY ?
			    "integrity check failed" : err == IKE_ENOSPC ?
			    "fragments exceed the reassembly limit" :
			    err == IKE_EUNSUPPORTED && frag_number(m) > 0 ?
			    "unwanted or too many fragments" : "cannot decrypt",
			    ike_strerror(err));
			goto done;
		}
		nat_float(sa, local, remote);
		sa_seen(sa, now);
	}
	/* Of a fragmented request, frag.c noted fragment 1 once it was
	 * found authentic. */
	if (!resp && frag_number(m) == 0)
		sa_note_request(sa, m);

	xchg_log_recv(sa, m, len);

	/* 4. Payload rules of the exchange. */
	if ((err = rules_check(m, why, sizeof(why))) < 0) {
		err = xchg_drop(sa, "payload rules", why);
		goto done;
	}

	/* 5. The table row. */
	row = xchg_find(sa->sa_state, m->hdr.exchange, resp ? XD_RESP : XD_REQ,
	    xchg_present(m));
	if (row == NULL) {
		snprintf(why, sizeof(why), "%s %s not expected in state %s",
		    names_str(NAMES_EXCHANGE, m->hdr.exchange, nb, sizeof(nb)),
		    resp ? "response" : "request",
		    xchg_state_names[sa->sa_state]);
		err = xchg_drop(sa, why, NULL);
		goto done;
	}

	/* 6 and 7. */
	if (resp)
		err = xchg_response(sa, row, m, now, out);
	else
		err = xchg_request(sa, row, m, out);
done:
	if (plain != NULL) {
		ike_memzero(plain, plain_cap);
		free(plain);
	}
	free(m);
	return err;
}
