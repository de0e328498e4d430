/* SPDX-License-Identifier: ISC */
/*
 * log.h - sakerd's log: one line per event, to stderr in the foreground and
 * to syslog otherwise, filtered by a level that can change at run time.
 * Lines read "LEVEL SUBSYS [SA] message" (iked style), for example
 * "info ike hq-branch[3] recv IKE_SA_INIT ...".  Control characters in a
 * message (peer IDs are peer-controlled) are escaped so that one event
 * stays one line.  The log is process state: one per daemon.
 */
#ifndef SAKER_DAEMON_LOG_H
#define SAKER_DAEMON_LOG_H

#include <stdarg.h>
#include <stdint.h>

#include "ike.h"

/* Where lines go.  LOG_TO_STDERR_TIME prefixes a wall-clock time. */
enum log_target { LOG_TO_STDERR, LOG_TO_STDERR_TIME, LOG_TO_SYSLOG };

/* Sends lines to target from now on; ident names the program in syslog. */
void	log_open(const char *ident, enum log_target target);
void	log_close(void);

void	log_set_level(enum ike_log_level level);
enum ike_log_level log_get_level(void);
/* 1 when a line of this level would be written. */
int	log_enabled(enum ike_log_level level);

/* "error", "warn", "info", "debug", "trace"; 0 or IKE_EINVAL. */
int	log_level_parse(const char *name, enum ike_log_level *out);
const char *log_level_name(enum ike_log_level level);

/* Writes one line; sa may be NULL. */
void	log_msg(enum ike_log_level level, const char *subsys, const char *sa,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	log_vmsg(enum ike_log_level level, const char *subsys, const char *sa,
	    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

/* The libike hook (ike_log_fn); ctx is unused. */
void	log_ike(void *ctx, enum ike_log_level level, const char *subsys,
	    const char *sa, const char *fmt, va_list ap)
	    __attribute__((format(printf, 5, 0)));

/*
 * Copies src into dst (size len, always NUL-terminated when len > 0) with
 * every byte outside printable ASCII written as \xNN.  Returns the length.
 */
size_t	log_escape(char *dst, size_t len, const char *src);

/*
 * Formats one line as it would be written (without time and newline) into
 * buf; used by the tests and by log_vmsg.  Returns the length written.
 */
size_t	log_format(char *buf, size_t len, enum ike_log_level level,
	    const char *subsys, const char *sa, const char *fmt, va_list ap)
	    __attribute__((format(printf, 6, 0)));

/*
 * Rate limit for drop logs: at most burst lines per interval_ms.  A
 * zero-initialised struct is ready to use.  log_rl_allow() returns 1 when a
 * line may be written; when a new interval starts after lines were held
 * back, *suppressed (if not NULL) receives how many, so that the caller can
 * say so in the line it writes, else 0.
 */
struct log_rl {
	uint64_t	rl_start;	/* ms, monotonic */
	uint32_t	rl_count;
	uint32_t	rl_suppressed;
	int		rl_started;
};
int	log_rl_allow(struct log_rl *rl, uint64_t now_ms, uint32_t burst,
	    uint32_t interval_ms, uint32_t *suppressed);

#endif /* SAKER_DAEMON_LOG_H */
