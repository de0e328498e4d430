/* SPDX-License-Identifier: ISC */
/*
 * test_frag.c - IKE fragmentation (RFC 7383), frag.c alone: reassembly of
 * the real SKF fragments of a strongSwan certificate handshake
 * (test/vectors/strongswan/cert-frag) in order, out of order, with
 * duplicates, a lost fragment and a forged one; and our own fragments,
 * built and put back together, against the limits: fragments per message,
 * bytes held per IKE SA, a new message ID, a changed total.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "cry.h"
#include "frag.h"
#include "iana.h"
#include "msg.h"
#include "sa.h"
#include "eng.h"
#include "vec_strongswan.h"

#ifndef STRONGSWAN_VECTORS
#define STRONGSWAN_VECTORS "test/vectors/strongswan"
#endif
#define CASE	STRONGSWAN_VECTORS "/cert-frag"

/* ---- strongSwan's fragments ----------------------------------------------- */

struct frags {
	uint8_t		*pkt[4];
	size_t		 len[4];
	struct msg	 m[4];
	struct msg_sk	 s[4];
	struct cry_sk	*sk;
	struct vec	 keys;
};

/* The four fragments of the IKE_AUTH request (03..06) and the
 * initiator's SK keys (AES-CBC-256, HMAC-SHA2-256-128). */
static void
frags_load(struct frags *f)
{
	const struct kv *ek, *ak;
	char path[700];
	int i;

	memset(f, 0, sizeof(*f));
	vec_load(&f->keys, CASE);
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), CASE "/%02d-ike_auth-request-i2r.bin",
		    i + 3);
		f->pkt[i] = vec_read_file(path, &f->len[i]);
		ck_assert_ptr_nonnull(f->pkt[i]);
		/* Captured on port 4500: strip the non-ESP marker. */
		ck_assert_uint_gt(f->len[i], 4);
		ck_assert(memcmp(f->pkt[i], "\0\0\0\0", 4) == 0);
		f->len[i] -= 4;
		memmove(f->pkt[i], f->pkt[i] + 4, f->len[i]);
		ck_assert_int_eq(msg_parse(f->pkt[i], f->len[i], &f->m[i]), IKE_OK);
		ck_assert_int_eq(msg_sk(&f->m[i], &f->s[i]), IKE_OK);
		ck_assert_uint_eq(f->s[i].type, IKE_PL_SKF);
		ck_assert_uint_eq(f->s[i].frag_num, i + 1);
		ck_assert_uint_eq(f->s[i].frag_total, 4);
	}
	ek = vec_get(&f->keys, "ike1.", "SK_ei");
	ak = vec_get(&f->keys, "ike1.", "SK_ai");
	ck_assert(ek != NULL && ak != NULL);
	ck_assert_int_eq(cry_sk_new(IKE_ENCR_AES_CBC, 256,
	    IKE_INTEG_HMAC_SHA2_256_128, (struct ike_bytes){ ek->val, ek->len },
	    (struct ike_bytes){ ak->val, ak->len }, &f->sk), IKE_OK);
}

static void
frags_free(struct frags *f)
{
	int i;

	for (i = 0; i < 4; i++)
		free(f->pkt[i]);
	cry_sk_free(f->sk);
	vec_free(&f->keys);
}

/* Feeds fragment i (0-based) to sa. */
static int
feed(struct ike_sa *sa, struct frags *f, int i, uint8_t **plain, size_t *len,
    uint8_t *first)
{
	return frag_input(sa, &f->m[i], &f->s[i], f->sk, plain, len, first);
}

/* The reassembled chain is the one messages.txt lists for 06. */
static void
check_auth_request(struct msg *m, uint8_t *plain, size_t len, uint8_t first)
{
	static const uint8_t want[] = {
		IKE_PL_IDI, IKE_PL_CERT, IKE_PL_NOTIFY, IKE_PL_CERTREQ,
		IKE_PL_IDR, IKE_PL_AUTH, IKE_PL_SA, IKE_PL_TSI, IKE_PL_TSR,
		IKE_PL_NOTIFY, IKE_PL_NOTIFY, IKE_PL_NOTIFY, IKE_PL_NOTIFY,
		IKE_PL_NOTIFY, IKE_PL_NOTIFY,
	};
	size_t i, base = m->n_pl;

	ck_assert_uint_eq(first, IKE_PL_IDI);
	ck_assert_int_eq(msg_parse_inner_first(m, first, plain, len), IKE_OK);
	ck_assert_uint_eq(m->n_pl - base, sizeof(want));
	for (i = 0; i < sizeof(want); i++)
		ck_assert_uint_eq(m->pl[base + i].type, want[i]);
	/* The certificate alone is bigger than any one fragment. */
	ck_assert_uint_gt(msg_find(m, IKE_PL_CERT, 0)->body.len, 536);
}

