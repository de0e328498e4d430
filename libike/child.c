/* SPDX-License-Identifier: ISC */
/*
 * child.c - Child SAs and their kernel state.  A Child SA owns an inbound
 * SPI allocated by the kernel plugin, a reqid in saker's range, the two
 * ESP SAs (RFC 7296 2.17 KEYMAT split by direction) and the policies
 * that send traffic into them: out and in for every pair of narrowed
 * selectors, plus fwd in tunnel mode so that forwarded traffic of the
 * remote network is accepted.  Everything installed is recorded so that
 * it can be removed again exactly, on delete, on failure and on shutdown.
 * The engine finds Child SAs by reqid and by inbound SPI (kernel events)
 * and twins through the SAs of their peer, never by walking every SA.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_kw.h"
#include "child.h"
#include "eng.h"
#include "iana.h"
#include "keys.h"
#include "kpol.h"
#include "sa.h"
#include "trap.h"
#include "vip.h"

int
child_new(struct ike_sa *sa, const struct ike_child_cfg *cfg,
    struct child_sa **out)
{
	struct child_sa *ch = calloc(1, sizeof(*ch)), **pp;

	if (ch == NULL)
		return IKE_ENOMEM;
	ch->ch_sa = sa;
	ch->ch_id = sa->sa_eng->eng_next_child_id++;
	ch->ch_cfg = cfg;
	snprintf(ch->ch_cfg_name, sizeof(ch->ch_cfg_name), "%s", cfg->name);
	snprintf(ch->ch_name, sizeof(ch->ch_name), "%s{%u}", cfg->name, ch->ch_id);
	ch->ch_mode = cfg->mode;
	ch->ch_state = CH_S_NEW;
	/* Appended, so that listings follow creation order. */
	for (pp = &sa->sa_children; *pp != NULL; pp = &(*pp)->ch_next)
		;
	*pp = ch;
	*out = ch;
	return IKE_OK;
}

void
child_free(struct child_sa *ch)
{
	struct ike_engine *eng;

	if (ch == NULL)
		return;
	eng = ch->ch_sa->sa_eng;
	htab_del(&eng->eng_ch_by_reqid, &ch->ch_hn_reqid);
	htab_del(&eng->eng_ch_by_spi, &ch->ch_hn_spi);
	keys_child_free(ch->ch_keys);
	ike_buf_free(&ch->ch_nonce_min);
	ike_memzero(ch, sizeof(*ch));
	free(ch);
}

struct child_sa *
child_by_spi_out(struct ike_sa *sa, uint32_t spi)
{
	struct child_sa *ch;

	for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next)
		if (ch->ch_state != CH_S_NEW && ch->ch_spi_out == spi)
			return ch;
	return NULL;
}

static uint64_t
child_spi_hash(const struct ike_engine *eng, uint32_t spi)
{
	return htab_hash(eng->eng_hkey, &spi, sizeof(spi));
}

struct child_sa *
child_by_reqid(struct ike_engine *eng, uint32_t reqid, struct child_sa *after)
{
	struct htab_node *n;
	struct child_sa *ch;

	n = after != NULL ? htab_next(&after->ch_hn_reqid) :
	    htab_first(&eng->eng_ch_by_reqid, kpol_reqid_hash(eng, reqid));
	for (; n != NULL; n = htab_next(n)) {
		ch = HTAB_ENTRY(n, struct child_sa, ch_hn_reqid);
		if (ch->ch_reqid == reqid && ch->ch_sa->sa_state != SA_S_DEAD)
			return ch;
	}
	return NULL;
}

struct child_sa *
child_by_spi_in(struct ike_engine *eng, const struct ike_addr *dst,
    uint32_t spi)
{
	struct htab_node *n;
	struct child_sa *ch;

	for (n = htab_first(&eng->eng_ch_by_spi, child_spi_hash(eng, spi));
	    n != NULL; n = htab_next(n)) {
		ch = HTAB_ENTRY(n, struct child_sa, ch_hn_spi);
		if (ch->ch_sa_in && ch->ch_spi_in == spi &&
		    ch->ch_sa->sa_state != SA_S_DEAD &&
		    ike_addr_host_eq(&ch->ch_sa->sa_local, dst))
			return ch;
	}
	return NULL;
}

