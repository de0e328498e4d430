/* SPDX-License-Identifier: ISC */
/*
 * vip.c - virtual IPs, both roles (RFC 7296 2.19, 3.15).  A client asks
 * for addresses and DNS servers with CP(CFG_REQUEST) in IKE_AUTH, puts
 * what it gets on an interface through the kernel plugin, proposes and
 * installs its selectors with it, and routes traffic of the Child SAs'
 * remote networks from it.  A gateway answers from its pools
 * (pool.c) with CP(CFG_REPLY) and narrows the client's selectors to the
 * addresses it gave.  When the IKE SA goes, a client takes its addresses
 * off and a gateway's leases go offline; hooks hear of both.
 */
#include <stdio.h>
#include <string.h>

#include "eng.h"
#include "iana.h"
#include "kpol.h"
#include "names.h"
#include "pool.h"
#include "sa.h"
#include "vip.h"
#include "xout.h"

static bool
vip_unspecified(const struct ike_addr *a)
{
	static const uint8_t zero[16];

	return memcmp(a->addr, zero, ike_addr_len(a->family)) == 0;
}

static void
vip_event(struct ike_sa *sa, enum ike_event_type type)
{
	struct ike_engine *eng = sa->sa_eng;
	struct ike_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.conn = sa->sa_conn_name;
	ev.sa = sa->sa_name;
	ev.peer = sa->sa_remote;
	ev.peer_id = &sa->sa_rid;
	ev.vip = &sa->sa_vip.info;
	eng_event(eng, &ev);
}

static void
vip_format(const struct ike_addr *a, size_t n, char *buf, size_t len)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < n && off < len; i++) {
		if (i > 0)
			off += (size_t)snprintf(buf + off, len - off, " ");
		if (off < len)
			ts_addr_format(a[i].family, a[i].addr, buf + off, len - off);
		off = strlen(buf);
	}
}

size_t
vip_side(const struct ike_sa *sa, bool local, struct ike_addr *out, bool *wide)
{
	const struct ike_conn_cfg *conn = sa->sa_conn;
	size_t i;

	*wide = false;
	if (sa->sa_vip.info.n_vips > 0 && sa->sa_vip.info.local == local) {
		memcpy(out, sa->sa_vip.info.vips, sa->sa_vip.info.n_vips * sizeof(*out));
		return sa->sa_vip.info.n_vips;
	}
	/* A client before the answer: any address of the families it
	 * asks for, which the gateway narrows to the one it gives. */
	if (local && conn != NULL && conn->n_vips > 0 &&
	    sa->sa_state < SA_S_ESTABLISHED) {
		for (i = 0; i < conn->n_vips; i++)
			out[i] = conn->vips[i];
		*wide = true;
		return conn->n_vips;
	}
	return 0;
}

/* ---- client ------------------------------------------------------------- */

/*
 *   HDR, SK { IDi, AUTH, CP(CFG_REQUEST), SAi2, TSi, TSr }  -->
 *
 * INTERNAL_IP4_ADDRESS / INTERNAL_IP6_ADDRESS empty (any) or holding the
 * address we would like, and the DNS attributes of the same families.
 */
int
vip_request(struct ike_sa *sa, struct xchg_out *x)
{
	const struct ike_conn_cfg *conn = sa->sa_conn;
	uint8_t v6[IKE_CFG_MAX_VIPS][17];
	struct pld_cp cp;
	size_t i;

	if (conn == NULL || conn->n_vips == 0)
		return IKE_OK;
	memset(&cp, 0, sizeof(cp));
	cp.type = IKE_CFG_REQUEST;
	for (i = 0; i < conn->n_vips && i < IKE_CFG_MAX_VIPS; i++) {
		const struct ike_addr *a = &conn->vips[i];
		struct pld_cp_attr *at = &cp.attr[cp.n++];

		if (a->family == IKE_AF_INET) {
			at->type = IKE_CA_INTERNAL_IP4_ADDRESS;
			if (!vip_unspecified(a))
				at->value = (struct ike_bytes){ a->addr, 4 };
			cp.attr[cp.n++].type = IKE_CA_INTERNAL_IP4_DNS;
		} else {
			at->type = IKE_CA_INTERNAL_IP6_ADDRESS;
			if (!vip_unspecified(a)) {
				memcpy(v6[i], a->addr, 16);
				v6[i][16] = 128;
				at->value = (struct ike_bytes){ v6[i], 17 };
			}
			cp.attr[cp.n++].type = IKE_CA_INTERNAL_IP6_DNS;
		}
	}
	return XOUT_ADD(x, IKE_PL_CP, pld_cp_build, &cp);
}

