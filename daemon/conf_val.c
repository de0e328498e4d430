/* SPDX-License-Identifier: ISC */
/*
 * conf_val.c - the loader's value readers: mappings against a key
 * table, scalars, names, numbers, durations, enumerations, lists and
 * proposal lists, each with an error message that names the key and
 * points at the offending value, plus the default proposals.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike.h"
#include "iana.h"
#include "cfg.h"
#include "conf_int.h"

int
conf_err(struct conf_ctx *ctx, const struct cnode *n, const char *fmt, ...)
{
	va_list ap;
	int off;

	if (ctx->err == NULL || ctx->errlen == 0)
		return IKE_EINVAL;
	off = snprintf(ctx->err, ctx->errlen, "%s:%u:%u: ", ctx->name,
	    n->line, n->col);
	if (off >= 0 && (size_t)off < ctx->errlen) {
		va_start(ap, fmt);
		vsnprintf(ctx->err + off, ctx->errlen - (size_t)off, fmt, ap);
		va_end(ap);
	}
	return IKE_EINVAL;
}

/* swanctl.conf writes rekey_time where we write rekey-time: say so. */
static int
unknown_key(struct conf_ctx *ctx, const struct cnode *key, const char *what,
    const struct conf_key *keys, size_t n_keys)
{
	char known[256], dashed[64];
	size_t k, off, i;

	for (i = 0; i < key->len && i + 1 < sizeof(dashed); i++)
		dashed[i] = key->str[i] == '_' ? '-' : key->str[i];
	dashed[i] = '\0';
	for (k = 0; k < n_keys; k++)
		if (strchr(key->str, '_') != NULL && strcmp(keys[k].name, dashed) == 0)
			return conf_err(ctx, key, "unknown key '%s' in %s (did you "
			    "mean '%s'?)", key->str, what, keys[k].name);
	for (k = off = 0; k < n_keys && off < sizeof(known); k++)
		off += (size_t)snprintf(known + off, sizeof(known) - off, "%s%s",
		    k ? ", " : "", keys[k].name);
	return conf_err(ctx, key, "unknown key '%s' in %s (expected %s)",
	    key->str, what, known);
}

int
conf_map(struct conf_ctx *ctx, const struct cnode *owner, const char *what,
    const struct cnode *map, const struct conf_key *keys, size_t n_keys,
    void *obj)
{
	uint32_t seen = 0;
	size_t i, k;
	int ret;

	if (map->kind != CN_MAP)
		return conf_err(ctx, map, "%s must be a mapping", what);
	for (i = 0; i + 1 < map->n_kids; i += 2) {
		for (k = 0; k < n_keys; k++)
			if (strcmp(keys[k].name, map->kids[i]->str) == 0)
				break;
		if (k == n_keys)
			return unknown_key(ctx, map->kids[i], what, keys, n_keys);
		seen |= 1u << k;
		ret = keys[k].fn(ctx, map->kids[i], map->kids[i + 1], obj);
		if (ret != IKE_OK)
			return ret;
	}
	for (k = 0; k < n_keys; k++)
		if (keys[k].required && !(seen & (1u << k)))
			return conf_err(ctx, owner, "missing '%s' in %s",
			    keys[k].name, what);
	return IKE_OK;
}

int
conf_scalar(struct conf_ctx *ctx, const struct cnode *key,
    const struct cnode *val, const char **out)
{
	if (val->kind != CN_SCALAR)
		return conf_err(ctx, val, "'%s' must be a single value, not a %s",
		    key->str, val->kind == CN_MAP ? "mapping" : "list");
	if (val->len == 0)
		return conf_err(ctx, val, "'%s' has no value", key->str);
	*out = val->str;
	return IKE_OK;
}

int
conf_string(struct conf_ctx *ctx, const struct cnode *key,
    const struct cnode *val, char *buf, size_t size)
{
	const char *s = NULL;
	int ret;

	if ((ret = conf_scalar(ctx, key, val, &s)) != IKE_OK)
		return ret;
	if (val->len >= size)
		return conf_err(ctx, val, "'%s' is longer than %zu characters",
		    key->str, size - 1);
	memcpy(buf, s, val->len + 1);
	return IKE_OK;
}

