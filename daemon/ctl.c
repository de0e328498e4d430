/* SPDX-License-Identifier: ISC */
/*
 * ctl.c - the control socket server: listening socket set-up (directory,
 * stale socket, permissions), accepting clients up to a limit, and per
 * client a non-blocking line reader and reply writer.
 *
 * A client's requests are answered in order.  Replies queue in the
 * client's output buffer; while more than CTL_OUT_HIGH bytes wait there,
 * the client's further requests are not read, so a client that does not
 * read cannot make the daemon buffer without bound.
 *
 * The slots are a resource anyone in the socket's group can take, so no
 * client holds one for long without doing anything, and the administrator
 * always gets in:
 *  - every client has one deadline: a request line must be complete
 *    within request_ms of its first byte (of the connection, for the
 *    first request), however slowly it trickles in; replies must make
 *    progress within request_ms; between requests a client may wait for
 *    idle_ms;
 *  - when the table is full, the client that has waited longest for its
 *    next request is disconnected to make room (one of root's only for
 *    root); clients busy with a request are not, so a newcomer may be
 *    refused;
 *  - root_slots more slots take clients of uid 0 only (SO_PEERCRED);
 *  - refusals and disconnections for room are logged once at once, then
 *    counted and told at most once per report_ms.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "daemon/ctl.h"
#include "daemon/log.h"
#include "daemon/loop.h"

#define CTL_OUT_HIGH	(1024 * 1024)
#define CTL_OUT_MAX	(CTL_REPLY_MAX + CTL_OUT_HIGH)
#define CTL_READ_CHUNK	16384
#define CTL_READ_BUDGET	(4 * CTL_READ_CHUNK)	/* per wake-up */
#define CTL_ACCEPT_BUDGET 64			/* per wake-up */
#define CTL_BACKLOG	64

struct ctl_client {
	struct ctl	  *c_ctl;
	int		   c_fd;
	unsigned	   c_id;
	uid_t		   c_uid;
	pid_t		   c_pid;
	struct ctl_lines   c_in;
	char		  *c_out;
	size_t		   c_outoff, c_outlen, c_outcap;
	int		   c_eof;	/* peer will send nothing more */
	int		   c_closing;	/* close once the output is out */
	int		   c_partial;	/* a request line is coming in */
	int		   c_waiting;	/* for a request, nothing to send */
	uint64_t	   c_since;	/* ms: line begun, or waiting since */
	unsigned	   c_requests;	/* answered */
	uint32_t	   c_events;
	struct loop_timer  c_deadline;
};

struct ctl {
	struct loop	  *ct_loop;
	int		   ct_fd;
	char		   ct_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	ctl_handler_fn	   ct_fn;
	void		  *ct_ctx;
	struct ctl_client **ct_clients;
	size_t		   ct_max, ct_root_slots, ct_n;
	unsigned	   ct_idle_ms, ct_request_ms, ct_report_ms;
	unsigned	   ct_next_id;
	uint64_t	   ct_refused, ct_evicted;	/* not yet reported */
	struct loop_timer  ct_report;
};

static void ctl_client_io(struct loop *, int, uint32_t, void *);

const char *
ctl_path(const struct ctl *c)
{
	return c->ct_path;
}

size_t
ctl_clients(const struct ctl *c)
{
	return c->ct_n;
}

static int
ctl_group_id(const char *group, gid_t *gid, char *err, size_t errlen)
{
	struct group gr, *res = NULL;
	char buf[4096];
	int ret;

	if (group == NULL || *group == '\0') {
		*gid = 0;
		return 0;
	}
	ret = getgrnam_r(group, &gr, buf, sizeof(buf), &res);
	if (res == NULL) {
		snprintf(err, errlen, "control socket group \"%s\": %s", group,
		    ret ? strerror(ret) : "no such group");
		return ret ? -ret : -ENOENT;
	}
	*gid = gr.gr_gid;
	return 0;
}

int
ctl_set_group(struct ctl *c, const char *group, char *err, size_t errlen)
{
	gid_t gid;
	int ret;

	ret = ctl_group_id(group, &gid, err, errlen);
	if (ret < 0)
		return ret;
	if (chown(c->ct_path, geteuid(), gid) < 0 ||
	    chmod(c->ct_path, 0660) < 0) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", c->ct_path, strerror(-ret));
		return ret;
	}
	return 0;
}

/*
 * A socket file left by a daemon that died is removed; one that accepts
 * connections belongs to a running daemon and is left alone.
 */
