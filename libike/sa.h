/* SPDX-License-Identifier: ISC */
/*
 * sa.h - IKE SAs and Child SAs: their states and fields, the SA table
 * (sa.c) and the end of an SA (sa_end.c).
 * Internal to libike's engine; the daemon sees ike.h.
 */
#ifndef SAKER_SA_H
#define SAKER_SA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eng.h"
#include "frag.h"
#include "htab.h"
#include "ike.h"
#include "keys.h"
#include "kpol.h"
#include "msg.h"
#include "pld.h"
#include "prop.h"
#include "timer.h"
#include "ts.h"
#include "wire.h"
#include "xout.h"

struct cry_dh;
struct keys_child;
struct keys_ike;

/* IKE SA states.  The responder starts in SA_S_NEW, the initiator in
 * SA_S_INIT_SENT; SA_S_DEAD SAs are freed after the current call. */
enum sa_state {
	SA_S_NEW,		/* responder: IKE_SA_INIT request arrived */
	SA_S_INIT_SENT,		/* initiator: IKE_SA_INIT request out */
	SA_S_INIT_DONE,		/* responder: answered, awaits IKE_AUTH */
	SA_S_AUTH_SENT,		/* initiator: IKE_AUTH request out */
	SA_S_ESTABLISHED,
	SA_S_DELETING,		/* our Delete of the IKE SA is out */
	SA_S_DEAD,
	SA_S_COUNT
};

enum child_state {
	CH_S_NEW,		/* SPI allocated, negotiating */
	CH_S_INSTALLED,		/* SAs and policies in the kernel */
	CH_S_DELETING,		/* our Delete is out */
};

struct ike_sa;

struct child_sa {
	struct child_sa		*ch_next;
	struct ike_sa		*ch_sa;
	struct htab_node	 ch_hn_reqid;		/* engine's, once it has one */
	struct htab_node	 ch_hn_spi;		/* ... once it has spi_in */
	uint32_t		 ch_id;
	char			 ch_name[ENG_NAME_MAX];	/* "lan{3}" */
	char			 ch_cfg_name[IKE_CFG_NAME_MAX];
	const struct ike_child_cfg *ch_cfg;		/* NULL once removed */
	enum child_state	 ch_state;
	uint32_t		 ch_spi_in, ch_spi_out;	/* host order */
	uint32_t		 ch_reqid;
	int			 ch_mode;		/* enum kx_mode */
	struct prop_sel		 ch_sel;
	char			 ch_alg[96];
	struct ike_ts		 ch_lts[TS_MAX], ch_rts[TS_MAX];
	size_t			 ch_n_lts, ch_n_rts;
	bool			 ch_larval;		/* spi_in allocated, no SA */
	bool			 ch_rekeying;		/* our rekey of it is out */
	uint64_t		 ch_rekey_at;		/* 0 or when to rekey it */
	bool			 ch_sa_in, ch_sa_out;	/* SAs installed */
	size_t			 ch_n_pol;		/* policies installed */
	size_t			 ch_n_routes;		/* virtual IP routes installed */
	uint64_t		 ch_established;
	uint64_t		 ch_dpd_bytes;		/* inbound bytes at the last
							   liveness look */
	struct keys_child	*ch_keys;		/* for KX_UPDATE_SA */
	/* Rekeying (xchg_child.c, xchg_rekey.c) */
	bool			 ch_xinit;		/* we sent the request that made it */
	uint32_t		 ch_soft_secs;		/* soft lifetime with jitter */
	uint64_t		 ch_soft_at, ch_hard_at;	/* kernel lifetimes, 0: none */
	uint32_t		 ch_rekey_of;		/* ch_id it replaces (peer's rekey) */
	bool			 ch_out_held;		/* outbound SA held back until the
						   old one is deleted */
	struct ike_buf		 ch_nonce_min;		/* lower nonce of the peer's rekey
						   that crossed ours (RFC 7296 2.8.1) */
};

/* NAT traversal of an IKE SA (nat.c). */
struct sa_nat {
	bool			 local, remote;		/* behind a NAT */
	bool			 fake;			/* encap: yes, NAT-D faked */
	uint64_t		 keepalive;		/* next NAT keepalive, 0: none */
};

