/* SPDX-License-Identifier: ISC */
/*
 * xchg_auth.c - IKE_AUTH (RFC 7296 1.2, 2.15) with pre-shared keys, both
 * roles, and the first Child SA it carries (1.3 rules, 2.9 narrowing).
 * Also the lookups it needs: which connection a peer belongs to (by
 * addresses, then by the ID it sends), our ID, and the PSK for a pair of
 * IDs.  A failure of the IKE SA (AUTHENTICATION_FAILED) ends it on both
 * sides; a failure of the Child SA (TS_UNACCEPTABLE, NO_PROPOSAL_CHOSEN)
 * leaves the IKE SA up without it, as RFC 7296 2.21.3 allows, and is
 * reported as the connection's last failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cry.h"
#include "iana.h"
#include "keys.h"
#include "names.h"
#include "sa.h"

/* ---- peers, IDs, secrets ------------------------------------------------- */

static bool
auth_addr_in(const struct ike_end_cfg *end, const struct ike_addr *a, int *exact)
{
	size_t i;

	*exact = 0;
	if (end->n_addrs == 0)
		return true;
	for (i = 0; i < end->n_addrs; i++) {
		if (end->addrs[i].family == a->family &&
		    memcmp(end->addrs[i].addr, a->addr, ts_addr_len(a->family)) == 0) {
			*exact = 1;
			return true;
		}
	}
	return false;
}

/* -1: the addresses do not fit; else 2 per exact remote, 1 per exact local. */
static int
auth_conn_score(const struct ike_conn_cfg *c, const struct ike_addr *local,
    const struct ike_addr *remote)
{
	int el, er;

	if (!auth_addr_in(&c->local, local, &el) ||
	    !auth_addr_in(&c->remote, remote, &er))
		return -1;
	return 2 * er + el;
}

const struct ike_conn_cfg *
xchg_conn_by_addrs(const struct ike_config *cfg, const struct ike_addr *local,
    const struct ike_addr *remote, size_t i)
{
	const struct ike_conn_cfg *c;
	int score;

	for (score = 3; score >= 0 && cfg != NULL; score--)
		for (c = cfg->conns; c != NULL; c = c->next)
			if (auth_conn_score(c, local, remote) == score && i-- == 0)
				return c;
	return NULL;
}

/* An address as an ID (RFC 7296 3.5 ID_IPV4_ADDR / ID_IPV6_ADDR), used
 * when the config names none; a view into a. */
static void
auth_addr_id(const struct ike_addr *a, struct ike_id *out)
{
	out->type = a->family == IKE_AF_INET ? IKE_ID_IPV4_ADDR : IKE_ID_IPV6_ADDR;
	out->data.ptr = (uint8_t *)a->addr;
	out->data.len = ts_addr_len(a->family);
}

void
xchg_local_id(const struct ike_conn_cfg *conn, const struct ike_addr *local,
    struct ike_id *out)
{
	if (conn->local.id.type != 0)
		*out = conn->local.id;
	else
		auth_addr_id(local, out);
}

/* The peer's ID as we expect it before it tells us. */
static void
auth_remote_id(const struct ike_conn_cfg *conn, const struct ike_addr *remote,
    struct ike_id *out)
{
	if (conn->remote.id.type != 0)
		*out = conn->remote.id;
	else
		auth_addr_id(remote, out);
}

/* ---- AUTH payloads ---------------------------------------------------------- */

/* Our AUTH data (RFC 7296 2.15): prf(prf(PSK, "Key Pad for IKEv2"),
 * RealMessage | NonceOfPeer | prf(SK_p, IDx')). */
