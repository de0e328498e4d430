/* SPDX-License-Identifier: ISC */
/*
 * timer.c - a binary min-heap of deadlines.  The array holds pointers to
 * nodes embedded in their objects; node i's children are 2i+1 and 2i+2.
 * Every move writes the node's place back into it, which is what lets
 * the engine move one IKE SA's deadline, or drop it, without a search.
 */
#include <stdlib.h>

#include "ike.h"
#include "timer.h"

int
timer_reserve(struct timer_heap *h, size_t n)
{
	struct timer_node **a;
	size_t cap;

	if (n <= h->th_cap)
		return IKE_OK;
	cap = h->th_cap ? h->th_cap : 64;
	while (cap < n)
		cap *= 2;
	if ((a = realloc(h->th_h, cap * sizeof(*a))) == NULL)
		return IKE_ENOMEM;
	h->th_h = a;
	h->th_cap = cap;
	return IKE_OK;
}

void
timer_heap_free(struct timer_heap *h)
{
	free(h->th_h);
	h->th_h = NULL;
	h->th_n = h->th_cap = 0;
}

static void
timer_place(struct timer_heap *h, size_t i, struct timer_node *n)
{
	h->th_h[i] = n;
	n->tn_idx = i + 1;
}

/* Moves the node at i towards the root while its parent is later. */
static void
timer_up(struct timer_heap *h, size_t i)
{
	struct timer_node *n = h->th_h[i];
	size_t parent;

	while (i > 0) {
		parent = (i - 1) / 2;
		if (h->th_h[parent]->tn_at <= n->tn_at)
			break;
		timer_place(h, i, h->th_h[parent]);
		i = parent;
	}
	timer_place(h, i, n);
}

/* Moves the node at i towards the leaves while a child is earlier. */
static void
timer_down(struct timer_heap *h, size_t i)
{
	struct timer_node *n = h->th_h[i];
	size_t child;

	for (;;) {
		child = 2 * i + 1;
		if (child >= h->th_n)
			break;
		if (child + 1 < h->th_n &&
		    h->th_h[child + 1]->tn_at < h->th_h[child]->tn_at)
			child++;
		if (n->tn_at <= h->th_h[child]->tn_at)
			break;
		timer_place(h, i, h->th_h[child]);
		i = child;
	}
	timer_place(h, i, n);
}

void
timer_del(struct timer_heap *h, struct timer_node *n)
{
	size_t i = n->tn_idx - 1;
	struct timer_node *last;

	if (n->tn_idx == 0)
		return;
	n->tn_idx = 0;
	last = h->th_h[--h->th_n];
	if (last == n)
		return;
	/* The last node fills the hole and goes whichever way it must. */
	timer_place(h, i, last);
	if (i > 0 && h->th_h[(i - 1) / 2]->tn_at > last->tn_at)
		timer_up(h, i);
	else
		timer_down(h, i);
}

int
timer_set(struct timer_heap *h, struct timer_node *n, uint64_t at)
{
	uint64_t was = n->tn_at;
	int err;

	if (at == UINT64_MAX) {
		timer_del(h, n);
		return IKE_OK;
	}
	n->tn_at = at;
	if (n->tn_idx != 0) {
		if (at < was)
			timer_up(h, n->tn_idx - 1);
		else if (at > was)
			timer_down(h, n->tn_idx - 1);
		return IKE_OK;
	}
	if (h->th_n == h->th_cap &&
	    (err = timer_reserve(h, h->th_n + 1)) < 0)
		return err;
	timer_place(h, h->th_n++, n);
	timer_up(h, h->th_n - 1);
	return IKE_OK;
}

struct timer_node *
timer_first(const struct timer_heap *h)
{
	return h->th_n > 0 ? h->th_h[0] : NULL;
}

uint64_t
timer_next(const struct timer_heap *h)
{
	return h->th_n > 0 ? h->th_h[0]->tn_at : UINT64_MAX;
}
