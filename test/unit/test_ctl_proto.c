/* SPDX-License-Identifier: ISC */
/*
 * test_ctl_proto.c - the control protocol: every command's request built
 * and parsed back, malformed requests (bad JSON, wrong types, unknown
 * commands and keys, hostile strings, oversized lines) answered with an
 * error, replies parsed strictly, and line framing on a byte stream.
 */
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "daemon/ctl_proto.h"

static int
parse(const char *line, struct ctl_request *req, char *err, size_t errlen)
{
	return ctl_request_parse(line, strlen(line), req, err, errlen);
}

START_TEST(test_roundtrip)
{
	static const struct ctl_request reqs[] = {
		{ .cmd = CTL_STATUS },
		{ .cmd = CTL_LIST_CONNS },
		{ .cmd = CTL_LIST_SAS },
		{ .cmd = CTL_UP, .name = "hq-branch" },
		{ .cmd = CTL_DOWN, .name = "a.b_c:d@e" },
		{ .cmd = CTL_RELOAD },
		{ .cmd = CTL_LOG_LEVEL, .level = "trace" },
	};
	struct ctl_request got;
	char err[256], *line;
	size_t i, len;

	for (i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		line = ctl_request_build(&reqs[i], &len);
		ck_assert_ptr_nonnull(line);
		ck_assert_uint_eq(strlen(line), len);
		ck_assert_int_eq(line[len - 1], '\n');
		ck_assert_ptr_null(memchr(line, '\n', len - 1));
		ck_assert_msg(ctl_request_parse(line, len - 1, &got, err,
		    sizeof(err)) == 0, "%s: %s", line, err);
		ck_assert_int_eq(got.cmd, reqs[i].cmd);
		ck_assert_str_eq(got.name, reqs[i].name);
		ck_assert_str_eq(got.level, reqs[i].level);
		free(line);
	}
	ck_assert_str_eq(ctl_cmd_name(CTL_LIST_SAS), "list-sas");
	ck_assert_ptr_null(ctl_cmd_name(CTL_NCMDS));
}
END_TEST

