/* SPDX-License-Identifier: ISC */
/*
 * ike.h - the public interface of libike, saker's IKEv2 protocol library.
 *
 * libike is sans-I/O: it owns no socket, clock, thread or global state.
 * Callers hand it datagrams, the current time and kernel events; it hands
 * back datagrams to send and the time it next wants to be woken.  Kernel
 * state is changed through the plugin interface in plugin.h, randomness
 * comes through an injectable function so that tests are deterministic.
 */
#ifndef SAKER_IKE_H
#define SAKER_IKE_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* A view of bytes owned by someone else; never freed through the view. */
struct ike_bytes {
	const uint8_t	*ptr;
	size_t		 len;
};

/* Bytes owned by the holder; ike_buf_free() wipes them before freeing. */
struct ike_buf {
	uint8_t		*ptr;
	size_t		 len;
};

int	ike_buf_set(struct ike_buf *, const void *, size_t);	/* copies; IKE_ENOMEM */
int	ike_buf_alloc(struct ike_buf *, size_t);		/* zeroed; IKE_ENOMEM */
void	ike_buf_free(struct ike_buf *);				/* wipes; NULL ok */
struct ike_bytes ike_buf_view(const struct ike_buf *);
void	ike_memzero(void *, size_t);		/* not optimised away */
int	ike_memeq_ct(const void *, const void *, size_t); /* constant time, 1 if equal */

/* Errors: negative errno values, then libike's own (Knot's scheme). */
enum ike_err {
	IKE_OK		= 0,
	IKE_ENOMEM	= -ENOMEM,
	IKE_EINVAL	= -EINVAL,
	IKE_ENOENT	= -ENOENT,
	IKE_EEXIST	= -EEXIST,
	IKE_ENOSPC	= -ENOSPC,
	IKE_EBASE	= -1000,
	IKE_ESHORT,		/* ran out of input */
	IKE_EMALFORMED,		/* a length, field or chain is wrong */
	IKE_ERESERVED,		/* a reserved field is not zero */
	IKE_ECRITICAL,		/* unknown payload with the critical bit */
	IKE_ETRAILING,		/* bytes left after the last payload */
	IKE_EVERSION,		/* major version is not 2 */
	IKE_ERULES,		/* payloads not allowed in this exchange */
	IKE_ENOPROPOSAL,	/* no proposal chosen */
	IKE_EINVALKE,		/* KE group not the one we want */
	IKE_EKEVALUE,		/* peer's KE value is invalid */
	IKE_EAUTH,		/* authentication failed */
	IKE_EINTEGRITY,		/* ICV or MAC check failed */
	IKE_ETS,		/* traffic selectors unacceptable */
	IKE_ESTATE,		/* message not expected in this state */
	IKE_EMSGID,		/* message ID out of window */
	IKE_EPENDING,		/* waiting for a job's result */
	IKE_EUNSUPPORTED,	/* algorithm or feature not supported */
	IKE_EPEERID,		/* no connection matches the peer's IDs */
	IKE_ETIMEOUT,		/* retransmissions exhausted */
	IKE_EKERNEL,		/* kernel operation failed */
	IKE_ENOTFOUND,		/* no such connection or SA */
	IKE_EBUFFULL,		/* writer ran out of room */
	IKE_ELAST
};

const char	*ike_strerror(int err);
/* The one place errors become notify types (0 when none should be sent). */
int		 ike_err_to_notify(int err);

/* Randomness: fill buf with len random bytes, 0 or a negative ike_err. */
typedef int (*ike_rng_fn)(void *ctx, uint8_t *buf, size_t len);
int	ike_rng_default(void *ctx, uint8_t *buf, size_t len);	/* gnutls_rnd */

/* Logging hook; sa is "name[id]" / "name{id}" or NULL. */
enum ike_log_level {
	IKE_LOG_ERROR, IKE_LOG_WARN, IKE_LOG_INFO, IKE_LOG_DEBUG, IKE_LOG_TRACE
};
typedef void (*ike_log_fn)(void *ctx, enum ike_log_level, const char *subsys,
    const char *sa, const char *fmt, va_list ap);

/* Addresses as libike sees them: no socket headers here. */
#define IKE_AF_INET	4
#define IKE_AF_INET6	6
struct ike_addr {
	uint8_t		family;		/* IKE_AF_INET or IKE_AF_INET6 */
	uint8_t		addr[16];	/* network order; IPv4 in the first 4 */
	uint16_t	port;		/* host order */
};

