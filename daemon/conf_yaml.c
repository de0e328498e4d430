/* SPDX-License-Identifier: ISC */
/*
 * conf_yaml.c - the loader's front: reads a file (bounded), turns
 * libyaml's events into a small tree of nodes that remember their line
 * and column, refusing what a config never needs (anchors, aliases,
 * tags, several documents, duplicate keys, deep nesting), then reads the
 * top level, the "sakerd" and "secrets" sections; "connections" is in
 * conf_conn.c.  Every scalar and the file buffer are wiped when freed,
 * since they may hold PSKs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "ike.h"
#include "iana.h"
#include "cfg.h"
#include "conf.h"
#include "conf_int.h"

struct tree {
	struct conf_ctx	*ctx;
	yaml_parser_t	 parser;
	const char	*buf;
	size_t		 len;
	struct cnode	**all;		/* every node, for freeing */
	size_t		 n_all, cap_all;
};

static void
tree_free(struct tree *t)
{
	struct cnode *n;
	size_t i;

	for (i = 0; i < t->n_all; i++) {
		n = t->all[i];
		if (n->str != NULL) {
			ike_memzero(n->str, n->len);
			free(n->str);
		}
		free(n->kids);
		free(n);
	}
	free(t->all);
	t->all = NULL;
	t->n_all = t->cap_all = 0;
}

static int
pos_err(struct conf_ctx *ctx, size_t line, size_t col, const char *what,
    const char *detail)
{
	struct cnode at = { .line = (unsigned)line, .col = (unsigned)col };

	return conf_err(ctx, &at, "%s%s%s", what, detail ? ": " : "",
	    detail ? detail : "");
}

/* libyaml's own error, at its mark (or at the offset for bad bytes). */
static int
yaml_fail(struct tree *t)
{
	yaml_parser_t *p = &t->parser;
	size_t line = 1, col = 1, i;
	char detail[256];

	if (p->error == YAML_MEMORY_ERROR)
		return IKE_ENOMEM;
	if (p->error == YAML_READER_ERROR) {
		for (i = 0; i < p->problem_offset && i < t->len; i++) {
			if (t->buf[i] == '\n') {
				line++;
				col = 1;
			} else
				col++;
		}
		return pos_err(t->ctx, line, col, "bad input",
		    p->problem ? p->problem : "unreadable bytes");
	}
	snprintf(detail, sizeof(detail), "%s%s%s",
	    p->problem ? p->problem : "unknown error",
	    p->context ? " " : "", p->context ? p->context : "");
	return pos_err(t->ctx, p->problem_mark.line + 1,
	    p->problem_mark.column + 1, "YAML syntax error", detail);
}

static int
next_event(struct tree *t, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&t->parser, ev))
		return yaml_fail(t);
	return IKE_OK;
}

static int
node_new(struct tree *t, const yaml_event_t *ev, enum cnode_kind kind,
    struct cnode **out)
{
	struct cnode *n, **all;
	size_t cap;

	if (t->n_all == CONF_MAX_NODES)
		return pos_err(t->ctx, ev->start_mark.line + 1,
		    ev->start_mark.column + 1, "too many values in the file",
		    NULL);
	if (t->n_all == t->cap_all) {
		cap = t->cap_all ? 2 * t->cap_all : 64;
		if ((all = reallocarray(t->all, cap, sizeof(*all))) == NULL)
			return IKE_ENOMEM;
		t->all = all;
		t->cap_all = cap;
	}
	n = calloc(1, sizeof(*n));
	if (n == NULL)
		return IKE_ENOMEM;
	n->kind = kind;
	n->line = (unsigned)ev->start_mark.line + 1;
	n->col = (unsigned)ev->start_mark.column + 1;
	t->all[t->n_all++] = n;
	*out = n;
	return IKE_OK;
}

/* Kids arrays grow by doubling: a power of two means full. */
static int
node_add_kid(struct cnode *parent, struct cnode *kid)
{
	struct cnode **k;
	size_t n = parent->n_kids;

	if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
		k = reallocarray(parent->kids, n == 0 ? 4 : 2 * n, sizeof(*k));
		if (k == NULL)
			return IKE_ENOMEM;
		parent->kids = k;
	}
	parent->kids[parent->n_kids++] = kid;
	return IKE_OK;
}