/* RFC 7383 (frag.c): both sides announced fragmentation; reassemblies of
 * the peer's request [0] and response [1] under way. */
struct sa_frag {
	bool			 on;
	struct frag_in		*in[2];
};

/* Certificates (xchg_cert.c): the hashes the peer signs with (RFC 7427
 * 4, a bit per IKE_HASH_*) and the CA key hashes of its CERTREQs. */
struct sa_cert {
	uint32_t		 peer_hashes;
	struct ike_buf		 peer_certreq;
};

/* Our CREATE_CHILD_SA (xchg_child.c) and the Child SAs still to ask for. */
struct sa_create_child {
	struct ike_buf		 ni;			/* its Ni */
	struct cry_dh		*dh;			/* its PFS key exchange */
	uint32_t		 rekey_old;		/* ch_id it replaces, 0: new */
	const struct ike_child_cfg *want[8];		/* children to add */
	size_t			 n_want;
};

/* Virtual IPs (vip.c): ours from the gateway (client), or the peer's from
 * our pools (gateway). */
struct sa_vip {
	struct ike_vip_info	 info;
	uint8_t			 inst;			/* bit i: vips[i] is on an interface */
	bool			 up;			/* the up event went out */
};

/* Lifetimes and rekeying of the IKE SA itself (xchg_rekey.c, work.c). */
struct sa_rekey {
	uint64_t		 rekey_at;		/* 0 or when to rekey it */
	uint64_t		 reauth_at;		/* 0 or when to reauthenticate */
	uint64_t		 life_at;		/* 0 or when it must go */
	uint64_t		 spi;			/* our rekey: the new SA's SPIi */
	struct ike_buf		 ni;			/* ... its Ni */
	struct cry_dh		*dh;			/* ... its key exchange */
	uint16_t		 group;			/* ... group the peer asked for */
	unsigned		 tries;			/* ... refusals so far */
	uint32_t		 from;			/* made by the peer's rekey of this
							   sa_id while ours was out */
	struct ike_buf		 min;			/* ... that exchange's lower nonce */
	uint32_t		 new;			/* sa_id that replaced this one */
	uint32_t		 crossed;		/* sa_id of the SA the peer's
							   rekey made while ours was out */
	bool			 redundant;		/* lost a collision: delete it */
	uint32_t		 reauth_of;		/* sa_id this SA reauthenticates */
};

struct ike_sa {
	struct ike_sa		*sa_next, **sa_pprev;	/* engine list */
	struct htab_node	 sa_hn_spi;		/* by local SPI */
	struct htab_node	 sa_hn_ispi;		/* by initiator SPI (responder) */
	struct htab_node	 sa_hn_id;		/* by sa_id */
	struct htab_node	 sa_hn_peer;		/* by peer ID (sa_peer_index) */
	/* The SAs of one connection name, newest first; the newest is in
	 * the engine's table for all of them. */
	struct htab_node	 sa_hn_conn;
	struct ike_sa		*sa_cnext, *sa_cprev;
	struct timer_node	 sa_timer;		/* work_next_timer() */
	struct ike_sa		*sa_tnext, **sa_tpprev;	/* touched in this call */
	struct ike_sa		*sa_dnext;		/* dead, to be freed */
	struct ike_engine	*sa_eng;
	uint32_t		 sa_id;
	char			 sa_name[ENG_NAME_MAX];	/* "hq-branch[1]" */
	char			 sa_conn_name[IKE_CFG_NAME_MAX];
	int			 sa_conn_guess;	/* responder: conn picked by addresses only,
						   not yet by the peer's ID */
	const struct ike_conn_cfg *sa_conn;		/* NULL: not yet known */
	enum sa_state		 sa_state;
	bool			 sa_initiator;
	bool			 sa_half_open;		/* counted in half_open */
	uint64_t		 sa_spi_i, sa_spi_r;
	struct ike_addr		 sa_local, sa_remote;

