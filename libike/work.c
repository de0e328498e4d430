/* SPDX-License-Identifier: ISC */
/*
 * work.c - what an IKE SA does on its own: the timers of one SA
 * (retransmission, give-up, half-open expiry, NAT keepalives, liveness)
 * and the work it starts when its request window is free (the IKE SA's
 * lifetimes, then Child SA rekeys, then Child SAs asked for).  The engine
 * runs it after every input and on every tick; the exchange steps never
 * call it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "eng.h"
#include "iana.h"
#include "live.h"
#include "nat.h"
#include "sa.h"
#include "work.h"
#include "xchg.h"
#include "xout.h"
#include "xsend.h"

uint64_t
work_next_timer(const struct ike_sa *sa)
{
	uint64_t t = UINT64_MAX;

	if (sa->sa_state == SA_S_DEAD)
		return t;
	if (sa->sa_req.ptr != NULL && sa->sa_req_due < t)
		t = sa->sa_req_due;
	if (sa->sa_req.ptr != NULL && sa->sa_req_deadline != 0 &&
	    sa->sa_req_deadline < t)
		t = sa->sa_req_deadline;
	if (work_dpd_due(sa) < t)
		t = work_dpd_due(sa);
	if (sa->sa_expire != 0 && sa->sa_expire < t)
		t = sa->sa_expire;
	if (sa->sa_nat.keepalive != 0 && sa->sa_nat.keepalive < t)
		t = sa->sa_nat.keepalive;
	if (work_due(sa) < t)
		t = work_due(sa);
	return t;
}

void
work_tick(struct ike_sa *sa, uint64_t now, struct ike_out *out)
{
	char why[ENG_WHY_MAX];

	sa_touch(sa);
	if (sa->sa_expire != 0 && now >= sa->sa_expire) {
		sa_kill(sa, "half-open IKE SA timed out waiting for IKE_AUTH");
		return;
	}
	nat_keepalive_tick(sa, now, out);
	if (sa->sa_req.ptr == NULL) {
		work_run(sa, now, out);
		if (sa->sa_req.ptr == NULL)
			work_dpd_tick(sa, now, out);
		return;
	}
	if (sa->sa_req_deadline != 0 && now >= sa->sa_req_deadline) {
		snprintf(why, sizeof(why), "no answer to the liveness check "
		    "within dpd-timeout (%u ms)", sa->sa_conn ?
		    sa->sa_conn->dpd_timeout_ms : 0);
		live_peer_dead(sa, why);
		return;
	}

	if (now < sa->sa_req_due)
		return;
	if (sa->sa_req_last) {
		/* RFC 7296 2.4: the peer is gone; so is the IKE SA. */
		if (sa->sa_req_kind == REQ_DEL_IKE || sa->sa_state == SA_S_DELETING) {
			sa_kill(sa, "peer did not answer our delete");
			return;
		}
		snprintf(why, sizeof(why), "peer not responding after %u "
		    "retransmits, giving up", sa->sa_req_tries);
		if (sa->sa_state == SA_S_ESTABLISHED) {
			live_peer_dead(sa, why);
			return;
		}
		sa_fail(sa, IKE_ETIMEOUT, "%s", why);
		sa_kill(sa, NULL);
		return;
	}
	xsend_retransmit(sa, now, out);
}

/* A CREATE_CHILD_SA request for cfg (rekeying old when not NULL). */
struct work_child {
	const struct ike_child_cfg	*cfg;
	struct child_sa			*old;
};

static int
work_fill_child(struct ike_sa *sa, const void *arg, struct xchg_out *x)
{
	const struct work_child *w = arg;

	return xchg_child_start(sa, w->cfg, w->old, x);
}

