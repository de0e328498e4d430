/* SPDX-License-Identifier: ISC */
/*
 * kx_vip.c - a road-warrior client's virtual IPs in the kernel, over
 * rtnetlink: the address itself (RTM_NEWADDR/DELADDR) on the interface
 * that holds the IKE SA's local address, or on the loopback; and routes
 * in saker's table (KX_ROUTE_TABLE) that send traffic for the Child SAs'
 * remote networks with the virtual IP as source, where the route to the
 * IKE peer goes, found with RTM_GETROUTE.  A rule sends lookups to that
 * table while routes of ours are in it.  Routes carry KX_RT_PROTO so that
 * KX_FLUSH_OWNED finds what a crashed instance left.  The rtnetlink
 * socket is opened on first use.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "kx_int.h"

#define KX_RT_PROTO	0x5a	/* rtm_protocol of saker's routes */
#define KX_RULE_PRIO	KX_ROUTE_TABLE

static int
rt_open(struct kx *kx)
{
	struct timeval tv = { .tv_sec = 5 };

	if (kx->kx_rt != NULL)
		return IKE_OK;
	kx->kx_rt = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (kx->kx_rt == NULL)
		return -errno;
	if (setsockopt(mnl_socket_get_fd(kx->kx_rt), SOL_SOCKET, SO_RCVTIMEO,
	    &tv, sizeof(tv)) < 0 ||
	    mnl_socket_bind(kx->kx_rt, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		mnl_socket_close(kx->kx_rt);
		kx->kx_rt = NULL;
		return err;
	}
	return IKE_OK;
}

/* Sends nlh on the rtnetlink socket and reads the answer. */
static int
rt_request(struct kx *kx, struct nlmsghdr *nlh, enum kx_want want,
    kx_msg_cb cb, void *data, const char *what)
{
	int ret;

	if ((ret = rt_open(kx)) < 0) {
		kx_seterr(kx, "%s: %s", what, strerror(-ret));
		return ret;
	}
	return kx_request_on(kx, kx->kx_rt, nlh, want, cb, data, what);
}

static struct nlmsghdr *
rt_msg(struct kx *kx, void *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++kx->kx_seq;
	return nlh;
}

/* ---- which interface -------------------------------------------------- */

struct addr_find {
	const struct ike_addr	*want;
	int			 ifindex;
};

static int
addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct addr_find *f = data;
	const struct ifaddrmsg *ifa;
	const struct nlattr *a;
	size_t alen = f->want->family == IKE_AF_INET ? 4 : 16;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)))
		return IKE_OK;
	ifa = mnl_nlmsg_get_payload(nlh);
	if (kx_family(ifa->ifa_family) != f->want->family || f->ifindex != 0)
		return IKE_OK;
	mnl_attr_for_each(a, nlh, sizeof(*ifa)) {
		if ((mnl_attr_get_type(a) == IFA_LOCAL ||
		    mnl_attr_get_type(a) == IFA_ADDRESS) &&
		    mnl_attr_get_payload_len(a) == alen &&
		    memcmp(mnl_attr_get_payload(a), f->want->addr, alen) == 0) {
			f->ifindex = (int)ifa->ifa_index;
			break;
		}
	}
	return IKE_OK;
}

/* The interface holding address a, 0 if none does. */
static int
rt_ifindex_of(struct kx *kx, const struct ike_addr *a)
{
	_Alignas(8) uint8_t buf[KX_SEND_SIZE];
	struct nlmsghdr *nlh = rt_msg(kx, buf, RTM_GETADDR, NLM_F_DUMP);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	struct addr_find f = { a, 0 };

	ifa->ifa_family = (uint8_t)kx_af(a->family);
	if (rt_request(kx, nlh, KX_WANT_DUMP, addr_cb, &f, "listing "
	    "addresses") < 0)
		return 0;
	return f.ifindex;
}

/* ---- addresses --------------------------------------------------------- */