static int
auth_psk_make(struct ike_sa *sa, const struct ike_buf *psk, uint8_t *out,
    size_t *len)
{
	const struct keys_ike *k = sa->sa_keys;
	struct ike_buf body = { NULL, 0 }, octets = { NULL, 0 };
	uint16_t prf = sa->sa_sel.prf.id;
	int err;

	err = keys_id_body(&sa->sa_lid, &body);
	if (err == IKE_OK)
		err = keys_auth_octets(prf,
		    ike_buf_view(sa->sa_initiator ? &k->ks_pi : &k->ks_pr),
		    ike_buf_view(sa->sa_initiator ? &sa->sa_init_i : &sa->sa_init_r),
		    ike_buf_view(sa->sa_initiator ? &sa->sa_nr : &sa->sa_ni),
		    ike_buf_view(&body), &octets);
	if (err == IKE_OK)
		err = keys_auth_psk(prf, ike_buf_view(psk), ike_buf_view(&octets),
		    out);
	*len = cry_prf_len(prf);
	ike_buf_free(&body);
	ike_buf_free(&octets);
	return err;
}

/* Checks the peer's AUTH data over the body of its ID payload. */
static int
auth_psk_check(struct ike_sa *sa, const struct ike_buf *psk,
    struct ike_bytes id_body, struct ike_bytes auth)
{
	const struct keys_ike *k = sa->sa_keys;
	struct ike_buf octets = { NULL, 0 };
	uint16_t prf = sa->sa_sel.prf.id;
	int err;

	err = keys_auth_octets(prf,
	    ike_buf_view(sa->sa_initiator ? &k->ks_pr : &k->ks_pi),
	    ike_buf_view(sa->sa_initiator ? &sa->sa_init_r : &sa->sa_init_i),
	    ike_buf_view(sa->sa_initiator ? &sa->sa_ni : &sa->sa_nr),
	    id_body, &octets);
	if (err == IKE_OK)
		err = keys_auth_psk_verify(prf, ike_buf_view(psk),
		    ike_buf_view(&octets), auth);
	ike_buf_free(&octets);
	return err;
}

static int
auth_add_id(struct xchg_out *x, uint8_t type, const struct ike_id *id)
{
	struct pld_id p = pld_id_from_ike(id);

	return XOUT_ADD(x, type, pld_id_build, &p);
}

static int
auth_add_auth(struct ike_sa *sa, struct xchg_out *x, const struct ike_buf *psk)
{
	uint8_t data[CRY_PRF_MAX];
	struct pld_auth a;
	size_t len = 0;
	int err;

	if ((err = auth_psk_make(sa, psk, data, &len)) < 0)
		return sa_fail(sa, err, "computing our AUTH failed: %s",
		    ike_strerror(err));
	a.method = IKE_AUTH_PSK;
	a.data.ptr = data;
	a.data.len = len;
	err = XOUT_ADD(x, IKE_PL_AUTH, pld_auth_build, &a);
	ike_memzero(data, sizeof(data));
	return err;
}

static void
auth_established(struct ike_sa *sa)
{
	char l[64], r[64], li[128], ri[128], ls[48], rs[48];

	sa->sa_established = sa->sa_eng->eng_now;
	sa_set_half_open(sa, false);
	if (sa->sa_nat_local)
		sa->sa_keepalive = sa->sa_eng->eng_now + ENG_KEEPALIVE_MS;
	ts_addr_format(sa->sa_local.family, sa->sa_local.addr, ls, sizeof(ls));
	ts_addr_format(sa->sa_remote.family, sa->sa_remote.addr, rs, sizeof(rs));
	eng_id_format(&sa->sa_lid, li, sizeof(li));
	eng_id_format(&sa->sa_rid, ri, sizeof(ri));
	snprintf(l, sizeof(l), "%s", ls);
	snprintf(r, sizeof(r), "%s", rs);
	eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "IKE SA %s established "
	    "between %s[%s]...%s[%s] (%s)", sa->sa_name, l, li, r, ri,
	    sa->sa_alg);
}

/* ---- the Child SA in IKE_AUTH -------------------------------------------- */

/* A Child SA that could not be made: one line, and the connection's last
 * failure; the IKE SA stays. */
static void
auth_child_fail(struct ike_sa *sa, const char *child, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
auth_child_fail(struct ike_sa *sa, const char *child, const char *fmt, ...)
{
	char why[ENG_WHY_MAX], line[ENG_WHY_MAX + 80];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "CHILD_SA %s%snot established: %s", child,
	    child[0] ? " " : "", why);
	eng_log(sa->sa_eng, IKE_LOG_WARN, sa->sa_name, "%s", line);
	eng_set_failure(sa->sa_eng, sa->sa_conn_name, line);
}

