/* SPDX-License-Identifier: ISC */
/*
 * kx_nl.c - the netlink side of kernel-xfrm: opening the request and
 * event sockets, the checked message writer, sending a request and
 * reading its answer (acks, single replies, dumps; NLMSG_ERROR becomes a
 * negative errno plus the kernel's extended ack text), conversions
 * between plugin.h's plain data and the XFRM structs, and the plugin's
 * op() that dispatches to kx_sa.c and kx_pol.c.  Every request buffer is
 * wiped after sending and every receive buffer after reading, since both
 * can hold keys (NEWSA, GETSA replies, dumps).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "iana.h"
#include "kx_int.h"

#define KX_RCVTIMEO_S	5
#define KX_EV_RCVBUF	(1 << 20)

int
kx_af(uint8_t family)
{
	switch (family) {
	case IKE_AF_INET:	return AF_INET;
	case IKE_AF_INET6:	return AF_INET6;
	}
	return 0;
}

uint8_t
kx_family(unsigned af)
{
	switch (af) {
	case AF_INET:		return IKE_AF_INET;
	case AF_INET6:		return IKE_AF_INET6;
	}
	return 0;
}

uint8_t
kx_ipproto(uint8_t ike_proto)
{
	switch (ike_proto) {
	case IKE_PROTO_ESP:	return IPPROTO_ESP;
	case IKE_PROTO_AH:	return IPPROTO_AH;
	}
	return 0;
}

uint8_t
kx_ikeproto(uint8_t ipproto)
{
	switch (ipproto) {
	case IPPROTO_ESP:	return IKE_PROTO_ESP;
	case IPPROTO_AH:	return IKE_PROTO_AH;
	}
	return 0;
}

static size_t
alen(uint8_t family)
{
	return family == IKE_AF_INET6 ? 16 : 4;
}

void
kx_addr_put(const struct ike_addr *a, xfrm_address_t *x)
{
	memset(x, 0, sizeof(*x));
	memcpy(x, a->addr, alen(a->family));
}

void
kx_addr_get(uint8_t family, const xfrm_address_t *x, struct ike_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = family;
	memcpy(a->addr, x, alen(family));
}

void
kx_sel_put(const struct kx_sel *s, struct xfrm_selector *x)
{
	memset(x, 0, sizeof(*x));
	if (s->family == 0)
		return;
	x->family = (uint16_t)kx_af(s->family);
	memcpy(&x->saddr, s->src, alen(s->family));
	memcpy(&x->daddr, s->dst, alen(s->family));
	x->prefixlen_s = s->src_plen;
	x->prefixlen_d = s->dst_plen;
	x->proto = s->proto;
	x->sport = htons(s->sport);
	x->dport = htons(s->dport);
	x->sport_mask = s->sport ? 0xffff : 0;
	x->dport_mask = s->dport ? 0xffff : 0;
}

void
kx_sel_get(const struct xfrm_selector *x, struct kx_sel *s)
{
	memset(s, 0, sizeof(*s));
	s->family = kx_family(x->family);
	if (s->family == 0)
		return;
	memcpy(s->src, &x->saddr, alen(s->family));
	memcpy(s->dst, &x->daddr, alen(s->family));
	s->src_plen = x->prefixlen_s;
	s->dst_plen = x->prefixlen_d;
	s->proto = x->proto;
	s->sport = x->sport_mask ? ntohs(x->sport) : 0;
	s->dport = x->dport_mask ? ntohs(x->dport) : 0;
}

uint64_t
kx_lim(uint64_t v)
{
	return v ? v : XFRM_INF;
}

int
kx_grow(void **arr, size_t *cap, size_t n, size_t size)
{
	size_t ncap = *cap ? *cap * 2 : 32;
	void *p;

	if (n < *cap)
		return IKE_OK;
	if (ncap > SIZE_MAX / size || (p = realloc(*arr, ncap * size)) == NULL)
		return IKE_ENOMEM;
	*arr = p;
	*cap = ncap;
	return IKE_OK;
}

void
kx_msg_init(struct kx_msg *m, void *buf, size_t size, uint16_t type,
    uint16_t flags, uint32_t seq)
{
	m->size = size;
	m->err = IKE_OK;
	if (size < MNL_NLMSG_HDRLEN) {
		m->nlh = NULL;
		m->err = IKE_EBUFFULL;
		return;
	}
	memset(buf, 0, MNL_NLMSG_HDRLEN);
	m->nlh = mnl_nlmsg_put_header(buf);
	m->nlh->nlmsg_type = type;
	m->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	m->nlh->nlmsg_seq = seq;
}

/* Appends len zeroed bytes plus alignment padding; NULL when full. */
static void *
msg_room(struct kx_msg *m, size_t len)
{
	size_t need = MNL_ALIGN(len);
	uint8_t *p;

	if (m->err != IKE_OK)
		return NULL;
	if (need < len || m->nlh->nlmsg_len > m->size ||
	    need > m->size - m->nlh->nlmsg_len || need > UINT16_MAX) {
		m->err = IKE_EBUFFULL;
		return NULL;
	}
	p = mnl_nlmsg_get_payload_tail(m->nlh);
	memset(p, 0, need);
	m->nlh->nlmsg_len += (uint32_t)need;
	return p;
}

