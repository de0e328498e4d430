/* SPDX-License-Identifier: ISC */
/*
 * xchg_child.c - Child SAs on the wire: their negotiation as IKE_AUTH
 * (RFC 7296 1.2) and CREATE_CHILD_SA (1.3.1 new, 1.3.3 rekey) carry it,
 * both roles, and the CREATE_CHILD_SA exchange itself.  The responder
 * takes the first child config whose selectors meet the peer's, narrows
 * both sides (2.9), picks an ESP proposal and, in CREATE_CHILD_SA, does
 * the optional PFS key exchange; the initiator checks the answer against
 * what it proposed.  A rekeyed Child SA keeps its reqid and selectors, so
 * the new SAs slip under the old policies; the old SAs go with the
 * Delete the rekey's initiator sends after it.  Rekeying the IKE SA
 * itself lives in xchg_rekey.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "cry.h"
#include "eng.h"
#include "iana.h"
#include "keys.h"
#include "names.h"
#include "sa.h"
#include "xchg.h"
#include "xout.h"
#include "xsend.h"

int
xchg_child_parse(const struct msg *m, struct xchg_child_in *in)
{
	const struct msg_pl *pl;
	struct pld_notify n;
	int err = IKE_OK;

	memset(in, 0, sizeof(*in));
	if ((pl = msg_find(m, IKE_PL_SA, 0)) != NULL)
		err = pld_sa_parse(pl->body, &in->sa);
	if (err == IKE_OK && (pl = msg_find(m, IKE_PL_TSI, 0)) != NULL)
		err = pld_ts_parse(pl->body, &in->tsi);
	if (err == IKE_OK && (pl = msg_find(m, IKE_PL_TSR, 0)) != NULL)
		err = pld_ts_parse(pl->body, &in->tsr);
	if (err == IKE_OK && (pl = msg_find(m, IKE_PL_NONCE, 0)) != NULL) {
		err = pld_nonce_parse(pl->body, &in->nonce);
		in->has_nonce = err == IKE_OK;
	}
	if (err == IKE_OK && (pl = msg_find(m, IKE_PL_KE, 0)) != NULL) {
		err = pld_ke_parse(pl->body, &in->ke);
		in->has_ke = err == IKE_OK;
	}
	if (err < 0)
		return err;
	in->n_props = prop_from_sa(&in->sa, in->props, PLD_SA_MAX_PROPS,
	    in->spis, in->nums);
	in->transport = msg_find_notify(m, IKE_N_USE_TRANSPORT_MODE, &n);
	/* RFC 7296 1.3.3: the SA being rekeyed, by the SPI its sender
	 * receives on, which is the one we send to. */
	if (msg_find_notify(m, IKE_N_REKEY_SA, &n) && n.proto == IKE_PROTO_ESP &&
	    n.spi.len == 4) {
		in->rekey = true;
		in->rekey_spi = xchg_spi32(n.spi);
	}
	return IKE_OK;
}

uint32_t
xchg_spi32(struct ike_bytes b)
{
	if (b.len != 4)
		return 0;
	return ike_be32(b.ptr);
}

static int
child_add_ts(struct xchg_out *x, uint8_t type, const struct ike_ts *ts, size_t n)
{
	struct pld_ts p;

	memset(&p, 0, sizeof(p));
	if (n > PLD_TS_MAX)
		n = PLD_TS_MAX;
	memcpy(p.ts, ts, n * sizeof(*ts));
	p.n = n;
	return XOUT_ADD(x, type, pld_ts_build, &p);
}

static int
child_add_sa(struct xchg_out *x, const struct ike_proposal *p, size_t n,
    uint8_t num0, uint32_t spi)
{
	uint8_t s[4];

	ike_put_be32(s, spi);
	return xout_sa(x, p, n, num0, s, sizeof(s));
}

static int
child_add_nonce(struct xchg_out *x, const struct ike_buf *nonce)
{
	struct pld_nonce n;

	n.data = ike_buf_view(nonce);
	return XOUT_ADD(x, IKE_PL_NONCE, pld_nonce_build, &n);
}

