/* SPDX-License-Identifier: ISC */
/*
 * net.c - the IKE UDP sockets: opening and binding them, receiving with
 * the destination address from IP_PKTINFO / IPV6_PKTINFO, the NAT-T port's
 * framing (RFC 3948), and sending from a chosen local address.
 *
 * Every socket gets a per-socket IPsec bypass policy, so that the SAs and
 * policies sakerd installs never capture its own IKE traffic (a transport
 * mode policy between the two peers would otherwise cover UDP 500 too).
 *
 * A flood the loop cannot keep up with fills a socket's receive buffer
 * and the kernel drops the rest.  With SO_RXQ_OVFL each datagram read
 * carries the socket's drop counter as it stood when the datagram was
 * queued; the growth of that counter is what rx_overflow adds up.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/ipsec.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cfg.h"
#include "daemon/log.h"
#include "daemon/loop.h"
#include "daemon/net.h"

#ifndef UDP_ENCAP
#define UDP_ENCAP		100
#endif
#ifndef UDP_ENCAP_ESPINUDP
#define UDP_ENCAP_ESPINUDP	2
#endif

#define NET_IKE_HDR_LEN		28	/* RFC 7296 3.1 */
#define NET_MARKER_LEN		4	/* RFC 3948 2.2 */
#define NET_RECV_BUDGET		64	/* datagrams per wake-up and socket */
#define NET_MAX_SOCKS		(2 * (NET_MAX_BINDS > 2 ? NET_MAX_BINDS : 2))

struct net_sock {
	struct net	*s_net;
	int		 s_fd;
	int		 s_natt;	/* NAT-T framing */
	struct ike_addr	 s_addr;	/* bound address; zero = wildcard */
	int		 s_wildcard;
	uint32_t	 s_ovfl;	/* SO_RXQ_OVFL counter last seen */
};

struct net {
	struct loop	*n_loop;
	net_recv_fn	 n_fn;
	void		*n_ctx;
	uint16_t	 n_port, n_natt_port;
	struct net_sock	 n_socks[NET_MAX_SOCKS];
	size_t		 n_nsocks;
	struct net_stats n_stats;
	struct log_rl	 n_rl;
	struct log_rl	 n_ovfl_rl;
	uint8_t		 n_buf[NET_MAX_DGRAM + 1];
};

const char *
net_addr_str(const struct ike_addr *a, char *buf, size_t len)
{
	if (ike_addr_format(a, buf, len) < 0)
		snprintf(buf, len, "%%any");
	return buf;
}

static socklen_t
net_to_sockaddr(const struct ike_addr *a, uint16_t port,
    struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == IKE_AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		memcpy(&s6->sin6_addr, a->addr, 16);
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	memcpy(&s4->sin_addr, a->addr, 4);
	return sizeof(*s4);
}

static int
net_from_sockaddr(const struct sockaddr_storage *ss, struct ike_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
		a->family = IKE_AF_INET;
		memcpy(a->addr, &s4->sin_addr, 4);
		a->port = ntohs(s4->sin_port);
		return 0;
	}
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
		a->family = IKE_AF_INET6;
		memcpy(a->addr, &s6->sin6_addr, 16);
		a->port = ntohs(s6->sin6_port);
		return 0;
	}
	return IKE_EINVAL;
}

/* IP_XFRM_POLICY with action allow, in and out (the kernel's per-socket
 * policy, which takes precedence over the SPD). */
static int
net_bypass(int fd, int v6)
{
	struct xfrm_userpolicy_info pol;
	int level = v6 ? IPPROTO_IPV6 : IPPROTO_IP;
	int opt = v6 ? IPV6_XFRM_POLICY : IP_XFRM_POLICY;
	int dir;

	for (dir = XFRM_POLICY_IN; dir <= XFRM_POLICY_OUT; dir++) {
		memset(&pol, 0, sizeof(pol));
		pol.action = XFRM_POLICY_ALLOW;
		pol.sel.family = v6 ? AF_INET6 : AF_INET;
		pol.dir = (uint8_t)dir;
		pol.lft.soft_byte_limit = XFRM_INF;
		pol.lft.hard_byte_limit = XFRM_INF;
		pol.lft.soft_packet_limit = XFRM_INF;
		pol.lft.hard_packet_limit = XFRM_INF;
		if (setsockopt(fd, level, opt, &pol, sizeof(pol)) < 0)
			return -errno;
	}
	return 0;
}

