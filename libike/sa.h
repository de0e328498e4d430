/* SPDX-License-Identifier: ISC */
/*
 * sa.h - the engine's inside: the engine itself, IKE SAs and Child SAs,
 * the exchange table's types, and the functions the engine's files share
 * (engine.c, sa.c, child.c, xchg*.c).  Nothing here is public; the daemon
 * sees only ike.h.
 *
 * Threading: one thread owns an engine and everything hanging off it.
 * Jobs: every step runs to completion synchronously for now (DH and the
 * PRFs are fast enough for a site-to-site daemon).  Steps keep their
 * inputs and outputs in the SA, not on the stack, so that the DH step can
 * later return IKE_EPENDING and re-enter through the same table row when
 * a worker thread has finished the computation.
 */
#ifndef SAKER_SA_H
#define SAKER_SA_H

#include <stdbool.h>

#include "cfg.h"
#include "cookie.h"
#include "frag.h"
#include "kpol.h"
#include "ike.h"
#include "msg.h"
#include "pld.h"
#include "plugin.h"
#include "prop.h"
#include "ts.h"
#include "wire.h"
#include "xout.h"
#include "xsend.h"

struct cry_dh;
struct keys_child;
struct keys_ike;
struct keys_suite;
struct keys_child;
struct xchg_out;

/* Fixed limits (see DESIGN.md principle 4). */
#define ENG_HALF_OPEN_MAX	1000	/* responder SAs before IKE_AUTH */
#define ENG_HALF_OPEN_MS	30000	/* a half-open SA lives this long */
#define ENG_HASH_SIZE		1024	/* SPI hash buckets (power of two) */
#define ENG_NONCE_LEN		32
#define ENG_RETRANSMIT_MS	2000	/* defaults for the conn settings */
#define ENG_RETRANSMIT_TRIES	5
#define ENG_REPLAY_WINDOW	32
#define ENG_KEEPALIVE_MS	20000	/* NAT keepalives (RFC 3948 2.3) */
#define ENG_LOG_BURST		20	/* rate-limited lines per window */
#define ENG_LOG_WINDOW_MS	10000
#define ENG_NAME_MAX		(IKE_CFG_NAME_MAX + 16)
#define ENG_WHY_MAX		(PROP_WHY_MAX + 64)

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
	bool			 redundant;		/* lost a collision: delete it */
	uint32_t		 reauth_of;		/* sa_id this SA reauthenticates */
};

struct ike_sa {
	struct ike_sa		*sa_next;		/* engine list */
	struct ike_sa		*sa_hnext;		/* by local SPI */
	struct ike_sa		*sa_inext;		/* by initiator SPI (responder) */
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
	uint64_t		 sa_expire;		/* 0 or when to drop the SA */

	struct child_sa		*sa_children;
	uint64_t		 sa_created, sa_established;

	struct sa_vip		 sa_vip;
	bool			 sa_replaced;		/* unique IDs: Delete it before reaping */

	struct sa_rekey		 sa_rk;
};

/* The last failure of a connection, kept across reloads by name. */
struct eng_failure {
	struct eng_failure	*f_next;
	char			 f_conn[IKE_CFG_NAME_MAX];
	char			 f_why[ENG_WHY_MAX];
};

struct ike_engine {
	struct ike_env		 eng_env;
	struct ike_config	*eng_cfg;
	struct ike_sa		*eng_sas;
	struct ike_sa		*eng_by_spi[ENG_HASH_SIZE];
	struct ike_sa		*eng_by_ispi[ENG_HASH_SIZE];
	uint32_t		 eng_next_sa_id, eng_next_child_id;
	uint32_t		 eng_next_reqid;
	struct ike_stats	 eng_stats;
	struct eng_failure	*eng_failures;
	struct eng_trap		*eng_traps;
	struct eng_again	*eng_again;		/* live.c: to start anew */
	struct eng_pool		*eng_pools;		/* pool.c */
	bool			 eng_started;		/* start_all ran */
	bool			 eng_stopping;		/* shutdown runs */
	uint64_t		 eng_now;		/* time of the current call */
	uint64_t		 eng_log_window;	/* rate limit of noisy lines */
	unsigned		 eng_log_count, eng_log_suppressed;
	struct cookie_state	 eng_cookie;		/* cookie.c */
	struct eng_event	*eng_events;		/* for the event hook, */
	struct eng_event	**eng_events_tail;	/* after the call */
};

/* ---- engine.c: logging, failures, output ------------------------------- */