static int
ctl_clear_stale(const struct sockaddr_un *sun, char *err, size_t errlen)
{
	struct stat st;
	int fd, ret;

	if (lstat(sun->sun_path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		ret = -errno;
		snprintf(err, errlen, "%s: %s", sun->sun_path, strerror(-ret));
		return ret;
	}
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, errlen, "%s exists and is not a socket",
		    sun->sun_path);
		return -EEXIST;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "socket: %s", strerror(-ret));
		return ret;
	}
	ret = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	close(fd);
	if (ret == 0) {
		snprintf(err, errlen, "%s is in use: is another sakerd running?",
		    sun->sun_path);
		return -EADDRINUSE;
	}
	if (errno != ECONNREFUSED && errno != ENOENT) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", sun->sun_path, strerror(-ret));
		return ret;
	}
	log_msg(IKE_LOG_INFO, "ctl", NULL, "removing stale socket %s",
	    sun->sun_path);
	if (unlink(sun->sun_path) < 0 && errno != ENOENT) {
		ret = -errno;
		snprintf(err, errlen, "unlink %s: %s", sun->sun_path,
		    strerror(-ret));
		return ret;
	}
	return 0;
}

/* Creates the socket's directory (one level, like /run/saker). */
static int
ctl_make_dir(const char *path, char *err, size_t errlen)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int ret;

	snprintf(dir, sizeof(dir), "%s", path);
	dirname(dir);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		ret = -errno;
		snprintf(err, errlen, "mkdir %s: %s", dir, strerror(-ret));
		return ret;
	}
	return 0;
}

/* The refusals and disconnections for room not yet told, in one line. */
static void
ctl_report(struct loop *l, struct loop_timer *t, void *ctx)
{
	struct ctl *c = ctx;

	(void)t;
	if (c->ct_refused == 0 && c->ct_evicted == 0)
		return;		/* quiet again: the next is told at once */
	log_msg(IKE_LOG_WARN, "ctl", NULL, "control socket full: %" PRIu64
	    " clients refused, %" PRIu64 " waiting ones disconnected for room "
	    "in the last %u s", c->ct_refused, c->ct_evicted,
	    (c->ct_report_ms + 999) / 1000);
	c->ct_refused = c->ct_evicted = 0;
	loop_timer_set(l, &c->ct_report, loop_now() + c->ct_report_ms);
}

/*
 * Counts a refusal (or a disconnection for room): the first in a while is
 * logged at once as what says, the others told by ctl_report().
 */
static void
ctl_full(struct ctl *c, uint64_t *counter, const char *what)
{
	if (loop_timer_armed(&c->ct_report)) {
		(*counter)++;
		return;
	}
	log_msg(IKE_LOG_WARN, "ctl", NULL, "control socket full (%zu clients): "
	    "%s; more are counted for %u s", c->ct_n, what,
	    (c->ct_report_ms + 999) / 1000);
	loop_timer_set(c->ct_loop, &c->ct_report, loop_now() + c->ct_report_ms);
}

