/* SPDX-License-Identifier: ISC */
/* test_err.c - error texts, error-to-notify mapping and owned buffers. */
#include <string.h>

#include "check_main.h"
#include "ike.h"
#include "iana.h"

START_TEST(every_error_has_text)
{
	int e;

	for (e = IKE_EBASE + 1; e < IKE_ELAST; e++)
		ck_assert_str_ne(ike_strerror(e), "unknown error");
	ck_assert_str_eq(ike_strerror(IKE_ENOMEM), strerror(ENOMEM));
}
END_TEST

START_TEST(notify_mapping)
{
	ck_assert_int_eq(ike_err_to_notify(IKE_ECRITICAL), IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD);
	ck_assert_int_eq(ike_err_to_notify(IKE_ENOPROPOSAL), IKE_N_NO_PROPOSAL_CHOSEN);
	ck_assert_int_eq(ike_err_to_notify(IKE_EINVALKE), IKE_N_INVALID_KE_PAYLOAD);
	ck_assert_int_eq(ike_err_to_notify(IKE_EAUTH), IKE_N_AUTHENTICATION_FAILED);
	ck_assert_int_eq(ike_err_to_notify(IKE_EINTEGRITY), 0);
	ck_assert_int_eq(ike_err_to_notify(IKE_OK), 0);
}
END_TEST

START_TEST(buf_lifecycle)
{
	struct ike_buf b = { 0 };
	struct ike_bytes v;

	ck_assert_int_eq(ike_buf_set(&b, "secret", 6), IKE_OK);
	v = ike_buf_view(&b);
	ck_assert_uint_eq(v.len, 6);
	ck_assert(ike_memeq_ct(v.ptr, "secret", 6));
	ck_assert(!ike_memeq_ct(v.ptr, "secreT", 6));
	ike_buf_free(&b);
	ck_assert_ptr_null(b.ptr);
	ike_buf_free(&b);
	ike_buf_free(NULL);
}
END_TEST

static Suite *
err_suite(void)
{
	Suite *s = suite_create("err");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, every_error_has_text);
	tcase_add_test(tc, notify_mapping);
	tcase_add_test(tc, buf_lifecycle);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(err_suite)