START_TEST(strongswan_in_order)
{
	struct ike_sa sa;
	struct frags f;
	uint8_t *plain = NULL, first = 0;
	size_t len = 0;
	int i;

	frags_load(&f);
	memset(&sa, 0, sizeof(sa));
	sa.sa_frag.on = true;
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(feed(&sa, &f, i, &plain, &len, &first), IKE_EPENDING);
	ck_assert_ptr_nonnull(sa.sa_frag.in[0]);
	ck_assert_int_eq(feed(&sa, &f, 3, &plain, &len, &first), IKE_OK);
	/* Done: nothing is held any more. */
	ck_assert_ptr_null(sa.sa_frag.in[0]);
	check_auth_request(&f.m[3], plain, len, first);
	free(plain);
	frags_free(&f);
}
END_TEST

/* Last first, duplicates of each, a forged copy of one, a lost one that
 * comes later (a retransmission): the same message, once. */
START_TEST(strongswan_reorder_dup_lost_forged)
{
	static const int order[] = { 3, 3, 1, 0, 1, 3, 0 };
	struct ike_sa sa;
	struct frags f;
	uint8_t *plain = NULL, first = 0, *forged;
	size_t len = 0, i;

	frags_load(&f);
	memset(&sa, 0, sizeof(sa));
	sa.sa_frag.on = true;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		ck_assert_int_eq(feed(&sa, &f, order[i], &plain, &len, &first),
		    IKE_EPENDING);
	ck_assert_uint_eq(sa.sa_frag.in[0]->fi_have, 3);
	/* Fragment 3 with a flipped ciphertext bit: refused, not kept. */
	forged = malloc(f.len[2]);
	memcpy(forged, f.pkt[2], f.len[2]);
	forged[f.len[2] - 40] ^= 0x01;
	{
		struct msg fm;
		struct msg_sk fs;

		ck_assert_int_eq(msg_parse(forged, f.len[2], &fm), IKE_OK);
		ck_assert_int_eq(msg_sk(&fm, &fs), IKE_OK);
		ck_assert_int_eq(frag_input(&sa, &fm, &fs, f.sk, &plain, &len,
		    &first), IKE_EINTEGRITY);
	}
	ck_assert_uint_eq(sa.sa_frag.in[0]->fi_have, 3);
	ck_assert_ptr_null(plain);
	/* The real one completes the message. */
	ck_assert_int_eq(feed(&sa, &f, 2, &plain, &len, &first), IKE_OK);
	check_auth_request(&f.m[2], plain, len, first);
	free(plain);
	free(forged);
	frags_free(&f);
}
END_TEST

/* RFC 7383 2.5: a Total Fragments above our limit is refused before any
 * decryption (a flipped total would fail the ICV too, so the error tells
 * which check caught it). */
START_TEST(strongswan_too_many)
{
	struct ike_sa sa;
	struct frags f;
	uint8_t *plain = NULL, first = 0;
	size_t len = 0;
	struct msg m;
	struct msg_sk s;

	frags_load(&f);
	memset(&sa, 0, sizeof(sa));
	sa.sa_frag.on = true;
	/* Total Fragments follows Fragment Number after the SKF header. */
	ck_assert_uint_eq(f.pkt[0][IKE_HDR_LEN + 7], 4);
	f.pkt[0][IKE_HDR_LEN + 7] = FRAG_MAX_COUNT + 1;
	ck_assert_int_eq(msg_parse(f.pkt[0], f.len[0], &m), IKE_OK);
	ck_assert_int_eq(msg_sk(&m, &s), IKE_OK);
	ck_assert_int_eq(frag_input(&sa, &m, &s, f.sk, &plain, &len, &first),
	    IKE_EUNSUPPORTED);
	ck_assert_ptr_null(sa.sa_frag.in[0]);
	f.pkt[0][IKE_HDR_LEN + 7] = FRAG_MAX_COUNT;
	ck_assert_int_eq(msg_parse(f.pkt[0], f.len[0], &m), IKE_OK);
	ck_assert_int_eq(msg_sk(&m, &s), IKE_OK);
	ck_assert_int_eq(frag_input(&sa, &m, &s, f.sk, &plain, &len, &first),
	    IKE_EINTEGRITY);
	ck_assert_ptr_null(sa.sa_frag.in[0]);
	frags_free(&f);
}
END_TEST