/* What a config never needs, refused before it can cost anything. */
static int
event_check(struct tree *t, const yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	const char *what = NULL;

	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		what = "YAML aliases are not supported";
		break;
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		break;
	default:
		break;
	}
	if (anchor != NULL)
		what = "YAML anchors are not supported";
	else if (tag != NULL)
		what = "YAML tags are not supported";
	if (what == NULL)
		return IKE_OK;
	return pos_err(t->ctx, ev->start_mark.line + 1,
	    ev->start_mark.column + 1, what, NULL);
}

static int read_node(struct tree *, yaml_event_t *, unsigned, struct cnode **);

/* A key must be a scalar that the mapping does not have yet. */
static int
map_key_check(struct tree *t, const struct cnode *map, const struct cnode *key)
{
	size_t i;

	if (key->kind != CN_SCALAR)
		return conf_err(t->ctx, key, "mapping keys must be plain text");
	for (i = 0; i + 1 < map->n_kids; i += 2)
		if (strcmp(map->kids[i]->str, key->str) == 0)
			return conf_err(t->ctx, key, "duplicate key '%s' "
			    "(first at line %u)", key->str, map->kids[i]->line);
	return IKE_OK;
}

static int
read_collection(struct tree *t, struct cnode *n, yaml_event_type_t end,
    unsigned depth)
{
	yaml_event_t ev;
	struct cnode *kid;
	int ret;

	if (depth > CONF_MAX_DEPTH)
		return conf_err(t->ctx, n, "nested deeper than %d levels",
		    CONF_MAX_DEPTH);
	for (;;) {
		if ((ret = next_event(t, &ev)) != IKE_OK)
			return ret;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return IKE_OK;
		}
		if (n->n_kids >= (n->kind == CN_MAP ? 2 : 1) * CONF_MAX_ITEMS) {
			ret = pos_err(t->ctx, ev.start_mark.line + 1,
			    ev.start_mark.column + 1, "too many entries", NULL);
			yaml_event_delete(&ev);
			return ret;
		}
		ret = read_node(t, &ev, depth, &kid);
		yaml_event_delete(&ev);
		if (ret != IKE_OK)
			return ret;
		if (n->kind == CN_MAP && n->n_kids % 2 == 0 &&
		    (ret = map_key_check(t, n, kid)) != IKE_OK)
			return ret;
		if ((ret = node_add_kid(n, kid)) != IKE_OK)
			return ret;
	}
}

/* Reads the node that starts with ev (which the caller deletes). */
static int
read_node(struct tree *t, yaml_event_t *ev, unsigned depth, struct cnode **out)
{
	struct cnode *n;
	size_t len;
	int ret;

	if ((ret = event_check(t, ev)) != IKE_OK)
		return ret;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		len = ev->data.scalar.length;
		if ((ret = node_new(t, ev, CN_SCALAR, &n)) != IKE_OK)
			return ret;
		if (len > CONF_MAX_SCALAR)
			return conf_err(t->ctx, n, "value longer than %d bytes",
			    CONF_MAX_SCALAR);
		if (memchr(ev->data.scalar.value, '\0', len) != NULL)
			return conf_err(t->ctx, n, "NUL byte in value");
		if ((n->str = malloc(len + 1)) == NULL)
			return IKE_ENOMEM;
		memcpy(n->str, ev->data.scalar.value, len);
		n->str[len] = '\0';
		n->len = len;
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if ((ret = node_new(t, ev, ev->type == YAML_MAPPING_START_EVENT ?
		    CN_MAP : CN_SEQ, &n)) != IKE_OK)
			return ret;
		ret = read_collection(t, n, ev->type == YAML_MAPPING_START_EVENT ?
		    YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT, depth + 1);
		if (ret != IKE_OK)
			return ret;
		break;
	default:
		return pos_err(t->ctx, ev->start_mark.line + 1,
		    ev->start_mark.column + 1, "unexpected YAML event", NULL);
	}
	*out = n;
	return IKE_OK;
}

