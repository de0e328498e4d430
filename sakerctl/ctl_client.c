/* SPDX-License-Identifier: ISC */
/*
 * ctl_client.c - the control verbs of sakerctl: argument checking, one
 * request/reply exchange with sakerd over its unix socket (with a
 * timeout, and the reply's size bounded), and printing the result.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "daemon/ctl_show.h"
#include "sakerctl/ctl_client.h"

int
ctl_client_has(const char *verb)
{
	enum ctl_cmd cmd;

	return ctl_cmd_lookup(verb, &cmd) == 0;
}

void
ctl_client_usage(FILE *f)
{
	const struct ctl_verb *v;
	size_t i;

	for (i = 0; (v = ctl_verb((enum ctl_cmd)i)) != NULL; i++)
		fprintf(f, "       sakerctl %s%s%s%s%s\n", v->name,
		    v->args != CTL_ARGS_NONE ? " " : "", ctl_args_usage(v->args),
		    v->opts & CTL_OPT_SOCKET ? " [--socket PATH]" : "",
		    v->opts & CTL_OPT_JSON ? " [--json]" : "");
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Waits until fd is ready for events or the deadline passes. */
static int
wait_fd(int fd, short events, uint64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	uint64_t now;
	int r;

	for (;;) {
		now = now_ms();
		if (now >= deadline)
			return -ETIMEDOUT;
		r = poll(&p, 1, (int)(deadline - now));
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
	}
}

/*
 * Connects to path, waiting until the deadline while the daemon's backlog
 * is full: a blocking connect queues behind the others (a non-blocking one
 * would fail at once, and a flood of other clients could keep it failing).
 * The socket is non-blocking afterwards.
 */
static int
client_connect(const char *path, uint64_t deadline, char *err, size_t errlen)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	uint64_t now = now_ms(), left = deadline > now ? deadline - now : 1;
	struct timeval tv = { (time_t)(left / 1000),
	    (suseconds_t)(left % 1000 * 1000) };
	int fd, ret;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "socket path too long: %s", path);
		return -ENAMETOOLONG;
	}
	memcpy(sun.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "socket: %s", strerror(-ret));
		return ret;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    fcntl(fd, F_SETFL, O_NONBLOCK) < 0) {
		ret = -errno;
		if (ret == -ENOENT || ret == -ECONNREFUSED)
			snprintf(err, errlen, "sakerd is not running (connect "
			    "%s: %s)", path, strerror(-ret));
		else if (ret == -EAGAIN)
			snprintf(err, errlen, "cannot reach sakerd (connect "
			    "%s: no room within %d s)", path,
			    CTL_CLIENT_TIMEOUT_MS / 1000);
		else
			snprintf(err, errlen, "cannot reach sakerd (connect "
			    "%s: %s)", path, strerror(-ret));
		close(fd);
		return ret;
	}
	return fd;
}

static int
client_send(int fd, const char *buf, size_t len, uint64_t deadline)
{
	ssize_t n;
	int ret;

	while (len > 0) {
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				return -errno;
			if ((ret = wait_fd(fd, POLLOUT, deadline)) < 0)
				return ret;
			continue;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads the one reply line into lines; 1 with it in *line, or an error. */
static int
client_recv(int fd, struct ctl_lines *lines, char **line, size_t *len,
    uint64_t deadline)
{
	char buf[16384];
	ssize_t n;
	int ret;

	for (;;) {
		ret = ctl_lines_next(lines, line, len);
		if (ret != 0)
			return ret;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n == 0)
			return -ECONNRESET;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				return -errno;
			if ((ret = wait_fd(fd, POLLIN, deadline)) < 0)
				return ret;
			continue;
		}
		if ((ret = ctl_lines_feed(lines, buf, (size_t)n)) < 0)
			return ret;
	}
}