static int
rt_addr(struct kx *kx, const struct kx_vip *v, int add)
{
	_Alignas(8) uint8_t buf[KX_SEND_SIZE];
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	size_t alen = v->addr.family == IKE_AF_INET ? 4 : 16;
	int ifindex, ret;

	if (kx_af(v->addr.family) == 0)
		return IKE_EINVAL;
	if (add) {
		ifindex = rt_ifindex_of(kx, &v->local);
		if (ifindex == 0)
			ifindex = (int)if_nametoindex("lo");
	} else {
		/* Where it is now. */
		if ((ifindex = rt_ifindex_of(kx, &v->addr)) == 0)
			return IKE_ENOENT;
	}
	nlh = rt_msg(kx, buf, add ? RTM_NEWADDR : RTM_DELADDR, NLM_F_ACK |
	    (add ? NLM_F_CREATE | NLM_F_EXCL : 0));
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (uint8_t)kx_af(v->addr.family);
	ifa->ifa_prefixlen = v->plen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (unsigned)ifindex;
	/* No duplicate address detection: the gateway vouches for it. */
	if (v->addr.family == IKE_AF_INET6)
		ifa->ifa_flags = IFA_F_NODAD;
	if (!mnl_attr_put_check(nlh, sizeof(buf), IFA_LOCAL, alen, v->addr.addr) ||
	    !mnl_attr_put_check(nlh, sizeof(buf), IFA_ADDRESS, alen, v->addr.addr))
		return IKE_EBUFFULL;
	ret = rt_request(kx, nlh, KX_WANT_ACK, NULL, NULL, add ? "adding a "
	    "virtual IP" : "removing a virtual IP");
	if (ret == -EADDRNOTAVAIL)
		ret = IKE_ENOENT;
	return ret;
}

/* ---- routes ------------------------------------------------------------ */

struct route_to {
	int		 oif;
	uint8_t		 gw[16], src[16];
	int		 has_gw, has_src;
};

static int
route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_to *r = data;
	const struct rtmsg *rtm;
	const struct nlattr *a;
	size_t alen;

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*rtm)))
		return IKE_OK;
	rtm = mnl_nlmsg_get_payload(nlh);
	alen = rtm->rtm_family == AF_INET ? 4 : 16;
	mnl_attr_for_each(a, nlh, sizeof(*rtm)) {
		if (mnl_attr_get_type(a) == RTA_OIF &&
		    mnl_attr_get_payload_len(a) == 4)
			r->oif = (int)mnl_attr_get_u32(a);
		if (mnl_attr_get_type(a) == RTA_GATEWAY &&
		    mnl_attr_get_payload_len(a) == alen) {
			memcpy(r->gw, mnl_attr_get_payload(a), alen);
			r->has_gw = 1;
		}
		if (mnl_attr_get_type(a) == RTA_PREFSRC &&
		    mnl_attr_get_payload_len(a) == alen) {
			memcpy(r->src, mnl_attr_get_payload(a), alen);
			r->has_src = 1;
		}
	}
	return IKE_OK;
}

/* Where the kernel sends packets for the IKE peer. */
static int
rt_route_to(struct kx *kx, const struct ike_addr *peer, struct route_to *r)
{
	_Alignas(8) uint8_t buf[KX_SEND_SIZE];
	struct nlmsghdr *nlh = rt_msg(kx, buf, RTM_GETROUTE, 0);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	size_t alen = peer->family == IKE_AF_INET ? 4 : 16;
	int ret;

	memset(r, 0, sizeof(*r));
	rtm->rtm_family = (uint8_t)kx_af(peer->family);
	rtm->rtm_dst_len = (uint8_t)(alen * 8);
	if (!mnl_attr_put_check(nlh, sizeof(buf), RTA_DST, alen, peer->addr))
		return IKE_EBUFFULL;
	ret = rt_request(kx, nlh, KX_WANT_ONE, route_cb, r, "looking up the "
	    "route to the peer");
	if (ret == IKE_OK && r->oif == 0)
		ret = -ENETUNREACH;
	return ret;
}

