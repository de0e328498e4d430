/* SPDX-License-Identifier: ISC */
/*
 * kx_pol.c - policies over XFRM, one function per message type:
 * NEWPOLICY (selector, direction, priority, one ESP template with the
 * tunnel endpoints and reqid), DELPOLICY (by selector and direction, or
 * by index), and the flush of saker's own policies, found in a dump by
 * their template's reqid (a policy without a template is never ours).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "iana.h"
#include "kx_int.h"

static const char *const dir_name[] = { "in", "out", "fwd" };

static int
sel_ok(const struct kx_sel *s)
{
	unsigned bits = s->family == IKE_AF_INET6 ? 128 : 32;

	return kx_af(s->family) != 0 && s->src_plen <= bits &&
	    s->dst_plen <= bits;
}

int
kx_build_policy(void *buf, size_t size, uint32_t seq,
    const struct kx_policy *pol, struct nlmsghdr **out)
{
	struct xfrm_userpolicy_info p;
	struct xfrm_user_tmpl t;
	struct kx_msg m;
	void *fixed;

	if (!sel_ok(&pol->sel) || pol->dir > KX_DIR_FWD ||
	    kx_ipproto(pol->proto) == 0 ||
	    (pol->mode != KX_MODE_TUNNEL && pol->mode != KX_MODE_TRANSPORT))
		return IKE_EINVAL;
	if (pol->mode == KX_MODE_TUNNEL && (kx_af(pol->tmpl_src.family) == 0 ||
	    pol->tmpl_src.family != pol->tmpl_dst.family))
		return IKE_EINVAL;

	memset(&p, 0, sizeof(p));
	kx_sel_put(&pol->sel, &p.sel);
	p.lft.soft_byte_limit = p.lft.hard_byte_limit = XFRM_INF;
	p.lft.soft_packet_limit = p.lft.hard_packet_limit = XFRM_INF;
	p.priority = pol->priority ? pol->priority : KX_PRIO_BASE;
	p.dir = (uint8_t)pol->dir;	/* KX_DIR_* are XFRM_POLICY_IN/OUT/FWD */
	p.action = XFRM_POLICY_ALLOW;
	p.share = XFRM_SHARE_ANY;

	memset(&t, 0, sizeof(t));
	t.id.proto = kx_ipproto(pol->proto);
	t.reqid = pol->reqid;
	t.aalgos = t.ealgos = t.calgos = UINT32_MAX;
	if (pol->mode == KX_MODE_TUNNEL) {
		t.mode = XFRM_MODE_TUNNEL;
		t.family = (uint16_t)kx_af(pol->tmpl_dst.family);
		kx_addr_put(&pol->tmpl_dst, &t.id.daddr);
		kx_addr_put(&pol->tmpl_src, &t.saddr);
	} else {
		/* Transport mode: the packet's own addresses. */
		t.mode = XFRM_MODE_TRANSPORT;
		t.family = (uint16_t)kx_af(pol->sel.family);
	}

	kx_msg_init(&m, buf, size, XFRM_MSG_NEWPOLICY, NLM_F_ACK, seq);
	if ((fixed = kx_msg_fixed(&m, sizeof(p))) != NULL)
		memcpy(fixed, &p, sizeof(p));
	kx_msg_put(&m, XFRMA_TMPL, sizeof(t), &t);
	return kx_msg_done(&m, out);
}

int
kx_build_policy_id(void *buf, size_t size, uint32_t seq,
    const struct kx_sel *sel, enum kx_dir dir, uint32_t index,
    struct nlmsghdr **out)
{
	struct xfrm_userpolicy_id id;
	struct kx_msg m;
	void *p;

	if ((index == 0 && !sel_ok(sel)) || dir > KX_DIR_FWD)
		return IKE_EINVAL;
	memset(&id, 0, sizeof(id));
	if (index == 0)
		kx_sel_put(sel, &id.sel);
	id.index = index;
	id.dir = (uint8_t)dir;
	kx_msg_init(&m, buf, size, XFRM_MSG_DELPOLICY, NLM_F_ACK, seq);
	if ((p = kx_msg_fixed(&m, sizeof(id))) != NULL)
		memcpy(p, &id, sizeof(id));
	return kx_msg_done(&m, out);
}

int
kx_parse_policy(const struct nlmsghdr *nlh, struct kx_policy *pol,
    struct kx_pol_info *info)
{
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_userpolicy_info p;
	struct xfrm_user_tmpl t;
	int ret;

