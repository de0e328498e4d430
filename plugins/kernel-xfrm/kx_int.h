/* SPDX-License-Identifier: ISC */
/*
 * kx_int.h - inside kernel-xfrm: struct kx, the netlink message writer,
 * the XFRM message builders and parsers (pure: buffers in, buffers or
 * plain structs out, so unit tests run them without a kernel), and the
 * operations the plugin's op() dispatches to.
 */
#ifndef SAKER_KX_INT_H
#define SAKER_KX_INT_H

#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <libmnl/libmnl.h>

#include "kx.h"

#define KX_SEND_SIZE	4096
#define KX_RECV_SIZE	65536
#define KX_SPI_MIN	0x100u	/* RFC 4303 2.1: 1-255 are reserved */
#define KX_REPLAY_MAX	4096	/* bits; the kernel's XFRMA_REPLAY_ESN_MAX */

struct kx {
	struct mnl_socket *kx_nl;	/* requests */
	struct mnl_socket *kx_ev;	/* events, non-blocking */
	uint32_t	 kx_seq, kx_portid;
	uint8_t		*kx_rbuf;	/* KX_RECV_SIZE, wiped after use */
	char		 kx_err[256];
	uint64_t	 kx_drops;
	struct mnl_socket *kx_rt;	/* rtnetlink, for virtual IPs; lazily */
	unsigned	 kx_routes[2];	/* our routes, IPv4 and IPv6 */
};

/* Conversions between plugin.h's plain data and the kernel's structs. */
int	kx_af(uint8_t family);			/* AF_INET(6), 0 if unknown */
uint8_t	kx_family(unsigned af);			/* IKE_AF_*, 0 if unknown */
uint8_t	kx_ipproto(uint8_t ike_proto);		/* IPPROTO_ESP/AH, 0 */
uint8_t	kx_ikeproto(uint8_t ipproto);		/* IKE_PROTO_ESP/AH, 0 */
void	kx_addr_put(const struct ike_addr *, xfrm_address_t *);
void	kx_addr_get(uint8_t family, const xfrm_address_t *, struct ike_addr *);
void	kx_sel_put(const struct kx_sel *, struct xfrm_selector *);
void	kx_sel_get(const struct xfrm_selector *, struct kx_sel *);
uint64_t kx_lim(uint64_t v);			/* 0 = none -> XFRM_INF */
/* Makes room for one more element of size in *arr; IKE_ENOMEM. */
int	kx_grow(void **arr, size_t *cap, size_t n, size_t size);

/*
 * The message writer: every put checks the room left and makes the
 * writer fail (sticky, IKE_EBUFFULL) instead of overflowing.
 */
struct kx_msg {
	struct nlmsghdr	*nlh;
	size_t		 size;
	int		 err;
};
void	 kx_msg_init(struct kx_msg *, void *buf, size_t size, uint16_t type,
	    uint16_t flags, uint32_t seq);
/* Room for the fixed header after nlmsghdr (zeroed); NULL when full. */
void	*kx_msg_fixed(struct kx_msg *, size_t len);
/* Room for one attribute's payload (zeroed); NULL when full. */
void	*kx_msg_attr(struct kx_msg *, uint16_t type, size_t len);
void	 kx_msg_put(struct kx_msg *, uint16_t type, size_t len, const void *);
/* The message, or the writer's error. */
int	 kx_msg_done(struct kx_msg *, struct nlmsghdr **out);

/* Builders.  buf is size bytes; *out points into it.  IKE_EINVAL for
 * inconsistent input, IKE_EUNSUPPORTED for an algorithm name the table
 * does not know, IKE_EBUFFULL when buf is too small. */
int	kx_build_allocspi(void *buf, size_t size, uint32_t seq,
	    const struct kx_op *, struct nlmsghdr **out);
int	kx_build_sa(void *buf, size_t size, uint32_t seq, uint16_t type,
	    const struct kx_sa *, struct nlmsghdr **out);	/* NEWSA/UPDSA */
int	kx_build_sa_id(void *buf, size_t size, uint32_t seq, uint16_t type,
	    const struct ike_addr *dst, uint32_t spi, uint8_t proto,
	    struct nlmsghdr **out);				/* DELSA/GETSA */
int	kx_build_policy(void *buf, size_t size, uint32_t seq,
	    const struct kx_policy *, struct nlmsghdr **out);
int	kx_build_policy_id(void *buf, size_t size, uint32_t seq,
	    const struct kx_sel *, enum kx_dir, uint32_t index,
	    struct nlmsghdr **out);				/* DELPOLICY */
