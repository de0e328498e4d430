/* SPDX-License-Identifier: ISC */
/*
 * ctl_proto.h - the control protocol between sakerctl and sakerd: JSON
 * objects, one per line.  A request is {"cmd": "...", "args": {...}}, a
 * reply {"ok": true, "result": ...} or {"ok": false, "error": "..."}.
 * This module validates requests strictly (known commands, argument types,
 * lengths and character sets, no unknown keys, at most CTL_REQUEST_MAX
 * bytes a line) and frames lines on a byte stream.  Linked into both
 * sakerd and sakerctl; JSON is parsed and written by jansson.
 */
#ifndef SAKER_DAEMON_CTL_PROTO_H
#define SAKER_DAEMON_CTL_PROTO_H

#include <jansson.h>
#include <stddef.h>

#include "ike.h"

#define CTL_REQUEST_MAX		(64 * 1024)	/* one request line */
#define CTL_REPLY_MAX		(16 * 1024 * 1024) /* one reply line */
#define CTL_NAME_MAX		63		/* connection names */
#define CTL_SOCKET_DEFAULT	"/run/saker/sakerd.sock"

/* The control commands; sakerd's handler switches on them. */
enum ctl_cmd {
	CTL_STATUS,
	CTL_LIST_CONNS,
	CTL_LIST_SAS,
	CTL_UP,
	CTL_DOWN,
	CTL_RELOAD,
	CTL_LOG_LEVEL,
	CTL_LEASES,
	CTL_LIST_CERTS,
	CTL_NCMDS
};

/* The one argument a command takes, if any. */
enum ctl_args {
	CTL_ARGS_NONE,
	CTL_ARGS_NAME,		/* a connection or child: "NAME" */
	CTL_ARGS_LEVEL,		/* a log level: "LEVEL" */
};

/* The options a verb takes on sakerctl's command line. */
#define CTL_OPT_SOCKET	0x01	/* --socket PATH */
#define CTL_OPT_JSON	0x02	/* --json: print the daemon's JSON */

/*
 * A control verb: the request's "cmd" and sakerctl's word for it, its
 * argument, its options, sakerctl's line of help, and whether sakerd logs
 * it at debug level (it only reads) rather than at info.  The one table
 * of them, indexed by enum ctl_cmd, is what the protocol validates, what
 * sakerctl offers and what its usage and help print.
 */
struct ctl_verb {
	const char	*name;
	enum ctl_args	 args;
	unsigned	 opts;		/* CTL_OPT_* */
	int		 quiet;
	const char	*help;
};

struct ctl_request {
	enum ctl_cmd	cmd;
	char		name[CTL_NAME_MAX + 1];	/* CTL_ARGS_NAME */
	char		level[8];		/* CTL_ARGS_LEVEL */
};

/* The verb of cmd; NULL for an unknown value. */
const struct ctl_verb *ctl_verb(enum ctl_cmd);
/* "status", "list-conns", ...; NULL for an unknown value. */
const char *ctl_cmd_name(enum ctl_cmd);
/* 0 and *out, or IKE_ENOENT. */
int	ctl_cmd_lookup(const char *name, enum ctl_cmd *out);
/* How usage lines show an argument: "NAME", "LEVEL", or "" for none. */
const char *ctl_args_usage(enum ctl_args);

/*
 * Parses and validates one request line (without its newline) into *req.
 * Returns 0, or IKE_EMALFORMED with the reason in err (a message meant for
 * the client; it never echoes more than a short, escaped part of the input).
 */
int	ctl_request_parse(const char *line, size_t len, struct ctl_request *req,
	    char *err, size_t errlen);
/* Checks req's fields as ctl_request_parse() would; 0 or IKE_EINVAL. */
int	ctl_request_check(const struct ctl_request *req, char *err, size_t errlen);
/* The request as one line with its newline, malloc'ed (caller frees), or
 * NULL when out of memory or req is invalid. */
char	*ctl_request_build(const struct ctl_request *req, size_t *len);

/* {"ok":true,"result":result} + newline; takes result over (NULL: null).
 * NULL when out of memory. */
char	*ctl_reply_ok(json_t *result, size_t *len);
/* {"ok":false,"error":msg} + newline; msg is escaped where needed. */
char	*ctl_reply_error(const char *msg, size_t *len);
/*
 * Parses one reply line.  Returns 0 with *result (caller json_decref()s)
 * for ok:true; 1 with the daemon's error text in err for ok:false;
 * IKE_EMALFORMED with the reason in err for anything else.
 */
int	ctl_reply_parse(const char *line, size_t len, json_t **result,
	    char *err, size_t errlen);

/* A JSON string for text that may hold any bytes (invalid UTF-8 and control
 * bytes escaped as \xNN); never NULL unless out of memory. */
json_t	*ctl_json_text(const char *text);

/*
 * Line framing on a stream.  Lines end in "\n" (a "\r" before it is
 * dropped); empty lines are skipped.  A line longer than max is an error:
 * ctl_lines_next() returns IKE_ENOSPC once and the stream is then unusable.
 */
struct ctl_lines {
	char	*l_buf;
	size_t	 l_start, l_end, l_cap, l_max;
	size_t	 l_scan;	/* bytes from l_start known to hold no '\n' */
	int	 l_overflow;
};
void	ctl_lines_init(struct ctl_lines *, size_t max);
void	ctl_lines_free(struct ctl_lines *);
/* Appends bytes read from the stream; 0, IKE_ENOMEM, or IKE_ENOSPC after an
 * overflow. */
int	ctl_lines_feed(struct ctl_lines *, const void *data, size_t len);
/* 1 with the next line (NUL-terminated, valid until the next call), 0 when
 * no complete line is buffered, IKE_ENOSPC when a line is too long. */
int	ctl_lines_next(struct ctl_lines *, char **line, size_t *len);
/* 1 when ctl_lines_next() has a line or an overflow to report. */
int	ctl_lines_ready(const struct ctl_lines *);
/* Bytes buffered that are not yet part of a returned line. */
size_t	ctl_lines_pending(const struct ctl_lines *);

#endif /* SAKER_DAEMON_CTL_PROTO_H */