static void
vip_op(struct ike_sa *sa, enum kx_op_type type, const struct ike_addr *a,
    struct kx_op *op)
{
	memset(op, 0, sizeof(*op));
	op->type = type;
	op->vip.addr = *a;
	op->vip.addr.port = 0;
	op->vip.plen = a->family == IKE_AF_INET ? 32 : 128;
	op->vip.local = sa->sa_local;
	op->vip.peer = sa->sa_remote;
}

/* Adds the address unless the host has it already (then it is not ours
 * to remove). */
static void
vip_install(struct ike_sa *sa, size_t i)
{
	struct ike_engine *eng = sa->sa_eng;
	char a[64];
	struct kx_op op;
	int err;

	ts_addr_format(sa->sa_vip.info.vips[i].family, sa->sa_vip.info.vips[i].addr, a,
	    sizeof(a));
	vip_op(sa, KX_ADD_VIP, &sa->sa_vip.info.vips[i], &op);
	err = eng_kernel(eng, &op);
	if (err == IKE_OK) {
		sa->sa_vip.inst |= (uint8_t)(1u << i);
		eng_log(eng, IKE_LOG_INFO, sa->sa_name, "installed virtual IP "
		    "%s", a);
	} else if (err == IKE_EEXIST) {
		eng_log(eng, IKE_LOG_INFO, sa->sa_name, "virtual IP %s is "
		    "already on this host", a);
	} else {
		eng_log(eng, IKE_LOG_ERROR, sa->sa_name, "installing virtual "
		    "IP %s failed: %s", a, ike_strerror(err));
		eng_set_failure(eng, sa->sa_conn_name, "installing the virtual "
		    "IP failed");
	}
}

static bool
vip_asked(const struct ike_conn_cfg *conn, uint8_t family)
{
	size_t i;

	for (i = 0; i < conn->n_vips; i++)
		if (conn->vips[i].family == family)
			return true;
	return false;
}

static void
vip_add_addr(struct ike_vip_info *v, uint8_t family, const uint8_t *a,
    bool dns)
{
	struct ike_addr *to;
	size_t *n = dns ? &v->n_dns : &v->n_vips, i;

	if (*n >= (dns ? IKE_DNS_MAX : IKE_VIP_MAX))
		return;
	for (i = 0; i < *n; i++) {
		to = dns ? &v->dns[i] : &v->vips[i];
		if (to->family == family &&
		    memcmp(to->addr, a, ike_addr_len(family)) == 0)
			return;		/* said twice */
	}
	to = dns ? &v->dns[*n] : &v->vips[*n];
	memset(to, 0, sizeof(*to));
	to->family = family;
	memcpy(to->addr, a, ike_addr_len(family));
	(*n)++;
}

/*
 *   <--  HDR, SK { IDr, AUTH, CP(CFG_REPLY), SAr2, TSi, TSr }
 */
void
vip_accept(struct ike_sa *sa, const struct msg *m)
{
	const struct ike_conn_cfg *conn = sa->sa_conn;
	struct ike_engine *eng = sa->sa_eng;
	const struct msg_pl *pl;
	struct ike_vip_info *v = &sa->sa_vip.info;
	char vs[128], ds[256];
	struct pld_cp cp;
	size_t i;

	if (conn == NULL || conn->n_vips == 0)
		return;
	memset(v, 0, sizeof(*v));
	v->local = 1;
	pl = msg_find(m, IKE_PL_CP, 0);
	if (pl == NULL || pld_cp_parse(pl->body, &cp) < 0 ||
	    cp.type != IKE_CFG_REPLY) {
		eng_log(eng, IKE_LOG_WARN, sa->sa_name, "we asked for a virtual "
		    "IP and the peer %s", pl == NULL ? "sent no CP(CFG_REPLY)" :
		    "sent a CP payload we cannot use");
		eng_set_failure(eng, sa->sa_conn_name, "no virtual IP from the "
		    "peer");
		return;
	}
	for (i = 0; i < cp.n; i++) {
		const struct pld_cp_attr *at = &cp.attr[i];

		switch (at->type) {
		case IKE_CA_INTERNAL_IP4_ADDRESS:
			if (at->value.len == 4 && vip_asked(conn, IKE_AF_INET))
				vip_add_addr(v, IKE_AF_INET, at->value.ptr, false);
			break;
		case IKE_CA_INTERNAL_IP6_ADDRESS:
			if (at->value.len == 17 && vip_asked(conn, IKE_AF_INET6))
				vip_add_addr(v, IKE_AF_INET6, at->value.ptr, false);
			break;
		case IKE_CA_INTERNAL_IP4_DNS:
			if (at->value.len == 4)
				vip_add_addr(v, IKE_AF_INET, at->value.ptr, true);
			break;
		case IKE_CA_INTERNAL_IP6_DNS:
			if (at->value.len == 16)
				vip_add_addr(v, IKE_AF_INET6, at->value.ptr, true);
			break;
		default:
			break;
		}
	}
	vip_format(v->vips, v->n_vips, vs, sizeof(vs));
	vip_format(v->dns, v->n_dns, ds, sizeof(ds));
	if (v->n_vips == 0) {
		eng_log(eng, IKE_LOG_WARN, sa->sa_name, "the peer's CFG_REPLY "
		    "holds no virtual IP");
		eng_set_failure(eng, sa->sa_conn_name, "no virtual IP from the "
		    "peer");
		return;
	}
	eng_log(eng, IKE_LOG_INFO, sa->sa_name, "virtual IP %s%s%s received",
	    vs, v->n_dns ? ", DNS " : "", ds);
	for (i = 0; i < v->n_vips; i++)
		vip_install(sa, i);
	sa->sa_vip.up = true;
	vip_event(sa, IKE_EV_VIP_UP);
}

