/* SPDX-License-Identifier: ISC */
/*
 * trap.c - on-demand connections ("start: trap").  For each such child
 * the engine installs the policies its Child SA would have, with
 * templates but no SA behind them; the kernel then holds the first
 * matching packet and sends an ACQUIRE naming the policy's reqid, and
 * the engine starts the connection.  A trap's policies give way to those
 * of its Child SA while it exists and come back after it, so traffic is
 * never sent in the clear.  Traps follow the config on every reload and
 * go on shutdown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eng.h"
#include "iana.h"
#include "kpol.h"
#include "sa.h"
#include "trap.h"

struct eng_trap *
trap_find(struct ike_engine *eng, const char *conn, const char *child)
{
	struct eng_trap *t;

	for (t = eng->eng_traps; t != NULL; t = t->t_next)
		if (strcmp(t->t_conn, conn) == 0 && strcmp(t->t_child, child) == 0)
			return t;
	return NULL;
}

struct eng_trap *
trap_by_reqid(struct ike_engine *eng, uint32_t reqid)
{
	struct eng_trap *t;

	for (t = eng->eng_traps; t != NULL; t = t->t_next)
		if (t->t_reqid == reqid)
			return t;
	return NULL;
}

static void
trap_pols(const struct eng_trap *t, struct kpol_set *cp)
{
	memset(cp, 0, sizeof(*cp));
	cp->lts = t->t_lts;
	cp->n_lts = t->t_n_lts;
	cp->rts = t->t_rts;
	cp->n_rts = t->t_n_rts;
	cp->mode = t->t_mode;
	cp->reqid = t->t_reqid;
	cp->local = t->t_local;
	cp->remote = t->t_remote;
}

void
trap_suspend(struct ike_engine *eng, struct eng_trap *t)
{
	struct kpol_set cp;
	struct kx_op op;
	int err;

	if (t == NULL)
		return;
	trap_pols(t, &cp);
	while (t->t_n_pol > 0) {
		memset(&op, 0, sizeof(op));
		op.type = KX_DEL_POLICY;
		if (kpol_policy_at(&cp, --t->t_n_pol, &op.pol) &&
		    (err = eng_kernel(eng, &op)) < 0 && err != IKE_ENOENT)
			eng_log(eng, IKE_LOG_WARN, t->t_conn, "removing a trap "
			    "policy of %s failed: %s", t->t_child,
			    ike_strerror(err));
	}
}

void
trap_resume(struct ike_engine *eng, struct eng_trap *t)
{
	struct kpol_set cp;
	struct kx_op op;
	int err;

	if (t == NULL || t->t_n_pol > 0)
		return;
	trap_pols(t, &cp);
	for (;;) {
		memset(&op, 0, sizeof(op));
		op.type = KX_ADD_POLICY;
		if (!kpol_policy_at(&cp, t->t_n_pol, &op.pol))
			break;
		if ((err = eng_kernel(eng, &op)) < 0) {
			eng_log(eng, IKE_LOG_ERROR, t->t_conn, "installing trap "
			    "policy of %s failed: %s", t->t_child,
			    ike_strerror(err));
			trap_suspend(eng, t);
			return;
		}
		t->t_n_pol++;
	}
}

/* True when a Child SA of this config is up (its policies are in). */
static bool
trap_child_up(struct ike_engine *eng, const struct eng_trap *t)
{
	struct child_sa *ch;
	struct ike_sa *sa;

	for (sa = sa_conn_first(eng, t->t_conn); sa != NULL; sa = sa->sa_cnext)
		if (sa->sa_state != SA_S_DEAD)
			for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next)
				if (ch->ch_n_pol > 0 &&
				    strcmp(ch->ch_cfg_name, t->t_child) == 0)
					return true;
	return false;
}