int
ctl_client_call(const char *path, const struct ctl_request *req,
    json_t **result, char *err, size_t errlen)
{
	uint64_t deadline = now_ms() + CTL_CLIENT_TIMEOUT_MS;
	struct ctl_lines lines;
	char *out, *line;
	size_t olen, len;
	int fd, ret;

	*result = NULL;
	out = ctl_request_build(req, &olen);
	if (out == NULL) {
		snprintf(err, errlen, "invalid request");
		return IKE_EINVAL;
	}
	fd = client_connect(path, deadline, err, errlen);
	if (fd < 0) {
		free(out);
		return fd;
	}
	ctl_lines_init(&lines, CTL_REPLY_MAX);
	ret = client_send(fd, out, olen, deadline);
	free(out);
	/* Refused, the daemon said why before it hung up: read that. */
	if (ret == -EPIPE || ret == -ECONNRESET)
		ret = 0;
	if (ret < 0) {
		snprintf(err, errlen, "sending to sakerd (%s): %s", path,
		    strerror(-ret));
		goto out;
	}
	ret = client_recv(fd, &lines, &line, &len, deadline);
	if (ret == 1)
		ret = ctl_reply_parse(line, len, result, err, errlen);
	else if (ret == -ECONNRESET)
		snprintf(err, errlen, "sakerd closed the connection without "
		    "a reply (%s)", path);
	else if (ret == -ETIMEDOUT)
		snprintf(err, errlen, "no reply from sakerd within %d s (%s)",
		    CTL_CLIENT_TIMEOUT_MS / 1000, path);
	else if (ret == IKE_ENOSPC)
		snprintf(err, errlen, "reply from sakerd longer than %d bytes",
		    CTL_REPLY_MAX);
	else
		snprintf(err, errlen, "reading from sakerd (%s): %s", path,
		    strerror(-ret));
out:
	ctl_lines_free(&lines);
	close(fd);
	return ret;
}

static int usage_err(FILE *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static int
usage_err(FILE *errf, const char *fmt, ...)
{
	va_list ap;

	fputs("sakerctl: ", errf);
	va_start(ap, fmt);
	vfprintf(errf, fmt, ap);
	va_end(ap);
	fputs("\nusage:\n", errf);
	ctl_client_usage(errf);
	return 2;
}

int
ctl_client_run(int argc, char **argv, FILE *out, FILE *errf)
{
	static const struct option lopts[] = {
		{ "socket",	required_argument, NULL, 's' },
		{ "json",	no_argument,	   NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	const char *path = CTL_SOCKET_DEFAULT, *arg = NULL;
	const struct ctl_verb *v;
	struct ctl_request req;
	char err[1024];
	json_t *res;
	int json = 0, c, ret;

	memset(&req, 0, sizeof(req));
	if (ctl_cmd_lookup(argv[0], &req.cmd) < 0)
		return usage_err(errf, "unknown command \"%s\"", argv[0]);
	v = ctl_verb(req.cmd);
	optind = 0;	/* GNU: start over, argv[0] is the verb */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", lopts, NULL)) != -1 ||
	    optind < argc) {
		if (c == -1) {
			/* A positional argument; options may follow it. */
			if (arg != NULL)
				return usage_err(errf, "unexpected argument "
				    "\"%s\"", argv[optind]);
			arg = argv[optind++];
			continue;
		}
		if (c == 's' && (v->opts & CTL_OPT_SOCKET))
			path = optarg;
		else if (c == 'j' && (v->opts & CTL_OPT_JSON))
			json = 1;
		else
			return usage_err(errf, "bad option \"%s\"",
			    argv[optind - 1]);
	}
	if ((v->args != CTL_ARGS_NONE) != (arg != NULL))
		return arg ? usage_err(errf, "unexpected argument \"%s\"", arg) :
		    usage_err(errf, "%s needs an argument", argv[0]);
	if (arg != NULL) {
		if (strlen(arg) >= sizeof(req.name))
			return usage_err(errf, "argument too long: \"%.64s\"", arg);
		/* A level too long is cut, and then refused as unknown. */
		snprintf(v->args == CTL_ARGS_LEVEL ? req.level : req.name,
		    v->args == CTL_ARGS_LEVEL ? sizeof(req.level) :
		    sizeof(req.name), "%s", arg);
	}
	if (ctl_request_check(&req, err, sizeof(err)) < 0)
		return usage_err(errf, "%s", err);
	ret = ctl_client_call(path, &req, &res, err, sizeof(err));
	if (ret != 0) {
		fprintf(errf, "sakerctl: %s\n", err);
		return 1;
	}
	if (json) {
		json_dumpf(res, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', out);
	} else
		ctl_show(req.cmd, res, out);
	json_decref(res);
	return fflush(out) == 0 ? 0 : 1;
}
