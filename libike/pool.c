/* SPDX-License-Identifier: ISC */
/*
 * pool.c - the leases of the virtual IP pools a gateway hands out in
 * CFG_REPLY (RFC 7296 2.19).  A pool's addresses are offsets into its
 * ranges.  An address is leased to a peer ID: online while an IKE SA
 * holds it, offline after, and kept so that the same ID gets the same
 * address back.  Addresses never leased go out in order (one counter per
 * range, so nothing is scanned); when a pool has none left, the offline
 * lease unused longest is given to the newcomer.  A full pool is an
 * error for the caller to report, never a crash.  Leases live in the
 * engine, not the config, so that they survive reloads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eng.h"
#include "pool.h"
#include "sa.h"

#define POOL_RANGE_MAX	0x80000000ull	/* addresses used of one range */

struct pool_lease {
	struct ike_id	 l_id;
	uint8_t		 l_range;
	uint32_t	 l_off;
	uint32_t	 l_sa;		/* holder's sa_id, 0: offline */
	char		 l_conn[IKE_CFG_NAME_MAX];
	uint64_t	 l_since;	/* engine ms of the last change */
};

struct eng_pool {
	struct eng_pool		*p_next;
	struct ike_pool_cfg	 p_cfg;		/* a copy: ranges and DNS */
	uint64_t		 p_size[IKE_CFG_MAX_RANGES];
	uint64_t		 p_fresh[IKE_CFG_MAX_RANGES];	/* next never-leased */
	struct pool_lease	*p_leases;
	size_t			 p_n, p_cap;
};

/* How many addresses a range has, at most POOL_RANGE_MAX. */
static uint64_t
pool_range_size(const struct ike_pool_range *r)
{
	size_t alen = ike_addr_len(r->family), i;
	uint64_t s = 0, e = 0;

	/* A difference above the last 8 bytes is beyond any cap. */
	for (i = 0; i + 8 < alen; i++)
		if (r->start[i] != r->end[i])
			return POOL_RANGE_MAX;
	for (i = alen > 8 ? alen - 8 : 0; i < alen; i++) {
		s = s << 8 | r->start[i];
		e = e << 8 | r->end[i];
	}
	return e - s >= POOL_RANGE_MAX ? POOL_RANGE_MAX : e - s + 1;
}

static void
pool_addr(const struct eng_pool *p, uint8_t range, uint32_t off,
    struct ike_addr *out)
{
	const struct ike_pool_range *r = &p->p_cfg.ranges[range];
	size_t alen = ike_addr_len(r->family), i = alen;
	uint64_t carry = off;

	memset(out, 0, sizeof(*out));
	out->family = r->family;
	memcpy(out->addr, r->start, alen);
	while (i-- > 0 && carry != 0) {
		carry += out->addr[i];
		out->addr[i] = (uint8_t)carry;
		carry >>= 8;
	}
}

static void
pool_free(struct eng_pool *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->p_n; i++)
		ike_id_free(&p->p_leases[i].l_id);
	free(p->p_leases);
	free(p);
}

void
pool_free_all(struct ike_engine *eng)
{
	struct eng_pool *p, *next;

	for (p = eng->eng_pools; p != NULL; p = next) {
		next = p->p_next;
		pool_free(p);
	}
	eng->eng_pools = NULL;
}

static bool
pool_same_ranges(const struct ike_pool_cfg *a, const struct ike_pool_cfg *b)
{
	return a->n_ranges == b->n_ranges && memcmp(a->ranges, b->ranges,
	    a->n_ranges * sizeof(a->ranges[0])) == 0;
}

int
pool_sync(struct ike_engine *eng)
{
	const struct ike_pool_cfg *c;
	struct eng_pool *keep = NULL, **pp, *p;
	size_t i;

	for (c = eng->eng_cfg != NULL ? eng->eng_cfg->pools : NULL; c != NULL;
	    c = c->next) {
		for (pp = &eng->eng_pools; (p = *pp) != NULL; pp = &p->p_next)
			if (strcmp(p->p_cfg.name, c->name) == 0 &&
			    pool_same_ranges(&p->p_cfg, c))
				break;
		if (p != NULL) {
			*pp = p->p_next;
		} else {
			if ((p = calloc(1, sizeof(*p))) == NULL)
				return IKE_ENOMEM;
			for (i = 0; i < c->n_ranges; i++)
				p->p_size[i] = pool_range_size(&c->ranges[i]);
		}
		p->p_cfg = *c;		/* DNS servers may have changed */
		p->p_cfg.next = NULL;
		p->p_next = keep;
		keep = p;
	}
	/* Pools gone from the config, or with other ranges now: their SAs
	 * keep their addresses, the leases are forgotten. */
	pool_free_all(eng);
	eng->eng_pools = keep;
	return IKE_OK;
}