/* A trap for conn's child, installed unless its Child SA is up. */
static void
trap_add(struct ike_engine *eng, const struct ike_conn_cfg *conn,
    const struct ike_child_cfg *child, bool dynamic)
{
	struct eng_trap *t;
	char why[2 * IKE_CFG_NAME_MAX + 64];

	if (conn->local.n_addrs == 0 || conn->remote.n_addrs == 0) {
		snprintf(why, sizeof(why), "cannot trap '%s': connection '%s' "
		    "has no %s address", child->name, conn->name,
		    conn->local.n_addrs == 0 ? "local" : "remote");
		eng_log(eng, IKE_LOG_ERROR, NULL, "%s", why);
		eng_set_failure(eng, conn->name, why);
		return;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return;
	snprintf(t->t_conn, sizeof(t->t_conn), "%s", conn->name);
	snprintf(t->t_child, sizeof(t->t_child), "%s", child->name);
	t->t_mode = child->mode;
	t->t_local = conn->local.addrs[0];
	t->t_local.port = eng_port(eng, conn->local_port);
	t->t_remote = conn->remote.addrs[0];
	t->t_remote.port = eng_port(eng, conn->remote_port);
	t->t_n_lts = kpol_cfg_ts(child, true, &t->t_local, t->t_lts);
	t->t_n_rts = kpol_cfg_ts(child, false, &t->t_remote, t->t_rts);
	if ((t->t_reqid = kpol_new_reqid(eng)) == 0) {
		free(t);
		return;
	}
	t->t_dynamic = dynamic;
	t->t_next = eng->eng_traps;
	eng->eng_traps = t;
	if (!trap_child_up(eng, t))
		trap_resume(eng, t);
	eng_log(eng, IKE_LOG_INFO, conn->name, "trap %s for %s (reqid %#x)",
	    t->t_n_pol > 0 ? "installed" : "armed", child->name, t->t_reqid);
}

static void
trap_remove(struct ike_engine *eng, struct eng_trap **pp)
{
	struct eng_trap *t = *pp;

	/* While its Child SA is up, nothing of it is installed. */
	trap_suspend(eng, t);
	*pp = t->t_next;
	free(t);
}

void
trap_sync(struct ike_engine *eng)
{
	const struct ike_conn_cfg *conn;
	const struct ike_child_cfg *child;
	struct eng_trap **pp, *dyn = NULL, *t;

	/* Traps of children that are gone or no longer trapped go; the
	 * others are made again, as their selectors may have changed.
	 * Those an action put in are kept aside and made again too, as
	 * long as their child exists. */
	for (pp = &eng->eng_traps; *pp != NULL;) {
		t = *pp;
		if (!t->t_dynamic) {
			trap_remove(eng, pp);
			continue;
		}
		trap_suspend(eng, t);
		*pp = t->t_next;
		t->t_next = dyn;
		dyn = t;
	}
	for (conn = eng->eng_cfg ? eng->eng_cfg->conns : NULL; conn != NULL;
	    conn = conn->next)
		for (child = conn->children; child != NULL; child = child->next)
			if (child->start == IKE_START_TRAP)
				trap_add(eng, conn, child, false);
	while ((t = dyn) != NULL) {
		dyn = t->t_next;
		conn = eng->eng_cfg ? ike_config_conn(eng->eng_cfg, t->t_conn) : NULL;
		child = conn ? ike_conn_child(conn, t->t_child) : NULL;
		if (child != NULL)
			trap_add_dynamic(eng, conn, child);
		free(t);
	}
}

void
trap_add_dynamic(struct ike_engine *eng, const struct ike_conn_cfg *conn,
    const struct ike_child_cfg *child)
{
	if (trap_find(eng, conn->name, child->name) == NULL)
		trap_add(eng, conn, child, true);
}

void
trap_drop_dynamic(struct ike_engine *eng, const char *conn)
{
	struct eng_trap **pp;

	for (pp = &eng->eng_traps; *pp != NULL;) {
		if ((*pp)->t_dynamic && strcmp((*pp)->t_conn, conn) == 0) {
			eng_log(eng, IKE_LOG_INFO, conn, "trap for %s removed",
			    (*pp)->t_child);
			trap_remove(eng, pp);
		} else {
			pp = &(*pp)->t_next;
		}
	}
}

void
trap_flush(struct ike_engine *eng)
{
	struct eng_trap *t;

	while ((t = eng->eng_traps) != NULL) {
		eng->eng_traps = t->t_next;
		trap_suspend(eng, t);
		free(t);
	}
}