/* ---- our own fragments --------------------------------------------------- */

struct own {
	struct ike_engine	 eng;
	struct ike_config	 cfg;
	struct ike_sa		 sa;
	uint64_t		 seed;
	struct cry_sk		*sk;
};

static int
own_rng(void *ctx, uint8_t *buf, size_t len)
{
	uint64_t *s = ctx;
	size_t i;

	for (i = 0; i < len; i++) {
		*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
		buf[i] = (uint8_t)(*s >> 56);
	}
	return IKE_OK;
}

/* An SA over IPv4 port 500 whose fragments make datagrams of size bytes,
 * with AES-GCM keys (the same both ways, as tests may). */
static void
own_init(struct own *o, uint32_t size)
{
	uint8_t key[36];

	memset(o, 0, sizeof(*o));
	o->seed = 7;
	o->eng.eng_env.rng = own_rng;
	o->eng.eng_env.rng_ctx = &o->seed;
	o->eng.eng_cfg = &o->cfg;
	o->cfg.port = 500;
	o->cfg.natt_port = 4500;
	o->cfg.fragment_size = size;
	o->sa.sa_eng = &o->eng;
	o->sa.sa_frag.on = true;
	ck_assert_int_eq(ike_addr_parse("192.0.2.2", &o->sa.sa_remote), IKE_OK);
	ck_assert_int_eq(ike_addr_parse("192.0.2.1", &o->sa.sa_local), IKE_OK);
	o->sa.sa_remote.port = o->sa.sa_local.port = 500;
	own_rng(&o->seed, key, sizeof(key));
	ck_assert_int_eq(cry_sk_new(IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE,
	    (struct ike_bytes){ key, sizeof(key) }, (struct ike_bytes){ NULL, 0 },
	    &o->sk), IKE_OK);
}

static void
own_free(struct own *o)
{
	frag_in_clear(&o->sa);
	cry_sk_free(o->sk);
}

/* n bytes of a recognisable plaintext. */
static uint8_t *
pattern(size_t n, uint8_t seed)
{
	uint8_t *p = malloc(n);
	size_t i;

	ck_assert_ptr_nonnull(p);
	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 31 + seed);
	return p;
}

/* The fragments of a message with ID mid: datagrams into d[], lengths
 * into l[]; returns how many. */
static size_t
own_build(struct own *o, uint32_t mid, const uint8_t *plain, size_t n,
    uint8_t **buf, const uint8_t **d, size_t *l, size_t cap)
{
	struct msg_hdr h;
	size_t len, off = 0, k = 0;

	memset(&h, 0, sizeof(h));
	h.spi_i = 0x1122334455667788ULL;
	h.spi_r = 0x99aabbccddeeff00ULL;
	h.version = IKE_VERSION_2;
	h.exchange = IKE_X_IKE_AUTH;
	h.flags = IKE_FLAG_INITIATOR;
	h.msgid = mid;
	ck_assert_int_eq(frag_build(&o->sa, &h, o->sk, IKE_PL_IDI,
	    (struct ike_bytes){ plain, n }, buf, &len), IKE_OK);
	while (off < len) {
		ck_assert_uint_lt(k, cap);
		d[k] = *buf + off;
		l[k] = frag_next(*buf + off, len - off);
		ck_assert_uint_le(l[k], frag_max_msg(&o->sa));
		off += l[k++];
	}
	return k;
}

/* Hands datagram d (l bytes) to frag_input. */
static int
own_feed(struct own *o, const uint8_t *d, size_t l, uint8_t **plain,
    size_t *len)
{
	struct msg m;
	struct msg_sk s;
	uint8_t first;
	int err;

	ck_assert_int_eq(msg_parse(d, l, &m), IKE_OK);
	ck_assert_int_eq(msg_sk(&m, &s), IKE_OK);
	err = frag_input(&o->sa, &m, &s, o->sk, plain, len, &first);
	if (err == IKE_OK)
		ck_assert_uint_eq(first, IKE_PL_IDI);
	return err;
}