static int
child_add_ke(struct xchg_out *x, const struct cry_dh *dh)
{
	struct pld_ke ke;

	ke.group = cry_dh_group(dh);
	ke.data = cry_dh_public(dh);
	return XOUT_ADD(x, IKE_PL_KE, pld_ke_build, &ke);
}

/* Proposals without their KE transforms: IKE_AUTH creates its Child SA
 * with the IKE SA's keys, so PFS groups do not apply there (RFC 7296
 * 1.2); strongSwan leaves them out of IKE_AUTH the same way. */
static size_t
child_strip_ke(const struct ike_proposal *in, size_t n, struct ike_proposal *out)
{
	struct ike_proposal p;
	size_t i, j;

	/* in and out may be the same array. */
	for (i = 0; i < n; i++) {
		p = in[i];
		p.n_xf = 0;
		for (j = 0; j < in[i].n_xf; j++)
			if (in[i].xf[j].type != IKE_XF_KE)
				p.xf[p.n_xf++] = in[i].xf[j];
		out[i] = p;
	}
	return n;
}

/* What the config allows, and what the peer asked for, as text for a
 * TS_UNACCEPTABLE line. */
static void
child_ts_why(struct ike_sa *sa, const struct xchg_child_in *in, char *buf,
    size_t len)
{
	const struct ike_child_cfg *c;
	struct ike_ts l[TS_MAX], r[TS_MAX];
	char ti[200], tr[200], ls[200], rs[200];
	size_t nl, nr, off;

	ts_format(in->tsi.ts, in->tsi.n, ti, sizeof(ti));
	ts_format(in->tsr.ts, in->tsr.n, tr, sizeof(tr));
	off = (size_t)snprintf(buf, len, "traffic selectors unacceptable: "
	    "peer proposed %s === %s, we allow", ti, tr);
	for (c = sa->sa_conn->children; c != NULL && off < len; c = c->next) {
		nl = child_sa_ts(sa, c, true, l);
		nr = child_sa_ts(sa, c, false, r);
		ts_format(r, nr, rs, sizeof(rs));
		ts_format(l, nl, ls, sizeof(ls));
		off += (size_t)snprintf(buf + off, len - off, "%s %s === %s (%s)",
		    c == sa->sa_conn->children ? "" : ",", rs, ls, c->name);
	}
}

/* Narrows the peer's selectors with cfg's (RFC 7296 2.9; TSi is the
 * initiator's side, our remote one). */
static bool
child_narrow(struct ike_sa *sa, const struct ike_child_cfg *cfg,
    const struct xchg_child_in *in, struct child_sa *into)
{
	struct ike_ts lcfg[TS_MAX], rcfg[TS_MAX];
	size_t n_lcfg, n_rcfg;

	n_lcfg = child_sa_ts(sa, cfg, true, lcfg);
	n_rcfg = child_sa_ts(sa, cfg, false, rcfg);
	return ts_narrow(in->tsi.ts, in->tsi.n, rcfg, n_rcfg, into->ch_rts,
	    TS_MAX, &into->ch_n_rts) == IKE_OK &&
	    ts_narrow(in->tsr.ts, in->tsr.n, lcfg, n_lcfg, into->ch_lts,
	    TS_MAX, &into->ch_n_lts) == IKE_OK;
}

int
xchg_child_respond(struct ike_sa *sa, struct xchg_child_in *in,
    struct child_sa *old, bool create, struct xchg_out *x)
{
	struct ike_engine *eng = sa->sa_eng;
	const struct ike_child_cfg *cfg;
	struct ike_proposal *ours = NULL, *theirs = NULL, chosen;
	struct child_sa tmp, *ch = NULL;
	struct keys_ke_job job;
	char why[ENG_WHY_MAX], nb[NAMES_BUFLEN];
	struct prop_sel sel;
	size_t idx = 0, n_ours;
	int err = IKE_OK;

