/* SPDX-License-Identifier: ISC */
/*
 * xsend.c - messages out: a step's payload list built into a message,
 * protected (SK, or SKF fragments) and sent; requests kept for
 * retransmission, responses kept for the peer's retransmissions (RFC 7296
 * 2.1); the stateless notify answered before an SA exists; and the
 * Delete requests that the engine and the exchange steps both start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cry.h"
#include "eng.h"
#include "frag.h"
#include "iana.h"
#include "names.h"
#include "sa.h"
#include "xout.h"
#include "xsend.h"

static int
xsend_marker(const struct ike_sa *sa)
{
	uint16_t natt = ike_config_natt_port(sa->sa_eng->eng_cfg);

	/* RFC 3948 2.2: IKE on the NAT-T port carries the non-ESP marker. */
	return sa->sa_local.port == natt || sa->sa_remote.port == natt;
}

/* How many IKE messages are in bytes: more than one are the fragments
 * of one message (frag.c). */
static size_t
xsend_n_msgs(const uint8_t *bytes, size_t len)
{
	size_t n = 0, off = 0;

	while (off < len) {
		off += frag_next(bytes + off, len - off);
		n++;
	}
	return n;
}

/* Sends each IKE message of bytes as its own datagram. */
static int
xsend_push(struct ike_sa *sa, const uint8_t *bytes, size_t len,
    struct ike_out *out)
{
	size_t off = 0, l;
	int err = IKE_OK;

	while (off < len && err == IKE_OK) {
		l = frag_next(bytes + off, len - off);
		err = eng_out_push(out, &sa->sa_local, &sa->sa_remote,
		    bytes + off, l, xsend_marker(sa));
		off += l;
	}
	return err;
}

static void
xsend_log_sent(struct ike_sa *sa, uint8_t xchg, bool response, uint32_t mid,
    const uint8_t *bytes, size_t len, const char *again)
{
	char nb[NAMES_BUFLEN], peer[64], frags[48] = "";
	size_t n = xsend_n_msgs(bytes, len);

	if (n > 1)
		snprintf(frags, sizeof(frags), " in %zu fragments", n);
	ike_addr_format_port(&sa->sa_remote, peer, sizeof(peer));
	eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name,
	    "%ssent %s %s %u to %s (%zu bytes%s)", again,
	    names_str(NAMES_EXCHANGE, xchg, nb, sizeof(nb)),
	    response ? "response" : "request", mid, peer, len, frags);
}

/* Retransmission settings: the connection's, else the config's, else
 * the engine's defaults. */
static uint32_t
xsend_retransmit_ms(const struct ike_sa *sa)
{
	const struct ike_config *cfg = sa->sa_eng->eng_cfg;

	if (sa->sa_conn != NULL && sa->sa_conn->retransmit_timeout_ms != 0)
		return sa->sa_conn->retransmit_timeout_ms;
	if (cfg != NULL && cfg->retransmit_timeout_ms != 0)
		return cfg->retransmit_timeout_ms;
	return ENG_RETRANSMIT_MS;
}

static uint32_t
xsend_retransmit_tries(const struct ike_sa *sa)
{
	const struct ike_config *cfg = sa->sa_eng->eng_cfg;

	if (sa->sa_conn != NULL && sa->sa_conn->retransmit_tries != 0)
		return sa->sa_conn->retransmit_tries;
	if (cfg != NULL && cfg->retransmit_tries != 0)
		return cfg->retransmit_tries;
	return ENG_RETRANSMIT_TRIES;
}

static double
xsend_retransmit_base(const struct ike_sa *sa)
{
	const struct ike_config *cfg = sa->sa_eng->eng_cfg;

	if (sa->sa_conn != NULL && sa->sa_conn->retransmit_base >= 1.0)
		return sa->sa_conn->retransmit_base;
	if (cfg != NULL && cfg->retransmit_base >= 1.0)
		return cfg->retransmit_base;
	return 2.0;
}

int
xsend_bytes_request(struct ike_sa *sa, uint8_t xchg, uint32_t mid,
    enum sa_req_kind kind, uint8_t *bytes, size_t len, uint64_t now,
    struct ike_out *out)
{
	ike_buf_free(&sa->sa_req);
	sa->sa_req.ptr = bytes;		/* taken over */
	sa->sa_req.len = len;
	sa->sa_req_mid = mid;
	sa->sa_req_xchg = xchg;
	sa->sa_req_kind = kind;
	sa->sa_req_tries = 0;
	sa->sa_req_interval = xsend_retransmit_ms(sa);
	sa->sa_req_due = now + sa->sa_req_interval;
	sa->sa_req_last = false;
	sa->sa_req_deadline = 0;
	sa->sa_eng->eng_stats.tx++;
	xsend_log_sent(sa, xchg, false, mid, bytes, len, "");
	return xsend_push(sa, bytes, len, out);
}

