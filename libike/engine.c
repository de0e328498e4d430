/* SPDX-License-Identifier: ISC */
/*
 * engine.c - the public engine API of ike.h: creating and configuring an
 * engine, handing it datagrams, timers and kernel events, the operator's
 * commands, and the read-only views for the control socket.  It finds or
 * makes the IKE SA a datagram belongs to and leaves the rest to xchg.c;
 * the environment every engine file uses (log, RNG, kernel, output) is in
 * eng_env.c.  The IKE SAs' deadlines wait in a heap (timer.c): the next
 * timer is its top, a tick takes out the due SAs only, and each call
 * ends by filing again the deadlines of the SAs it touched.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "child.h"
#include "cookie.h"
#include "eng.h"
#include "iana.h"
#include "live.h"
#include "nat.h"
#include "pool.h"
#include "sa.h"
#include "trap.h"
#include "work.h"
#include "xchg.h"
#include "xout.h"
#include "xsend.h"

/* ---- life cycle and config --------------------------------------------- */

int
ike_engine_new(const struct ike_env *env, struct ike_engine **out)
{
	struct ike_engine *eng = calloc(1, sizeof(*eng));
	int err;

	if (eng == NULL)
		return IKE_ENOMEM;
	eng->eng_env = *env;
	if (eng->eng_env.rng == NULL)
		eng->eng_env.rng = ike_rng_default;
	eng->eng_next_sa_id = 1;
	eng->eng_next_child_id = 1;
	/* The key of the lookup tables: peers cannot guess it, so they
	 * cannot pick SPIs or IDs that crowd one chain. */
	if ((err = eng_rng(eng, eng->eng_hkey, sizeof(eng->eng_hkey))) < 0 ||
	    (err = htab_init(&eng->eng_by_spi, ENG_HASH_SIZE)) < 0 ||
	    (err = htab_init(&eng->eng_by_ispi, ENG_HASH_SIZE)) < 0 ||
	    (err = htab_init(&eng->eng_by_id, ENG_HASH_SIZE)) < 0 ||
	    (err = htab_init(&eng->eng_by_conn, ENG_HASH_SIZE)) < 0 ||
	    (err = htab_init(&eng->eng_by_peer, ENG_HASH_SIZE)) < 0 ||
	    (err = htab_init(&eng->eng_ch_by_reqid, ENG_HASH_SIZE)) < 0 ||
	    (err = htab_init(&eng->eng_ch_by_spi, ENG_HASH_SIZE)) < 0) {
		ike_engine_free(eng);
		return err;
	}
	*out = eng;
	return IKE_OK;
}

void
ike_engine_free(struct ike_engine *eng)
{
	struct eng_failure *f;
	struct eng_trap *t;
	struct ike_sa *sa;

	if (eng == NULL)
		return;
	while ((sa = eng->eng_sas) != NULL) {
		eng->eng_sas = sa->sa_next;
		sa_free(sa);
	}
	htab_free(&eng->eng_by_spi);
	htab_free(&eng->eng_by_ispi);
	htab_free(&eng->eng_by_id);
	htab_free(&eng->eng_by_conn);
	htab_free(&eng->eng_by_peer);
	htab_free(&eng->eng_ch_by_reqid);
	htab_free(&eng->eng_ch_by_spi);
	timer_heap_free(&eng->eng_timers);
	ike_memzero(eng->eng_hkey, sizeof(eng->eng_hkey));
	while ((f = eng->eng_failures) != NULL) {
		eng->eng_failures = f->f_next;
		free(f);
	}
	while ((t = eng->eng_traps) != NULL) {
		eng->eng_traps = t->t_next;
		free(t);
	}
	live_free(eng);
	eng_events_free(eng);
	cookie_state_free(&eng->eng_cookie);
	pool_free_all(eng);
	ike_config_free(eng->eng_cfg);
	free(eng);
}

const struct ike_config *
ike_engine_config(const struct ike_engine *eng)
{
	return eng->eng_cfg;
}