static void net_readable(struct loop *, int, uint32_t, void *);

static int
net_open_one(struct net *n, const struct ike_addr *addr, int wildcard,
    uint16_t port, int natt, const struct net_cfg *cfg, char *err,
    size_t errlen)
{
	struct net_sock *s = &n->n_socks[n->n_nsocks];
	struct sockaddr_storage ss;
	socklen_t sl;
	int v6 = addr->family == IKE_AF_INET6;
	int one = 1, encap = UDP_ENCAP_ESPINUDP;
	char as[INET6_ADDRSTRLEN];
	int fd, ret;

	fd = socket(v6 ? AF_INET6 : AF_INET,
	    SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "socket: %s", strerror(-ret));
		return ret;
	}
	if (v6) {
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) < 0 ||
		    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one)) < 0)
			goto fail_errno;
	} else {
		if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) < 0)
			goto fail_errno;
	}
	if (cfg->rcvbuf > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVBUF,
	    &cfg->rcvbuf, sizeof(cfg->rcvbuf)) < 0)
		goto fail_errno;
	sl = net_to_sockaddr(addr, port, &ss);
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0)
		goto fail_errno;
	if (setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof(one)) < 0)
		log_msg(IKE_LOG_WARN, "net", NULL, "%s[%u]: datagrams the kernel "
		    "drops will not be counted: SO_RXQ_OVFL: %s",
		    net_addr_str(addr, as, sizeof(as)), port, strerror(errno));
	ret = net_bypass(fd, v6);
	if (ret < 0)
		log_msg(IKE_LOG_WARN, "net", NULL,
		    "no IPsec bypass on %s[%u]: %s", net_addr_str(addr, as,
		    sizeof(as)), port, strerror(-ret));
	if (natt && !cfg->no_encap &&
	    setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &encap, sizeof(encap)) < 0)
		log_msg(IKE_LOG_WARN, "net", NULL,
		    "no ESP-in-UDP on %s[%u]: %s", net_addr_str(addr, as,
		    sizeof(as)), port, strerror(errno));
	s->s_net = n;
	s->s_fd = fd;
	s->s_natt = natt;
	s->s_addr = *addr;
	s->s_addr.port = port;
	s->s_wildcard = wildcard;
	ret = loop_add_fd(n->n_loop, fd, EPOLLIN, net_readable, s);
	if (ret < 0) {
		snprintf(err, errlen, "%s[%u]: %s", net_addr_str(addr, as,
		    sizeof(as)), port, strerror(-ret));
		close(fd);
		return ret;
	}
	n->n_nsocks++;
	return 0;
fail_errno:
	ret = -errno;
	snprintf(err, errlen, "%s[%u]: %s", net_addr_str(addr, as, sizeof(as)),
	    port, strerror(-ret));
	close(fd);
	return ret;
}

static void
net_drop(struct net *n, uint64_t *counter, const struct ike_addr *from,
    const char *why, size_t len)
{
	char as[INET6_ADDRSTRLEN];
	uint32_t held;

	(*counter)++;
	if (!log_enabled(IKE_LOG_DEBUG) ||
	    !log_rl_allow(&n->n_rl, loop_now(), 20, 10000, &held))
		return;
	if (held)
		log_msg(IKE_LOG_DEBUG, "net", NULL, "%u drop messages suppressed",
		    held);
	log_msg(IKE_LOG_DEBUG, "net", NULL, "drop %zu bytes from %s[%u]: %s",
	    len, net_addr_str(from, as, sizeof(as)), from->port, why);
}

/*
 * Adds what the kernel dropped on s since the last datagram that told
 * (SO_RXQ_OVFL: a 32-bit counter that wraps), and says so in the log at
 * most once a minute.
 */
