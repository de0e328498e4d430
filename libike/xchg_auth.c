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

#include "child.h"
#include "cry.h"
#include "eng.h"
#include "iana.h"
#include "keys.h"
#include "names.h"
#include "nat.h"
#include "sa.h"
#include "vip.h"
#include "xchg.h"
#include "xout.h"

/* ---- peers, IDs, secrets ------------------------------------------------- */

/* The peer's ID as we expect it before it tells us. */
static void
auth_remote_id(const struct ike_conn_cfg *conn, const struct ike_addr *remote,
    struct ike_id *out)
{
	if (conn->remote.id.type != 0)
		*out = conn->remote.id;
	else
		ike_id_of_addr(remote, out);
}

/* ---- AUTH payloads ---------------------------------------------------------- */

/* Our AUTH data (RFC 7296 2.15): prf(prf(PSK, "Key Pad for IKEv2"),
 * RealMessage | NonceOfPeer | prf(SK_p, IDx')). */
static int
auth_psk_make(struct ike_sa *sa, const struct ike_buf *psk, uint8_t *out,
    size_t *len)
{
	struct ike_buf body = { NULL, 0 }, octets = { NULL, 0 };
	uint16_t prf = sa->sa_sel.prf.id;
	int err;

	err = keys_id_body(&sa->sa_lid, &body);
	if (err == IKE_OK)
		err = sa_auth_octets(sa, true, ike_buf_view(&body), &octets);
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
	struct ike_buf octets = { NULL, 0 };
	int err;

	err = sa_auth_octets(sa, false, id_body, &octets);
	if (err == IKE_OK)
		err = keys_auth_psk_verify(sa->sa_sel.prf.id, ike_buf_view(psk),
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

/* The ID our certificate gives when the config names none: its subject
 * (RFC 7296 3.5 ID_DER_ASN1_DN); a view into the certificate. */
static void
auth_local_id(struct ike_sa *sa, const struct ike_cred_local *cred,
    struct ike_id *lid)
{
	ike_conn_local_id(sa->sa_conn, &sa->sa_local, lid);
	if (sa->sa_conn->local.auth == IKE_CFG_AUTH_PUBKEY &&
	    sa->sa_conn->local.id.type == 0 && cred->subject.len > 0) {
		lid->type = IKE_ID_DER_ASN1_DN;
		lid->data.ptr = (uint8_t *)cred->subject.ptr;
		lid->data.len = cred->subject.len;
	}
}

/* Sets sa_lid for the connection; with a certificate, picks it first. */
static int
auth_set_lid(struct ike_sa *sa, struct ike_cred_local *cred)
{
	struct ike_id lid;
	int err;

	memset(cred, 0, sizeof(*cred));
	if (sa->sa_conn->local.auth == IKE_CFG_AUTH_PUBKEY &&
	    (err = xchg_cert_pick(sa, cred)) < 0)
		return err;
	auth_local_id(sa, cred, &lid);
	ike_id_free(&sa->sa_lid);
	return ike_id_copy(&sa->sa_lid, &lid);
}

/* Our part after IDx: [CERT+] and AUTH, by signature or by the PSK for
 * our ID and rid (the peer's, or what we expect of it). */
static int
auth_add_ours(struct ike_sa *sa, struct xchg_out *x,
    const struct ike_cred_local *cred, const struct ike_id *rid)
{
	const struct ike_secret *psk;
	char li[128], ri[128];
	int err;

	if (sa->sa_conn->local.auth == IKE_CFG_AUTH_PUBKEY) {
		if ((err = xchg_cert_add_certs(sa, cred, x)) < 0)
			return err;
		return xchg_cert_add_auth(sa, cred, x);
	}
	if ((psk = ike_config_psk(sa->sa_eng->eng_cfg, &sa->sa_lid, rid)) == NULL) {
		eng_id_format(&sa->sa_lid, li, sizeof(li));
		eng_id_format(rid, ri, sizeof(ri));
		return sa_fail(sa, IKE_EAUTH, "no pre-shared key found for "
		    "'%s' - '%s'", li, ri);
	}
	return auth_add_auth(sa, x, &psk->psk);
}

/* The peer's AUTH, by signature or PSK as its connection wants. */
static int
auth_check_peer(struct ike_sa *sa, const struct msg *m, struct ike_bytes id_body,
    const struct pld_auth *auth)
{
	const struct ike_secret *psk;
	char ri[128], li[128];
	int err;

	if (sa->sa_conn->remote.auth == IKE_CFG_AUTH_PUBKEY)
		return xchg_cert_check(sa, m, id_body, auth);
	eng_id_format(&sa->sa_rid, ri, sizeof(ri));
	eng_id_format(&sa->sa_lid, li, sizeof(li));
	if (auth->method != IKE_AUTH_PSK)
		return sa_fail(sa, IKE_EAUTH, "peer '%s' authenticates with "
		    "method %u, we expect a pre-shared key", ri, auth->method);
	if ((psk = ike_config_psk(sa->sa_eng->eng_cfg, &sa->sa_lid,
	    &sa->sa_rid)) == NULL)
		return sa_fail(sa, IKE_EAUTH, "no pre-shared key found for "
		    "'%s' - '%s'", li, ri);
	/* RFC 7296 2.15: the peer's AUTH covers the body of its IDx. */
	err = auth_psk_check(sa, &psk->psk, id_body, auth->data);
	if (err == IKE_EAUTH)
		return sa_fail(sa, err, "authentication of '%s' with pre-shared "
		    "key failed", ri);
	if (err < 0)
		return sa_fail(sa, err, "checking AUTH of '%s' failed: %s", ri,
		    ike_strerror(err));
	eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "authentication of '%s' "
	    "with pre-shared key successful", ri);
	return IKE_OK;
}

static void
auth_established(struct ike_sa *sa)
{
	char l[64], r[64], li[128], ri[128], ls[48], rs[48];

	sa->sa_established = sa->sa_eng->eng_now;
	sa_set_half_open(sa, false);
	xchg_rekey_schedule(sa);
	nat_established(sa);
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

/*
 * Unique IDs: older IKE SAs between the same two identities.  RFC 7296
 * 2.4: INITIAL_CONTACT says the peer holds no other IKE SA with us, so
 * those are stale (it restarted) and go, silently unless they ran from
 * another address (another device with the same ID).  Beyond that the
 * connection's unique setting decides: replace (the default) deletes the
 * old ones, telling their peer; keep refuses the new one (even with
 * INITIAL_CONTACT when it comes from another address: the device that
 * has the ID keeps it); no allows both unless INITIAL_CONTACT; never
 * allows both and ignores INITIAL_CONTACT, as strongSwan does.
 * This runs before the new Child SA needs the old ones' selectors and
 * before leases are handed out, so a client coming back gets its address.
 */
static int
auth_unique(struct ike_sa *sa, bool initial_contact)
{
	enum ike_unique u = sa->sa_conn->unique;
	struct ike_sa *o;
	bool other;
	char ri[128], why[ENG_WHY_MAX];

	if (u == IKE_UNIQUE_NEVER || (u == IKE_UNIQUE_NO && !initial_contact))
		return IKE_OK;
	eng_id_format(&sa->sa_rid, ri, sizeof(ri));
	/* The SAs with the peer's ID, found by it. */
	for (o = sa_by_peer(sa->sa_eng, &sa->sa_rid, NULL, NULL); o != NULL;
	    o = sa_by_peer(sa->sa_eng, &sa->sa_rid, NULL, o)) {
		if (o == sa || o->sa_state == SA_S_DEAD ||
		    o->sa_state < SA_S_ESTABLISHED ||
		    !ike_id_eq(&o->sa_lid, &sa->sa_lid))
			continue;
		/* Another address: another device with the same ID, or one
		 * that moved; it hears of the replacement. */
		other = o->sa_remote.family != sa->sa_remote.family ||
		    memcmp(o->sa_remote.addr, sa->sa_remote.addr,
		    ike_addr_len(sa->sa_remote.family)) != 0;
		if (initial_contact && !(u == IKE_UNIQUE_KEEP && other)) {
			o->sa_replaced = other;
			sa_kill(o, "replaced: the peer sent INITIAL_CONTACT in "
			    "a new IKE SA");
		} else if (u == IKE_UNIQUE_KEEP) {
			return sa_fail(sa, IKE_EAUTH, "'%s' already has IKE SA "
			    "%s, refusing a second one (unique: keep)", ri,
			    o->sa_name);
		} else {
			snprintf(why, sizeof(why), "replaced by %s: '%s' "
			    "connected again (unique: replace)", sa->sa_name, ri);
			o->sa_replaced = other;
			sa_kill(o, why);
		}
	}
	return IKE_OK;
}

/* Responder, the Child SA part of IKE_AUTH (xchg_child.c does the work):
 *   SA(ESP), TSi, TSr, [N(USE_TRANSPORT_MODE)]  -->
 *       <--  [N(USE_TRANSPORT_MODE)], SA, TSi, TSr
 *    or <--  N(TS_UNACCEPTABLE) | N(NO_PROPOSAL_CHOSEN) */
static int
auth_child_r(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	struct xchg_child_in *in = calloc(1, sizeof(*in));
	int err;

	if (in == NULL)
		return IKE_ENOMEM;
	if ((err = xchg_child_parse(m, in)) < 0)
		err = sa_fail(sa, err, "malformed Child SA payloads: %s",
		    ike_strerror(err));
	else
		err = xchg_child_respond(sa, in, NULL, false, x);
	free(in);
	return err;
}

/* ---- the exchange --------------------------------------------------------- */

/*
 * Initiator:
 *
 *   HDR, SK { IDi, [CERT+], [CERTREQ], [IDr], AUTH, N(INITIAL_CONTACT),
 *             [N(USE_TRANSPORT_MODE)], SAi2, TSi, TSr }  -->
 *
 * CERT carries our chain when we sign (auth: pubkey), CERTREQ names the
 * CAs we trust when the peer is to sign.
 */
int
xchg_auth_start(struct ike_sa *sa, struct xchg_out *x)
{
	const struct ike_conn_cfg *conn = sa->sa_conn;
	const struct ike_child_cfg *cfg = sa->sa_first_child;
	struct ike_cred_local cred;
	struct ike_id rid;
	struct child_sa *ch;
	int err;

	xout_reset(x);
	auth_remote_id(conn, &sa->sa_remote, &rid);
	if ((err = auth_set_lid(sa, &cred)) < 0)
		return err;
	auth_add_id(x, IKE_PL_IDI, &sa->sa_lid);
	if (conn->local.auth == IKE_CFG_AUTH_PUBKEY &&
	    (err = xchg_cert_add_certs(sa, &cred, x)) < 0)
		return err;
	if (conn->remote.auth == IKE_CFG_AUTH_PUBKEY &&
	    (err = xchg_cert_add_certreq(sa, x)) < 0)
		return err;
	if (conn->remote.id.type != 0)
		auth_add_id(x, IKE_PL_IDR, &conn->remote.id);
	if (conn->local.auth == IKE_CFG_AUTH_PUBKEY)
		err = xchg_cert_add_auth(sa, &cred, x);
	else
		err = auth_add_ours(sa, x, &cred, &rid);
	if (err < 0)
		return err;
	/* We keep one IKE SA per connection: earlier state of ours the
	 * peer may hold is stale (RFC 7296 2.4); not so while we
	 * reauthenticate, when the old SA goes after this one is up. */
	if (sa->sa_rk.reauth_of == 0)
		xout_notify(x, 0, IKE_N_INITIAL_CONTACT, NULL, 0, NULL, 0);
	if ((err = vip_request(sa, x)) < 0)
		return err;
	if (cfg != NULL) {
		if ((err = child_new(sa, cfg, &ch)) < 0)
			return err;
		if ((err = xchg_child_propose(sa, ch, false, x)) < 0) {
			child_destroy(ch, NULL);
			return sa_fail(sa, err, "proposing CHILD_SA %s failed: %s",
			    cfg->name, ike_strerror(err));
		}
		sa->sa_pending = ch;
	}
	x->kind = XOUT_REQUEST;
	x->exchange = IKE_X_IKE_AUTH;
	x->req_kind = REQ_AUTH;
	return x->err;
}

/* Does the AUTH method the peer used fit conn's remote side? */
static bool
auth_method_fits(const struct ike_conn_cfg *conn, uint8_t method)
{
	if (conn->remote.auth == IKE_CFG_AUTH_PUBKEY)
		return xchg_cert_is_sig(method);
	return method == IKE_AUTH_PSK;
}

/*
 * Responder:
 *
 *   HDR, SK { IDi, [CERT+], [CERTREQ+], [IDr], AUTH, [N...], SAi2, TSi,
 *             TSr }  -->
 *       <--  HDR, SK { IDr, [CERT+], AUTH, [N(USE_TRANSPORT_MODE)], SAr2,
 *                      TSi, TSr }
 *    or <--  HDR, SK { N(AUTHENTICATION_FAILED) }
 *
 * The connection: among those whose addresses fit, the first whose
 * remote ID matches IDi (a remote ID of "any" matches all), whose IKE
 * proposals allow what IKE_SA_INIT chose and whose remote auth is the
 * kind the peer used (signature or PSK); failing the last, the first
 * that fits otherwise, so that the refusal names the mismatch.
 */
int
xchg_auth_r(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	struct ike_engine *eng = sa->sa_eng;
	const struct msg_pl *idpl = msg_find(m, IKE_PL_IDI, 0);
	const struct ike_conn_cfg *conn = NULL, *c;
	struct ike_cred_local cred;
	struct ike_proposal ikep;
	struct pld_notify n;
	struct prop_sel sel;
	struct pld_auth auth;
	struct pld_id idi;
	char ri[128], peer[64];
	uint16_t cpfail;
	size_t i;
	int err;

	if ((err = pld_id_parse(idpl->body, &idi)) < 0 ||
	    (err = pld_auth_parse(msg_find(m, IKE_PL_AUTH, 0)->body, &auth)) < 0)
		return sa_fail(sa, err, "malformed IKE_AUTH request: %s",
		    ike_strerror(err));
	ike_id_free(&sa->sa_rid);
	err = pld_id_to_ike(&idi, &sa->sa_rid);
	sa_peer_index(sa);
	if (err < 0 || (err = xchg_cert_note_certreq(sa, m)) < 0)
		return err;
	eng_id_format(&sa->sa_rid, ri, sizeof(ri));
	prop_sel_to_proposal(&sa->sa_sel, &ikep);
	for (i = 0; (c = ike_config_conn_by_addrs(eng->eng_cfg, &sa->sa_local,
	    &sa->sa_remote, i)) != NULL; i++) {
		if (!ike_id_match(&c->remote.id, &sa->sa_rid))
			continue;
		if (prop_select(&ikep, 1, c->ike, c->n_ike, 0, &sel, NULL,
		    NULL, 0) < 0)
			continue;
		if (conn == NULL)
			conn = c;
		if (auth_method_fits(c, auth.method)) {
			conn = c;
			break;
		}
	}
	if (conn == NULL) {
		ike_addr_format_port(&sa->sa_remote, peer, sizeof(peer));
		return sa_fail(sa, IKE_EPEERID, "no connection matches peer "
		    "'%s' at %s", ri, peer);
	}
	sa_bind_conn(sa, conn);
	sa->sa_conn_guess = 0;
	if ((err = auth_set_lid(sa, &cred)) < 0 ||
	    (err = auth_check_peer(sa, m, idpl->body, &auth)) < 0)
		return err;
	if ((err = auth_unique(sa, msg_find_notify(m, IKE_N_INITIAL_CONTACT,
	    &n))) < 0)
		return err;
	auth_add_id(x, IKE_PL_IDR, &sa->sa_lid);
	if ((err = auth_add_ours(sa, x, &cred, &sa->sa_rid)) < 0)
		return err;
	auth_established(sa);
	cpfail = vip_respond(sa, m, x);
	if (msg_find(m, IKE_PL_SA, 0) != NULL) {
		if (cpfail != 0)
			xout_notify(x, 0, cpfail, NULL, 0, NULL, 0);
		else if ((err = auth_child_r(sa, m, x)) < 0)
			return err;
	}
	x->kind = XOUT_RESPONSE;
	return x->err;
}

/*
 * Initiator, the answer:
 *
 *   <--  HDR, SK { IDr, [CERT+], AUTH, [N(USE_TRANSPORT_MODE)], SAr2, TSi,
 *                  TSr }
 *   <--  HDR, SK { IDr, [CERT+], AUTH, N(TS_UNACCEPTABLE | NO_PROPOSAL_CHOSEN) }
 */
int
xchg_auth_i(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	const struct msg_pl *idpl = msg_find(m, IKE_PL_IDR, 0);
	const struct ike_conn_cfg *conn = sa->sa_conn;
	struct child_sa *ch;
	struct pld_auth auth;
	struct pld_id idr;
	char ri[128], want[128];
	int err;

	if ((err = pld_id_parse(idpl->body, &idr)) < 0 ||
	    (err = pld_auth_parse(msg_find(m, IKE_PL_AUTH, 0)->body, &auth)) < 0)
		return sa_fail(sa, err, "malformed IKE_AUTH response: %s",
		    ike_strerror(err));
	ike_id_free(&sa->sa_rid);
	err = pld_id_to_ike(&idr, &sa->sa_rid);
	sa_peer_index(sa);
	if (err < 0)
		return err;
	eng_id_format(&sa->sa_rid, ri, sizeof(ri));
	if (!ike_id_match(&conn->remote.id, &sa->sa_rid)) {
		eng_id_format(&conn->remote.id, want, sizeof(want));
		err = sa_fail(sa, IKE_EPEERID, "peer identified as '%s', we "
		    "expect '%s'", ri, want);
		goto refuse;
	}
	if ((err = auth_check_peer(sa, m, idpl->body, &auth)) < 0)
		goto refuse;
	auth_established(sa);
	vip_accept(sa, m);
	if ((ch = sa->sa_pending) == NULL)
		return IKE_OK;
	sa->sa_pending = NULL;
	return xchg_child_accept(sa, ch, m, false, x);
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
	uint16_t type = msg_error_notify(m, &n);

	eng_id_format(&sa->sa_lid, li, sizeof(li));
	if (type == IKE_N_AUTHENTICATION_FAILED)
		return sa_fail(sa, IKE_EAUTH, "peer refused our authentication "
		    "as '%s' (AUTHENTICATION_FAILED): %s, or no connection for "
		    "our ID there", li, sa->sa_conn->local.auth ==
		    IKE_CFG_AUTH_PUBKEY ? "our certificate is not accepted "
		    "(CA, revocation, ID)" : "wrong pre-shared key");
	if (type == 0)
		return sa_fail(sa, IKE_EMALFORMED, "IKE_AUTH response without "
		    "IDr and AUTH");
	return sa_fail(sa, IKE_EAUTH, "peer refused IKE_AUTH with %s",
	    names_str(NAMES_NOTIFY, type, nb, sizeof(nb)));
}