struct child_sa *
child_by_id(struct ike_sa *sa, uint32_t id)
{
	struct child_sa *ch;

	for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next)
		if (ch->ch_id == id)
			return ch;
	return NULL;
}

size_t
child_sa_ts(const struct ike_sa *sa, const struct ike_child_cfg *cfg,
    bool local, struct ike_ts *out)
{
	const struct ike_ts *ts = local ? cfg->local_ts : cfg->remote_ts;
	size_t n_ts = local ? cfg->n_local_ts : cfg->n_remote_ts, n = 0, i, j;
	struct ike_addr vips[IKE_VIP_MAX > IKE_CFG_MAX_VIPS ? IKE_VIP_MAX :
	    IKE_CFG_MAX_VIPS];
	size_t n_vips;
	bool wide;

	n_vips = vip_side(sa, local, vips, &wide);
	if (n_vips == 0)
		return kpol_cfg_ts(cfg, local, local ? &sa->sa_local :
		    &sa->sa_remote, out);
	for (i = 0; i < n_ts && n < TS_MAX; i++) {
		if (ts[i].family != IKE_TS_DYNAMIC) {
			out[n++] = ts[i];
			continue;
		}
		/* "dynamic" with virtual IPs: those addresses (RFC 7296
		 * 2.19), or while they are only asked for, all of each
		 * family for the gateway to narrow. */
		for (j = 0; j < n_vips && n < TS_MAX; j++) {
			if (wide)
				ts_any(vips[j].family, &out[n]);
			else
				ts_host(&vips[j], &out[n]);
			out[n].proto = ts[i].proto;
			out[n].port_lo = ts[i].port_lo;
			out[n].port_hi = ts[i].port_hi;
			n++;
		}
	}
	return n;
}

static bool
child_same_ts(const struct child_sa *a, const struct child_sa *b)
{
	return a->ch_n_lts == b->ch_n_lts && a->ch_n_rts == b->ch_n_rts &&
	    a->ch_mode == b->ch_mode &&
	    memcmp(a->ch_lts, b->ch_lts, a->ch_n_lts * sizeof(a->ch_lts[0])) == 0 &&
	    memcmp(a->ch_rts, b->ch_rts, a->ch_n_rts * sizeof(a->ch_rts[0])) == 0;
}

struct child_sa *
child_sibling(const struct child_sa *ch, bool with_pol)
{
	struct ike_engine *eng = ch->ch_sa->sa_eng;
	struct child_sa *o;

	for (o = child_by_reqid(eng, ch->ch_reqid, NULL); o != NULL;
	    o = child_by_reqid(eng, ch->ch_reqid, o)) {
		if (o == ch || o->ch_state != CH_S_INSTALLED ||
		    (o->ch_n_pol > 0) != with_pol || !child_same_ts(o, ch))
			continue;
		return o;
	}
	return NULL;
}

/* A twin of ch among the Child SAs of sa (see child_twin). */
static struct child_sa *
child_twin_in(const struct child_sa *ch, const struct ike_sa *sa,
    bool installed, const struct ike_sa *skip)
{
	struct child_sa *o;

	if (sa == skip || sa->sa_state == SA_S_DEAD ||
	    strcmp(sa->sa_conn_name, ch->ch_sa->sa_conn_name) != 0)
		return NULL;
	for (o = sa->sa_children; o != NULL; o = o->ch_next)
		if (o != ch && o->ch_reqid != 0 &&
		    strcmp(o->ch_cfg_name, ch->ch_cfg_name) == 0 &&
		    (!installed || o->ch_state == CH_S_INSTALLED))
			return o;
	return NULL;
}