static void
net_overflow(struct net *n, struct net_sock *s, uint32_t drops)
{
	char as[INET6_ADDRSTRLEN];
	uint32_t delta = drops - s->s_ovfl;

	if (delta == 0)
		return;
	s->s_ovfl = drops;
	n->n_stats.rx_overflow += delta;
	if (!log_rl_allow(&n->n_ovfl_rl, loop_now(), 1, 60000, NULL))
		return;
	log_msg(IKE_LOG_WARN, "net", NULL, "%s[%u]: receive buffer full, "
	    "%" PRIu64 " datagrams dropped by the kernel so far",
	    net_addr_str(&s->s_addr, as, sizeof(as)), s->s_addr.port,
	    n->n_stats.rx_overflow);
}

/*
 * Reads m's control messages: the socket's drop counter, and the address
 * the datagram was sent to (IP_PKTINFO / IPV6_PKTINFO) into local, which
 * is left alone (IKE_ENOENT) when there is none.
 */
static int
net_cmsgs(struct net *n, struct net_sock *s, struct msghdr *m,
    struct ike_addr *local)
{
	struct cmsghdr *c;
	uint32_t drops;
	int ret = IKE_ENOENT;

	for (c = CMSG_FIRSTHDR(m); c != NULL; c = CMSG_NXTHDR(m, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL &&
		    c->cmsg_len >= CMSG_LEN(sizeof(drops))) {
			memcpy(&drops, CMSG_DATA(c), sizeof(drops));
			net_overflow(n, s, drops);
		} else if (c->cmsg_level == IPPROTO_IP &&
		    c->cmsg_type == IP_PKTINFO &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct in_pktinfo))) {
			struct in_pktinfo pi;
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			local->family = IKE_AF_INET;
			memcpy(local->addr, &pi.ipi_addr, 4);
			ret = 0;
		} else if (c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_PKTINFO &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
			struct in6_pktinfo pi;
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			local->family = IKE_AF_INET6;
			memcpy(local->addr, &pi.ipi6_addr, 16);
			ret = 0;
		}
	}
	return ret;
}

/*
 * RFC 3948 2.2/2.3 on the NAT-T port: a single 0xff byte is a keepalive;
 * an IKE message starts with four zero bytes; anything else is ESP, which
 * the kernel takes when UDP_ENCAP is set and must never reach IKE.
 */
static void
net_handle(struct net *n, struct net_sock *s, const struct ike_addr *local,
    const struct ike_addr *remote, const uint8_t *p, size_t len)
{
	static const uint8_t marker[NET_MARKER_LEN];

	if (s->s_natt) {
		if (len == 1 && p[0] == 0xff) {
			n->n_stats.rx_keepalive++;
			return;
		}
		if (len < NET_MARKER_LEN || memcmp(p, marker, NET_MARKER_LEN) != 0) {
			net_drop(n, &n->n_stats.rx_no_marker, remote,
			    "no non-ESP marker on the NAT-T port", len);
			return;
		}
		p += NET_MARKER_LEN;
		len -= NET_MARKER_LEN;
	}
	if (len < NET_IKE_HDR_LEN) {
		net_drop(n, &n->n_stats.rx_short, remote,
		    "shorter than an IKE header", len);
		return;
	}
	n->n_stats.rx++;
	n->n_fn(n->n_ctx, local, remote, p, len);
}