	memset(&job, 0, sizeof(job));
	memset(&tmp, 0, sizeof(tmp));
	if (old != NULL) {
		cfg = old->ch_cfg;
		if (cfg == NULL || !child_narrow(sa, cfg, in, &tmp))
			cfg = NULL;
	} else {
		for (cfg = sa->sa_conn->children; cfg != NULL; cfg = cfg->next)
			if (child_narrow(sa, cfg, in, &tmp))
				break;
	}
	if (cfg == NULL) {
		child_ts_why(sa, in, why, sizeof(why));
		sa_child_fail(sa, old ? old->ch_name : "", "%s", why);
		return xout_notify(x, 0, IKE_N_TS_UNACCEPTABLE, NULL, 0, NULL, 0);
	}
	ours = calloc(IKE_CFG_MAX_PROPOSALS + PLD_SA_MAX_PROPS, sizeof(*ours));
	if (ours == NULL)
		return IKE_ENOMEM;
	theirs = ours + IKE_CFG_MAX_PROPOSALS;
	if (create) {
		memcpy(ours, cfg->esp, cfg->n_esp * sizeof(*ours));
		memcpy(theirs, in->props, in->n_props * sizeof(*theirs));
		n_ours = cfg->n_esp;
	} else {
		n_ours = child_strip_ke(cfg->esp, cfg->n_esp, ours);
		child_strip_ke(in->props, in->n_props, theirs);
	}
	if (prop_select(theirs, in->n_props, ours, n_ours,
	    in->has_ke ? in->ke.group : 0, &sel, &idx, why, sizeof(why)) < 0) {
		sa_child_fail(sa, cfg->name, "no proposal chosen: %s", why);
		err = xout_notify(x, 0, IKE_N_NO_PROPOSAL_CHOSEN, NULL, 0, NULL, 0);
		goto out;
	}
	if (create && sel.ke.id != 0 && (!in->has_ke || in->ke.group != sel.ke.id)) {
		/* RFC 7296 1.3: the PFS group we want, as in IKE_SA_INIT. */
		eng_log(eng, IKE_LOG_INFO, sa->sa_name, "CREATE_CHILD_SA for %s "
		    "without a KE payload for %s: answering INVALID_KE_PAYLOAD",
		    cfg->name, names_str(NAMES_KE, sel.ke.id, nb, sizeof(nb)));
		err = xout_invalid_ke(x, sel.ke.id);
		goto out;
	}
	if (create && (err = eng_job_ke(eng, sel.ke.id,
	    in->has_ke ? in->ke.data : (struct ike_bytes){ NULL, 0 }, &job)) < 0) {
		if (job.failed_at == KEYS_KE_NONCE)
			goto out;
		sa_child_fail(sa, cfg->name, "PFS key exchange failed: %s",
		    ike_strerror(err));
		err = xout_notify(x, 0, err == IKE_EKEVALUE ?
		    IKE_N_INVALID_SYNTAX : IKE_N_NO_PROPOSAL_CHOSEN, NULL, 0,
		    NULL, 0);
		goto out;
	}
	if ((err = child_new(sa, cfg, &ch)) < 0)
		goto out;
	if (old != NULL) {
		ch->ch_reqid = old->ch_reqid;
		ch->ch_rekey_of = old->ch_id;
		/* RFC 7296 2.8.1: our own rekey of it is out too; the lower
		 * nonce of each exchange decides which new SA survives. */
		if (old->ch_rekeying && (err = keys_nonce_min(in->nonce.data,
		    ike_buf_view(&job.nr), &ch->ch_nonce_min)) < 0)
			goto out;
	}
	ch->ch_sel = sel;
	ch->ch_spi_out = xchg_spi32(in->spis[idx]);
	memcpy(ch->ch_lts, tmp.ch_lts, tmp.ch_n_lts * sizeof(tmp.ch_lts[0]));
	ch->ch_n_lts = tmp.ch_n_lts;
	memcpy(ch->ch_rts, tmp.ch_rts, tmp.ch_n_rts * sizeof(tmp.ch_rts[0]));
	ch->ch_n_rts = tmp.ch_n_rts;
	/* RFC 7296 1.3.1: transport mode only when asked for and allowed. */
	ch->ch_mode = in->transport && cfg->mode == KX_MODE_TRANSPORT ?
	    KX_MODE_TRANSPORT : KX_MODE_TUNNEL;
	if (ch->ch_mode != cfg->mode)
		eng_log(eng, IKE_LOG_INFO, ch->ch_name, "peer %s transport mode, "
		    "using tunnel mode", in->transport ? "asks for" :
		    "does not ask for");
	if ((err = child_alloc_spi(ch)) < 0 ||
	    (err = child_install(ch, ike_buf_view(&job.secret),
	    create ? in->nonce.data : ike_buf_view(&sa->sa_ni),
	    create ? ike_buf_view(&job.nr) : ike_buf_view(&sa->sa_nr))) < 0) {
		sa_child_fail(sa, ch->ch_name, "kernel refused it: %s",
		    ike_strerror(err));
		child_destroy(ch, NULL);
		err = xout_notify(x, 0, IKE_N_TEMPORARY_FAILURE, NULL, 0, NULL, 0);
		goto out;
	}
	if (old != NULL)
		eng_log(eng, IKE_LOG_INFO, ch->ch_name, "CHILD_SA %s rekeyed as %s",
		    old->ch_name, ch->ch_name);
	if (ch->ch_mode == KX_MODE_TRANSPORT)
		xout_notify(x, 0, IKE_N_USE_TRANSPORT_MODE, NULL, 0, NULL, 0);
	prop_sel_to_proposal(&sel, &chosen);
	child_add_sa(x, &chosen, 1, in->nums[idx], ch->ch_spi_in);
	if (create) {
		child_add_nonce(x, &job.nr);
		if (job.dh != NULL)
			child_add_ke(x, job.dh);
	}
	child_add_ts(x, IKE_PL_TSI, ch->ch_rts, ch->ch_n_rts);
	child_add_ts(x, IKE_PL_TSR, ch->ch_lts, ch->ch_n_lts);
	err = x->err;
out:
	free(ours);
	keys_ke_job_free(&job);
	return err;
}

