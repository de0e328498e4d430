/* SPDX-License-Identifier: ISC */
/*
 * test_timer.c - the deadline heap of timer.c: nodes come out earliest
 * first whatever order they went in, deadlines moved earlier and later
 * and nodes taken out from anywhere keep the heap in order, UINT64_MAX
 * takes a node out, and reserved room is what setting uses.
 */
#include <stdint.h>
#include <stdlib.h>

#include "check_main.h"
#include "ike.h"
#include "rng_test.h"
#include "timer.h"

#define N	2000

static uint64_t
rnd(uint64_t *s, uint64_t mod)
{
	uint64_t v;

	t_rng(s, (uint8_t *)&v, sizeof(v));
	return v % mod;
}

/* Every node's place is where the heap holds it, and no parent is later
 * than its children. */
static void
check_heap(const struct timer_heap *h)
{
	size_t i;

	for (i = 0; i < h->th_n; i++) {
		ck_assert_uint_eq(h->th_h[i]->tn_idx, i + 1);
		if (i > 0)
			ck_assert_uint_le(h->th_h[(i - 1) / 2]->tn_at,
			    h->th_h[i]->tn_at);
	}
}

/* Takes every node out from the top; they must come earliest first. */
static size_t
drain(struct timer_heap *h)
{
	struct timer_node *n;
	uint64_t last = 0;
	size_t count = 0;

	while ((n = timer_first(h)) != NULL) {
		ck_assert_uint_eq(timer_next(h), n->tn_at);
		ck_assert_uint_ge(n->tn_at, last);
		last = n->tn_at;
		timer_del(h, n);
		ck_assert_uint_eq(n->tn_idx, 0);
		count++;
	}
	ck_assert_uint_eq(timer_next(h), UINT64_MAX);
	return count;
}

START_TEST(earliest_first)
{
	struct timer_node *nodes = calloc(N, sizeof(*nodes));
	struct timer_heap h = { 0 };
	uint64_t seed = 7;
	size_t i;

	ck_assert_ptr_nonnull(nodes);
	ck_assert_ptr_null(timer_first(&h));
	ck_assert_uint_eq(timer_next(&h), UINT64_MAX);
	ck_assert_int_eq(timer_reserve(&h, N), IKE_OK);
	/* Random deadlines, many of them equal. */
	for (i = 0; i < N; i++)
		ck_assert_int_eq(timer_set(&h, &nodes[i], rnd(&seed, 500)),
		    IKE_OK);
	check_heap(&h);
	ck_assert_uint_eq(h.th_n, N);
	ck_assert_uint_eq(drain(&h), N);
	timer_heap_free(&h);
	free(nodes);
}
END_TEST

START_TEST(moved_and_removed)
{
	struct timer_node *nodes = calloc(N, sizeof(*nodes));
	struct timer_heap h = { 0 };
	uint64_t seed = 11, at;
	size_t i, k, in = 0;

	ck_assert_ptr_nonnull(nodes);
	ck_assert_int_eq(timer_reserve(&h, N), IKE_OK);
	for (i = 0; i < N; i++)
		timer_set(&h, &nodes[i], 1000 + rnd(&seed, 100000));
	/* Move deadlines both ways, take some out (directly or by
	 * UINT64_MAX) and put some back, checking the heap as it goes. */
	for (k = 0; k < 4 * N; k++) {
		i = rnd(&seed, N);
		switch (rnd(&seed, 4)) {
		case 0:
			at = nodes[i].tn_at / 2;	/* earlier */
			break;
		case 1:
			at = nodes[i].tn_at + rnd(&seed, 50000);	/* later */
			break;
		case 2:
			timer_del(&h, &nodes[i]);
			ck_assert_uint_eq(nodes[i].tn_idx, 0);
			continue;
		default:
			at = UINT64_MAX;
			break;
		}
		ck_assert_int_eq(timer_set(&h, &nodes[i], at), IKE_OK);
		ck_assert_uint_eq(nodes[i].tn_idx != 0, at != UINT64_MAX);
		if (k % 500 == 0)
			check_heap(&h);
	}
	check_heap(&h);
	for (i = 0; i < N; i++)
		in += nodes[i].tn_idx != 0;
	ck_assert_uint_eq(h.th_n, in);
	/* The node now first is the earliest of those still in. */
	if (in > 0)
		for (i = 0; i < N; i++)
			if (nodes[i].tn_idx != 0)
				ck_assert_uint_le(timer_next(&h), nodes[i].tn_at);
	ck_assert_uint_eq(drain(&h), in);
	timer_heap_free(&h);
	free(nodes);
}
END_TEST

/* Setting the same deadline again, or taking out a node that is not in,
 * changes nothing; the last node taken out needs no move. */
START_TEST(edges)
{
	struct timer_node a = { 0, 0 }, b = { 0, 0 }, c = { 0, 0 };
	struct timer_heap h = { 0 };

	timer_del(&h, &a);
	ck_assert_int_eq(timer_set(&h, &a, UINT64_MAX), IKE_OK);
	ck_assert_uint_eq(h.th_n, 0);
	/* Without reserved room, setting finds some. */
	ck_assert_int_eq(timer_set(&h, &a, 30), IKE_OK);
	ck_assert_int_eq(timer_set(&h, &b, 20), IKE_OK);
	ck_assert_int_eq(timer_set(&h, &c, 10), IKE_OK);
	ck_assert_int_eq(timer_set(&h, &c, 10), IKE_OK);
	ck_assert_ptr_eq(timer_first(&h), &c);
	ck_assert_int_eq(timer_set(&h, &c, 40), IKE_OK);
	ck_assert_ptr_eq(timer_first(&h), &b);
	timer_del(&h, &c);		/* the last one */
	ck_assert_uint_eq(h.th_n, 2);
	ck_assert_int_eq(timer_set(&h, &a, 5), IKE_OK);
	ck_assert_ptr_eq(timer_first(&h), &a);
	check_heap(&h);
	timer_heap_free(&h);
	ck_assert_ptr_null(timer_first(&h));
	ck_assert_uint_eq(timer_next(&h), UINT64_MAX);
}
END_TEST

static Suite *
timer_suite(void)
{
	Suite *s = suite_create("timer");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, earliest_first);
	tcase_add_test(tc, moved_and_removed);
	tcase_add_test(tc, edges);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(timer_suite)