/* The rule that sends lookups to our table: with the first route of a
 * family, gone with the last. */
static int
rt_rule(struct kx *kx, uint8_t family, int add)
{
	_Alignas(8) uint8_t buf[KX_SEND_SIZE];
	struct nlmsghdr *nlh = rt_msg(kx, buf, add ? RTM_NEWRULE : RTM_DELRULE,
	    NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0));
	struct fib_rule_hdr *frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));
	int ret;

	frh->family = (uint8_t)kx_af(family);
	frh->action = FR_ACT_TO_TBL;
	frh->table = KX_ROUTE_TABLE;
	/* Marked with our route protocol: the kernel then adds ours beside
	 * another daemon's rule to the same table, and removes only ours. */
	if (!mnl_attr_put_u32_check(nlh, sizeof(buf), FRA_PRIORITY, KX_RULE_PRIO) ||
	    !mnl_attr_put_u32_check(nlh, sizeof(buf), FRA_TABLE, KX_ROUTE_TABLE) ||
	    !mnl_attr_put_u8_check(nlh, sizeof(buf), FRA_PROTOCOL, KX_RT_PROTO))
		return IKE_EBUFFULL;
	ret = rt_request(kx, nlh, KX_WANT_ACK, NULL, NULL, add ? "adding the "
	    "routing rule" : "removing the routing rule");
	return ret == -EEXIST || ret == -ENOENT ? IKE_OK : ret;
}

static int
rt_route(struct kx *kx, const struct kx_vip *v, int add)
{
	_Alignas(8) uint8_t buf[KX_SEND_SIZE];
	struct nlmsghdr *nlh;
	struct route_to to;
	struct rtmsg *rtm;
	size_t alen = v->addr.family == IKE_AF_INET ? 4 : 16;
	unsigned *count;
	int ret;

	if (kx_af(v->addr.family) == 0 || v->peer.family != v->addr.family)
		return IKE_EINVAL;
	count = &kx->kx_routes[v->addr.family == IKE_AF_INET ? 0 : 1];
	if (add && (ret = rt_route_to(kx, &v->peer, &to)) < 0)
		return ret;
	nlh = rt_msg(kx, buf, add ? RTM_NEWROUTE : RTM_DELROUTE, NLM_F_ACK |
	    (add ? NLM_F_CREATE | NLM_F_EXCL : 0));
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (uint8_t)kx_af(v->addr.family);
	rtm->rtm_dst_len = v->dst_plen;
	rtm->rtm_table = KX_ROUTE_TABLE;
	rtm->rtm_protocol = KX_RT_PROTO;
	rtm->rtm_type = RTN_UNICAST;
	/* A delete matches any scope only with RT_SCOPE_NOWHERE. */
	rtm->rtm_scope = !add ? RT_SCOPE_NOWHERE : !to.has_gw ? RT_SCOPE_LINK :
	    RT_SCOPE_UNIVERSE;
	if (v->dst_plen > 0 &&
	    !mnl_attr_put_check(nlh, sizeof(buf), RTA_DST, alen, v->dst))
		return IKE_EBUFFULL;
	if (!mnl_attr_put_check(nlh, sizeof(buf), RTA_PREFSRC, alen, v->addr.addr) ||
	    !mnl_attr_put_u32_check(nlh, sizeof(buf), RTA_TABLE, KX_ROUTE_TABLE))
		return IKE_EBUFFULL;
	if (add && (!mnl_attr_put_u32_check(nlh, sizeof(buf), RTA_OIF,
	    (uint32_t)to.oif) || (to.has_gw && !mnl_attr_put_check(nlh,
	    sizeof(buf), RTA_GATEWAY, alen, to.gw))))
		return IKE_EBUFFULL;
	ret = rt_request(kx, nlh, KX_WANT_ACK, NULL, NULL, add ? "adding a "
	    "route from the virtual IP" : "removing a route");
	if (ret == -ESRCH)
		ret = IKE_ENOENT;
	if (ret == IKE_OK && add && (*count)++ == 0 &&
	    (ret = rt_rule(kx, v->addr.family, 1)) < 0) {
		(*count)--;
		return ret;
	}
	if (ret == IKE_OK && !add && *count > 0 && --(*count) == 0)
		ret = rt_rule(kx, v->addr.family, 0);
	return ret;
}

