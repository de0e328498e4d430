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

#include "cfg_kw.h"
#include "child.h"
#include "eng.h"
#include "iana.h"
#include "live.h"
#include "sa.h"
#include "trap.h"

/* ---- actions ------------------------------------------------------------ */

/* Another Child SA of ch's child with the same peer stands (a rekey's
 * successor, or the twin of a reauthentication): nothing needs doing for
 * ch.  whole: the IKE SA of ch goes too, so its other children do not
 * count.  Another road warrior's Child SA of the same connection stands
 * for its own peer only. */
static bool
live_replaced(const struct child_sa *ch, bool whole)
{
	return child_twin(ch, true, whole ? ch->ch_sa : NULL) != NULL;
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
	    "dpd-action" : "close-action", cfg_kw_name(dpd ? &cfg_kw_dpd_action :
	    &cfg_kw_close_action, (int)act),
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

void
live_free(struct ike_engine *eng)
{
	struct eng_again *a;

	while ((a = eng->eng_again) != NULL) {
		eng->eng_again = a->a_next;
		free(a);
	}
}
