/* SPDX-License-Identifier: ISC */
/*
 * ctl_proto.c - requests and replies of the control protocol, their
 * validation, and line framing.  Everything that reaches
 * ctl_request_parse() comes from a local socket whose peer may be any
 * member of the control group: it is treated as hostile input, checked
 * field by field, and answered with an error rather than trusted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike.h"
#include "cfg_kw.h"
#include "daemon/ctl_proto.h"
#include "daemon/log.h"

/* Every verb talks to a socket and has JSON to show. */
#define CTL_OPTS	(CTL_OPT_SOCKET | CTL_OPT_JSON)

static const struct ctl_verb ctl_verbs[CTL_NCMDS] = {
/*			   verb		  argument	  options   quiet
 *	    help */
	[CTL_STATUS]	 = { "status",	  CTL_ARGS_NONE,  CTL_OPTS, 1,
	    "the daemon's state and counters" },
	[CTL_LIST_CONNS] = { "list-conns", CTL_ARGS_NONE, CTL_OPTS, 1,
	    "connections loaded, with their last failure" },
	[CTL_LIST_SAS]	 = { "list-sas",  CTL_ARGS_NONE,  CTL_OPTS, 1,
	    "IKE SAs and Child SAs" },
	[CTL_UP]	 = { "up",	  CTL_ARGS_NAME,  CTL_OPTS, 0,
	    "initiate a connection (or one child)" },
	[CTL_DOWN]	 = { "down",	  CTL_ARGS_NAME,  CTL_OPTS, 0,
	    "delete a connection's (or a child's) SAs" },
	[CTL_RELOAD]	 = { "reload",	  CTL_ARGS_NONE,  CTL_OPTS, 0,
	    "re-read the configuration file" },
	[CTL_LOG_LEVEL]	 = { "log-level", CTL_ARGS_LEVEL, CTL_OPTS, 0,
	    "error, warn, info, debug or trace" },
	[CTL_LEASES]	 = { "leases",	  CTL_ARGS_NONE,  CTL_OPTS, 0,
	    "address pools and their leases" },
	[CTL_LIST_CERTS] = { "list-certs", CTL_ARGS_NONE, CTL_OPTS, 1,
	    "certificates and keys loaded, lint findings" },
};

const struct ctl_verb *
ctl_verb(enum ctl_cmd cmd)
{
	if ((unsigned)cmd >= CTL_NCMDS)
		return NULL;
	return &ctl_verbs[cmd];
}

const char *
ctl_cmd_name(enum ctl_cmd cmd)
{
	if ((unsigned)cmd >= CTL_NCMDS)
		return NULL;
	return ctl_verbs[cmd].name;
}

int
ctl_cmd_lookup(const char *name, enum ctl_cmd *out)
{
	size_t i;

	for (i = 0; i < CTL_NCMDS; i++) {
		if (strcmp(name, ctl_verbs[i].name) == 0) {
			*out = (enum ctl_cmd)i;
			return 0;
		}
	}
	return IKE_ENOENT;
}

const char *
ctl_args_usage(enum ctl_args args)
{
	switch (args) {
	case CTL_ARGS_NAME:
		return "NAME";
	case CTL_ARGS_LEVEL:
		return "LEVEL";
	case CTL_ARGS_NONE:
		break;
	}
	return "";
}

/* Quotes at most 32 bytes of untrusted text into a message. */
static const char *
ctl_quote(const char *s, char *buf, size_t len)
{
	char cut[33];
	size_t n;

	for (n = 0; n < sizeof(cut) - 1 && s[n] != '\0'; n++)
		cut[n] = s[n];
	cut[n] = '\0';
	log_escape(buf, len, cut);
	return buf;
}

/* Connection names as the config allows them: printable ASCII, no blanks. */
static int
ctl_name_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > CTL_NAME_MAX)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c >= 0x7f)
			return 0;
	}
	return 1;
}

static int
ctl_level_ok(const char *s)
{
	int level;

	return cfg_kw_value(&cfg_kw_log_level, s, &level) == 0;
}