	/* IKE_SA_INIT */
	struct prop_sel		 sa_sel;
	char			 sa_alg[96];
	uint16_t		 sa_ke_group;		/* the group we send */
	struct cry_dh		*sa_dh;
	struct ike_buf		 sa_ni, sa_nr;
	struct ike_buf		 sa_init_i, sa_init_r;	/* both IKE_SA_INIT messages */
	struct keys_ike		*sa_keys;
	struct sa_nat		 sa_nat;
	int			 sa_invalid_ke;		/* retries after INVALID_KE */
	struct ike_buf		 sa_cookie;		/* RFC 7296 2.6 */
	int			 sa_cookie_tries;
	struct sa_frag		 sa_frag;
	struct ike_addr		 sa_ho_addr;		/* counted half-open from */

	/* IKE_AUTH */
	struct ike_id		 sa_lid, sa_rid;	/* owned copies */
	const struct ike_child_cfg *sa_first_child;	/* to create in IKE_AUTH */
	struct child_sa		*sa_pending;		/* the one being negotiated */
	struct sa_cert		 sa_cert;

	struct sa_create_child	 sa_cc;

	/* Message IDs and retransmission (RFC 7296 2.1, 2.2) */
	uint32_t		 sa_mid_next;		/* our next request */
	uint32_t		 sa_mid_expect;		/* the peer's next request */
	struct ike_buf		 sa_req;		/* outstanding request */
	uint32_t		 sa_req_mid;
	uint8_t			 sa_req_xchg;
	enum sa_req_kind	 sa_req_kind;
	uint32_t		 sa_req_child;		/* ch_id for REQ_DEL_CHILD */
	unsigned		 sa_req_tries;		/* retransmits so far */
	uint64_t		 sa_req_due;		/* next retransmit / give-up */
	uint64_t		 sa_req_interval;
	bool			 sa_req_last;		/* due is the give-up time */
	uint64_t		 sa_req_deadline;	/* 0 or dpd-timeout's end */
	uint64_t		 sa_last_seen;		/* last sign of life (live.c) */
	struct ike_buf		 sa_resp;		/* last response we sent */
	uint32_t		 sa_resp_mid;
	bool			 sa_resp_valid;
	/* RFC 7296 2.1: a retransmission is the same message.  SHA-256 of
	 * the request being handled (of its fragment 1 when fragmented),
	 * and of the one sa_resp answers; how often that was sent again. */
	uint8_t			 sa_rx_hash[SA_REQ_HASH_LEN];
	uint8_t			 sa_resp_hash[SA_REQ_HASH_LEN];
	unsigned		 sa_resp_resends;
	uint64_t		 sa_expire;		/* 0 or when to drop the SA */

	struct child_sa		*sa_children;
	uint64_t		 sa_created, sa_established;

	struct sa_vip		 sa_vip;
	bool			 sa_replaced;		/* unique IDs: Delete it before reaping */

	struct sa_rekey		 sa_rk;
};

/* A new SA with a fresh local SPI, linked into the tables; a responder
 * passes the initiator's SPI (spi_i).  IKE_ENOMEM or the RNG's error. */
int	sa_new(struct ike_engine *, bool initiator, const struct ike_conn_cfg *,
	    uint64_t spi_i, const struct ike_addr *local,
	    const struct ike_addr *remote, uint64_t now, struct ike_sa **out);

/* Names the SA after conn ("conn[id]") and binds it. */
void	sa_bind_conn(struct ike_sa *, const struct ike_conn_cfg *);
struct ike_sa *sa_find_local(struct ike_engine *, uint64_t spi);

/* The responder SA made by an IKE_SA_INIT request from remote with SPIi. */
struct ike_sa *sa_find_init(struct ike_engine *, uint64_t spi_i,
	    const struct ike_addr *remote);

/* Our SPI and the peer's. */
uint64_t sa_spi_local(const struct ike_sa *);

/* Records a failure: one log line "why" on the SA and the conn's last
 * failure.  Returns err so steps can "return sa_fail(...)". */