/* The Child SA payloads of an IKE_AUTH message, parsed. */
struct child_in {
	struct pld_sa		 sa;
	struct ike_proposal	 props[PLD_SA_MAX_PROPS];
	struct ike_bytes	 spis[PLD_SA_MAX_PROPS];
	uint8_t			 nums[PLD_SA_MAX_PROPS];
	size_t			 n_props;
	struct pld_ts		 tsi, tsr;
	bool			 transport;
};

static int
auth_child_parse(const struct msg *m, struct child_in *in)
{
	struct pld_notify n;
	int err;

	err = pld_sa_parse(msg_find(m, IKE_PL_SA, 0)->body, &in->sa);
	if (err == IKE_OK)
		err = pld_ts_parse(msg_find(m, IKE_PL_TSI, 0)->body, &in->tsi);
	if (err == IKE_OK)
		err = pld_ts_parse(msg_find(m, IKE_PL_TSR, 0)->body, &in->tsr);
	if (err < 0)
		return err;
	in->n_props = xchg_sa_props(&in->sa, in->props, PLD_SA_MAX_PROPS,
	    in->spis, in->nums);
	in->transport = xchg_find_notify(m, IKE_N_USE_TRANSPORT_MODE, &n);
	return IKE_OK;
}

static int
auth_add_ts(struct xchg_out *x, uint8_t type, const struct ike_ts *ts, size_t n)
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
auth_add_child_sa(struct xchg_out *x, const struct ike_proposal *p, size_t n,
    uint8_t num0, uint32_t spi)
{
	uint8_t s[4] = { (uint8_t)(spi >> 24), (uint8_t)(spi >> 16),
	    (uint8_t)(spi >> 8), (uint8_t)spi };

	return xout_sa(x, p, n, num0, s, sizeof(s));
}

static uint32_t
auth_spi32(struct ike_bytes b)
{
	if (b.len != 4)
		return 0;
	return (uint32_t)b.ptr[0] << 24 | (uint32_t)b.ptr[1] << 16 |
	    (uint32_t)b.ptr[2] << 8 | b.ptr[3];
}

/* What the config allows for one child, and what the peer asked for, as
 * text for a TS_UNACCEPTABLE line. */
static void
auth_ts_why(struct ike_sa *sa, const struct child_in *in, char *buf, size_t len)
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
		nl = child_cfg_ts(c, true, &sa->sa_local, l);
		nr = child_cfg_ts(c, false, &sa->sa_remote, r);
		ts_format(r, nr, rs, sizeof(rs));
		ts_format(l, nl, ls, sizeof(ls));
		off += (size_t)snprintf(buf + off, len - off, "%s %s === %s (%s)",
		    c == sa->sa_conn->children ? "" : ",", rs, ls, c->name);
	}
}

/*
 * Responder, the Child SA part:
 *   SA(ESP), TSi, TSr, [N(USE_TRANSPORT_MODE)]  -->
 *       <--  [N(USE_TRANSPORT_MODE)], SA, TSi, TSr
 *    or <--  N(TS_UNACCEPTABLE) | N(NO_PROPOSAL_CHOSEN)
 * The first child config of the connection whose selectors meet the
 * peer's is taken; both sides are narrowed to the intersection.
 */
