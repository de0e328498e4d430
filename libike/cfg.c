/* SPDX-License-Identifier: ISC */
/*
 * cfg.c - the config model's own logic: freeing a whole config (PSKs
 * wiped), finding a connection or the PSK for a pair of IDs, and parsing
 * proposal keyword strings as swanctl.conf writes them into the
 * transforms of RFC 7296 3.3.2.  Addresses, IDs and traffic selectors are
 * in addr.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike.h"
#include "iana.h"
#include "cfg.h"
#include "err.h"

static void
cfg_child_free(struct ike_child_cfg *ch)
{
	struct ike_child_cfg *next;

	for (; ch != NULL; ch = next) {
		next = ch->next;
		free(ch);
	}
}

static void
end_free(struct ike_end_cfg *end)
{
	ike_id_free(&end->id);
}

void
ike_config_free(struct ike_config *cfg)
{
	struct ike_conn_cfg *c, *cnext;
	struct ike_secret *s, *snext;
	struct ike_pool_cfg *p, *pnext;
	size_t i;

	if (cfg == NULL)
		return;
	for (p = cfg->pools; p != NULL; p = pnext) {
		pnext = p->next;
		free(p);
	}
	for (c = cfg->conns; c != NULL; c = cnext) {
		cnext = c->next;
		cfg_child_free(c->children);
		end_free(&c->local);
		end_free(&c->remote);
		free(c);
	}
	for (s = cfg->secrets; s != NULL; s = snext) {
		snext = s->next;
		for (i = 0; i < s->n_ids; i++)
			ike_id_free(&s->ids[i]);
		ike_buf_free(&s->psk);
		ike_memzero(s, sizeof(*s));
		free(s);
	}
	free(cfg);
}

const struct ike_conn_cfg *
ike_config_conn(const struct ike_config *cfg, const char *name)
{
	const struct ike_conn_cfg *c;

	if (cfg == NULL || name == NULL)
		return NULL;
	for (c = cfg->conns; c != NULL; c = c->next)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* How well one side's ID fits secret s: 4 named, 3 by pattern, 1 by
 * %any, 0 not; a named ID outweighs wildcards on both sides, as in
 * strongSwan. */
static int
psk_side(const struct ike_secret *s, const struct ike_id *id)
{
	int best = 0;
	size_t i;

	for (i = 0; i < s->n_ids; i++) {
		if (id != NULL && ike_id_eq(&s->ids[i], id))
			return 4;
		/* A pattern ("*@example.com") fits better than %any. */
		if (s->ids[i].type != 0 && id != NULL &&
		    ike_id_match(&s->ids[i], id))
			best = 3;
		else if (s->ids[i].type == 0 && best < 1)
			best = 1;
	}
	return best;
}

/* How well secret s fits the pair, 0 not at all: a secret applies when it
 * names (or leaves open) at least one of the two IDs, as in strongSwan. */
static int
psk_score(const struct ike_secret *s, const struct ike_id *local,
    const struct ike_id *remote)
{
	if (s->n_ids == 0)
		return 2;
	return psk_side(s, local) + psk_side(s, remote);
}

const struct ike_secret *
ike_config_psk(const struct ike_config *cfg, const struct ike_id *local,
    const struct ike_id *remote)
{
	const struct ike_secret *s, *best = NULL;
	int score, best_score = 0;

	if (cfg == NULL)
		return NULL;
	for (s = cfg->secrets; s != NULL; s = s->next) {
		score = psk_score(s, local, remote);
		if (score > best_score) {
			best = s;
			best_score = score;
		}
	}
	return best;
}

/*
 * Proposal keywords.  Names and meanings follow swanctl.conf so that its
 * users are at home; IDs are IANA's (RFC 7296 3.3.2, RFC 4106, RFC 4868,
 * RFC 5903, RFC 7634, RFC 8031).
 */
#define KW_AEAD	0x01

struct cfg_prop_kw {
	const char	*name;
	uint8_t		 type;
	uint16_t	 id;
	uint16_t	 keylen;
	uint8_t		 flags;
};