int	sa_fail(struct ike_sa *, int err, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Marks the SA dead: children are removed from the kernel now; the SA is
 * freed by sa_reap().  reason is logged at info when not NULL. */
void	sa_kill(struct ike_sa *, const char *reason);

/* SHA-256 of the datagram that carried m (zeros if hashing failed); and
 * that of the request sa is handling now (RFC 7296 2.1: its response
 * answers exactly that message again). */
void	sa_request_hash(const struct msg *, uint8_t out[SA_REQ_HASH_LEN]);
void	sa_note_request(struct ike_sa *, const struct msg *);

/* Only the state: the SA is dead, has no deadline and waits for
 * sa_reap() (sa_kill ends with it; an exchange that ends the SA with
 * nothing left to tear down uses it alone). */
void	sa_set_dead(struct ike_sa *);

/* Takes sa out of the engine's list and tables (sa_reap, before freeing
 * it). */
void	sa_unhash(struct ike_sa *);

/* Frees the dead SAs, and only those: they wait on a list of their own. */
void	sa_reap(struct ike_engine *);
void	sa_free(struct ike_sa *);

/*
 * Deadlines.  work_next_timer() says when an IKE SA next wants a tick;
 * the engine keeps that in a heap.  What may change it marks the SA
 * touched: the SA of the datagram, tick, kernel event or command at
 * hand, a new SA, and an SA a step changes besides its own (the one a
 * rekey hands Child SAs to, the one a reauthentication replaces).  When
 * the call ends, the engine reads the deadline of each touched SA again
 * (sa_untouch_next), in O(log n) each.
 */
void	sa_touch(struct ike_sa *);
struct ike_sa *sa_untouch_next(struct ike_engine *);

/* The IKE SA a heap node belongs to. */
static inline struct ike_sa *
sa_of_timer(struct timer_node *n)
{
	return (struct ike_sa *)(void *)((char *)n - offsetof(struct ike_sa,
	    sa_timer));
}

/* Half-open accounting. */
void	sa_set_half_open(struct ike_sa *, bool);

/* Clears the outstanding request after its response arrived. */
void	sa_request_done(struct ike_sa *);

/* Picks a fresh local IKE SPI (not zero, not in use).  The RNG's error. */
int	sa_pick_spi(struct ike_engine *, uint64_t *spi);

/* The live SA with that id, or NULL. */
struct ike_sa *sa_by_id(struct ike_engine *, uint32_t id);

/* Whether Child SAs of sa use UDP encapsulation. */
bool	sa_udp_encap(const struct ike_sa *);

/* An authenticated message from the peer arrived. */
void	sa_seen(struct ike_sa *, uint64_t now);
bool	sa_want_child(struct ike_sa *, const struct ike_child_cfg *);
bool	sa_has_child(const struct ike_sa *, const struct ike_child_cfg *);

/* The live SA of conn that no rekey or reauthentication replaced, the
 * newest if several; NULL if none. */
struct ike_sa *sa_of_conn(struct ike_engine *, const struct ike_conn_cfg *);

/* The SAs bound to a connection name, dead ones too, newest first:
 * sa_conn_first(), then ->sa_cnext.  NULL: none. */
struct ike_sa *sa_conn_first(struct ike_engine *, const char *conn);

/*
 * SAs by peer.  An SA that knows the peer's ID is found by it; an
 * initiator SA that does not know it yet (before the IKE_AUTH answer)
 * by its connection name instead.  sa_peer_index() files the SA again
 * after sa_rid changed.  sa_by_peer() goes through the SAs, dead ones
 * too, whose peer ID equals id, or with id NULL the initiator SAs of
 * conn without one: after NULL gives the first, after an SA the next.
 */
void	sa_peer_index(struct ike_sa *);
struct ike_sa *sa_by_peer(struct ike_engine *, const struct ike_id *id,
	    const char *conn, struct ike_sa *after);

/* The octets an AUTH covers (RFC 7296 2.15): ours (our first message,
 * the peer's nonce, SK_p of our role) or the peer's, over id_body. */
int	sa_auth_octets(struct ike_sa *, bool ours, struct ike_bytes id_body,
	    struct ike_buf *out);

/* One line and the connection's last failure for a Child SA not made. */
void	sa_child_fail(struct ike_sa *, const char *child, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* One more (delta 1) or one less (delta -1) half-open IKE SA from addr's
 * IP address (the port does not count). */
void	sa_ho_count(struct ike_engine *, const struct ike_addr *addr, int delta);

/* Half-open IKE SAs from addr's IP address. */
uint32_t sa_ho_count_of(const struct ike_engine *, const struct ike_addr *addr);

#endif /* SAKER_SA_H */