int	kx_build_dump(void *buf, size_t size, uint32_t seq, uint16_t type,
	    struct nlmsghdr **out);

/* Checks an algorithm set against the table of kernel names and key
 * sizes; IKE_EUNSUPPORTED or IKE_EINVAL with the reason in why. */
int	kx_alg_check(const struct kx_alg *, char *why, size_t whylen);

/*
 * Parsers.  They check nlmsg_len before reading the fixed header, copy it
 * out (never cast), and validate every attribute's length against a
 * table; IKE_EMALFORMED otherwise.
 */
int	kx_attrs(const struct nlmsghdr *, size_t fixed,
	    const struct nlattr *tb[XFRMA_MAX + 1]);
/* An SA as a NEWSA message carries it: ids, addresses, reqid, mode,
 * flags and counters (no keys).  *larval: no algorithms yet. */
int	kx_parse_sa(const struct nlmsghdr *, struct kx_sa *, struct kx_stats *,
	    int *larval);
/* A policy with its first template, and what the kernel says beside. */
struct kx_pol_info {
	uint32_t	 index;
	size_t		 n_tmpl;
	int		 foreign;	/* sub type, mark or interface ID */
};
int	kx_parse_policy(const struct nlmsghdr *, struct kx_policy *,
	    struct kx_pol_info *);
/* Is this policy saker's (plugin.h: reqid range or priority marker)? */
int	kx_policy_ours(const struct kx_policy *, const struct kx_pol_info *);
/* ACQUIRE, EXPIRE or MAPPING; IKE_ENOENT for other message types. */
int	kx_parse_event(const struct nlmsghdr *, struct kx_event *);
/* Walks a buffer of event messages; returns events delivered, counts
 * malformed ones in *drops. */
int	kx_event_walk(const void *buf, size_t len, kx_event_cb cb,
	    void *cbctx, uint64_t *drops);

/*
 * Replies.  kx_reply() walks one received buffer of a request with
 * sequence number seq: cb gets each data message; an NLMSG_ERROR becomes
 * its negative errno with the extended ack text in emsg.  Returns 1 when
 * more is to come, 0 when the request is complete.
 */
enum kx_want { KX_WANT_ACK, KX_WANT_ONE, KX_WANT_DUMP };
typedef int (*kx_msg_cb)(const struct nlmsghdr *, void *data);
int	kx_reply(const void *buf, size_t len, uint32_t seq, enum kx_want,
	    kx_msg_cb cb, void *data, char *emsg, size_t emsg_len);

/* Sends nlh (then wipes it), reads the answer (then wipes the receive
 * buffer).  On failure kx_err says "what: reason". */
int	kx_request(struct kx *, struct nlmsghdr *nlh, enum kx_want,
	    kx_msg_cb cb, void *data, const char *what);
/* The same on another netlink socket of ours (rtnetlink). */
int	kx_request_on(struct kx *, struct mnl_socket *, struct nlmsghdr *nlh,
	    enum kx_want, kx_msg_cb cb, void *data, const char *what);
void	kx_seterr(struct kx *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* kx_request() of what a kx_build_*() made: when the build failed (built
 * != IKE_OK) nothing is sent and its error is returned and put in kx_err. */
int	kx_send_built(struct kx *, int built, struct nlmsghdr *nlh,
	    enum kx_want, kx_msg_cb cb, void *data, const char *what);
/* Dumps the SAs or policies (type XFRM_MSG_GETSA or _GETPOLICY): cb gets
 * each one. */
int	kx_dump(struct kx *, uint16_t type, kx_msg_cb cb, void *data,
	    const char *what);

/* The operations. */
int	kx_sa_alloc_spi(struct kx *, struct kx_op *);
int	kx_sa_add(struct kx *, const struct kx_sa *);
int	kx_sa_update(struct kx *, const struct kx_op *);
int	kx_sa_del(struct kx *, const struct ike_addr *dst, uint32_t spi,
	    uint8_t proto);
int	kx_sa_query(struct kx *, struct kx_op *);
int	kx_sa_flush_owned(struct kx *);
int	kx_pol_add(struct kx *, const struct kx_policy *);
int	kx_pol_del(struct kx *, const struct kx_sel *, enum kx_dir);
int	kx_pol_flush_owned(struct kx *);
/* Virtual IPs and their routes (kx_vip.c): KX_*_VIP and KX_*_ROUTE;
 * the flush removes the routes a crashed instance left. */
int	kx_vip_op(struct kx *, const struct kx_op *);
int	kx_vip_flush_owned(struct kx *);

#endif /* SAKER_KX_INT_H */
