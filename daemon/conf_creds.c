/* SPDX-License-Identifier: ISC */
/*
 * conf_creds.c - the certificate parts of the config: the top-level
 * "credentials" section (certs, cacerts, keys and crls, each a list of
 * files or directories, as swanctl's x509/, x509ca/, private/ and
 * x509crl/ directories; rfc7427), and the per-end keys "certs" and "key"
 * (local) and "cacerts" (remote).  Relative paths are taken from the
 * config file's directory.  What the files hold is checked later by the
 * creds plugin, which sees the whole config.
 */
#include <stdio.h>
#include <string.h>

#include "ike.h"
#include "cfg.h"
#include "conf_int.h"

/* path as written, made absolute against the config file's directory. */
static int
creds_path(struct conf_ctx *ctx, const struct cnode *n, char *out)
{
	const char *slash = strrchr(ctx->name, '/');
	int len;

	if (n->str[0] == '/' || slash == NULL)
		len = snprintf(out, IKE_CFG_PATH_MAX, "%s", n->str);
	else
		len = snprintf(out, IKE_CFG_PATH_MAX, "%.*s/%s",
		    (int)(slash - ctx->name), ctx->name, n->str);
	if (len < 0 || len >= IKE_CFG_PATH_MAX)
		return conf_err(ctx, n, "path longer than %d bytes",
		    IKE_CFG_PATH_MAX - 1);
	return IKE_OK;
}

/* A list of paths into paths[max][IKE_CFG_PATH_MAX]. */
static int
creds_paths(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    char (*paths)[IKE_CFG_PATH_MAX], size_t max, size_t *n)
{
	const struct cnode *items[IKE_CFG_MAX_CREDS];
	size_t i;
	int ret;

	if ((ret = conf_list(ctx, k, v, items, max, n)) != IKE_OK)
		return ret;
	for (i = 0; i < *n; i++)
		if ((ret = creds_path(ctx, items[i], paths[i])) != IKE_OK)
			return ret;
	return IKE_OK;
}

static int
cred_list(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	struct ike_cred_cfg *g = obj;

	if (strcmp(k->str, "certs") == 0)
		return creds_paths(ctx, k, v, g->certs, IKE_CFG_MAX_CREDS,
		    &g->n_certs);
	if (strcmp(k->str, "cacerts") == 0)
		return creds_paths(ctx, k, v, g->cacerts, IKE_CFG_MAX_CREDS,
		    &g->n_cacerts);
	if (strcmp(k->str, "keys") == 0)
		return creds_paths(ctx, k, v, g->keys, IKE_CFG_MAX_CREDS,
		    &g->n_keys);
	return creds_paths(ctx, k, v, g->crls, IKE_CFG_MAX_CREDS, &g->n_crls);
}

static int
cred_rfc7427(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	struct ike_cred_cfg *g = obj;
	int yes, ret;

	if ((ret = conf_enum(ctx, k, v, &cfg_kw_yesno, &yes)) != IKE_OK)
		return ret;
	g->no_rfc7427 = !yes;
	return IKE_OK;
}

int
conf_credentials(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, void *obj)
{
	static const struct conf_key keys[] = {
		{ "certs", cred_list, 0 },
		{ "cacerts", cred_list, 0 },
		{ "keys", cred_list, 0 },
		{ "crls", cred_list, 0 },
		{ "rfc7427", cred_rfc7427, 0 },
	};

	(void)obj;
	return conf_map(ctx, k, "credentials", v, keys,
	    sizeof(keys) / sizeof(keys[0]), &ctx->cfg->creds);
}

int
conf_end_certs(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, struct ike_end_cfg *end)
{
	if (strcmp(k->str, "cacerts") == 0)
		return creds_paths(ctx, k, v, end->cacerts, IKE_CFG_MAX_CERTS,
		    &end->n_cacerts);
	if (strcmp(k->str, "certs") == 0)
		return creds_paths(ctx, k, v, end->certs, IKE_CFG_MAX_CERTS,
		    &end->n_certs);
	if (v->kind != CN_SCALAR)
		return conf_err(ctx, v, "'%s' must be one path", k->str);
	return creds_path(ctx, v, end->key);
}