static const struct cfg_prop_kw cfg_prop_kws[] = {
	{ "aes128",		IKE_XF_ENCR,  IKE_ENCR_AES_CBC,		128, 0 },
	{ "aes192",		IKE_XF_ENCR,  IKE_ENCR_AES_CBC,		192, 0 },
	{ "aes256",		IKE_XF_ENCR,  IKE_ENCR_AES_CBC,		256, 0 },
	{ "aes",		IKE_XF_ENCR,  IKE_ENCR_AES_CBC,		128, 0 },
	{ "aes128gcm16",	IKE_XF_ENCR,  IKE_ENCR_AES_GCM_16,	128, KW_AEAD },
	{ "aes128gcm128",	IKE_XF_ENCR,  IKE_ENCR_AES_GCM_16,	128, KW_AEAD },
	{ "aes128gcm",		IKE_XF_ENCR,  IKE_ENCR_AES_GCM_16,	128, KW_AEAD },
	{ "aes128gcm12",	IKE_XF_ENCR,  IKE_ENCR_AES_GCM_12,	128, KW_AEAD },
	{ "aes128gcm96",	IKE_XF_ENCR,  IKE_ENCR_AES_GCM_12,	128, KW_AEAD },
	{ "aes128gcm8",		IKE_XF_ENCR,  IKE_ENCR_AES_GCM_8,	128, KW_AEAD },
	{ "aes128gcm64",	IKE_XF_ENCR,  IKE_ENCR_AES_GCM_8,	128, KW_AEAD },
	{ "aes256gcm16",	IKE_XF_ENCR,  IKE_ENCR_AES_GCM_16,	256, KW_AEAD },
	{ "aes256gcm128",	IKE_XF_ENCR,  IKE_ENCR_AES_GCM_16,	256, KW_AEAD },
	{ "aes256gcm",		IKE_XF_ENCR,  IKE_ENCR_AES_GCM_16,	256, KW_AEAD },
	{ "aes256gcm12",	IKE_XF_ENCR,  IKE_ENCR_AES_GCM_12,	256, KW_AEAD },
	{ "aes256gcm96",	IKE_XF_ENCR,  IKE_ENCR_AES_GCM_12,	256, KW_AEAD },
	{ "aes256gcm8",		IKE_XF_ENCR,  IKE_ENCR_AES_GCM_8,	256, KW_AEAD },
	{ "aes256gcm64",	IKE_XF_ENCR,  IKE_ENCR_AES_GCM_8,	256, KW_AEAD },
	/* RFC 7634 2: no key length attribute, the key is always 256 bits. */
	{ "chacha20poly1305",	IKE_XF_ENCR,  IKE_ENCR_CHACHA20_POLY1305, 0, KW_AEAD },

	{ "sha1",		IKE_XF_INTEG, IKE_INTEG_HMAC_SHA1_96,	0, 0 },
	{ "sha",		IKE_XF_INTEG, IKE_INTEG_HMAC_SHA1_96,	0, 0 },
	{ "sha256",		IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0, 0 },
	{ "sha2_256",		IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0, 0 },
	{ "sha384",		IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_384_192, 0, 0 },
	{ "sha2_384",		IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_384_192, 0, 0 },
	{ "sha512",		IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_512_256, 0, 0 },
	{ "sha2_512",		IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_512_256, 0, 0 },

	{ "prfsha1",		IKE_XF_PRF,   IKE_PRF_HMAC_SHA1,	0, 0 },
	{ "prfsha256",		IKE_XF_PRF,   IKE_PRF_HMAC_SHA2_256,	0, 0 },
	{ "prfsha384",		IKE_XF_PRF,   IKE_PRF_HMAC_SHA2_384,	0, 0 },
	{ "prfsha512",		IKE_XF_PRF,   IKE_PRF_HMAC_SHA2_512,	0, 0 },

	{ "modp2048",		IKE_XF_KE,    IKE_KE_MODP2048,		0, 0 },
	{ "modp3072",		IKE_XF_KE,    IKE_KE_MODP3072,		0, 0 },
	{ "modp4096",		IKE_XF_KE,    IKE_KE_MODP4096,		0, 0 },
	{ "ecp256",		IKE_XF_KE,    IKE_KE_ECP256,		0, 0 },
	{ "ecp384",		IKE_XF_KE,    IKE_KE_ECP384,		0, 0 },
	{ "ecp521",		IKE_XF_KE,    IKE_KE_ECP521,		0, 0 },
	{ "x25519",		IKE_XF_KE,    IKE_KE_CURVE25519,	0, 0 },
	{ "curve25519",		IKE_XF_KE,    IKE_KE_CURVE25519,	0, 0 },
	{ "x448",		IKE_XF_KE,    IKE_KE_CURVE448,		0, 0 },
	{ "curve448",		IKE_XF_KE,    IKE_KE_CURVE448,		0, 0 },

	{ "esn",		IKE_XF_ESN,   IKE_ESN_YES,		0, 0 },
	{ "noesn",		IKE_XF_ESN,   IKE_ESN_NO,		0, 0 },
};

