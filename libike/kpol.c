/* SPDX-License-Identifier: ISC */
/*
 * kpol.c - kernel policies and reqids, shared by Child SAs (child.c) and
 * traps (trap.c): the selectors a child's config gives, the policies of a
 * set of selectors in installation order, and fresh reqids from saker's
 * range, and the key of the engine's table of Child SAs by reqid.  It
 * knows the engine's trap list and that table but calls nothing above
 * the config model.
 */
#include <stdbool.h>
#include <string.h>

#include "eng.h"
#include "iana.h"
#include "kpol.h"
#include "sa.h"
#include "trap.h"

size_t
kpol_cfg_ts(const struct ike_child_cfg *cfg, bool local,
    const struct ike_addr *host, struct ike_ts *out)
{
	const struct ike_ts *ts = local ? cfg->local_ts : cfg->remote_ts;
	size_t n = local ? cfg->n_local_ts : cfg->n_remote_ts, i;

	if (n == 0) {
		/* No selectors configured: the host itself. */
		ts_host(host, &out[0]);
		return 1;
	}
	if (n > TS_MAX)
		n = TS_MAX;
	for (i = 0; i < n; i++) {
		if (ts[i].family != IKE_TS_DYNAMIC) {
			out[i] = ts[i];
			continue;
		}
		/* "dynamic": the IKE SA's address, with the configured
		 * protocol and ports. */
		ts_host(host, &out[i]);
		out[i].proto = ts[i].proto;
		out[i].port_lo = ts[i].port_lo;
		out[i].port_hi = ts[i].port_hi;
	}
	return n;
}

uint64_t
kpol_reqid_hash(const struct ike_engine *eng, uint32_t reqid)
{
	return htab_hash(eng->eng_hkey, &reqid, sizeof(reqid));
}

/* True when a Child SA or trap of this engine holds reqid.  Traps are
 * few (one per trapped child of the config); Child SAs are looked up. */
static bool
kpol_reqid_used(struct ike_engine *eng, uint32_t reqid)
{
	const struct eng_trap *t;
	struct htab_node *n;

	for (t = eng->eng_traps; t != NULL; t = t->t_next)
		if (t->t_reqid == reqid)
			return true;
	for (n = htab_first(&eng->eng_ch_by_reqid, kpol_reqid_hash(eng, reqid));
	    n != NULL; n = htab_next(n))
		if (HTAB_ENTRY(n, struct child_sa, ch_hn_reqid)->ch_reqid == reqid)
			return true;
	return false;
}

uint32_t
kpol_new_reqid(struct ike_engine *eng)
{
	uint32_t reqid, i;

	for (i = 0; i < KX_REQID_SPAN; i++) {
		reqid = KX_REQID_BASE + (eng->eng_next_reqid++ % KX_REQID_SPAN);
		if (reqid != KX_REQID_BASE && !kpol_reqid_used(eng, reqid))
			return reqid;
	}
	return 0;
}

bool
kpol_policy_at(const struct kpol_set *cp, size_t n, struct kx_policy *pol)
{
	size_t per = cp->mode == KX_MODE_TUNNEL ? 3 : 2, k = 0, i, j, d;
	unsigned spec;

	for (i = 0; i < cp->n_lts; i++) {
		for (j = 0; j < cp->n_rts; j++) {
			if (cp->lts[i].family != cp->rts[j].family)
				continue;
			if (n >= k + per) {
				k += per;
				continue;
			}
			d = n - k;
			memset(pol, 0, sizeof(*pol));
			pol->dir = d == 0 ? KX_DIR_OUT : d == 1 ? KX_DIR_IN : KX_DIR_FWD;
			if (pol->dir == KX_DIR_OUT) {
				ts_to_sel(&cp->lts[i], &cp->rts[j], &pol->sel);
				pol->tmpl_src = cp->local;
				pol->tmpl_dst = cp->remote;
			} else {
				ts_to_sel(&cp->rts[j], &cp->lts[i], &pol->sel);
				pol->tmpl_src = cp->remote;
				pol->tmpl_dst = cp->local;
			}
			pol->mode = (enum kx_mode)cp->mode;
			pol->reqid = cp->reqid;
			pol->proto = IKE_PROTO_ESP;
			/* Lower values win: more specific selectors first. */
			spec = pol->sel.src_plen + pol->sel.dst_plen;
			pol->priority = KX_PRIO_BASE + 2 * (256 - spec) +
			    (pol->sel.proto == 0);
			return true;
		}
	}
	return false;
}