void *
kx_msg_fixed(struct kx_msg *m, size_t len)
{
	return msg_room(m, len);
}

void *
kx_msg_attr(struct kx_msg *m, uint16_t type, size_t len)
{
	struct nlattr *a;

	if (len > UINT16_MAX - MNL_ATTR_HDRLEN) {
		if (m->err == IKE_OK)
			m->err = IKE_EBUFFULL;
		return NULL;
	}
	a = msg_room(m, MNL_ATTR_HDRLEN + len);
	if (a == NULL)
		return NULL;
	a->nla_type = type;
	a->nla_len = (uint16_t)(MNL_ATTR_HDRLEN + len);
	return (uint8_t *)a + MNL_ATTR_HDRLEN;
}

void
kx_msg_put(struct kx_msg *m, uint16_t type, size_t len, const void *data)
{
	void *p = kx_msg_attr(m, type, len);

	if (p != NULL && len > 0)
		memcpy(p, data, len);
}

int
kx_msg_done(struct kx_msg *m, struct nlmsghdr **out)
{
	if (m->err != IKE_OK) {
		if (m->nlh != NULL)
			ike_memzero(m->nlh, m->size);
		return m->err;
	}
	*out = m->nlh;
	return IKE_OK;
}

int
kx_build_dump(void *buf, size_t size, uint32_t seq, uint16_t type,
    struct nlmsghdr **out)
{
	struct kx_msg m;

	kx_msg_init(&m, buf, size, type, NLM_F_DUMP, seq);
	return kx_msg_done(&m, out);
}

struct ext_ack {
	char	*msg;
	size_t	 len;
};

static int
ext_ack_attr(const struct nlattr *a, void *data)
{
	struct ext_ack *ea = data;

	if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
		snprintf(ea->msg, ea->len, "%s", mnl_attr_get_str(a));
	return MNL_CB_OK;
}

/* An NLMSG_ERROR: 0 for an ack, else the negative errno; the extended
 * ack's text (RFC 3549 says nothing of it; the kernel's netlink.h does)
 * goes to emsg. */
static int
reply_error(const struct nlmsghdr *nlh, char *emsg, size_t emsg_len)
{
	size_t plen = mnl_nlmsg_get_payload_len(nlh), off;
	struct ext_ack ea = { emsg, emsg_len };
	struct nlmsgerr e;

	if (plen < sizeof(e))
		return IKE_EMALFORMED;
	memcpy(&e, mnl_nlmsg_get_payload(nlh), sizeof(e));
	if (e.error == 0)
		return 0;
	if (e.error > 0 || e.error < -4095)
		return IKE_EMALFORMED;
	if (emsg_len > 0 && (nlh->nlmsg_flags & NLM_F_ACK_TLVS)) {
		off = sizeof(e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
		    e.msg.nlmsg_len > MNL_NLMSG_HDRLEN)
			off += e.msg.nlmsg_len - MNL_NLMSG_HDRLEN;
		if (off <= plen)
			mnl_attr_parse(nlh, (unsigned)off, ext_ack_attr, &ea);
	}
	return e.error;
}

