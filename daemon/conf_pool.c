/* SPDX-License-Identifier: ISC */
/*
 * conf_pool.c - the road-warrior parts of the config: the "pools" section
 * (each pool's address ranges and DNS servers) and a connection's keys
 * for virtual IPs: the pools it hands out from, the virtual IPs it asks
 * for, its unique-ID policy and the hook script run when virtual IPs come
 * and go.  Pool names a connection refers to are checked once the whole
 * file is read, so sections may come in any order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike.h"
#include "cfg.h"
#include "conf_int.h"

static int
pool_addresses(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, void *obj)
{
	struct ike_pool_cfg *p = obj;
	const struct cnode *items[IKE_CFG_MAX_RANGES];
	char why[200];
	size_t n, i;
	int ret;

	if ((ret = conf_list(ctx, k, v, items, IKE_CFG_MAX_RANGES, &n)) != IKE_OK)
		return ret;
	for (i = 0; i < n; i++)
		if (ike_pool_range_parse(items[i]->str, &p->ranges[i], why,
		    sizeof(why)) != IKE_OK)
			return conf_err(ctx, items[i], "%s", why);
	p->n_ranges = n;
	return IKE_OK;
}

/* A list of plain addresses (DNS servers, virtual IPs). */
static int
addr_list(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    struct ike_addr *out, size_t max, size_t *n_out)
{
	const struct cnode *items[8];
	size_t n, i;
	int ret;

	if ((ret = conf_list(ctx, k, v, items, max < 8 ? max : 8, &n)) != IKE_OK)
		return ret;
	for (i = 0; i < n; i++)
		if (ike_addr_parse(items[i]->str, &out[i]) != IKE_OK)
			return conf_err(ctx, items[i], "'%s' is not an IPv4 or "
			    "IPv6 address", items[i]->str);
	*n_out = n;
	return IKE_OK;
}

static int
pool_dns(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	struct ike_pool_cfg *p = obj;

	return addr_list(ctx, k, v, p->dns, IKE_CFG_MAX_DNS, &p->n_dns);
}

int
conf_pools(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	static const struct conf_key keys[] = {
		{ "addresses", pool_addresses, 1 },
		{ "dns", pool_dns, 0 },
	};
	struct ike_pool_cfg **tail = &ctx->cfg->pools, *p;
	char what[IKE_CFG_NAME_MAX + 16];
	size_t i;
	int ret;

	(void)obj;
	if (v->kind != CN_MAP)
		return conf_err(ctx, v, "'%s' must be a mapping of pool names",
		    k->str);
	for (i = 0; i + 1 < v->n_kids; i += 2) {
		if ((p = calloc(1, sizeof(*p))) == NULL)
			return IKE_ENOMEM;
		*tail = p;
		tail = &p->next;
		if ((ret = conf_name(ctx, v->kids[i], "pool name", p->name,
		    sizeof(p->name))) != IKE_OK)
			return ret;
		snprintf(what, sizeof(what), "pool '%s'", p->name);
		if ((ret = conf_map(ctx, v->kids[i], what, v->kids[i + 1], keys,
		    2, p)) != IKE_OK)
			return ret;
	}
	return IKE_OK;
}

static int
conn_pools(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    struct ike_conn_cfg *c)
{
	const struct cnode *items[IKE_CFG_MAX_POOLS];
	size_t n, i;
	int ret;

	if ((ret = conf_list(ctx, k, v, items, IKE_CFG_MAX_POOLS, &n)) != IKE_OK)
		return ret;
	for (i = 0; i < n; i++) {
		if ((ret = conf_name(ctx, items[i], "pool name", c->pools[i],
		    sizeof(c->pools[i]))) != IKE_OK)
			return ret;
		if (ctx->n_pool_refs < CONF_MAX_POOL_REFS)
			ctx->pool_refs[ctx->n_pool_refs++] = items[i];
	}
	c->n_pools = n;
	return IKE_OK;
}

static int
conn_unique(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    struct ike_conn_cfg *c)
{
	int u, ret;

	if ((ret = conf_enum(ctx, k, v, &cfg_kw_unique, &u)) != IKE_OK)
		return ret;
	c->unique = (enum ike_unique)u;
	return IKE_OK;
}

static int
conn_hook(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    struct ike_conn_cfg *c)
{
	int ret;

	if ((ret = conf_string(ctx, k, v, c->hook, sizeof(c->hook))) != IKE_OK)
		return ret;
	if (c->hook[0] != '/')
		return conf_err(ctx, v, "'%s' must be an absolute path", k->str);
	return IKE_OK;
}

int
conf_conn_rw(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, struct ike_conn_cfg *c)
{
	size_t i;
	int ret;

	if (strcmp(k->str, "pools") == 0)
		return conn_pools(ctx, k, v, c);
	if (strcmp(k->str, "unique") == 0)
		return conn_unique(ctx, k, v, c);
	if (strcmp(k->str, "hook") == 0)
		return conn_hook(ctx, k, v, c);
	/* vips: 0.0.0.0 / :: ask for any address of the family. */
	if ((ret = addr_list(ctx, k, v, c->vips, IKE_CFG_MAX_VIPS,
	    &c->n_vips)) != IKE_OK)
		return ret;
	for (i = 1; i < c->n_vips; i++)
		if (c->vips[i].family == c->vips[0].family)
			return conf_err(ctx, v, "'vips' asks twice for the same "
			    "address family");
	return IKE_OK;
}

int
conf_check_pools(struct conf_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->n_pool_refs; i++)
		if (ike_config_pool(ctx->cfg, ctx->pool_refs[i]->str) == NULL)
			return conf_err(ctx, ctx->pool_refs[i], "no pool named "
			    "'%s' in 'pools'", ctx->pool_refs[i]->str);
	return IKE_OK;
}
