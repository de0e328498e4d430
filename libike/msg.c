/* SPDX-License-Identifier: ISC */
/*
 * msg.c - IKE messages on the wire: the header (RFC 7296 3.1), the scan of
 * the payload chain (3.2) done once per datagram, the chain inside a
 * decrypted SK payload (3.14) or reassembled SKF fragments (RFC 7383), and
 * the builder that keeps Next Payload fields and lengths right.
 */
#include <stdint.h>
#include <string.h>

#include "msg.h"
#include "pld.h"
#include "iana.h"

/* Header field offsets (RFC 7296 3.1). */
#define HDR_OFF_NEXT	16
#define HDR_OFF_LENGTH	24
#define SKF_HDR_EXTRA	4	/* Fragment Number, Total Fragments */
#define MSG_MAX_LEN	65535	/* a datagram's payload can't be bigger */

int
msg_hdr_parse(const uint8_t *pkt, size_t len, struct msg_hdr *out)
{
	struct wire_r r = wire_r_init(pkt, len);
	struct msg_hdr h;

	memset(out, 0, sizeof(*out));
	if (len < IKE_HDR_LEN)
		return IKE_ESHORT;
	h.spi_i = wire_r_u64(&r);
	h.spi_r = wire_r_u64(&r);
	h.next = wire_r_u8(&r);
	h.version = wire_r_u8(&r);
	h.exchange = wire_r_u8(&r);
	h.flags = wire_r_u8(&r);
	h.msgid = wire_r_u32(&r);
	h.length = wire_r_u32(&r);
	*out = h;
	/* RFC 7296 2.5: only the major version matters; a minor version
	 * above ours is accepted and ignored. */
	if ((h.version >> 4) != (IKE_VERSION_2 >> 4))
		return IKE_EVERSION;
	if (h.length > len)
		return IKE_ESHORT;
	if (h.length < len)
		return IKE_ETRAILING;
	return IKE_OK;
}

int
msg_hdr_build(struct wire_w *w, const struct msg_hdr *h)
{
	wire_w_u64(w, h->spi_i);
	wire_w_u64(w, h->spi_r);
	wire_w_u8(w, h->next);
	wire_w_u8(w, h->version);
	wire_w_u8(w, h->exchange);
	wire_w_u8(w, h->flags);
	wire_w_u32(w, h->msgid);
	return wire_w_u32(w, h->length);
}

int
msg_is_response(const struct msg_hdr *h)
{
	return (h->flags & IKE_FLAG_RESPONSE) != 0;
}

int
msg_pl_known(uint8_t t)
{
	return (t >= IKE_PL_SA && t <= IKE_PL_EAP) || t == IKE_PL_SKF;
}

/*
 * The smallest body a known payload can have: its fixed fields (RFC 7296
 * section 3).  Anything shorter is malformed before any parser looks.
 */
static size_t
min_body(uint8_t t)
{
	switch (t) {
	case IKE_PL_SA:		return 8;	/* one proposal header */
	case IKE_PL_KE:		return 4;
	case IKE_PL_IDI:
	case IKE_PL_IDR:	return 4;
	case IKE_PL_CERT:
	case IKE_PL_CERTREQ:	return 1;
	case IKE_PL_AUTH:	return 4;
	case IKE_PL_NONCE:	return PLD_NONCE_MIN;
	case IKE_PL_NOTIFY:	return 4;
	case IKE_PL_DELETE:	return 4;
	case IKE_PL_VENDOR:	return 1;
	case IKE_PL_TSI:
	case IKE_PL_TSR:	return 4;
	case IKE_PL_CP:		return 4;
	case IKE_PL_EAP:	return 4;
	case IKE_PL_SKF:	return SKF_HDR_EXTRA;
	default:		return 0;
	}
}

/*
 * Walks one chain of generic payload headers starting with type first.
 * base is the offset of buf in the buffer it belongs to (the datagram, or
 * 0 for a plaintext), so that msg_pl.off points at the generic header.
 */
