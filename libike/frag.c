/* SPDX-License-Identifier: ISC */
/*
 * frag.c - IKE fragmentation (RFC 7383).  Sending: a protected message
 * too large for one datagram of fragment_size bytes is cut into chunks of
 * its inner payload chain, each chunk encrypted on its own in an SKF
 * payload carrying its number and the total (2.5); the fragments are kept
 * back to back in one buffer, so retransmitting the message sends them
 * all.  Receiving: each fragment is verified before it is kept (2.6: an
 * attacker cannot fill the reassembly with forgeries), the count and the
 * bytes held are bounded, and the message is handed on only when every
 * fragment is there.
 */
#include <stdlib.h>
#include <string.h>

#include "cry.h"
#include "eng.h"
#include "frag.h"
#include "iana.h"
#include "sa.h"
#include "xout.h"

#define FRAG_SKF_HDR	(IKE_GENERIC_HDR_LEN + 4)	/* + number, total */
#define FRAG_UDP_HDR	8

/* ---- receiving ------------------------------------------------------------ */

void
frag_in_free(struct frag_in *fi)
{
	size_t i;

	if (fi == NULL)
		return;
	for (i = 0; i < FRAG_MAX_COUNT; i++)
		ike_buf_free(&fi->fi_part[i]);
	free(fi);
}

void
frag_in_clear(struct ike_sa *sa)
{
	size_t i;

	for (i = 0; i < 2; i++) {
		frag_in_free(sa->sa_frag.in[i]);
		sa->sa_frag.in[i] = NULL;
	}
}

uint16_t
frag_number(const struct msg *m)
{
	struct msg_sk s;

	if (msg_sk(m, &s) < 0 || s.type != IKE_PL_SKF)
		return 0;
	return s.frag_num;
}

/* Bytes held by the SA's reassemblies. */
static size_t
frag_held(const struct ike_sa *sa)
{
	size_t i, n = 0;

	for (i = 0; i < 2; i++)
		if (sa->sa_frag.in[i] != NULL)
			n += sa->sa_frag.in[i]->fi_bytes;
	return n;
}

/* The complete message: the chunks in order. */
static int
frag_join(struct frag_in *fi, uint8_t **plain, size_t *plain_len,
    uint8_t *first)
{
	size_t i, off = 0;
	uint8_t *p;

	if ((p = malloc(fi->fi_bytes ? fi->fi_bytes : 1)) == NULL)
		return IKE_ENOMEM;
	for (i = 0; i < fi->fi_total; i++) {
		memcpy(p + off, fi->fi_part[i].ptr, fi->fi_part[i].len);
		off += fi->fi_part[i].len;
	}
	*plain = p;
	*plain_len = off;
	*first = fi->fi_first;
	return IKE_OK;
}

int
frag_input(struct ike_sa *sa, const struct msg *m, const struct msg_sk *s,
    struct cry_sk *sk, uint8_t **plain, size_t *plain_len, uint8_t *first)
{
	int slot = msg_is_response(&m->hdr) ? 1 : 0;
	struct frag_in *fi = sa->sa_frag.in[slot];
	struct ike_buf chunk = { NULL, 0 };
	size_t len;
	int err;

	if (s->frag_total > FRAG_MAX_COUNT)
		return IKE_EUNSUPPORTED;
	/* RFC 7383 2.6: a fragment of another message ends the set under
	 * way (the message ID checks let only the current one through). */
	if (fi != NULL && (fi->fi_mid != m->hdr.msgid ||
	    fi->fi_exchange != m->hdr.exchange)) {
		frag_in_free(fi);
		fi = sa->sa_frag.in[slot] = NULL;
	}
	if (fi != NULL && (s->frag_total < fi->fi_total ||
	    (s->frag_total == fi->fi_total &&
	    fi->fi_part[s->frag_num - 1].ptr != NULL)))
		return IKE_EPENDING;	/* stale or duplicate */
	/* Integrity first: only authentic fragments are kept. */
	if ((err = ike_buf_alloc(&chunk, s->data.len ? s->data.len : 1)) < 0)
		return err;
	err = cry_sk_decrypt(sk, s->aad, s->data, chunk.ptr, chunk.len, &len);
	if (err < 0) {
		ike_buf_free(&chunk);
		return err;
	}
	ike_memzero(chunk.ptr + len, chunk.len - len);	/* padding */
	chunk.len = len;
	if (fi != NULL && s->frag_total > fi->fi_total) {
		/* The sender cut the message smaller (RFC 7383 2.6): what
		 * we have belongs to the old cut. */
		frag_in_free(fi);
		fi = sa->sa_frag.in[slot] = NULL;
	}
	if (frag_held(sa) + len > FRAG_MAX_BYTES) {
		ike_buf_free(&chunk);
		frag_in_free(fi);
		sa->sa_frag.in[slot] = NULL;
		return IKE_ENOSPC;
	}
	if (fi == NULL) {
		if ((fi = calloc(1, sizeof(*fi))) == NULL) {
			ike_buf_free(&chunk);
			return IKE_ENOMEM;
		}
		fi->fi_mid = m->hdr.msgid;
		fi->fi_exchange = m->hdr.exchange;
		fi->fi_total = s->frag_total;
		sa->sa_frag.in[slot] = fi;
	}
	if (s->frag_num == 1) {
		fi->fi_first = s->first;
		if (slot == 0)
			sa_note_request(sa, m);
	}
	fi->fi_part[s->frag_num - 1] = chunk;
	fi->fi_bytes += len;
	if (++fi->fi_have < fi->fi_total)
		return IKE_EPENDING;
	err = frag_join(fi, plain, plain_len, first);
	frag_in_free(fi);
	sa->sa_frag.in[slot] = NULL;
	return err;
}

