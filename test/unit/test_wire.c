/* SPDX-License-Identifier: ISC */
/* test_wire.c - the bounds-checked reader and writer. */
#include <stdlib.h>

#include "check_main.h"
#include "codec_test.h"
#include "wire.h"

START_TEST(read_integers)
{
	static const uint8_t b[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	    0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };
	struct wire_r r = wire_r_init(b, sizeof(b));

	ck_assert_uint_eq(wire_r_u8(&r), 0x01);
	ck_assert_uint_eq(wire_r_u16(&r), 0x0203);
	ck_assert_uint_eq(wire_r_u32(&r), 0x04050607);
	ck_assert(wire_r_u64(&r) == 0x08090a0b0c0d0e0fULL);
	ck_assert_int_eq(wire_r_done(&r), IKE_OK);
	ck_assert_uint_eq(wire_r_left(&r), 0);
}
END_TEST

START_TEST(short_read_is_sticky)
{
	static const uint8_t b[] = { 0xff, 0xee, 0xdd };
	struct wire_r r = wire_r_init(b, sizeof(b));
	struct ike_bytes v;

	ck_assert_uint_eq(wire_r_u16(&r), 0xffee);
	ck_assert_uint_eq(wire_r_u16(&r), 0);		/* only 1 left */
	ck_assert_int_eq(r.err, IKE_ESHORT);
	/* The byte that is left is not handed out after the error. */
	ck_assert_uint_eq(wire_r_u8(&r), 0);
	v = wire_r_bytes(&r, 1);
	ck_assert_ptr_null(v.ptr);
	ck_assert_uint_eq(v.len, 0);
	ck_assert_uint_eq(wire_r_left(&r), 0);
	ck_assert_int_eq(wire_r_done(&r), IKE_ESHORT);
	wire_r_fail(&r, IKE_EMALFORMED);		/* first error wins */
	ck_assert_int_eq(r.err, IKE_ESHORT);
}
END_TEST

START_TEST(u64_short)
{
	static const uint8_t b[7] = { 1, 2, 3, 4, 5, 6, 7 };
	struct wire_r r = wire_r_init(b, sizeof(b));

	ck_assert(wire_r_u64(&r) == 0);
	ck_assert_int_eq(r.err, IKE_ESHORT);
}
END_TEST