START_TEST(own_round_trip_shuffled)
{
	const uint8_t *d[FRAG_MAX_COUNT];
	size_t l[FRAG_MAX_COUNT], n, i, k, len = 0;
	uint8_t *buf, *plain = NULL, *p = pattern(5000, 3);
	struct own o;

	own_init(&o, 576);
	/* 576 - 20 - 8 = 548 bytes per IKE message. */
	ck_assert_uint_eq(frag_max_msg(&o.sa), 548);
	n = own_build(&o, 1, p, 5000, &buf, d, l, FRAG_MAX_COUNT);
	ck_assert_uint_ge(n, 10);
	/* Odd ones backwards, then even ones forwards, each twice. */
	for (k = 0; k < 2; k++)
		for (i = n; i-- > 0;)
			if (i % 2 == 1)
				ck_assert_int_eq(own_feed(&o, d[i], l[i], &plain,
				    &len), IKE_EPENDING);
	for (i = 0; i < n; i += 2)
		ck_assert_int_eq(own_feed(&o, d[i], l[i], &plain, &len),
		    i + 2 >= n ? IKE_OK : IKE_EPENDING);
	ck_assert_uint_eq(len, 5000);
	ck_assert(memcmp(plain, p, 5000) == 0);
	free(plain);
	free(buf);
	free(p);
	own_free(&o);
}
END_TEST

/* More than FRAG_MAX_COUNT fragments are never built either. */
START_TEST(own_too_many_to_send)
{
	struct msg_hdr h;
	uint8_t *p = pattern(40000, 1), *buf = NULL;
	size_t len;
	struct own o;

	own_init(&o, 256);
	memset(&h, 0, sizeof(h));
	h.version = IKE_VERSION_2;
	h.exchange = IKE_X_IKE_AUTH;
	ck_assert_int_eq(frag_build(&o.sa, &h, o.sk, IKE_PL_IDI,
	    (struct ike_bytes){ p, 40000 }, &buf, &len), IKE_EBUFFULL);
	ck_assert_ptr_null(buf);
	/* A fragment size with no room for a payload byte. */
	o.cfg.fragment_size = 60;
	ck_assert_int_eq(frag_build(&o.sa, &h, o.sk, IKE_PL_IDI,
	    (struct ike_bytes){ p, 100 }, &buf, &len), IKE_EINVAL);
	free(p);
	own_free(&o);
}
END_TEST

/* A message whose fragments would hold more than FRAG_MAX_BYTES: the set
 * is dropped when the limit is reached, and what was held is freed. */
START_TEST(own_too_large)
{
	const uint8_t *d[FRAG_MAX_COUNT];
	size_t l[FRAG_MAX_COUNT], n, i, len = 0;
	uint8_t *buf, *plain = NULL, *p = pattern(40000, 9);
	struct own o;
	int err = IKE_EPENDING;

	own_init(&o, 1400);
	n = own_build(&o, 1, p, 40000, &buf, d, l, FRAG_MAX_COUNT);
	ck_assert_uint_le(n, FRAG_MAX_COUNT);
	for (i = 0; i < n && err == IKE_EPENDING; i++) {
		err = own_feed(&o, d[i], l[i], &plain, &len);
		if (err == IKE_EPENDING)
			ck_assert_uint_le(o.sa.sa_frag.in[0]->fi_bytes,
			    FRAG_MAX_BYTES);
	}
	ck_assert_int_eq(err, IKE_ENOSPC);
	ck_assert_uint_lt(i, n);
	ck_assert_ptr_null(o.sa.sa_frag.in[0]);
	ck_assert_ptr_null(plain);
	free(buf);
	free(p);
	own_free(&o);
}
END_TEST

/* RFC 7383 2.6: a fragment of a new message ID discards the old set; a
 * larger total (a smaller fragment size) starts over, a smaller one is
 * ignored. */