int
ctl_request_check(const struct ctl_request *req, char *err, size_t errlen)
{
	char q[140], levels[64];

	if ((unsigned)req->cmd >= CTL_NCMDS) {
		snprintf(err, errlen, "unknown command");
		return IKE_EINVAL;
	}
	switch (ctl_verbs[req->cmd].args) {
	case CTL_ARGS_NAME:
		if (!ctl_name_ok(req->name, strnlen(req->name, sizeof(req->name)))) {
			snprintf(err, errlen, "invalid connection name \"%s\"",
			    ctl_quote(req->name, q, sizeof(q)));
			return IKE_EINVAL;
		}
		break;
	case CTL_ARGS_LEVEL:
		if (!ctl_level_ok(req->level)) {
			snprintf(err, errlen, "invalid log level \"%s\" (%s)",
			    ctl_quote(req->level, q, sizeof(q)),
			    cfg_kw_list(&cfg_kw_log_level, levels,
			    sizeof(levels)));
			return IKE_EINVAL;
		}
		break;
	case CTL_ARGS_NONE:
		break;
	}
	return 0;
}

/* The one string argument key of a command, checked and copied to dst. */
static int
ctl_arg_string(json_t *args, const char *cmd, const char *key, char *dst,
    size_t dstlen, char *err, size_t errlen)
{
	const char *k;
	json_t *v;
	char q[140];
	size_t n;

	if (args == NULL) {
		snprintf(err, errlen, "%s needs args.%s", cmd, key);
		return IKE_EMALFORMED;
	}
	json_object_foreach(args, k, v) {
		if (strcmp(k, key) != 0) {
			snprintf(err, errlen, "unknown argument \"%s\" for %s",
			    ctl_quote(k, q, sizeof(q)), cmd);
			return IKE_EMALFORMED;
		}
	}
	v = json_object_get(args, key);
	if (v == NULL) {
		snprintf(err, errlen, "%s needs args.%s", cmd, key);
		return IKE_EMALFORMED;
	}
	if (!json_is_string(v)) {
		snprintf(err, errlen, "args.%s must be a string", key);
		return IKE_EMALFORMED;
	}
	n = json_string_length(v);
	if (n >= dstlen) {
		snprintf(err, errlen, "args.%s is too long (%zu bytes, at most %zu)",
		    key, n, dstlen - 1);
		return IKE_EMALFORMED;
	}
	/* jansson rejects \u0000 unless asked, so the length is the C length. */
	memcpy(dst, json_string_value(v), n);
	dst[n] = '\0';
	return 0;
}

int
ctl_request_parse(const char *line, size_t len, struct ctl_request *req,
    char *err, size_t errlen)
{
	json_t *root, *cmd = NULL, *args = NULL, *v;
	json_error_t jerr;
	enum ctl_cmd c;
	const char *k;
	char q[140];
	int ret = IKE_EMALFORMED;

	memset(req, 0, sizeof(*req));
	if (len > CTL_REQUEST_MAX) {
		snprintf(err, errlen, "request longer than %d bytes",
		    CTL_REQUEST_MAX);
		return IKE_EMALFORMED;
	}
	root = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		snprintf(err, errlen, "invalid JSON at column %d: %s",
		    jerr.column, ctl_quote(jerr.text, q, sizeof(q)));
		return IKE_EMALFORMED;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "request must be a JSON object");
		goto out;
	}
	json_object_foreach(root, k, v) {
		if (strcmp(k, "cmd") == 0)
			cmd = v;
		else if (strcmp(k, "args") == 0)
			args = v;
		else {
			snprintf(err, errlen, "unknown key \"%s\"",
			    ctl_quote(k, q, sizeof(q)));
			goto out;
		}
	}
	if (cmd == NULL || !json_is_string(cmd)) {
		snprintf(err, errlen, "\"cmd\" must be a string");
		goto out;
	}
	if (strlen(json_string_value(cmd)) != json_string_length(cmd) ||
	    ctl_cmd_lookup(json_string_value(cmd), &c) < 0) {
		snprintf(err, errlen, "unknown command \"%s\"",
		    ctl_quote(json_string_value(cmd), q, sizeof(q)));
		goto out;
	}
	if (args != NULL && json_is_null(args))
		args = NULL;
	if (args != NULL && !json_is_object(args)) {
		snprintf(err, errlen, "\"args\" must be an object");
		goto out;
	}
	req->cmd = c;
	switch (ctl_verbs[c].args) {
	case CTL_ARGS_NONE:
		if (args != NULL && json_object_size(args) != 0) {
			json_object_foreach(args, k, v)
				break;
			snprintf(err, errlen, "unknown argument \"%s\" for %s",
			    ctl_quote(k, q, sizeof(q)), ctl_verbs[c].name);
			goto out;
		}
		break;
	case CTL_ARGS_NAME:
		if (ctl_arg_string(args, ctl_verbs[c].name, "name", req->name,
		    sizeof(req->name), err, errlen) < 0)
			goto out;
		break;
	case CTL_ARGS_LEVEL:
		if (ctl_arg_string(args, ctl_verbs[c].name, "level", req->level,
		    sizeof(req->level), err, errlen) < 0)
			goto out;
		break;
	}
	if (ctl_request_check(req, err, errlen) < 0)
		goto out;
	ret = 0;
