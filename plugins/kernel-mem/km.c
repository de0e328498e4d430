/* SPDX-License-Identifier: ISC */
/*
 * km.c - kernel-mem: SAs, larval SPIs and policies kept in arrays, with
 * the same rules the XFRM plugin meets in the kernel.  An SA is named by
 * (dst, spi, proto) and a policy by (selector, direction), as in XFRM;
 * SPIs are unique per (dst, proto).  Stored SAs own copies of their keys,
 * wiped when the SA goes away.  Test hooks: counters, simulated expiry
 * and acquire, and a one-shot failure injection.
 */
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "iana.h"
#include "km.h"

struct km_sa {
	struct kx_sa	 sa;		/* key views point into the bufs */
	struct ike_buf	 enc_key, int_key;
	struct kx_stats	 st;
	int		 larval;	/* allocated SPI, no SA yet */
};

#define KM_VIP_MAX	64

struct km {
	struct km_sa	*sas;
	size_t		 n_sa, cap_sa;
	struct kx_policy *pols;
	size_t		 n_pol, cap_pol;
	ike_rng_fn	 rng;
	void		*rng_ctx;
	uint32_t	 counter;
	uint64_t	 now;
	int		 fail_type;	/* -2: not armed */
	int		 fail_err;
	size_t		 ops[KX_LOCAL_ADDR + 1];
	struct ike_addr	 local;		/* KX_LOCAL_ADDR's answer, family 0: none */
	struct kx_vip	 vips[KM_VIP_MAX], routes[KM_VIP_MAX];
	size_t		 n_vip, n_route;
};

#define KM_NOT_ARMED	(-2)
#define KM_SPI_MIN	0x100u	/* RFC 4303 2.1: 1-255 are reserved */
#define KM_RNG_TRIES	64

static int
family_ok(uint8_t family)
{
	return family == IKE_AF_INET || family == IKE_AF_INET6;
}

int
km_sel_eq(const struct kx_sel *a, const struct kx_sel *b)
{
	size_t n = ike_addr_len(a->family);

	return a->family == b->family && a->proto == b->proto &&
	    a->src_plen == b->src_plen && a->dst_plen == b->dst_plen &&
	    a->sport == b->sport && a->dport == b->dport &&
	    memcmp(a->src, b->src, n) == 0 && memcmp(a->dst, b->dst, n) == 0;
}

/* Does the address a lie in the prefix p/plen? */
static int
prefix_covers(const uint8_t *p, uint8_t plen, const uint8_t *a, size_t len)
{
	size_t full = plen / 8, rest = plen % 8;
	uint8_t mask;

	if (full > len)
		return 0;
	if (memcmp(p, a, full) != 0)
		return 0;
	if (rest == 0 || full == len)
		return 1;
	mask = (uint8_t)(0xff << (8 - rest));
	return (p[full] & mask) == (a[full] & mask);
}

static int
sel_covers(const struct kx_sel *pol, const struct kx_sel *pkt)
{
	size_t n = ike_addr_len(pol->family);

	if (pol->family != pkt->family)
		return 0;
	if (pol->proto != 0 && pol->proto != pkt->proto)
		return 0;
	if (pol->sport != 0 && pol->sport != pkt->sport)
		return 0;
	if (pol->dport != 0 && pol->dport != pkt->dport)
		return 0;
	return prefix_covers(pol->src, pol->src_plen, pkt->src, n) &&
	    prefix_covers(pol->dst, pol->dst_plen, pkt->dst, n);
}

int
km_new(ike_rng_fn rng, void *rng_ctx, struct km **out)
{
	struct km *km = calloc(1, sizeof(*km));

	if (km == NULL)
		return IKE_ENOMEM;
	km->rng = rng;
	km->rng_ctx = rng_ctx;
	km->fail_type = KM_NOT_ARMED;
	*out = km;
	return IKE_OK;
}