struct child_sa *
child_twin(const struct child_sa *ch, bool installed,
    const struct ike_sa *skip)
{
	struct ike_sa *sa = ch->ch_sa, *o;
	struct ike_engine *eng = sa->sa_eng;
	struct child_sa *t;

	/* Before the IKE_AUTH answer our initiator does not know who the
	 * peer is: any SA of the connection may be its twin's. */
	if (sa->sa_rid.type == 0) {
		for (o = sa_conn_first(eng, sa->sa_conn_name); o != NULL;
		    o = o->sa_cnext)
			if ((t = child_twin_in(ch, o, installed, skip)) != NULL)
				return t;
		return NULL;
	}
	/* Road warriors of one connection are not twins: each peer ID
	 * gets reqids of its own.  Those of our initiator SAs that do not
	 * know the peer's ID yet may be twins of anyone's. */
	for (o = sa_by_peer(eng, &sa->sa_rid, NULL, NULL); o != NULL;
	    o = sa_by_peer(eng, &sa->sa_rid, NULL, o))
		if ((t = child_twin_in(ch, o, installed, skip)) != NULL)
			return t;
	for (o = sa_by_peer(eng, NULL, sa->sa_conn_name, NULL); o != NULL;
	    o = sa_by_peer(eng, NULL, sa->sa_conn_name, o))
		if ((t = child_twin_in(ch, o, installed, skip)) != NULL)
			return t;
	return NULL;
}

int
child_alloc_spi(struct child_sa *ch)
{
	struct ike_sa *sa = ch->ch_sa;
	struct ike_engine *eng = sa->sa_eng;
	struct child_sa *twin;
	struct eng_trap *trap;
	struct kx_op op;
	int err;

	/* A trapped child keeps the reqid its trap policies named. */
	trap = trap_find(sa->sa_eng, sa->sa_conn_name, ch->ch_cfg_name);
	if (ch->ch_reqid == 0 && trap != NULL)
		ch->ch_reqid = trap->t_reqid;
	/* Twins (both ends started at once, or a peer that came back)
	 * share a reqid, so that the policies fit the SAs of either. */
	if (ch->ch_reqid == 0 && (twin = child_twin(ch, false, NULL)) != NULL)
		ch->ch_reqid = twin->ch_reqid;
	if (ch->ch_reqid == 0 &&
	    (ch->ch_reqid = kpol_new_reqid(sa->sa_eng)) == 0)
		return IKE_ENOSPC;
	htab_del(&eng->eng_ch_by_reqid, &ch->ch_hn_reqid);
	htab_add(&eng->eng_ch_by_reqid, &ch->ch_hn_reqid,
	    kpol_reqid_hash(eng, ch->ch_reqid));
	memset(&op, 0, sizeof(op));
	op.type = KX_ALLOC_SPI;
	op.sa.src = sa->sa_remote;
	op.sa.dst = sa->sa_local;
	op.sa.proto = IKE_PROTO_ESP;
	op.sa.reqid = ch->ch_reqid;
	/* RFC 4303 2.1: SPIs 1-255 are reserved. */
	op.spi_min = 0x100;
	op.spi_max = 0xffffffffu;
	if ((err = eng_kernel(sa->sa_eng, &op)) < 0) {
		eng_log(sa->sa_eng, IKE_LOG_ERROR, ch->ch_name,
		    "allocating an SPI failed: %s", ike_strerror(err));
		return IKE_EKERNEL;
	}
	ch->ch_spi_in = op.sa.spi;
	ch->ch_larval = true;
	htab_del(&eng->eng_ch_by_spi, &ch->ch_hn_spi);
	htab_add(&eng->eng_ch_by_spi, &ch->ch_hn_spi,
	    child_spi_hash(eng, ch->ch_spi_in));
	return IKE_OK;
}