static void
net_readable(struct loop *loop, int fd, uint32_t events, void *ctx)
{
	struct net_sock *s = ctx;
	struct net *n = s->s_net;
	union {
		struct cmsghdr	align;
		uint8_t		buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
				    CMSG_SPACE(sizeof(struct in_pktinfo)) +
				    CMSG_SPACE(sizeof(uint32_t))];
	} cbuf;
	struct sockaddr_storage from;
	struct ike_addr local, remote;
	int have_local;
	struct iovec iov;
	struct msghdr m;
	ssize_t r;
	int i;

	(void)loop;
	(void)events;
	for (i = 0; i < NET_RECV_BUDGET; i++) {
		memset(&m, 0, sizeof(m));
		iov.iov_base = n->n_buf;
		iov.iov_len = sizeof(n->n_buf);
		m.msg_name = &from;
		m.msg_namelen = sizeof(from);
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = cbuf.buf;
		m.msg_controllen = sizeof(cbuf.buf);
		r = recvmsg(fd, &m, 0);
		if (r < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == EINTR)
				continue;
			/* ICMP errors surface here (ECONNREFUSED...): count, go on. */
			n->n_stats.rx_errors++;
			continue;
		}
		local = s->s_addr;
		have_local = net_cmsgs(n, s, &m, &local) == 0;
		if (net_from_sockaddr(&from, &remote) < 0) {
			n->n_stats.rx_errors++;
			continue;
		}
		if ((m.msg_flags & MSG_TRUNC) || (size_t)r > NET_MAX_DGRAM) {
			net_drop(n, &n->n_stats.rx_truncated, &remote,
			    "datagram too large", (size_t)r);
			continue;
		}
		if (!have_local && s->s_wildcard) {
			net_drop(n, &n->n_stats.rx_no_pktinfo, &remote,
			    "local address unknown", (size_t)r);
			continue;
		}
		local.port = s->s_addr.port;
		net_handle(n, s, &local, &remote, n->n_buf, (size_t)r);
	}
}

static int
net_addr_is_any(const struct ike_addr *a)
{
	static const uint8_t zero[16];

	return memcmp(a->addr, zero, sizeof(zero)) == 0;
}

/* The socket of that family and port bound to local, else the wildcard. */
static struct net_sock *
net_pick(struct net *n, const struct ike_addr *local, int natt)
{
	struct net_sock *wild = NULL;
	size_t i;

	for (i = 0; i < n->n_nsocks; i++) {
		struct net_sock *s = &n->n_socks[i];
		if (s->s_natt != natt || s->s_addr.family != local->family)
			continue;
		if (s->s_wildcard)
			wild = s;
		else if (ike_addr_host_eq(&s->s_addr, local))
			return s;
	}
	return wild;
}

/* Puts the one control message of m (whose msg_control has room). */
static void
net_put_cmsg(struct msghdr *m, int level, int type, const void *data,
    size_t len)
{
	struct cmsghdr *c = (struct cmsghdr *)m->msg_control;

	c->cmsg_level = level;
	c->cmsg_type = type;
	c->cmsg_len = CMSG_LEN(len);
	memcpy(CMSG_DATA(c), data, len);
	m->msg_controllen = CMSG_SPACE(len);
}

int
net_send(struct net *n, const struct ike_datagram *dg)
{
	static uint8_t marker[NET_MARKER_LEN];
	union {
		struct cmsghdr	align;
		uint8_t		buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} cbuf;
	struct sockaddr_storage to;
	struct ike_addr local;
	struct iovec iov[2];
	struct net_sock *s;
	struct msghdr m;
	int natt, ret;

	natt = dg->non_esp_marker || dg->local.port == n->n_natt_port;
	local = dg->local;
	if (local.family != IKE_AF_INET && local.family != IKE_AF_INET6) {
		/* No local address chosen: the wildcard socket picks one. */
		memset(&local, 0, sizeof(local));
		local.family = dg->remote.family;
	}
	if (dg->remote.family != local.family) {
		n->n_stats.tx_errors++;
		return -EAFNOSUPPORT;
	}
	s = net_pick(n, &local, natt);
	if (s == NULL) {
		n->n_stats.tx_errors++;
		return -ENOENT;
	}
	memset(&m, 0, sizeof(m));
	m.msg_name = &to;
	m.msg_namelen = net_to_sockaddr(&dg->remote, dg->remote.port, &to);
	/* RFC 3948 2.2: IKE on the NAT-T port carries the marker; a
	 * keepalive (2.3, one 0xFF byte, never an IKE message) does not. */
	iov[0].iov_base = marker;
	iov[0].iov_len = natt && !(dg->len == 1 && dg->data[0] == 0xff) ?
	    NET_MARKER_LEN : 0;
	iov[1].iov_base = dg->data;
	iov[1].iov_len = dg->len;
	m.msg_iov = iov;
	m.msg_iovlen = 2;
	if (s->s_wildcard && !net_addr_is_any(&local)) {
		memset(&cbuf, 0, sizeof(cbuf));
		m.msg_control = cbuf.buf;
		if (local.family == IKE_AF_INET6) {
			struct in6_pktinfo pi;
			memset(&pi, 0, sizeof(pi));
			memcpy(&pi.ipi6_addr, local.addr, 16);
			net_put_cmsg(&m, IPPROTO_IPV6, IPV6_PKTINFO, &pi, sizeof(pi));
		} else {
			struct in_pktinfo pi;
			memset(&pi, 0, sizeof(pi));
			memcpy(&pi.ipi_spec_dst, local.addr, 4);
			net_put_cmsg(&m, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi));
		}
	}
	if (sendmsg(s->s_fd, &m, 0) < 0) {
		ret = -errno;
		n->n_stats.tx_errors++;
		return ret;
	}
	n->n_stats.tx++;
	return 0;
}

