/* SPDX-License-Identifier: ISC */
/*
 * test_ctl.c - the control socket server with a stand-in handler: replies
 * in order, error replies that keep the connection usable, oversized
 * requests, the client limit, idle clients, a client that does not read,
 * stale and live sockets, and the socket's mode and group.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "check_main.h"
#include "daemon/ctl.h"
#include "daemon/loop.h"

static char dir[48], path[96];
static size_t big_reply;	/* bytes of the string list-sas returns */
static int calls;

static json_t *
handler(void *ctx, const struct ctl_request *req, char *err, size_t errlen)
{
	char *s;
	json_t *j;

	(void)ctx;
	calls++;
	switch (req->cmd) {
	case CTL_STATUS:
		return json_pack("{s:s}", "version", "test");
	case CTL_UP:
		if (strcmp(req->name, "known") == 0)
			return json_pack("{s:s}", "up", req->name);
		snprintf(err, errlen, "no connection named \"%s\"", req->name);
		return NULL;
	case CTL_LIST_SAS:
		s = malloc(big_reply + 1);
		memset(s, 'x', big_reply);
		s[big_reply] = '\0';
		j = json_string(s);
		free(s);
		return j;
	default:
		snprintf(err, errlen, "not here");
		return NULL;
	}
}

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/saker-ctl-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/run/sakerd.sock", dir);
	calls = 0;
}

static void
teardown(void)
{
	char sub[96];

	unlink(path);
	snprintf(sub, sizeof(sub), "%s/run", dir);
	rmdir(sub);
	rmdir(dir);
}

static struct ctl *
open_ctl(struct loop *l, size_t max, unsigned idle)
{
	struct ctl_cfg cfg = { .path = path, .max_clients = max, .idle_ms = idle };
	struct ctl *c = NULL;
	char err[256];
	int ret;

	ret = ctl_new(l, &cfg, handler, NULL, &c, err, sizeof(err));
	ck_assert_msg(ret == 0, "ctl_new: %s", err);
	return c;
}

static int
client(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	return fd;
}

static void
pump(struct loop *l, unsigned ms)
{
	uint64_t end = loop_now() + ms;

	while (loop_now() < end)
		loop_run_once(l, 5);
}

static void
send_str(int fd, const char *s)
{
	ck_assert_int_eq(write(fd, s, strlen(s)), (ssize_t)strlen(s));
}

/* Reads what the server sent within the pump, up to len-1 bytes; sets
 * *eof when the server hung up. */
static size_t
read_all(struct loop *l, int fd, char *buf, size_t len, int *eof)
{
	size_t got = 0;
	ssize_t n;
	int i;

	*eof = 0;
	for (i = 0; i < 50 && got < len - 1 && !*eof; i++) {
		pump(l, 10);
		for (;;) {
			n = recv(fd, buf + got, len - 1 - got, MSG_DONTWAIT);
			if (n == 0)
				*eof = 1;
			if (n <= 0)
				break;
			got += (size_t)n;
		}
	}
	buf[got] = '\0';
	return got;
}

