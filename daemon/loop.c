/* SPDX-License-Identifier: ISC */
/*
 * loop.c - the epoll loop, its timer heap and its signalfd.
 *
 * Descriptors are kept in a table indexed by fd; each registration gets a
 * generation number that travels in the epoll event, so an event for a
 * descriptor that a callback earlier in the same batch removed (and maybe
 * re-added) is recognised as stale and skipped.  Timers form a binary
 * min-heap of pointers into their owners' structs; each timer knows its
 * heap index, so cancel and re-arm are O(log n).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "daemon/loop.h"

#define LOOP_BATCH	32

struct loop_fd {
	loop_fd_cb	 f_cb;
	void		*f_ctx;
	uint32_t	 f_gen;		/* 0: not registered */
};

struct loop {
	int		  l_epfd;
	int		  l_sigfd;
	int		  l_stop;
	uint32_t	  l_gen;
	uint64_t	  l_round;	/* loop_run_timers() calls */
	struct loop_fd	 *l_fds;
	size_t		  l_nfds;
	struct loop_timer **l_heap;
	size_t		  l_nheap, l_capheap;
	loop_signal_cb	  l_sigcb;
	void		 *l_sigctx;
};

uint64_t
loop_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int
loop_new(struct loop **out)
{
	struct loop *l;

	l = calloc(1, sizeof(*l));
	if (l == NULL)
		return -ENOMEM;
	l->l_sigfd = -1;
	l->l_epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->l_epfd < 0) {
		int ret = -errno;
		free(l);
		return ret;
	}
	*out = l;
	return 0;
}

void
loop_free(struct loop *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->l_nheap; i++)
		l->l_heap[i]->t_idx = SIZE_MAX;
	if (l->l_sigfd >= 0)
		close(l->l_sigfd);
	close(l->l_epfd);
	free(l->l_fds);
	free(l->l_heap);
	free(l);
}

static struct loop_fd *
loop_fd_slot(struct loop *l, int fd, int grow)
{
	struct loop_fd *n;
	size_t want;

	if (fd < 0)
		return NULL;
	if ((size_t)fd < l->l_nfds)
		return &l->l_fds[fd];
	if (!grow)
		return NULL;
	want = l->l_nfds ? l->l_nfds : 16;
	while (want <= (size_t)fd)
		want *= 2;
	n = realloc(l->l_fds, want * sizeof(*n));
	if (n == NULL)
		return NULL;
	memset(n + l->l_nfds, 0, (want - l->l_nfds) * sizeof(*n));
	l->l_fds = n;
	l->l_nfds = want;
	return &l->l_fds[fd];
}

int
loop_add_fd(struct loop *l, int fd, uint32_t events, loop_fd_cb cb, void *ctx)
{
	struct epoll_event ev;
	struct loop_fd *f;

	if (fd < 0 || cb == NULL)
		return -EINVAL;
	f = loop_fd_slot(l, fd, 1);
	if (f == NULL)
		return -ENOMEM;
	if (f->f_gen != 0)
		return -EEXIST;
	if (++l->l_gen == 0)
		l->l_gen = 1;
	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.u64 = (uint64_t)l->l_gen << 32 | (uint32_t)fd;
	if (epoll_ctl(l->l_epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	f->f_cb = cb;
	f->f_ctx = ctx;
	f->f_gen = l->l_gen;
	return 0;
}

int
loop_mod_fd(struct loop *l, int fd, uint32_t events)
{
	struct epoll_event ev;
	struct loop_fd *f;

	f = loop_fd_slot(l, fd, 0);
	if (f == NULL || f->f_gen == 0)
		return -ENOENT;
	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.u64 = (uint64_t)f->f_gen << 32 | (uint32_t)fd;
	if (epoll_ctl(l->l_epfd, EPOLL_CTL_MOD, fd, &ev) < 0)
		return -errno;
	return 0;
}

int
loop_del_fd(struct loop *l, int fd)
{
	struct loop_fd *f;

	f = loop_fd_slot(l, fd, 0);
	if (f == NULL || f->f_gen == 0)
		return -ENOENT;
	f->f_gen = 0;
	f->f_cb = NULL;
	f->f_ctx = NULL;
	if (epoll_ctl(l->l_epfd, EPOLL_CTL_DEL, fd, NULL) < 0)
		return -errno;
	return 0;
}

/* Timer heap. */

void
loop_timer_init(struct loop_timer *t, loop_timer_cb cb, void *ctx)
{
	t->t_due = 0;
	t->t_idx = SIZE_MAX;
	t->t_cb = cb;
	t->t_ctx = ctx;
}

int
loop_timer_armed(const struct loop_timer *t)
{
	return t->t_idx != SIZE_MAX;
}

static void
heap_place(struct loop *l, size_t i, struct loop_timer *t)
{
	l->l_heap[i] = t;
	t->t_idx = i;
}

static void
heap_up(struct loop *l, size_t i)
{
	struct loop_timer *t = l->l_heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (l->l_heap[parent]->t_due <= t->t_due)
			break;
		heap_place(l, i, l->l_heap[parent]);
		i = parent;
	}
	heap_place(l, i, t);
}

static void
heap_down(struct loop *l, size_t i)
{
	struct loop_timer *t = l->l_heap[i];

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= l->l_nheap)
			break;
		if (c + 1 < l->l_nheap &&
		    l->l_heap[c + 1]->t_due < l->l_heap[c]->t_due)
			c++;
		if (t->t_due <= l->l_heap[c]->t_due)
			break;
		heap_place(l, i, l->l_heap[c]);
		i = c;
	}
	heap_place(l, i, t);
}