out:
	json_decref(root);
	if (ret < 0)
		memset(req, 0, sizeof(*req));
	return ret;
}

/* Dumps obj compactly with a newline; takes obj over. */
static char *
ctl_dump_line(json_t *obj, size_t *len)
{
	char *s, *line;
	size_t n;

	if (obj == NULL)
		return NULL;
	s = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	if (s == NULL)
		return NULL;
	n = strlen(s);
	line = realloc(s, n + 2);
	if (line == NULL) {
		free(s);
		return NULL;
	}
	line[n] = '\n';
	line[n + 1] = '\0';
	if (len != NULL)
		*len = n + 1;
	return line;
}

char *
ctl_request_build(const struct ctl_request *req, size_t *len)
{
	json_t *obj, *args = NULL;
	char err[160];

	if (ctl_request_check(req, err, sizeof(err)) < 0)
		return NULL;
	switch (ctl_verbs[req->cmd].args) {
	case CTL_ARGS_NAME:
		args = json_pack("{s:s}", "name", req->name);
		break;
	case CTL_ARGS_LEVEL:
		args = json_pack("{s:s}", "level", req->level);
		break;
	case CTL_ARGS_NONE:
		args = json_object();
		break;
	}
	if (args == NULL)
		return NULL;
	obj = json_pack("{s:s,s:o}", "cmd", ctl_verbs[req->cmd].name,
	    "args", args);
	return ctl_dump_line(obj, len);
}

json_t *
ctl_json_text(const char *text)
{
	const unsigned char *p;
	char *esc;
	size_t cap;
	json_t *j;

	if (text == NULL)
		return json_null();
	for (p = (const unsigned char *)text; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			break;
	if (*p == '\0') {
		j = json_string(text);	/* NULL when not valid UTF-8 */
		if (j != NULL)
			return j;
	}
	cap = strlen(text) * 4 + 1;
	esc = malloc(cap);
	if (esc == NULL)
		return NULL;
	log_escape(esc, cap, text);
	j = json_string(esc);
	free(esc);
	return j;
}

char *
ctl_reply_ok(json_t *result, size_t *len)
{
	if (result == NULL)
		result = json_null();
	return ctl_dump_line(json_pack("{s:b,s:o}", "ok", 1, "result", result),
	    len);
}

char *
ctl_reply_error(const char *msg, size_t *len)
{
	json_t *m = ctl_json_text(msg ? msg : "error");

	if (m == NULL)
		return NULL;
	return ctl_dump_line(json_pack("{s:b,s:o}", "ok", 0, "error", m), len);
}

int
ctl_reply_parse(const char *line, size_t len, json_t **result, char *err,
    size_t errlen)
{
	json_t *root, *ok = NULL, *res = NULL, *emsg = NULL, *v;
	json_error_t jerr;
	const char *k;
	char q[140];
	int ret = IKE_EMALFORMED;

	*result = NULL;
	if (len > CTL_REPLY_MAX) {
		snprintf(err, errlen, "reply longer than %d bytes", CTL_REPLY_MAX);
		return IKE_EMALFORMED;
	}
	root = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		snprintf(err, errlen, "invalid JSON in reply at column %d: %s",
		    jerr.column, ctl_quote(jerr.text, q, sizeof(q)));
		return IKE_EMALFORMED;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "reply is not a JSON object");
		goto out;
	}
	json_object_foreach(root, k, v) {
		if (strcmp(k, "ok") == 0)
			ok = v;
		else if (strcmp(k, "result") == 0)
			res = v;
		else if (strcmp(k, "error") == 0)
			emsg = v;
		else {
			snprintf(err, errlen, "unknown key \"%s\" in reply",
			    ctl_quote(k, q, sizeof(q)));
			goto out;
		}
	}
	if (ok == NULL || !json_is_boolean(ok)) {
		snprintf(err, errlen, "reply without a boolean \"ok\"");
		goto out;
	}
	if (json_is_true(ok)) {
		if (res == NULL || emsg != NULL) {
			snprintf(err, errlen, "ok reply needs \"result\" only");
			goto out;
		}
		*result = json_incref(res);
		ret = 0;
	} else {
		if (emsg == NULL || !json_is_string(emsg) || res != NULL) {
			snprintf(err, errlen, "error reply needs an \"error\" string");
			goto out;
		}
		log_escape(err, errlen, json_string_value(emsg));
		ret = 1;
	}
