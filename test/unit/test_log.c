/* SPDX-License-Identifier: ISC */
/*
 * test_log.c - the daemon's log lines: format, escaping of hostile bytes,
 * level names and filtering, stderr output, and the drop rate limiter.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check_main.h"
#include "daemon/log.h"

static size_t
fmt(char *buf, size_t len, enum ike_log_level lvl, const char *subsys,
    const char *sa, const char *f, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, f);
	n = log_format(buf, len, lvl, subsys, sa, f, ap);
	va_end(ap);
	return n;
}

START_TEST(test_format)
{
	char buf[256];

	fmt(buf, sizeof(buf), IKE_LOG_INFO, "ike", "hq-branch[3]",
	    "recv IKE_SA_INIT res %u peer %s[%u], %u bytes", 0,
	    "198.51.100.1", 500, 312);
	ck_assert_str_eq(buf, "info ike hq-branch[3] recv IKE_SA_INIT res 0 "
	    "peer 198.51.100.1[500], 312 bytes");
	fmt(buf, sizeof(buf), IKE_LOG_WARN, "net", NULL, "no IPv6");
	ck_assert_str_eq(buf, "warn net no IPv6");
	fmt(buf, sizeof(buf), IKE_LOG_DEBUG, NULL, NULL, "x");
	ck_assert_str_eq(buf, "debug x");
}
END_TEST

START_TEST(test_escape)
{
	char buf[256];

	/* A peer ID with a newline and a non-ASCII byte stays on one line. */
	fmt(buf, sizeof(buf), IKE_LOG_INFO, "ike", "c[1]", "peer id %s",
	    "evil\nline\xff");
	ck_assert_str_eq(buf, "info ike c[1] peer id evil\\x0aline\\xff");
	ck_assert_ptr_null(strchr(buf, '\n'));
	log_escape(buf, sizeof(buf), "a\tb\x7f");
	ck_assert_str_eq(buf, "a\\x09b\\x7f");
	/* Truncation never splits an escape or overruns. */
	log_escape(buf, 4, "ab\x01");
	ck_assert_str_eq(buf, "ab");
	ck_assert_uint_eq(log_escape(buf, 1, "abc"), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_levels)
{
	enum ike_log_level l;

	ck_assert_int_eq(log_level_parse("debug", &l), 0);
	ck_assert_int_eq(l, IKE_LOG_DEBUG);
	ck_assert_int_eq(log_level_parse("WARN", &l), 0);
	ck_assert_int_eq(l, IKE_LOG_WARN);
	ck_assert_int_eq(log_level_parse("warning", &l), 0);
	ck_assert_int_eq(l, IKE_LOG_WARN);
	ck_assert_int_eq(log_level_parse("trace", &l), 0);
	ck_assert_int_eq(l, IKE_LOG_TRACE);
	ck_assert_int_eq(log_level_parse("verbose", &l), IKE_EINVAL);
	ck_assert_int_eq(log_level_parse("", &l), IKE_EINVAL);
	ck_assert_int_eq(log_level_parse(NULL, &l), IKE_EINVAL);
	ck_assert_str_eq(log_level_name(IKE_LOG_ERROR), "error");
	ck_assert_str_eq(log_level_name(IKE_LOG_TRACE), "trace");

	log_set_level(IKE_LOG_WARN);
	ck_assert(log_enabled(IKE_LOG_ERROR));
	ck_assert(log_enabled(IKE_LOG_WARN));
	ck_assert(!log_enabled(IKE_LOG_INFO));
	log_set_level(IKE_LOG_TRACE);
	ck_assert(log_enabled(IKE_LOG_TRACE));
}
END_TEST

/* Lines written to stderr, captured through a pipe. */
START_TEST(test_stderr_filter)
{
	int p[2], saved;
	char buf[512];
	ssize_t n;

	ck_assert_int_eq(pipe(p), 0);
	saved = dup(2);
	dup2(p[1], 2);
	log_open("test", LOG_TO_STDERR);
	log_set_level(IKE_LOG_INFO);
	log_msg(IKE_LOG_INFO, "ike", "a[1]", "shown %d", 1);
	log_msg(IKE_LOG_DEBUG, "ike", "a[1]", "hidden");
	log_set_level(IKE_LOG_DEBUG);
	log_msg(IKE_LOG_DEBUG, "cfg", NULL, "now shown");
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	close(p[0]);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	ck_assert_str_eq(buf, "info ike a[1] shown 1\ndebug cfg now shown\n");
}
END_TEST

START_TEST(test_ratelimit)
{
	struct log_rl rl = { 0 };
	uint32_t held;
	int i, allowed = 0;

	for (i = 0; i < 10; i++)
		allowed += log_rl_allow(&rl, 1000 + i, 3, 100, &held);
	ck_assert_int_eq(allowed, 3);
	/* Still inside the interval. */
	ck_assert_int_eq(log_rl_allow(&rl, 1099, 3, 100, &held), 0);
	ck_assert_uint_eq(held, 0);
	/* A new interval reports the 8 held back. */
	ck_assert_int_eq(log_rl_allow(&rl, 1100, 3, 100, &held), 1);
	ck_assert_uint_eq(held, 8);
	ck_assert_int_eq(log_rl_allow(&rl, 1101, 3, 100, &held), 1);
	ck_assert_uint_eq(held, 0);
	/* A clock that went backwards starts over rather than blocking. */
	ck_assert_int_eq(log_rl_allow(&rl, 5, 3, 100, &held), 1);
}
END_TEST

static Suite *
log_suite(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("log");

	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_escape);
	tcase_add_test(tc, test_levels);
	tcase_add_test(tc, test_stderr_filter);
	tcase_add_test(tc, test_ratelimit);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(log_suite)
