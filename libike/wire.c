/* SPDX-License-Identifier: ISC */
/*
 * wire.c - the bounds-checked reader and writer every wire byte goes
 * through.  Integers are assembled byte by byte (no unaligned loads, no
 * casts of wire pointers); errors are sticky on both sides so that callers
 * can check once at the end of a structure.
 */
#include <stdlib.h>
#include <string.h>

#include "wire.h"

/* ---------------------------------------------------------------- reader */

struct wire_r
wire_r_init(const uint8_t *p, size_t len)
{
	struct wire_r r = { p, p != NULL ? len : 0, 0, 0 };
	return r;
}

struct wire_r
wire_r_view(struct ike_bytes b)
{
	return wire_r_init(b.ptr, b.len);
}

void
wire_r_fail(struct wire_r *r, int err)
{
	if (r->err == 0)
		r->err = err;
}

size_t
wire_r_left(const struct wire_r *r)
{
	if (r->err != 0)
		return 0;
	return r->len - r->off;
}

/* Returns the next n bytes and moves past them, or NULL (and IKE_ESHORT). */
static const uint8_t *
take(struct wire_r *r, size_t n)
{
	const uint8_t *p;

	if (r->err != 0)
		return NULL;
	if (n > r->len - r->off) {
		r->err = IKE_ESHORT;
		return NULL;
	}
	p = r->p + r->off;
	r->off += n;
	return p;
}

uint8_t
wire_r_u8(struct wire_r *r)
{
	const uint8_t *p = take(r, 1);

	return p != NULL ? p[0] : 0;
}

uint16_t
wire_r_u16(struct wire_r *r)
{
	const uint8_t *p = take(r, 2);

	return p != NULL ? ike_be16(p) : 0;
}

uint32_t
wire_r_u32(struct wire_r *r)
{
	const uint8_t *p = take(r, 4);

	return p != NULL ? ike_be32(p) : 0;
}

uint64_t
wire_r_u64(struct wire_r *r)
{
	uint64_t hi = wire_r_u32(r);
	uint64_t lo = wire_r_u32(r);

	if (r->err != 0)
		return 0;
	return hi << 32 | lo;
}

struct ike_bytes
wire_r_bytes(struct wire_r *r, size_t n)
{
	struct ike_bytes b = { NULL, 0 };
	const uint8_t *p = take(r, n);

	if (p != NULL) {
		b.ptr = p;
		b.len = n;
	}
	return b;
}

void
wire_r_copy(struct wire_r *r, void *dst, size_t n)
{
	const uint8_t *p = take(r, n);

	if (p != NULL)
		memcpy(dst, p, n);
	else if (n > 0)
		memset(dst, 0, n);
}

void
wire_r_skip(struct wire_r *r, size_t n)
{
	(void)take(r, n);
}

struct ike_bytes
wire_r_rest(struct wire_r *r)
{
	return wire_r_bytes(r, wire_r_left(r));
}

struct wire_r
wire_r_sub(struct wire_r *r, size_t n)
{
	struct wire_r sub = { NULL, 0, 0, 0 };
	const uint8_t *p = take(r, n);

	if (p == NULL)
		sub.err = r->err;
	else {
		sub.p = p;
		sub.len = n;
	}
	return sub;
}

int
wire_r_done(const struct wire_r *r)
{
	if (r->err != 0)
		return r->err;
	if (r->off != r->len)
		return IKE_ETRAILING;
	return IKE_OK;
}

/* ---------------------------------------------------------------- writer */

void
wire_w_init(struct wire_w *w, uint8_t *buf, size_t cap)
{
	memset(w, 0, sizeof(*w));
	w->buf = buf;
	w->cap = buf != NULL ? cap : 0;
	w->max = w->cap;
}

void
wire_w_init_grow(struct wire_w *w, size_t max)
{
	memset(w, 0, sizeof(*w));
	w->max = max;
	w->grow = 1;
}

void
wire_w_free(struct wire_w *w)
{
	if (w == NULL || !w->grow)
		return;
	if (w->buf != NULL) {
		ike_memzero(w->buf, w->cap);
		free(w->buf);
	}
	w->buf = NULL;
	w->len = w->cap = 0;
	w->err = 0;
}

int
wire_w_take(struct wire_w *w, uint8_t **buf, size_t *len)
{
	if (!w->grow || w->err != 0)
		return IKE_EINVAL;
	if (w->buf == NULL) {
		/* Nothing written yet: hand out a valid, empty buffer. */
		w->buf = malloc(1);
		if (w->buf == NULL)
			return IKE_ENOMEM;
		w->cap = 1;
	}
	*buf = w->buf;
	*len = w->len;
	w->buf = NULL;
	w->len = w->cap = 0;
	return IKE_OK;
}