int
xsend_bytes_response(struct ike_sa *sa, uint32_t mid, uint8_t *bytes, size_t len,
    uint8_t xchg, struct ike_out *out)
{
	ike_buf_free(&sa->sa_resp);
	sa->sa_resp.ptr = bytes;	/* taken over */
	sa->sa_resp.len = len;
	sa->sa_resp_mid = mid;
	sa->sa_resp_valid = true;
	memcpy(sa->sa_resp_hash, sa->sa_rx_hash, sizeof(sa->sa_resp_hash));
	sa->sa_resp_resends = 0;
	sa->sa_eng->eng_stats.tx++;
	xsend_log_sent(sa, xchg, true, mid, bytes, len, "");
	return xsend_push(sa, bytes, len, out);
}

/* RFC 7296 2.1: a retransmitted request gets the very same response. */
int
xsend_resend_response(struct ike_sa *sa, uint8_t xchg, struct ike_out *out)
{
	sa->sa_eng->eng_stats.tx++;
	sa->sa_eng->eng_stats.retransmits++;
	xsend_log_sent(sa, xchg, true, sa->sa_resp_mid, sa->sa_resp.ptr,
	    sa->sa_resp.len, "re");
	return xsend_push(sa, sa->sa_resp.ptr, sa->sa_resp.len, out);
}

int
xsend_build(struct ike_sa *sa, uint8_t exchange, bool response, uint32_t mid,
    struct xchg_out *x, uint8_t **bytes, size_t *len)
{
	struct ike_engine *eng = sa->sa_eng;
	bool protect = exchange != IKE_X_IKE_SA_INIT;
	struct msg_builder b;
	struct msg_seal seal;
	struct msg_hdr hdr;
	struct ike_bytes plain;
	struct cry_sk *sk = NULL;
	struct wire_w w;
	size_t i, blen;
	int err;

	if (x->err != IKE_OK)
		return x->err;
	if (protect) {
		if (sa->sa_keys == NULL)
			return IKE_ESTATE;
		sk = sa->sa_initiator ? sa->sa_keys->ks_sk_i : sa->sa_keys->ks_sk_r;
	}
	memset(&hdr, 0, sizeof(hdr));
	hdr.spi_i = sa->sa_spi_i;
	hdr.spi_r = sa->sa_spi_r;
	hdr.version = IKE_VERSION_2;
	hdr.exchange = exchange;
	hdr.flags = (sa->sa_initiator ? IKE_FLAG_INITIATOR : 0) |
	    (response ? IKE_FLAG_RESPONSE : 0);
	hdr.msgid = mid;
	wire_w_init_grow(&w, ENG_MSG_MAX);
	err = msg_build_begin(&b, &w, &hdr);
	if (err == IKE_OK && protect)
		err = msg_sk_begin(&b);
	for (i = 0; i < x->n_pl && err == IKE_OK; i++) {
		err = msg_pl_begin(&b, x->pl[i].type, 0);
		if (err == IKE_OK)
			err = wire_w_bytes(msg_w(&b), x->w.buf + x->pl[i].off,
			    x->pl[i].len);
		if (err == IKE_OK)
			err = msg_pl_end(&b);
	}
	if (err == IKE_OK && protect) {
		plain = msg_sk_plain(&b);
		blen = cry_sk_enc_len(sk, plain.len);
		if (frag_wanted(sa, exchange, IKE_HDR_LEN + IKE_GENERIC_HDR_LEN +
		    blen)) {
			/* RFC 7383: the fragments replace the message. */
			err = frag_build(sa, &hdr, sk, b.inner_first, plain,
			    bytes, len);
			msg_builder_free(&b);
			wire_w_free(&w);
			return err;
		}
		err = msg_sk_seal(&b, blen, &seal);
		if (err == IKE_OK)
			err = cry_sk_encrypt(sk, seal.aad, plain,
			    eng->eng_env.rng, eng->eng_env.rng_ctx, seal.body,
			    seal.body_len);
	} else if (err == IKE_OK) {
		err = msg_build_end(&b);
	}
	msg_builder_free(&b);
	if (err == IKE_OK)
		err = wire_w_take(&w, bytes, len);
	wire_w_free(&w);
	return err;
}

int
xsend_request(struct ike_sa *sa, struct xchg_out *x, uint64_t now,
    struct ike_out *out)
{
	uint32_t mid = sa->sa_mid_next;
	uint8_t *bytes;
	size_t len;
	int err;

	err = xsend_build(sa, x->exchange, false, mid, x, &bytes, &len);
	if (err < 0) {
		eng_log(sa->sa_eng, IKE_LOG_ERROR, sa->sa_name,
		    "building a request failed: %s", ike_strerror(err));
		return err;
	}
	/* RFC 7296 2.15: AUTH covers our IKE_SA_INIT request as sent. */
	if (x->exchange == IKE_X_IKE_SA_INIT &&
	    (err = ike_buf_set(&sa->sa_init_i, bytes, len)) < 0) {
		free(bytes);
		return err;
	}
	sa->sa_mid_next++;
	sa->sa_req_child = x->req_child;
	return xsend_bytes_request(sa, x->exchange, mid, x->req_kind, bytes, len,
	    now, out);
}