/* Sends a Delete for the IKE SA without waiting for the answer (reload,
 * shutdown), and removes everything. */
static void
eng_abandon(struct ike_sa *sa, uint64_t now, const char *reason,
    struct ike_out *out)
{
	if (sa->sa_state == SA_S_ESTABLISHED) {
		/* Whatever request was outstanding is superseded. */
		sa_request_done(sa);
		xsend_start(sa, xsend_fill_delete_ike, NULL, now, out, NULL);
	}
	sa_kill(sa, reason);
}

/* Keeps (and logs) one line of what a reload does to a running SA. */
static void __attribute__((format(printf, 3, 4)))
eng_note(struct ike_engine *eng, enum ike_log_level lvl, const char *fmt, ...)
{
	char line[ENG_NOTE_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	eng_log(eng, lvl, NULL, "reload: %s", line);
	if (eng->eng_n_notes < ENG_NOTES_MAX)
		memcpy(eng->eng_notes[eng->eng_n_notes++], line, sizeof(line));
}

/* 1 if the PSK for sa's IDs differs between two configs. */
static int
eng_psk_changed(const struct ike_sa *sa, const struct ike_config *old,
    const struct ike_config *cfg)
{
	const struct ike_secret *a = ike_config_psk(old, &sa->sa_lid, &sa->sa_rid);
	const struct ike_secret *b = ike_config_psk(cfg, &sa->sa_lid, &sa->sa_rid);

	if (a == NULL || b == NULL)
		return a != b;
	return a->psk.len != b->psk.len ||
	    !ike_memeq_ct(a->psk.ptr, b->psk.ptr, a->psk.len);
}

/*
 * What a reload does to sa, said in the log and kept for the reload's
 * answer: a connection removed takes its SAs down (and, with them, the
 * protection of their traffic); one that changed keeps its SAs running
 * as they were negotiated until they are made again.
 */
static void
eng_reload_note(struct ike_sa *sa, const struct ike_config *old,
    const struct ike_conn_cfg *conn)
{
	struct ike_engine *eng = sa->sa_eng;
	const struct ike_conn_cfg *was = sa->sa_conn;
	char diff[ENG_NOTE_LEN / 2];
	size_t n = 0, off;
	struct child_sa *ch;

	for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next)
		if (ch->ch_state == CH_S_INSTALLED)
			n++;
	if (conn == NULL) {
		if (n > 0)
			eng_note(eng, IKE_LOG_WARN, "%s: connection removed, IKE "
			    "SA deleted with %zu Child SA%s: their traffic is no "
			    "longer protected by IPsec", sa->sa_name, n,
			    n == 1 ? "" : "s");
		else
			eng_note(eng, IKE_LOG_INFO, "%s: connection removed, IKE "
			    "SA deleted", sa->sa_name);
		return;
	}
	if (was == NULL || sa->sa_state != SA_S_ESTABLISHED)
		return;
	off = ike_conn_diff(was, conn, diff, sizeof(diff));
	if (was->remote.auth == IKE_AUTH_PSK && eng_psk_changed(sa, old,
	    eng->eng_cfg))
		snprintf(diff + off, sizeof(diff) - off, "%sPSK",
		    off ? ", " : "");
	if (diff[0] != '\0')
		eng_note(eng, IKE_LOG_WARN, "%s: connection changed (%s); the "
		    "IKE SA and its Child SAs keep what they were negotiated "
		    "with until they are made anew ('sakerctl down %s' and "
		    "'up %s' apply the change now)", sa->sa_name, diff,
		    was->name, was->name);
}

static int
eng_set_config_call(struct ike_engine *eng, uint64_t now,
    struct ike_config *cfg, struct ike_out *out)
{
	struct ike_config *old = eng->eng_cfg;
	const struct ike_conn_cfg *conn;
	struct child_sa *ch;
	struct ike_sa *sa;