START_TEST(test_valid_forms)
{
	struct ctl_request r;
	char err[256];

	ck_assert_int_eq(parse("{\"cmd\":\"status\"}", &r, err, sizeof(err)), 0);
	ck_assert_int_eq(r.cmd, CTL_STATUS);
	ck_assert_int_eq(parse("{\"cmd\":\"reload\",\"args\":null}", &r, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(parse(" { \"args\" : {\"name\":\"x\"}, \"cmd\":\"up\" } ",
	    &r, err, sizeof(err)), 0);
	ck_assert_str_eq(r.name, "x");
	/* 63 bytes is the longest name. */
	ck_assert_int_eq(parse("{\"cmd\":\"down\",\"args\":{\"name\":\""
	    "123456789012345678901234567890123456789012345678901234567890123"
	    "\"}}", &r, err, sizeof(err)), 0);
	ck_assert_uint_eq(strlen(r.name), 63);
}
END_TEST

/* Every one of these must be rejected with a reason, never crash. */
static const struct {
	const char	*line;
	const char	*reason;	/* substring of the error */
} bad[] = {
	{ "", "invalid JSON" },
	{ "{", "invalid JSON" },
	{ "{}x", "invalid JSON" },
	{ "{} {}", "invalid JSON" },
	{ "[]", "must be a JSON object" },
	{ "\"status\"", "invalid JSON" },
	{ "42", "invalid JSON" },
	{ "null", "invalid JSON" },
	{ "{}", "\"cmd\" must be a string" },
	{ "{\"cmd\":7}", "\"cmd\" must be a string" },
	{ "{\"cmd\":null}", "\"cmd\" must be a string" },
	{ "{\"cmd\":[\"status\"]}", "\"cmd\" must be a string" },
	{ "{\"cmd\":\"stat\"}", "unknown command \"stat\"" },
	{ "{\"cmd\":\"STATUS\"}", "unknown command" },
	{ "{\"cmd\":\"status \"}", "unknown command" },
	{ "{\"cmd\":\"status\\u0000\"}", "invalid JSON" },
	{ "{\"cmd\":\"status\",\"cmd\":\"status\"}", "invalid JSON" },
	{ "{\"cmd\":\"status\",\"extra\":1}", "unknown key \"extra\"" },
	{ "{\"cmd\":\"status\",\"args\":[]}", "\"args\" must be an object" },
	{ "{\"cmd\":\"status\",\"args\":\"x\"}", "\"args\" must be an object" },
	{ "{\"cmd\":\"status\",\"args\":{\"name\":\"x\"}}",
	    "unknown argument \"name\" for status" },
	{ "{\"cmd\":\"up\"}", "up needs args.name" },
	{ "{\"cmd\":\"up\",\"args\":{}}", "up needs args.name" },
	{ "{\"cmd\":\"up\",\"args\":{\"name\":1}}", "must be a string" },
	{ "{\"cmd\":\"up\",\"args\":{\"name\":null}}", "must be a string" },
	{ "{\"cmd\":\"up\",\"args\":{\"name\":\"\"}}", "invalid connection name" },
	{ "{\"cmd\":\"up\",\"args\":{\"name\":\"a b\"}}", "invalid connection name" },
	{ "{\"cmd\":\"up\",\"args\":{\"name\":\"a\\nb\"}}", "invalid connection name \"a\\x0ab\"" },
	{ "{\"cmd\":\"up\",\"args\":{\"name\":\"\\u00e9t\\u00e9\"}}", "invalid connection name" },
	{ "{\"cmd\":\"up\",\"args\":{\"name\":\"x\",\"force\":true}}",
	    "unknown argument \"force\" for up" },
	{ "{\"cmd\":\"down\",\"args\":{\"name\":\""
	    "1234567890123456789012345678901234567890123456789012345678901234"
	    "\"}}", "too long" },
	{ "{\"cmd\":\"log-level\",\"args\":{\"level\":\"loud\"}}", "invalid log level" },
	{ "{\"cmd\":\"log-level\",\"args\":{\"level\":\"debugdebug\"}}", "too long" },
	{ "{\"cmd\":\"log-level\",\"args\":{\"level\":\"INFO\"}}", "invalid log level" },
	{ "{\"cmd\":\"log-level\"}", "log-level needs args.level" },
	{ "{\"cmd\":\"\xff\xfe\"}", "invalid JSON" },
	{ "{\"cmd\":\"st\xc3\"}", "invalid JSON" },
	{ "{\"\xc0\x80\":1}", "invalid JSON" },
	{ "\x00\x01\x02", "invalid JSON" },
};

START_TEST(test_malformed)
{
	struct ctl_request r;
	char err[256];
	size_t len = strlen(bad[_i].line);
	int ret;

	if (_i == sizeof(bad) / sizeof(bad[0]) - 1)
		len = 3;	/* the one with NUL bytes */
	memset(&r, 0x5a, sizeof(r));
	memset(err, 0, sizeof(err));
	ret = ctl_request_parse(bad[_i].line, len, &r, err, sizeof(err));
	ck_assert_int_eq(ret, IKE_EMALFORMED);
	ck_assert_msg(strstr(err, bad[_i].reason) != NULL,
	    "case %d: error \"%s\" lacks \"%s\"", _i, err, bad[_i].reason);
	/* Nothing of a rejected request is left for the caller to use. */
	ck_assert_int_eq(r.cmd, 0);
	ck_assert_str_eq(r.name, "");
	/* The error can always be sent back as a valid reply. */
	char *line = ctl_reply_error(err, &len);
	json_t *res;
	char back[256];
	ck_assert_ptr_nonnull(line);
	ck_assert_int_eq(ctl_reply_parse(line, len - 1, &res, back, sizeof(back)), 1);
	free(line);
}
END_TEST

START_TEST(test_oversized_and_deep)
{
	struct ctl_request r;
	char err[256];
	size_t n = CTL_REQUEST_MAX + 1, i;
	char *big = malloc(n + 1);
	char *deep;

	memset(big, ' ', n);
	big[n] = '\0';
	ck_assert_int_eq(ctl_request_parse(big, n, &r, err, sizeof(err)),
	    IKE_EMALFORMED);
	ck_assert_ptr_nonnull(strstr(err, "longer than"));
	free(big);
	/* 60000 nested arrays: jansson's depth limit answers, not the stack. */
	n = 60000;
	deep = malloc(2 * n + 1);
	for (i = 0; i < n; i++) {
		deep[i] = '[';
		deep[n + i] = ']';
	}
	deep[2 * n] = '\0';
	ck_assert_int_eq(ctl_request_parse(deep, 2 * n, &r, err, sizeof(err)),
	    IKE_EMALFORMED);
	free(deep);
}
END_TEST

START_TEST(test_replies)
{
	char err[256], *line;
	json_t *res;
	size_t len;

	line = ctl_reply_ok(json_pack("{s:i}", "x", 5), &len);
	ck_assert_str_eq(line, "{\"ok\":true,\"result\":{\"x\":5}}\n");
	ck_assert_int_eq(ctl_reply_parse(line, len - 1, &res, err, sizeof(err)), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(res, "x")), 5);
	json_decref(res);
	free(line);

	line = ctl_reply_ok(NULL, &len);
	ck_assert_str_eq(line, "{\"ok\":true,\"result\":null}\n");
	free(line);

	line = ctl_reply_error("no connection named \"x\"", &len);
	ck_assert_int_eq(ctl_reply_parse(line, len - 1, &res, err, sizeof(err)), 1);
	ck_assert_ptr_null(res);
	ck_assert_str_eq(err, "no connection named \"x\"");
	free(line);

	/* Hostile bytes in an error message become escapes, not invalid JSON. */
	line = ctl_reply_error("bad \xff\x01", &len);
	ck_assert_ptr_nonnull(line);
	ck_assert_int_eq(ctl_reply_parse(line, len - 1, &res, err, sizeof(err)), 1);
	ck_assert_str_eq(err, "bad \\xff\\x01");
	free(line);
}
END_TEST

START_TEST(test_bad_replies)
{
	static const char *const r[] = {
		"", "x", "[]", "{}", "{\"ok\":1,\"result\":1}",
		"{\"ok\":true}", "{\"ok\":true,\"result\":1,\"error\":\"x\"}",
		"{\"ok\":false}", "{\"ok\":false,\"error\":5}",
		"{\"ok\":false,\"error\":\"x\",\"result\":1}",
		"{\"ok\":true,\"result\":1,\"more\":2}",
		"{\"ok\":true,\"ok\":true,\"result\":1}",
	};
	char err[256];
	json_t *res;
	size_t i;

	for (i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		ck_assert_msg(ctl_reply_parse(r[i], strlen(r[i]), &res, err,
		    sizeof(err)) == IKE_EMALFORMED, "%s", r[i]);
		ck_assert_ptr_null(res);
	}
}
END_TEST

START_TEST(test_json_text)
{
	json_t *j;

	j = ctl_json_text("plain ascii");
	ck_assert_str_eq(json_string_value(j), "plain ascii");
	json_decref(j);
	j = ctl_json_text("caf\xc3\xa9");
	ck_assert_str_eq(json_string_value(j), "caf\xc3\xa9");
	json_decref(j);
	j = ctl_json_text("a\xffz\n");
	ck_assert_str_eq(json_string_value(j), "a\\xffz\\x0a");
	json_decref(j);
	j = ctl_json_text(NULL);
	ck_assert(json_is_null(j));
}
END_TEST

START_TEST(test_lines)
{
	struct ctl_lines l;
	char *line;
	size_t len;

	ctl_lines_init(&l, 8);
	ck_assert_int_eq(ctl_lines_feed(&l, "ab", 2), 0);
	ck_assert_int_eq(ctl_lines_next(&l, &line, &len), 0);
	ck_assert_int_eq(ctl_lines_feed(&l, "c\r\n\n\nde\nf", 9), 0);
	ck_assert_int_eq(ctl_lines_next(&l, &line, &len), 1);
	ck_assert_str_eq(line, "abc");
	ck_assert_uint_eq(len, 3);
	ck_assert_int_eq(ctl_lines_next(&l, &line, &len), 1);
	ck_assert_str_eq(line, "de");
	ck_assert_int_eq(ctl_lines_next(&l, &line, &len), 0);
	ck_assert_uint_eq(ctl_lines_pending(&l), 1);
	/* Exactly max bytes is fine. */
	ck_assert_int_eq(ctl_lines_feed(&l, "1234567\n", 8), 0);
	ck_assert_int_eq(ctl_lines_next(&l, &line, &len), 1);
	ck_assert_str_eq(line, "f1234567");
	/* One more without a newline is too long, and stays so. */
	ck_assert_int_eq(ctl_lines_feed(&l, "123456789", 9), 0);
	ck_assert_int_eq(ctl_lines_next(&l, &line, &len), IKE_ENOSPC);
	ck_assert_int_eq(ctl_lines_next(&l, &line, &len), IKE_ENOSPC);
	ck_assert_int_eq(ctl_lines_feed(&l, "\n", 1), IKE_ENOSPC);
	ctl_lines_free(&l);

	/* A long line with its newline in the same chunk is caught too. */
	ctl_lines_init(&l, 4);
	ck_assert_int_eq(ctl_lines_feed(&l, "12345\nok\n", 9), 0);
	ck_assert_int_eq(ctl_lines_next(&l, &line, &len), IKE_ENOSPC);
	ctl_lines_free(&l);
}
END_TEST

static Suite *
ctl_proto_suite(void)
{
	Suite *s = suite_create("ctl_proto");
	TCase *tc = tcase_create("ctl_proto");

	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_valid_forms);
	tcase_add_loop_test(tc, test_malformed, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_oversized_and_deep);
	tcase_add_test(tc, test_replies);
	tcase_add_test(tc, test_bad_replies);
	tcase_add_test(tc, test_json_text);
	tcase_add_test(tc, test_lines);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ctl_proto_suite)