/* The PRF that uses the same hash as an integrity algorithm. */
static uint16_t
integ_to_prf(uint16_t integ)
{
	switch (integ) {
	case IKE_INTEG_HMAC_SHA1_96:		return IKE_PRF_HMAC_SHA1;
	case IKE_INTEG_HMAC_SHA2_256_128:	return IKE_PRF_HMAC_SHA2_256;
	case IKE_INTEG_HMAC_SHA2_384_192:	return IKE_PRF_HMAC_SHA2_384;
	case IKE_INTEG_HMAC_SHA2_512_256:	return IKE_PRF_HMAC_SHA2_512;
	default:				return 0;
	}
}

static const struct cfg_prop_kw *
cfg_prop_kw_find(const char *word, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(cfg_prop_kws) / sizeof(cfg_prop_kws[0]); i++)
		if (strlen(cfg_prop_kws[i].name) == len &&
		    memcmp(cfg_prop_kws[i].name, word, len) == 0)
			return &cfg_prop_kws[i];
	return NULL;
}

/* A parsed keyword with where it was written, for messages. */
struct cfg_prop_word {
	const struct cfg_prop_kw	*kw;
	uint16_t		 id;	/* kw->id, or a PRF mapped from integrity */
	uint8_t			 type;
};

static int
cfg_prop_has(const struct cfg_prop_word *w, size_t n, uint8_t type, uint16_t id,
    uint16_t keylen)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i].type == type && w[i].id == id &&
		    w[i].kw->keylen == keylen)
			return 1;
	return 0;
}

static int
cfg_prop_tokenize(const char *text, uint8_t proto, struct cfg_prop_word *w,
    size_t *n_w, char *err, size_t errlen)
{
	const char *p = text, *dash;
	const struct cfg_prop_kw *kw;
	size_t len, n = 0;

	for (;;) {
		dash = strchr(p, '-');
		len = dash != NULL ? (size_t)(dash - p) : strlen(p);
		if (len == 0)
			return ike_errf(err, errlen,
			    "empty keyword in proposal '%s'", text);
		kw = cfg_prop_kw_find(p, len);
		if (kw == NULL)
			return ike_errf(err, errlen,
			    "unknown keyword '%.*s' in proposal '%s'",
			    (int)len, p, text);
		if (kw->type == IKE_XF_PRF && proto != IKE_PROTO_IKE)
			return ike_errf(err, errlen,
			    "'%s' is a PRF, not allowed in an ESP proposal",
			    kw->name);
		if (kw->type == IKE_XF_ESN && proto != IKE_PROTO_ESP)
			return ike_errf(err, errlen,
			    "'%s' is only allowed in an ESP proposal", kw->name);
		if (cfg_prop_has(w, n, kw->type, kw->id, kw->keylen))
			return ike_errf(err, errlen,
			    "'%.*s' repeats an algorithm in proposal '%s'",
			    (int)len, p, text);
		if (n == IKE_CFG_MAX_XF)
			return ike_errf(err, errlen,
			    "too many keywords in proposal '%s' (at most %d)",
			    text, IKE_CFG_MAX_XF);
		w[n].kw = kw;
		w[n].id = kw->id;
		w[n].type = kw->type;
		n++;
		if (dash == NULL)
			break;
		p = dash + 1;
	}
	*n_w = n;
	return IKE_OK;
}