	eng->eng_now = now;
	eng->eng_cfg = cfg;
	eng->eng_n_notes = 0;
	for (sa = eng->eng_sas; sa != NULL; sa = sa->sa_next) {
		if (sa->sa_state == SA_S_DEAD)
			continue;
		/* dpd-delay, say, may be another now. */
		sa_touch(sa);
		if (sa->sa_conn_name[0] == '\0') {
			sa->sa_conn = NULL;	/* responder, not yet bound */
			continue;
		}
		conn = ike_config_conn(cfg, sa->sa_conn_name);
		eng_reload_note(sa, old, conn);
		sa->sa_conn = conn;
		if (conn == NULL) {
			eng_abandon(sa, now, "connection removed from the config", out);
			continue;
		}
		sa->sa_first_child = sa->sa_first_child != NULL ?
		    ike_conn_child(conn, sa->sa_first_child->name) : NULL;
		sa->sa_cc.n_want = 0;
		/* A child whose config went away keeps running until it is
		 * deleted; it only loses its name's settings. */
		for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next)
			ch->ch_cfg = ike_conn_child(conn, ch->ch_cfg_name);
	}
	sa_reap(eng);
	if (eng->eng_started)
		trap_sync(eng);
	ike_config_free(old);
	if (pool_sync(eng) < 0)
		eng_log(eng, IKE_LOG_ERROR, NULL, "keeping the address pools "
		    "failed: out of memory");
	return IKE_OK;
}

/*
 * The end of every public call: the deadlines of the SAs it touched go
 * into the heap, the SAs it killed are freed, and hooks hear of what it
 * did once it is all done.  Nothing here looks at the SAs it did not
 * touch.
 */
static int
eng_done(struct ike_engine *eng, int err)
{
	struct ike_sa *sa;

	while ((sa = sa_untouch_next(eng)) != NULL)
		if (timer_set(&eng->eng_timers, &sa->sa_timer,
		    work_next_timer(sa)) < 0)
			eng_log(eng, IKE_LOG_ERROR, sa->sa_name, "no room for "
			    "the timer of %s", sa->sa_name);
	sa_reap(eng);
	eng_events_deliver(eng);
	return err;
}

int
ike_engine_set_config(struct ike_engine *eng, uint64_t now,
    struct ike_config *cfg, struct ike_out *out)
{
	return eng_done(eng, eng_set_config_call(eng, now, cfg, out));
}

/* ---- input -------------------------------------------------------------- */

/* IKE SAs a newer one of the same peer ID replaced: their peer is told
 * with a Delete (not waited for) before they are freed.  They are dead,
 * so they are among the few waiting to be freed. */
static void
eng_send_replaced(struct ike_engine *eng, uint64_t now, struct ike_out *out)
{
	struct ike_sa *sa;

	for (sa = eng->eng_dead; sa != NULL; sa = sa->sa_dnext) {
		if (!sa->sa_replaced)
			continue;
		sa->sa_replaced = false;
		xsend_start(sa, xsend_fill_delete_ike, NULL, now, out, NULL);
		sa_request_done(sa);
	}
}