static int
scan_chain(struct msg *m, const uint8_t *buf, size_t len, size_t base,
    uint8_t first, int inner)
{
	struct wire_r r = wire_r_init(buf, len);
	uint8_t type = first;

	while (type != IKE_PL_NONE) {
		struct msg_pl *pl;
		size_t off = r.off;
		uint8_t next, flags;
		uint16_t plen;

		next = wire_r_u8(&r);
		flags = wire_r_u8(&r);
		plen = wire_r_u16(&r);
		if (r.err != 0)
			return IKE_ESHORT;
		/* RFC 7296 3.2: the length includes the generic header. */
		if (plen < IKE_GENERIC_HDR_LEN)
			return IKE_EMALFORMED;
		if ((size_t)plen - IKE_GENERIC_HDR_LEN > wire_r_left(&r))
			return IKE_ESHORT;
		/* RFC 7296 2.5: an unknown payload with the critical bit
		 * rejects the whole message; without it, it is skipped.
		 * The bit is ignored for payloads we understand (3.2). */
		if (!msg_pl_known(type) && (flags & IKE_PL_CRITICAL)) {
			m->bad_critical = type;
			return IKE_ECRITICAL;
		}
		if (m->n_pl >= MSG_MAX_PL)
			return IKE_EUNSUPPORTED;
		pl = &m->pl[m->n_pl++];
		pl->type = type;
		pl->critical = (flags & IKE_PL_CRITICAL) != 0;
		pl->known = msg_pl_known(type);
		pl->inner = (uint8_t)inner;
		pl->next = next;
		pl->off = base + off;
		pl->body = wire_r_bytes(&r, (size_t)plen - IKE_GENERIC_HDR_LEN);
		if (!pl->known) {
			m->n_unknown++;
		} else if (pl->body.len < min_body(type)) {
			return IKE_EMALFORMED;
		}
		if (type == IKE_PL_SK || type == IKE_PL_SKF) {
			/* RFC 7296 3.14, RFC 7383 2.5: SK/SKF is the last
			 * payload; its Next Payload names the first inner
			 * payload, not a following one.  None inside. */
			if (inner)
				return IKE_EMALFORMED;
			m->sk = (int)(m->n_pl - 1);
			if (wire_r_left(&r) > 0)
				return IKE_EMALFORMED;
			return IKE_OK;
		}
		type = next;
	}
	return wire_r_left(&r) > 0 ? IKE_ETRAILING : IKE_OK;
}

int
msg_parse(const uint8_t *pkt, size_t len, struct msg *m)
{
	int ret;

	memset(m, 0, sizeof(*m));
	m->sk = -1;
	if ((ret = msg_hdr_parse(pkt, len, &m->hdr)) != 0)
		return ret;
	m->raw.ptr = pkt;
	m->raw.len = len;
	return scan_chain(m, pkt + IKE_HDR_LEN, len - IKE_HDR_LEN,
	    IKE_HDR_LEN, m->hdr.next, 0);
}

int
msg_parse_inner_first(struct msg *m, uint8_t first, const uint8_t *plain,
    size_t len)
{
	if (m->sk < 0 || m->decrypted || (plain == NULL && len > 0))
		return IKE_EINVAL;
	/* Mark first: a failed inner scan leaves a message that must not be
	 * scanned again. */
	m->decrypted = 1;
	return scan_chain(m, plain, len, 0, first, 1);
}

int
msg_parse_inner(struct msg *m, const uint8_t *plain, size_t len)
{
	if (m->sk < 0)
		return IKE_EINVAL;
	return msg_parse_inner_first(m, m->pl[m->sk].next, plain, len);
}

int
msg_sk(const struct msg *m, struct msg_sk *out)
{
	const struct msg_pl *pl;
	struct msg_sk s;
	size_t hdr = IKE_GENERIC_HDR_LEN;

	if (m->sk < 0)
		return IKE_ENOENT;
	pl = &m->pl[m->sk];
	memset(&s, 0, sizeof(s));
	s.type = pl->type;
	s.first = pl->next;
	s.data = pl->body;
	if (pl->type == IKE_PL_SKF) {
		struct pld_skf f;
		int ret;

		if ((ret = pld_skf_parse(pl->body, &f)) != 0)
			return ret;
		s.frag_num = f.num;
		s.frag_total = f.total;
		s.data = f.data;
		hdr += SKF_HDR_EXTRA;
	}
	/* RFC 5282 5.1, RFC 7383 2.5: the associated data runs from the
	 * IKE header to the end of the SK (or SKF) header. */
	s.aad.ptr = m->raw.ptr;
	s.aad.len = pl->off + hdr;
	*out = s;
	return IKE_OK;
}

