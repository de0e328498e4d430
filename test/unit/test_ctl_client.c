/* SPDX-License-Identifier: ISC */
/*
 * test_ctl_client.c - sakerctl's control verbs against a control socket
 * served by a child process: human output and --json, daemon errors, a
 * daemon that is not running, one that answers nonsense or hangs up, and
 * bad arguments (exit 2); and that sakerctl offers exactly the commands
 * the protocol serves, besides its offline verbs.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_main.h"
#include "daemon/ctl.h"
#include "sakerctl/ctl_client.h"
#include "sakerctl/sakerctl.h"
#include "daemon/loop.h"

static char dir[48], path[96];
static pid_t server = -1;

static const char *status_json =
	"{\"version\":\"0.1.0\",\"pid\":42,\"uptime\":3725,\"config\":\"/c.yaml\","
	"\"socket\":\"/s.sock\",\"log_level\":\"info\",\"port\":500,"
	"\"natt_port\":4500,\"connections\":1,\"ike_sas\":1,\"child_sas\":2,"
	"\"half_open\":0,\"ike\":{\"rx\":5,\"tx\":6,\"dropped\":1,"
	"\"retransmits\":0},\"net\":{\"rx\":5,\"tx\":6,\"rx_overflow\":1530012},\"kernel\":"
	"{\"event_drops\":0}}";

static const char *sas_json =
	"{\"ike_sas\":[{\"id\":3,\"name\":\"hq-branch\",\"state\":\"ESTABLISHED\","
	"\"initiator\":true,\"spi_i\":\"0123456789abcdef\",\"spi_r\":"
	"\"fedcba9876543210\",\"local\":{\"addr\":\"192.0.2.1\",\"port\":500},"
	"\"remote\":{\"addr\":\"198.51.100.1\",\"port\":4500},\"local_id\":"
	"\"hq.example.net\",\"remote_id\":\"evil\\u001b[31m\",\"alg\":"
	"\"AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519\",\"age\":134,"
	"\"children\":[{\"id\":1,\"name\":\"lan\",\"state\":\"INSTALLED\","
	"\"spi_in\":\"c1234567\",\"spi_out\":\"c7654321\",\"mode\":\"tunnel\","
	"\"alg\":\"AES_GCM_16_256\",\"local_ts\":[\"10.1.0.0/16\"],"
	"\"remote_ts\":[\"10.2.0.0/16\"],\"bytes_in\":2048,\"bytes_out\":100,"
	"\"packets_in\":20,\"packets_out\":1,\"age\":60}]}]}";

static const char *conns_json =
	"{\"connections\":[{\"name\":\"hq-branch\",\"origin\":\"/c.yaml:2\","
	"\"local\":{\"addrs\":[\"192.0.2.1\"],\"id\":\"hq.example.net\","
	"\"auth\":\"psk\"},\"remote\":{\"addrs\":[],\"id\":\"%any\",\"auth\":"
	"\"psk\"},\"proposals\":[\"aes256gcm16-prfsha256-x25519\"],"
	"\"children\":[{\"name\":\"lan\",\"mode\":\"tunnel\",\"start\":\"trap\","
	"\"local_ts\":[\"10.1.0.0/16\"],\"remote_ts\":[\"10.2.0.0/16\"],"
	"\"esp_proposals\":[\"aes256gcm16\"]}],\"last_failure\":"
	"\"no proposal chosen\"}]}";

static json_t *
handler(void *ctx, const struct ctl_request *req, char *err, size_t errlen)
{
	(void)ctx;
	switch (req->cmd) {
	case CTL_STATUS:
		return json_loads(status_json, 0, NULL);
	case CTL_LIST_SAS:
		return json_loads(sas_json, 0, NULL);
	case CTL_LIST_CONNS:
		return json_loads(conns_json, 0, NULL);
	case CTL_UP:
		if (strcmp(req->name, "hq-branch") == 0)
			return json_pack("{s:s,s:s}", "name", req->name,
			    "action", "initiating");
		snprintf(err, errlen, "no connection named \"%s\"", req->name);
		return NULL;
	case CTL_LOG_LEVEL:
		return json_pack("{s:s}", "log_level", req->level);
	default:
		snprintf(err, errlen, "not here");
		return NULL;
	}
}

/* A child that serves the control socket until killed. */
static void
serve_ctl(void)
{
	struct ctl_cfg cfg = { .path = path };
	struct loop *l;
	struct ctl *c;
	char err[256];
	int p[2];
	char ok = 0;

	ck_assert_int_eq(pipe(p), 0);
	server = fork();
	ck_assert_int_ge(server, 0);
	if (server == 0) {
		close(p[0]);
		if (loop_new(&l) < 0 ||
		    ctl_new(l, &cfg, handler, NULL, &c, err, sizeof(err)) < 0)
			_exit(1);
		ck_assert_int_eq(write(p[1], &ok, 1), 1);
		loop_run(l);
		_exit(0);
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], &ok, 1), 1);
	close(p[0]);
}