START_TEST(views_and_subs)
{
	static const uint8_t b[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct wire_r r = wire_r_init(b, sizeof(b)), s, t;
	struct ike_bytes v;
	uint8_t c[3];

	v = wire_r_bytes(&r, 2);
	ck_assert_ptr_eq(v.ptr, b);
	ck_assert_uint_eq(v.len, 2);
	s = wire_r_sub(&r, 3);
	ck_assert_uint_eq(wire_r_left(&s), 3);
	ck_assert_uint_eq(wire_r_left(&r), 3);
	ck_assert_uint_eq(wire_r_u16(&s), 0x0304);
	ck_assert_int_eq(wire_r_done(&s), IKE_ETRAILING);
	ck_assert_uint_eq(wire_r_u16(&s), 0);		/* past the sub's end */
	ck_assert_int_eq(s.err, IKE_ESHORT);
	ck_assert_int_eq(r.err, IKE_OK);		/* parent untouched */
	wire_r_copy(&r, c, 2);
	ck_assert_uint_eq(c[0], 6);
	ck_assert_uint_eq(c[1], 7);
	memset(c, 0xaa, sizeof(c));
	wire_r_copy(&r, c, 3);				/* 1 left: zeroed */
	ck_assert_uint_eq(c[0], 0);
	ck_assert_uint_eq(c[2], 0);
	ck_assert_int_eq(r.err, IKE_ESHORT);

	r = wire_r_init(b, sizeof(b));
	wire_r_skip(&r, 7);
	t = wire_r_sub(&r, 2);				/* longer than left */
	ck_assert_int_eq(t.err, IKE_ESHORT);
	ck_assert_int_eq(r.err, IKE_ESHORT);

	r = wire_r_init(b, sizeof(b));
	wire_r_skip(&r, 5);
	v = wire_r_rest(&r);
	ck_assert_uint_eq(v.len, 3);
	ck_assert_uint_eq(v.ptr[0], 6);
	ck_assert_int_eq(wire_r_done(&r), IKE_OK);

	r = wire_r_init(NULL, 5);			/* NULL is empty */
	ck_assert_uint_eq(wire_r_left(&r), 0);
}
END_TEST

START_TEST(write_fixed)
{
	uint8_t buf[10];
	struct wire_w w;

	memset(buf, 0xcc, sizeof(buf));
	wire_w_init(&w, buf, 8);
	ck_assert_int_eq(wire_w_u8(&w, 0x11), IKE_OK);
	ck_assert_int_eq(wire_w_u16(&w, 0x2233), IKE_OK);
	ck_assert_int_eq(wire_w_u32(&w, 0x44556677), IKE_OK);
	ck_assert_uint_eq(w.len, 7);
	ck_assert_int_eq(wire_w_u16(&w, 0x8899), IKE_EBUFFULL);
	ck_assert_uint_eq(w.len, 7);		/* nothing partial written */
	ck_assert_int_eq(wire_w_u8(&w, 0), IKE_EBUFFULL);	/* sticky */
	ck_assert_uint_eq(buf[7], 0xcc);
	ck_assert_uint_eq(buf[8], 0xcc);
	ck_assert_uint_eq(buf[0], 0x11);
	ck_assert_uint_eq(buf[3], 0x44);
	ck_assert_uint_eq(buf[6], 0x77);
	ck_assert_int_eq(wire_w_take(&w, NULL, NULL), IKE_EINVAL);
}
END_TEST

START_TEST(write_u64_and_patch)
{
	uint8_t buf[16];
	struct wire_w w;
	size_t off = 99;

	wire_w_init(&w, buf, sizeof(buf));
	wire_w_u64(&w, 0x0102030405060708ULL);
	ck_assert_int_eq(wire_w_reserve(&w, 4, &off), IKE_OK);
	ck_assert_uint_eq(off, 8);
	ck_assert_int_eq(wire_w_set32(&w, off, 0xa1a2a3a4), IKE_OK);
	ck_assert_int_eq(wire_w_set8(&w, 0, 0xff), IKE_OK);
	ck_assert_uint_eq(buf[0], 0xff);
	ck_assert_uint_eq(buf[7], 0x08);
	ck_assert_uint_eq(buf[8], 0xa1);
	ck_assert_uint_eq(buf[11], 0xa4);
	ck_assert_ptr_null(wire_w_at(&w, 10, 4));	/* past what's written */
	ck_assert_int_eq(wire_w_set16(&w, 11, 1), IKE_EINVAL);
}
END_TEST

START_TEST(write_grow)
{
	struct wire_w w;
	uint8_t *p;
	size_t len, i;

	wire_w_init_grow(&w, 1000);
	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(wire_w_u8(&w, (uint8_t)i), IKE_OK);
	ck_assert_int_eq(wire_w_u8(&w, 0), IKE_EBUFFULL);
	ck_assert_uint_eq(w.len, 1000);
	w.err = 0;		/* take refuses a writer in error */
	ck_assert_int_eq(wire_w_take(&w, &p, &len), IKE_OK);
	ck_assert_uint_eq(len, 1000);
	ck_assert_uint_eq(p[999], (uint8_t)999);
	free(p);
	ck_assert_uint_eq(w.len, 0);
	wire_w_free(&w);
	wire_w_free(NULL);

	wire_w_init_grow(&w, 100);
	ck_assert_int_eq(wire_w_zero(&w, 101), IKE_EBUFFULL);
	wire_w_free(&w);

	wire_w_init_grow(&w, 100);		/* empty take is valid */
	ck_assert_int_eq(wire_w_take(&w, &p, &len), IKE_OK);
	ck_assert_uint_eq(len, 0);
	free(p);
}
END_TEST

START_TEST(len16)
{
	uint8_t buf[70000];
	struct wire_w w;
	size_t start, mark;

	wire_w_init(&w, buf, sizeof(buf));
	/* Attribute style: counts the value only. */
	mark = wire_w_len16_begin(&w);
	wire_w_bytes(&w, "abc", 3);
	wire_w_len16_end(&w, mark);
	ck_assert_uint_eq(buf[0], 0);
	ck_assert_uint_eq(buf[1], 3);
	/* Payload style: counts from the header's start. */
	start = w.len;
	wire_w_u16(&w, 0xabcd);
	mark = wire_w_len16_begin(&w);
	wire_w_zero(&w, 4);
	wire_w_len16_end_from(&w, mark, start);
	ck_assert_uint_eq(buf[start + 2], 0);
	ck_assert_uint_eq(buf[start + 3], 8);
	ck_assert_int_eq(w.err, IKE_OK);
	/* Too long for 16 bits. */
	mark = wire_w_len16_begin(&w);
	wire_w_zero(&w, 65536);
	wire_w_len16_end(&w, mark);
	ck_assert_int_eq(w.err, IKE_EINVAL);
}
END_TEST

START_TEST(write_view_null)
{
	uint8_t buf[4];
	struct wire_w w;
	struct ike_bytes bad = { NULL, 3 }, empty = { NULL, 0 };

	wire_w_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(wire_w_view(&w, empty), IKE_OK);
	ck_assert_int_eq(wire_w_view(&w, bad), IKE_EINVAL);
	ck_assert_uint_eq(w.len, 0);
	ck_assert_uint_eq(wire_w_bytes_view(&w).len, 0);
}
END_TEST

static Suite *
wire_suite(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, read_integers);
	tcase_add_test(tc, short_read_is_sticky);
	tcase_add_test(tc, u64_short);
	tcase_add_test(tc, views_and_subs);
	tcase_add_test(tc, write_fixed);
	tcase_add_test(tc, write_u64_and_patch);
	tcase_add_test(tc, write_grow);
	tcase_add_test(tc, len16);
	tcase_add_test(tc, write_view_null);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(wire_suite)