/* ---- sending ---------------------------------------------------------------- */

size_t
frag_max_msg(const struct ike_sa *sa)
{
	const struct ike_config *cfg = sa->sa_eng->eng_cfg;
	size_t size = cfg != NULL && cfg->fragment_size ? cfg->fragment_size :
	    FRAG_SIZE_DEFAULT;
	size_t over = FRAG_UDP_HDR + (sa->sa_remote.family == IKE_AF_INET6 ?
	    40 : 20);
	uint16_t natt = ike_config_natt_port(sa->sa_eng->eng_cfg);

	/* RFC 3948 2.2: the non-ESP marker on the NAT-T port. */
	if (sa->sa_local.port == natt || sa->sa_remote.port == natt)
		over += 4;
	return size > over ? size - over : 0;
}

bool
frag_wanted(const struct ike_sa *sa, uint8_t exchange, size_t msg_len)
{
	/* RFC 7383 2.5: IKE_SA_INIT is never fragmented, and only a peer
	 * that said it can take them gets fragments (2.3). */
	return sa->sa_frag.on && exchange != IKE_X_IKE_SA_INIT &&
	    sa->sa_conn != NULL && sa->sa_conn->fragmentation == IKE_FRAG_YES &&
	    msg_len > frag_max_msg(sa);
}

size_t
frag_next(const uint8_t *buf, size_t len)
{
	size_t l;

	if (len < IKE_HDR_LEN)
		return len;
	l = ike_be32(buf + 24);
	return l >= IKE_HDR_LEN && l <= len ? l : len;
}

/* The largest chunk of plaintext whose SKF body fits in room bytes. */
static size_t
frag_chunk(struct cry_sk *sk, size_t room)
{
	size_t c = room;

	while (c > 0 && cry_sk_enc_len(sk, c) > room)
		c--;
	return c;
}

/* One fragment, appended to out. */
static int
frag_one(struct ike_sa *sa, const struct msg_hdr *hdr, struct cry_sk *sk,
    uint8_t first, uint16_t num, uint16_t total, struct ike_bytes chunk,
    struct wire_w *out)
{
	struct ike_engine *eng = sa->sa_eng;
	struct msg_builder b;
	struct msg_seal seal;
	struct wire_w w;
	int err;

	wire_w_init_grow(&w, ENG_MSG_MAX);
	err = msg_build_begin(&b, &w, hdr);
	if (err == IKE_OK)
		err = msg_skf_seal(&b, num == 1 ? first : IKE_PL_NONE, num, total,
		    cry_sk_enc_len(sk, chunk.len), &seal);
	if (err == IKE_OK)
		err = cry_sk_encrypt(sk, seal.aad, chunk, eng->eng_env.rng,
		    eng->eng_env.rng_ctx, seal.body, seal.body_len);
	msg_builder_free(&b);
	if (err == IKE_OK)
		err = wire_w_bytes(out, w.buf, w.len);
	wire_w_free(&w);
	return err;
}

int
frag_build(struct ike_sa *sa, const struct msg_hdr *hdr, struct cry_sk *sk,
    uint8_t first, struct ike_bytes plain, uint8_t **bytes, size_t *len)
{
	size_t max = frag_max_msg(sa), c, n, i, off;
	struct ike_bytes chunk;
	struct wire_w out;
	int err = IKE_OK;

	c = max > IKE_HDR_LEN + FRAG_SKF_HDR ?
	    frag_chunk(sk, max - IKE_HDR_LEN - FRAG_SKF_HDR) : 0;
	if (c == 0)
		return IKE_EINVAL;
	n = (plain.len + c - 1) / c;
	if (n == 0)
		n = 1;
	if (n > FRAG_MAX_COUNT)
		return IKE_EBUFFULL;
	wire_w_init_grow(&out, (size_t)FRAG_MAX_COUNT * ENG_MSG_MAX);
	for (i = 0, off = 0; i < n && err == IKE_OK; i++, off += chunk.len) {
		chunk.ptr = plain.ptr + off;
		chunk.len = plain.len - off < c ? plain.len - off : c;
		err = frag_one(sa, hdr, sk, first, (uint16_t)(i + 1),
		    (uint16_t)n, chunk, &out);
	}
	if (err == IKE_OK)
		err = wire_w_take(&out, bytes, len);
	wire_w_free(&out);
	return err;
}