/* Names show up in logs, sakerctl tables and JSON: keep them plain. */
int
conf_name(struct conf_ctx *ctx, const struct cnode *n, const char *what,
    char *buf, size_t size)
{
	size_t i;

	if (n->kind != CN_SCALAR || n->len == 0)
		return conf_err(ctx, n, "%s must be a name", what);
	if (n->len >= size)
		return conf_err(ctx, n, "%s '%s' is longer than %zu characters",
		    what, n->str, size - 1);
	for (i = 0; i < n->len; i++) {
		char c = n->str[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
			return conf_err(ctx, n, "%s '%s' may only hold letters, "
			    "digits, '-', '_' and '.'", what, n->str);
	}
	memcpy(buf, n->str, n->len + 1);
	return IKE_OK;
}

/* Decimal digits only; 0 on overflow past max or no digits. */
static int
parse_u64(const char *s, const char **end, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (*s < '0' || *s > '9')
		return 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > max)
			return 0;
	}
	*end = s;
	*out = v;
	return 1;
}

int
conf_uint(struct conf_ctx *ctx, const struct cnode *key,
    const struct cnode *val, uint32_t min, uint32_t max, uint32_t *out)
{
	const char *s = NULL, *end;
	uint64_t v;
	int ret;

	if ((ret = conf_scalar(ctx, key, val, &s)) != IKE_OK)
		return ret;
	if (!parse_u64(s, &end, UINT32_MAX, &v) || *end != '\0' || v < min ||
	    v > max)
		return conf_err(ctx, val, "'%s' must be a number from %u to %u, "
		    "not '%s'", key->str, min, max, s);
	*out = (uint32_t)v;
	return IKE_OK;
}

int
conf_duration(struct conf_ctx *ctx, const struct cnode *key,
    const struct cnode *val, int ms, uint32_t *out)
{
	static const struct { const char *unit; uint64_t secs; } units[] = {
		{ "", 1 }, { "s", 1 }, { "m", 60 }, { "h", 3600 },
		{ "d", 86400 },
	};
	const char *s = NULL, *end;
	uint64_t v, scale = 0;
	size_t i;
	int ret;

	if ((ret = conf_scalar(ctx, key, val, &s)) != IKE_OK)
		return ret;
	if (!parse_u64(s, &end, UINT32_MAX, &v))
		goto bad;
	if (ms && strcmp(end, "ms") == 0)
		scale = 1;
	for (i = 0; scale == 0 && i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(end, units[i].unit) == 0)
			scale = units[i].secs * (ms ? 1000 : 1);
	if (scale == 0 || v * scale > UINT32_MAX)
		goto bad;
	*out = (uint32_t)(v * scale);
	return IKE_OK;
bad:
	return conf_err(ctx, val, "'%s' must be a duration like 90s, 30m, 1h "
	    "or 1d%s (at most %u %s), not '%s'", key->str, ms ? " or 500ms" : "",
	    UINT32_MAX, ms ? "ms" : "s", s);
}

int
conf_volume(struct conf_ctx *ctx, const struct cnode *key,
    const struct cnode *val, uint64_t *out)
{
	static const char units[] = "kmg";
	const char *s = NULL, *end, *u;
	uint64_t v, scale = 1;
	int ret;

	if ((ret = conf_scalar(ctx, key, val, &s)) != IKE_OK)
		return ret;
	if (!parse_u64(s, &end, UINT64_MAX / 10, &v))
		goto bad;
	if (*end != '\0') {
		if (end[1] != '\0' || (u = strchr(units, end[0] | 0x20)) == NULL)
			goto bad;
		scale = (uint64_t)1 << (10 * (u - units + 1));
	}
	if (v > UINT64_MAX / scale)
		goto bad;
	*out = v * scale;
	return IKE_OK;
bad:
	return conf_err(ctx, val, "'%s' must be a number, optionally with k, "
	    "m or g (1024, 1024^2, 1024^3), not '%s'", key->str, s);
}

int
conf_enum(struct conf_ctx *ctx, const struct cnode *key,
    const struct cnode *val, const struct cfg_kw_table *t, int *out)
{
	char known[128];
	const char *s = NULL;
	int ret;

	if ((ret = conf_scalar(ctx, key, val, &s)) != IKE_OK)
		return ret;
	if (cfg_kw_value(t, s, out) == IKE_OK)
		return IKE_OK;
	return conf_err(ctx, val, "'%s' must be one of %s, not '%s'",
	    key->str, cfg_kw_list(t, known, sizeof(known)), s);
}