static int
auth_child_r(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	const struct ike_child_cfg *cfg;
	struct ike_ts lcfg[TS_MAX], rcfg[TS_MAX], nl[TS_MAX], nr[TS_MAX];
	size_t n_lcfg, n_rcfg, n_nl = 0, n_nr = 0, idx = 0;
	char why[ENG_WHY_MAX];
	struct ike_proposal chosen;
	struct child_in *in;
	struct child_sa *ch;
	struct prop_sel sel;
	int err;

	if ((in = calloc(1, sizeof(*in))) == NULL)
		return IKE_ENOMEM;
	if ((err = auth_child_parse(m, in)) < 0) {
		err = sa_fail(sa, err, "malformed Child SA payloads: %s",
		    ike_strerror(err));
		goto out;
	}
	for (cfg = sa->sa_conn->children; cfg != NULL; cfg = cfg->next) {
		n_lcfg = child_cfg_ts(cfg, true, &sa->sa_local, lcfg);
		n_rcfg = child_cfg_ts(cfg, false, &sa->sa_remote, rcfg);
		/* RFC 7296 2.9: TSi is the initiator's side, our remote. */
		if (ts_narrow(in->tsi.ts, in->tsi.n, rcfg, n_rcfg, nr, TS_MAX,
		    &n_nr) == IKE_OK &&
		    ts_narrow(in->tsr.ts, in->tsr.n, lcfg, n_lcfg, nl, TS_MAX,
		    &n_nl) == IKE_OK)
			break;
	}
	if (cfg == NULL) {
		auth_ts_why(sa, in, why, sizeof(why));
		auth_child_fail(sa, "", "%s", why);
		err = xout_notify(x, 0, IKE_N_TS_UNACCEPTABLE, NULL, 0, NULL, 0);
		goto out;
	}
	if (prop_select(in->props, in->n_props, cfg->esp, cfg->n_esp, 0, &sel,
	    &idx, why, sizeof(why)) < 0) {
		auth_child_fail(sa, cfg->name, "no proposal chosen: %s", why);
		err = xout_notify(x, 0, IKE_N_NO_PROPOSAL_CHOSEN, NULL, 0, NULL, 0);
		goto out;
	}
	if ((err = child_new(sa, cfg, &ch)) < 0)
		goto out;
	ch->ch_sel = sel;
	ch->ch_spi_out = auth_spi32(in->spis[idx]);
	memcpy(ch->ch_lts, nl, n_nl * sizeof(nl[0]));
	ch->ch_n_lts = n_nl;
	memcpy(ch->ch_rts, nr, n_nr * sizeof(nr[0]));
	ch->ch_n_rts = n_nr;
	/* RFC 7296 1.3.1: transport mode only when asked for and allowed. */
	ch->ch_mode = in->transport && cfg->mode == KX_MODE_TRANSPORT ?
	    KX_MODE_TRANSPORT : KX_MODE_TUNNEL;
	if (ch->ch_mode != cfg->mode)
		eng_log(sa->sa_eng, IKE_LOG_INFO, ch->ch_name, "peer %s "
		    "transport mode, using tunnel mode", in->transport ?
		    "asks for" : "does not ask for");
	if ((err = child_alloc_spi(ch)) < 0 ||
	    (err = child_install(ch, ike_buf_view(&sa->sa_ni),
	    ike_buf_view(&sa->sa_nr))) < 0) {
		auth_child_fail(sa, ch->ch_name, "kernel refused it: %s",
		    ike_strerror(err));
		child_destroy(ch, NULL);
		err = xout_notify(x, 0, IKE_N_TEMPORARY_FAILURE, NULL, 0, NULL, 0);
		goto out;
	}
	if (ch->ch_mode == KX_MODE_TRANSPORT)
		xout_notify(x, 0, IKE_N_USE_TRANSPORT_MODE, NULL, 0, NULL, 0);
	prop_sel_to_proposal(&sel, &chosen);
	auth_add_child_sa(x, &chosen, 1, in->nums[idx], ch->ch_spi_in);
	auth_add_ts(x, IKE_PL_TSI, ch->ch_rts, ch->ch_n_rts);
	auth_add_ts(x, IKE_PL_TSR, ch->ch_lts, ch->ch_n_lts);
	err = x->err;
out:
	free(in);
	return err;
}

/*
 * Initiator, the Child SA part of the answer: one ESP proposal out of
 * ours, selectors inside what we proposed, then the kernel.  When we
 * refuse what the responder made, we ask it to delete it again.
 */