/* An identity (IDi/IDr payload body without the reserved bytes). */
struct ike_id {
	uint8_t		type;		/* IKE_ID_* */
	struct ike_buf	data;
};

/*
 * A traffic selector as an address and port range (RFC 7296 3.13.1),
 * shared by the wire codec, the config and the engine.
 */
struct ike_ts {
	uint8_t		family;		/* IKE_AF_INET or IKE_AF_INET6 */
	uint8_t		proto;		/* IP protocol, 0 = any */
	uint16_t	port_lo, port_hi;	/* 0..65535 = any */
	uint8_t		start[16], end[16];	/* IPv4 in the first 4 */
};

/*
 * The engine: every IKE SA and Child SA of one daemon, and the config
 * they were made from.  All functions take the current time in
 * milliseconds of a monotonic clock, and append what must be sent to
 * *out.  The engine changes kernel state only through the kernel plugin.
 */
struct ike_engine;
struct ike_config;		/* cfg.h */
struct ike_kernel;		/* plugin.h */
struct ike_creds;		/* plugin.h */

/*
 * Virtual IPs and DNS servers of an IKE SA: on a client what the gateway
 * gave it, on a gateway what it gave the peer.
 */
#define IKE_VIP_MAX	2
#define IKE_DNS_MAX	8
struct ike_vip_info {
	struct ike_addr	 vips[IKE_VIP_MAX];
	size_t		 n_vips;
	struct ike_addr	 dns[IKE_DNS_MAX];
	size_t		 n_dns;
	int		 local;		/* 1: ours (client), 0: the peer's */
};

/* Events for hooks: virtual IPs of an IKE SA came (up) or went (down). */
enum ike_event_type { IKE_EV_VIP_UP, IKE_EV_VIP_DOWN };
struct ike_event {
	enum ike_event_type	 type;
	const char		*conn;
	const char		*sa;		/* "name[id]" */
	struct ike_addr		 peer;
	const struct ike_id	*peer_id;
	const struct ike_vip_info *vip;
};
typedef void (*ike_event_fn)(void *ctx, const struct ike_event *);

struct ike_env {
	ike_rng_fn		 rng;		/* NULL: ike_rng_default */
	void			*rng_ctx;
	ike_log_fn		 log;		/* NULL: silent */
	void			*log_ctx;
	const struct ike_kernel	*kernel;
	void			*kernel_ctx;
	uint64_t		 (*wallclock)(void); /* seconds since epoch, NULL: time() */
	/* Certificates and keys (plugin.h); NULL: PSK only. */
	const struct ike_creds	*creds;
	void			*creds_ctx;
	ike_event_fn		 event;		/* NULL: none */
	void			*event_ctx;
};

/* A datagram the caller must send from local to remote. */
struct ike_datagram {
	struct ike_addr	 local, remote;
	uint8_t		*data;
	size_t		 len;
	int		 non_esp_marker;	/* prepend 4 zero bytes (port 4500) */
};

struct ike_out {
	struct ike_datagram	*dg;
	size_t			 n_dg, cap_dg;
};
void	ike_out_reset(struct ike_out *);	/* frees datagrams, keeps room */
void	ike_out_free(struct ike_out *);

int	ike_engine_new(const struct ike_env *, struct ike_engine **out);
void	ike_engine_free(struct ike_engine *);	/* NULL ok; does not touch the kernel */

/* Takes cfg over.  On reload, SAs of connections that still exist stay;
 * those of removed connections are deleted. */
int	ike_engine_set_config(struct ike_engine *, uint64_t now,
	    struct ike_config *cfg, struct ike_out *out);
const struct ike_config *ike_engine_config(const struct ike_engine *);

/* A datagram arrived (non-ESP marker already stripped). */
int	ike_engine_input(struct ike_engine *, uint64_t now,
	    const struct ike_addr *local, const struct ike_addr *remote,
	    const uint8_t *pkt, size_t len, struct ike_out *out);

/* Timers: when the engine next wants ike_engine_tick(); UINT64_MAX = never. */
uint64_t ike_engine_next_timer(const struct ike_engine *);
int	ike_engine_tick(struct ike_engine *, uint64_t now, struct ike_out *out);