/* The policy number n of a Child SA. */
static bool
child_policy(const struct child_sa *ch, size_t n, struct kx_policy *pol)
{
	struct kpol_set cp = {
		.lts = ch->ch_lts, .n_lts = ch->ch_n_lts,
		.rts = ch->ch_rts, .n_rts = ch->ch_n_rts,
		.mode = ch->ch_mode, .reqid = ch->ch_reqid,
		.local = ch->ch_sa->sa_local, .remote = ch->ch_sa->sa_remote,
	};

	return kpol_policy_at(&cp, n, pol);
}

static void
child_sa_op(struct child_sa *ch, bool in, struct kx_sa *ksa)
{
	const struct ike_sa *sa = ch->ch_sa;
	const struct ike_child_cfg *cfg = ch->ch_cfg;

	memset(ksa, 0, sizeof(*ksa));
	ksa->src = in ? sa->sa_remote : sa->sa_local;
	ksa->dst = in ? sa->sa_local : sa->sa_remote;
	ksa->spi = in ? ch->ch_spi_in : ch->ch_spi_out;
	ksa->proto = IKE_PROTO_ESP;
	ksa->mode = (enum kx_mode)ch->ch_mode;
	ksa->reqid = ch->ch_reqid;
	ksa->replay_window = cfg != NULL && cfg->replay_window ?
	    cfg->replay_window : ENG_REPLAY_WINDOW;
	ksa->esn = ch->ch_sel.esn.id == IKE_ESN_YES;
	/* RFC 3948: behind a NAT, ESP goes in UDP on the IKE SA's ports. */
	ksa->encap = sa_udp_encap(sa);
	if (cfg != NULL) {
		ksa->soft_secs = ch->ch_soft_secs;
		ksa->hard_secs = cfg->life_time;
		ksa->soft_bytes = cfg->rekey_bytes;
		ksa->hard_bytes = cfg->life_bytes;
		ksa->soft_packets = cfg->rekey_packets;
		ksa->hard_packets = cfg->life_packets;
	}
	if (ch->ch_mode == KX_MODE_TRANSPORT && ch->ch_n_lts && ch->ch_n_rts) {
		if (in)
			ts_to_sel(&ch->ch_rts[0], &ch->ch_lts[0], &ksa->sel);
		else
			ts_to_sel(&ch->ch_lts[0], &ch->ch_rts[0], &ksa->sel);
	}
}

/* Jitter for the kernel's soft lifetime: rekey-time minus up to
 * rand-time, so that both ends do not rekey at the same moment. */
static void
child_lifetimes(struct child_sa *ch)
{
	const struct ike_child_cfg *cfg = ch->ch_cfg;
	struct ike_engine *eng = ch->ch_sa->sa_eng;
	uint32_t r = 0, soft;

	ch->ch_soft_secs = 0;
	ch->ch_soft_at = ch->ch_hard_at = 0;
	if (cfg == NULL)
		return;
	soft = cfg->rekey_time;
	if (soft != 0 && cfg->rand_time != 0 &&
	    eng_rng(eng, &r, sizeof(r)) == IKE_OK) {
		r %= cfg->rand_time + 1;
		soft = r < soft ? soft - r : 1;
	}
	ch->ch_soft_secs = soft;
	if (soft != 0)
		ch->ch_soft_at = eng->eng_now + (uint64_t)soft * 1000;
	if (cfg->life_time != 0)
		ch->ch_hard_at = eng->eng_now + (uint64_t)cfg->life_time * 1000;
}

/* Adds the outbound SA with kc's keys. */
static int
child_out_op(struct child_sa *ch, const struct keys_child *kc)
{
	struct kx_op op;
	int err;

	memset(&op, 0, sizeof(op));
	op.type = KX_ADD_SA;
	child_sa_op(ch, false, &op.sa);
	keys_child_alg(kc, ch->ch_xinit, &op.sa.alg);
	if ((err = eng_kernel(ch->ch_sa->sa_eng, &op)) < 0)
		return err;
	ch->ch_sa_out = true;
	return IKE_OK;
}

