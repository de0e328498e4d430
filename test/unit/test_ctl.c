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
#include <sys/wait.h>
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

/* Sends a status request on fd and reads the reply line (for a second
 * at most); 1 if it came. */
static int
status_ok(struct loop *l, int fd)
{
	uint64_t end = loop_now() + 1000;
	char buf[512];
	size_t got = 0;
	ssize_t n;

	send_str(fd, "{\"cmd\":\"status\"}\n");
	while (loop_now() < end && (got == 0 || buf[got - 1] != '\n')) {
		loop_run_once(l, 5);
		n = recv(fd, buf + got, sizeof(buf) - 1 - got, MSG_DONTWAIT);
		if (n == 0)
			break;
		if (n > 0)
			got += (size_t)n;
	}
	buf[got] = '\0';
	return strcmp(buf, "{\"ok\":true,\"result\":{\"version\":\"test\"}}\n")
	    == 0;
}

/* 1 when the server has hung up on fd (after the pump). */
static int
gone(int fd)
{
	char c;

	return recv(fd, &c, 1, MSG_DONTWAIT) == 0;
}

/*
 * A full table of clients that wait: the oldest is disconnected to make
 * room for a new one, which is served; clients that wait between requests
 * stay for idle_ms, and all go then.
 */
START_TEST(test_full_evicts_oldest_idle)
{
	struct ctl_cfg cfg = { .path = path, .max_clients = 2, .idle_ms = 400,
	    .request_ms = 5000 };
	struct loop *l;
	struct ctl *c;
	char err[256];
	int a, b, x;

	ck_assert_int_eq(loop_new(&l), 0);
	ck_assert_int_eq(ctl_new(l, &cfg, handler, NULL, &c, err, sizeof(err)),
	    0);
	a = client();
	pump(l, 20);
	b = client();
	ck_assert(status_ok(l, b));
	ck_assert_uint_eq(ctl_clients(c), 2);
	x = client();
	ck_assert(status_ok(l, x));
	ck_assert(gone(a));
	ck_assert(!gone(b));
	ck_assert_uint_eq(ctl_clients(c), 2);
	/* Both served: gone after 400 ms without a request. */
	pump(l, 550);
	ck_assert_uint_eq(ctl_clients(c), 0);
	ck_assert(gone(b));
	ck_assert(gone(x));
	close(a);
	close(b);
	close(x);
	ctl_free(c);
	loop_free(l);
}
END_TEST

/*
 * A request line must be complete within request_ms of its first byte
 * (of the connection, for the first), however slowly it trickles in;
 * waiting between requests is allowed for idle_ms.
 */
START_TEST(test_request_deadline)
{
	struct ctl_cfg cfg = { .path = path, .idle_ms = 5000,
	    .request_ms = 300 };
	struct loop *l;
	struct ctl *c;
	char err[256];
	int quiet, slow, served, i;

	ck_assert_int_eq(loop_new(&l), 0);
	ck_assert_int_eq(ctl_new(l, &cfg, handler, NULL, &c, err, sizeof(err)),
	    0);
	quiet = client();
	slow = client();
	served = client();
	ck_assert(status_ok(l, served));
	for (i = 0; i < 12 && !gone(slow); i++) {
		send_str(slow, " ");
		pump(l, 50);
	}
	/* One byte every 50 ms did not keep it: gone within the deadline. */
	ck_assert_int_le(i, 9);
	ck_assert(gone(quiet));
	ck_assert(!gone(served));
	ck_assert_uint_eq(ctl_clients(c), 1);
	/* Its next request has the same deadline. */
	send_str(served, "{\"cmd\":");
	pump(l, 400);
	ck_assert(gone(served));
	ck_assert_uint_eq(ctl_clients(c), 0);
	close(quiet);
	close(slow);
	close(served);
	ctl_free(c);
	loop_free(l);
}
END_TEST

/* What the server writes to stderr (the log) while fn runs. */
static char *
stderr_of(void (*fn)(void *), void *arg)
{
	char tmpl[] = "/tmp/saker-ctl-log-XXXXXX", *buf;
	int fd, saved;
	off_t len;

	fd = mkstemp(tmpl);
	ck_assert_int_ge(fd, 0);
	unlink(tmpl);
	fflush(stderr);
	saved = dup(2);
	dup2(fd, 2);
	fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	len = lseek(fd, 0, SEEK_END);
	buf = calloc(1, (size_t)len + 1);
	ck_assert_int_eq(pread(fd, buf, (size_t)len, 0), len);
	close(fd);
	return buf;
}

static int
count(const char *s, const char *what)
{
	int n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s++;
	}
	return n;
}

/* Clients that are busy sending a request are not disconnected for a
 * new one: it is refused, and refusals are logged once per interval. */