/* The one document's root node, or NULL for an empty stream. */
static int
read_stream(struct tree *t, struct cnode **root)
{
	yaml_event_t ev;
	int ret, docs = 0;

	*root = NULL;
	if ((ret = next_event(t, &ev)) != IKE_OK)
		return ret;
	yaml_event_delete(&ev);		/* STREAM_START */
	for (;;) {
		if ((ret = next_event(t, &ev)) != IKE_OK)
			return ret;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			return IKE_OK;
		}
		if (ev.type != YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&ev);
			return pos_err(t->ctx, 1, 1, "unexpected YAML event", NULL);
		}
		if (docs++ > 0) {
			ret = pos_err(t->ctx, ev.start_mark.line + 1,
			    ev.start_mark.column + 1,
			    "only one YAML document is allowed", NULL);
			yaml_event_delete(&ev);
			return ret;
		}
		yaml_event_delete(&ev);
		if ((ret = next_event(t, &ev)) != IKE_OK)
			return ret;
		ret = read_node(t, &ev, 0, root);
		yaml_event_delete(&ev);
		if (ret != IKE_OK)
			return ret;
		if ((ret = next_event(t, &ev)) != IKE_OK)
			return ret;
		yaml_event_delete(&ev);		/* DOCUMENT_END */
	}
}

/* sakerd: the daemon's own settings. */

static int
sk_port(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	uint32_t port;
	int ret;

	(void)obj;
	if ((ret = conf_uint(ctx, k, v, 1, 65535, &port)) != IKE_OK)
		return ret;
	if (strcmp(k->str, "port") == 0)
		ctx->cfg->port = (uint16_t)port;
	else
		ctx->cfg->natt_port = (uint16_t)port;
	return IKE_OK;
}

static int
sk_group(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	(void)obj;
	(void)k;
	return conf_name(ctx, v, "socket-group", ctx->cfg->socket_group,
	    sizeof(ctx->cfg->socket_group));
}

static int
sk_log_level(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, void *obj)
{
	(void)obj;
	return conf_enum(ctx, k, v, &cfg_kw_log_level, &ctx->cfg->log_level);
}

/* Retransmission defaults for connections that set none. */
static int
sk_retransmit(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, void *obj)
{
	struct ike_config *cfg = ctx->cfg;

	(void)obj;
	return conf_retransmit(ctx, k, v, &cfg->retransmit_timeout_ms,
	    &cfg->retransmit_tries, &cfg->retransmit_base);
}

/* Half-open IKE SAs and IKE fragments (RFC 7296 2.6, RFC 7383). */
static int
sk_hostile(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	struct ike_config *cfg = ctx->cfg;

	(void)obj;
	if (strcmp(k->str, "cookie-threshold") == 0)
		return conf_uint(ctx, k, v, 1, 1000000, &cfg->cookie_threshold);
	if (strcmp(k->str, "cookie-threshold-ip") == 0)
		return conf_uint(ctx, k, v, 1, 1000000, &cfg->cookie_threshold_ip);
	if (strcmp(k->str, "half-open-max") == 0)
		return conf_uint(ctx, k, v, 1, 1000000, &cfg->half_open_max);
	if (strcmp(k->str, "half-open-max-per-ip") == 0)
		return conf_uint(ctx, k, v, 1, 1000000, &cfg->half_open_max_ip);
	/* An IP datagram; below 256 bytes no fragment has room to spare. */
	return conf_uint(ctx, k, v, 256, 65535, &cfg->fragment_size);
}

static int
top_sakerd(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	static const struct conf_key keys[] = {
		{ "port", sk_port, 0 },
		{ "natt-port", sk_port, 0 },
		{ "socket-group", sk_group, 0 },
		{ "log-level", sk_log_level, 0 },
		{ "retransmit-timeout", sk_retransmit, 0 },
		{ "retransmit-tries", sk_retransmit, 0 },
		{ "retransmit-base", sk_retransmit, 0 },
		{ "cookie-threshold", sk_hostile, 0 },
		{ "cookie-threshold-ip", sk_hostile, 0 },
		{ "half-open-max", sk_hostile, 0 },
		{ "half-open-max-per-ip", sk_hostile, 0 },
		{ "fragment-size", sk_hostile, 0 },
	};
	int ret;

	if ((ret = conf_map(ctx, k, "sakerd", v, keys,
	    sizeof(keys) / sizeof(keys[0]), obj)) != IKE_OK)
		return ret;
	if (ctx->cfg->port == ctx->cfg->natt_port)
		return conf_err(ctx, k, "port and natt-port must differ (both %u)",
		    ctx->cfg->port);
	return IKE_OK;
}