static void
sa_clear(struct km_sa *e)
{
	ike_buf_free(&e->enc_key);
	ike_buf_free(&e->int_key);
	ike_memzero(e, sizeof(*e));
}

void
km_free(struct km *km)
{
	size_t i;

	if (km == NULL)
		return;
	for (i = 0; i < km->n_sa; i++)
		sa_clear(&km->sas[i]);
	free(km->sas);
	free(km->pols);
	free(km);
}

void
km_set_time(struct km *km, uint64_t now)
{
	km->now = now;
}

void
km_fail_next(struct km *km, int type, int err)
{
	km->fail_type = type;
	km->fail_err = err;
}

static struct km_sa *
sa_find(const struct km *km, const struct ike_addr *dst, uint32_t spi,
    uint8_t proto)
{
	size_t i;

	for (i = 0; i < km->n_sa; i++) {
		struct km_sa *e = &km->sas[i];

		if (e->sa.spi == spi && e->sa.proto == proto &&
		    ike_addr_host_eq(&e->sa.dst, dst))
			return e;
	}
	return NULL;
}

static void
sa_remove(struct km *km, struct km_sa *e)
{
	size_t i = (size_t)(e - km->sas);

	sa_clear(e);
	memmove(e, e + 1, (km->n_sa - i - 1) * sizeof(*e));
	km->n_sa--;
}

/* Makes room for one more element in *arr; IKE_ENOMEM. */
static int
grow(void **arr, size_t *cap, size_t n, size_t size)
{
	size_t ncap = *cap ? *cap * 2 : 16;
	void *p;

	if (n < *cap)
		return IKE_OK;
	if ((p = realloc(*arr, ncap * size)) == NULL)
		return IKE_ENOMEM;
	*arr = p;
	*cap = ncap;
	return IKE_OK;
}

/* Appends an empty entry; IKE_ENOMEM. */
static int
sa_append(struct km *km, struct km_sa **out)
{
	if (grow((void **)&km->sas, &km->cap_sa, km->n_sa, sizeof(*km->sas)))
		return IKE_ENOMEM;
	*out = &km->sas[km->n_sa++];
	memset(*out, 0, sizeof(**out));
	return IKE_OK;
}

static int
proto_ok(uint8_t proto)
{
	return proto == IKE_PROTO_ESP || proto == IKE_PROTO_AH;
}

/* The checks the kernel would make, so engine bugs show in unit tests. */
static int
sa_valid(const struct kx_sa *sa)
{
	const struct kx_alg *a = &sa->alg;
	int aead = a->aead[0] != '\0';

	if (!family_ok(sa->src.family) || sa->src.family != sa->dst.family)
		return IKE_EINVAL;
	if (!proto_ok(sa->proto) || sa->spi == 0)
		return IKE_EINVAL;
	if (sa->mode != KX_MODE_TRANSPORT && sa->mode != KX_MODE_TUNNEL)
		return IKE_EINVAL;
	if (sa->proto == IKE_PROTO_ESP && !aead && a->encr[0] == '\0')
		return IKE_EINVAL;
	if (aead && (a->encr[0] != '\0' || a->integ[0] != '\0' ||
	    a->icv_bits == 0 || a->enc_key.len == 0))
		return IKE_EINVAL;
	if (a->integ[0] != '\0' && a->int_key.len == 0)
		return IKE_EINVAL;
	if (sa->encap && (sa->src.port == 0 || sa->dst.port == 0))
		return IKE_EINVAL;
	return IKE_OK;
}

