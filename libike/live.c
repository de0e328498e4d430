/* SPDX-License-Identifier: ISC */
/*
 * live.c - liveness of peers and what follows a peer's end.  Dead peer
 * detection (RFC 7296 2.4: an empty INFORMATIONAL request that the peer
 * must answer) runs on established IKE SAs whose connection sets
 * dpd-delay, and only when nothing was heard for that long: neither an
 * authenticated IKE message nor inbound ESP bytes on a Child SA.  When a
 * peer is dead (retransmission gave up, or dpd-timeout passed without an
 * answer) each child's dpd-action runs; when the peer deletes a child,
 * or the whole IKE SA, the child's close-action runs.  Actions are
 * "none", a trap for the child (trap.c), or starting it again; starts are
 * queued here and run once the dying SA is gone, from the engine's input
 * and timer calls, so that steps stay free of I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iana.h"
#include "sa.h"

static uint32_t
live_delay(const struct ike_sa *sa)
{
	return sa->sa_conn != NULL ? sa->sa_conn->dpd_delay_ms : 0;
}

uint64_t
live_due(const struct ike_sa *sa)
{
	uint32_t delay = live_delay(sa);

	/* An outstanding request is a liveness check of its own. */
	if (delay == 0 || sa->sa_state != SA_S_ESTABLISHED ||
	    sa->sa_req.ptr != NULL)
		return UINT64_MAX;
	return sa->sa_last_seen + delay;
}

/* True when a Child SA received ESP bytes since the last look (the
 * kernel keeps no last-use time for SAs, only the time of first use). */
static bool
live_esp_seen(struct ike_sa *sa)
{
	struct child_sa *ch;
	uint64_t bytes, packets;
	bool seen = false;

	for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next) {
		if (!ch->ch_sa_in)
			continue;
		bytes = packets = 0;
		eng_query(sa->sa_eng, &sa->sa_local, ch->ch_spi_in, &bytes,
		    &packets);
		if (bytes != ch->ch_dpd_bytes)
			seen = true;
		ch->ch_dpd_bytes = bytes;
	}
	return seen;
}

/*
 * Request of ours (RFC 7296 1.4, 2.4):
 *
 *   HDR, SK { }  -->
 *       <--  HDR, SK { }
 */
void
live_tick(struct ike_sa *sa, uint64_t now, struct ike_out *out)
{
	const struct ike_conn_cfg *conn = sa->sa_conn;
	struct xchg_out x;
	int err;

	if (live_due(sa) > now)
		return;
	if (live_esp_seen(sa)) {
		eng_log(sa->sa_eng, IKE_LOG_DEBUG, sa->sa_name, "ESP traffic "
		    "from the peer, no liveness check needed");
		sa->sa_last_seen = now;
		return;
	}
	xout_init(&x);
	x.kind = XOUT_REQUEST;
	x.exchange = IKE_X_INFORMATIONAL;
	x.req_kind = REQ_LIVENESS;
	eng_log(sa->sa_eng, IKE_LOG_DEBUG, sa->sa_name, "nothing heard for "
	    "%u ms, checking the peer's liveness", conn->dpd_delay_ms);
	err = xsend_request(sa, &x, now, out);
	xout_free(&x);
	if (err < 0) {
		/* Try again after another delay rather than every tick. */
		sa->sa_last_seen = now;
		return;
	}
	if (conn->dpd_timeout_ms != 0)
		sa->sa_req_deadline = now + conn->dpd_timeout_ms;
}

/* ---- actions ------------------------------------------------------------ */

/* Another Child SA of ch's child stands (a rekey's successor, or the
 * twin of a reauthentication): nothing needs doing for ch.  whole: the
 * IKE SA of ch goes too, so its other children do not count. */
static bool
live_replaced(const struct child_sa *ch, bool whole)
{
	const struct ike_sa *sa;
	const struct child_sa *o;

	for (sa = ch->ch_sa->sa_eng->eng_sas; sa != NULL; sa = sa->sa_next) {
		if (sa->sa_state == SA_S_DEAD ||
		    strcmp(sa->sa_conn_name, ch->ch_sa->sa_conn_name) != 0 ||
		    (whole && sa == ch->ch_sa))
			continue;
		for (o = sa->sa_children; o != NULL; o = o->ch_next)
			if (o != ch && o->ch_state == CH_S_INSTALLED &&
			    strcmp(o->ch_cfg_name, ch->ch_cfg_name) == 0)
				return true;
	}
	return false;
}

