/* SPDX-License-Identifier: ISC */
/*
 * htab.h - intrusive hash tables (htab.c): the engine finds IKE SAs and
 * Child SAs by SPI, ID, connection, peer and reqid through them instead
 * of walking every SA.  A node lives inside the object it indexes and
 * keeps the object's hash; chains hang off buckets whose number doubles
 * as the table fills.  Keys are hashed with SipHash-2-4 under a key of
 * the engine's own, so that a peer choosing SPIs or IDs cannot steer
 * them into one chain.
 */
#ifndef SAKER_HTAB_H
#define SAKER_HTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTAB_KEY_LEN	16

struct htab_node {
	struct htab_node	*hn_next;
	struct htab_node	**hn_pprev;	/* NULL: in no table */
	uint64_t		 hn_hash;
};

struct htab {
	struct htab_node	**ht_b;
	size_t			 ht_mask;	/* buckets - 1 */
	size_t			 ht_n;		/* nodes in it */
};

/* The object a node is the member of. */
#define HTAB_ENTRY(node, type, member)					\
	((type *)(void *)((char *)(node) - offsetof(type, member)))

/* An empty table of buckets buckets (a power of two).  IKE_ENOMEM. */
int	htab_init(struct htab *, size_t buckets);

/* Frees the buckets; the nodes belong to their objects. */
void	htab_free(struct htab *);

/* Links node under hash.  Never fails: when the table cannot grow, its
 * chains get longer. */
void	htab_add(struct htab *, struct htab_node *, uint64_t hash);

/* Unlinks node from t (the table it is in); nothing if it is in none. */
void	htab_del(struct htab *t, struct htab_node *);

/* Puts node in the place of old, which leaves the table, under old's
 * hash (a new head of a group, say). */
void	htab_replace(struct htab_node *old, struct htab_node *node);

bool	htab_linked(const struct htab_node *);

/* The first node with that hash, and the next one after node; NULL at
 * the end.  Different keys may share a hash: callers compare keys. */
struct htab_node *htab_first(const struct htab *, uint64_t hash);
struct htab_node *htab_next(const struct htab_node *);

/* SipHash-2-4 of data under key. */
uint64_t htab_hash(const uint8_t key[HTAB_KEY_LEN], const void *data,
	    size_t len);

#endif /* SAKER_HTAB_H */