int
kx_reply(const void *buf, size_t len, uint32_t seq, enum kx_want want,
    kx_msg_cb cb, void *data, char *emsg, size_t emsg_len)
{
	const struct nlmsghdr *nlh = buf;
	int n = len > INT32_MAX ? INT32_MAX : (int)len;
	int ret;

	for (; mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
		/* Leftovers of an earlier request that gave up. */
		if (nlh->nlmsg_seq != seq)
			continue;
		switch (nlh->nlmsg_type) {
		case NLMSG_NOOP:
			continue;
		case NLMSG_DONE:
			return 0;
		case NLMSG_ERROR:
			return reply_error(nlh, emsg, emsg_len);
		case NLMSG_OVERRUN:
			return -EOVERFLOW;
		}
		if (cb != NULL && (ret = cb(nlh, data)) < 0)
			return ret;
		if (want == KX_WANT_ONE)
			return 0;
	}
	/* A partial message: the kernel never sends one. */
	if (n != 0)
		return IKE_EMALFORMED;
	return 1;
}

void
kx_seterr(struct kx *kx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(kx->kx_err, sizeof(kx->kx_err), fmt, ap);
	va_end(ap);
}

static const char *
err_text(int err)
{
	return err > IKE_EBASE ? strerror(-err) : ike_strerror(err);
}

int
kx_request(struct kx *kx, struct nlmsghdr *nlh, enum kx_want want,
    kx_msg_cb cb, void *data, const char *what)
{
	return kx_request_on(kx, kx->kx_nl, nlh, want, cb, data, what);
}

int
kx_request_on(struct kx *kx, struct mnl_socket *sock, struct nlmsghdr *nlh,
    enum kx_want want, kx_msg_cb cb, void *data, const char *what)
{
	uint32_t seq = nlh->nlmsg_seq, len = nlh->nlmsg_len;
	char emsg[160] = "";
	ssize_t n;
	int ret;

	n = mnl_socket_sendto(sock, nlh, len);
	ret = n < 0 ? -errno : IKE_OK;
	ike_memzero(nlh, len);
	if (ret != IKE_OK)
		goto out;
	do {
		n = mnl_socket_recvfrom(sock, kx->kx_rbuf, KX_RECV_SIZE);
		if (n < 0) {
			ret = errno == EAGAIN ? -ETIMEDOUT : -errno;
			break;
		}
		ret = kx_reply(kx->kx_rbuf, (size_t)n, seq, want, cb, data,
		    emsg, sizeof(emsg));
		ike_memzero(kx->kx_rbuf, (size_t)n);
	} while (ret == 1);
out:
	if (ret < 0)
		kx_seterr(kx, "%s: %s%s%s%s", what, err_text(ret),
		    emsg[0] ? " (" : "", emsg, emsg[0] ? ")" : "");
	return ret;
}

static int
sock_int(struct mnl_socket *s, int level, int opt, int v)
{
	return setsockopt(mnl_socket_get_fd(s), level, opt, &v, sizeof(v));
}

