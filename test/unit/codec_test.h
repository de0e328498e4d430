/* SPDX-License-Identifier: ISC */
/*
 * codec_test.h - helpers shared by the wire codec's unit tests: hex
 * strings to bytes, and a writer over a static buffer.
 */
#ifndef SAKER_CODEC_TEST_H
#define SAKER_CODEC_TEST_H

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "ike.h"
#include "wire.h"

/* Hex digits (whitespace ignored) into out; returns the byte count. */
static inline size_t
unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (; *hex != '\0'; hex++) {
		int v;

		if (isspace((unsigned char)*hex))
			continue;
		v = isdigit((unsigned char)*hex) ? *hex - '0' :
		    tolower((unsigned char)*hex) - 'a' + 10;
		if (hi < 0)
			hi = v;
		else {
			if (n < cap)
				out[n] = (uint8_t)(hi << 4 | v);
			n++;
			hi = -1;
		}
	}
	return n;
}

/* A view of hex bytes kept in a static buffer (one at a time per slot). */
static inline struct ike_bytes
hexview(const char *hex, uint8_t *buf, size_t cap)
{
	struct ike_bytes b;

	b.len = unhex(hex, buf, cap);
	b.ptr = buf;
	return b;
}
#define HEX(buf, s)	hexview((s), (buf), sizeof(buf))

static inline int
bytes_eq(struct ike_bytes a, struct ike_bytes b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

#endif