int
xchg_child_propose(struct ike_sa *sa, struct child_sa *ch, bool create,
    struct xchg_out *x)
{
	struct ike_engine *eng = sa->sa_eng;
	const struct ike_child_cfg *cfg = ch->ch_cfg;
	struct ike_proposal props[IKE_CFG_MAX_PROPOSALS];
	uint16_t group;
	int err;

	ch->ch_xinit = true;
	if (ch->ch_spi_in == 0 && (err = child_alloc_spi(ch)) < 0)
		return err;
	if (ch->ch_n_lts == 0) {
		ch->ch_n_lts = child_sa_ts(sa, cfg, true, ch->ch_lts);
		ch->ch_n_rts = child_sa_ts(sa, cfg, false, ch->ch_rts);
	}
	if (ch->ch_mode == KX_MODE_TRANSPORT)
		xout_notify(x, 0, IKE_N_USE_TRANSPORT_MODE, NULL, 0, NULL, 0);
	if (!create) {
		child_add_sa(x, props, child_strip_ke(cfg->esp, cfg->n_esp, props),
		    1, ch->ch_spi_in);
	} else {
		child_add_sa(x, cfg->esp, cfg->n_esp, 1, ch->ch_spi_in);
		if ((err = ike_buf_alloc(&sa->sa_cc.ni, ENG_NONCE_LEN)) < 0 ||
		    (err = eng_rng(eng, sa->sa_cc.ni.ptr, sa->sa_cc.ni.len)) < 0)
			return err;
		child_add_nonce(x, &sa->sa_cc.ni);
		/* PFS with the first group of our proposals, if any. */
		cry_dh_free(sa->sa_cc.dh);
		sa->sa_cc.dh = NULL;
		if ((group = prop_first_ke(cfg->esp, cfg->n_esp)) != 0) {
			if ((err = cry_dh_new(group, eng->eng_env.rng,
			    eng->eng_env.rng_ctx, &sa->sa_cc.dh)) < 0)
				return err;
			child_add_ke(x, sa->sa_cc.dh);
		}
	}
	child_add_ts(x, IKE_PL_TSI, ch->ch_lts, ch->ch_n_lts);
	child_add_ts(x, IKE_PL_TSR, ch->ch_rts, ch->ch_n_rts);
	return x->err;
}

