/* SPDX-License-Identifier: ISC */
/*
 * eng.h - the engine: its fixed limits, struct ike_engine, and the environment
 * every engine file uses (eng_env.c).
 * Internal to libike's engine; the daemon sees ike.h.
 */
#ifndef SAKER_ENG_H
#define SAKER_ENG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "cookie.h"
#include "htab.h"
#include "ike.h"
#include "plugin.h"
#include "prop.h"
#include "timer.h"

struct eng_again;
struct keys_ke_job;
struct eng_event;
struct eng_pool;
struct eng_trap;
struct ike_sa;

/* Fixed limits (see DESIGN.md principle 4). */
#define ENG_HALF_OPEN_MAX	1000	/* responder SAs before IKE_AUTH */
#define ENG_HALF_OPEN_MAX_IP	5	/* ... from one source address */
#define ENG_HALF_OPEN_MS	30000	/* a half-open SA lives this long */
#define ENG_HASH_SIZE		64	/* first buckets of each table (power
					   of two); they double as it fills */
#define ENG_NONCE_LEN		32
#define ENG_INIT_RESENDS	5	/* answers to one IKE_SA_INIT retransmitted */
#define SA_REQ_HASH_LEN		32	/* SHA-256 of a request */
#define ENG_NOTES_MAX		32	/* reload notes kept */
#define ENG_NOTE_LEN		320
#define ENG_RETRANSMIT_MS	2000	/* defaults for the conn settings */
#define ENG_RETRANSMIT_TRIES	5
#define ENG_REPLAY_WINDOW	32
#define ENG_KEEPALIVE_MS	20000	/* NAT keepalives (RFC 3948 2.3) */
#define ENG_LOG_BURST		20	/* rate-limited lines per window */
#define ENG_LOG_WINDOW_MS	10000
#define ENG_NAME_MAX		(IKE_CFG_NAME_MAX + 16)
#define ENG_WHY_MAX		(PROP_WHY_MAX + 64)

/* The last failure of a connection, kept across reloads by name. */
struct eng_failure {
	struct eng_failure	*f_next;
	char			 f_conn[IKE_CFG_NAME_MAX];
	char			 f_why[ENG_WHY_MAX];
};

struct ike_engine {
	struct ike_env		 eng_env;
	struct ike_config	*eng_cfg;
	struct ike_sa		*eng_sas;		/* all, newest first */
	size_t			 eng_n_sas;
	/* Lookups (sa.c, child.c, kpol.c), keyed with eng_hkey. */
	uint8_t			 eng_hkey[HTAB_KEY_LEN];
	struct htab		 eng_by_spi;		/* IKE SAs by local SPI */
	struct htab		 eng_by_ispi;		/* responder's, by SPIi */
	struct htab		 eng_by_id;		/* by sa_id */
	struct htab		 eng_by_conn;		/* heads of connections */
	struct htab		 eng_by_peer;		/* by peer ID */
	struct htab		 eng_ch_by_reqid;	/* Child SAs by reqid */
	struct htab		 eng_ch_by_spi;		/* ... by inbound SPI */
	/* Deadlines of IKE SAs; those touched in this call, whose
	 * deadline the engine reads again when it ends; the dead ones,
	 * freed when it ends (sa.c, sa_end.c). */
	struct timer_heap	 eng_timers;
	struct ike_sa		*eng_touched;
	struct ike_sa		*eng_dead;
	uint32_t		 eng_next_sa_id, eng_next_child_id;
	uint32_t		 eng_next_reqid;
	struct ike_stats	 eng_stats;
	struct eng_failure	*eng_failures;
	/* What the last reload did to running SAs (engine.c). */
	char			 eng_notes[ENG_NOTES_MAX][ENG_NOTE_LEN];
	size_t			 eng_n_notes;
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

/* The responder's key exchange job (keys.h) for group with the peer's KE
 * value (empty: the secret comes later), run for the engine; j is
 * initialised here and freed by the caller (keys_ke_job_free). */
int	eng_job_ke(struct ike_engine *, uint16_t group, struct ike_bytes peer_ke,
	    struct keys_ke_job *j);
/* Random bytes through the environment's RNG. */
int	eng_rng(struct ike_engine *, void *buf, size_t len);

/* The kernel plugin; IKE_EKERNEL when none is configured. */
int	eng_kernel(struct ike_engine *, struct kx_op *);

/* A connection's port setting, 0 meaning the config's IKE port. */
uint16_t eng_port(const struct ike_engine *, uint16_t port);

/* Formats an ID for logs; never fails. */
void	eng_id_format(const struct ike_id *, char *buf, size_t len);

/* Byte and packet counters of the SA (dst, spi) from the kernel; left
 * alone when it cannot say. */
void	eng_query(struct ike_engine *, const struct ike_addr *dst, uint32_t spi,
	    uint64_t *bytes, uint64_t *packets);

#endif /* SAKER_ENG_H */