/* Copies sa into e, taking copies of the keys.  IKE_ENOMEM. */
static int
sa_store(struct km_sa *e, const struct kx_sa *sa)
{
	struct ike_buf ek = { 0 }, ik = { 0 };

	if (ike_buf_set(&ek, sa->alg.enc_key.ptr, sa->alg.enc_key.len) ||
	    ike_buf_set(&ik, sa->alg.int_key.ptr, sa->alg.int_key.len)) {
		ike_buf_free(&ek);
		ike_buf_free(&ik);
		return IKE_ENOMEM;
	}
	ike_buf_free(&e->enc_key);
	ike_buf_free(&e->int_key);
	e->sa = *sa;
	e->enc_key = ek;
	e->int_key = ik;
	e->sa.alg.enc_key = ike_buf_view(&e->enc_key);
	e->sa.alg.int_key = ike_buf_view(&e->int_key);
	return IKE_OK;
}

static int
spi_next(struct km *km, uint32_t lo, uint32_t hi, uint32_t *spi)
{
	uint64_t span = (uint64_t)hi - lo + 1;
	uint32_t v;
	int err;

	if (km->rng != NULL) {
		err = km->rng(km->rng_ctx, (uint8_t *)&v, sizeof(v));
		if (err != IKE_OK)
			return err;
		*spi = lo + (uint32_t)(v % span);
	} else {
		*spi = lo + (uint32_t)((uint64_t)km->counter++ % span);
	}
	return IKE_OK;
}

static int
op_alloc_spi(struct km *km, struct kx_op *op)
{
	uint32_t lo = op->spi_min ? op->spi_min : KM_SPI_MIN;
	uint32_t hi = op->spi_max ? op->spi_max : UINT32_MAX;
	uint64_t span = (uint64_t)hi - lo + 1, tries, limit;
	struct km_sa *e;
	uint32_t spi = 0;
	int err;

	if (lo > hi || lo == 0 || !proto_ok(op->sa.proto) ||
	    !family_ok(op->sa.dst.family))
		return IKE_EINVAL;
	/* At most n_sa SPIs are taken, so among n_sa + 1 candidates one is
	 * free unless the range itself is smaller: draws first, then a walk
	 * from the bottom so that a full range ends in IKE_ENOSPC. */
	limit = km->rng != NULL ? KM_RNG_TRIES : km->n_sa + 1;
	for (tries = 0; tries < limit; tries++) {
		if ((err = spi_next(km, lo, hi, &spi)) != IKE_OK)
			return err;
		if (sa_find(km, &op->sa.dst, spi, op->sa.proto) == NULL)
			goto found;
	}
	limit = span < km->n_sa + 1 ? span : km->n_sa + 1;
	for (tries = 0; tries < limit; tries++) {
		spi = lo + (uint32_t)tries;
		if (sa_find(km, &op->sa.dst, spi, op->sa.proto) == NULL)
			goto found;
	}
	return IKE_ENOSPC;
found:
	if ((err = sa_append(km, &e)) != IKE_OK)
		return err;
	e->larval = 1;
	e->sa.src = op->sa.src;
	e->sa.dst = op->sa.dst;
	e->sa.proto = op->sa.proto;
	e->sa.reqid = op->sa.reqid;
	e->sa.spi = spi;
	op->sa.spi = spi;
	return IKE_OK;
}

static int
op_add_sa(struct km *km, struct kx_op *op)
{
	struct km_sa *e;
	int err;

	if ((err = sa_valid(&op->sa)) != IKE_OK)
		return err;
	e = sa_find(km, &op->sa.dst, op->sa.spi, op->sa.proto);
	if (e != NULL && !e->larval)
		return IKE_EEXIST;
	if (e == NULL && (err = sa_append(km, &e)) != IKE_OK)
		return err;
	if ((err = sa_store(e, &op->sa)) != IKE_OK) {
		if (!e->larval)
			km->n_sa--;
		return err;
	}
	e->larval = 0;
	memset(&e->st, 0, sizeof(e->st));
	e->st.add_time = km->now;
	return IKE_OK;
}