START_TEST(own_new_mid_and_totals)
{
	const uint8_t *d1[FRAG_MAX_COUNT], *d2[FRAG_MAX_COUNT], *d3[FRAG_MAX_COUNT];
	size_t l1[FRAG_MAX_COUNT], l2[FRAG_MAX_COUNT], l3[FRAG_MAX_COUNT];
	size_t n1, n2, n3, i, len = 0;
	uint8_t *b1, *b2, *b3, *plain = NULL;
	uint8_t *p1 = pattern(3000, 1), *p2 = pattern(3000, 2);
	struct own o;

	own_init(&o, 1000);
	n1 = own_build(&o, 1, p1, 3000, &b1, d1, l1, FRAG_MAX_COUNT);
	n2 = own_build(&o, 2, p2, 3000, &b2, d2, l2, FRAG_MAX_COUNT);
	o.cfg.fragment_size = 500;
	n3 = own_build(&o, 2, p2, 3000, &b3, d3, l3, FRAG_MAX_COUNT);
	ck_assert_uint_gt(n3, n2);
	/* Two of message 1, then message 2 takes over. */
	ck_assert_int_eq(own_feed(&o, d1[0], l1[0], &plain, &len), IKE_EPENDING);
	ck_assert_int_eq(own_feed(&o, d1[1], l1[1], &plain, &len), IKE_EPENDING);
	ck_assert_int_eq(own_feed(&o, d2[0], l2[0], &plain, &len), IKE_EPENDING);
	ck_assert_uint_eq(o.sa.sa_frag.in[0]->fi_mid, 2);
	ck_assert_uint_eq(o.sa.sa_frag.in[0]->fi_have, 1);
	/* The sender cut it smaller: its set replaces ours... */
	ck_assert_int_eq(own_feed(&o, d3[1], l3[1], &plain, &len), IKE_EPENDING);
	ck_assert_uint_eq(o.sa.sa_frag.in[0]->fi_total, n3);
	ck_assert_uint_eq(o.sa.sa_frag.in[0]->fi_have, 1);
	/* ... and the old cut is ignored from then on. */
	for (i = 0; i < n2; i++)
		ck_assert_int_eq(own_feed(&o, d2[i], l2[i], &plain, &len),
		    IKE_EPENDING);
	ck_assert_uint_eq(o.sa.sa_frag.in[0]->fi_have, 1);
	for (i = 0; i < n3; i++)
		ck_assert_int_eq(own_feed(&o, d3[i], l3[i], &plain, &len),
		    i + 1 == n3 ? IKE_OK : IKE_EPENDING);
	ck_assert_uint_eq(len, 3000);
	ck_assert(memcmp(plain, p2, 3000) == 0);
	(void)n1;
	free(plain);
	free(b1);
	free(b2);
	free(b3);
	free(p1);
	free(p2);
	own_free(&o);
}
END_TEST

/* A request and a response are reassembled side by side. */
START_TEST(own_both_directions)
{
	const uint8_t *d[FRAG_MAX_COUNT], *e[FRAG_MAX_COUNT];
	size_t l[FRAG_MAX_COUNT], le[FRAG_MAX_COUNT], n, ne, i, len = 0;
	uint8_t *b, *be, *plain = NULL, *p = pattern(2000, 5);
	struct own o;

	own_init(&o, 600);
	n = own_build(&o, 4, p, 2000, &b, d, l, FRAG_MAX_COUNT);
	ne = own_build(&o, 7, p, 2000, &be, e, le, FRAG_MAX_COUNT);
	for (i = 0; i < ne; i++)	/* make them responses */
		be[19 + (size_t)(e[i] - be)] |= IKE_FLAG_RESPONSE;
	ck_assert_int_eq(own_feed(&o, d[0], l[0], &plain, &len), IKE_EPENDING);
	/* The flag change breaks the ICV: responses are refused ... */
	ck_assert_int_eq(own_feed(&o, e[0], le[0], &plain, &len), IKE_EINTEGRITY);
	ck_assert_ptr_null(o.sa.sa_frag.in[1]);
	/* ... and the request's set is untouched by them. */
	ck_assert_uint_eq(o.sa.sa_frag.in[0]->fi_have, 1);
	for (i = 1; i < n; i++)
		ck_assert_int_eq(own_feed(&o, d[i], l[i], &plain, &len),
		    i + 1 == n ? IKE_OK : IKE_EPENDING);
	ck_assert(memcmp(plain, p, 2000) == 0);
	free(plain);
	free(b);
	free(be);
	free(p);
	own_free(&o);
}
END_TEST

static Suite *
frag_suite(void)
{
	Suite *s = suite_create("frag");
	TCase *tc = tcase_create("strongswan");

	tcase_add_test(tc, strongswan_in_order);
	tcase_add_test(tc, strongswan_reorder_dup_lost_forged);
	tcase_add_test(tc, strongswan_too_many);
	suite_add_tcase(s, tc);
	tc = tcase_create("own");
	tcase_add_test(tc, own_round_trip_shuffled);
	tcase_add_test(tc, own_too_many_to_send);
	tcase_add_test(tc, own_too_large);
	tcase_add_test(tc, own_new_mid_and_totals);
	tcase_add_test(tc, own_both_directions);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(frag_suite)