const struct msg_pl *
msg_find(const struct msg *m, uint8_t t, size_t i)
{
	size_t k;

	for (k = 0; k < m->n_pl; k++) {
		if (!m->pl[k].known || m->pl[k].type != t)
			continue;
		if (i-- == 0)
			return &m->pl[k];
	}
	return NULL;
}

size_t
msg_count(const struct msg *m, uint8_t t)
{
	size_t k, n = 0;

	for (k = 0; k < m->n_pl; k++)
		if (m->pl[k].known && m->pl[k].type == t)
			n++;
	return n;
}

/* ------------------------------------------------------------- builder */

/* Records the first error and returns it. */
static int
bfail(struct msg_builder *b, int err)
{
	if (b->err == 0)
		b->err = err;
	return b->err;
}

/* Picks up a writer error into the builder. */
static int
bsync(struct msg_builder *b)
{
	if (b->w->err != 0)
		bfail(b, b->w->err);
	if (b->in_sk && b->inner.err != 0)
		bfail(b, b->inner.err);
	return b->err;
}

int
msg_build_begin(struct msg_builder *b, struct wire_w *w, const struct msg_hdr *h)
{
	struct msg_hdr hdr = *h;

	memset(b, 0, sizeof(*b));
	b->w = w;
	b->pl_start = SIZE_MAX;
	b->inner_next_off = SIZE_MAX;
	if (w->len != 0)
		return bfail(b, IKE_EINVAL);
	hdr.next = IKE_PL_NONE;		/* set by the first payload */
	hdr.length = IKE_HDR_LEN;	/* set when finished */
	msg_hdr_build(w, &hdr);
	b->next_off = HDR_OFF_NEXT;
	return bsync(b);
}

struct wire_w *
msg_w(struct msg_builder *b)
{
	return b->in_sk ? &b->inner : b->w;
}

int
msg_pl_begin(struct msg_builder *b, uint8_t t, int critical)
{
	struct wire_w *w = msg_w(b);

	if (b->err != 0)
		return b->err;
	if (b->sealed || b->pl_start != SIZE_MAX || t == IKE_PL_NONE ||
	    t == IKE_PL_SK || t == IKE_PL_SKF)
		return bfail(b, IKE_EINVAL);
	/* Chain: the previous Next Payload (or the header's, or the SK
	 * header's for the first inner payload) names this one. */
	if (b->in_sk) {
		if (b->inner_next_off == SIZE_MAX)
			b->inner_first = t;
		else
			wire_w_set8(w, b->inner_next_off, t);
		b->inner_next_off = w->len;
	} else {
		wire_w_set8(w, b->next_off, t);
		b->next_off = w->len;
	}
	b->pl_start = w->len;
	wire_w_u8(w, IKE_PL_NONE);
	wire_w_u8(w, critical ? IKE_PL_CRITICAL : 0);
	b->pl_mark = wire_w_len16_begin(w);
	return bsync(b);
}

int
msg_pl_end(struct msg_builder *b)
{
	if (b->err != 0)
		return b->err;
	if (b->pl_start == SIZE_MAX)
		return bfail(b, IKE_EINVAL);
	wire_w_len16_end_from(msg_w(b), b->pl_mark, b->pl_start);
	b->pl_start = SIZE_MAX;
	return bsync(b);
}

/* Sets the header's Length to what has been written. */
static int
fix_length(struct msg_builder *b)
{
	if (b->w->len > MSG_MAX_LEN)
		return bfail(b, IKE_EBUFFULL);
	wire_w_set32(b->w, HDR_OFF_LENGTH, (uint32_t)b->w->len);
	return bsync(b);
}

int
msg_build_end(struct msg_builder *b)
{
	if (b->err != 0)
		return b->err;
	if (b->sealed || b->in_sk || b->pl_start != SIZE_MAX)
		return bfail(b, IKE_EINVAL);
	b->sealed = 1;
	return fix_length(b);
}

