/* SPDX-License-Identifier: ISC */
/*
 * net.h - sakerd's IKE sockets: UDP on the IKE port (500) and the NAT-T
 * port (4500), IPv4 and IPv6 (IPv6 sockets are v6-only), on the wildcard
 * address or on given bind addresses.  Each datagram comes with the local
 * address it was sent to (IP_PKTINFO / IPV6_RECVPKTINFO) and replies leave
 * from that address.  On the NAT-T port the 4-byte non-ESP marker
 * (RFC 3948 2.2) is stripped on input and prepended on output, keepalives
 * (RFC 3948 2.3) and packets without the marker are dropped and counted,
 * and the sockets carry UDP_ENCAP_ESPINUDP so the kernel takes the ESP.
 */
#ifndef SAKER_DAEMON_NET_H
#define SAKER_DAEMON_NET_H

#include <stddef.h>
#include <stdint.h>

#include "ike.h"

struct loop;
struct net;

#define NET_MAX_BINDS	8
/* Largest IKE datagram accepted (RFC 7296 2: at least 1280 must work;
 * certificates push messages past that, so take what UDP can carry). */
#define NET_MAX_DGRAM	65535

struct net_cfg {
	uint16_t	 port;		/* 0: 500 */
	uint16_t	 natt_port;	/* 0: 4500 */
	struct ike_addr	 binds[NET_MAX_BINDS];	/* none: wildcard v4+v6 */
	size_t		 n_binds;
	int		 no_ipv6;	/* wildcard: IPv4 only */
	int		 no_encap;	/* do not set UDP_ENCAP (tests) */
	int		 rcvbuf;	/* SO_RCVBUF bytes, 0: the system's (tests) */
};

/* Called for every IKE datagram that passed the port's framing rules; the
 * bytes are valid during the call only.  local.port/remote.port are set. */
typedef void (*net_recv_fn)(void *ctx, const struct ike_addr *local,
    const struct ike_addr *remote, const uint8_t *pkt, size_t len);

struct net_stats {
	uint64_t	rx, tx;		/* datagrams handed up / sent */
	uint64_t	rx_keepalive;	/* NAT-T keepalives (dropped) */
	uint64_t	rx_no_marker;	/* on the NAT-T port without marker */
	uint64_t	rx_short;	/* shorter than an IKE header */
	uint64_t	rx_truncated;	/* larger than NET_MAX_DGRAM */
	uint64_t	rx_no_pktinfo;	/* local address unknown */
	uint64_t	rx_errors;	/* recvmsg failures */
	uint64_t	rx_overflow;	/* dropped by the kernel: receive
					 * buffer full (SO_RXQ_OVFL) */
	uint64_t	tx_errors;	/* sendmsg failures, no socket */
};

/*
 * Opens and binds every socket of cfg and registers them with loop.  On
 * failure nothing stays open and the error is a negative errno; err (if
 * not NULL) then names the address and port that failed.
 */
int	net_new(struct loop *loop, const struct net_cfg *cfg, net_recv_fn fn,
	    void *ctx, struct net **out, char *err, size_t errlen);
/* Unregisters and closes the sockets; NULL ok. */
void	net_free(struct net *);

/*
 * Sends dg from dg->local (port selects the IKE or the NAT-T socket; with
 * dg->non_esp_marker the NAT-T socket is used and the marker prepended) to
 * dg->remote.  0 or a negative errno (-ENOENT: no socket for that local
 * address and port).
 */
int	net_send(struct net *, const struct ike_datagram *dg);

void	net_get_stats(const struct net *, struct net_stats *);
/* The ports actually bound (resolves 0 to the default). */
uint16_t net_port(const struct net *);
uint16_t net_natt_port(const struct net *);

/* Formats "192.0.2.1" / "2001:db8::1" (no port), "%any" when a holds no
 * address; buf of at least 46 bytes.  Returns buf, for log arguments. */
const char *net_addr_str(const struct ike_addr *, char *buf, size_t len);

#endif /* SAKER_DAEMON_NET_H */