static int
eng_input_call(struct ike_engine *eng, uint64_t now,
    const struct ike_addr *local, const struct ike_addr *remote,
    const uint8_t *pkt, size_t len, struct ike_out *out)
{
	struct msg_hdr hdr;
	struct ike_sa *sa;
	char peer[64];
	int err;

	eng->eng_now = now;
	eng->eng_stats.rx++;
	ike_addr_format_port(remote, peer, sizeof(peer));
	if ((err = msg_hdr_parse(pkt, len, &hdr)) < 0) {
		eng_drop(eng, NULL, "%zu bytes from %s: %s", len, peer,
		    ike_strerror(err));
		return IKE_OK;
	}
	if (hdr.flags & IKE_FLAG_INITIATOR) {
		/* From the original initiator: we are the responder. */
		if (hdr.spi_r == 0) {
			if (hdr.exchange != IKE_X_IKE_SA_INIT ||
			    msg_is_response(&hdr) || hdr.msgid != 0) {
				eng_drop(eng, NULL, "message from %s without "
				    "responder SPI", peer);
				return IKE_OK;
			}
			sa = sa_find_init(eng, hdr.spi_i, remote);
			if (sa == NULL) {
				/* RFC 7296 2.6: cookies and the half-open
				 * cap, before any state is kept. */
				if (cookie_admit(eng, pkt, len, local, remote,
				    out) != COOKIE_PASS)
					return IKE_OK;
				err = sa_new(eng, false, NULL, hdr.spi_i, local,
				    remote, now, &sa);
				if (err < 0)
					return err;
				sa_set_half_open(sa, true);
			}
		} else {
			sa = sa_find_local(eng, hdr.spi_r);
			if (sa == NULL || sa->sa_initiator ||
			    sa->sa_spi_i != hdr.spi_i) {
				eng_drop(eng, NULL, "%s from %s: unknown SPIs",
				    "request", peer);
				return IKE_OK;
			}
		}
	} else {
		sa = sa_find_local(eng, hdr.spi_i);
		if (sa == NULL || !sa->sa_initiator ||
		    (sa->sa_state != SA_S_INIT_SENT && sa->sa_spi_r != hdr.spi_r)) {
			eng_drop(eng, NULL, "%s from %s: unknown SPIs",
			    msg_is_response(&hdr) ? "response" : "request", peer);
			return IKE_OK;
		}
	}
	if (sa->sa_state == SA_S_DEAD) {
		eng_drop(eng, sa->sa_name, "message for a deleted SA");
		return IKE_OK;
	}
	err = xchg_input(sa, now, local, remote, pkt, len, out);
	sa_touch(sa);
	/* With the window free, what the SA has waiting starts now. */
	work_run(sa, now, out);
	eng_send_replaced(eng, now, out);
	sa_reap(eng);
	work_again(eng, now, out);
	return err == IKE_ENOMEM ? err : IKE_OK;
}

int
ike_engine_input(struct ike_engine *eng, uint64_t now,
    const struct ike_addr *local, const struct ike_addr *remote,
    const uint8_t *pkt, size_t len, struct ike_out *out)
{
	return eng_done(eng, eng_input_call(eng, now, local, remote, pkt, len,
	    out));
}

/* ---- timers --------------------------------------------------------------- */

/*
 * The heap holds each live IKE SA's work_next_timer() as it was when a
 * call last touched the SA.  Nothing else moves a deadline: what a
 * deadline depends on changes only inside calls, except "now" (work
 * waiting for the window), which stays due, as it should, until a tick
 * runs that work.
 */
uint64_t
ike_engine_next_timer(const struct ike_engine *eng)
{
	/* Restarts queued by actions run at once. */
	if (live_pending(eng))
		return eng->eng_now;
	return timer_next(&eng->eng_timers);
}

static int
eng_tick_call(struct ike_engine *eng, uint64_t now, struct ike_out *out)
{
	struct timer_node *tn;
	struct ike_sa *sa;

	eng->eng_now = now;
	/* The due SAs, earliest first.  Each leaves the heap as it is
	 * ticked and comes back only when the call ends, so an SA whose
	 * work stays due "now" is ticked once per call, not in a loop. */
	while ((tn = timer_first(&eng->eng_timers)) != NULL && tn->tn_at <= now) {
		timer_del(&eng->eng_timers, tn);
		sa = sa_of_timer(tn);
		work_tick(sa, now, out);
	}
	sa_reap(eng);
	return work_again(eng, now, out);
}

int
ike_engine_tick(struct ike_engine *eng, uint64_t now, struct ike_out *out)
{
	return eng_done(eng, eng_tick_call(eng, now, out));
}

/* ---- kernel events ------------------------------------------------------ */

static struct child_sa *
eng_child_by_reqid(struct ike_engine *eng, uint32_t reqid, uint32_t spi)
{
	struct child_sa *ch;

	for (ch = child_by_reqid(eng, reqid, NULL); ch != NULL;
	    ch = child_by_reqid(eng, reqid, ch))
		if (spi == 0 || ch->ch_spi_in == spi || ch->ch_spi_out == spi)
			return ch;
	return NULL;
}