void	eng_log(struct ike_engine *, enum ike_log_level, const char *sa,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* The same, at most ENG_LOG_BURST lines per ENG_LOG_WINDOW_MS. */
void	eng_log_limited(struct ike_engine *, enum ike_log_level, const char *sa,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Counts a dropped datagram and logs why, rate-limited. */
void	eng_drop(struct ike_engine *, const char *sa, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Remembers why conn's last negotiation failed. */
void	eng_set_failure(struct ike_engine *, const char *conn, const char *why);
/* Appends a copy of data as a datagram to out.  IKE_ENOMEM. */
int	eng_out_push(struct ike_out *, const struct ike_addr *local,
	    const struct ike_addr *remote, const uint8_t *data, size_t len,
	    int marker);
/* An event for the environment's event hook (virtual IPs up or down),
 * copied and queued: the engine delivers the queue when the current call
 * is done, once the step that made it and its kernel work are over. */
void	eng_event(struct ike_engine *, const struct ike_event *);
/* Hands the queued events to the hook, oldest first; eng_events_free()
 * drops them. */
void	eng_events_deliver(struct ike_engine *);
void	eng_events_free(struct ike_engine *);
/* Random bytes through the environment's RNG. */
int	eng_rng(struct ike_engine *, void *buf, size_t len);
/* The kernel plugin; IKE_EKERNEL when none is configured. */
int	eng_kernel(struct ike_engine *, struct kx_op *);
/* A connection's port setting, 0 meaning the config's IKE port. */
uint16_t eng_port(const struct ike_engine *, uint16_t port);
/* Formats an ID for logs; never fails. */
void	eng_id_format(const struct ike_id *, char *buf, size_t len);

/* Reauthenticates sa (make-before-break): a new IKE SA of its connection
 * with its Child SAs; sa goes once the new one is complete. */
void	eng_reauth(struct ike_sa *, uint64_t now, struct ike_out *);

/* ---- sa.c: the SA table and life cycle --------------------------------- */

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
/* Takes sa out of the SPI hash tables (sa_reap, before freeing it). */
void	sa_unhash(struct ike_sa *);
/* Frees the dead SAs. */
void	sa_reap(struct ike_engine *);
void	sa_free(struct ike_sa *);
/* Half-open accounting. */
void	sa_set_half_open(struct ike_sa *, bool);
/* Clears the outstanding request after its response arrived. */
void	sa_request_done(struct ike_sa *);
/* Timers of one SA: retransmit, give up, half-open expiry, NAT
 * keepalives. */
uint64_t work_next_timer(const struct ike_sa *);
void	work_tick(struct ike_sa *, uint64_t now, struct ike_out *);

/* Picks a fresh local IKE SPI (not zero, not in use).  The RNG's error. */
int	sa_pick_spi(struct ike_engine *, uint64_t *spi);
/* The live SA with that id, or NULL. */
struct ike_sa *sa_by_id(struct ike_engine *, uint32_t id);

/* ---- child.c: Child SAs and the kernel --------------------------------- */

int	child_new(struct ike_sa *, const struct ike_child_cfg *, struct child_sa **out);
void	child_free(struct child_sa *);
/* Allocates the inbound SPI (KX_ALLOC_SPI) and a reqid. */
int	child_alloc_spi(struct child_sa *);
/* Derives KEYMAT (keys.h; dh is g^ir of a PFS exchange or empty) and
 * installs both SAs and the policies. */
int	child_install(struct child_sa *, struct ike_bytes dh, struct ike_bytes ni,
	    struct ike_bytes nr);
/* Removes whatever of it is in the kernel (SAs, larval SPI, policies). */
void	child_uninstall(struct child_sa *);
/* Installs the outbound SA a rekey's responder held back (ch_out_keys). */
int	child_install_out(struct child_sa *);
/* Moves a Child SA to another IKE SA (IKE SA rekey); kernel state stays. */
void	child_move(struct child_sa *, struct ike_sa *to);
/* Unlinks it from its SA, uninstalls and frees it. */
void	child_destroy(struct child_sa *, const char *reason);
struct child_sa *child_by_spi_out(struct ike_sa *, uint32_t spi);
struct child_sa *child_by_id(struct ike_sa *, uint32_t id);
/* True when the peer's rekey of ch made another Child SA that stands
 * (ch awaits the peer's Delete and is not to be rekeyed by us). */
bool	child_replaced(const struct child_sa *);
/* The same for an IKE SA: "dynamic" is the virtual IPs of that side when
 * it has some (vip_side), else its address. */
size_t	child_sa_ts(const struct ike_sa *, const struct ike_child_cfg *,
	    bool local, struct ike_ts *out);

/* Another installed Child SA with ch's reqid, selectors and mode that
 * has (with_pol) or has not policies of its own; NULL if none.  Twins
 * arise when both ends start a connection at once. */
struct child_sa *child_sibling(const struct child_sa *, bool with_pol);

/* Moves both kernel SAs (and, if addresses changed, the policies) from
 * the old IKE endpoints to the IKE SA's current ones (a NAT mapping
 * changed).  IKE_EKERNEL when the kernel refused. */
int	child_update(struct child_sa *, const struct ike_addr *old_local,
	    const struct ike_addr *old_remote);

/* ---- nat.c: NAT traversal (RFC 7296 2.23, RFC 3948) -------------------- */

/* Appends N(NAT_DETECTION_SOURCE_IP) and N(NAT_DETECTION_DESTINATION_IP);
 * with encap: yes the source hash is random, so the peer sees a NAT. */
int	nat_natd_add(struct ike_sa *, struct xchg_out *);
/* Records from an IKE_SA_INIT message who is behind a NAT; the initiator
 * then moves to the NAT-T port. */
void	nat_natd_check(struct ike_sa *, const struct msg *);
/* Whether Child SAs of sa use UDP encapsulation. */
bool	sa_udp_encap(const struct ike_sa *);
/* The SA is established: NAT keepalives start when we are behind one. */
void	nat_established(struct ike_sa *);
/* After an authenticated message from local/remote: follows the peer to
 * the NAT-T port, or to a new NAT mapping (kernel SAs included). */
void	nat_float(struct ike_sa *, const struct ike_addr *local,
	    const struct ike_addr *remote);
/* Sends a keepalive if due and arms the next one. */
void	nat_keepalive_tick(struct ike_sa *, uint64_t now, struct ike_out *);
/* XFRM_MSG_MAPPING: ESP of one of our Child SAs came from a new port. */
int	nat_mapping_event(struct ike_engine *, const struct kx_event *);

/* ---- trap.c: policies that start a connection on demand ---------------- */

/*
 * A child with "start: trap" has its policies in the kernel before any
 * SA exists; the first packet makes the kernel send an ACQUIRE, which
 * starts the connection.  When the Child SA comes up its own policies
 * replace the trap's; when it goes, the trap comes back.
 */
struct eng_trap {
	struct eng_trap		*t_next;
	char			 t_conn[IKE_CFG_NAME_MAX];
	char			 t_child[IKE_CFG_NAME_MAX];
	uint32_t		 t_reqid;
	int			 t_mode;
	struct ike_addr		 t_local, t_remote;
	struct ike_ts		 t_lts[TS_MAX], t_rts[TS_MAX];
	size_t			 t_n_lts, t_n_rts;
	size_t			 t_n_pol;	/* installed now */
	bool			 t_dynamic;	/* put in by a dpd-action or
						   close-action, not the config */
};

/* Makes the kernel's traps follow the config (start_all and reloads). */
void	trap_sync(struct ike_engine *);
/* Removes every trap (shutdown). */
void	trap_flush(struct ike_engine *);
/* The trap of a connection's child, or of a reqid; NULL if none. */
struct eng_trap *trap_find(struct ike_engine *, const char *conn,
	    const char *child);
struct eng_trap *trap_by_reqid(struct ike_engine *, uint32_t reqid);
/* Takes the trap's policies out (its Child SA is coming), or puts them
 * back (its Child SA went). */
void	trap_suspend(struct ike_engine *, struct eng_trap *);
void	trap_resume(struct ike_engine *, struct eng_trap *);
/* A trap for conn's child that the config did not ask for (dpd-action or
 * close-action trap); nothing if it has one.  It is installed once no
 * Child SA of that child has policies, survives reloads while the child
 * exists, and goes with trap_drop_dynamic() (sakerctl down). */
void	trap_add_dynamic(struct ike_engine *, const struct ike_conn_cfg *,
	    const struct ike_child_cfg *);
void	trap_drop_dynamic(struct ike_engine *, const char *conn);

/* ---- live.c: dead peer detection and what follows a peer's end --------- */

/*
 * An established IKE SA with dpd-delay set checks its peer with an empty
 * INFORMATIONAL once that long has passed without a sign of life: an
 * authenticated message, or inbound ESP bytes on one of its Child SAs.
 * A peer that does not answer (retransmission gives up, or dpd-timeout
 * passes) is dead: each child's dpd-action runs and the IKE SA goes.  A
 * child the peer deletes gets its close-action.  Restarts are queued in
 * the engine and run by work_again() once the old SA is gone.
 */
struct eng_again {
	struct eng_again	*a_next;
	char			 a_conn[IKE_CFG_NAME_MAX];
	char			 a_child[IKE_CFG_NAME_MAX];
};
/* An authenticated message from the peer arrived. */
void	sa_seen(struct ike_sa *, uint64_t now);
/* When the SA next wants a liveness look; UINT64_MAX = never. */
uint64_t work_dpd_due(const struct ike_sa *);
/* The look: ESP traffic postpones it, else the empty INFORMATIONAL. */
void	work_dpd_tick(struct ike_sa *, uint64_t now, struct ike_out *);
/* The peer is dead (why is logged and kept as the failure): dpd-actions
 * run, then the SA is killed. */
void	live_peer_dead(struct ike_sa *, const char *why);
/* The peer deleted ch (whole: with the IKE SA): its close-action runs,
 * unless another Child SA of the same child still stands. */
void	live_child_closed(struct child_sa *ch, bool whole);
/* Starts what the actions queued (work.c); and whether there is any. */
int	work_again(struct ike_engine *, uint64_t now, struct ike_out *);
bool	live_pending(const struct ike_engine *);
void	live_free(struct ike_engine *);
/* Starts conn (initiate.c): a new IKE SA, or child added to the one that
 * is up (sa_want_child; its work sends the request). */
int	eng_initiate(struct ike_engine *, uint64_t now,
	    const struct ike_conn_cfg *, const struct ike_child_cfg *,
	    struct ike_out *);
/* The same, then the work of conn's SA (work.c). */
int	eng_initiate_work(struct ike_engine *, uint64_t now,
	    const struct ike_conn_cfg *, const struct ike_child_cfg *,
	    struct ike_out *);
bool	sa_want_child(struct ike_sa *, const struct ike_child_cfg *);
bool	sa_has_child(const struct ike_sa *, const struct ike_child_cfg *);
struct ike_sa *sa_of_conn(struct ike_engine *, const struct ike_conn_cfg *);
/* Byte and packet counters of the SA (dst, spi) from the kernel; left
 * alone when it cannot say. */
void	eng_query(struct ike_engine *, const struct ike_addr *dst, uint32_t spi,
	    uint64_t *bytes, uint64_t *packets);

/* ---- pool.c: leases of virtual IPs -------------------------------------- */

/*
 * The engine keeps one pool per pool of the config, with its leases: an
 * address given to a peer ID is online while an IKE SA holds it, then
 * offline, kept for the same ID to come back to.  Addresses never given
 * are handed out in order; when none are left, the offline lease unused
 * longest goes to the newcomer.
 */
struct eng_pool;
struct xchg_out;
/* Makes the pools follow the config: a pool whose ranges did not change
 * keeps its leases.  IKE_ENOMEM. */
int	pool_sync(struct ike_engine *);
void	pool_free_all(struct ike_engine *);
/* An address of family for sa's peer ID from its connection's pools,
 * in their order; the pool goes to *pool.  IKE_ENOENT when no pool of
 * the connection has that family, IKE_ENOSPC when all are taken. */
int	pool_acquire(struct ike_sa *, uint8_t family, struct ike_addr *addr,
	    const struct ike_pool_cfg **pool);
/* The SA's leases go offline. */
void	pool_release(struct ike_sa *);

/* ---- vip.c: virtual IPs on the wire and in the kernel -------------------- */

/* Client: appends CP(CFG_REQUEST) when the connection asks for virtual
 * IPs (and their DNS servers). */
int	vip_request(struct ike_sa *, struct xchg_out *);
/* Gateway: answers the CFG_REQUEST of m with leases in CP(CFG_REPLY).
 * Returns 0 when the Child SA may go ahead, else the notify to send in
 * its place (FAILED_CP_REQUIRED, INTERNAL_ADDRESS_FAILURE), the reason
 * logged and recorded as the connection's last failure. */
uint16_t vip_respond(struct ike_sa *, const struct msg *, struct xchg_out *);
/* Client: takes the CFG_REPLY of m: records the virtual IPs and DNS
 * servers and puts the addresses on an interface. */
void	vip_accept(struct ike_sa *, const struct msg *);
/* The virtual IPs that stand for "dynamic" on one side of sa; *wide when
 * they are only asked for yet (the selector is then the whole family).
 * 0 when that side has none. */
size_t	vip_side(const struct ike_sa *, bool local, struct ike_addr *out,
	    bool *wide);
/* Routes that make the host send from its virtual IP into ch. */
void	vip_routes_add(struct child_sa *);
void	vip_routes_del(struct child_sa *);
/* The IKE SA goes: addresses off the interfaces, leases offline. */
void	vip_release(struct ike_sa *);

/* ---- xchg.c: the table and message handling ---------------------------- */

enum xchg_dir { XD_REQ = 0, XD_RESP = 1 };


typedef int (*xchg_step_fn)(struct ike_sa *, const struct msg *,
	    struct xchg_out *);

struct xchg_rule {
	enum sa_state	 state;
	uint8_t		 exchange;
	enum xchg_dir	 dir;
	uint32_t	 required, allowed;	/* RULES_PL() sets */
	xchg_step_fn	 step;
	enum sa_state	 next;
};

/* The table, for the unit test that walks it. */
const struct xchg_rule *xchg_table(size_t *n);
/* The row for a state, exchange, direction and payload set, or NULL. */
const struct xchg_rule *xchg_find(enum sa_state, uint8_t exchange,
	    enum xchg_dir, uint32_t present);

/* A datagram for sa (found or made by engine.c), received on local from
 * remote. */
int	xchg_input(struct ike_sa *, uint64_t now, const struct ike_addr *local,
	    const struct ike_addr *remote, const uint8_t *pkt, size_t len,
	    struct ike_out *);
/* Work an established SA does when its window is free: rekeys that are
 * due, then Child SAs asked for (sa_want); and when that is next due. */
int	work_run(struct ike_sa *, uint64_t now, struct ike_out *);
uint64_t work_due(const struct ike_sa *);



/* ---- the steps, one file per exchange ---------------------------------- */

int	xchg_init_start(struct ike_sa *, struct xchg_out *);	/* initiator */
int	xchg_init_r(struct ike_sa *, const struct msg *, struct xchg_out *);
int	xchg_init_i(struct ike_sa *, const struct msg *, struct xchg_out *);
int	xchg_init_i_notify(struct ike_sa *, const struct msg *, struct xchg_out *);

int	xchg_auth_start(struct ike_sa *, struct xchg_out *);	/* initiator */
int	xchg_auth_r(struct ike_sa *, const struct msg *, struct xchg_out *);
int	xchg_auth_i(struct ike_sa *, const struct msg *, struct xchg_out *);
int	xchg_auth_i_notify(struct ike_sa *, const struct msg *, struct xchg_out *);
/* The octets an AUTH covers (RFC 7296 2.15): ours (our first message,
 * the peer's nonce, SK_p of our role) or the peer's, over id_body. */
int	sa_auth_octets(struct ike_sa *, bool ours, struct ike_bytes id_body,
	    struct ike_buf *out);

/* Certificates (xchg_cert.c). */
struct ike_cred_local;
/* IKE_SA_INIT, both roles: notes the peer's SIGNATURE_HASH_ALGORITHMS
 * and CERTREQ in m (NULL: none yet), then (x not NULL) adds our notify
 * and, when certreq is set, our CERTREQ for every loaded CA.  Nothing
 * without a creds plugin. */
int	xchg_cert_init(struct ike_sa *, const struct msg *m, bool certreq,
	    struct xchg_out *);
/* IKE_AUTH request: adds the CA key hashes of the peer's CERTREQs in m. */
int	xchg_cert_note_certreq(struct ike_sa *, const struct msg *);
/* Our certificate for the SA's connection (local auth pubkey), picked
 * with the peer's CERTREQ; fails the SA when there is none. */
int	xchg_cert_pick(struct ike_sa *, struct ike_cred_local *);
/* CERT payloads of our chain; CERTREQ for the CAs conn's remote side
 * trusts. */
int	xchg_cert_add_certs(struct ike_sa *, const struct ike_cred_local *,
	    struct xchg_out *);
int	xchg_cert_add_certreq(struct ike_sa *, struct xchg_out *);
/* Our AUTH payload signed with the picked key (sa_lid must be set). */
int	xchg_cert_add_auth(struct ike_sa *, const struct ike_cred_local *,
	    struct xchg_out *);
/* Checks the peer's signature AUTH: the CERT payloads in m, its ID
 * (sa_rid, whose payload body is id_body).  IKE_OK, or the SA failed
 * with IKE_EAUTH and the reason. */
int	xchg_cert_check(struct ike_sa *, const struct msg *m,
	    struct ike_bytes id_body, const struct pld_auth *auth);
/* 1 if an AUTH method is a signature (1, 9, 10, 11, 14). */
int	xchg_cert_is_sig(uint8_t method);

int	xchg_info_r(struct ike_sa *, const struct msg *, struct xchg_out *);
int	xchg_info_i(struct ike_sa *, const struct msg *, struct xchg_out *);
int	xchg_child_r(struct ike_sa *, const struct msg *, struct xchg_out *);
int	xchg_child_i(struct ike_sa *, const struct msg *, struct xchg_out *);
/* A CREATE_CHILD_SA request for cfg, rekeying old when not NULL. */
int	xchg_child_start(struct ike_sa *, const struct ike_child_cfg *,
	    struct child_sa *old, struct xchg_out *);

/* Child SA negotiation, shared by IKE_AUTH and CREATE_CHILD_SA
 * (xchg_child.c).  create is true for CREATE_CHILD_SA (own nonces,
 * optional PFS key exchange), false for IKE_AUTH. */
struct xchg_child_in {
	struct pld_sa		 sa;
	struct ike_proposal	 props[PLD_SA_MAX_PROPS];
	struct ike_bytes	 spis[PLD_SA_MAX_PROPS];
	uint8_t			 nums[PLD_SA_MAX_PROPS];
	size_t			 n_props;
	struct pld_ts		 tsi, tsr;
	struct pld_nonce	 nonce;
	struct pld_ke		 ke;
	bool			 has_nonce, has_ke;
	bool			 transport;
	bool			 rekey;		/* N(REKEY_SA) for ESP */
	uint32_t		 rekey_spi;
};
/* Parses what of SA, TSi, TSr, Nonce, KE, USE_TRANSPORT_MODE and REKEY_SA
 * m holds.  A pld_*_parse error. */
int	xchg_child_parse(const struct msg *, struct xchg_child_in *);
/* Responder: picks the child config (old's when rekeying), narrows,
 * selects, installs, and appends the answer (SA, [Nr, KEr], TSi, TSr),
 * or the notify saying why not.  Child failures return IKE_OK. */
int	xchg_child_respond(struct ike_sa *, struct xchg_child_in *,
	    struct child_sa *old, bool create, struct xchg_out *);
/* Initiator: appends SA, [Ni, KEi], TSi, TSr for ch. */
int	xchg_child_propose(struct ike_sa *, struct child_sa *, bool create,
	    struct xchg_out *);
/* Initiator: checks the answer for ch and installs it, or destroys ch
 * (asking the peer to delete it when it made one we refuse). */
int	xchg_child_accept(struct ike_sa *, struct child_sa *, const struct msg *,
	    bool create, struct xchg_out *);
/* One line and the connection's last failure for a Child SA not made. */
void	sa_child_fail(struct ike_sa *, const char *child, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
uint32_t xchg_spi32(struct ike_bytes);
/* ---- xchg_rekey.c: rekeying the IKE SA, lifetimes, collisions ---------- */

/* Arms the IKE SA's rekey, reauthentication and hard lifetime timers
 * from its connection (rekey-time minus up to rand-time). */
void	xchg_rekey_schedule(struct ike_sa *);
/* Initiator: HDR, SK { SA(IKE, new SPIi), Ni, KEi }.  RNG/DH errors. */
int	xchg_rekey_start(struct ike_sa *, struct xchg_out *);
/* Responder of an IKE SA rekey (a CREATE_CHILD_SA without TSi). */
int	xchg_rekey_r(struct ike_sa *, const struct msg *, struct xchg_out *);
/* Initiator: the answer to xchg_rekey_start's request. */
int	xchg_rekey_i(struct ike_sa *, const struct msg *, struct xchg_out *);
/* The SA that takes over sa's children when sa goes (its rekey), or NULL;
 * moves them there. */
struct ike_sa *xchg_rekey_handover(struct ike_sa *);
/* Lifetime work that is due (called from the work step with the window
 * free): a redundant or expired SA is deleted, a rekey started.  1 if it
 * sent a request, XCHG_REKEY_REAUTH when the SA is due to be
 * reauthenticated (the caller starts that), else 0. */
#define XCHG_REKEY_REAUTH	2
int	xchg_rekey_work(struct ike_sa *, uint64_t now, struct ike_out *);
uint64_t xchg_rekey_due(const struct ike_sa *);




#endif /* SAKER_SA_H */