void
loop_timer_cancel(struct loop *l, struct loop_timer *t)
{
	size_t i = t->t_idx;
	struct loop_timer *last;

	if (i == SIZE_MAX || i >= l->l_nheap || l->l_heap[i] != t)
		return;
	t->t_idx = SIZE_MAX;
	last = l->l_heap[--l->l_nheap];
	if (last == t)
		return;
	heap_place(l, i, last);
	heap_down(l, i);
	heap_up(l, last->t_idx);
}

int
loop_timer_set(struct loop *l, struct loop_timer *t, uint64_t due_ms)
{
	struct loop_timer **n;
	size_t cap;

	if (loop_timer_armed(t))
		loop_timer_cancel(l, t);
	if (l->l_nheap == l->l_capheap) {
		cap = l->l_capheap ? 2 * l->l_capheap : 16;
		n = realloc(l->l_heap, cap * sizeof(*n));
		if (n == NULL)
			return -ENOMEM;
		l->l_heap = n;
		l->l_capheap = cap;
	}
	t->t_due = due_ms;
	t->t_round = l->l_round;
	heap_place(l, l->l_nheap++, t);
	heap_up(l, t->t_idx);
	return 0;
}

uint64_t
loop_next_due(const struct loop *l)
{
	return l->l_nheap ? l->l_heap[0]->t_due : UINT64_MAX;
}

static void
loop_run_timers(struct loop *l)
{
	uint64_t now = loop_now();
	struct loop_timer *t;

	/* A callback may arm a timer that is already due; it runs on the next
	 * round, after descriptors had their turn.  The callback may also free
	 * the timer's memory, so only timers still in the heap are looked at. */
	l->l_round++;
	while (l->l_nheap > 0 && l->l_heap[0]->t_due <= now &&
	    l->l_heap[0]->t_round != l->l_round) {
		t = l->l_heap[0];
		loop_timer_cancel(l, t);
		t->t_cb(l, t, t->t_ctx);
		if (l->l_stop)
			break;
	}
}

/* Signals. */

static void
loop_signal_read(struct loop *l, int fd, uint32_t events, void *ctx)
{
	struct signalfd_siginfo si;
	ssize_t n;

	(void)events;
	(void)ctx;
	for (;;) {
		n = read(fd, &si, sizeof(si));
		if (n != (ssize_t)sizeof(si))
			return;
		if (l->l_sigcb != NULL)
			l->l_sigcb(l, (int)si.ssi_signo, l->l_sigctx);
	}
}

int
loop_signals(struct loop *l, loop_signal_cb cb, void *ctx)
{
	sigset_t set;
	int ret;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	if (l->l_sigfd < 0) {
		l->l_sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
		if (l->l_sigfd < 0)
			return -errno;
		ret = loop_add_fd(l, l->l_sigfd, EPOLLIN, loop_signal_read, NULL);
		if (ret < 0) {
			close(l->l_sigfd);
			l->l_sigfd = -1;
			return ret;
		}
	}
	l->l_sigcb = cb;
	l->l_sigctx = ctx;
	return 0;
}

/* Running. */

int
loop_run_once(struct loop *l, int timeout_ms)
{
	struct epoll_event ev[LOOP_BATCH];
	uint64_t due, now;
	int n, i;

	loop_run_timers(l);
	if (l->l_stop)
		return 0;
	due = loop_next_due(l);
	if (due != UINT64_MAX) {
		now = loop_now();
		if (due <= now)
			timeout_ms = 0;
		else if (timeout_ms < 0 || due - now < (uint64_t)timeout_ms)
			timeout_ms = due - now > 86400000 ? 86400000 : (int)(due - now);
	}
	n = epoll_wait(l->l_epfd, ev, LOOP_BATCH, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (i = 0; i < n && !l->l_stop; i++) {
		int fd = (int)(uint32_t)ev[i].data.u64;
		uint32_t gen = (uint32_t)(ev[i].data.u64 >> 32);
		struct loop_fd *f = loop_fd_slot(l, fd, 0);

		if (f == NULL || f->f_gen != gen)
			continue;	/* removed by an earlier callback */
		f->f_cb(l, fd, ev[i].events, f->f_ctx);
	}
	if (!l->l_stop)
		loop_run_timers(l);
	return 0;
}

int
loop_run(struct loop *l)
{
	int ret;

	l->l_stop = 0;
	while (!l->l_stop) {
		ret = loop_run_once(l, -1);
		if (ret < 0)
			return ret;
	}
	return 0;
}

void
loop_stop(struct loop *l)
{
	l->l_stop = 1;
}