static int eng_delete_child(struct child_sa *, uint64_t now, struct ike_out *);

/*
 * Soft lifetime: the IKE SA's initiator rekeys at once; its responder
 * waits 30 to 90 s more, so that two engines do not collide (RFC 7296
 * 2.8.1) and a peer that rekeys on its own schedule, as strongSwan does
 * a little before ours, usually comes first.  Short lifetimes shrink the
 * wait to between a quarter and a half of the time left before the hard
 * lifetime.
 */
static void
eng_rekey_later(struct child_sa *ch, uint64_t now)
{
	struct ike_sa *sa = ch->ch_sa;
	uint64_t lo = 30000, span = 60000, left;
	uint32_t r = 0;

	if (ch->ch_hard_at > now) {
		left = ch->ch_hard_at - now;
		if (left / 4 < lo)
			lo = left / 4;
		if (left / 4 < span)
			span = left / 4;
	}
	if (!sa->sa_initiator)
		eng_rng(sa->sa_eng, &r, sizeof(r));
	ch->ch_rekey_at = sa->sa_initiator ? now :
	    now + lo + (span ? r % span : 0);
	if (ch->ch_rekey_at == 0)
		ch->ch_rekey_at = 1;
	eng_log(sa->sa_eng, IKE_LOG_INFO, ch->ch_name, "soft lifetime of "
	    "CHILD_SA %s reached, rekeying%s", ch->ch_name,
	    sa->sa_initiator ? "" : " soon");
}

/* The kernel held a packet for a trap: start its connection. */
static int
eng_acquire(struct ike_engine *eng, uint64_t now, const struct kx_event *ev,
    struct ike_out *out)
{
	struct eng_trap *t = trap_by_reqid(eng, ev->reqid);
	const struct ike_conn_cfg *conn;
	const struct ike_child_cfg *child;
	struct ike_sa *sa;

	if (t == NULL || eng->eng_cfg == NULL ||
	    (conn = ike_config_conn(eng->eng_cfg, t->t_conn)) == NULL) {
		eng_log_limited(eng, IKE_LOG_DEBUG, NULL, "kernel ACQUIRE for "
		    "reqid %#x that is no trap of ours", ev->reqid);
		return IKE_OK;
	}
	for (child = conn->children; child != NULL; child = child->next)
		if (strcmp(child->name, t->t_child) == 0)
			break;
	if ((sa = sa_of_conn(eng, conn)) != NULL) {
		if (sa->sa_state == SA_S_ESTABLISHED && child != NULL &&
		    !sa_has_child(sa, child) && sa_want_child(sa, child)) {
			eng_log(eng, IKE_LOG_INFO, sa->sa_name, "traffic for %s, "
			    "adding it to %s", t->t_child, sa->sa_name);
			return work_run(sa, now, out);
		}
		eng_log_limited(eng, IKE_LOG_DEBUG, sa->sa_name, "kernel ACQUIRE "
		    "for %s while it is being set up", t->t_child);
		return IKE_OK;
	}
	eng_log(eng, IKE_LOG_INFO, conn->name, "traffic for %s, starting '%s'",
	    t->t_child, conn->name);
	return eng_initiate_work(eng, now, conn, child, out);
}