static int
auth_child_i(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	struct child_sa *ch = sa->sa_pending;
	const struct ike_child_cfg *cfg;
	char why[ENG_WHY_MAX], nb[NAMES_BUFLEN], a[200], b[200];
	struct pld_notify n;
	struct child_in *in;
	struct prop_sel sel;
	uint16_t type;
	int err = IKE_OK;

	if (ch == NULL)
		return IKE_OK;
	sa->sa_pending = NULL;
	cfg = ch->ch_cfg;
	if (msg_find(m, IKE_PL_SA, 0) == NULL) {
		type = xchg_error_notify(m, &n);
		ts_format(ch->ch_lts, ch->ch_n_lts, a, sizeof(a));
		ts_format(ch->ch_rts, ch->ch_n_rts, b, sizeof(b));
		if (type != 0)
			auth_child_fail(sa, ch->ch_name, "peer answered %s "
			    "(we proposed %s === %s)",
			    names_str(NAMES_NOTIFY, type, nb, sizeof(nb)), a, b);
		else
			auth_child_fail(sa, ch->ch_name, "peer created no Child SA");
		child_destroy(ch, NULL);
		return IKE_OK;
	}
	if ((in = calloc(1, sizeof(*in))) == NULL) {
		child_destroy(ch, NULL);
		return IKE_ENOMEM;
	}
	if ((err = auth_child_parse(m, in)) < 0) {
		auth_child_fail(sa, ch->ch_name, "malformed Child SA payloads: %s",
		    ike_strerror(err));
		goto refuse;
	}
	if (in->n_props != 1 || prop_accept(&in->props[0], cfg->esp, cfg->n_esp,
	    &sel, why, sizeof(why)) < 0) {
		if (in->n_props != 1)
			snprintf(why, sizeof(why), "%zu proposals", in->n_props);
		auth_child_fail(sa, ch->ch_name, "responder chose a proposal "
		    "we did not offer: %s", why);
		goto refuse;
	}
	if (!ts_subset(in->tsi.ts, in->tsi.n, ch->ch_lts, ch->ch_n_lts) ||
	    !ts_subset(in->tsr.ts, in->tsr.n, ch->ch_rts, ch->ch_n_rts)) {
		ts_format(in->tsi.ts, in->tsi.n, a, sizeof(a));
		ts_format(in->tsr.ts, in->tsr.n, b, sizeof(b));
		auth_child_fail(sa, ch->ch_name, "responder's traffic selectors "
		    "%s === %s are not within what we proposed", a, b);
		goto refuse;
	}
	if (in->transport && ch->ch_mode != KX_MODE_TRANSPORT) {
		auth_child_fail(sa, ch->ch_name, "responder chose transport mode, "
		    "which we did not ask for");
		goto refuse;
	}
	if (!in->transport && ch->ch_mode == KX_MODE_TRANSPORT) {
		eng_log(sa->sa_eng, IKE_LOG_INFO, ch->ch_name, "responder did "
		    "not accept transport mode, using tunnel mode");
		ch->ch_mode = KX_MODE_TUNNEL;
	}
	ch->ch_sel = sel;
	ch->ch_spi_out = auth_spi32(in->spis[0]);
	ch->ch_n_lts = in->tsi.n < TS_MAX ? in->tsi.n : TS_MAX;
	memcpy(ch->ch_lts, in->tsi.ts, ch->ch_n_lts * sizeof(ch->ch_lts[0]));
	ch->ch_n_rts = in->tsr.n < TS_MAX ? in->tsr.n : TS_MAX;
	memcpy(ch->ch_rts, in->tsr.ts, ch->ch_n_rts * sizeof(ch->ch_rts[0]));
	if ((err = child_install(ch, ike_buf_view(&sa->sa_ni),
	    ike_buf_view(&sa->sa_nr))) < 0) {
		auth_child_fail(sa, ch->ch_name, "kernel refused it: %s",
		    ike_strerror(err));
		goto refuse;
	}
	free(in);
	return IKE_OK;
refuse:
	/* RFC 7296 1.4.1: the peer has it; ask for its deletion by the SPI
	 * it sends to (our inbound one). */
	free(in);
	xchg_info_delete_child(sa, ch, x);
	x->req_child = 0;
	child_destroy(ch, NULL);
	return IKE_OK;
}