int
msg_sk_begin(struct msg_builder *b)
{
	if (b->err != 0)
		return b->err;
	if (b->sealed || b->in_sk || b->pl_start != SIZE_MAX)
		return bfail(b, IKE_EINVAL);
	wire_w_init_grow(&b->inner, MSG_MAX_LEN);
	b->in_sk = 1;
	return IKE_OK;
}

struct ike_bytes
msg_sk_plain(const struct msg_builder *b)
{
	struct ike_bytes none = { NULL, 0 };

	if (!b->in_sk)
		return none;
	return wire_w_bytes_view(&b->inner);
}

/*
 * Appends the generic header of an SK or SKF payload (for SKF followed by
 * fragment number and total), reserves the body, fixes the header Length
 * and fills out.  Used by both seal functions.
 */
static int
seal(struct msg_builder *b, uint8_t type, uint8_t first, uint16_t num,
    uint16_t total, size_t body_len, struct msg_seal *out)
{
	struct wire_w *w = b->w;
	size_t hdr = IKE_GENERIC_HDR_LEN + (type == IKE_PL_SKF ? SKF_HDR_EXTRA : 0);
	size_t aad_end, body_off = 0;

	if (body_len > UINT16_MAX - hdr)
		return bfail(b, IKE_EINVAL);
	wire_w_set8(w, b->next_off, type);
	wire_w_u8(w, first);
	wire_w_u8(w, 0);
	wire_w_u16(w, (uint16_t)(hdr + body_len));
	if (type == IKE_PL_SKF && pld_skf_build_hdr(w, num, total) == IKE_EINVAL)
		return bfail(b, IKE_EINVAL);
	aad_end = w->len;
	wire_w_reserve(w, body_len, &body_off);
	if (bsync(b) != 0 || fix_length(b) != 0)
		return b->err;
	b->sealed = 1;
	memset(out, 0, sizeof(*out));
	out->aad.ptr = w->buf;
	out->aad.len = aad_end;
	out->body = wire_w_at(w, body_off, body_len);
	out->body_len = body_len;
	out->body_off = body_off;
	return IKE_OK;
}

int
msg_sk_seal(struct msg_builder *b, size_t body_len, struct msg_seal *out)
{
	if (b->err != 0)
		return b->err;
	if (b->sealed || !b->in_sk || b->pl_start != SIZE_MAX)
		return bfail(b, IKE_EINVAL);
	return seal(b, IKE_PL_SK, b->inner_first, 0, 0, body_len, out);
}

int
msg_skf_seal(struct msg_builder *b, uint8_t first, uint16_t num,
    uint16_t total, size_t body_len, struct msg_seal *out)
{
	if (b->err != 0)
		return b->err;
	if (b->sealed || b->in_sk || b->pl_start != SIZE_MAX)
		return bfail(b, IKE_EINVAL);
	/* RFC 7383 2.5: only fragment 1 names the first inner payload. */
	if (num != 1 && first != IKE_PL_NONE)
		return bfail(b, IKE_EINVAL);
	return seal(b, IKE_PL_SKF, first, num, total, body_len, out);
}

void
msg_builder_free(struct msg_builder *b)
{
	if (b == NULL)
		return;
	if (b->in_sk)
		wire_w_free(&b->inner);
	b->in_sk = 0;
}

int
msg_find_notify(const struct msg *m, uint16_t type, struct pld_notify *out)
{
	const struct msg_pl *pl;
	size_t i;

	for (i = 0; (pl = msg_find(m, IKE_PL_NOTIFY, i)) != NULL; i++)
		if (pld_notify_parse(pl->body, out) == IKE_OK && out->type == type)
			return 1;
	return 0;
}

uint16_t
msg_error_notify(const struct msg *m, struct pld_notify *out)
{
	const struct msg_pl *pl;
	size_t i;

	for (i = 0; (pl = msg_find(m, IKE_PL_NOTIFY, i)) != NULL; i++)
		if (pld_notify_parse(pl->body, out) == IKE_OK &&
		    pld_notify_is_error(out->type))
			return out->type;
	return 0;
}