int
xchg_child_accept(struct ike_sa *sa, struct child_sa *ch, const struct msg *m,
    bool create, struct xchg_out *x)
{
	const struct ike_child_cfg *cfg = ch->ch_cfg;
	struct ike_buf secret = { NULL, 0 };
	char why[ENG_WHY_MAX], nb[NAMES_BUFLEN], a[200], b[200];
	struct xchg_child_in *in = NULL;
	struct pld_notify n;
	struct prop_sel sel;
	uint16_t type;
	int err = IKE_OK;

	if (msg_find(m, IKE_PL_SA, 0) == NULL) {
		type = msg_error_notify(m, &n);
		ts_format(ch->ch_lts, ch->ch_n_lts, a, sizeof(a));
		ts_format(ch->ch_rts, ch->ch_n_rts, b, sizeof(b));
		if (type != 0)
			sa_child_fail(sa, ch->ch_name, "peer answered %s "
			    "(we proposed %s === %s)",
			    names_str(NAMES_NOTIFY, type, nb, sizeof(nb)), a, b);
		else
			sa_child_fail(sa, ch->ch_name, "peer created no Child SA");
		child_destroy(ch, NULL);
		return IKE_OK;
	}
	if (cfg == NULL || (in = calloc(1, sizeof(*in))) == NULL) {
		child_destroy(ch, NULL);
		return cfg == NULL ? IKE_OK : IKE_ENOMEM;
	}
	if ((err = xchg_child_parse(m, in)) < 0 || in->tsi.n == 0 ||
	    in->tsr.n == 0 || (create && !in->has_nonce)) {
		sa_child_fail(sa, ch->ch_name, "malformed Child SA payloads: %s",
		    ike_strerror(err < 0 ? err : IKE_EMALFORMED));
		goto refuse;
	}
	if (!create)
		child_strip_ke(in->props, in->n_props, in->props);
	{
		struct ike_proposal props[IKE_CFG_MAX_PROPOSALS];
		size_t np = create ? cfg->n_esp :
		    child_strip_ke(cfg->esp, cfg->n_esp, props);

		if (create)
			memcpy(props, cfg->esp, np * sizeof(props[0]));
		if (in->n_props != 1 || prop_accept(&in->props[0], props, np,
		    &sel, why, sizeof(why)) < 0) {
			if (in->n_props != 1)
				snprintf(why, sizeof(why), "%zu proposals",
				    in->n_props);
			sa_child_fail(sa, ch->ch_name, "responder chose a "
			    "proposal we did not offer: %s", why);
			goto refuse;
		}
	}
	if (create && sel.ke.id != 0) {
		if (sa->sa_cc.dh == NULL || !in->has_ke ||
		    in->ke.group != cry_dh_group(sa->sa_cc.dh) ||
		    cry_dh_shared(sa->sa_cc.dh, in->ke.data, &secret) < 0) {
			sa_child_fail(sa, ch->ch_name, "responder's PFS key "
			    "exchange does not fit ours");
			goto refuse;
		}
	}
	if (!ts_subset(in->tsi.ts, in->tsi.n, ch->ch_lts, ch->ch_n_lts) ||
	    !ts_subset(in->tsr.ts, in->tsr.n, ch->ch_rts, ch->ch_n_rts)) {
		ts_format(in->tsi.ts, in->tsi.n, a, sizeof(a));
		ts_format(in->tsr.ts, in->tsr.n, b, sizeof(b));
		sa_child_fail(sa, ch->ch_name, "responder's traffic selectors "
		    "%s === %s are not within what we proposed", a, b);
		goto refuse;
	}
	if (in->transport && ch->ch_mode != KX_MODE_TRANSPORT) {
		sa_child_fail(sa, ch->ch_name, "responder chose transport mode, "
		    "which we did not ask for");
		goto refuse;
	}
	if (!in->transport && ch->ch_mode == KX_MODE_TRANSPORT) {
		eng_log(sa->sa_eng, IKE_LOG_INFO, ch->ch_name, "responder did "
		    "not accept transport mode, using tunnel mode");
		ch->ch_mode = KX_MODE_TUNNEL;
	}
	ch->ch_sel = sel;
	ch->ch_spi_out = xchg_spi32(in->spis[0]);
	ch->ch_n_lts = in->tsi.n < TS_MAX ? in->tsi.n : TS_MAX;
	memcpy(ch->ch_lts, in->tsi.ts, ch->ch_n_lts * sizeof(ch->ch_lts[0]));
	ch->ch_n_rts = in->tsr.n < TS_MAX ? in->tsr.n : TS_MAX;
	memcpy(ch->ch_rts, in->tsr.ts, ch->ch_n_rts * sizeof(ch->ch_rts[0]));
	err = child_install(ch, ike_buf_view(&secret),
	    create ? ike_buf_view(&sa->sa_cc.ni) : ike_buf_view(&sa->sa_ni),
	    create ? in->nonce.data : ike_buf_view(&sa->sa_nr));
	if (err < 0) {
		sa_child_fail(sa, ch->ch_name, "kernel refused it: %s",
		    ike_strerror(err));
		goto refuse;
	}
	ike_buf_free(&secret);
	free(in);
	return IKE_OK;
refuse:
	/* RFC 7296 1.4.1: the peer has it; ask for its deletion by the SPI
	 * it sends to (our inbound one). */
	ike_buf_free(&secret);
	free(in);
	xsend_delete_child(sa, ch, x);
	x->req_child = 0;
	child_destroy(ch, NULL);
	return IKE_OK;
}