/* Accepted but over the limit: say why, without blocking, and hang up. */
static void
ctl_refuse(struct ctl *c, int fd, uid_t uid)
{
	char *line, what[64];
	size_t len;

	line = ctl_reply_error("too many control clients", &len);
	if (line != NULL && send(fd, line, len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		log_msg(IKE_LOG_DEBUG, "ctl", NULL, "refused client: %s",
		    strerror(errno));
	free(line);
	close(fd);
	snprintf(what, sizeof(what), "refused a client of uid %d", (int)uid);
	ctl_full(c, &c->ct_refused, what);
}

static void
ctl_client_free(struct ctl_client *cl)
{
	struct ctl *c = cl->c_ctl;
	size_t i;

	for (i = 0; i < c->ct_n; i++) {
		if (c->ct_clients[i] == cl) {
			c->ct_clients[i] = c->ct_clients[--c->ct_n];
			break;
		}
	}
	loop_timer_cancel(c->ct_loop, &cl->c_deadline);
	loop_del_fd(c->ct_loop, cl->c_fd);
	close(cl->c_fd);
	ctl_lines_free(&cl->c_in);
	free(cl->c_out);
	log_msg(IKE_LOG_DEBUG, "ctl", NULL, "client %u gone", cl->c_id);
	free(cl);
}

static void
ctl_client_late(struct loop *l, struct loop_timer *t, void *ctx)
{
	struct ctl_client *cl = ctx;

	(void)l;
	(void)t;
	log_msg(IKE_LOG_DEBUG, "ctl", NULL, "client %u %s, disconnecting",
	    cl->c_id, cl->c_partial ? "too slow with its request" :
	    cl->c_waiting ? "idle" : "not reading its replies");
	ctl_client_free(cl);
}

/*
 * Sets cl's deadline from what it is doing (see the top of the file);
 * served is how many requests it had been answered before this wake-up.
 */
static void
ctl_client_deadline(struct ctl_client *cl, uint64_t now, unsigned served)
{
	struct ctl *c = cl->c_ctl;
	int partial, waiting;
	uint64_t due;

	partial = ctl_lines_pending(&cl->c_in) > 0 &&
	    !ctl_lines_ready(&cl->c_in);
	waiting = !partial && cl->c_outoff == cl->c_outlen;
	if (partial) {
		if (!cl->c_partial || cl->c_requests != served)
			cl->c_since = now;	/* a new line began */
		due = cl->c_since + c->ct_request_ms;
	} else if (!waiting) {
		due = now + c->ct_request_ms;
	} else {
		if (!cl->c_waiting)
			cl->c_since = now;
		due = cl->c_since + (cl->c_requests > 0 ? c->ct_idle_ms :
		    c->ct_request_ms);
	}
	cl->c_partial = partial;
	cl->c_waiting = waiting;
	loop_timer_set(c->ct_loop, &cl->c_deadline, due);
}

/* 1 when cl sent bytes not read yet: it is not waiting, whatever it
 * looked like when last read. */
static int
ctl_client_unread(const struct ctl_client *cl)
{
	char c;

	return recv(cl->c_fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

/*
 * Room for a client of uid: a free slot (one of the root_slots only for
 * uid 0), or the one of the client that has waited longest for its next
 * request, disconnected (root's only for root, others' first).  -1 when
 * every client that could make room is busy with a request.
 */
static int
ctl_make_room(struct ctl *c, uid_t uid)
{
	struct ctl_client *cl, *old = NULL;
	char what[96];
	size_t i;

	if (c->ct_n < c->ct_max + (uid == 0 ? c->ct_root_slots : 0))
		return 0;
	for (i = 0; i < c->ct_n; i++) {
		cl = c->ct_clients[i];
		if (!cl->c_waiting || (cl->c_uid == 0 && uid != 0) ||
		    ctl_client_unread(cl))
			continue;
		if (old == NULL || (old->c_uid == 0 && cl->c_uid != 0) ||
		    ((old->c_uid == 0) == (cl->c_uid == 0) &&
		    cl->c_since < old->c_since))
			old = cl;
	}
	if (old == NULL)
		return -1;
	snprintf(what, sizeof(what), "disconnected client %u of uid %d, "
	    "waiting the longest, for one of uid %d", old->c_id,
	    (int)old->c_uid, (int)uid);
	ctl_full(c, &c->ct_evicted, what);
	ctl_client_free(old);
	return 0;
}

static void
ctl_accept(struct loop *l, int lfd, uint32_t events, void *ctx)
{
	struct ctl *c = ctx;
	struct ctl_client *cl;
	struct ucred cred;
	socklen_t sl;
	uid_t uid;
	pid_t pid;
	int fd, i;

	(void)events;
	for (i = 0; i < CTL_ACCEPT_BUDGET; i++) {
		fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR && errno != ECONNABORTED)
				log_msg(IKE_LOG_WARN, "ctl", NULL, "accept: %s",
				    strerror(errno));
			return;
		}
		/* Unknown credentials are nobody's, and never root's. */
		uid = (uid_t)-1;
		pid = 0;
		sl = sizeof(cred);
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &sl) == 0) {
			uid = cred.uid;
			pid = cred.pid;
		}
		if (ctl_make_room(c, uid) < 0) {
			ctl_refuse(c, fd, uid);
			continue;
		}
		cl = calloc(1, sizeof(*cl));
		if (cl == NULL) {
			close(fd);
			continue;
		}
		cl->c_ctl = c;
		cl->c_fd = fd;
		cl->c_id = ++c->ct_next_id;
		cl->c_uid = uid;
		cl->c_pid = pid;
		ctl_lines_init(&cl->c_in, CTL_REQUEST_MAX);
		loop_timer_init(&cl->c_deadline, ctl_client_late, cl);
		cl->c_events = EPOLLIN;
		if (loop_add_fd(l, fd, EPOLLIN, ctl_client_io, cl) < 0) {
			close(fd);
			free(cl);
			continue;
		}
		c->ct_clients[c->ct_n++] = cl;
		ctl_client_deadline(cl, loop_now(), 0);
		log_msg(IKE_LOG_DEBUG, "ctl", NULL, "client %u (uid %u pid %d)",
		    cl->c_id, (unsigned)cl->c_uid, (int)cl->c_pid);
	}
}

