/* SPDX-License-Identifier: ISC */
/*
 * htab.c - intrusive hash tables with chains (as the Linux hlist: each
 * node points at the pointer that points at it, so it leaves its chain
 * in constant time) and SipHash-2-4 (Aumasson and Bernstein, 2012), the
 * keyed hash that keeps chains short whatever keys a peer picks.  A
 * table doubles its buckets when it holds more nodes than buckets; if
 * that allocation fails it carries on with longer chains, so adding
 * never fails.
 */
#include <stdlib.h>
#include <string.h>

#include "htab.h"
#include "ike.h"

int
htab_init(struct htab *t, size_t buckets)
{
	memset(t, 0, sizeof(*t));
	if ((t->ht_b = calloc(buckets, sizeof(*t->ht_b))) == NULL)
		return IKE_ENOMEM;
	t->ht_mask = buckets - 1;
	return IKE_OK;
}

void
htab_free(struct htab *t)
{
	free(t->ht_b);
	memset(t, 0, sizeof(*t));
}

static void
htab_link(struct htab_node **head, struct htab_node *n)
{
	n->hn_next = *head;
	if (*head != NULL)
		(*head)->hn_pprev = &n->hn_next;
	*head = n;
	n->hn_pprev = head;
}

/* Twice the buckets, each node moved to its new chain. */
static void
htab_grow(struct htab *t)
{
	size_t nb = 2 * (t->ht_mask + 1), i;
	struct htab_node **b, *n, *next;

	if (nb == 0 || (b = calloc(nb, sizeof(*b))) == NULL)
		return;
	for (i = 0; i <= t->ht_mask; i++) {
		for (n = t->ht_b[i]; n != NULL; n = next) {
			next = n->hn_next;
			htab_link(&b[n->hn_hash & (nb - 1)], n);
		}
	}
	free(t->ht_b);
	t->ht_b = b;
	t->ht_mask = nb - 1;
}

void
htab_add(struct htab *t, struct htab_node *n, uint64_t hash)
{
	if (t->ht_n > t->ht_mask)
		htab_grow(t);
	n->hn_hash = hash;
	htab_link(&t->ht_b[hash & t->ht_mask], n);
	t->ht_n++;
}

void
htab_del(struct htab *t, struct htab_node *n)
{
	if (n->hn_pprev == NULL)
		return;
	*n->hn_pprev = n->hn_next;
	if (n->hn_next != NULL)
		n->hn_next->hn_pprev = n->hn_pprev;
	n->hn_next = NULL;
	n->hn_pprev = NULL;
	t->ht_n--;
}

void
htab_replace(struct htab_node *old, struct htab_node *n)
{
	n->hn_hash = old->hn_hash;
	n->hn_next = old->hn_next;
	n->hn_pprev = old->hn_pprev;
	*n->hn_pprev = n;
	if (n->hn_next != NULL)
		n->hn_next->hn_pprev = &n->hn_next;
	old->hn_next = NULL;
	old->hn_pprev = NULL;
}

bool
htab_linked(const struct htab_node *n)
{
	return n->hn_pprev != NULL;
}

struct htab_node *
htab_first(const struct htab *t, uint64_t hash)
{
	struct htab_node *n;

	for (n = t->ht_b[hash & t->ht_mask]; n != NULL; n = n->hn_next)
		if (n->hn_hash == hash)
			return n;
	return NULL;
}

struct htab_node *
htab_next(const struct htab_node *n)
{
	uint64_t hash = n->hn_hash;

	for (n = n->hn_next; n != NULL; n = n->hn_next)
		if (n->hn_hash == hash)
			return (struct htab_node *)n;
	return NULL;
}

/* ---- SipHash-2-4 -------------------------------------------------------- */

#define ROTL(x, b)	(uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

#define SIPROUND(v0, v1, v2, v3) do {					\
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);	\
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;				\
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;				\
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);	\
} while (0)

static uint64_t
htab_le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

uint64_t
htab_hash(const uint8_t key[HTAB_KEY_LEN], const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t k0 = htab_le64(key), k1 = htab_le64(key + 8), m, b;
	uint64_t v0 = k0 ^ 0x736f6d6570736575ULL;
	uint64_t v1 = k1 ^ 0x646f72616e646f6dULL;
	uint64_t v2 = k0 ^ 0x6c7967656e657261ULL;
	uint64_t v3 = k1 ^ 0x7465646279746573ULL;
	size_t i, left = len % 8;

	for (i = 0; i + 8 <= len; i += 8) {
		m = htab_le64(p + i);
		v3 ^= m;
		SIPROUND(v0, v1, v2, v3);
		SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	b = (uint64_t)len << 56;
	while (left-- > 0)
		b |= (uint64_t)p[i + left] << (8 * left);
	v3 ^= b;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}