/* ---- CREATE_CHILD_SA ------------------------------------------------------ */

/*
 * Initiator, a new or a rekeyed Child SA:
 *
 *   HDR, SK { [N(REKEY_SA, ESP, SPI of old)], [N(USE_TRANSPORT_MODE)],
 *             SA, Ni, [KEi], TSi, TSr }  -->
 */
int
xchg_child_start(struct ike_sa *sa, const struct ike_child_cfg *cfg,
    struct child_sa *old, struct xchg_out *x)
{
	struct child_sa *ch;
	uint8_t spi[4];
	int err;

	xout_reset(x);
	if ((err = child_new(sa, cfg, &ch)) < 0)
		return err;
	if (old != NULL) {
		/* Same reqid, selectors and mode: the new SAs fit under the
		 * old child's policies. */
		ch->ch_reqid = old->ch_reqid;
		ch->ch_mode = old->ch_mode;
		memcpy(ch->ch_lts, old->ch_lts, sizeof(ch->ch_lts));
		ch->ch_n_lts = old->ch_n_lts;
		memcpy(ch->ch_rts, old->ch_rts, sizeof(ch->ch_rts));
		ch->ch_n_rts = old->ch_n_rts;
		ike_put_be32(spi, old->ch_spi_in);
		xout_notify(x, IKE_PROTO_ESP, IKE_N_REKEY_SA, spi, 4, NULL, 0);
		old->ch_rekeying = true;
	}
	if ((err = xchg_child_propose(sa, ch, true, x)) < 0) {
		if (old != NULL)
			old->ch_rekeying = false;
		child_destroy(ch, NULL);
		return err;
	}
	x->kind = XOUT_REQUEST;
	x->exchange = IKE_X_CREATE_CHILD_SA;
	x->req_kind = REQ_CHILD;
	x->req_child = ch->ch_id;
	sa->sa_cc.rekey_old = old != NULL ? old->ch_id : 0;
	eng_log(sa->sa_eng, IKE_LOG_INFO, ch->ch_name, "%s CHILD_SA %s%s%s",
	    old != NULL ? "rekeying" : "creating", old != NULL ? old->ch_name :
	    ch->ch_name, old != NULL ? " as " : "", old != NULL ? ch->ch_name : "");
	return x->err;
}

/*
 * Responder:
 *
 *   HDR, SK { [N(REKEY_SA)], SA, Ni, [KEi], TSi, TSr }  -->
 *       <--  HDR, SK { SA, Nr, [KEr], TSi, TSr }
 *    or <--  HDR, SK { N(TS_UNACCEPTABLE | NO_PROPOSAL_CHOSEN |
 *                      INVALID_KE_PAYLOAD | CHILD_SA_NOT_FOUND) }
 *   HDR, SK { SA(IKE), Ni, KEi }  -->          (xchg_rekey.c)
 */