out:
	json_decref(root);
	return ret;
}

/* Line framing. */

void
ctl_lines_init(struct ctl_lines *l, size_t max)
{
	memset(l, 0, sizeof(*l));
	l->l_max = max;
}

void
ctl_lines_free(struct ctl_lines *l)
{
	free(l->l_buf);
	memset(l, 0, sizeof(*l));
}

size_t
ctl_lines_pending(const struct ctl_lines *l)
{
	return l->l_end - l->l_start;
}

int
ctl_lines_ready(const struct ctl_lines *l)
{
	size_t n = l->l_end - l->l_start;

	if (l->l_overflow || n > l->l_max)
		return 1;
	return n > 0 && memchr(l->l_buf + l->l_start, '\n', n) != NULL;
}

int
ctl_lines_feed(struct ctl_lines *l, const void *data, size_t len)
{
	size_t need, cap;
	char *n;

	if (l->l_overflow)
		return IKE_ENOSPC;
	if (l->l_start > 0) {
		memmove(l->l_buf, l->l_buf + l->l_start, l->l_end - l->l_start);
		l->l_end -= l->l_start;
		l->l_start = 0;
	}
	need = l->l_end + len + 1;	/* room for the NUL of the last line */
	if (need > l->l_cap) {
		cap = l->l_cap ? l->l_cap : 1024;
		while (cap < need)
			cap *= 2;
		n = realloc(l->l_buf, cap);
		if (n == NULL)
			return IKE_ENOMEM;
		l->l_buf = n;
		l->l_cap = cap;
	}
	memcpy(l->l_buf + l->l_end, data, len);
	l->l_end += len;
	return 0;
}

int
ctl_lines_next(struct ctl_lines *l, char **line, size_t *len)
{
	char *start, *nl;
	size_t n;

	for (;;) {
		if (l->l_overflow)
			return IKE_ENOSPC;
		start = l->l_buf + l->l_start;
		n = l->l_end - l->l_start;
		nl = n > l->l_scan ? memchr(start + l->l_scan, '\n', n - l->l_scan)
		    : NULL;
		if (nl == NULL) {
			l->l_scan = n;
			if (n > l->l_max) {
				l->l_overflow = 1;
				return IKE_ENOSPC;
			}
			return 0;
		}
		n = (size_t)(nl - start);
		l->l_start += n + 1;
		l->l_scan = 0;
		if (n > 0 && start[n - 1] == '\r')
			n--;
		if (n > l->l_max) {
			l->l_overflow = 1;
			return IKE_ENOSPC;
		}
		if (n == 0)
			continue;	/* empty line */
		start[n] = '\0';
		*line = start;
		*len = n;
		return 1;
	}
}