int
work_run(struct ike_sa *sa, uint64_t now, struct ike_out *out)
{
	const struct ike_child_cfg *cfg;
	struct child_sa *ch, *old = NULL;
	struct work_child start;
	uint32_t req_child = 0;
	int err;

	sa_touch(sa);
	if (sa->sa_state != SA_S_ESTABLISHED || sa->sa_req.ptr != NULL)
		return IKE_OK;
	/* The IKE SA's own lifetimes come first, then its Child SAs'. */
	switch (xchg_rekey_work(sa, now, out)) {
	case 0:
		break;
	case XCHG_REKEY_REAUTH:
		eng_reauth(sa, now, out);
		break;
	default:
		return IKE_OK;
	}
	if (sa->sa_rk.new != 0 || sa->sa_state != SA_S_ESTABLISHED)
		return IKE_OK;
	for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next) {
		if (ch->ch_rekey_at == 0 || ch->ch_rekey_at > now)
			continue;
		ch->ch_rekey_at = 0;
		if (ch->ch_state == CH_S_INSTALLED && !ch->ch_rekeying &&
		    ch->ch_cfg != NULL && !child_replaced(ch)) {
			old = ch;
			break;
		}
	}
	cfg = old != NULL ? old->ch_cfg : NULL;
	/* Then children asked for while the IKE SA was busy or coming up. */
	while (cfg == NULL && sa->sa_cc.n_want > 0) {
		cfg = sa->sa_cc.want[0];
		sa->sa_cc.n_want--;
		memmove(sa->sa_cc.want, sa->sa_cc.want + 1,
		    sa->sa_cc.n_want * sizeof(sa->sa_cc.want[0]));
		for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next)
			if (ch->ch_cfg == cfg && ch->ch_state != CH_S_DELETING)
				cfg = NULL;	/* already there */
	}
	if (cfg == NULL)
		return IKE_OK;
	start.cfg = cfg;
	start.old = old;
	err = xsend_start(sa, work_fill_child, &start, now, out, &req_child);
	if (err < 0) {
		/* The new child goes with the failed request; the old one
		 * runs on until its hard lifetime. */
		if (old != NULL)
			old->ch_rekeying = false;
		if (req_child != 0 && (ch = child_by_id(sa, req_child)) != NULL)
			child_destroy(ch, NULL);
		eng_log(sa->sa_eng, IKE_LOG_WARN, sa->sa_name, "CREATE_CHILD_SA "
		    "for %s failed: %s", cfg->name, ike_strerror(err));
	}
	return IKE_OK;
}

uint64_t
work_due(const struct ike_sa *sa)
{
	const struct child_sa *ch;
	uint64_t t = UINT64_MAX;

	if (sa->sa_state != SA_S_ESTABLISHED || sa->sa_req.ptr != NULL)
		return t;
	t = xchg_rekey_due(sa);
	if (sa->sa_rk.new != 0)
		return t;
	if (sa->sa_cc.n_want > 0 ||
	    (sa->sa_rk.reauth_of != 0 && sa->sa_pending == NULL))
		return sa->sa_eng->eng_now;
	for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next)
		if (ch->ch_rekey_at != 0 && ch->ch_rekey_at < t)
			t = ch->ch_rekey_at;
	return t;
}

static uint32_t
work_dpd_delay(const struct ike_sa *sa)
{
	return sa->sa_conn != NULL ? sa->sa_conn->dpd_delay_ms : 0;
}

uint64_t
work_dpd_due(const struct ike_sa *sa)
{
	uint32_t delay = work_dpd_delay(sa);

	/* An outstanding request is a liveness check of its own. */
	if (delay == 0 || sa->sa_state != SA_S_ESTABLISHED ||
	    sa->sa_req.ptr != NULL)
		return UINT64_MAX;
	return sa->sa_last_seen + delay;
}

/* True when a Child SA received ESP bytes since the last look (the
 * kernel keeps no last-use time for SAs, only the time of first use). */
static bool
work_esp_seen(struct ike_sa *sa)
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
work_dpd_tick(struct ike_sa *sa, uint64_t now, struct ike_out *out)
{
	const struct ike_conn_cfg *conn = sa->sa_conn;
	int err;

	if (work_dpd_due(sa) > now)
		return;
	if (work_esp_seen(sa)) {
		eng_log(sa->sa_eng, IKE_LOG_DEBUG, sa->sa_name, "ESP traffic "
		    "from the peer, no liveness check needed");
		sa->sa_last_seen = now;
		return;
	}
	eng_log(sa->sa_eng, IKE_LOG_DEBUG, sa->sa_name, "nothing heard for "
	    "%u ms, checking the peer's liveness", conn->dpd_delay_ms);
	err = xsend_start(sa, xsend_fill_liveness, NULL, now, out, NULL);
	if (err < 0) {
		/* Try again after another delay rather than every tick. */
		sa->sa_last_seen = now;
		return;
	}
	if (conn->dpd_timeout_ms != 0)
		sa->sa_req_deadline = now + conn->dpd_timeout_ms;
}

int
work_again(struct ike_engine *eng, uint64_t now, struct ike_out *out)
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
			err = eng_initiate_work(eng, now, conn, child, out);
		}
		if (err == IKE_ENOMEM)
			ret = err;
		free(a);
	}
	return ret;
}

int
eng_initiate_work(struct ike_engine *eng, uint64_t now,
    const struct ike_conn_cfg *conn, const struct ike_child_cfg *child,
    struct ike_out *out)
{
	struct ike_sa *sa;
	int err;

	err = eng_initiate(eng, now, conn, child, out);
	/* A child added to an SA that is up goes out with its work. */
	if (err == IKE_OK && (sa = sa_of_conn(eng, conn)) != NULL)
		work_run(sa, now, out);
	return err;
}