/* The first word of a type, and whether it is AEAD or not. */
static const struct cfg_prop_word *
cfg_prop_first(const struct cfg_prop_word *w, size_t n, uint8_t type, int aead)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i].type == type && (aead < 0 ||
		    !!(w[i].kw->flags & KW_AEAD) == aead))
			return &w[i];
	return NULL;
}

/* Checks the combination rules and maps integrity to PRF (see cfg.h). */
static int
cfg_prop_check(const char *text, uint8_t proto, struct cfg_prop_word *w, size_t *n_w,
    char *err, size_t errlen)
{
	const struct cfg_prop_word *aead, *plain, *integ;
	size_t i, n = *n_w, m;

	aead = cfg_prop_first(w, n, IKE_XF_ENCR, 1);
	plain = cfg_prop_first(w, n, IKE_XF_ENCR, 0);
	integ = cfg_prop_first(w, n, IKE_XF_INTEG, -1);
	if (aead == NULL && plain == NULL)
		return ike_errf(err, errlen,
		    "proposal '%s' has no encryption algorithm", text);
	if (aead != NULL && plain != NULL)
		return ike_errf(err, errlen,
		    "proposal '%s' mixes AEAD '%s' with non-AEAD '%s'; "
		    "use separate proposals", text, aead->kw->name,
		    plain->kw->name);
	if (proto == IKE_PROTO_IKE && cfg_prop_first(w, n, IKE_XF_PRF, -1) == NULL) {
		if (integ == NULL)
			return ike_errf(err, errlen,
			    "proposal '%s' has no PRF (add e.g. prfsha256)",
			    text);
		/* strongSwan: the integrity algorithms name the PRFs; with
		 * AEAD that is all they do, so they are dropped. */
		m = n;
		for (i = 0; i < m; i++) {
			if (w[i].type != IKE_XF_INTEG)
				continue;
			if (n == IKE_CFG_MAX_XF)
				return ike_errf(err, errlen,
				    "too many keywords in proposal '%s'", text);
			w[n] = w[i];
			w[n].type = IKE_XF_PRF;
			w[n].id = integ_to_prf(w[i].id);
			n++;
		}
		if (aead != NULL) {
			for (i = m = 0; i < n; i++)
				if (w[i].type != IKE_XF_INTEG)
					w[m++] = w[i];
			n = m;
			integ = NULL;
		}
	}
	if (aead != NULL && integ != NULL)
		return ike_errf(err, errlen,
		    "integrity '%s' cannot be combined with AEAD '%s' in "
		    "proposal '%s'", integ->kw->name, aead->kw->name, text);
	if (plain != NULL && integ == NULL)
		return ike_errf(err, errlen,
		    "proposal '%s' needs an integrity algorithm for '%s'",
		    text, plain->kw->name);
	if (proto == IKE_PROTO_IKE && cfg_prop_first(w, n, IKE_XF_KE, -1) == NULL)
		return ike_errf(err, errlen,
		    "proposal '%s' has no key exchange method (add e.g. x25519)",
		    text);
	*n_w = n;
	return IKE_OK;
}