/* The route number n of ch: for each remote selector, one per virtual IP
 * of its family.  false past the end. */
static bool
vip_route_at(const struct child_sa *ch, size_t n, struct kx_op *op,
    enum kx_op_type type)
{
	const struct ike_sa *sa = ch->ch_sa;
	const struct ike_vip_info *v = &sa->sa_vip.info;
	struct kx_sel sel;
	struct ike_ts host;
	size_t i, j, k = 0;

	if (!v->local)
		return false;
	for (i = 0; i < ch->ch_n_rts; i++) {
		for (j = 0; j < v->n_vips; j++) {
			if (v->vips[j].family != ch->ch_rts[i].family ||
			    k++ != n)
				continue;
			ts_host(&v->vips[j], &host);
			if (ts_to_sel(&host, &ch->ch_rts[i], &sel) < 0)
				return false;
			vip_op((struct ike_sa *)sa, type, &v->vips[j], op);
			memcpy(op->vip.dst, sel.dst, sizeof(op->vip.dst));
			op->vip.dst_plen = sel.dst_plen;
			return true;
		}
	}
	return false;
}

void
vip_routes_add(struct child_sa *ch)
{
	struct ike_engine *eng = ch->ch_sa->sa_eng;
	struct kx_op op;
	int err;

	while (vip_route_at(ch, ch->ch_n_routes, &op, KX_ADD_ROUTE)) {
		err = eng_kernel(eng, &op);
		if (err < 0 && err != IKE_EEXIST) {
			eng_log(eng, IKE_LOG_WARN, ch->ch_name, "installing a "
			    "route from the virtual IP failed: %s",
			    ike_strerror(err));
			break;
		}
		ch->ch_n_routes++;
	}
}

void
vip_routes_del(struct child_sa *ch)
{
	struct ike_engine *eng = ch->ch_sa->sa_eng;
	struct kx_op op;
	int err;

	while (ch->ch_n_routes > 0) {
		if (!vip_route_at(ch, --ch->ch_n_routes, &op, KX_DEL_ROUTE))
			continue;
		if ((err = eng_kernel(eng, &op)) < 0 && err != IKE_ENOENT)
			eng_log(eng, IKE_LOG_WARN, ch->ch_name, "removing a "
			    "route failed: %s", ike_strerror(err));
	}
}

void
vip_release(struct ike_sa *sa)
{
	struct ike_engine *eng = sa->sa_eng;
	struct kx_op op;
	size_t i;
	int err;

	if (!sa->sa_vip.info.local)
		pool_release(sa);
	for (i = 0; i < sa->sa_vip.info.n_vips; i++) {
		if (!(sa->sa_vip.inst & (1u << i)))
			continue;
		vip_op(sa, KX_DEL_VIP, &sa->sa_vip.info.vips[i], &op);
		if ((err = eng_kernel(eng, &op)) < 0 && err != IKE_ENOENT)
			eng_log(eng, IKE_LOG_WARN, sa->sa_name, "removing the "
			    "virtual IP failed: %s", ike_strerror(err));
	}
	sa->sa_vip.inst = 0;
	if (sa->sa_vip.up) {
		sa->sa_vip.up = false;
		vip_event(sa, IKE_EV_VIP_DOWN);
	}
}

