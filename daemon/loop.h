/* SPDX-License-Identifier: ISC */
/*
 * loop.h - sakerd's one event loop: file descriptors with callbacks
 * (epoll), a heap of timers on the monotonic clock in milliseconds, and
 * the signals that matter to a daemon (SIGTERM/SIGINT to stop, SIGHUP to
 * reload) delivered through a signalfd.  Everything runs on the thread
 * that calls loop_run(); nothing here locks.
 */
#ifndef SAKER_DAEMON_LOOP_H
#define SAKER_DAEMON_LOOP_H

#include <stddef.h>
#include <stdint.h>

struct loop;

/* events are EPOLLIN/EPOLLOUT/EPOLLERR/EPOLLHUP bits. */
typedef void (*loop_fd_cb)(struct loop *, int fd, uint32_t events, void *ctx);

/*
 * A timer lives in its owner's struct; the loop only points at it while
 * it is armed.  Initialise with loop_timer_init() before first use and
 * cancel it before freeing the memory that holds it.
 */
struct loop_timer;
typedef void (*loop_timer_cb)(struct loop *, struct loop_timer *, void *ctx);
struct loop_timer {
	uint64_t	 t_due;		/* ms, monotonic */
	size_t		 t_idx;		/* place in the heap, SIZE_MAX if idle */
	uint64_t	 t_round;	/* timer round it was armed in */
	loop_timer_cb	 t_cb;
	void		*t_ctx;
};

typedef void (*loop_signal_cb)(struct loop *, int signo, void *ctx);

/* Milliseconds of CLOCK_MONOTONIC. */
uint64_t loop_now(void);

/* Returns 0 or a negative errno. */
int	loop_new(struct loop **out);
/* Closes nothing the caller registered; NULL ok. */
void	loop_free(struct loop *);

/* Watches fd for events (EPOLLIN|EPOLLOUT...); -EEXIST if already watched. */
int	loop_add_fd(struct loop *, int fd, uint32_t events, loop_fd_cb cb, void *ctx);
int	loop_mod_fd(struct loop *, int fd, uint32_t events);
/* Stops watching fd (before the caller closes it); safe from any callback. */
int	loop_del_fd(struct loop *, int fd);

void	loop_timer_init(struct loop_timer *, loop_timer_cb cb, void *ctx);
/* Arms or re-arms t to fire at due_ms (monotonic); 0 or -ENOMEM. */
int	loop_timer_set(struct loop *, struct loop_timer *t, uint64_t due_ms);
void	loop_timer_cancel(struct loop *, struct loop_timer *t);
int	loop_timer_armed(const struct loop_timer *t);
/* When the earliest timer is due, UINT64_MAX when none is armed. */
uint64_t loop_next_due(const struct loop *);

/*
 * Blocks SIGTERM, SIGINT and SIGHUP, ignores SIGPIPE, and delivers the
 * three through cb from the loop.  0 or a negative errno.
 */
int	loop_signals(struct loop *, loop_signal_cb cb, void *ctx);

/* Waits at most timeout_ms (-1: until something happens) and runs what is
 * ready: due timers, then ready descriptors.  0 or a negative errno. */
int	loop_run_once(struct loop *, int timeout_ms);
/* Runs until loop_stop(); 0 or a negative errno. */
int	loop_run(struct loop *);
void	loop_stop(struct loop *);

#endif /* SAKER_DAEMON_LOOP_H */