static void
refuse_many(void *arg)
{
	struct ctl_cfg cfg = { .path = path, .max_clients = 2,
	    .request_ms = 5000, .report_ms = 300 };
	struct loop *l;
	struct ctl *c;
	char err[256], buf[256];
	int a, b, x, i, eof;

	(void)arg;
	ck_assert_int_eq(loop_new(&l), 0);
	ck_assert_int_eq(ctl_new(l, &cfg, handler, NULL, &c, err, sizeof(err)),
	    0);
	a = client();
	b = client();
	send_str(a, "{");
	send_str(b, "{");
	pump(l, 20);
	for (i = 0; i < 40; i++) {
		x = client();
		read_all(l, x, buf, sizeof(buf), &eof);
		ck_assert_str_eq(buf, "{\"ok\":false,\"error\":\"too many "
		    "control clients\"}\n");
		ck_assert(eof);
		close(x);
	}
	pump(l, 350);
	ck_assert_uint_eq(ctl_clients(c), 2);
	close(a);
	close(b);
	ctl_free(c);
	loop_free(l);
}

START_TEST(test_refusals_logged_once)
{
	char *log = stderr_of(refuse_many, NULL);

	/* The first at once, the 39 others (or those of the last interval)
	 * in one line with their number. */
	ck_assert_msg(count(log, "warn ctl") >= 2 && count(log, "warn ctl") <= 3,
	    "log: %s", log);
	ck_assert_msg(strstr(log, "clients refused") != NULL, "log: %s", log);
	free(log);
}
END_TEST

/*
 * Connects n clients (n <= 8) as uid and gid 65534, in a child that drops
 * to them, each having sent the first byte of a request; their
 * descriptors come back over a socketpair.
 */
static void
clients_as_nobody(int *fds, int n)
{
	union {
		struct cmsghdr	align;
		char		buf[CMSG_SPACE(8 * sizeof(int))];
	} cbuf;
	struct iovec iov;
	struct msghdr m;
	struct cmsghdr *cm;
	char one = 0;
	pid_t pid;
	int sp[2], st, i;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sp), 0);
	/* The socket is 0660 root's: let nobody in. */
	ck_assert_int_eq(chmod(dir, 0755), 0);
	ck_assert_int_eq(chmod(path, 0666), 0);
	memset(&m, 0, sizeof(m));
	iov.iov_base = &one;
	iov.iov_len = 1;
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = cbuf.buf;
	m.msg_controllen = CMSG_SPACE((size_t)n * sizeof(int));
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 ||
		    setresuid(65534, 65534, 65534) < 0)
			_exit(1);
		for (i = 0; i < n; i++) {
			fds[i] = client();
			send_str(fds[i], "{");
		}
		cm = CMSG_FIRSTHDR(&m);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN((size_t)n * sizeof(int));
		memcpy(CMSG_DATA(cm), fds, (size_t)n * sizeof(int));
		_exit(sendmsg(sp[1], &m, 0) == 1 ? 0 : 1);
	}
	close(sp[1]);
	ck_assert_int_eq(recvmsg(sp[0], &m, 0), 1);
	cm = CMSG_FIRSTHDR(&m);
	ck_assert_ptr_nonnull(cm);
	ck_assert_uint_eq(cm->cmsg_len, CMSG_LEN((size_t)n * sizeof(int)));
	memcpy(fds, CMSG_DATA(cm), (size_t)n * sizeof(int));
	close(sp[0]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/*
 * Other users fill the table with clients busy sending requests: a
 * further one is refused, but root still gets in, to a slot kept for it,
 * and when those are taken too, in place of the oldest waiting client.
 */
START_TEST(test_root_gets_in)
{
	struct ctl_cfg cfg = { .path = path, .max_clients = 2, .root_slots = 1,
	    .request_ms = 5000 };
	struct loop *l;
	struct ctl *c;
	char err[256], buf[256];
	int busy[3], r1, r2, eof;

	if (geteuid() != 0)
		return;		/* needs another user's clients */
	ck_assert_int_eq(loop_new(&l), 0);
	ck_assert_int_eq(ctl_new(l, &cfg, handler, NULL, &c, err, sizeof(err)),
	    0);
	clients_as_nobody(busy, 3);
	read_all(l, busy[2], buf, sizeof(buf), &eof);
	ck_assert_str_eq(buf, "{\"ok\":false,\"error\":\"too many control "
	    "clients\"}\n");
	ck_assert_uint_eq(ctl_clients(c), 2);
	r1 = client();
	ck_assert(status_ok(l, r1));
	ck_assert_uint_eq(ctl_clients(c), 3);
	r2 = client();
	ck_assert(status_ok(l, r2));
	ck_assert(gone(r1));
	ck_assert(!gone(busy[0]) && !gone(busy[1]));
	close(busy[0]);
	close(busy[1]);
	close(busy[2]);
	close(r1);
	close(r2);
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
	tcase_add_test(tc, test_full_evicts_oldest_idle);
	tcase_add_test(tc, test_request_deadline);
	tcase_add_test(tc, test_refusals_logged_once);
	tcase_add_test(tc, test_root_gets_in);
	tcase_add_test(tc, test_slow_reader);
	tcase_add_test(tc, test_stale_and_live);
	tcase_add_test(tc, test_group);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ctl_suite)
