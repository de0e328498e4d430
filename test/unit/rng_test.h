/* SPDX-License-Identifier: ISC */
/*
 * rng_test.h - the deterministic RNG of the engine tests and benchmarks:
 * splitmix64, a different stream for every seed.  Never for keys that
 * matter.
 */
#ifndef SAKER_RNG_TEST_H
#define SAKER_RNG_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "ike.h"

/* ctx points to the uint64_t state, the seed at first. */
static inline int
t_rng(void *ctx, uint8_t *buf, size_t len)
{
	uint64_t *s = ctx, z = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (i % 8 == 0) {
			z = (*s += 0x9e3779b97f4a7c15ULL);
			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
			z ^= z >> 31;
		}
		buf[i] = (uint8_t)(z >> (8 * (i % 8)));
	}
	return IKE_OK;
}

#endif /* SAKER_RNG_TEST_H */
