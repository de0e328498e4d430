/* SPDX-License-Identifier: ISC */
/*
 * wire.h - the one bounds-checked reader and writer for every byte that
 * goes to or comes from the wire.  Integers are big-endian on the wire and
 * host order in memory; nothing here casts a wire pointer to a struct.
 *
 * The reader keeps a sticky error (Knot's scheme): once a read runs past
 * the end, every later read returns zero or an empty view and err stays
 * set, so a parser may read a whole structure and check once.
 *
 * The writer writes into a caller's buffer or into a growable heap buffer
 * with a size limit.  When it runs out of room it records IKE_EBUFFULL
 * (sticky as well) and returns it; it never aborts.
 */
#ifndef SAKER_WIRE_H
#define SAKER_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "ike.h"

/* ---------------------------------------------------- byte order, raw */

/* Big-endian integers at p, for the few places that hold a fixed-size
 * field outside a reader or writer (SPIs, groups, lengths); p must hold
 * the bytes. */
static inline uint16_t
ike_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
ike_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t
ike_be64(const uint8_t *p)
{
	return (uint64_t)ike_be32(p) << 32 | ike_be32(p + 4);
}

static inline void
ike_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
ike_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void
ike_put_be64(uint8_t *p, uint64_t v)
{
	ike_put_be32(p, (uint32_t)(v >> 32));
	ike_put_be32(p + 4, (uint32_t)v);
}

/* ---------------------------------------------------------------- reader */

struct wire_r {
	const uint8_t	*p;
	size_t		 len, off;
	int		 err;		/* 0 or a negative ike_err, sticky */
};

/* A reader over len bytes at p. */
struct wire_r	 wire_r_init(const uint8_t *p, size_t len);
struct wire_r	 wire_r_view(struct ike_bytes b);

/* Each reads one big-endian integer; 0 and err = IKE_ESHORT past the end. */
uint8_t		 wire_r_u8(struct wire_r *);
uint16_t	 wire_r_u16(struct wire_r *);
uint32_t	 wire_r_u32(struct wire_r *);
uint64_t	 wire_r_u64(struct wire_r *);
/* A view of the next n bytes (no copy); empty view and IKE_ESHORT if short. */
struct ike_bytes wire_r_bytes(struct wire_r *, size_t n);
/* Copies the next n bytes into dst (zeroed if short, IKE_ESHORT). */
void		 wire_r_copy(struct wire_r *, void *dst, size_t n);
/* Skips n bytes. */
void		 wire_r_skip(struct wire_r *, size_t n);
/* A view of everything left; the reader is then at its end. */
struct ike_bytes wire_r_rest(struct wire_r *);
/* A child reader over the next n bytes; the parent moves past them.  If
 * fewer than n are left both get IKE_ESHORT. */
struct wire_r	 wire_r_sub(struct wire_r *, size_t n);
/* Bytes left (0 once err is set). */
size_t		 wire_r_left(const struct wire_r *);
/* Records err unless an error is already set (first error wins). */
void		 wire_r_fail(struct wire_r *, int err);
/* The sticky error, else IKE_ETRAILING if bytes are left, else IKE_OK. */
int		 wire_r_done(const struct wire_r *);

/* ---------------------------------------------------------------- writer */

struct wire_w {
	uint8_t		*buf;
	size_t		 len;		/* bytes written */
	size_t		 cap;		/* bytes allocated / given */
	size_t		 max;		/* growable: upper limit of cap */
	int		 grow;		/* 1: buf is ours and may grow */
	int		 err;		/* 0 or a negative ike_err, sticky */
};

/* A writer over the caller's buffer; the caller owns buf. */
void	 wire_w_init(struct wire_w *, uint8_t *buf, size_t cap);
/* A growable writer that never holds more than max bytes.  Old buffers are
 * wiped when it grows; wire_w_free() wipes and frees. */
void	 wire_w_init_grow(struct wire_w *, size_t max);
void	 wire_w_free(struct wire_w *);		/* growable only; NULL ok */
/* Hands the growable buffer to the caller (who frees it); the writer is
 * left empty.  IKE_EINVAL for a fixed writer or one in error. */
int	 wire_w_take(struct wire_w *, uint8_t **buf, size_t *len);

/* Each appends and returns the sticky error (IKE_EBUFFULL, IKE_ENOMEM). */
int	 wire_w_u8(struct wire_w *, uint8_t);
int	 wire_w_u16(struct wire_w *, uint16_t);
int	 wire_w_u32(struct wire_w *, uint32_t);
int	 wire_w_u64(struct wire_w *, uint64_t);
int	 wire_w_bytes(struct wire_w *, const void *, size_t);
int	 wire_w_view(struct wire_w *, struct ike_bytes);
int	 wire_w_zero(struct wire_w *, size_t n);
/* Reserves n bytes and returns their offset in *off (for later patching
 * with wire_w_at()). */
int	 wire_w_reserve(struct wire_w *, size_t n, size_t *off);
/* The writable bytes at off..off+n, NULL if out of range or in error.
 * Valid until the next append to a growable writer. */
uint8_t	*wire_w_at(struct wire_w *, size_t off, size_t n);
/* Overwrites already written integers. */
int	 wire_w_set8(struct wire_w *, size_t off, uint8_t);
int	 wire_w_set16(struct wire_w *, size_t off, uint16_t);
int	 wire_w_set32(struct wire_w *, size_t off, uint32_t);

/*
 * 16-bit length fields.  wire_w_len16_begin() writes a zero placeholder
 * and returns its offset (the mark).  wire_w_len16_end() stores the number
 * of bytes written after the field (attribute style: the length counts the
 * value only); wire_w_len16_end_from() stores the number written since
 * offset start (payload style: the length counts the header too).  A
 * length over 65535 sets IKE_EINVAL.
 */
size_t	 wire_w_len16_begin(struct wire_w *);
void	 wire_w_len16_end(struct wire_w *, size_t mark);
void	 wire_w_len16_end_from(struct wire_w *, size_t mark, size_t start);

/* A view of what has been written so far. */
struct ike_bytes wire_w_bytes_view(const struct wire_w *);

#endif /* SAKER_WIRE_H */