int
ike_proposal_parse(const char *text, uint8_t proto, struct ike_proposal *out,
    char *err, size_t errlen)
{
	static const uint8_t order[] = {
		IKE_XF_ENCR, IKE_XF_PRF, IKE_XF_INTEG, IKE_XF_KE, IKE_XF_ESN
	};
	struct cfg_prop_word w[IKE_CFG_MAX_XF];
	struct ike_proposal p;
	size_t n = 0, i, t;
	int ret;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (text == NULL || out == NULL)
		return ike_errf(err, errlen, "no proposal");
	if (proto != IKE_PROTO_IKE && proto != IKE_PROTO_ESP)
		return ike_errf(err, errlen, "proposals are for IKE or ESP only");
	if (strlen(text) >= sizeof(p.text))
		return ike_errf(err, errlen, "proposal '%.40s...' is too long "
		    "(at most %zu characters)", text, sizeof(p.text) - 1);
	if ((ret = cfg_prop_tokenize(text, proto, w, &n, err, errlen)) != IKE_OK ||
	    (ret = cfg_prop_check(text, proto, w, &n, err, errlen)) != IKE_OK)
		return ret;

	memset(&p, 0, sizeof(p));
	p.proto = proto;
	for (t = 0; t < sizeof(order); t++)
		for (i = 0; i < n; i++) {
			if (w[i].type != order[t])
				continue;
			p.xf[p.n_xf].type = w[i].type;
			p.xf[p.n_xf].id = w[i].id;
			p.xf[p.n_xf].keylen = w[i].type == IKE_XF_ENCR ?
			    w[i].kw->keylen : 0;
			p.n_xf++;
		}
	/* RFC 7296 3.3.2: an ESP proposal always carries an ESN transform. */
	if (proto == IKE_PROTO_ESP && cfg_prop_first(w, n, IKE_XF_ESN, -1) == NULL) {
		if (p.n_xf == IKE_CFG_MAX_XF)
			return ike_errf(err, errlen,
			    "too many keywords in proposal '%s'", text);
		p.xf[p.n_xf].type = IKE_XF_ESN;
		p.xf[p.n_xf].id = IKE_ESN_NO;
		p.n_xf++;
	}
	snprintf(p.text, sizeof(p.text), "%s", text);
	*out = p;
	return IKE_OK;
}

static bool
cfg_addr_in(const struct ike_end_cfg *end, const struct ike_addr *a, int *exact)
{
	size_t i;

	*exact = 0;
	if (end->n_addrs == 0)
		return true;
	for (i = 0; i < end->n_addrs; i++) {
		if (end->addrs[i].family == a->family &&
		    memcmp(end->addrs[i].addr, a->addr, ike_addr_len(a->family)) == 0) {
			*exact = 1;
			return true;
		}
	}
	return false;
}

/* -1: the addresses do not fit; else 2 per exact remote, 1 per exact local. */
static int
cfg_conn_score(const struct ike_conn_cfg *c, const struct ike_addr *local,
    const struct ike_addr *remote)
{
	int el, er;

	if (!cfg_addr_in(&c->local, local, &el) ||
	    !cfg_addr_in(&c->remote, remote, &er))
		return -1;
	return 2 * er + el;
}

const struct ike_conn_cfg *
ike_config_conn_by_addrs(const struct ike_config *cfg, const struct ike_addr *local,
    const struct ike_addr *remote, size_t i)
{
	const struct ike_conn_cfg *c;
	int score;

	for (score = 3; score >= 0 && cfg != NULL; score--)
		for (c = cfg->conns; c != NULL; c = c->next)
			if (cfg_conn_score(c, local, remote) == score && i-- == 0)
				return c;
	return NULL;
}

void
ike_conn_local_id(const struct ike_conn_cfg *conn, const struct ike_addr *local,
    struct ike_id *out)
{
	if (conn->local.id.type != 0)
		*out = conn->local.id;
	else
		ike_id_of_addr(local, out);
}