/* ---- gateway ------------------------------------------------------------- */

struct vip_ask {
	bool	addr4, addr6, dns4, dns6, mask4, subnet4, subnet6;
};

static bool
vip_parse_request(const struct msg *m, struct vip_ask *ask)
{
	const struct msg_pl *pl = msg_find(m, IKE_PL_CP, 0);
	struct pld_cp cp;
	size_t i;

	memset(ask, 0, sizeof(*ask));
	if (pl == NULL || pld_cp_parse(pl->body, &cp) < 0 ||
	    cp.type != IKE_CFG_REQUEST)
		return false;
	for (i = 0; i < cp.n; i++) {
		switch (cp.attr[i].type) {
		case IKE_CA_INTERNAL_IP4_ADDRESS:	ask->addr4 = true; break;
		case IKE_CA_INTERNAL_IP6_ADDRESS:	ask->addr6 = true; break;
		case IKE_CA_INTERNAL_IP4_DNS:		ask->dns4 = true; break;
		case IKE_CA_INTERNAL_IP6_DNS:		ask->dns6 = true; break;
		case IKE_CA_INTERNAL_IP4_NETMASK:	ask->mask4 = true; break;
		case IKE_CA_INTERNAL_IP4_SUBNET:	ask->subnet4 = true; break;
		case IKE_CA_INTERNAL_IP6_SUBNET:	ask->subnet6 = true; break;
		default:				break;
		}
	}
	return true;
}

/* Leases one address of family; false when the pools are full. */
static bool
vip_lease(struct ike_sa *sa, uint8_t family, bool dns,
    const struct ike_pool_cfg **used, size_t *n_used)
{
	const struct ike_pool_cfg *pool = NULL;
	struct ike_addr a;
	size_t i;
	int err;

	err = pool_acquire(sa, family, &a, &pool);
	if (err == IKE_ENOENT)
		return true;		/* no pool of that family: nothing asked of us */
	if (err < 0)
		return false;
	vip_add_addr(&sa->sa_vip.info, family, a.addr, false);
	if (dns)
		for (i = 0; i < pool->n_dns; i++)
			if (pool->dns[i].family == family)
				vip_add_addr(&sa->sa_vip.info, family,
				    pool->dns[i].addr, true);
	used[(*n_used)++] = pool;
	return true;
}

/* The v4 or v6 selectors of the connection's children, as subnets. */
static void
vip_add_subnets(struct ike_sa *sa, uint8_t family, struct pld_cp *cp,
    uint8_t (*buf)[17], size_t *nb)
{
	const struct ike_child_cfg *c;
	struct ike_ts ts[TS_MAX];
	struct kx_sel sel;
	size_t n, i;

	for (c = sa->sa_conn->children; c != NULL; c = c->next) {
		n = kpol_cfg_ts(c, true, &sa->sa_local, ts);
		for (i = 0; i < n && *nb < 16 && cp->n < PLD_CP_MAX; i++) {
			if (ts[i].family != family)
				continue;
			if (ts_to_sel(&ts[i], &ts[i], &sel) < 0)
				continue;
			memset(buf[*nb], 0, 17);
			if (family == IKE_AF_INET) {
				uint32_t mask = sel.dst_plen ?
				    0xffffffffu << (32 - sel.dst_plen) : 0;

				memcpy(buf[*nb], sel.dst, 4);
				ike_put_be32(buf[*nb] + 4, mask);
				cp->attr[cp->n].type = IKE_CA_INTERNAL_IP4_SUBNET;
				cp->attr[cp->n++].value =
				    (struct ike_bytes){ buf[*nb], 8 };
			} else {
				memcpy(buf[*nb], sel.dst, 16);
				buf[*nb][16] = sel.dst_plen;
				cp->attr[cp->n].type = IKE_CA_INTERNAL_IP6_SUBNET;
				cp->attr[cp->n++].value =
				    (struct ike_bytes){ buf[*nb], 17 };
			}
			(*nb)++;
		}
	}
}

/*
 *   HDR, SK { IDi, AUTH, CP(CFG_REQUEST), SAi2, TSi, TSr }  -->
 *       <--  HDR, SK { IDr, AUTH, CP(CFG_REPLY), SAr2, TSi, TSr }
 *    or <--  HDR, SK { IDr, AUTH, N(INTERNAL_ADDRESS_FAILURE) }
 *    or <--  HDR, SK { IDr, AUTH, N(FAILED_CP_REQUIRED) }
 *
 * RFC 7296 3.15.4: without an address for it, the IKE SA stays and the
 * Child SA is not made.
 */