/*
 * RFC 7296 2.4: INITIAL_CONTACT says the peer holds no other IKE SA with
 * us, so older ones between the same identities are stale (it restarted):
 * they go now, silently, before the new Child SA needs their selectors.
 */
static void
auth_initial_contact(struct ike_sa *sa)
{
	struct ike_sa *o;

	for (o = sa->sa_eng->eng_sas; o != NULL; o = o->sa_next) {
		if (o == sa || o->sa_state == SA_S_DEAD ||
		    o->sa_state < SA_S_ESTABLISHED ||
		    !ike_id_eq(&o->sa_rid, &sa->sa_rid) ||
		    !ike_id_eq(&o->sa_lid, &sa->sa_lid))
			continue;
		sa_kill(o, "replaced: the peer sent INITIAL_CONTACT in a new "
		    "IKE SA");
	}
}

/* ---- the exchange --------------------------------------------------------- */

/*
 * Initiator:
 *
 *   HDR, SK { IDi, [IDr], AUTH, N(INITIAL_CONTACT), [N(USE_TRANSPORT_MODE)],
 *             SAi2, TSi, TSr }  -->
 */
int
xchg_auth_start(struct ike_sa *sa, struct xchg_out *x)
{
	const struct ike_conn_cfg *conn = sa->sa_conn;
	const struct ike_child_cfg *cfg = sa->sa_first_child;
	const struct ike_secret *psk;
	struct ike_id lid, rid;
	struct child_sa *ch;
	char li[128], ri[128];
	int err;

	xout_reset(x);
	xchg_local_id(conn, &sa->sa_local, &lid);
	auth_remote_id(conn, &sa->sa_remote, &rid);
	ike_id_free(&sa->sa_lid);
	if ((err = ike_id_copy(&sa->sa_lid, &lid)) < 0)
		return err;
	if ((psk = ike_config_psk(sa->sa_eng->eng_cfg, &lid, &rid)) == NULL) {
		eng_id_format(&lid, li, sizeof(li));
		eng_id_format(&rid, ri, sizeof(ri));
		return sa_fail(sa, IKE_EAUTH, "no pre-shared key found for "
		    "'%s' - '%s'", li, ri);
	}
	auth_add_id(x, IKE_PL_IDI, &sa->sa_lid);
	if (conn->remote.id.type != 0)
		auth_add_id(x, IKE_PL_IDR, &conn->remote.id);
	if ((err = auth_add_auth(sa, x, &psk->psk)) < 0)
		return err;
	/* We keep one IKE SA per connection: earlier state of ours the
	 * peer may hold is stale (RFC 7296 2.4). */
	xout_notify(x, 0, IKE_N_INITIAL_CONTACT, NULL, 0, NULL, 0);
	if (cfg != NULL) {
		if ((err = child_new(sa, cfg, &ch)) < 0)
			return err;
		if ((err = child_alloc_spi(ch)) < 0) {
			child_destroy(ch, NULL);
			return sa_fail(sa, err, "no SPI for CHILD_SA %s",
			    cfg->name);
		}
		ch->ch_n_lts = child_cfg_ts(cfg, true, &sa->sa_local, ch->ch_lts);
		ch->ch_n_rts = child_cfg_ts(cfg, false, &sa->sa_remote, ch->ch_rts);
		sa->sa_pending = ch;
		if (cfg->mode == KX_MODE_TRANSPORT)
			xout_notify(x, 0, IKE_N_USE_TRANSPORT_MODE, NULL, 0, NULL, 0);
		auth_add_child_sa(x, cfg->esp, cfg->n_esp, 1, ch->ch_spi_in);
		auth_add_ts(x, IKE_PL_TSI, ch->ch_lts, ch->ch_n_lts);
		auth_add_ts(x, IKE_PL_TSR, ch->ch_rts, ch->ch_n_rts);
	}
	x->kind = XOUT_REQUEST;
	x->exchange = IKE_X_IKE_AUTH;
	x->req_kind = REQ_AUTH;
	return x->err;
}