static void
live_again(struct ike_engine *eng, const char *conn, const char *child)
{
	struct eng_again *a, **pp;

	for (pp = &eng->eng_again; *pp != NULL; pp = &(*pp)->a_next)
		if (strcmp((*pp)->a_conn, conn) == 0 &&
		    strcmp((*pp)->a_child, child) == 0)
			return;
	if ((a = calloc(1, sizeof(*a))) == NULL) {
		eng_log(eng, IKE_LOG_ERROR, conn, "cannot queue a restart of "
		    "%s: out of memory", child);
		return;
	}
	snprintf(a->a_conn, sizeof(a->a_conn), "%s", conn);
	snprintf(a->a_child, sizeof(a->a_child), "%s", child);
	*pp = a;
}

static const char *
live_action_name(enum ike_action act, bool dpd)
{
	switch (act) {
	case IKE_ACTION_NONE:	return dpd ? "clear" : "none";
	case IKE_ACTION_TRAP:	return "trap";
	case IKE_ACTION_START:	return dpd ? "restart" : "start";
	}
	return "?";
}

/* Runs act for ch, whose SA (whole) or itself is about to go. */
static void
live_act(struct child_sa *ch, enum ike_action act, bool dpd, bool whole)
{
	struct ike_sa *sa = ch->ch_sa;
	struct ike_engine *eng = sa->sa_eng;

	if (ch->ch_cfg == NULL || sa->sa_conn == NULL ||
	    live_replaced(ch, whole))
		return;
	eng_log(eng, IKE_LOG_INFO, ch->ch_name, "%s %s: %s", dpd ?
	    "dpd-action" : "close-action", live_action_name(act, dpd),
	    act == IKE_ACTION_TRAP ? "trapping it" : act == IKE_ACTION_START ?
	    "starting it again" : "it stays down");
	switch (act) {
	case IKE_ACTION_NONE:
		break;
	case IKE_ACTION_TRAP:
		trap_add_dynamic(eng, sa->sa_conn, ch->ch_cfg);
		break;
	case IKE_ACTION_START:
		if (!whole && sa->sa_state == SA_S_ESTABLISHED)
			sa_want_child(sa, ch->ch_cfg);	/* CREATE_CHILD_SA */
		else
			live_again(eng, sa->sa_conn->name, ch->ch_cfg->name);
		break;
	}
}

void
live_peer_dead(struct ike_sa *sa, const char *why)
{
	struct child_sa *ch;

	sa_fail(sa, IKE_ETIMEOUT, "%s", why);
	if (sa->sa_state == SA_S_ESTABLISHED)
		for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next)
			if (ch->ch_state == CH_S_INSTALLED && ch->ch_cfg != NULL)
				live_act(ch, ch->ch_cfg->dpd_action, true, true);
	sa_kill(sa, "peer is dead");
}

void
live_child_closed(struct child_sa *ch, bool whole)
{
	if (ch->ch_sa->sa_state != SA_S_ESTABLISHED ||
	    ch->ch_state != CH_S_INSTALLED || ch->ch_cfg == NULL)
		return;
	live_act(ch, ch->ch_cfg->close_action, false, whole);
}

bool
live_pending(const struct ike_engine *eng)
{
	return eng->eng_again != NULL;
}

int
live_run(struct ike_engine *eng, uint64_t now, struct ike_out *out)
{
	const struct ike_child_cfg *child;
	const struct ike_conn_cfg *conn;
	struct eng_again *a;
	struct ike_sa *sa;
	int err, ret = IKE_OK;

	while ((a = eng->eng_again) != NULL) {
		eng->eng_again = a->a_next;
		conn = eng->eng_cfg ? ike_config_conn(eng->eng_cfg, a->a_conn) : NULL;
		child = conn ? ike_conn_child(conn, a->a_child) : NULL;
		if (child == NULL || eng->eng_stopping) {
			free(a);
			continue;
		}
		if ((sa = sa_of_conn(eng, conn)) != NULL) {
			/* Already coming back (another child's action, or
			 * the peer): the child joins it. */
			if (!sa_has_child(sa, child))
				sa_want_child(sa, child);
			err = work_run(sa, now, out);
		} else {
			eng_log(eng, IKE_LOG_INFO, conn->name, "starting '%s' "
			    "again for %s", conn->name, child->name);
			err = eng_initiate(eng, now, conn, child, out);
		}
		if (err == IKE_ENOMEM)
			ret = err;
		free(a);
	}
	return ret;
}

void
live_free(struct ike_engine *eng)
{
	struct eng_again *a;

	while ((a = eng->eng_again) != NULL) {
		eng->eng_again = a->a_next;
		free(a);
	}
}