int
xchg_child_r(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	struct xchg_child_in *in;
	struct child_sa *old = NULL;
	char why[64];
	int err;

	x->kind = XOUT_RESPONSE;
	if (msg_find(m, IKE_PL_TSI, 0) == NULL)
		return xchg_rekey_r(sa, m, x);
	/* RFC 7296 2.25.2: not while the IKE SA is being rekeyed or closed;
	 * the peer tries again on the new one. */
	if (sa->sa_state != SA_S_ESTABLISHED || sa->sa_req_kind == REQ_REKEY_IKE ||
	    sa->sa_rk.new != 0 || sa->sa_rk.redundant) {
		eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "CREATE_CHILD_SA "
		    "refused with TEMPORARY_FAILURE: the IKE SA is being %s",
		    sa->sa_state == SA_S_ESTABLISHED && !sa->sa_rk.redundant ?
		    "rekeyed" : "deleted");
		return xout_notify(x, 0, IKE_N_TEMPORARY_FAILURE, NULL, 0, NULL, 0);
	}
	if ((in = calloc(1, sizeof(*in))) == NULL)
		return IKE_ENOMEM;
	err = xchg_child_parse(m, in);
	if (err == IKE_OK && (in->n_props == 0 || !in->has_nonce ||
	    in->tsi.n == 0 || in->tsr.n == 0))
		err = IKE_EMALFORMED;
	if (err < 0) {
		err = sa_fail(sa, err, "malformed CREATE_CHILD_SA request: %s",
		    ike_strerror(err));
		goto out;
	}
	if (in->rekey) {
		old = child_by_spi_out(sa, in->rekey_spi);
		if (old != NULL && old->ch_state == CH_S_DELETING) {
			/* RFC 7296 2.25.1: a rekey crossing our delete. */
			eng_log(sa->sa_eng, IKE_LOG_INFO, old->ch_name, "rekey of "
			    "CHILD_SA %s that we are deleting: TEMPORARY_FAILURE",
			    old->ch_name);
			err = xout_notify(x, 0, IKE_N_TEMPORARY_FAILURE, NULL, 0,
			    NULL, 0);
			goto out;
		}
		if (old == NULL || old->ch_state != CH_S_INSTALLED) {
			snprintf(why, sizeof(why), "%08x", in->rekey_spi);
			eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "rekey of "
			    "unknown CHILD_SA with SPI %s: CHILD_SA_NOT_FOUND", why);
			err = xout_notify(x, IKE_PROTO_ESP, IKE_N_CHILD_SA_NOT_FOUND,
			    NULL, 0, NULL, 0);
			goto out;
		}
	}
	err = xchg_child_respond(sa, in, old, true, x);
out:
	free(in);
	return err;
}

/*
 * Our rekey of old was refused.  RFC 7296 2.25: TEMPORARY_FAILURE (the
 * peer is deleting it, or busy rekeying the IKE SA) means try again a
 * little later; CHILD_SA_NOT_FOUND means the peer has it no more, so
 * neither do we.
 */
static void
child_rekey_failed(struct ike_sa *sa, struct child_sa *old, const struct msg *m)
{
	struct ike_engine *eng = sa->sa_eng;
	struct pld_notify n;
	uint16_t r = 0;

	if (old->ch_state != CH_S_INSTALLED)
		return;
	switch (msg_error_notify(m, &n)) {
	case IKE_N_TEMPORARY_FAILURE:
		eng_rng(eng, &r, sizeof(r));
		old->ch_rekey_at = eng->eng_now + 1000 + r % 2000;
		eng_log(eng, IKE_LOG_INFO, old->ch_name, "peer is busy, rekeying "
		    "CHILD_SA %s again in %u ms", old->ch_name,
		    (unsigned)(old->ch_rekey_at - eng->eng_now));
		break;
	case IKE_N_CHILD_SA_NOT_FOUND:
		child_destroy(old, "peer does not know it");
		break;
	default:
		break;
	}
}