int
child_install_out(struct child_sa *ch)
{
	int err;

	if (!ch->ch_out_held || ch->ch_keys == NULL)
		return IKE_OK;
	err = child_out_op(ch, ch->ch_keys);
	ch->ch_out_held = false;
	ch->ch_rekey_of = 0;
	if (err < 0) {
		eng_log(ch->ch_sa->sa_eng, IKE_LOG_ERROR, ch->ch_name,
		    "installing the outbound SA %08x failed: %s",
		    ch->ch_spi_out, ike_strerror(err));
		return IKE_EKERNEL;
	}
	eng_log(ch->ch_sa->sa_eng, IKE_LOG_DEBUG, ch->ch_name, "outbound SA "
	    "%08x installed", ch->ch_spi_out);
	return IKE_OK;
}

/* Takes ch out of its IKE SA's list. */
static void
child_unlink(struct child_sa *ch)
{
	struct ike_sa *sa = ch->ch_sa;
	struct child_sa **pp;

	for (pp = &sa->sa_children; *pp != NULL; pp = &(*pp)->ch_next) {
		if (*pp == ch) {
			*pp = ch->ch_next;
			break;
		}
	}
	if (sa->sa_pending == ch)
		sa->sa_pending = NULL;
}

void
child_move(struct child_sa *ch, struct ike_sa *to)
{
	struct child_sa **pp;

	child_unlink(ch);
	ch->ch_next = NULL;
	ch->ch_sa = to;
	for (pp = &to->sa_children; *pp != NULL; pp = &(*pp)->ch_next)
		;
	*pp = ch;
}

int
child_install(struct child_sa *ch, struct ike_bytes dh, struct ike_bytes ni,
    struct ike_bytes nr)
{
	struct ike_sa *sa = ch->ch_sa;
	struct ike_engine *eng = sa->sa_eng;
	struct keys_suite suite;
	struct keys_child *kc = NULL;
	char lts[256], rts[256];
	struct kx_op op;
	int err;

	child_lifetimes(ch);
	memset(&suite, 0, sizeof(suite));
	suite.encr = ch->ch_sel.encr.id;
	suite.keybits = ch->ch_sel.encr.keylen;
	suite.integ = ch->ch_sel.integ.id;
	if ((err = keys_child_derive(sa->sa_keys, &suite, dh, ni, nr, &kc)) < 0) {
		eng_log(eng, IKE_LOG_ERROR, ch->ch_name, "deriving keys failed: %s",
		    ike_strerror(err));
		return err;
	}
	/* Inbound first: traffic may arrive as soon as the peer has its
	 * outbound SA.  Initiator-to-responder keys protect what the
	 * initiator of the exchange that made the Child SA sends (RFC 7296
	 * 2.17, with that exchange's nonces). */
	memset(&op, 0, sizeof(op));
	op.type = KX_ADD_SA;
	child_sa_op(ch, true, &op.sa);
	keys_child_alg(kc, !ch->ch_xinit, &op.sa.alg);
	if ((err = eng_kernel(eng, &op)) < 0)
		goto fail;
	ch->ch_sa_in = true;
	ch->ch_larval = false;
	if (ch->ch_rekey_of != 0 && child_by_id(sa, ch->ch_rekey_of) != NULL) {
		/*
		 * Responder of a rekey: the peer cannot decrypt the new SAs
		 * until it has our answer, so our traffic stays on the old
		 * outbound SA until the peer deletes it (make-before-break;
		 * child_destroy() of the old one installs this).
		 */
		ch->ch_out_held = true;
	} else if ((err = child_out_op(ch, kc)) < 0) {
		goto fail;
	}
	/* Kept: a NAT mapping change re-sends the SAs (KX_UPDATE_SA), and
	 * a held-back outbound SA is installed from them. */
	keys_child_free(ch->ch_keys);
	ch->ch_keys = kc;
	kc = NULL;
	/* Our policies take the place of the trap's. */
	trap_suspend(eng, trap_find(eng, sa->sa_conn_name, ch->ch_cfg_name));
	for (;;) {
		memset(&op, 0, sizeof(op));
		op.type = KX_ADD_POLICY;
		if (!child_policy(ch, ch->ch_n_pol, &op.pol))
			break;
		err = eng_kernel(eng, &op);
		if (err == IKE_EEXIST && ch->ch_n_pol == 0 &&
		    child_sibling(ch, true) != NULL)
			break;		/* a twin's policies serve us both */
		if (err < 0)
			goto fail;
		ch->ch_n_pol++;
	}
	vip_routes_add(ch);
	ch->ch_state = CH_S_INSTALLED;
	ch->ch_established = eng->eng_now;
	prop_sel_format(&ch->ch_sel, ch->ch_alg, sizeof(ch->ch_alg));
	ts_format(ch->ch_lts, ch->ch_n_lts, lts, sizeof(lts));
	ts_format(ch->ch_rts, ch->ch_n_rts, rts, sizeof(rts));
	eng_log(eng, IKE_LOG_INFO, ch->ch_name, "CHILD_SA %s established "
	    "with SPIs %08x_i %08x_o and TS %s === %s (%s, %s)", ch->ch_name,
	    ch->ch_spi_in, ch->ch_spi_out, lts, rts, ch->ch_alg,
	    cfg_kw_name(&cfg_kw_mode, ch->ch_mode));
	return IKE_OK;
fail:
	keys_child_free(kc);
	eng_log(eng, IKE_LOG_ERROR, ch->ch_name, "installing CHILD_SA failed: "
	    "%s", ike_strerror(err));
	child_uninstall(ch);
	return IKE_EKERNEL;
}