/*
 * Responder:
 *
 *   HDR, SK { IDi, [IDr], AUTH, [N...], SAi2, TSi, TSr }  -->
 *       <--  HDR, SK { IDr, AUTH, [N(USE_TRANSPORT_MODE)], SAr2, TSi, TSr }
 *    or <--  HDR, SK { N(AUTHENTICATION_FAILED) }
 *
 * The connection: among those whose addresses fit, the first whose
 * remote ID matches IDi (a remote ID of "any" matches all) and whose IKE
 * proposals allow what IKE_SA_INIT chose.
 */
int
xchg_auth_r(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	struct ike_engine *eng = sa->sa_eng;
	const struct msg_pl *idpl = msg_find(m, IKE_PL_IDI, 0);
	const struct ike_conn_cfg *conn;
	const struct ike_secret *psk;
	struct ike_proposal ikep;
	struct pld_notify n;
	struct prop_sel sel;
	struct pld_auth auth;
	struct pld_id idi;
	struct ike_id lid;
	char ri[128], li[128], peer[64];
	size_t i;
	int err;

	if ((err = pld_id_parse(idpl->body, &idi)) < 0 ||
	    (err = pld_auth_parse(msg_find(m, IKE_PL_AUTH, 0)->body, &auth)) < 0)
		return sa_fail(sa, err, "malformed IKE_AUTH request: %s",
		    ike_strerror(err));
	ike_id_free(&sa->sa_rid);
	if ((err = pld_id_to_ike(&idi, &sa->sa_rid)) < 0)
		return err;
	eng_id_format(&sa->sa_rid, ri, sizeof(ri));
	prop_sel_to_proposal(&sa->sa_sel, &ikep);
	for (i = 0; (conn = xchg_conn_by_addrs(eng->eng_cfg, &sa->sa_local,
	    &sa->sa_remote, i)) != NULL; i++) {
			if (!ike_id_match(&conn->remote.id, &sa->sa_rid))
			continue;
		if (prop_select(&ikep, 1, conn->ike, conn->n_ike, 0, &sel, NULL,
		    NULL, 0) < 0)
			continue;
		break;
	}
	if (conn == NULL) {
		eng_addr_format(&sa->sa_remote, peer, sizeof(peer));
		return sa_fail(sa, IKE_EPEERID, "no connection matches peer "
		    "'%s' at %s", ri, peer);
	}
	sa_bind_conn(sa, conn);
	xchg_local_id(conn, &sa->sa_local, &lid);
	ike_id_free(&sa->sa_lid);
	if ((err = ike_id_copy(&sa->sa_lid, &lid)) < 0)
		return err;
	eng_id_format(&sa->sa_lid, li, sizeof(li));
	if (auth.method != IKE_AUTH_PSK)
		return sa_fail(sa, IKE_EAUTH, "peer '%s' authenticates with "
		    "method %u, we expect a pre-shared key", ri, auth.method);
	if ((psk = ike_config_psk(eng->eng_cfg, &sa->sa_lid, &sa->sa_rid)) == NULL)
		return sa_fail(sa, IKE_EAUTH, "no pre-shared key found for "
		    "'%s' - '%s'", li, ri);
	/* RFC 7296 2.15: the peer's AUTH covers the body of its IDi. */
	err = auth_psk_check(sa, &psk->psk, idpl->body, auth.data);
	if (err == IKE_EAUTH)
		return sa_fail(sa, err, "authentication of '%s' with pre-shared "
		    "key failed", ri);
	if (err < 0)
		return sa_fail(sa, err, "checking AUTH of '%s' failed: %s", ri,
		    ike_strerror(err));
	eng_log(eng, IKE_LOG_INFO, sa->sa_name, "authentication of '%s' with "
	    "pre-shared key successful", ri);
	if (xchg_find_notify(m, IKE_N_INITIAL_CONTACT, &n))
		auth_initial_contact(sa);
	auth_add_id(x, IKE_PL_IDR, &sa->sa_lid);
	if ((err = auth_add_auth(sa, x, &psk->psk)) < 0)
		return err;
	auth_established(sa);
	if (msg_find(m, IKE_PL_SA, 0) != NULL &&
	    (err = auth_child_r(sa, m, x)) < 0)
		return err;
	x->kind = XOUT_RESPONSE;
	return x->err;
}