static struct eng_pool *
pool_find(struct ike_engine *eng, const char *name)
{
	struct eng_pool *p;

	for (p = eng->eng_pools; p != NULL; p = p->p_next)
		if (strcmp(p->p_cfg.name, name) == 0)
			return p;
	return NULL;
}

static struct pool_lease *
pool_lease_new(struct eng_pool *p)
{
	struct pool_lease *l;
	size_t cap;

	if (p->p_n == p->p_cap) {
		cap = p->p_cap ? 2 * p->p_cap : 16;
		l = realloc(p->p_leases, cap * sizeof(*l));
		if (l == NULL)
			return NULL;
		p->p_leases = l;
		p->p_cap = cap;
	}
	l = &p->p_leases[p->p_n++];
	memset(l, 0, sizeof(*l));
	return l;
}

static bool
pool_has_family(const struct eng_pool *p, uint8_t family)
{
	size_t i;

	for (i = 0; i < p->p_cfg.n_ranges; i++)
		if (p->p_cfg.ranges[i].family == family)
			return true;
	return false;
}

/* One pool: the ID's offline lease, a fresh address, the oldest offline
 * lease; NULL when full. */
static struct pool_lease *
pool_take(struct eng_pool *p, const struct ike_sa *sa, uint8_t family,
    bool *fresh)
{
	struct pool_lease *l, *oldest = NULL;
	size_t i;

	*fresh = false;
	for (i = 0; i < p->p_n; i++) {
		l = &p->p_leases[i];
		if (l->l_sa != 0 ||
		    p->p_cfg.ranges[l->l_range].family != family)
			continue;
		if (ike_id_eq(&l->l_id, &sa->sa_rid))
			return l;
		if (oldest == NULL || l->l_since < oldest->l_since)
			oldest = l;
	}
	for (i = 0; i < p->p_cfg.n_ranges; i++) {
		if (p->p_cfg.ranges[i].family != family ||
		    p->p_fresh[i] >= p->p_size[i])
			continue;
		if ((l = pool_lease_new(p)) == NULL)
			return NULL;
		l->l_range = (uint8_t)i;
		l->l_off = (uint32_t)p->p_fresh[i]++;
		*fresh = true;
		return l;
	}
	return oldest;
}

int
pool_acquire(struct ike_sa *sa, uint8_t family, struct ike_addr *addr,
    const struct ike_pool_cfg **pool)
{
	struct ike_engine *eng = sa->sa_eng;
	const struct ike_conn_cfg *conn = sa->sa_conn;
	struct pool_lease *l;
	struct eng_pool *p;
	struct ike_id id;
	bool any = false, fresh;
	size_t i;

	for (i = 0; conn != NULL && i < conn->n_pools; i++) {
		if ((p = pool_find(eng, conn->pools[i])) == NULL ||
		    !pool_has_family(p, family))
			continue;
		any = true;
		if ((l = pool_take(p, sa, family, &fresh)) == NULL)
			continue;
		if (!ike_id_eq(&l->l_id, &sa->sa_rid)) {
			if (ike_id_copy(&id, &sa->sa_rid) < 0) {
				if (fresh) {
					p->p_n--;
					p->p_fresh[l->l_range]--;
				}
				return IKE_ENOMEM;
			}
			ike_id_free(&l->l_id);
			l->l_id = id;
		}
		l->l_sa = sa->sa_id;
		l->l_since = eng->eng_now;
		snprintf(l->l_conn, sizeof(l->l_conn), "%s", conn->name);
		pool_addr(p, l->l_range, l->l_off, addr);
		*pool = &p->p_cfg;
		return IKE_OK;
	}
	return any ? IKE_ENOSPC : IKE_ENOENT;
}

void
pool_release(struct ike_sa *sa)
{
	struct eng_pool *p;
	size_t i;

	for (p = sa->sa_eng->eng_pools; p != NULL; p = p->p_next) {
		for (i = 0; i < p->p_n; i++) {
			if (p->p_leases[i].l_sa != sa->sa_id)
				continue;
			p->p_leases[i].l_sa = 0;
			p->p_leases[i].l_since = sa->sa_eng->eng_now;
		}
	}
}

int
ike_engine_foreach_lease(struct ike_engine *eng, ike_lease_cb cb, void *ctx)
{
	struct ike_lease_info li;
	struct pool_lease *l;
	struct eng_pool *p;
	size_t i;

	for (p = eng->eng_pools; p != NULL; p = p->p_next) {
		for (i = 0; i < p->p_n; i++) {
			l = &p->p_leases[i];
			memset(&li, 0, sizeof(li));
			li.pool = p->p_cfg.name;
			pool_addr(p, l->l_range, l->l_off, &li.addr);
			li.id = &l->l_id;
			li.online = l->l_sa != 0;
			li.sa_id = l->l_sa;
			li.conn = l->l_sa != 0 ? l->l_conn : NULL;
			cb(ctx, &li);
		}
	}
	return IKE_OK;
}