/*
 * A child that listens with backlog, waits delay_ms, then accepts n
 * clients in turn: reads a line from each unless told not to (as sakerd
 * does not when it refuses), answers reply (NULL: hangs up without
 * answering).
 */
static void
serve_n(int backlog, unsigned delay_ms, int n, int read_first,
    const char *reply)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char buf[1024];
	int lfd, fd, p[2], i;
	char ok = 0;

	ck_assert_int_eq(pipe(p), 0);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	server = fork();
	ck_assert_int_ge(server, 0);
	if (server == 0) {
		lfd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (bind(lfd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
		    listen(lfd, backlog) < 0)
			_exit(1);
		ck_assert_int_eq(write(p[1], &ok, 1), 1);
		usleep(delay_ms * 1000);
		for (i = 0; i < n; i++) {
			fd = accept(lfd, NULL, NULL);
			if (read_first && read(fd, buf, sizeof(buf)) <= 0)
				_exit(1);
			if (reply != NULL && write(fd, reply, strlen(reply)) < 0)
				_exit(1);
			close(fd);
		}
		_exit(0);
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], &ok, 1), 1);
	close(p[0]);
}

/* A child that accepts one client, reads its line, answers reply (NULL:
 * hangs up without answering). */
static void
serve_raw(const char *reply)
{
	serve_n(1, 0, 1, 1, reply);
}

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/saker-cli-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sakerd.sock", dir);
	server = -1;
}

static void
teardown(void)
{
	if (server > 0) {
		kill(server, SIGKILL);
		waitpid(server, NULL, 0);
	}
	unlink(path);
	rmdir(dir);
}

