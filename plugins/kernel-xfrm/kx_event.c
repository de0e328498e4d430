/* SPDX-License-Identifier: ISC */
/*
 * kx_event.c - what the kernel says without being asked: XFRM_MSG_ACQUIRE
 * (a packet matched a policy whose template has no SA), XFRM_MSG_EXPIRE
 * (an SA reached a soft or hard lifetime limit) and XFRM_MSG_MAPPING (an
 * encapsulated SA's peer appeared at a new address or port), parsed into
 * struct kx_event.  Also the validated attribute table every XFRM parser
 * of the plugin uses: each known attribute must be at least as long as
 * its struct, templates a whole number of them, or the message is
 * malformed.  Messages come from the kernel only, but are still checked
 * before any byte is read.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "iana.h"
#include "kx_int.h"

/* Minimum payload length of each attribute the plugin reads or that the
 * kernel defines with a fixed struct (its own xfrma_policy). */
static const uint16_t kx_attr_min[XFRMA_MAX + 1] = {
	[XFRMA_ALG_AUTH]	= sizeof(struct xfrm_algo),
	[XFRMA_ALG_CRYPT]	= sizeof(struct xfrm_algo),
	[XFRMA_ALG_COMP]	= sizeof(struct xfrm_algo),
	[XFRMA_ENCAP]		= sizeof(struct xfrm_encap_tmpl),
	[XFRMA_TMPL]		= sizeof(struct xfrm_user_tmpl),
	[XFRMA_SA]		= sizeof(struct xfrm_usersa_info),
	[XFRMA_POLICY]		= sizeof(struct xfrm_userpolicy_info),
	[XFRMA_SEC_CTX]		= sizeof(struct xfrm_user_sec_ctx),
	[XFRMA_LTIME_VAL]	= sizeof(struct xfrm_lifetime_cur),
	[XFRMA_REPLAY_VAL]	= sizeof(struct xfrm_replay_state),
	[XFRMA_REPLAY_THRESH]	= sizeof(uint32_t),
	[XFRMA_ETIMER_THRESH]	= sizeof(uint32_t),
	[XFRMA_SRCADDR]		= sizeof(xfrm_address_t),
	[XFRMA_COADDR]		= sizeof(xfrm_address_t),
	[XFRMA_POLICY_TYPE]	= sizeof(struct xfrm_userpolicy_type),
	[XFRMA_ALG_AEAD]	= sizeof(struct xfrm_algo_aead),
	[XFRMA_ALG_AUTH_TRUNC]	= sizeof(struct xfrm_algo_auth),
	[XFRMA_MARK]		= sizeof(struct xfrm_mark),
	[XFRMA_TFCPAD]		= sizeof(uint32_t),
	[XFRMA_REPLAY_ESN_VAL]	= sizeof(struct xfrm_replay_state_esn),
	[XFRMA_SA_EXTRA_FLAGS]	= sizeof(uint32_t),
	[XFRMA_PROTO]		= sizeof(uint8_t),
	[XFRMA_SET_MARK]	= sizeof(uint32_t),
	[XFRMA_SET_MARK_MASK]	= sizeof(uint32_t),
	[XFRMA_IF_ID]		= sizeof(uint32_t),
};

int
kx_attrs(const struct nlmsghdr *nlh, size_t fixed,
    const struct nlattr *tb[XFRMA_MAX + 1])
{
	const uint8_t *p, *end;
	size_t plen;

	memset(tb, 0, sizeof(*tb) * (XFRMA_MAX + 1));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN)
		return IKE_EMALFORMED;
	plen = mnl_nlmsg_get_payload_len(nlh);
	if (plen < fixed)
		return IKE_EMALFORMED;
	if (MNL_ALIGN(fixed) >= plen)
		return IKE_OK;
	/* Walked by hand: mnl_attr_parse() stops quietly at a truncated
	 * attribute, and may look at alignment padding past nlmsg_len. */
	p = (const uint8_t *)mnl_nlmsg_get_payload(nlh) + MNL_ALIGN(fixed);
	end = (const uint8_t *)nlh + nlh->nlmsg_len;
	while (p < end) {
		const struct nlattr *a = (const struct nlattr *)p;
		size_t room = (size_t)(end - p), len, step;
		uint16_t type;

		if (room < MNL_ATTR_HDRLEN || a->nla_len < MNL_ATTR_HDRLEN ||
		    a->nla_len > room)
			return IKE_EMALFORMED;
		type = a->nla_type & NLA_TYPE_MASK;
		len = a->nla_len - MNL_ATTR_HDRLEN;
		/* Attributes of newer kernels are skipped, not trusted. */
		if (type <= XFRMA_MAX) {
			if (len < kx_attr_min[type] || tb[type] != NULL ||
			    (type == XFRMA_TMPL &&
			     len % sizeof(struct xfrm_user_tmpl) != 0))
				return IKE_EMALFORMED;
			tb[type] = a;
		}
		step = MNL_ALIGN(a->nla_len);
		p += step < room ? step : room;
	}
	return IKE_OK;
}

