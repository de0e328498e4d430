/* SPDX-License-Identifier: ISC */
/*
 * initiate.c - starting IKE SAs as initiator: by the operator's command,
 * at start for connections with start: start, and for reauthentication;
 * which local address to send from (the configured one, or the kernel's
 * choice towards the peer for a road warrior) and the first IKE_SA_INIT.
 */
#include <stdio.h>
#include <string.h>

#include "eng.h"
#include "iana.h"
#include "sa.h"
#include "work.h"
#include "xchg.h"
#include "xout.h"
#include "xsend.h"

static int eng_new_sa(struct ike_engine *, const struct ike_conn_cfg *,
    const struct ike_child_cfg *, uint64_t now, struct ike_sa **);
static int eng_send_init(struct ike_sa *, uint64_t now, struct ike_out *);

/* The address an initiator of conn sends from: its first local one, or
 * for a road warrior that does not know its own, the one the kernel
 * would use to reach the peer.  false when there is neither. */
static bool
eng_local_addr(struct ike_engine *eng, const struct ike_conn_cfg *conn,
    struct ike_addr *local)
{
	struct kx_op op;

	memset(local, 0, sizeof(*local));
	if (conn->local.n_addrs > 0) {
		*local = conn->local.addrs[0];
		return true;
	}
	if (conn->remote.n_addrs == 0)
		return false;
	memset(&op, 0, sizeof(op));
	op.type = KX_LOCAL_ADDR;
	op.vip.peer = conn->remote.addrs[0];
	if (eng_kernel(eng, &op) < 0 || op.vip.local.family != op.vip.peer.family)
		return false;
	*local = op.vip.local;
	return true;
}

int
eng_initiate(struct ike_engine *eng, uint64_t now,
    const struct ike_conn_cfg *conn, const struct ike_child_cfg *child,
    struct ike_out *out)
{
	const struct ike_child_cfg *c;
	bool named = child != NULL;
	struct ike_addr local;
	struct ike_sa *sa;
	int err;

	if ((sa = sa_of_conn(eng, conn)) != NULL) {
		/* Up already: a child it lacks comes by CREATE_CHILD_SA. */
		if (sa->sa_state == SA_S_ESTABLISHED && named &&
		    !sa_has_child(sa, child) && sa_want_child(sa, child))
			return IKE_OK;	/* the caller runs the SA's work */
		eng_log(eng, IKE_LOG_INFO, sa->sa_name, "'%s' is already up or "
		    "being set up", named ? child->name : conn->name);
		return IKE_EEXIST;
	}
	if (conn->remote.n_addrs == 0 || !eng_local_addr(eng, conn, &local)) {
		char why[160];

		snprintf(why, sizeof(why), "cannot initiate '%s': it has no %s "
		    "address%s", conn->name,
		    conn->remote.n_addrs == 0 ? "remote" : "local",
		    conn->remote.n_addrs == 0 ? "" : " and no route to the peer");
		eng_log(eng, IKE_LOG_ERROR, NULL, "%s", why);
		eng_set_failure(eng, conn->name, why);
		return IKE_EINVAL;
	}
	if (child == NULL) {
		for (child = conn->children; child != NULL; child = child->next)
			if (child->start == IKE_START_START)
				break;
		if (child == NULL)
			child = conn->children;
	}
	if ((err = eng_new_sa(eng, conn, child, now, &sa)) < 0)
		return err;
	/* The connection's other children to start follow IKE_AUTH. */
	for (c = conn->children; !named && c != NULL; c = c->next)
		if (c != child && c->start == IKE_START_START)
			sa_want_child(sa, c);
	return eng_send_init(sa, now, out);
}

void
eng_reauth(struct ike_sa *old, uint64_t now, struct ike_out *out)
{
	struct ike_engine *eng = old->sa_eng;
	const struct ike_child_cfg *first = NULL;
	struct child_sa *ch;
	struct ike_sa *sa;

	if (old->sa_conn == NULL || old->sa_conn->remote.n_addrs == 0)
		return;
	for (ch = old->sa_children; ch != NULL && first == NULL; ch = ch->ch_next)
		if (ch->ch_state == CH_S_INSTALLED)
			first = ch->ch_cfg;
	if (eng_new_sa(eng, old->sa_conn, first, now, &sa) < 0)
		return;
	sa->sa_rk.reauth_of = old->sa_id;
	for (ch = old->sa_children; ch != NULL; ch = ch->ch_next)
		if (ch->ch_state == CH_S_INSTALLED && ch->ch_cfg != NULL &&
		    ch->ch_cfg != first)
			sa_want_child(sa, ch->ch_cfg);
	eng_log(eng, IKE_LOG_INFO, old->sa_name, "reauthenticating IKE SA %s "
	    "as %s", old->sa_name, sa->sa_name);
	eng_send_init(sa, now, out);
}

/* An initiator SA for conn at its first addresses. */
static int
eng_new_sa(struct ike_engine *eng, const struct ike_conn_cfg *conn,
    const struct ike_child_cfg *first, uint64_t now, struct ike_sa **out)
{
	struct ike_addr local, remote;
	int err;

	if (!eng_local_addr(eng, conn, &local))
		return IKE_EINVAL;
	remote = conn->remote.addrs[0];
	local.port = eng_port(eng, conn->local_port);
	remote.port = eng_port(eng, conn->remote_port);
	/* A peer reached on the NAT-T port hears us from ours (RFC 3948). */
	if (conn->remote_port != 0 && eng->eng_cfg->natt_port != 0 &&
	    remote.port == eng->eng_cfg->natt_port && conn->local_port == 0)
		local.port = remote.port;
	if ((err = sa_new(eng, true, conn, 0, &local, &remote, now, out)) < 0)
		return err;
	(*out)->sa_first_child = first;
	return IKE_OK;
}

static int
init_fill(struct ike_sa *sa, const void *arg, struct xchg_out *x)
{
	(void)arg;
	return xchg_init_start(sa, x);
}

/* Sends the IKE_SA_INIT request of a new initiator SA. */
static int
eng_send_init(struct ike_sa *sa, uint64_t now, struct ike_out *out)
{
	struct ike_engine *eng = sa->sa_eng;
	int err;

	err = xsend_start(sa, init_fill, NULL, now, out, NULL);
	if (err < 0) {
		sa_fail(sa, err, "initiating failed: %s", ike_strerror(err));
		sa_kill(sa, NULL);
		sa_reap(eng);
	}
	return err;
}