/* ---- flush ------------------------------------------------------------- */

struct route_list {
	struct kx_vip	 v[64];
	size_t		 n;
};

static int
flush_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_list *l = data;
	const struct rtmsg *rtm;
	const struct nlattr *a;
	struct kx_vip *v;
	size_t alen;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*rtm)) || l->n == 64)
		return IKE_OK;
	rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_protocol != KX_RT_PROTO || kx_family(rtm->rtm_family) == 0)
		return IKE_OK;
	v = &l->v[l->n];
	memset(v, 0, sizeof(*v));
	v->addr.family = kx_family(rtm->rtm_family);
	v->dst_plen = rtm->rtm_dst_len;
	alen = v->addr.family == IKE_AF_INET ? 4 : 16;
	mnl_attr_for_each(a, nlh, sizeof(*rtm)) {
		if (mnl_attr_get_payload_len(a) != alen)
			continue;
		if (mnl_attr_get_type(a) == RTA_DST)
			memcpy(v->dst, mnl_attr_get_payload(a), alen);
		if (mnl_attr_get_type(a) == RTA_PREFSRC)
			memcpy(v->addr.addr, mnl_attr_get_payload(a), alen);
	}
	l->n++;
	return IKE_OK;
}

int
kx_vip_flush_owned(struct kx *kx)
{
	static const uint8_t fams[] = { IKE_AF_INET, IKE_AF_INET6 };
	_Alignas(8) uint8_t buf[KX_SEND_SIZE];
	struct route_list *l;
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	size_t i, f;
	int ret = IKE_OK;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		return IKE_ENOMEM;
	for (f = 0; f < sizeof(fams); f++) {
		l->n = 0;
		nlh = rt_msg(kx, buf, RTM_GETROUTE, NLM_F_DUMP);
		rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
		rtm->rtm_family = (uint8_t)kx_af(fams[f]);
		if (!mnl_attr_put_u32_check(nlh, sizeof(buf), RTA_TABLE,
		    KX_ROUTE_TABLE) || rt_request(kx, nlh, KX_WANT_DUMP,
		    flush_cb, l, "listing routes") < 0)
			continue;
		for (i = 0; i < l->n; i++) {
			l->v[i].peer.family = l->v[i].addr.family;
			kx->kx_routes[f] = 1;	/* the last one takes the rule */
			if (rt_route(kx, &l->v[i], 0) < 0)
				ret = IKE_EKERNEL;
		}
	}
	free(l);
	return ret;
}

/* The source address of the route to the peer. */
static int
rt_local_addr(struct kx *kx, struct kx_op *op)
{
	struct route_to to;
	int ret;

	if (kx_af(op->vip.peer.family) == 0)
		return IKE_EINVAL;
	if ((ret = rt_route_to(kx, &op->vip.peer, &to)) < 0)
		return ret;
	if (!to.has_src)
		return IKE_ENOENT;
	memset(&op->vip.local, 0, sizeof(op->vip.local));
	op->vip.local.family = op->vip.peer.family;
	memcpy(op->vip.local.addr, to.src, op->vip.peer.family == IKE_AF_INET ? 4 : 16);
	return IKE_OK;
}

int
kx_vip_op(struct kx *kx, struct kx_op *op)
{
	switch (op->type) {
	case KX_LOCAL_ADDR:	return rt_local_addr(kx, op);
	case KX_ADD_VIP:	return rt_addr(kx, &op->vip, 1);
	case KX_DEL_VIP:	return rt_addr(kx, &op->vip, 0);
	case KX_ADD_ROUTE:	return rt_route(kx, &op->vip, 1);
	case KX_DEL_ROUTE:	return rt_route(kx, &op->vip, 0);
	default:		return IKE_EINVAL;
	}
}
