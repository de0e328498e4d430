/* SPDX-License-Identifier: ISC */
/*
 * log.c - sakerd's log lines: formatting with escaping of control bytes,
 * the level filter, stderr or syslog output, and the rate limiter used by
 * every log line about dropped input.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>

#include "cfg_kw.h"
#include "daemon/log.h"

#define LOG_LINE_MAX	1024

static struct {
	enum log_target		target;
	enum ike_log_level	level;
	int			syslog_open;
} log_state = { LOG_TO_STDERR, IKE_LOG_INFO, 0 };

void
log_open(const char *ident, enum log_target target)
{
	if (log_state.syslog_open && target != LOG_TO_SYSLOG) {
		closelog();
		log_state.syslog_open = 0;
	}
	if (target == LOG_TO_SYSLOG && !log_state.syslog_open) {
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
		log_state.syslog_open = 1;
	}
	log_state.target = target;
}

void
log_close(void)
{
	if (log_state.syslog_open)
		closelog();
	log_state.syslog_open = 0;
	log_state.target = LOG_TO_STDERR;
}

void
log_set_level(enum ike_log_level level)
{
	if (level > IKE_LOG_TRACE)
		level = IKE_LOG_TRACE;
	log_state.level = level;
}

enum ike_log_level
log_get_level(void)
{
	return log_state.level;
}

int
log_enabled(enum ike_log_level level)
{
	return level <= log_state.level;
}

int
log_level_parse(const char *name, enum ike_log_level *out)
{
	const struct cfg_kw_table *t = &cfg_kw_log_level;
	size_t i;

	if (name == NULL)
		return IKE_EINVAL;
	for (i = 0; i < t->n; i++) {
		if (strcasecmp(name, t->kw[i].name) == 0) {
			*out = (enum ike_log_level)t->kw[i].value;
			return 0;
		}
	}
	/* "warning" is what syslog calls it; accept it too. */
	if (strcasecmp(name, "warning") == 0) {
		*out = IKE_LOG_WARN;
		return 0;
	}
	return IKE_EINVAL;
}

const char *
log_level_name(enum ike_log_level level)
{
	const char *name = cfg_kw_name(&cfg_kw_log_level, (int)level);

	return name != NULL ? name : "trace";
}

/*
 * Copies src into dst at *pos, escaping bytes that would break the line or
 * a terminal (controls, DEL, and non-ASCII, which syslog may mangle).
 */
static void
log_put_escaped(char *dst, size_t len, size_t *pos, const char *src)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)src;

	for (; *s != '\0' && *pos + 1 < len; s++) {
		if (*s >= 0x20 && *s < 0x7f) {
			dst[(*pos)++] = (char)*s;
			continue;
		}
		if (*pos + 4 >= len)
			break;
		dst[(*pos)++] = '\\';
		dst[(*pos)++] = 'x';
		dst[(*pos)++] = hex[*s >> 4];
		dst[(*pos)++] = hex[*s & 0xf];
	}
	dst[*pos] = '\0';
}

size_t
log_escape(char *dst, size_t len, const char *src)
{
	size_t pos = 0;

	if (len == 0)
		return 0;
	dst[0] = '\0';
	log_put_escaped(dst, len, &pos, src);
	return pos;
}

size_t
log_format(char *buf, size_t len, enum ike_log_level level,
    const char *subsys, const char *sa, const char *fmt, va_list ap)
{
	char msg[LOG_LINE_MAX];
	size_t pos = 0;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	vsnprintf(msg, sizeof(msg), fmt, ap);
	log_put_escaped(buf, len, &pos, log_level_name(level));
	if (subsys != NULL && *subsys != '\0') {
		log_put_escaped(buf, len, &pos, " ");
		log_put_escaped(buf, len, &pos, subsys);
	}
	if (sa != NULL && *sa != '\0') {
		log_put_escaped(buf, len, &pos, " ");
		log_put_escaped(buf, len, &pos, sa);
	}
	log_put_escaped(buf, len, &pos, " ");
	log_put_escaped(buf, len, &pos, msg);
	return pos;
}

static int
log_syslog_prio(enum ike_log_level level)
{
	switch (level) {
	case IKE_LOG_ERROR:	return LOG_ERR;
	case IKE_LOG_WARN:	return LOG_WARNING;
	case IKE_LOG_INFO:	return LOG_INFO;
	default:		return LOG_DEBUG;
	}
}

void
log_vmsg(enum ike_log_level level, const char *subsys, const char *sa,
    const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	struct timespec ts;
	struct tm tm;

	if (!log_enabled(level))
		return;
	log_format(line, sizeof(line), level, subsys, sa, fmt, ap);
	switch (log_state.target) {
	case LOG_TO_SYSLOG:
		syslog(log_syslog_prio(level), "%s", line);
		break;
	case LOG_TO_STDERR_TIME:
		clock_gettime(CLOCK_REALTIME, &ts);
		localtime_r(&ts.tv_sec, &tm);
		fprintf(stderr, "%02d:%02d:%02d.%03ld %s\n", tm.tm_hour,
		    tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, line);
		break;
	case LOG_TO_STDERR:
		fprintf(stderr, "%s\n", line);
		break;
	}
}

void
log_msg(enum ike_log_level level, const char *subsys, const char *sa,
    const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	log_vmsg(level, subsys, sa, fmt, ap);
	va_end(ap);
}

void
log_ike(void *ctx, enum ike_log_level level, const char *subsys,
    const char *sa, const char *fmt, va_list ap)
{
	(void)ctx;
	log_vmsg(level, subsys, sa, fmt, ap);
}

int
log_rl_allow(struct log_rl *rl, uint64_t now_ms, uint32_t burst,
    uint32_t interval_ms, uint32_t *suppressed)
{
	if (suppressed != NULL)
		*suppressed = 0;
	if (!rl->rl_started || now_ms < rl->rl_start ||
	    now_ms - rl->rl_start >= interval_ms) {
		if (suppressed != NULL)
			*suppressed = rl->rl_suppressed;
		rl->rl_started = 1;
		rl->rl_start = now_ms;
		rl->rl_count = 0;
		rl->rl_suppressed = 0;
	}
	if (rl->rl_count < burst) {
		rl->rl_count++;
		return 1;
	}
	if (rl->rl_suppressed < UINT32_MAX)
		rl->rl_suppressed++;
	return 0;
}