/* Queues one reply line (taking it over); -1 when the client must go. */
static int
ctl_queue(struct ctl_client *cl, char *line, size_t len)
{
	size_t pending = cl->c_outlen - cl->c_outoff, cap;
	char *n;

	if (line == NULL)
		return -1;
	if (pending + len > CTL_OUT_MAX) {
		free(line);
		return -1;
	}
	if (cl->c_outoff > 0) {
		memmove(cl->c_out, cl->c_out + cl->c_outoff, pending);
		cl->c_outoff = 0;
		cl->c_outlen = pending;
	}
	if (cl->c_outlen + len > cl->c_outcap) {
		cap = cl->c_outcap ? cl->c_outcap : 4096;
		while (cap < cl->c_outlen + len)
			cap *= 2;
		n = realloc(cl->c_out, cap);
		if (n == NULL) {
			free(line);
			return -1;
		}
		cl->c_out = n;
		cl->c_outcap = cap;
	}
	memcpy(cl->c_out + cl->c_outlen, line, len);
	cl->c_outlen += len;
	free(line);
	return 0;
}

static int
ctl_reply_err(struct ctl_client *cl, const char *msg)
{
	size_t len;
	char *line = ctl_reply_error(msg, &len);

	return ctl_queue(cl, line, len);
}

/* Validates and runs one request line, queueing its reply. */
static int
ctl_request(struct ctl_client *cl, const char *line, size_t len)
{
	struct ctl *c = cl->c_ctl;
	struct ctl_request req;
	char err[512], *out;
	json_t *res;
	size_t olen;

	cl->c_requests++;
	if (ctl_request_parse(line, len, &req, err, sizeof(err)) < 0) {
		log_msg(IKE_LOG_DEBUG, "ctl", NULL, "client %u: bad request: %s",
		    cl->c_id, err);
		return ctl_reply_err(cl, err);
	}
	log_msg(ctl_verb(req.cmd)->quiet ? IKE_LOG_DEBUG : IKE_LOG_INFO, "ctl",
	    NULL, "%s%s%s%s by uid %u", ctl_cmd_name(req.cmd),
	    req.name[0] || req.level[0] ? " " : "", req.name, req.level,
	    (unsigned)cl->c_uid);
	err[0] = '\0';
	res = c->ct_fn(c->ct_ctx, &req, err, sizeof(err));
	if (res == NULL)
		return ctl_reply_err(cl, err[0] ? err : "failed");
	out = ctl_reply_ok(res, &olen);
	if (out == NULL)
		return ctl_reply_err(cl, "out of memory");
	return ctl_queue(cl, out, olen);
}

/* Writes what is queued; -1 on a write error. */
static int
ctl_flush(struct ctl_client *cl)
{
	ssize_t n;

	while (cl->c_outoff < cl->c_outlen) {
		n = send(cl->c_fd, cl->c_out + cl->c_outoff,
		    cl->c_outlen - cl->c_outoff, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -1;
		}
		cl->c_outoff += (size_t)n;
	}
	cl->c_outoff = cl->c_outlen = 0;
	return 0;
}

/* Answers the complete lines buffered, as long as output may grow. */
static int
ctl_process(struct ctl_client *cl)
{
	char *line, msg[64];
	size_t len;
	int r;

	while (!cl->c_closing && cl->c_outlen - cl->c_outoff < CTL_OUT_HIGH) {
		r = ctl_lines_next(&cl->c_in, &line, &len);
		if (r == 0)
			break;
		if (r < 0) {
			snprintf(msg, sizeof(msg), "request longer than %d bytes",
			    CTL_REQUEST_MAX);
			cl->c_closing = 1;
			return ctl_reply_err(cl, msg);
		}
		if (ctl_request(cl, line, len) < 0)
			return -1;
	}
	return 0;
}