START_TEST(test_requests_in_order)
{
	struct loop *l;
	struct ctl *c;
	char buf[4096];
	int fd, eof;

	ck_assert_int_eq(loop_new(&l), 0);
	c = open_ctl(l, 0, 0);
	fd = client();
	/* Three requests in one write, one malformed in the middle, then an
	 * unknown connection: every one answered, in order. */
	send_str(fd, "{\"cmd\":\"status\"}\n{\"cmd\":\"nope\"}\r\n\n"
	    "{\"cmd\":\"up\",\"args\":{\"name\":\"known\"}}\n"
	    "{\"cmd\":\"up\",\"args\":{\"name\":\"other\"}}\n");
	read_all(l, fd, buf, sizeof(buf), &eof);
	ck_assert_str_eq(buf,
	    "{\"ok\":true,\"result\":{\"version\":\"test\"}}\n"
	    "{\"ok\":false,\"error\":\"unknown command \\\"nope\\\"\"}\n"
	    "{\"ok\":true,\"result\":{\"up\":\"known\"}}\n"
	    "{\"ok\":false,\"error\":\"no connection named \\\"other\\\"\"}\n");
	ck_assert(!eof);
	ck_assert_int_eq(calls, 3);
	/* Invalid UTF-8 and a NUL: an error each, the connection stays. */
	ck_assert_int_eq(write(fd, "{\"cmd\":\"\xff\"}\n\0\n{\"cmd\":\"status\"}\n",
	    31), 31);
	read_all(l, fd, buf, sizeof(buf), &eof);
	ck_assert_ptr_nonnull(strstr(buf, "invalid JSON"));
	ck_assert_ptr_nonnull(strstr(buf, "\"version\":\"test\""));
	ck_assert_int_eq(calls, 4);
	ck_assert_uint_eq(ctl_clients(c), 1);
	/* The last request may end at EOF without its newline. */
	send_str(fd, "{\"cmd\":\"status\"}");
	shutdown(fd, SHUT_WR);
	read_all(l, fd, buf, sizeof(buf), &eof);
	ck_assert_str_eq(buf, "{\"ok\":true,\"result\":{\"version\":\"test\"}}\n");
	ck_assert(eof);
	ck_assert_uint_eq(ctl_clients(c), 0);
	close(fd);
	ctl_free(c);
	loop_free(l);
	ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

START_TEST(test_oversized)
{
	struct loop *l;
	struct ctl *c;
	char buf[4096], *big;
	size_t n = CTL_REQUEST_MAX + 100, off = 0;
	ssize_t w;
	int fd, eof;

	ck_assert_int_eq(loop_new(&l), 0);
	c = open_ctl(l, 0, 0);
	fd = client();
	big = malloc(n);
	memset(big, ' ', n);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	while (off < n) {
		w = write(fd, big + off, n - off);
		if (w > 0)
			off += (size_t)w;
		else if (errno == EAGAIN)
			pump(l, 5);
		else
			break;	/* the server hung up */
	}
	free(big);
	read_all(l, fd, buf, sizeof(buf), &eof);
	ck_assert_str_eq(buf, "{\"ok\":false,\"error\":\"request longer than "
	    "65536 bytes\"}\n");
	ck_assert(eof);
	ck_assert_int_eq(calls, 0);
	close(fd);
	ctl_free(c);
	loop_free(l);
}
END_TEST

START_TEST(test_client_limit_and_idle)
{
	struct loop *l;
	struct ctl *c;
	char buf[512];
	int a, b, x, eof;

	ck_assert_int_eq(loop_new(&l), 0);
	c = open_ctl(l, 2, 300);
	a = client();
	b = client();
	pump(l, 20);
	ck_assert_uint_eq(ctl_clients(c), 2);
	x = client();
	read_all(l, x, buf, sizeof(buf), &eof);
	ck_assert_str_eq(buf, "{\"ok\":false,\"error\":\"too many control clients\"}\n");
	ck_assert(eof);
	close(x);
	/* Both idle: gone after 300 ms. */
	pump(l, 450);
	ck_assert_uint_eq(ctl_clients(c), 0);
	ck_assert_int_eq(recv(a, buf, sizeof(buf), MSG_DONTWAIT), 0);
	close(a);
	close(b);
	ctl_free(c);
	loop_free(l);
}
END_TEST

/* A client that sends many requests and does not read: the server holds
 * the rest back and answers all of them in order once it reads. */
START_TEST(test_slow_reader)
{
	enum { N = 40 };
	struct loop *l;
	struct ctl *c;
	size_t cap = (size_t)N * 70000, got = 0, lines = 0, i;
	char *buf = malloc(cap);
	ssize_t n;
	int fd, idle = 0;

	big_reply = 64 * 1024;
	ck_assert_int_eq(loop_new(&l), 0);
	c = open_ctl(l, 0, 0);
	fd = client();
	for (i = 0; i < N; i++)
		send_str(fd, "{\"cmd\":\"list-sas\"}\n");
	pump(l, 100);
	/* Not all run yet: output is bounded while nobody reads. */
	ck_assert_int_lt(calls, N);
	while (lines < N && idle < 200) {
		pump(l, 5);
		n = recv(fd, buf + got, cap - got, MSG_DONTWAIT);
		if (n > 0) {
			for (i = got; i < got + (size_t)n; i++)
				lines += buf[i] == '\n';
			got += (size_t)n;
			idle = 0;
		} else
			idle++;
	}
	ck_assert_uint_eq(lines, N);
	ck_assert_int_eq(calls, N);
	ck_assert_uint_eq(got, N * (big_reply + strlen("{\"ok\":true,\"result\":\"\"}\n")));
	free(buf);
	close(fd);
	ctl_free(c);
	loop_free(l);
}
END_TEST

START_TEST(test_stale_and_live)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct ctl_cfg cfg = { .path = path };
	struct loop *l;
	struct ctl *c, *c2 = NULL;
	struct stat st;
	char err[256], sub[96];
	int fd;

	ck_assert_int_eq(loop_new(&l), 0);
	/* A socket file nobody listens on, as a killed daemon leaves. */
	snprintf(sub, sizeof(sub), "%s/run", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	close(fd);
	c = open_ctl(l, 0, 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert(S_ISSOCK(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 07777, 0660);
	/* A live one is left alone. */
	ck_assert_int_eq(ctl_new(l, &cfg, handler, NULL, &c2, err, sizeof(err)),
	    -EADDRINUSE);
	ck_assert_ptr_nonnull(strstr(err, "another sakerd"));
	ctl_free(c);
	/* Something else at the path is not removed. */
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	close(fd);
	ck_assert_int_eq(ctl_new(l, &cfg, handler, NULL, &c2, err, sizeof(err)),
	    -EEXIST);
	ck_assert_int_eq(access(path, F_OK), 0);
	loop_free(l);
}
END_TEST

START_TEST(test_group)
{
	struct ctl_cfg cfg = { .path = path, .group = "no-such-group-x" };
	struct group *gr = getgrnam("daemon");
	struct loop *l;
	struct ctl *c = NULL;
	struct stat st;
	char err[256];

	ck_assert_int_eq(loop_new(&l), 0);
	ck_assert_int_eq(ctl_new(l, &cfg, handler, NULL, &c, err, sizeof(err)),
	    -ENOENT);
	ck_assert_ptr_nonnull(strstr(err, "no-such-group-x"));
	ck_assert_int_eq(access(path, F_OK), -1);
	if (gr != NULL && geteuid() == 0) {
		cfg.group = "daemon";
		ck_assert_int_eq(ctl_new(l, &cfg, handler, NULL, &c, err,
		    sizeof(err)), 0);
		ck_assert_int_eq(stat(path, &st), 0);
		ck_assert_uint_eq(st.st_gid, gr->gr_gid);
		ck_assert_uint_eq(st.st_uid, 0);
		ck_assert_uint_eq(st.st_mode & 07777, 0660);
		ck_assert_int_eq(ctl_set_group(c, "root", err, sizeof(err)), 0);
		ck_assert_int_eq(stat(path, &st), 0);
		ck_assert_uint_eq(st.st_gid, 0);
		ck_assert_int_eq(ctl_set_group(c, "no-such-group-x", err,
		    sizeof(err)), -ENOENT);
		ctl_free(c);
	}
	loop_free(l);
}
END_TEST

static Suite *
ctl_suite(void)
{
	Suite *s = suite_create("ctl");
	TCase *tc = tcase_create("ctl");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_requests_in_order);
	tcase_add_test(tc, test_oversized);
	tcase_add_test(tc, test_client_limit_and_idle);
	tcase_add_test(tc, test_slow_reader);
	tcase_add_test(tc, test_stale_and_live);
	tcase_add_test(tc, test_group);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ctl_suite)
