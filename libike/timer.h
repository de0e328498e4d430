/* SPDX-License-Identifier: ISC */
/*
 * timer.h - the engine's deadlines (timer.c): a binary min-heap of nodes
 * that live inside the objects they time (one in each IKE SA), each node
 * knowing its place so that it can be moved or taken out in O(log n).
 * The earliest deadline is read in O(1).
 */
#ifndef SAKER_TIMER_H
#define SAKER_TIMER_H

#include <stddef.h>
#include <stdint.h>

struct timer_node {
	uint64_t		 tn_at;		/* the deadline, engine ms */
	size_t			 tn_idx;	/* place in the heap + 1, 0: none */
};

struct timer_heap {
	struct timer_node	**th_h;
	size_t			 th_n, th_cap;
};

/* Room for n nodes, so that timer_set() of up to n nodes cannot fail;
 * the heap never shrinks.  IKE_ENOMEM. */
int	timer_reserve(struct timer_heap *, size_t n);

/* Frees the array; the nodes belong to their objects, which may be gone
 * already, and are not looked at. */
void	timer_heap_free(struct timer_heap *);

/* Puts node in the heap at deadline at, or moves it there if it is in;
 * UINT64_MAX takes it out.  IKE_ENOMEM only when there was no room
 * reserved and none could be had. */
int	timer_set(struct timer_heap *, struct timer_node *, uint64_t at);

/* Takes node out; nothing if it is not in. */
void	timer_del(struct timer_heap *, struct timer_node *);

/* The node with the earliest deadline (NULL: none), and that deadline
 * (UINT64_MAX: none).  Nodes with the same deadline come in no
 * particular order. */
struct timer_node *timer_first(const struct timer_heap *);
uint64_t timer_next(const struct timer_heap *);

#endif /* SAKER_TIMER_H */