/* secrets: a list of { ids, psk }. */

static int
sec_ids(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	struct ike_secret *s = obj;
	const struct cnode *items[8];
	size_t n, i;
	int ret;

	if ((ret = conf_list(ctx, k, v, items, 8, &n)) != IKE_OK)
		return ret;
	for (i = 0; i < n; i++) {
		ret = ike_id_parse(items[i]->str, &s->ids[s->n_ids]);
		if (ret == IKE_ENOMEM)
			return ret;
		if (ret != IKE_OK)
			return conf_err(ctx, items[i], "invalid identity '%s'",
			    items[i]->str);
		s->n_ids++;
	}
	return IKE_OK;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static int
hexdig(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* RFC 4648 4 base64, padding optional; -1 on a bad character. */
static int
decode_b64(const char *s, uint8_t *out, size_t *outlen)
{
	size_t len = strlen(s), i, n = 0;
	uint32_t acc = 0;
	int bits = 0, v;

	while (len > 0 && s[len - 1] == '=')
		len--;
	if (strlen(s) - len > 2 || len % 4 == 1)
		return -1;
	for (i = 0; i < len; i++) {
		if ((v = b64val((unsigned char)s[i])) < 0)
			return -1;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	*outlen = n;
	acc = 0;
	return 0;
}

static int
decode_hex(const char *s, uint8_t *out, size_t *outlen)
{
	size_t len = strlen(s), i;
	int hi, lo;

	if (len % 2 != 0)
		return -1;
	for (i = 0; i < len / 2; i++) {
		hi = hexdig((unsigned char)s[2 * i]);
		lo = hexdig((unsigned char)s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*outlen = len / 2;
	return 0;
}

/* "0s..." base64, "0x..." hex, anything else the text itself
 * (swanctl.conf's forms). */
static int
sec_psk(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	struct ike_secret *s = obj;
	uint8_t key[CONF_MAX_SCALAR];
	const char *text = NULL;
	size_t len = 0;
	int ret, bad = 0;

	if ((ret = conf_scalar(ctx, k, v, &text)) != IKE_OK)
		return ret;
	if (strncmp(text, "0s", 2) == 0)
		bad = decode_b64(text + 2, key, &len);
	else if (strncmp(text, "0x", 2) == 0)
		bad = decode_hex(text + 2, key, &len);
	else {
		len = v->len;
		memcpy(key, text, len);
	}
	if (bad) {
		ret = conf_err(ctx, v, "psk is not valid %s",
		    text[1] == 's' ? "base64 after 0s" : "hex after 0x");
	} else if (len == 0)
		ret = conf_err(ctx, v, "psk is empty");
	else
		ret = ike_buf_set(&s->psk, key, len);
	ike_memzero(key, sizeof(key));
	return ret;
}

static int
top_secrets(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	static const struct conf_key keys[] = {
		{ "ids", sec_ids, 0 },
		{ "psk", sec_psk, 1 },
	};
	struct ike_secret **tail = &ctx->cfg->secrets, *s;
	size_t i;
	int ret;

	(void)obj;
	if (v->kind != CN_SEQ)
		return conf_err(ctx, v, "'secrets' must be a list");
	for (i = 0; i < v->n_kids; i++) {
		if ((s = calloc(1, sizeof(*s))) == NULL)
			return IKE_ENOMEM;
		*tail = s;
		tail = &s->next;
		ret = conf_map(ctx, v->kids[i], "secret", v->kids[i], keys, 2, s);
		if (ret != IKE_OK)
			return ret;
	}
	return IKE_OK;
}

static int
read_config(struct conf_ctx *ctx, const struct cnode *root)
{
	static const struct conf_key keys[] = {
		{ "connections", conf_connections, 0 },
		{ "secrets", top_secrets, 0 },
		{ "sakerd", top_sakerd, 0 },
		{ "pools", conf_pools, 0 },
		{ "credentials", conf_credentials, 0 },
	};
	struct ike_conn_cfg *c;
	int ret;

	ctx->cfg->port = 500;
	ctx->cfg->natt_port = 4500;
	ctx->cfg->log_level = IKE_LOG_INFO;
	ctx->cfg->retransmit_timeout_ms = 2000;
	ctx->cfg->retransmit_tries = 5;
	ctx->cfg->retransmit_base = 2.0;
	/* An empty file (or one holding only comments) is an empty config. */
	if (root == NULL || (root->kind == CN_SCALAR && root->len == 0))
		return IKE_OK;
	if (root->kind != CN_MAP)
		return conf_err(ctx, root, "the top level must be a mapping "
		    "(connections, secrets, sakerd, pools, credentials)");
	ret = conf_map(ctx, root, "the top level", root, keys,
	    sizeof(keys) / sizeof(keys[0]), NULL);
	if (ret != IKE_OK)
		return ret;
	/* The sakerd section may come after the connections. */
	for (c = ctx->cfg->conns; c != NULL; c = c->next) {
		if (c->retransmit_timeout_ms == 0)
			c->retransmit_timeout_ms = ctx->cfg->retransmit_timeout_ms;
		if (c->retransmit_tries == 0)
			c->retransmit_tries = ctx->cfg->retransmit_tries;
		if (c->retransmit_base == 0)
			c->retransmit_base = ctx->cfg->retransmit_base;
	}
	return conf_check_pools(ctx);
}

int
conf_load_buffer(const char *name, const char *buf, size_t len,
    struct ike_config **out, char *err, size_t errlen)
{
	struct conf_ctx ctx;
	struct tree t;
	struct cnode *root;
	int ret;

	memset(&ctx, 0, sizeof(ctx));
	ctx.name = name;
	ctx.err = err;
	ctx.errlen = errlen;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (len > CONF_MAX_FILE) {
		snprintf(err, errlen, "%s: larger than %d bytes", name,
		    CONF_MAX_FILE);
		return IKE_EINVAL;
	}
	memset(&t, 0, sizeof(t));
	t.ctx = &ctx;
	t.buf = buf;
	t.len = len;
	if (!yaml_parser_initialize(&t.parser))
		return IKE_ENOMEM;
	yaml_parser_set_input_string(&t.parser, (const unsigned char *)buf, len);
	ret = read_stream(&t, &root);
	if (ret == IKE_OK) {
		if ((ctx.cfg = calloc(1, sizeof(*ctx.cfg))) == NULL)
			ret = IKE_ENOMEM;
		else
			ret = read_config(&ctx, root);
	}
	yaml_parser_delete(&t.parser);
	tree_free(&t);
	if (ret != IKE_OK) {
		ike_config_free(ctx.cfg);
		if (ret == IKE_ENOMEM && err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: out of memory", name);
		return ret;
	}
	*out = ctx.cfg;
	return IKE_OK;
}

int
conf_load_file(const char *path, struct ike_config **out, char *err,
    size_t errlen)
{
	char *buf = NULL;
	size_t len = 0;
	ssize_t r;
	int fd, ret;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		goto out;
	}
	/* One byte more than allowed, to tell "too large" from "just fits". */
	if ((buf = malloc(CONF_MAX_FILE + 1)) == NULL) {
		ret = IKE_ENOMEM;
		goto out;
	}
	for (;;) {
		r = read(fd, buf + len, CONF_MAX_FILE + 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ret = -errno;
			goto out;
		}
		if (r == 0 || (len += (size_t)r) == CONF_MAX_FILE + 1)
			break;
	}
	ret = conf_load_buffer(path, buf, len, out, err, errlen);
	goto done;
out:
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s: %s", path, ike_strerror(ret));
done:
	if (fd >= 0)
		close(fd);
	if (buf != NULL) {
		ike_memzero(buf, len);
		free(buf);
	}
	return ret;
}