static int
op_update_sa(struct km *km, struct kx_op *op)
{
	int move = op->old_dst.family != 0;
	const struct ike_addr *cur = move ? &op->old_dst : &op->sa.dst;
	struct km_sa *e;
	int err;

	if ((err = sa_valid(&op->sa)) != IKE_OK)
		return err;
	e = sa_find(km, cur, op->sa.spi, op->sa.proto);
	if (e == NULL || e->larval)
		return IKE_ENOENT;
	if (move && !ike_addr_host_eq(cur, &op->sa.dst) &&
	    sa_find(km, &op->sa.dst, op->sa.spi, op->sa.proto) != NULL)
		return IKE_EEXIST;
	/* In place, the kernel cannot add or drop encapsulation. */
	if (!move && e->sa.encap != op->sa.encap)
		return IKE_EINVAL;
	return sa_store(e, &op->sa);
}

static int
op_del_sa(struct km *km, struct kx_op *op)
{
	struct km_sa *e = sa_find(km, &op->sa.dst, op->sa.spi, op->sa.proto);

	if (e == NULL)
		return IKE_ENOENT;
	sa_remove(km, e);
	return IKE_OK;
}

static int
op_query_sa(struct km *km, struct kx_op *op)
{
	struct km_sa *e = sa_find(km, &op->sa.dst, op->sa.spi, op->sa.proto);

	if (e == NULL || e->larval)
		return IKE_ENOENT;
	op->stats = e->st;
	return IKE_OK;
}

static struct kx_policy *
pol_find(const struct km *km, const struct kx_sel *sel, enum kx_dir dir)
{
	size_t i;

	for (i = 0; i < km->n_pol; i++)
		if (km->pols[i].dir == dir && km_sel_eq(&km->pols[i].sel, sel))
			return &km->pols[i];
	return NULL;
}

static int
op_add_policy(struct km *km, struct kx_op *op)
{
	const struct kx_policy *p = &op->pol;

	if (!family_ok(p->sel.family) || p->dir > KX_DIR_FWD ||
	    p->sel.src_plen > ike_addr_len(p->sel.family) * 8 ||
	    p->sel.dst_plen > ike_addr_len(p->sel.family) * 8 ||
	    !proto_ok(p->proto))
		return IKE_EINVAL;
	if (p->mode == KX_MODE_TUNNEL && (!family_ok(p->tmpl_src.family) ||
	    p->tmpl_src.family != p->tmpl_dst.family))
		return IKE_EINVAL;
	if (pol_find(km, &p->sel, p->dir) != NULL)
		return IKE_EEXIST;
	if (grow((void **)&km->pols, &km->cap_pol, km->n_pol, sizeof(*km->pols)))
		return IKE_ENOMEM;
	km->pols[km->n_pol] = *p;
	/* As kernel-xfrm does: priority 0 means saker's default. */
	if (p->priority == 0)
		km->pols[km->n_pol].priority = KX_PRIO_BASE;
	km->n_pol++;
	return IKE_OK;
}

static void
pol_remove(struct km *km, struct kx_policy *p)
{
	size_t i = (size_t)(p - km->pols);

	memmove(p, p + 1, (km->n_pol - i - 1) * sizeof(*p));
	km->n_pol--;
}

static int
op_del_policy(struct km *km, struct kx_op *op)
{
	struct kx_policy *p = pol_find(km, &op->pol.sel, op->pol.dir);

	if (p == NULL)
		return IKE_ENOENT;
	pol_remove(km, p);
	return IKE_OK;
}

static int
op_flush_owned(struct km *km)
{
	size_t i;

	for (i = km->n_sa; i-- > 0;)
		if (KX_REQID_OURS(km->sas[i].sa.reqid))
			sa_remove(km, &km->sas[i]);
	for (i = km->n_pol; i-- > 0;)
		if (KX_REQID_OURS(km->pols[i].reqid))
			pol_remove(km, &km->pols[i]);
	return IKE_OK;
}

/* Virtual IPs are named by address, routes by address and destination
 * prefix; the kernel would say EEXIST and ENOENT as these do. */