/* The selector of the packet that triggered an acquire, or of an SA. */
static int
parse_acquire(const struct nlmsghdr *nlh, struct kx_event *ev)
{
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_user_acquire a;
	uint8_t fam;
	int ret;

	if ((ret = kx_attrs(nlh, sizeof(a), tb)) != IKE_OK)
		return ret;
	memcpy(&a, mnl_nlmsg_get_payload(nlh), sizeof(a));
	ev->type = KX_EV_ACQUIRE;
	kx_sel_get(&a.sel, &ev->sel);
	ev->proto = kx_ikeproto(a.id.proto);
	/* The outer family is the template's; the first template is the
	 * one that found no SA. */
	fam = ev->sel.family;
	if (tb[XFRMA_TMPL] != NULL) {
		struct xfrm_user_tmpl t;

		memcpy(&t, mnl_attr_get_payload(tb[XFRMA_TMPL]), sizeof(t));
		ev->reqid = t.reqid;
		if (kx_family(t.family) != 0)
			fam = kx_family(t.family);
		if (ev->proto == 0)
			ev->proto = kx_ikeproto(t.id.proto);
	}
	if (fam == 0)
		return IKE_EMALFORMED;
	kx_addr_get(fam, &a.id.daddr, &ev->dst);
	kx_addr_get(fam, &a.saddr, &ev->src);
	return IKE_OK;
}

static int
parse_expire(const struct nlmsghdr *nlh, struct kx_event *ev)
{
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_user_expire e;
	uint8_t fam;
	int ret;

	if ((ret = kx_attrs(nlh, sizeof(e), tb)) != IKE_OK)
		return ret;
	memcpy(&e, mnl_nlmsg_get_payload(nlh), sizeof(e));
	if ((fam = kx_family(e.state.family)) == 0)
		return IKE_EMALFORMED;
	ev->type = e.hard ? KX_EV_EXPIRE_HARD : KX_EV_EXPIRE_SOFT;
	ev->reqid = e.state.reqid;
	ev->spi = ntohl(e.state.id.spi);
	ev->proto = kx_ikeproto(e.state.id.proto);
	kx_addr_get(fam, &e.state.id.daddr, &ev->dst);
	kx_addr_get(fam, &e.state.saddr, &ev->src);
	kx_sel_get(&e.state.sel, &ev->sel);
	return IKE_OK;
}

static int
parse_mapping(const struct nlmsghdr *nlh, struct kx_event *ev)
{
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_user_mapping m;
	uint8_t fam;
	int ret;

	if ((ret = kx_attrs(nlh, sizeof(m), tb)) != IKE_OK)
		return ret;
	memcpy(&m, mnl_nlmsg_get_payload(nlh), sizeof(m));
	if ((fam = kx_family(m.id.family)) == 0)
		return IKE_EMALFORMED;
	ev->type = KX_EV_MAPPING;
	ev->reqid = m.reqid;
	ev->spi = ntohl(m.id.spi);
	ev->proto = kx_ikeproto(m.id.proto);
	kx_addr_get(fam, &m.id.daddr, &ev->dst);
	kx_addr_get(fam, &m.old_saddr, &ev->src);
	ev->src.port = ntohs(m.old_sport);
	kx_addr_get(fam, &m.new_saddr, &ev->new_src);
	ev->new_src.port = ntohs(m.new_sport);
	return IKE_OK;
}

int
kx_parse_event(const struct nlmsghdr *nlh, struct kx_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN)
		return IKE_EMALFORMED;
	switch (nlh->nlmsg_type) {
	case XFRM_MSG_ACQUIRE:	return parse_acquire(nlh, ev);
	case XFRM_MSG_EXPIRE:	return parse_expire(nlh, ev);
	case XFRM_MSG_MAPPING:	return parse_mapping(nlh, ev);
	}
	return IKE_ENOENT;
}

int
kx_event_walk(const void *buf, size_t len, kx_event_cb cb, void *cbctx,
    uint64_t *drops)
{
	const struct nlmsghdr *nlh = buf;
	int n = len > INT32_MAX ? INT32_MAX : (int)len, count = 0;
	struct kx_event ev;

	for (; mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
		int ret = kx_parse_event(nlh, &ev);

		if (ret == IKE_OK) {
			cb(cbctx, &ev);
			count++;
		} else if (ret != IKE_ENOENT) {
			(*drops)++;
		}
	}
	if (n != 0)
		(*drops)++;
	return count;
}

int
kx_event_dispatch(struct kx *kx, kx_event_cb cb, void *cbctx)
{
	int count = 0;

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(kx->kx_ev, kx->kx_rbuf,
		    KX_RECV_SIZE);

		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return count;
			if (errno == EINTR)
				continue;
			/* A datagram larger than the buffer: lost. */
			if (errno == ENOSPC) {
				kx->kx_drops++;
				continue;
			}
			return -errno;
		}
		count += kx_event_walk(kx->kx_rbuf, (size_t)n, cb, cbctx,
		    &kx->kx_drops);
		ike_memzero(kx->kx_rbuf, (size_t)n);
	}
}