int
kx_new(struct kx **out)
{
	static const unsigned groups[] = {
		XFRMNLGRP_ACQUIRE, XFRMNLGRP_EXPIRE, XFRMNLGRP_MAPPING,
	};
	struct timeval tv = { .tv_sec = KX_RCVTIMEO_S };
	struct kx *kx;
	size_t i;
	int ret;

	if ((kx = calloc(1, sizeof(*kx))) == NULL)
		return IKE_ENOMEM;
	if ((kx->kx_rbuf = malloc(KX_RECV_SIZE)) == NULL) {
		ret = IKE_ENOMEM;
		goto fail;
	}
	kx->kx_nl = mnl_socket_open2(NETLINK_XFRM, SOCK_CLOEXEC);
	kx->kx_ev = mnl_socket_open2(NETLINK_XFRM, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (kx->kx_nl == NULL || kx->kx_ev == NULL)
		goto fail_errno;
	/* Errors name what was wrong; acks need not echo our request
	 * (which may hold keys).  Older kernels lack both: not fatal. */
	(void)sock_int(kx->kx_nl, SOL_NETLINK, NETLINK_EXT_ACK, 1);
	(void)sock_int(kx->kx_nl, SOL_NETLINK, NETLINK_CAP_ACK, 1);
	if (setsockopt(mnl_socket_get_fd(kx->kx_nl), SOL_SOCKET, SO_RCVTIMEO,
	    &tv, sizeof(tv)) < 0)
		goto fail_errno;
	if (mnl_socket_bind(kx->kx_nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_bind(kx->kx_ev, 0, MNL_SOCKET_AUTOPID) < 0)
		goto fail_errno;
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (sock_int(kx->kx_ev, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
		    (int)groups[i]) < 0)
			goto fail_errno;
	/* Bursts of acquires must not overflow the event socket. */
	if (sock_int(kx->kx_ev, SOL_SOCKET, SO_RCVBUFFORCE, KX_EV_RCVBUF) < 0)
		(void)sock_int(kx->kx_ev, SOL_SOCKET, SO_RCVBUF, KX_EV_RCVBUF);
	kx->kx_portid = mnl_socket_get_portid(kx->kx_nl);
	kx->kx_seq = (uint32_t)time(NULL);
	*out = kx;
	return IKE_OK;
fail_errno:
	ret = errno ? -errno : IKE_EKERNEL;
fail:
	kx_free(kx);
	return ret;
}

void
kx_free(struct kx *kx)
{
	if (kx == NULL)
		return;
	if (kx->kx_nl != NULL)
		mnl_socket_close(kx->kx_nl);
	if (kx->kx_ev != NULL)
		mnl_socket_close(kx->kx_ev);
	if (kx->kx_rt != NULL)
		mnl_socket_close(kx->kx_rt);
	free(kx->kx_rbuf);
	free(kx);
}

const char *
kx_last_error(const struct kx *kx)
{
	return kx->kx_err;
}

int
kx_event_fd(const struct kx *kx)
{
	return mnl_socket_get_fd(kx->kx_ev);
}

uint64_t
kx_event_drops(const struct kx *kx)
{
	return kx->kx_drops;
}

static int
kx_op(void *ctx, struct kx_op *op)
{
	struct kx *kx = ctx;

	kx->kx_err[0] = '\0';
	switch (op->type) {
	case KX_ALLOC_SPI:	return kx_sa_alloc_spi(kx, op);
	case KX_ADD_SA:		return kx_sa_add(kx, &op->sa);
	case KX_UPDATE_SA:	return kx_sa_update(kx, op);
	case KX_DEL_SA:
		return kx_sa_del(kx, &op->sa.dst, op->sa.spi, op->sa.proto);
	case KX_QUERY_SA:	return kx_sa_query(kx, op);
	case KX_ADD_POLICY:	return kx_pol_add(kx, &op->pol);
	case KX_DEL_POLICY:	return kx_pol_del(kx, &op->pol.sel, op->pol.dir);
	case KX_FLUSH_OWNED: {
		/* Policies first, so no packet acquires a new larval state
		 * between the two dumps. */
		int a = kx_pol_flush_owned(kx), b = kx_sa_flush_owned(kx);
		int c = kx_vip_flush_owned(kx);

		return a < 0 ? a : b < 0 ? b : c;
	}
	case KX_ADD_VIP:
	case KX_DEL_VIP:
	case KX_ADD_ROUTE:
	case KX_DEL_ROUTE:	return kx_vip_op(kx, op);
	}
	kx_seterr(kx, "unknown operation %d", (int)op->type);
	return IKE_EINVAL;
}

const struct ike_kernel kx_kernel = {
	.name = "kernel-xfrm",
	.op = kx_op,
};

int
kx_send_built(struct kx *kx, int built, struct nlmsghdr *nlh,
    enum kx_want want, kx_msg_cb cb, void *data, const char *what)
{
	if (built != IKE_OK) {
		kx_seterr(kx, "%s: %s", what, ike_strerror(built));
		return built;
	}
	return kx_request(kx, nlh, want, cb, data, what);
}

int
kx_dump(struct kx *kx, uint16_t type, kx_msg_cb cb, void *data,
    const char *what)
{
	_Alignas(8) uint8_t buf[KX_SEND_SIZE];
	struct nlmsghdr *nlh = NULL;
	int ret;

	ret = kx_build_dump(buf, sizeof(buf), ++kx->kx_seq, type, &nlh);
	return kx_send_built(kx, ret, nlh, KX_WANT_DUMP, cb, data, what);
}