static int
vip_same(const struct kx_vip *a, const struct kx_vip *b, int route)
{
	return ike_addr_host_eq(&a->addr, &b->addr) && (!route ||
	    (a->dst_plen == b->dst_plen &&
	    memcmp(a->dst, b->dst, ike_addr_len(a->addr.family)) == 0));
}

static int
op_vip(struct km *km, const struct kx_op *op, int route, int add)
{
	struct kx_vip *v = route ? km->routes : km->vips;
	size_t *n = route ? &km->n_route : &km->n_vip, i;

	if (!family_ok(op->vip.addr.family))
		return IKE_EINVAL;
	for (i = 0; i < *n; i++)
		if (vip_same(&v[i], &op->vip, route))
			break;
	if (add) {
		if (i < *n)
			return IKE_EEXIST;
		if (*n == KM_VIP_MAX)
			return IKE_ENOSPC;
		v[(*n)++] = op->vip;
		return IKE_OK;
	}
	if (i == *n)
		return IKE_ENOENT;
	memmove(&v[i], &v[i + 1], (*n - i - 1) * sizeof(*v));
	(*n)--;
	return IKE_OK;
}

void
km_set_local(struct km *km, const struct ike_addr *a)
{
	if (a != NULL)
		km->local = *a;
	else
		memset(&km->local, 0, sizeof(km->local));
}

size_t
km_vip_count(const struct km *km)
{
	return km->n_vip;
}

const struct kx_vip *
km_vip_at(const struct km *km, size_t i)
{
	return i < km->n_vip ? &km->vips[i] : NULL;
}

size_t
km_route_count(const struct km *km)
{
	return km->n_route;
}

const struct kx_vip *
km_route_at(const struct km *km, size_t i)
{
	return i < km->n_route ? &km->routes[i] : NULL;
}

static int
km_op(void *ctx, struct kx_op *op)
{
	struct km *km = ctx;

	if ((unsigned)op->type > KX_LOCAL_ADDR)
		return IKE_EINVAL;
	km->ops[op->type]++;
	if (km->fail_type == -1 || km->fail_type == (int)op->type) {
		km->fail_type = KM_NOT_ARMED;
		return km->fail_err;
	}
	switch (op->type) {
	case KX_ALLOC_SPI:	return op_alloc_spi(km, op);
	case KX_ADD_SA:		return op_add_sa(km, op);
	case KX_UPDATE_SA:	return op_update_sa(km, op);
	case KX_DEL_SA:		return op_del_sa(km, op);
	case KX_QUERY_SA:	return op_query_sa(km, op);
	case KX_ADD_POLICY:	return op_add_policy(km, op);
	case KX_DEL_POLICY:	return op_del_policy(km, op);
	case KX_FLUSH_OWNED:	return op_flush_owned(km);
	case KX_ADD_VIP:	return op_vip(km, op, 0, 1);
	case KX_DEL_VIP:	return op_vip(km, op, 0, 0);
	case KX_ADD_ROUTE:	return op_vip(km, op, 1, 1);
	case KX_DEL_ROUTE:	return op_vip(km, op, 1, 0);
	case KX_LOCAL_ADDR:
		if (km->local.family != op->vip.peer.family)
			return IKE_ENOENT;
		op->vip.local = km->local;
		return IKE_OK;
	}
	return IKE_EINVAL;
}

const struct ike_kernel km_kernel = {
	.name = "kernel-mem",
	.op = km_op,
};

static size_t
count_sas(const struct km *km, int larval)
{
	size_t i, n = 0;

	for (i = 0; i < km->n_sa; i++)
		n += km->sas[i].larval == larval;
	return n;
}

size_t
km_sa_count(const struct km *km)
{
	return count_sas(km, 0);
}

size_t
km_larval_count(const struct km *km)
{
	return count_sas(km, 1);
}

size_t
km_policy_count(const struct km *km)
{
	return km->n_pol;
}