/*
 * Our rekey of old made ch.  Without a collision old goes now.  With one
 * (the peer rekeyed old at the same time and we answered, making the
 * child that names old in ch_rekey_of): RFC 7296 2.8.1, the new SA whose
 * exchange had the lowest of the four nonces is redundant and deleted
 * by whoever initiated it; the winner's initiator deletes old.
 *
 *   HDR, SK { N(REKEY_SA), SA, Ni1, ... }  -->
 *       <--  HDR, SK { N(REKEY_SA), SA, Ni2, ... }
 *   HDR, SK { SA, Nr2, ... }  -->
 *       <--  HDR, SK { SA, Nr1, ... }
 *   min(Ni1, Nr1) < min(Ni2, Nr2):   HDR, SK { D(ESP, ours) }  -->
 *   otherwise:                       HDR, SK { D(ESP, old) }  -->
 */
static void
child_rekey_done(struct ike_sa *sa, struct child_sa *old, struct child_sa *ch,
    const struct msg *m, struct xchg_out *x)
{
	struct ike_buf mine = { NULL, 0 };
	const struct msg_pl *pl;
	struct pld_nonce nr;
	struct child_sa *peer;

	for (peer = sa->sa_children; peer != NULL; peer = peer->ch_next)
		if (peer->ch_rekey_of == old->ch_id && peer->ch_nonce_min.len)
			break;
	if (peer != NULL && (pl = msg_find(m, IKE_PL_NONCE, 0)) != NULL &&
	    pld_nonce_parse(pl->body, &nr) == IKE_OK &&
	    keys_nonce_min(ike_buf_view(&sa->sa_cc.ni), nr.data, &mine) == IKE_OK) {
		bool lost = keys_nonce_lt(ike_buf_view(&mine),
		    ike_buf_view(&peer->ch_nonce_min));

		ike_buf_free(&mine);
		ike_buf_free(&peer->ch_nonce_min);
		eng_log(sa->sa_eng, IKE_LOG_INFO, ch->ch_name, "CHILD_SA rekey "
		    "collision on %s: ours (%s) %s, the peer's (%s) %s",
		    old->ch_name, ch->ch_name, lost ? "lost" : "won",
		    peer->ch_name, lost ? "stays" : "goes");
		if (lost) {
			/* The peer deletes old; peer's new SA replaces it. */
			xsend_delete_child(sa, ch, x);
			return;
		}
	}
	eng_log(sa->sa_eng, IKE_LOG_INFO, ch->ch_name, "CHILD_SA %s "
	    "rekeyed as %s", old->ch_name, ch->ch_name);
	xsend_delete_child(sa, old, x);
}

/*
 * Initiator, the answer; after a rekey the old Child SA is deleted at
 * once (RFC 7296 2.8):
 *
 *   <--  HDR, SK { SA, Nr, [KEr], TSi, TSr }
 *   HDR, SK { D(ESP, old SPI) }  -->
 */
int
xchg_child_i(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	struct child_sa *ch = child_by_id(sa, sa->sa_req_child);
	struct child_sa *old = sa->sa_cc.rekey_old ?
	    child_by_id(sa, sa->sa_cc.rekey_old) : NULL;
	struct pld_notify n;
	int err = IKE_OK;

	if (sa->sa_req_kind == REQ_REKEY_IKE)
		return xchg_rekey_i(sa, m, x);
	if (old != NULL)
		old->ch_rekeying = false;
	if (ch != NULL && sa->sa_cc.rekey_old != 0 &&
	    msg_find(m, IKE_PL_SA, 0) == NULL &&
	    msg_error_notify(m, &n) == IKE_N_TEMPORARY_FAILURE) {
		/* Not a failure: the rekey waits (2.25). */
		child_destroy(ch, NULL);
		ch = NULL;
	} else if (ch != NULL) {
		err = xchg_child_accept(sa, ch, m, true, x);
		ch = child_by_id(sa, sa->sa_req_child);
	}
	if (old != NULL && (ch == NULL || ch->ch_state != CH_S_INSTALLED))
		child_rekey_failed(sa, old, m);
	else if (ch != NULL && old != NULL && old->ch_state == CH_S_INSTALLED &&
	    x->kind == XOUT_NONE)
		child_rekey_done(sa, old, ch, m, x);
	ike_buf_free(&sa->sa_cc.ni);
	cry_dh_free(sa->sa_cc.dh);
	sa->sa_cc.dh = NULL;
	sa->sa_cc.rekey_old = 0;
	return err;
}