static void
ctl_client_io(struct loop *l, int fd, uint32_t events, void *ctx)
{
	struct ctl_client *cl = ctx;
	char buf[CTL_READ_CHUNK];
	size_t budget = CTL_READ_BUDGET;
	unsigned served = cl->c_requests;
	uint32_t want;
	ssize_t n;

	if (events & EPOLLOUT) {
		if (ctl_flush(cl) < 0)
			goto drop;
	}
	while ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && !cl->c_eof &&
	    !cl->c_closing && budget > 0 &&
	    cl->c_outlen - cl->c_outoff < CTL_OUT_HIGH) {
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			goto drop;
		}
		if (n == 0) {
			/* A last request without its newline still counts. */
			cl->c_eof = 1;
			if (ctl_lines_pending(&cl->c_in) > 0 &&
			    ctl_lines_feed(&cl->c_in, "\n", 1) < 0)
				goto drop;
			break;
		}
		budget -= (size_t)n < budget ? (size_t)n : budget;
		if (ctl_lines_feed(&cl->c_in, buf, (size_t)n) < 0)
			goto drop;
		if (ctl_process(cl) < 0)
			goto drop;
	}
	/* Lines held back while the output was full go out as it drains. */
	for (;;) {
		if (ctl_process(cl) < 0 || ctl_flush(cl) < 0)
			goto drop;
		if (cl->c_outoff < cl->c_outlen || cl->c_closing ||
		    !ctl_lines_ready(&cl->c_in))
			break;
	}
	if (cl->c_outoff == cl->c_outlen && (cl->c_closing || cl->c_eof))
		goto drop;
	ctl_client_deadline(cl, loop_now(), served);
	want = cl->c_outoff < cl->c_outlen ? EPOLLOUT : 0;
	if (!cl->c_eof && !cl->c_closing &&
	    cl->c_outlen - cl->c_outoff < CTL_OUT_HIGH)
		want |= EPOLLIN;
	if (want != cl->c_events) {
		cl->c_events = want;
		loop_mod_fd(l, fd, want);
	}
	return;
drop:
	ctl_client_free(cl);
}

int
ctl_new(struct loop *loop, const struct ctl_cfg *cfg, ctl_handler_fn fn,
    void *ctx, struct ctl **out, char *err, size_t errlen)
{
	struct sockaddr_un sun;
	const char *path = cfg->path ? cfg->path : CTL_SOCKET_DEFAULT;
	struct ctl *c;
	mode_t old;
	int ret;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path) || *path == '\0') {
		snprintf(err, errlen, "control socket path too long or empty");
		return -ENAMETOOLONG;
	}
	memcpy(sun.sun_path, path, strlen(path));
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return -ENOMEM;
	c->ct_fd = -1;
	c->ct_loop = loop;
	c->ct_fn = fn;
	c->ct_ctx = ctx;
	c->ct_max = cfg->max_clients ? cfg->max_clients : 16;
	c->ct_root_slots = cfg->root_slots;
	c->ct_idle_ms = cfg->idle_ms ? cfg->idle_ms : 60000;
	c->ct_request_ms = cfg->request_ms ? cfg->request_ms : 5000;
	c->ct_report_ms = cfg->report_ms ? cfg->report_ms : 10000;
	loop_timer_init(&c->ct_report, ctl_report, c);
	snprintf(c->ct_path, sizeof(c->ct_path), "%s", path);
	c->ct_clients = calloc(c->ct_max + c->ct_root_slots,
	    sizeof(*c->ct_clients));
	if (c->ct_clients == NULL) {
		ret = -ENOMEM;
		goto fail;
	}
	if ((ret = ctl_make_dir(path, err, errlen)) < 0 ||
	    (ret = ctl_clear_stale(&sun, err, errlen)) < 0)
		goto fail;
	c->ct_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->ct_fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "socket: %s", strerror(-ret));
		goto fail;
	}
	/* Born 0600, so nobody connects before the group is set. */
	old = umask(0177);
	ret = bind(c->ct_fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (ret < 0) {
		ret = -errno;
		snprintf(err, errlen, "bind %s: %s", path, strerror(-ret));
		goto fail;
	}
	if ((ret = ctl_set_group(c, cfg->group, err, errlen)) < 0)
		goto fail_unlink;
	if (listen(c->ct_fd, CTL_BACKLOG) < 0) {
		ret = -errno;
		snprintf(err, errlen, "listen %s: %s", path, strerror(-ret));
		goto fail_unlink;
	}
	ret = loop_add_fd(loop, c->ct_fd, EPOLLIN, ctl_accept, c);
	if (ret < 0) {
		snprintf(err, errlen, "epoll: %s", strerror(-ret));
		goto fail_unlink;
	}
	*out = c;
	return 0;
fail_unlink:
	unlink(path);
fail:
	if (c->ct_fd >= 0)
		close(c->ct_fd);
	free(c->ct_clients);
	free(c);
	return ret;
}

void
ctl_free(struct ctl *c)
{
	if (c == NULL)
		return;
	while (c->ct_n > 0)
		ctl_client_free(c->ct_clients[0]);
	ctl_report(c->ct_loop, &c->ct_report, c);	/* what is left to tell */
	loop_timer_cancel(c->ct_loop, &c->ct_report);
	loop_del_fd(c->ct_loop, c->ct_fd);
	close(c->ct_fd);
	unlink(c->ct_path);
	free(c->ct_clients);
	free(c);
}
