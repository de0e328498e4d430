/* SPDX-License-Identifier: ISC */
/*
 * test_loop.c - the event loop: timer order, cancel and re-arm, the heap
 * under many random timers, descriptor callbacks, removal of a descriptor
 * whose event is already in the batch, and signals through the signalfd.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "check_main.h"
#include "daemon/loop.h"

struct rec {
	int	order[64];
	int	n;
};

struct tmr {
	struct loop_timer t;
	struct rec	*rec;
	int		 id;
};

static void
tmr_fire(struct loop *l, struct loop_timer *t, void *ctx)
{
	struct tmr *m = ctx;

	(void)l;
	(void)t;
	if (m->rec->n < 64)
		m->rec->order[m->rec->n++] = m->id;
}

START_TEST(test_timer_order)
{
	struct loop *l;
	struct rec rec = { .n = 0 };
	struct tmr m[4];
	uint64_t now = loop_now();
	int i;

	ck_assert_int_eq(loop_new(&l), 0);
	for (i = 0; i < 4; i++) {
		m[i].rec = &rec;
		m[i].id = i;
		loop_timer_init(&m[i].t, tmr_fire, &m[i]);
		ck_assert(!loop_timer_armed(&m[i].t));
	}
	ck_assert_uint_eq(loop_next_due(l), UINT64_MAX);
	loop_timer_set(l, &m[0].t, now + 30);
	loop_timer_set(l, &m[1].t, now + 10);
	loop_timer_set(l, &m[2].t, now + 20);
	loop_timer_set(l, &m[3].t, now + 5);
	ck_assert_uint_eq(loop_next_due(l), now + 5);
	/* Cancel one, move another later than all. */
	loop_timer_cancel(l, &m[2].t);
	ck_assert(!loop_timer_armed(&m[2].t));
	loop_timer_set(l, &m[3].t, now + 40);
	ck_assert_uint_eq(loop_next_due(l), now + 10);
	while (loop_next_due(l) != UINT64_MAX)
		ck_assert_int_eq(loop_run_once(l, 100), 0);
	ck_assert_int_eq(rec.n, 3);
	ck_assert_int_eq(rec.order[0], 1);
	ck_assert_int_eq(rec.order[1], 0);
	ck_assert_int_eq(rec.order[2], 3);
	ck_assert_uint_ge(loop_now(), now + 40);
	loop_free(l);
}
END_TEST

/* Random arms and cancels; the heap must pop in order of due time. */
START_TEST(test_timer_heap)
{
	enum { N = 500 };
	static struct loop_timer t[N];
	struct loop *l;
	uint64_t last = 0;
	int i, armed = 0;

	srand(7);
	ck_assert_int_eq(loop_new(&l), 0);
	for (i = 0; i < N; i++) {
		loop_timer_init(&t[i], NULL, NULL);
		loop_timer_set(l, &t[i], (uint64_t)(rand() % 1000) + 1000000);
	}
	for (i = 0; i < N; i += 3)
		loop_timer_cancel(l, &t[i]);
	for (i = 1; i < N; i += 5)
		loop_timer_set(l, &t[i], (uint64_t)(rand() % 1000) + 1000000);
	for (i = 0; i < N; i++)
		armed += loop_timer_armed(&t[i]);
	/* Pop by cancelling the earliest, checking the order. */
	while (loop_next_due(l) != UINT64_MAX) {
		uint64_t due = loop_next_due(l);
		struct loop_timer *first = NULL;
		ck_assert_uint_ge(due, last);
		last = due;
		for (i = 0; i < N; i++) {
			if (loop_timer_armed(&t[i]) && t[i].t_due == due) {
				first = &t[i];
				break;
			}
		}
		ck_assert_ptr_nonnull(first);
		loop_timer_cancel(l, first);
		armed--;
	}
	ck_assert_int_eq(armed, 0);
	loop_free(l);
}
END_TEST

struct fdrec {
	struct loop	*l;
	int		 calls[2];
	int		 fds[2];
};

/* The first readable descriptor removes the other one. */
static void
fd_cb(struct loop *l, int fd, uint32_t ev, void *ctx)
{
	struct fdrec *r = ctx;
	char c;
	int me = fd == r->fds[0] ? 0 : 1;

	ck_assert(ev & EPOLLIN);
	ck_assert_int_eq(read(fd, &c, 1), 1);
	r->calls[me]++;
	ck_assert_int_eq(loop_del_fd(l, r->fds[!me]), 0);
}