/*
 * Initiator, the answer:
 *
 *   <--  HDR, SK { IDr, AUTH, [N(USE_TRANSPORT_MODE)], SAr2, TSi, TSr }
 *   <--  HDR, SK { IDr, AUTH, N(TS_UNACCEPTABLE | NO_PROPOSAL_CHOSEN) }
 */
int
xchg_auth_i(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	const struct msg_pl *idpl = msg_find(m, IKE_PL_IDR, 0);
	const struct ike_conn_cfg *conn = sa->sa_conn;
	const struct ike_secret *psk;
	struct pld_auth auth;
	struct pld_id idr;
	char ri[128], want[128], li[128];
	int err;

	if ((err = pld_id_parse(idpl->body, &idr)) < 0 ||
	    (err = pld_auth_parse(msg_find(m, IKE_PL_AUTH, 0)->body, &auth)) < 0)
		return sa_fail(sa, err, "malformed IKE_AUTH response: %s",
		    ike_strerror(err));
	ike_id_free(&sa->sa_rid);
	if ((err = pld_id_to_ike(&idr, &sa->sa_rid)) < 0)
		return err;
	eng_id_format(&sa->sa_rid, ri, sizeof(ri));
	eng_id_format(&sa->sa_lid, li, sizeof(li));
	if (!ike_id_match(&conn->remote.id, &sa->sa_rid)) {
		eng_id_format(&conn->remote.id, want, sizeof(want));
		err = sa_fail(sa, IKE_EPEERID, "peer identified as '%s', we "
		    "expect '%s'", ri, want);
		goto refuse;
	}
	if (auth.method != IKE_AUTH_PSK) {
		err = sa_fail(sa, IKE_EAUTH, "peer '%s' authenticates with "
		    "method %u, we expect a pre-shared key", ri, auth.method);
		goto refuse;
	}
	if ((psk = ike_config_psk(sa->sa_eng->eng_cfg, &sa->sa_lid, &sa->sa_rid)) == NULL) {
		err = sa_fail(sa, IKE_EAUTH, "no pre-shared key found for "
		    "'%s' - '%s'", li, ri);
		goto refuse;
	}
	err = auth_psk_check(sa, &psk->psk, idpl->body, auth.data);
	if (err < 0) {
		err = sa_fail(sa, err, "authentication of '%s' with pre-shared "
		    "key failed", ri);
		goto refuse;
	}
	eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "authentication of '%s' "
	    "with pre-shared key successful", ri);
	auth_established(sa);
	return auth_child_i(sa, m, x);
refuse:
	/* RFC 7296 2.21.2: an error found by the initiator may be sent in
	 * an INFORMATIONAL exchange of its own. */
	xout_reset(x);
	xout_notify(x, 0, IKE_N_AUTHENTICATION_FAILED, NULL, 0, NULL, 0);
	x->kind = XOUT_REQUEST;
	x->exchange = IKE_X_INFORMATIONAL;
	x->req_kind = REQ_LIVENESS;
	return err;
}

/*
 * Initiator, refused:
 *
 *   <--  HDR, SK { N(AUTHENTICATION_FAILED) }   (or another error)
 */
int
xchg_auth_i_notify(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	char nb[NAMES_BUFLEN], li[128];
	struct pld_notify n;
	uint16_t type = xchg_error_notify(m, &n);

	eng_id_format(&sa->sa_lid, li, sizeof(li));
	if (type == IKE_N_AUTHENTICATION_FAILED)
		return sa_fail(sa, IKE_EAUTH, "peer refused our authentication "
		    "as '%s' (AUTHENTICATION_FAILED): wrong pre-shared key, or "
		    "no connection for our ID there", li);
	if (type == 0)
		return sa_fail(sa, IKE_EMALFORMED, "IKE_AUTH response without "
		    "IDr and AUTH");
	return sa_fail(sa, IKE_EAUTH, "peer refused IKE_AUTH with %s",
	    names_str(NAMES_NOTIFY, type, nb, sizeof(nb)));
}