static int
eng_kernel_event_call(struct ike_engine *eng, uint64_t now,
    const struct kx_event *ev, struct ike_out *out)
{
	struct child_sa *ch;

	eng->eng_now = now;
	switch (ev->type) {
	case KX_EV_EXPIRE_SOFT:
		ch = eng_child_by_reqid(eng, ev->reqid, ev->spi);
		if (ch == NULL || ch->ch_rekeying || ch->ch_rekey_at != 0 ||
		    ch->ch_state != CH_S_INSTALLED)
			return IKE_OK;
		if (child_replaced(ch)) {
			/* The peer's rekey of it came first; its Delete of
			 * this one follows. */
			eng_log(eng, IKE_LOG_DEBUG, ch->ch_name, "soft lifetime "
			    "of CHILD_SA %s reached, already rekeyed by the peer",
			    ch->ch_name);
			return IKE_OK;
		}
		eng_rekey_later(ch, now);
		return work_run(ch->ch_sa, now, out);
	case KX_EV_EXPIRE_HARD:
		ch = eng_child_by_reqid(eng, ev->reqid, ev->spi);
		if (ch == NULL)
			return IKE_OK;
		eng_log(eng, IKE_LOG_INFO, ch->ch_name, "hard lifetime "
		    "reached, deleting CHILD_SA");
		sa_touch(ch->ch_sa);
		/* The kernel removed that SA itself. */
		if (ev->spi == ch->ch_spi_in)
			ch->ch_sa_in = false;
		else if (ev->spi == ch->ch_spi_out)
			ch->ch_sa_out = false;
		eng_delete_child(ch, now, out);
		sa_reap(eng);
		return IKE_OK;
	case KX_EV_ACQUIRE:
		return eng_acquire(eng, now, ev, out);
	case KX_EV_MAPPING:
		return nat_mapping_event(eng, ev);
	}
	return IKE_EINVAL;
}

int
ike_engine_kernel_event(struct ike_engine *eng, uint64_t now,
    const struct kx_event *ev, struct ike_out *out)
{
	return eng_done(eng, eng_kernel_event_call(eng, now, ev, out));
}

/* ---- operator commands ---------------------------------------------------- */

/* Starts an INFORMATIONAL Delete of one Child SA. */
static int
eng_delete_child(struct child_sa *ch, uint64_t now, struct ike_out *out)
{
	struct ike_sa *sa = ch->ch_sa;
	int err;

	if (sa->sa_state != SA_S_ESTABLISHED || sa->sa_req_kind != REQ_NONE) {
		/* No room in the window: the Delete would wait.  Removing
		 * the kernel state now keeps it clean; the peer learns
		 * when its own SA expires or the IKE SA goes. */
		child_destroy(ch, "deleted locally");
		return IKE_OK;
	}
	err = xsend_start(sa, xsend_fill_delete_child, ch, now, out, NULL);
	if (err < 0)
		child_destroy(ch, "deleted locally");
	return err;
}

static int
eng_terminate_call(struct ike_engine *eng, uint64_t now, const char *name,
    struct ike_out *out)
{
	const struct ike_child_cfg *child;
	const struct ike_conn_cfg *conn;
	struct child_sa *ch, *next;
	struct ike_sa *sa;
	int found = 0, err;

	eng->eng_now = now;
	if ((conn = ike_config_find(eng->eng_cfg, name, &child)) == NULL)
		return IKE_ENOTFOUND;
	/* The operator wants it down: traps that actions put in go too
	 * (those the config asks for stay). */
	if (child == NULL)
		trap_drop_dynamic(eng, conn->name);
	for (sa = sa_conn_first(eng, conn->name); sa != NULL; sa = sa->sa_cnext) {
		if (sa->sa_state == SA_S_DEAD || sa->sa_conn != conn)
			continue;
		found = 1;
		sa_touch(sa);
		if (child != NULL) {
			for (ch = sa->sa_children; ch != NULL; ch = next) {
				next = ch->ch_next;
				if (ch->ch_cfg == child &&
				    ch->ch_state == CH_S_INSTALLED)
					eng_delete_child(ch, now, out);
			}
			continue;
		}
		if (sa->sa_state != SA_S_ESTABLISHED) {
			sa_kill(sa, "connection terminated before it was up");
			continue;
		}
		/* RFC 7296 1.4.1: deleting the IKE SA closes its children.
		 * Their kernel state goes now; the SA waits for the answer. */
		while (sa->sa_children != NULL)
			child_destroy(sa->sa_children, NULL);
		sa_request_done(sa);
		err = xsend_start(sa, xsend_fill_delete_ike, NULL, now, out,
		    NULL);
		if (err < 0)
			sa_kill(sa, "deleted locally");
		else
			sa->sa_state = SA_S_DELETING;
	}
	sa_reap(eng);
	return found ? IKE_OK : IKE_ENOTFOUND;
}