int
child_update(struct child_sa *ch, const struct ike_addr *old_local,
    const struct ike_addr *old_remote)
{
	struct ike_sa *sa = ch->ch_sa;
	struct ike_engine *eng = sa->sa_eng;
	struct ike_addr cur_local = sa->sa_local, cur_remote = sa->sa_remote;
	bool moved = !ike_addr_host_eq(old_local, &cur_local) ||
	    !ike_addr_host_eq(old_remote, &cur_remote);
	struct kx_op op;
	size_t i;
	int err, in;

	if (ch->ch_keys == NULL)
		return IKE_OK;
	for (in = 1; in >= 0; in--) {
		if (in ? !ch->ch_sa_in : !ch->ch_sa_out)
			continue;
		memset(&op, 0, sizeof(op));
		op.type = KX_UPDATE_SA;
		child_sa_op(ch, in, &op.sa);
		keys_child_alg(ch->ch_keys, in ? !sa->sa_initiator :
		    sa->sa_initiator, &op.sa.alg);
		if (moved) {
			op.old_src = in ? *old_remote : *old_local;
			op.old_dst = in ? *old_local : *old_remote;
		}
		if ((err = eng_kernel(eng, &op)) < 0) {
			eng_log(eng, IKE_LOG_ERROR, ch->ch_name, "updating the "
			    "%s SA %08x failed: %s", in ? "inbound" : "outbound",
			    op.sa.spi, ike_strerror(err));
			return IKE_EKERNEL;
		}
	}
	if (!moved)
		return IKE_OK;
	/* Tunnel endpoints sit in the policies' templates: replace them. */
	for (i = 0; i < ch->ch_n_pol; i++) {
		memset(&op, 0, sizeof(op));
		op.type = KX_DEL_POLICY;
		sa->sa_local = *old_local;
		sa->sa_remote = *old_remote;
		child_policy(ch, i, &op.pol);
		sa->sa_local = cur_local;
		sa->sa_remote = cur_remote;
		eng_kernel(eng, &op);
		memset(&op, 0, sizeof(op));
		op.type = KX_ADD_POLICY;
		child_policy(ch, i, &op.pol);
		if ((err = eng_kernel(eng, &op)) < 0) {
			eng_log(eng, IKE_LOG_ERROR, ch->ch_name, "updating a "
			    "policy failed: %s", ike_strerror(err));
			return IKE_EKERNEL;
		}
	}
	return IKE_OK;
}

