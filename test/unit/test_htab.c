/* SPDX-License-Identifier: ISC */
/*
 * test_htab.c - the intrusive hash tables of htab.c: SipHash-2-4 against
 * the vectors of its paper, nodes found, skipped (another key with the
 * same hash) and removed, a table growing past its first buckets with
 * every node still found, and a node taking another's place.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "htab.h"
#include "ike.h"

struct item {
	uint32_t		 key;
	struct htab_node	 node;
};

static const uint8_t key[HTAB_KEY_LEN] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
};

static uint64_t
h(uint32_t k)
{
	return htab_hash(key, &k, sizeof(k));
}

static struct item *
find(const struct htab *t, uint32_t k)
{
	struct htab_node *n;
	struct item *it;

	for (n = htab_first(t, h(k)); n != NULL; n = htab_next(n)) {
		it = HTAB_ENTRY(n, struct item, node);
		if (it->key == k)
			return it;
	}
	return NULL;
}

/* Aumasson and Bernstein, "SipHash: a fast short-input PRF", appendix A:
 * key 00..0f, messages 00, 00 01, ... */
START_TEST(siphash_vectors)
{
	uint8_t msg[64];
	size_t i;

	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)i;
	ck_assert_uint_eq(htab_hash(key, msg, 0), 0x726fdb47dd0e0e31ULL);
	ck_assert_uint_eq(htab_hash(key, msg, 1), 0x74f839c593dc67fdULL);
	ck_assert_uint_eq(htab_hash(key, msg, 8), 0x93f5f5799a932462ULL);
	ck_assert_uint_eq(htab_hash(key, msg, 15), 0xa129ca6149be45e5ULL);
	ck_assert_uint_eq(htab_hash(key, msg, 63), 0x958a324ceb064572ULL);
}
END_TEST

START_TEST(add_find_del)
{
	struct item a = { 1, { 0 } }, b = { 2, { 0 } }, c = { 3, { 0 } };
	struct htab t;

	ck_assert_int_eq(htab_init(&t, 4), IKE_OK);
	ck_assert(!htab_linked(&a.node));
	htab_add(&t, &a.node, h(a.key));
	htab_add(&t, &b.node, h(b.key));
	htab_add(&t, &c.node, h(c.key));
	ck_assert(htab_linked(&a.node));
	ck_assert_uint_eq(t.ht_n, 3);
	ck_assert_ptr_eq(find(&t, 1), &a);
	ck_assert_ptr_eq(find(&t, 2), &b);
	ck_assert_ptr_eq(find(&t, 3), &c);
	ck_assert_ptr_null(find(&t, 4));
	htab_del(&t, &b.node);
	ck_assert(!htab_linked(&b.node));
	ck_assert_ptr_null(find(&t, 2));
	ck_assert_ptr_eq(find(&t, 1), &a);
	ck_assert_ptr_eq(find(&t, 3), &c);
	/* Again, or a node in no table: nothing happens. */
	htab_del(&t, &b.node);
	ck_assert_uint_eq(t.ht_n, 2);
	htab_free(&t);
}
END_TEST

/* Keys that share a hash share a chain; each is still told apart. */
START_TEST(same_hash_other_keys)
{
	struct item it[5];
	struct htab_node *n;
	struct htab t;
	size_t i, seen = 0;

	ck_assert_int_eq(htab_init(&t, 2), IKE_OK);
	for (i = 0; i < 5; i++) {
		memset(&it[i], 0, sizeof(it[i]));
		it[i].key = (uint32_t)(100 + i);
		htab_add(&t, &it[i].node, 42);
	}
	for (n = htab_first(&t, 42); n != NULL; n = htab_next(n))
		seen++;
	ck_assert_uint_eq(seen, 5);
	ck_assert_ptr_null(htab_first(&t, 43));
	htab_del(&t, &it[2].node);
	for (seen = 0, n = htab_first(&t, 42); n != NULL; n = htab_next(n)) {
		ck_assert_ptr_ne(n, &it[2].node);
		seen++;
	}
	ck_assert_uint_eq(seen, 4);
	htab_free(&t);
}
END_TEST

START_TEST(grows_and_keeps_all)
{
	const size_t n = 5000;
	struct item *it = calloc(n, sizeof(*it));
	struct htab t;
	size_t i;

	ck_assert_ptr_nonnull(it);
	ck_assert_int_eq(htab_init(&t, 4), IKE_OK);
	for (i = 0; i < n; i++) {
		it[i].key = (uint32_t)i * 7919u;
		htab_add(&t, &it[i].node, h(it[i].key));
	}
	/* Doubled as it filled: no more nodes than buckets, give or take
	 * the one that made it grow last. */
	ck_assert_uint_ge(t.ht_mask + 1, n / 2);
	for (i = 0; i < n; i++)
		ck_assert_ptr_eq(find(&t, it[i].key), &it[i]);
	for (i = 0; i < n; i += 2)
		htab_del(&t, &it[i].node);
	ck_assert_uint_eq(t.ht_n, n / 2);
	for (i = 0; i < n; i++)
		ck_assert_ptr_eq(find(&t, it[i].key), i % 2 ? &it[i] : NULL);
	htab_free(&t);
	free(it);
}
END_TEST

START_TEST(replace_takes_the_place)
{
	struct item a = { 1, { 0 } }, b = { 1, { 0 } }, c = { 2, { 0 } };
	struct htab t;

	ck_assert_int_eq(htab_init(&t, 1), IKE_OK);
	htab_add(&t, &c.node, h(1));
	htab_add(&t, &a.node, h(1));
	htab_replace(&a.node, &b.node);
	ck_assert(!htab_linked(&a.node));
	ck_assert(htab_linked(&b.node));
	ck_assert_uint_eq(b.node.hn_hash, h(1));
	ck_assert_uint_eq(t.ht_n, 2);
	ck_assert_ptr_eq(htab_first(&t, h(1)), &b.node);
	ck_assert_ptr_eq(htab_next(&b.node), &c.node);
	htab_del(&t, &c.node);
	htab_del(&t, &b.node);
	ck_assert_uint_eq(t.ht_n, 0);
	ck_assert_ptr_null(htab_first(&t, h(1)));
	htab_free(&t);
}
END_TEST

static Suite *
htab_suite(void)
{
	Suite *s = suite_create("htab");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, siphash_vectors);
	tcase_add_test(tc, add_find_del);
	tcase_add_test(tc, same_hash_other_keys);
	tcase_add_test(tc, grows_and_keeps_all);
	tcase_add_test(tc, replace_takes_the_place);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(htab_suite)