int
ike_engine_terminate(struct ike_engine *eng, uint64_t now, const char *name,
    struct ike_out *out)
{
	return eng_done(eng, eng_terminate_call(eng, now, name, out));
}

static int
eng_shutdown_call(struct ike_engine *eng, uint64_t now, struct ike_out *out)
{
	struct ike_sa *sa;

	eng->eng_now = now;
	eng->eng_stopping = true;
	trap_flush(eng);
	for (sa = eng->eng_sas; sa != NULL; sa = sa->sa_next)
		if (sa->sa_state != SA_S_DEAD)
			eng_abandon(sa, now, "shutting down", out);
	sa_reap(eng);
	return IKE_OK;
}

int
ike_engine_shutdown(struct ike_engine *eng, uint64_t now, struct ike_out *out)
{
	return eng_done(eng, eng_shutdown_call(eng, now, out));
}

/* ---- views ------------------------------------------------------------------ */

static const char *const sa_state_names[SA_S_COUNT] = {
	[SA_S_NEW] = "CONNECTING",
	[SA_S_INIT_SENT] = "CONNECTING",
	[SA_S_INIT_DONE] = "CONNECTING",
	[SA_S_AUTH_SENT] = "CONNECTING",
	[SA_S_ESTABLISHED] = "ESTABLISHED",
	[SA_S_DELETING] = "DELETING",
	[SA_S_DEAD] = "DELETED",
};

static const char *
eng_child_state_name(enum child_state s)
{
	switch (s) {
	case CH_S_NEW:		return "CREATING";
	case CH_S_INSTALLED:	return "INSTALLED";
	case CH_S_DELETING:	return "DELETING";
	}
	return "?";
}

int
ike_engine_foreach_sa(struct ike_engine *eng, ike_sa_cb cb, void *ctx)
{
	struct ike_child_info *ci = NULL;
	struct ike_sa_info info;
	struct child_sa *ch;
	struct ike_sa *sa;
	size_t n, i;

	for (sa = eng->eng_sas; sa != NULL; sa = sa->sa_next) {
		if (sa->sa_state == SA_S_DEAD)
			continue;
		n = 0;
		for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next)
			n++;
		ci = n ? calloc(n, sizeof(*ci)) : NULL;
		if (n && ci == NULL)
			return IKE_ENOMEM;
		for (i = 0, ch = sa->sa_children; ch != NULL; ch = ch->ch_next, i++) {
			ci[i].id = ch->ch_id;
			ci[i].name = ch->ch_cfg_name;
			ci[i].state = eng_child_state_name(ch->ch_state);
			ci[i].spi_in = ch->ch_spi_in;
			ci[i].spi_out = ch->ch_spi_out;
			ci[i].mode = ch->ch_mode;
			snprintf(ci[i].alg, sizeof(ci[i].alg), "%s", ch->ch_alg);
			ci[i].local_ts = ch->ch_lts;
			ci[i].n_local_ts = ch->ch_n_lts;
			ci[i].remote_ts = ch->ch_rts;
			ci[i].n_remote_ts = ch->ch_n_rts;
			ci[i].established = ch->ch_established;
			ci[i].rekey_at = ch->ch_rekey_at ? ch->ch_rekey_at :
			    ch->ch_soft_at;
			ci[i].expire_at = ch->ch_hard_at;
			if (ch->ch_sa_in)
				eng_query(eng, &sa->sa_local, ch->ch_spi_in,
				    &ci[i].bytes_in, &ci[i].packets_in);
			if (ch->ch_sa_out)
				eng_query(eng, &sa->sa_remote, ch->ch_spi_out,
				    &ci[i].bytes_out, &ci[i].packets_out);
		}
		memset(&info, 0, sizeof(info));
		info.id = sa->sa_id;
		info.conn = sa->sa_conn_name[0] ? sa->sa_conn_name : NULL;
		info.state = sa_state_names[sa->sa_state];
		info.initiator = sa->sa_initiator;
		info.spi_i = sa->sa_spi_i;
		info.spi_r = sa->sa_spi_r;
		info.local = sa->sa_local;
		info.remote = sa->sa_remote;
		info.local_id = sa->sa_lid.type ? &sa->sa_lid : NULL;
		info.remote_id = sa->sa_rid.type ? &sa->sa_rid : NULL;
		snprintf(info.alg, sizeof(info.alg), "%s", sa->sa_alg);
		info.established = sa->sa_established;
		info.rekey_at = sa->sa_rk.rekey_at;
		info.reauth_at = sa->sa_rk.reauth_at;
		info.expire_at = sa->sa_rk.life_at;
		info.nat_local = sa->sa_nat.local;
		info.nat_remote = sa->sa_nat.remote;
		info.nat_fake = sa->sa_nat.fake;
		info.encap = sa_udp_encap(sa);
		info.n_children = n;
		info.children = ci;
		info.last_seen = sa->sa_last_seen;
		info.dpd_delay_ms = sa->sa_conn ? sa->sa_conn->dpd_delay_ms : 0;
		info.dpd_pending = sa->sa_req_kind == REQ_LIVENESS;
		info.vip = sa->sa_vip.info;
		cb(ctx, &info);
		free(ci);
	}
	return IKE_OK;
}