const struct ike_child_cfg *
ike_conn_child(const struct ike_conn_cfg *conn, const char *name)
{
	const struct ike_child_cfg *c;

	for (c = conn ? conn->children : NULL; c != NULL; c = c->next)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* A connection by name, or the connection of the child named name. */
const struct ike_conn_cfg *
ike_config_find(const struct ike_config *cfg, const char *name,
    const struct ike_child_cfg **child)
{
	const struct ike_conn_cfg *c;
	const struct ike_child_cfg *ch;

	*child = NULL;
	if (cfg == NULL || name == NULL)
		return NULL;
	if ((c = ike_config_conn(cfg, name)) != NULL)
		return c;
	for (c = cfg->conns; c != NULL; c = c->next) {
		for (ch = c->children; ch != NULL; ch = ch->next) {
			if (strcmp(ch->name, name) == 0) {
				*child = ch;
				return c;
			}
		}
	}
	return NULL;
}

uint16_t
ike_config_natt_port(const struct ike_config *cfg)
{
	return cfg != NULL && cfg->natt_port ? cfg->natt_port : 4500;
}

/* ---- what a reload changed ------------------------------------------------ */

static void
cfg_diff_add(char *buf, size_t len, size_t *off, const char *what)
{
	int n;

	if (*off >= len)
		return;
	n = snprintf(buf + *off, len - *off, "%s%s", *off ? ", " : "", what);
	if (n > 0)
		*off += (size_t)n;
}

static bool
cfg_end_same_auth(const struct ike_end_cfg *a, const struct ike_end_cfg *b)
{
	return a->auth == b->auth && a->n_certs == b->n_certs &&
	    a->n_cacerts == b->n_cacerts &&
	    memcmp(a->certs, b->certs, a->n_certs * sizeof(a->certs[0])) == 0 &&
	    memcmp(a->cacerts, b->cacerts,
	    a->n_cacerts * sizeof(a->cacerts[0])) == 0 &&
	    strcmp(a->key, b->key) == 0;
}

static bool
cfg_child_same_ts(const struct ike_child_cfg *a, const struct ike_child_cfg *b)
{
	return a->n_local_ts == b->n_local_ts && a->n_remote_ts == b->n_remote_ts &&
	    memcmp(a->local_ts, b->local_ts,
	    a->n_local_ts * sizeof(a->local_ts[0])) == 0 &&
	    memcmp(a->remote_ts, b->remote_ts,
	    a->n_remote_ts * sizeof(a->remote_ts[0])) == 0;
}

static bool
cfg_same_props(const struct ike_proposal *a, size_t na,
    const struct ike_proposal *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (a[i].n_xf != b[i].n_xf || memcmp(a[i].xf, b[i].xf,
		    a[i].n_xf * sizeof(a[i].xf[0])) != 0)
			return false;
	return true;
}

size_t
ike_conn_diff(const struct ike_conn_cfg *a, const struct ike_conn_cfg *b,
    char *buf, size_t len)
{
	const struct ike_child_cfg *ca, *cb;
	char what[IKE_CFG_NAME_MAX + 40];
	size_t off = 0;

	if (len > 0)
		buf[0] = '\0';
	if (a->local.n_addrs != b->local.n_addrs || a->remote.n_addrs !=
	    b->remote.n_addrs || memcmp(a->local.addrs, b->local.addrs,
	    a->local.n_addrs * sizeof(a->local.addrs[0])) != 0 ||
	    memcmp(a->remote.addrs, b->remote.addrs,
	    a->remote.n_addrs * sizeof(a->remote.addrs[0])) != 0)
		cfg_diff_add(buf, len, &off, "addresses");
	if (!ike_id_eq(&a->local.id, &b->local.id))
		cfg_diff_add(buf, len, &off, "local id");
	if (!ike_id_eq(&a->remote.id, &b->remote.id))
		cfg_diff_add(buf, len, &off, "remote id");
	if (!cfg_end_same_auth(&a->local, &b->local) ||
	    !cfg_end_same_auth(&a->remote, &b->remote))
		cfg_diff_add(buf, len, &off, "authentication");
	if (!cfg_same_props(a->ike, a->n_ike, b->ike, b->n_ike))
		cfg_diff_add(buf, len, &off, "IKE proposals");
	for (ca = a->children; ca != NULL; ca = ca->next) {
		if ((cb = ike_conn_child(b, ca->name)) == NULL) {
			snprintf(what, sizeof(what), "child %s removed", ca->name);
			cfg_diff_add(buf, len, &off, what);
			continue;
		}
		if (!cfg_child_same_ts(ca, cb)) {
			snprintf(what, sizeof(what), "traffic selectors of %s",
			    ca->name);
			cfg_diff_add(buf, len, &off, what);
		}
		if (!cfg_same_props(ca->esp, ca->n_esp, cb->esp, cb->n_esp) ||
		    ca->mode != cb->mode) {
			snprintf(what, sizeof(what), "ESP proposals or mode of %s",
			    ca->name);
			cfg_diff_add(buf, len, &off, what);
		}
	}
	return off;
}