int
conf_list(struct conf_ctx *ctx, const struct cnode *key,
    const struct cnode *val, const struct cnode **items, size_t max,
    size_t *n)
{
	const char *s = NULL;
	size_t i;
	int ret;

	if (val->kind == CN_SCALAR) {
		if ((ret = conf_scalar(ctx, key, val, &s)) != IKE_OK)
			return ret;
		items[0] = val;
		*n = 1;
		return IKE_OK;
	}
	if (val->kind != CN_SEQ)
		return conf_err(ctx, val, "'%s' must be a list, not a mapping",
		    key->str);
	if (val->n_kids == 0)
		return conf_err(ctx, val, "'%s' is an empty list", key->str);
	if (val->n_kids > max)
		return conf_err(ctx, val->kids[max], "'%s' has more than %zu "
		    "entries", key->str, max);
	for (i = 0; i < val->n_kids; i++) {
		if (val->kids[i]->kind != CN_SCALAR)
			return conf_err(ctx, val->kids[i], "entries of '%s' must "
			    "be single values", key->str);
		if (val->kids[i]->len == 0)
			return conf_err(ctx, val->kids[i], "empty entry in '%s'",
			    key->str);
		items[i] = val->kids[i];
	}
	*n = val->n_kids;
	return IKE_OK;
}

int
conf_proposals(struct conf_ctx *ctx, const struct cnode *key,
    const struct cnode *val, uint8_t proto, struct ike_proposal *props,
    size_t *n)
{
	const struct cnode *items[IKE_CFG_MAX_PROPOSALS];
	char why[256];
	size_t i, count;
	int ret;

	if ((ret = conf_list(ctx, key, val, items, IKE_CFG_MAX_PROPOSALS,
	    &count)) != IKE_OK)
		return ret;
	for (i = 0; i < count; i++)
		if (ike_proposal_parse(items[i]->str, proto, &props[i], why,
		    sizeof(why)) != IKE_OK)
			return conf_err(ctx, items[i], "%s", why);
	*n = count;
	return IKE_OK;
}

/*
 * Defaults when no proposals are configured: AEAD first, then AES-CBC
 * with HMAC-SHA2, with modern groups ahead of MODP 2048 (RFC 8247 and
 * RFC 8221 MUST/SHOULD algorithms).  Documented in saker.yaml(5).
 */
static const char *const default_ike[] = {
	"aes256gcm16-aes128gcm16-chacha20poly1305-prfsha256-prfsha384-prfsha512-x25519-ecp256-ecp384-modp3072-modp2048",
	"aes256-aes128-sha256-sha384-sha512-x25519-ecp256-ecp384-modp3072-modp2048",
};
static const char *const default_esp[] = {
	"aes256gcm16-aes128gcm16-chacha20poly1305",
	"aes256-aes128-sha256-sha384-sha512",
};

int
conf_default_proposals(uint8_t proto, struct ike_proposal *props, size_t *n)
{
	const char *const *list = proto == IKE_PROTO_IKE ? default_ike : default_esp;
	size_t i;

	for (i = 0; i < 2; i++)
		if (ike_proposal_parse(list[i], proto, &props[i], NULL, 0) != IKE_OK)
			return IKE_EINVAL;
	*n = 2;
	return IKE_OK;
}

/* A decimal number such as "1.8" (no exponent, no sign), written by hand
 * so that the locale plays no part. */
static int
parse_decimal(const char *s, double *out)
{
	double v = 0, scale = 1;
	int digits = 0, frac = 0;

	for (; *s != '\0'; s++) {
		if (*s == '.' && !frac) {
			frac = 1;
			continue;
		}
		if (*s < '0' || *s > '9' || digits >= 12)
			return 0;
		digits++;
		if (frac) {
			scale /= 10;
			v += (*s - '0') * scale;
		} else {
			v = v * 10 + (*s - '0');
		}
	}
	*out = v;
	return digits > 0;
}

int
conf_retransmit(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, uint32_t *timeout_ms, uint32_t *tries,
    double *base)
{
	const char *s = NULL;
	int ret;

	if (strcmp(k->str, "retransmit-tries") == 0)
		return conf_uint(ctx, k, v, 1, 100, tries);
	if (strcmp(k->str, "retransmit-base") == 0) {
		if ((ret = conf_scalar(ctx, k, v, &s)) != IKE_OK)
			return ret;
		if (!parse_decimal(s, base) || *base < 1.0 || *base > 10.0)
			return conf_err(ctx, v, "'%s' must be a number from 1 "
			    "to 10 such as 1.8, not '%s'", k->str, s);
		return IKE_OK;
	}
	if ((ret = conf_duration(ctx, k, v, 1, timeout_ms)) != IKE_OK)
		return ret;
	if (*timeout_ms < 100 || *timeout_ms > 600000)
		return conf_err(ctx, v, "'%s' must be from 100ms to 10m",
		    k->str);
	return IKE_OK;
}