/* Runs sakerctl VERB ARGS... --socket path; captures both outputs. */
static int
run(char *out, char *err, size_t len, ...)
{
	char *argv[16], *obuf = NULL, *ebuf = NULL;
	size_t olen = 0, elen = 0;
	FILE *o = open_memstream(&obuf, &olen), *e = open_memstream(&ebuf, &elen);
	va_list ap;
	int argc = 0, ret;

	va_start(ap, len);
	while ((argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	ret = ctl_client_run(argc, argv, o, e);
	fclose(o);
	fclose(e);
	snprintf(out, len, "%s", obuf ? obuf : "");
	snprintf(err, len, "%s", ebuf ? ebuf : "");
	free(obuf);
	free(ebuf);
	return ret;
}

START_TEST(test_status)
{
	char out[4096], err[4096];
	json_t *j, *want;

	serve_ctl();
	ck_assert_int_eq(run(out, err, sizeof(out), "status", "--socket", path,
	    NULL), 0);
	ck_assert_str_eq(err, "");
	ck_assert_ptr_nonnull(strstr(out, "sakerd 0.1.0, pid 42, up 1h 2m\n"));
	ck_assert_ptr_nonnull(strstr(out, "  IKE SAs      1 (0 half-open)\n"));
	ck_assert_ptr_nonnull(strstr(out, "  config       /c.yaml\n"));
	ck_assert_ptr_nonnull(strstr(out, "  overflow     1530012 datagrams "
	    "dropped by the kernel (socket buffer full)\n"));
	/* --json before or after the verb's arguments: the daemon's JSON. */
	ck_assert_int_eq(run(out, err, sizeof(out), "status", "--json",
	    "--socket", path, NULL), 0);
	j = json_loads(out, 0, NULL);
	want = json_loads(status_json, 0, NULL);
	ck_assert_ptr_nonnull(j);
	ck_assert(json_equal(j, want));
	json_decref(j);
	json_decref(want);
}
END_TEST

START_TEST(test_list_sas)
{
	char out[4096], err[4096];

	serve_ctl();
	ck_assert_int_eq(run(out, err, sizeof(out), "list-sas", "--socket",
	    path, NULL), 0);
	ck_assert_ptr_nonnull(strstr(out,
	    "hq-branch[3]  ESTABLISHED, 2m 14s ago, initiator\n"));
	ck_assert_ptr_nonnull(strstr(out, "  local      192.0.2.1[500]"
	    "                 hq.example.net\n"));
	/* The peer's escape sequence does not reach the terminal. */
	ck_assert_ptr_nonnull(strstr(out, "evil\\x1b[31m\n"));
	ck_assert_ptr_null(strchr(out, '\x1b'));
	ck_assert_ptr_nonnull(strstr(out, "  spis       0123456789abcdef_i* "
	    "fedcba9876543210_r\n"));
	ck_assert_ptr_nonnull(strstr(out, "  lan{1}  INSTALLED, tunnel, 1m 0s ago\n"));
	ck_assert_ptr_nonnull(strstr(out, "    in       2.0 KiB, 20 packets\n"));
	ck_assert_ptr_nonnull(strstr(out, "    remote   10.2.0.0/16\n"));
}
END_TEST

START_TEST(test_list_conns)
{
	char out[4096], err[4096];

	serve_ctl();
	ck_assert_int_eq(run(out, err, sizeof(out), "list-conns", "--socket",
	    path, NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "hq-branch  (/c.yaml:2)\n"));
	ck_assert_ptr_nonnull(strstr(out, "  remote   %any  id %any  auth psk\n"));
	ck_assert_ptr_nonnull(strstr(out, "  lan      tunnel, start trap\n"));
	ck_assert_ptr_nonnull(strstr(out, "10.1.0.0/16 === 10.2.0.0/16\n"));
	ck_assert_ptr_nonnull(strstr(out, "  failed   no proposal chosen\n"));
}
END_TEST

START_TEST(test_daemon_errors)
{
	char out[4096], err[4096];

	serve_ctl();
	ck_assert_int_eq(run(out, err, sizeof(out), "up", "hq-branch",
	    "--socket", path, NULL), 0);
	ck_assert_str_eq(out, "hq-branch: initiating\n");
	ck_assert_int_eq(run(out, err, sizeof(out), "up", "--socket", path,
	    "nope", NULL), 1);
	ck_assert_str_eq(out, "");
	ck_assert_str_eq(err, "sakerctl: no connection named \"nope\"\n");
	ck_assert_int_eq(run(out, err, sizeof(out), "log-level", "debug",
	    "--socket", path, NULL), 0);
	ck_assert_str_eq(out, "log level debug\n");
}
END_TEST

START_TEST(test_not_running)
{
	char out[4096], err[4096], want[512];

	ck_assert_int_eq(run(out, err, sizeof(out), "status", "--socket", path,
	    NULL), 1);
	snprintf(want, sizeof(want), "sakerctl: sakerd is not running (connect "
	    "%s: No such file or directory)\n", path);
	ck_assert_str_eq(err, want);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(test_bad_replies)
{
	char out[4096], err[4096];

	serve_raw("this is not json\n");
	ck_assert_int_eq(run(out, err, sizeof(out), "status", "--socket", path,
	    NULL), 1);
	ck_assert_ptr_nonnull(strstr(err, "invalid JSON in reply"));
	waitpid(server, NULL, 0);
	unlink(path);
	serve_raw(NULL);
	ck_assert_int_eq(run(out, err, sizeof(out), "status", "--socket", path,
	    NULL), 1);
	ck_assert_ptr_nonnull(strstr(err, "closed the connection without a reply"));
	waitpid(server, NULL, 0);
	unlink(path);
	serve_raw("{\"ok\":true}\n");
	ck_assert_int_eq(run(out, err, sizeof(out), "status", "--socket", path,
	    NULL), 1);
	ck_assert_ptr_nonnull(strstr(err, "ok reply needs \"result\""));
}
END_TEST

/*
 * A server whose backlog is full (listen backlog 0, one connection
 * waiting) and that only turns to its clients 300 ms later, then refuses
 * them as sakerd does when full: the reply without reading the request.
 * sakerctl waits for room rather than giving up, and tells the refusal.
 */
START_TEST(test_full_backlog_refused)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char out[4096], err[4096];
	int filler;

	serve_n(0, 300, 2, 0,
	    "{\"ok\":false,\"error\":\"too many control clients\"}\n");
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	filler = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(connect(filler, (struct sockaddr *)&sun, sizeof(sun)),
	    0);
	ck_assert_int_eq(run(out, err, sizeof(out), "status", "--socket", path,
	    NULL), 1);
	ck_assert_str_eq(err, "sakerctl: too many control clients\n");
	close(filler);
}
END_TEST

START_TEST(test_usage)
{
	char out[4096], err[4096];

	ck_assert_int_eq(run(out, err, sizeof(out), "up", NULL), 2);
	ck_assert_ptr_nonnull(strstr(err, "up needs an argument"));
	ck_assert_ptr_nonnull(strstr(err, "usage:"));
	ck_assert_int_eq(run(out, err, sizeof(out), "status", "x", NULL), 2);
	ck_assert_ptr_nonnull(strstr(err, "unexpected argument \"x\""));
	ck_assert_int_eq(run(out, err, sizeof(out), "down", "a", "b", NULL), 2);
	ck_assert_int_eq(run(out, err, sizeof(out), "log-level", "loud", NULL), 2);
	ck_assert_ptr_nonnull(strstr(err, "invalid log level"));
	ck_assert_int_eq(run(out, err, sizeof(out), "up", "a b", NULL), 2);
	ck_assert_int_eq(run(out, err, sizeof(out), "status", "--frob", NULL), 2);
	ck_assert_int_eq(run(out, err, sizeof(out), "status", "--socket", NULL), 2);
	ck_assert_int_eq(run(out, err, sizeof(out), "frob", NULL), 2);
	ck_assert(ctl_client_has("list-sas"));
	ck_assert(!ctl_client_has("decode"));
}
END_TEST

/*
 * Every verb in sakerctl's help is one the server knows (a request for it,
 * as sakerctl builds it, passes the server's validation) or an offline
 * one the server does not know; every command the server knows is in
 * sakerctl's help once and runs as a control verb.
 */
START_TEST(test_verbs)
{
	size_t seen[CTL_NCMDS] = { 0 }, len = 0, n, i;
	char *text = NULL, *p, *end, verb[32], err[256], *line;
	struct ctl_request req, got;
	FILE *f = open_memstream(&text, &len);
	enum ctl_cmd cmd;

	ck_assert_ptr_nonnull(f);
	sakerctl_usage(f);
	fclose(f);
	p = strstr(text, "\ncommands:\n");
	ck_assert_ptr_nonnull(p);
	for (p += strlen("\ncommands:\n"); strncmp(p, "  ", 2) == 0; p = end + 1) {
		end = strchr(p, '\n');
		ck_assert_ptr_nonnull(end);
		n = strcspn(p + 2, " \n");
		ck_assert_uint_lt(n, sizeof(verb));
		memcpy(verb, p + 2, n);
		verb[n] = '\0';
		if (sakerctl_offline(verb)) {
			ck_assert_msg(ctl_cmd_lookup(verb, &cmd) < 0, "offline "
			    "verb %s is also a control command", verb);
			ck_assert(!ctl_client_has(verb));
			continue;
		}
		ck_assert_msg(ctl_cmd_lookup(verb, &cmd) == 0, "sakerctl offers "
		    "%s, which the server does not know", verb);
		ck_assert(ctl_client_has(verb));
		seen[cmd]++;
		memset(&req, 0, sizeof(req));
		req.cmd = cmd;
		snprintf(req.name, sizeof(req.name), "hq-branch");
		snprintf(req.level, sizeof(req.level), "debug");
		if (ctl_verb(cmd)->args != CTL_ARGS_NAME)
			req.name[0] = '\0';
		if (ctl_verb(cmd)->args != CTL_ARGS_LEVEL)
			req.level[0] = '\0';
		line = ctl_request_build(&req, &n);
		ck_assert_ptr_nonnull(line);
		ck_assert_msg(ctl_request_parse(line, n - 1, &got, err,
		    sizeof(err)) == 0, "%s: %s", verb, err);
		ck_assert_int_eq(got.cmd, cmd);
		free(line);
	}
	ck_assert_str_eq(p, "\n  --socket PATH   control socket (default "
	    CTL_SOCKET_DEFAULT ")\n  --json          print the daemon's JSON\n");
	for (i = 0; i < CTL_NCMDS; i++)
		ck_assert_msg(seen[i] == 1, "the server's %s is in sakerctl's "
		    "help %zu times", ctl_cmd_name((enum ctl_cmd)i), seen[i]);
	free(text);
}
END_TEST

static Suite *
ctl_client_suite(void)
{
	Suite *s = suite_create("ctl_client");
	TCase *tc = tcase_create("ctl_client");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_status);
	tcase_add_test(tc, test_list_sas);
	tcase_add_test(tc, test_list_conns);
	tcase_add_test(tc, test_daemon_errors);
	tcase_add_test(tc, test_not_running);
	tcase_add_test(tc, test_bad_replies);
	tcase_add_test(tc, test_full_backlog_refused);
	tcase_add_test(tc, test_usage);
	tcase_add_test(tc, test_verbs);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ctl_client_suite)
