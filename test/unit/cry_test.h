/* SPDX-License-Identifier: ISC */
/*
 * cry_test.h - helpers shared by the crypto and key schedule tests: hex
 * strings as the RFCs print them (spaces and line breaks ignored) turned
 * into bytes, and a deterministic random source.
 */
#ifndef SAKER_CRY_TEST_H
#define SAKER_CRY_TEST_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ike.h"

/* Decodes hex (whitespace ignored) into a malloc'd view; the test frees
 * it with hx_free().  Aborts the test on a malformed string. */
static inline struct ike_bytes
hx(const char *s)
{
	size_t n = 0, cap = strlen(s) / 2 + 1;
	uint8_t *p = malloc(cap);
	int hi = -1;

	ck_assert_ptr_nonnull(p);
	for (; *s != '\0'; s++) {
		int v;

		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == ':')
			continue;
		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			v = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			v = *s - 'A' + 10;
		else
			ck_abort_msg("bad hex digit '%c'", *s);
		if (hi < 0) {
			hi = v;
		} else {
			p[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	ck_assert_int_lt(hi, 0);
	return (struct ike_bytes){ p, n };
}

static inline void
hx_free(struct ike_bytes b)
{
	free((void *)b.ptr);
}

/* Asserts that got (len bytes) equals the hex string want. */
#define ck_assert_hex(got_, n_, want_) do {				\
	struct ike_bytes w_ = hx(want_);				\
	ck_assert_uint_eq((n_), w_.len);				\
	ck_assert_msg(memcmp((got_), w_.ptr, w_.len) == 0,		\
	    "bytes differ from %s", #want_);				\
	hx_free(w_);							\
} while (0)

/* A random source that replays a fixed byte string, cycling through it
 * (a single byte repeated if the string is empty counts up from seed). */
struct fixed_rng {
	const uint8_t	*data;
	size_t		 len, off;
	uint8_t		 seed;
	unsigned	 calls;
};

static inline int
fixed_rng_fill(void *ctx, uint8_t *buf, size_t len)
{
	struct fixed_rng *r = ctx;
	size_t i;

	r->calls++;
	for (i = 0; i < len; i++) {
		if (r->len > 0) {
			buf[i] = r->data[r->off];
			r->off = (r->off + 1) % r->len;
		} else {
			buf[i] = r->seed++;
		}
	}
	return IKE_OK;
}

/* A random source that always fails. */
static inline int
failing_rng_fill(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
	return IKE_EINVAL;
}

#endif /* SAKER_CRY_TEST_H */