/*
 * Makes room for n more bytes.  A growable buffer doubles; the old one is
 * wiped because inner chains hold key exchange data and nonces.
 */
static int
room(struct wire_w *w, size_t n)
{
	size_t need, cap;
	uint8_t *nb;

	if (w->err != 0)
		return w->err;
	if (n <= w->cap - w->len)
		return IKE_OK;
	if (!w->grow || n > w->max - w->len) {
		w->err = IKE_EBUFFULL;
		return w->err;
	}
	need = w->len + n;
	cap = w->cap < 256 ? 256 : w->cap;
	while (cap < need)
		cap = cap > w->max / 2 ? w->max : cap * 2;
	if (cap > w->max)
		cap = w->max;
	nb = malloc(cap);
	if (nb == NULL) {
		w->err = IKE_ENOMEM;
		return w->err;
	}
	if (w->buf != NULL) {
		memcpy(nb, w->buf, w->len);
		ike_memzero(w->buf, w->cap);
		free(w->buf);
	}
	w->buf = nb;
	w->cap = cap;
	return IKE_OK;
}

int
wire_w_bytes(struct wire_w *w, const void *p, size_t n)
{
	if (room(w, n) != 0)
		return w->err;
	if (n > 0)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
	return IKE_OK;
}

int
wire_w_view(struct wire_w *w, struct ike_bytes b)
{
	if (b.len > 0 && b.ptr == NULL) {
		if (w->err == 0)
			w->err = IKE_EINVAL;
		return w->err;
	}
	return wire_w_bytes(w, b.ptr, b.len);
}

int
wire_w_zero(struct wire_w *w, size_t n)
{
	if (room(w, n) != 0)
		return w->err;
	memset(w->buf + w->len, 0, n);
	w->len += n;
	return IKE_OK;
}

int
wire_w_reserve(struct wire_w *w, size_t n, size_t *off)
{
	size_t at = w->len;

	if (wire_w_zero(w, n) != 0)
		return w->err;
	*off = at;
	return IKE_OK;
}

int
wire_w_u8(struct wire_w *w, uint8_t v)
{
	return wire_w_bytes(w, &v, 1);
}

int
wire_w_u16(struct wire_w *w, uint16_t v)
{
	uint8_t b[2];

	ike_put_be16(b, v);
	return wire_w_bytes(w, b, sizeof(b));
}

int
wire_w_u32(struct wire_w *w, uint32_t v)
{
	uint8_t b[4];

	ike_put_be32(b, v);
	return wire_w_bytes(w, b, sizeof(b));
}

int
wire_w_u64(struct wire_w *w, uint64_t v)
{
	wire_w_u32(w, (uint32_t)(v >> 32));
	return wire_w_u32(w, (uint32_t)v);
}

uint8_t *
wire_w_at(struct wire_w *w, size_t off, size_t n)
{
	if (w->err != 0 || off > w->len || n > w->len - off)
		return NULL;
	return w->buf + off;
}

/* Patches n bytes at off with the big-endian v. */
static int
set_be(struct wire_w *w, size_t off, uint32_t v, size_t n)
{
	uint8_t *p = wire_w_at(w, off, n);
	size_t i;

	if (p == NULL) {
		if (w->err == 0)
			w->err = IKE_EINVAL;
		return w->err;
	}
	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	return IKE_OK;
}

int
wire_w_set8(struct wire_w *w, size_t off, uint8_t v)
{
	return set_be(w, off, v, 1);
}

int
wire_w_set16(struct wire_w *w, size_t off, uint16_t v)
{
	return set_be(w, off, v, 2);
}

int
wire_w_set32(struct wire_w *w, size_t off, uint32_t v)
{
	return set_be(w, off, v, 4);
}

size_t
wire_w_len16_begin(struct wire_w *w)
{
	size_t mark = w->len;

	wire_w_u16(w, 0);
	return mark;
}

void
wire_w_len16_end_from(struct wire_w *w, size_t mark, size_t start)
{
	size_t n;

	if (w->err != 0)
		return;
	if (start > w->len || mark + 2 > w->len) {
		w->err = IKE_EINVAL;
		return;
	}
	n = w->len - start;
	if (n > UINT16_MAX) {
		w->err = IKE_EINVAL;
		return;
	}
	wire_w_set16(w, mark, (uint16_t)n);
}

void
wire_w_len16_end(struct wire_w *w, size_t mark)
{
	wire_w_len16_end_from(w, mark, mark + 2);
}

struct ike_bytes
wire_w_bytes_view(const struct wire_w *w)
{
	struct ike_bytes b = { w->buf, w->len };
	return b;
}