	if (nlh->nlmsg_type != XFRM_MSG_NEWPOLICY &&
	    nlh->nlmsg_type != XFRM_MSG_UPDPOLICY)
		return IKE_EMALFORMED;
	if ((ret = kx_attrs(nlh, sizeof(p), tb)) != IKE_OK)
		return ret;
	memcpy(&p, mnl_nlmsg_get_payload(nlh), sizeof(p));
	memset(pol, 0, sizeof(*pol));
	memset(info, 0, sizeof(*info));
	kx_sel_get(&p.sel, &pol->sel);
	pol->dir = (enum kx_dir)p.dir;
	pol->priority = p.priority;
	info->index = p.index;
	/* Sub policies, marks and interface IDs: saker sets none of them,
	 * so such a policy is never its own (and would not be found by
	 * index without them). */
	if (p.dir > XFRM_POLICY_FWD)
		info->foreign = 1;
	if (tb[XFRMA_POLICY_TYPE] != NULL) {
		struct xfrm_userpolicy_type ty;

		memcpy(&ty, mnl_attr_get_payload(tb[XFRMA_POLICY_TYPE]), sizeof(ty));
		info->foreign |= ty.type != XFRM_POLICY_TYPE_MAIN;
	}
	if (tb[XFRMA_MARK] != NULL || (tb[XFRMA_IF_ID] != NULL &&
	    mnl_attr_get_u32(tb[XFRMA_IF_ID]) != 0))
		info->foreign = 1;
	if (tb[XFRMA_TMPL] == NULL)
		return IKE_OK;
	info->n_tmpl = mnl_attr_get_payload_len(tb[XFRMA_TMPL]) / sizeof(t);
	memcpy(&t, mnl_attr_get_payload(tb[XFRMA_TMPL]), sizeof(t));
	pol->reqid = t.reqid;
	pol->proto = kx_ikeproto(t.id.proto);
	pol->mode = t.mode == XFRM_MODE_TUNNEL ? KX_MODE_TUNNEL :
	    KX_MODE_TRANSPORT;
	if (pol->mode == KX_MODE_TUNNEL && kx_family(t.family) != 0) {
		kx_addr_get(kx_family(t.family), &t.id.daddr, &pol->tmpl_dst);
		kx_addr_get(kx_family(t.family), &t.saddr, &pol->tmpl_src);
	}
	return IKE_OK;
}

int
kx_policy_ours(const struct kx_policy *pol, const struct kx_pol_info *info)
{
	/* saker's policies always carry one template with a reqid of its
	 * range; a policy without one is someone else's, whatever its
	 * priority. */
	if (info->foreign || info->n_tmpl == 0)
		return 0;
	return KX_REQID_OURS(pol->reqid);
}

static const char *
sel_str(const struct kx_sel *s, char *buf, size_t len)
{
	char a[64] = "?", b[64] = "?";

	inet_ntop(kx_af(s->family), s->src, a, sizeof(a));
	inet_ntop(kx_af(s->family), s->dst, b, sizeof(b));
	snprintf(buf, len, "%s/%u -> %s/%u", a, s->src_plen, b, s->dst_plen);
	return buf;
}

int
kx_pol_add(struct kx *kx, const struct kx_policy *pol)
{
	_Alignas(8) uint8_t buf[KX_SEND_SIZE];
	struct nlmsghdr *nlh = NULL;
	char what[200], s[160];
	int ret;

	snprintf(what, sizeof(what), "NEWPOLICY %s %s",
	    sel_str(&pol->sel, s, sizeof(s)),
	    pol->dir <= KX_DIR_FWD ? dir_name[pol->dir] : "?");
	ret = kx_build_policy(buf, sizeof(buf), ++kx->kx_seq, pol, &nlh);
	return kx_send_built(kx, ret, nlh, KX_WANT_ACK, NULL, NULL, what);
}

int
kx_pol_del(struct kx *kx, const struct kx_sel *sel, enum kx_dir dir)
{
	_Alignas(8) uint8_t buf[KX_SEND_SIZE];
	struct nlmsghdr *nlh = NULL;
	char what[200], s[160];
	int ret;

	snprintf(what, sizeof(what), "DELPOLICY %s %s",
	    sel_str(sel, s, sizeof(s)),
	    dir <= KX_DIR_FWD ? dir_name[dir] : "?");
	ret = kx_build_policy_id(buf, sizeof(buf), ++kx->kx_seq, sel, dir, 0,
	    &nlh);
	return kx_send_built(kx, ret, nlh, KX_WANT_ACK, NULL, NULL, what);
}

/* Policies found by the dump, deleted by index once it is over. */
struct pol_list {
	struct { uint32_t index; uint8_t dir; } *p;
	size_t	 n, cap;
};

static int
pol_list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct pol_list *l = data;
	struct kx_pol_info info;
	struct kx_policy pol;

	if (kx_parse_policy(nlh, &pol, &info) != IKE_OK ||
	    !kx_policy_ours(&pol, &info))
		return IKE_OK;
	if (kx_grow((void **)&l->p, &l->cap, l->n, sizeof(*l->p)) < 0)
		return IKE_ENOMEM;
	l->p[l->n].index = info.index;
	l->p[l->n].dir = (uint8_t)pol.dir;
	l->n++;
	return IKE_OK;
}

int
kx_pol_flush_owned(struct kx *kx)
{
	_Alignas(8) uint8_t buf[KX_SEND_SIZE];
	struct pol_list l = { 0 };
	struct nlmsghdr *nlh = NULL;
	int ret, first = IKE_OK;
	size_t i;

	ret = kx_dump(kx, XFRM_MSG_GETPOLICY, pol_list_cb, &l, "dump policies");
	for (i = 0; ret >= 0 && i < l.n; i++) {
		int r = kx_build_policy_id(buf, sizeof(buf), ++kx->kx_seq, NULL,
		    (enum kx_dir)l.p[i].dir, l.p[i].index, &nlh);

		if (r == IKE_OK)
			r = kx_request(kx, nlh, KX_WANT_ACK, NULL, NULL,
			    "flush: DELPOLICY");
		/* Gone already is fine; remember the first real failure. */
		if (r < 0 && r != -ENOENT && first == IKE_OK)
			first = r;
	}
	free(l.p);
	return ret < 0 ? ret : first;
}