static void
net_close_all(struct net *n)
{
	size_t i;

	for (i = 0; i < n->n_nsocks; i++) {
		loop_del_fd(n->n_loop, n->n_socks[i].s_fd);
		close(n->n_socks[i].s_fd);
	}
	n->n_nsocks = 0;
}

int
net_new(struct loop *loop, const struct net_cfg *cfg, net_recv_fn fn,
    void *ctx, struct net **out, char *err, size_t errlen)
{
	struct ike_addr any4 = { .family = IKE_AF_INET };
	struct ike_addr any6 = { .family = IKE_AF_INET6 };
	char dummy[8];
	struct net *n;
	size_t i;
	int ret = 0, natt;

	if (err == NULL) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	if (cfg->n_binds > NET_MAX_BINDS) {
		snprintf(err, errlen, "too many bind addresses");
		return -EINVAL;
	}
	n = calloc(1, sizeof(*n));
	if (n == NULL)
		return -ENOMEM;
	n->n_loop = loop;
	n->n_fn = fn;
	n->n_ctx = ctx;
	n->n_port = cfg->port ? cfg->port : 500;
	n->n_natt_port = cfg->natt_port ? cfg->natt_port : 4500;
	if (n->n_port == n->n_natt_port) {
		snprintf(err, errlen, "IKE port and NAT-T port are both %u",
		    n->n_port);
		free(n);
		return -EINVAL;
	}
	for (natt = 0; natt <= 1 && ret == 0; natt++) {
		uint16_t port = natt ? n->n_natt_port : n->n_port;
		if (cfg->n_binds == 0) {
			ret = net_open_one(n, &any4, 1, port, natt, cfg, err, errlen);
			if (ret == 0 && !cfg->no_ipv6) {
				ret = net_open_one(n, &any6, 1, port, natt, cfg,
				    err, errlen);
				/* A kernel without IPv6 still gets IPv4. */
				if (ret == -EAFNOSUPPORT) {
					log_msg(IKE_LOG_WARN, "net", NULL,
					    "no IPv6: %s", err);
					ret = 0;
				}
			}
			continue;
		}
		for (i = 0; i < cfg->n_binds && ret == 0; i++)
			ret = net_open_one(n, &cfg->binds[i], 0, port, natt, cfg,
			    err, errlen);
	}
	if (ret < 0) {
		net_close_all(n);
		free(n);
		return ret;
	}
	*out = n;
	return 0;
}

void
net_free(struct net *n)
{
	if (n == NULL)
		return;
	net_close_all(n);
	free(n);
}

void
net_get_stats(const struct net *n, struct net_stats *st)
{
	*st = n->n_stats;
}

uint16_t
net_port(const struct net *n)
{
	return n->n_port;
}

uint16_t
net_natt_port(const struct net *n)
{
	return n->n_natt_port;
}
