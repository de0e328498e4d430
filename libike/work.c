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

#include "iana.h"
#include "sa.h"

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
	if (live_due(sa) < t)
		t = live_due(sa);
	if (sa->sa_expire != 0 && sa->sa_expire < t)
		t = sa->sa_expire;
	if (sa->sa_keepalive != 0 && sa->sa_keepalive < t)
		t = sa->sa_keepalive;
	if (work_due(sa) < t)
		t = work_due(sa);
	return t;
}

void
work_tick(struct ike_sa *sa, uint64_t now, struct ike_out *out)
{
	char why[ENG_WHY_MAX];

	if (sa->sa_expire != 0 && now >= sa->sa_expire) {
		sa_kill(sa, "half-open IKE SA timed out waiting for IKE_AUTH");
		return;
	}
	nat_keepalive_tick(sa, now, out);
	if (sa->sa_req.ptr == NULL) {
		work_run(sa, now, out);
		if (sa->sa_req.ptr == NULL)
			live_tick(sa, now, out);
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

int
work_run(struct ike_sa *sa, uint64_t now, struct ike_out *out)
{
	const struct ike_child_cfg *cfg;
	struct child_sa *ch, *old = NULL;
	struct xchg_out x;
	int err;

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
	if (sa->sa_rk_new != 0 || sa->sa_state != SA_S_ESTABLISHED)
		return IKE_OK;
	for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next) {
		if (ch->ch_rekey_at == 0 || ch->ch_rekey_at > now)
			continue;
		ch->ch_rekey_at = 0;
		if (ch->ch_state == CH_S_INSTALLED && !ch->ch_rekeying &&
		    ch->ch_cfg != NULL) {
			old = ch;
			break;
		}
	}
	cfg = old != NULL ? old->ch_cfg : NULL;
	/* Then children asked for while the IKE SA was busy or coming up. */
	while (cfg == NULL && sa->sa_n_want > 0) {
		cfg = sa->sa_want[0];
		sa->sa_n_want--;
		memmove(sa->sa_want, sa->sa_want + 1,
		    sa->sa_n_want * sizeof(sa->sa_want[0]));
		for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next)
			if (ch->ch_cfg == cfg && ch->ch_state != CH_S_DELETING)
				cfg = NULL;	/* already there */
	}
	if (cfg == NULL)
		return IKE_OK;
	xout_init(&x);
	err = xchg_child_start(sa, cfg, old, &x);
	if (err == IKE_OK)
		err = xsend_request(sa, &x, now, out);
	if (err < 0) {
		/* The new child goes with the failed request; the old one
		 * runs on until its hard lifetime. */
		if (old != NULL)
			old->ch_rekeying = false;
		if (x.req_child != 0 && (ch = child_by_id(sa, x.req_child)) != NULL)
			child_destroy(ch, NULL);
		eng_log(sa->sa_eng, IKE_LOG_WARN, sa->sa_name, "CREATE_CHILD_SA "
		    "for %s failed: %s", cfg->name, ike_strerror(err));
	}
	xout_free(&x);
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
	if (sa->sa_rk_new != 0)
		return t;
	if (sa->sa_n_want > 0 ||
	    (sa->sa_reauth_of != 0 && sa->sa_pending == NULL))
		return sa->sa_eng->eng_now;
	for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next)
		if (ch->ch_rekey_at != 0 && ch->ch_rekey_at < t)
			t = ch->ch_rekey_at;
	return t;
}