static void
child_del_sa(struct child_sa *ch, const struct ike_addr *dst, uint32_t spi)
{
	struct kx_op op;
	int err;

	memset(&op, 0, sizeof(op));
	op.type = KX_DEL_SA;
	op.sa.dst = *dst;
	op.sa.spi = spi;
	op.sa.proto = IKE_PROTO_ESP;
	if ((err = eng_kernel(ch->ch_sa->sa_eng, &op)) < 0 && err != IKE_ENOENT)
		eng_log(ch->ch_sa->sa_eng, IKE_LOG_WARN, ch->ch_name,
		    "removing SA %08x failed: %s", spi, ike_strerror(err));
}

void
child_uninstall(struct child_sa *ch)
{
	struct ike_sa *sa = ch->ch_sa;
	struct child_sa *twin;
	bool had_pol = ch->ch_n_pol > 0;
	struct kx_op op;
	int err;

	vip_routes_del(ch);
	/* A twin without policies of its own keeps ours. */
	if (had_pol && (twin = child_sibling(ch, false)) != NULL) {
		twin->ch_n_pol = ch->ch_n_pol;
		ch->ch_n_pol = 0;
		had_pol = false;
		eng_log(sa->sa_eng, IKE_LOG_DEBUG, ch->ch_name, "policies stay "
		    "with %s", twin->ch_name);
	}
	while (ch->ch_n_pol > 0) {
		memset(&op, 0, sizeof(op));
		op.type = KX_DEL_POLICY;
		if (child_policy(ch, --ch->ch_n_pol, &op.pol) &&
		    (err = eng_kernel(sa->sa_eng, &op)) < 0 && err != IKE_ENOENT)
			eng_log(sa->sa_eng, IKE_LOG_WARN, ch->ch_name,
			    "removing a policy failed: %s", ike_strerror(err));
	}
	if (ch->ch_sa_out)
		child_del_sa(ch, &sa->sa_remote, ch->ch_spi_out);
	if (ch->ch_sa_in || ch->ch_larval)
		child_del_sa(ch, &sa->sa_local, ch->ch_spi_in);
	ch->ch_sa_in = ch->ch_sa_out = ch->ch_larval = false;
	/* Back to waiting for traffic, unless everything is going. */
	if (had_pol && !sa->sa_eng->eng_stopping)
		trap_resume(sa->sa_eng, trap_find(sa->sa_eng, sa->sa_conn_name,
		    ch->ch_cfg_name));
}

void
child_destroy(struct child_sa *ch, const char *reason)
{
	struct ike_sa *sa = ch->ch_sa;
	struct child_sa *next;

	child_unlink(ch);
	if (reason != NULL && ch->ch_state != CH_S_NEW)
		eng_log(sa->sa_eng, IKE_LOG_INFO, ch->ch_name,
		    "CHILD_SA %s deleted: %s", ch->ch_name, reason);
	/* The Child SA that replaced it sends from now on: its outbound SA
	 * goes in before the old one comes out. */
	for (next = sa->sa_children; next != NULL; next = next->ch_next)
		if (next->ch_rekey_of == ch->ch_id && next->ch_out_held)
			child_install_out(next);
	child_uninstall(ch);
	child_free(ch);
}

bool
child_replaced(const struct child_sa *ch)
{
	const struct child_sa *o;

	for (o = ch->ch_sa->sa_children; o != NULL; o = o->ch_next)
		if (o != ch && o->ch_rekey_of == ch->ch_id &&
		    o->ch_state == CH_S_INSTALLED)
			return true;
	return false;
}