int
xsend_stateless_notify(struct ike_engine *eng, const struct msg_hdr *req,
    const struct ike_addr *local, const struct ike_addr *remote,
    uint16_t type, const void *data, size_t len, struct ike_out *out)
{
	struct msg_builder b;
	struct msg_hdr hdr;
	struct pld_notify n;
	struct wire_w w;
	int err;

	memset(&hdr, 0, sizeof(hdr));
	hdr.spi_i = req->spi_i;
	hdr.version = IKE_VERSION_2;
	hdr.exchange = req->exchange;
	hdr.flags = IKE_FLAG_RESPONSE;
	hdr.msgid = req->msgid;
	memset(&n, 0, sizeof(n));
	n.type = type;
	n.data.ptr = data;
	n.data.len = len;
	wire_w_init_grow(&w, ENG_MSG_MAX);
	err = msg_build_begin(&b, &w, &hdr);
	if (err == IKE_OK)
		err = msg_pl_begin(&b, IKE_PL_NOTIFY, 0);
	if (err == IKE_OK)
		err = pld_notify_build(msg_w(&b), &n);
	if (err == IKE_OK)
		err = msg_pl_end(&b);
	if (err == IKE_OK)
		err = msg_build_end(&b);
	msg_builder_free(&b);
	if (err == IKE_OK) {
		struct ike_bytes v = wire_w_bytes_view(&w);

		eng->eng_stats.tx++;
		err = eng_out_push(out, local, remote, v.ptr, v.len, 0);
	}
	wire_w_free(&w);
	return err;
}

/*
 * Request of ours:
 *
 *   HDR, SK { D(ESP, our inbound SPI) }  -->
 *       <--  HDR, SK { D(ESP, its inbound SPI) }
 */
int
xsend_delete_child(struct ike_sa *sa, struct child_sa *ch,
    struct xchg_out *x)
{
	uint8_t spi[4];

	ike_put_be32(spi, ch->ch_spi_in);
	xout_reset(x);
	xout_delete(x, IKE_PROTO_ESP, spi, 1);
	x->kind = XOUT_REQUEST;
	x->exchange = IKE_X_INFORMATIONAL;
	x->req_kind = REQ_DEL_CHILD;
	x->req_child = ch->ch_id;
	ch->ch_state = CH_S_DELETING;
	eng_log(sa->sa_eng, IKE_LOG_INFO, ch->ch_name, "deleting CHILD_SA %s "
	    "(SPIs %08x_i %08x_o)", ch->ch_name, ch->ch_spi_in, ch->ch_spi_out);
	return x->err;
}

/*
 * Request of ours:
 *
 *   HDR, SK { D(IKE) }  -->
 *       <--  HDR, SK { }
 */
int
xsend_delete_ike(struct ike_sa *sa, struct xchg_out *x)
{
	xout_reset(x);
	xout_delete(x, IKE_PROTO_IKE, NULL, 0);
	x->kind = XOUT_REQUEST;
	x->exchange = IKE_X_INFORMATIONAL;
	x->req_kind = REQ_DEL_IKE;
	eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "deleting IKE SA %s",
	    sa->sa_name);
	return x->err;
}

void
xsend_retransmit(struct ike_sa *sa, uint64_t now, struct ike_out *out)
{
	sa->sa_req_tries++;
	sa->sa_eng->eng_stats.tx++;
	sa->sa_eng->eng_stats.retransmits++;
	eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name,
	    "retransmit %u of request with message ID %u", sa->sa_req_tries,
	    sa->sa_req_mid);
	xsend_push(sa, sa->sa_req.ptr, sa->sa_req.len, out);
	/* Exponential backoff (timeout * base^n, strongSwan's formula);
	 * after the last retransmit, one more interval before giving up. */
	sa->sa_req_interval = (uint64_t)((double)sa->sa_req_interval *
	    xsend_retransmit_base(sa) + 0.5);
	sa->sa_req_due = now + sa->sa_req_interval;
	if (sa->sa_req_tries >= xsend_retransmit_tries(sa))
		sa->sa_req_last = true;
}

int
xsend_start(struct ike_sa *sa, xsend_fill_fn fill, const void *arg,
    uint64_t now, struct ike_out *out, uint32_t *req_child)
{
	struct xchg_out x;
	int err;

	xout_init(&x);
	err = fill(sa, arg, &x);
	if (err == IKE_OK)
		err = xsend_request(sa, &x, now, out);
	if (req_child != NULL)
		*req_child = x.req_child;
	xout_free(&x);
	return err;
}

int
xsend_fill_delete_ike(struct ike_sa *sa, const void *arg, struct xchg_out *x)
{
	(void)arg;
	return xsend_delete_ike(sa, x);
}

int
xsend_fill_delete_child(struct ike_sa *sa, const void *ch, struct xchg_out *x)
{
	return xsend_delete_child(sa, (struct child_sa *)ch, x);
}

int
xsend_fill_liveness(struct ike_sa *sa, const void *arg, struct xchg_out *x)
{
	(void)sa;
	(void)arg;
	x->kind = XOUT_REQUEST;
	x->exchange = IKE_X_INFORMATIONAL;
	x->req_kind = REQ_LIVENESS;
	return IKE_OK;
}