START_TEST(test_fd_removed_in_batch)
{
	struct fdrec r = { .calls = { 0, 0 } };
	int a[2], b[2];

	ck_assert_int_eq(loop_new(&r.l), 0);
	ck_assert_int_eq(pipe(a), 0);
	ck_assert_int_eq(pipe(b), 0);
	r.fds[0] = a[0];
	r.fds[1] = b[0];
	ck_assert_int_eq(loop_add_fd(r.l, a[0], EPOLLIN, fd_cb, &r), 0);
	ck_assert_int_eq(loop_add_fd(r.l, b[0], EPOLLIN, fd_cb, &r), 0);
	ck_assert_int_eq(loop_add_fd(r.l, b[0], EPOLLIN, fd_cb, &r), -EEXIST);
	/* Both readable: one epoll batch holds both events. */
	ck_assert_int_eq(write(a[1], "x", 1), 1);
	ck_assert_int_eq(write(b[1], "y", 1), 1);
	ck_assert_int_eq(loop_run_once(r.l, 1000), 0);
	ck_assert_int_eq(r.calls[0] + r.calls[1], 1);
	ck_assert_int_eq(loop_mod_fd(r.l, r.fds[r.calls[0] ? 1 : 0], EPOLLIN),
	    -ENOENT);
	ck_assert_int_eq(loop_del_fd(r.l, 12345), -ENOENT);
	loop_free(r.l);
	close(a[0]); close(a[1]); close(b[0]); close(b[1]);
}
END_TEST

struct sigrec {
	int	hup, term;
};

static void
sig_cb(struct loop *l, int signo, void *ctx)
{
	struct sigrec *s = ctx;

	if (signo == SIGHUP)
		s->hup++;
	if (signo == SIGTERM) {
		s->term++;
		loop_stop(l);
	}
}

START_TEST(test_signals)
{
	struct sigrec s = { 0, 0 };
	struct loop *l;

	ck_assert_int_eq(loop_new(&l), 0);
	ck_assert_int_eq(loop_signals(l, sig_cb, &s), 0);
	kill(getpid(), SIGHUP);
	ck_assert_int_eq(loop_run_once(l, 1000), 0);
	ck_assert_int_eq(s.hup, 1);
	kill(getpid(), SIGTERM);
	ck_assert_int_eq(loop_run(l), 0);
	ck_assert_int_eq(s.term, 1);
	loop_free(l);
}
END_TEST

static void
rearm_cb(struct loop *l, struct loop_timer *t, void *ctx)
{
	int *n = ctx;

	if (++*n < 3)
		loop_timer_set(l, t, loop_now());
	else
		loop_stop(l);
}

/* A timer that re-arms itself for "now" does not starve the loop. */
START_TEST(test_timer_rearm)
{
	struct loop_timer t;
	struct loop *l;
	int n = 0;

	ck_assert_int_eq(loop_new(&l), 0);
	loop_timer_init(&t, rearm_cb, &n);
	loop_timer_set(l, &t, loop_now());
	ck_assert_int_eq(loop_run(l), 0);
	ck_assert_int_eq(n, 3);
	loop_free(l);
}
END_TEST

struct owned {
	struct loop_timer	 t;
	int			*fired;
};

static void
free_cb(struct loop *l, struct loop_timer *t, void *ctx)
{
	struct owned *o = ctx;

	(void)l;
	(void)t;
	(*o->fired)++;
	free(o);
}

/* A callback may free the struct its timer lives in (ASan checks). */
START_TEST(test_timer_freed_in_cb)
{
	struct loop *l;
	int fired = 0, i;

	ck_assert_int_eq(loop_new(&l), 0);
	for (i = 0; i < 3; i++) {
		struct owned *o = malloc(sizeof(*o));
		o->fired = &fired;
		loop_timer_init(&o->t, free_cb, o);
		loop_timer_set(l, &o->t, loop_now());
	}
	ck_assert_int_eq(loop_run_once(l, 0), 0);
	ck_assert_int_eq(fired, 3);
	ck_assert_uint_eq(loop_next_due(l), UINT64_MAX);
	loop_free(l);
}
END_TEST

static Suite *
loop_suite(void)
{
	Suite *s = suite_create("loop");
	TCase *tc = tcase_create("loop");

	tcase_add_test(tc, test_timer_order);
	tcase_add_test(tc, test_timer_heap);
	tcase_add_test(tc, test_fd_removed_in_batch);
	tcase_add_test(tc, test_signals);
	tcase_add_test(tc, test_timer_rearm);
	tcase_add_test(tc, test_timer_freed_in_cb);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(loop_suite)