uint16_t
vip_respond(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	const struct ike_conn_cfg *conn = sa->sa_conn;
	struct ike_engine *eng = sa->sa_eng;
	const struct ike_pool_cfg *used[4];
	struct ike_vip_info *v = &sa->sa_vip.info;
	static const uint8_t mask32[4] = { 0xff, 0xff, 0xff, 0xff };
	uint8_t v6[IKE_VIP_MAX][17], subnets[16][17];
	char ri[128], vs[128], ds[256], pools[160];
	struct vip_ask ask;
	struct pld_cp cp;
	size_t n_used = 0, nb = 0, i, off = 0;
	bool full = false;

	if (conn == NULL || conn->n_pools == 0)
		return 0;
	eng_id_format(&sa->sa_rid, ri, sizeof(ri));
	for (i = 0; i < conn->n_pools; i++)
		off += (size_t)snprintf(pools + off, off < sizeof(pools) ?
		    sizeof(pools) - off : 0, "%s'%s'", i ? ", " : "",
		    conn->pools[i]);
	if (!vip_parse_request(m, &ask) || (!ask.addr4 && !ask.addr6)) {
		sa_child_fail(sa, "", "peer '%s' asked for no virtual IP, "
		    "which this connection gives from pool %s: "
		    "FAILED_CP_REQUIRED", ri, pools);
		return IKE_N_FAILED_CP_REQUIRED;
	}
	memset(v, 0, sizeof(*v));
	if (ask.addr4 && !vip_lease(sa, IKE_AF_INET, ask.dns4, used, &n_used))
		full = true;
	if (ask.addr6 && !vip_lease(sa, IKE_AF_INET6, ask.dns6, used, &n_used))
		full = true;
	if (v->n_vips == 0) {
		pool_release(sa);
		memset(v, 0, sizeof(*v));
		sa_child_fail(sa, "", "no virtual IP for '%s': pool %s %s: "
		    "INTERNAL_ADDRESS_FAILURE", ri, pools, full ? "exhausted" :
		    "has no address of the family asked for");
		return IKE_N_INTERNAL_ADDRESS_FAILURE;
	}
	if (full)
		eng_log(eng, IKE_LOG_WARN, sa->sa_name, "pool %s exhausted for "
		    "one address family; '%s' gets only the other", pools, ri);
	memset(&cp, 0, sizeof(cp));
	cp.type = IKE_CFG_REPLY;
	for (i = 0; i < v->n_vips; i++) {
		if (v->vips[i].family == IKE_AF_INET) {
			cp.attr[cp.n].type = IKE_CA_INTERNAL_IP4_ADDRESS;
			cp.attr[cp.n++].value =
			    (struct ike_bytes){ v->vips[i].addr, 4 };
			if (ask.mask4) {
				cp.attr[cp.n].type = IKE_CA_INTERNAL_IP4_NETMASK;
				cp.attr[cp.n++].value =
				    (struct ike_bytes){ mask32, 4 };
			}
		} else {
			memcpy(v6[i], v->vips[i].addr, 16);
			v6[i][16] = 128;
			cp.attr[cp.n].type = IKE_CA_INTERNAL_IP6_ADDRESS;
			cp.attr[cp.n++].value = (struct ike_bytes){ v6[i], 17 };
		}
	}
	for (i = 0; i < v->n_dns; i++) {
		cp.attr[cp.n].type = v->dns[i].family == IKE_AF_INET ?
		    IKE_CA_INTERNAL_IP4_DNS : IKE_CA_INTERNAL_IP6_DNS;
		cp.attr[cp.n++].value = (struct ike_bytes){ v->dns[i].addr,
		    ike_addr_len(v->dns[i].family) };
	}
	if (ask.subnet4)
		vip_add_subnets(sa, IKE_AF_INET, &cp, subnets, &nb);
	if (ask.subnet6)
		vip_add_subnets(sa, IKE_AF_INET6, &cp, subnets, &nb);
	XOUT_ADD(x, IKE_PL_CP, pld_cp_build, &cp);
	vip_format(v->vips, v->n_vips, vs, sizeof(vs));
	vip_format(v->dns, v->n_dns, ds, sizeof(ds));
	eng_log(eng, IKE_LOG_INFO, sa->sa_name, "assigned virtual IP %s to "
	    "peer '%s'%s%s", vs, ri, v->n_dns ? ", DNS " : "", ds);
	sa->sa_vip.up = true;
	vip_event(sa, IKE_EV_VIP_UP);
	return 0;
}