size_t
km_op_count(const struct km *km, enum kx_op_type t)
{
	return (unsigned)t <= KX_LOCAL_ADDR ? km->ops[t] : 0;
}

const struct kx_sa *
km_find_sa(const struct km *km, const struct ike_addr *dst, uint32_t spi,
    uint8_t proto)
{
	const struct km_sa *e = sa_find(km, dst, spi, proto);

	return e != NULL && !e->larval ? &e->sa : NULL;
}

const struct kx_policy *
km_find_policy(const struct km *km, const struct kx_sel *sel, enum kx_dir dir)
{
	return pol_find(km, sel, dir);
}

const struct kx_sa *
km_sa_at(const struct km *km, size_t i)
{
	size_t k;

	for (k = 0; k < km->n_sa; k++) {
		if (km->sas[k].larval)
			continue;
		if (i-- == 0)
			return &km->sas[k].sa;
	}
	return NULL;
}

const struct kx_policy *
km_policy_at(const struct km *km, size_t i)
{
	return i < km->n_pol ? &km->pols[i] : NULL;
}

int
km_traffic(struct km *km, const struct ike_addr *dst, uint32_t spi,
    uint8_t proto, uint64_t bytes, uint64_t packets)
{
	struct km_sa *e = sa_find(km, dst, spi, proto);

	if (e == NULL || e->larval)
		return IKE_ENOENT;
	e->st.bytes += bytes;
	e->st.packets += packets;
	e->st.use_time = km->now;
	return IKE_OK;
}

int
km_expire(struct km *km, const struct ike_addr *dst, uint32_t spi,
    uint8_t proto, int hard, struct kx_event *ev)
{
	struct km_sa *e = sa_find(km, dst, spi, proto);

	if (e == NULL || e->larval)
		return IKE_ENOENT;
	memset(ev, 0, sizeof(*ev));
	ev->type = hard ? KX_EV_EXPIRE_HARD : KX_EV_EXPIRE_SOFT;
	ev->reqid = e->sa.reqid;
	ev->spi = e->sa.spi;
	ev->proto = e->sa.proto;
	ev->dst = e->sa.dst;
	ev->src = e->sa.src;
	ev->sel = e->sa.sel;
	if (hard)
		sa_remove(km, e);
	return IKE_OK;
}

int
km_acquire(struct km *km, const struct kx_sel *pkt, struct kx_event *ev)
{
	const struct kx_policy *best = NULL;
	size_t i;

	/* The kernel picks the matching policy with the lowest priority
	 * value; ties go to the one installed first. */
	for (i = 0; i < km->n_pol; i++) {
		const struct kx_policy *p = &km->pols[i];

		if (p->dir != KX_DIR_OUT || !sel_covers(&p->sel, pkt))
			continue;
		if (best == NULL || p->priority < best->priority)
			best = p;
	}
	if (best == NULL)
		return IKE_ENOENT;
	for (i = 0; i < km->n_sa; i++) {
		const struct km_sa *e = &km->sas[i];

		if (!e->larval && e->sa.reqid == best->reqid &&
		    e->sa.proto == best->proto && e->sa.mode == best->mode &&
		    (best->mode != KX_MODE_TUNNEL ||
		     ike_addr_host_eq(&e->sa.dst, &best->tmpl_dst)))
			return IKE_EEXIST;
	}
	memset(ev, 0, sizeof(*ev));
	ev->type = KX_EV_ACQUIRE;
	ev->reqid = best->reqid;
	ev->proto = best->proto;
	ev->sel = *pkt;
	if (best->mode == KX_MODE_TUNNEL) {
		ev->src = best->tmpl_src;
		ev->dst = best->tmpl_dst;
	} else {
		ev->src.family = ev->dst.family = pkt->family;
		memcpy(ev->src.addr, pkt->src, ike_addr_len(pkt->family));
		memcpy(ev->dst.addr, pkt->dst, ike_addr_len(pkt->family));
	}
	return IKE_OK;
}