const char *
ike_engine_last_failure(const struct ike_engine *eng, const char *conn)
{
	const struct eng_failure *f;

	for (f = eng->eng_failures; f != NULL; f = f->f_next)
		if (strcmp(f->f_conn, conn) == 0)
			return f->f_why;
	return NULL;
}

void
ike_engine_stats(const struct ike_engine *eng, struct ike_stats *st)
{
	const struct child_sa *ch;
	const struct ike_sa *sa;

	*st = eng->eng_stats;
	st->ike_sas = 0;
	st->child_sas = 0;
	for (sa = eng->eng_sas; sa != NULL; sa = sa->sa_next) {
		if (sa->sa_state == SA_S_DEAD)
			continue;
		st->ike_sas++;
		for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next)
			st->child_sas += ch->ch_state == CH_S_INSTALLED;
	}
}

static int
eng_initiate_call(struct ike_engine *eng, uint64_t now, const char *name,
    struct ike_out *out)
{
	const struct ike_child_cfg *child;
	const struct ike_conn_cfg *conn;

	eng->eng_now = now;
	if ((conn = ike_config_find(eng->eng_cfg, name, &child)) == NULL)
		return IKE_ENOTFOUND;
	return eng_initiate_work(eng, now, conn, child, out);
}

int
ike_engine_initiate(struct ike_engine *eng, uint64_t now, const char *name,
    struct ike_out *out)
{
	return eng_done(eng, eng_initiate_call(eng, now, name, out));
}

static int
eng_start_all_call(struct ike_engine *eng, uint64_t now, struct ike_out *out)
{
	const struct ike_conn_cfg *conn;
	const struct ike_child_cfg *ch;
	int err, ret = IKE_OK;

	eng->eng_now = now;
	eng->eng_started = true;
	trap_sync(eng);
	for (conn = eng->eng_cfg ? eng->eng_cfg->conns : NULL; conn != NULL;
	    conn = conn->next) {
		for (ch = conn->children; ch != NULL; ch = ch->next)
			if (ch->start == IKE_START_START)
				break;
		if (ch == NULL)
			continue;
		err = eng_initiate(eng, now, conn, NULL, out);
		if (err < 0 && err != IKE_EEXIST && ret == IKE_OK)
			ret = err;
	}
	return ret;
}

int
ike_engine_start_all(struct ike_engine *eng, uint64_t now, struct ike_out *out)
{
	return eng_done(eng, eng_start_all_call(eng, now, out));
}

const char *
ike_engine_reload_note(const struct ike_engine *eng, size_t i)
{
	return i < eng->eng_n_notes ? eng->eng_notes[i] : NULL;
}