/* Kernel event from the kernel plugin (struct kx_event in plugin.h). */
struct kx_event;
int	ike_engine_kernel_event(struct ike_engine *, uint64_t now,
	    const struct kx_event *, struct ike_out *out);

/* Operator commands: bring a connection up (all its children with
 * start: start, or the one named), take it down, start-up of all
 * connections with start: start, shutdown of everything. */
int	ike_engine_initiate(struct ike_engine *, uint64_t now,
	    const char *conn, struct ike_out *out);
int	ike_engine_terminate(struct ike_engine *, uint64_t now,
	    const char *conn, struct ike_out *out);
int	ike_engine_start_all(struct ike_engine *, uint64_t now, struct ike_out *out);
/* Removes every SA and policy from the kernel and deletes the IKE SAs
 * (sending INFORMATIONAL deletes, not waiting for answers). */
int	ike_engine_shutdown(struct ike_engine *, uint64_t now, struct ike_out *out);

/* Read-only views for sakerctl. */
struct ike_child_info {
	uint32_t	 id;
	const char	*name;
	const char	*state;
	uint32_t	 spi_in, spi_out;	/* host order */
	int		 mode;			/* enum kx_mode */
	char		 alg[96];
	const struct ike_ts *local_ts, *remote_ts;
	size_t		 n_local_ts, n_remote_ts;
	uint64_t	 bytes_in, bytes_out, packets_in, packets_out;
	uint64_t	 established;		/* engine ms */
	uint64_t	 rekey_at, expire_at;	/* engine ms, 0 if none */
};
struct ike_sa_info {
	uint32_t	 id;
	const char	*conn;
	const char	*state;
	int		 initiator;
	uint64_t	 spi_i, spi_r;
	struct ike_addr	 local, remote;
	const struct ike_id *local_id, *remote_id;
	char		 alg[96];
	uint64_t	 established;		/* engine ms, 0 if not yet */
	uint64_t	 rekey_at, reauth_at, expire_at; /* engine ms, 0 if none */
	size_t		 n_children;
	const struct ike_child_info *children;
	/* Liveness: the last authenticated message or inbound ESP seen
	 * (engine ms), dpd-delay (0 = off), a liveness check is out. */
	uint64_t	 last_seen;
	uint32_t	 dpd_delay_ms;
	int		 dpd_pending;
	/* NAT traversal: we or the peer are behind a NAT (as NAT detection
	 * found), we faked our NAT-D for encap: yes, and whether its Child
	 * SAs use UDP encapsulation (ports in local/remote). */
	int		 nat_local, nat_remote, nat_fake, encap;
	struct ike_vip_info vip;		/* n_vips 0: none */
};
typedef void (*ike_sa_cb)(void *ctx, const struct ike_sa_info *);
/* Calls cb for every IKE SA; Child SA counters are read from the kernel. */
int	ike_engine_foreach_sa(struct ike_engine *, ike_sa_cb cb, void *ctx);
/* Leases of the address pools, online (held by IKE SA sa_id) or
 * offline (kept for the same ID to come back), pool by pool. */
struct ike_lease_info {
	const char		*pool;
	struct ike_addr		 addr;
	const struct ike_id	*id;
	int			 online;
	uint32_t		 sa_id;		/* 0 when offline */
	const char		*conn;		/* of the holding SA, or NULL */
};
typedef void (*ike_lease_cb)(void *ctx, const struct ike_lease_info *);
int	ike_engine_foreach_lease(struct ike_engine *, ike_lease_cb cb, void *ctx);
/* The reason the last negotiation of conn failed, or NULL. */
const char *ike_engine_last_failure(const struct ike_engine *, const char *conn);
/* What the last ike_engine_set_config() did to SAs that were running:
 * line i ("hq-branch[3]: connection removed ..."), NULL past the end.
 * Each line was also logged. */
const char *ike_engine_reload_note(const struct ike_engine *, size_t i);
/* Counters of dropped input, by reason, for sakerctl status. */
struct ike_stats {
	uint64_t	 rx, tx, dropped, retransmits;
	uint64_t	 ike_sas, child_sas, half_open;
	uint64_t	 limited;	/* IKE_SA_INIT refused by a per-source limit */
};
void	ike_engine_stats(const struct ike_engine *, struct ike_stats *);

#endif /* SAKER_IKE_H */
