/* SPDX-License-Identifier: ISC */
/*
 * xchg_init.c - IKE_SA_INIT (RFC 7296 1.2), both roles: proposal
 * selection, the key exchange and nonces, the IKE SA keys, NAT detection
 * (2.23), and the answers that send the initiator back: INVALID_KE_PAYLOAD
 * naming the group the responder wants (1.2, 2.7), NO_PROPOSAL_CHOSEN,
 * and COOKIE (2.6), which the initiator obeys.
 *
 * The key exchange is computed synchronously here; it is the step that
 * becomes a job first (see sa.h), which is why its inputs and results
 * live in the SA (sa_dh, sa_ni, sa_nr, sa_keys) rather than on the stack.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cry.h"
#include "eng.h"
#include "iana.h"
#include "keys.h"
#include "names.h"
#include "nat.h"
#include "sa.h"
#include "xchg.h"
#include "xout.h"

static const char *
ke_name(uint16_t group, char *buf, size_t len)
{
	return names_str(NAMES_KE, group, buf, len);
}

/* The IKE SA keys from g^ir (RFC 7296 2.14), unless err says computing
 * g^ir failed; either way our private value has done its work. */
static int
init_derive(struct ike_sa *sa, int err, struct ike_bytes secret)
{
	struct keys_suite suite;

	keys_ike_free(sa->sa_keys);
	sa->sa_keys = NULL;
	if (err == IKE_OK) {
		keys_suite_of(&sa->sa_sel, &suite);
		err = keys_ike_derive(&suite, secret, ike_buf_view(&sa->sa_ni),
		    ike_buf_view(&sa->sa_nr), sa->sa_spi_i, sa->sa_spi_r,
		    &sa->sa_keys);
	}
	cry_dh_free(sa->sa_dh);
	sa->sa_dh = NULL;
	if (err == IKE_EKEVALUE)
		return sa_fail(sa, err, "invalid key exchange value from peer");
	if (err < 0)
		return sa_fail(sa, err, "deriving IKE SA keys failed: %s",
		    ike_strerror(err));
	return IKE_OK;
}

/* g^ir from the peer's KE data, then the IKE SA keys (RFC 7296 2.14). */
static int
init_keys(struct ike_sa *sa, struct ike_bytes peer_ke)
{
	struct ike_buf secret = { NULL, 0 };
	int err;

	err = cry_dh_shared(sa->sa_dh, peer_ke, &secret);
	err = init_derive(sa, err, ike_buf_view(&secret));
	ike_buf_free(&secret);
	return err;
}

/* RFC 7383 2.3: IKEV2_FRAGMENTATION_SUPPORTED, unless the connection
 * says no; on receipt, both sides support fragments. */
static int
init_frag_add(struct ike_sa *sa, struct xchg_out *x)
{
	if (sa->sa_conn == NULL || sa->sa_conn->fragmentation == IKE_FRAG_NO)
		return IKE_OK;
	return xout_notify(x, 0, IKE_N_IKEV2_FRAGMENTATION_SUPPORTED, NULL, 0,
	    NULL, 0);
}

static void
init_frag_check(struct ike_sa *sa, const struct msg *m)
{
	struct pld_notify n;

	sa->sa_frag.on = sa->sa_conn != NULL &&
	    sa->sa_conn->fragmentation != IKE_FRAG_NO &&
	    msg_find_notify(m, IKE_N_IKEV2_FRAGMENTATION_SUPPORTED, &n);
}

static int
init_nonce(struct ike_sa *sa, struct ike_buf *nonce)
{
	int err;

	if ((err = ike_buf_alloc(nonce, ENG_NONCE_LEN)) < 0)
		return err;
	return eng_rng(sa->sa_eng, nonce->ptr, nonce->len);
}

/* The SA, KE and Nonce payloads of an IKE_SA_INIT message, parsed. */
struct init_in {
	struct pld_sa		 sa;
	struct ike_proposal	 props[PLD_SA_MAX_PROPS];
	uint8_t			 nums[PLD_SA_MAX_PROPS];
	size_t			 n_props;
	struct pld_ke		 ke;
	struct pld_nonce	 nonce;
};

static int
init_parse(struct ike_sa *sa, const struct msg *m, struct init_in *in)
{
	int err;

	err = pld_sa_parse(msg_find(m, IKE_PL_SA, 0)->body, &in->sa);
	if (err == IKE_OK)
		err = pld_ke_parse(msg_find(m, IKE_PL_KE, 0)->body, &in->ke);
	if (err == IKE_OK)
		err = pld_nonce_parse(msg_find(m, IKE_PL_NONCE, 0)->body,
		    &in->nonce);
	if (err < 0)
		return sa_fail(sa, err, "malformed IKE_SA_INIT %s: %s",
		    msg_is_response(&m->hdr) ? "response" : "request",
		    ike_strerror(err));
	in->n_props = prop_from_sa(&in->sa, in->props, PLD_SA_MAX_PROPS,
	    NULL, in->nums);
	return IKE_OK;
}

/*
 * Initiator, first message (also after INVALID_KE_PAYLOAD or COOKIE):
 *
 *   HDR(SPIi, 0), [N(COOKIE)], SAi1, KEi, Ni,
 *       N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP),
 *       [N(IKEV2_FRAGMENTATION_SUPPORTED)]  -->
 *
 * The nonce stays the same across retries (a cookie covers it); the key
 * exchange value is made again only when the group changes.
 */
int
xchg_init_start(struct ike_sa *sa, struct xchg_out *x)
{
	const struct ike_conn_cfg *conn = sa->sa_conn;
	uint16_t group = sa->sa_ke_group;
	struct pld_nonce nonce;
	struct pld_ke ke;
	char nb[NAMES_BUFLEN];
	int err;

	if (group == 0)
		group = prop_first_ke(conn->ike, conn->n_ike);
	if (group == 0)
		return sa_fail(sa, IKE_EINVAL, "connection '%s' has no key "
		    "exchange method in its proposals", conn->name);
	if (sa->sa_dh == NULL || cry_dh_group(sa->sa_dh) != group) {
		cry_dh_free(sa->sa_dh);
		sa->sa_dh = NULL;
		err = cry_dh_new(group, sa->sa_eng->eng_env.rng,
		    sa->sa_eng->eng_env.rng_ctx, &sa->sa_dh);
		if (err < 0)
			return sa_fail(sa, err, "key exchange with %s failed: %s",
			    ke_name(group, nb, sizeof(nb)), ike_strerror(err));
	}
	sa->sa_ke_group = group;
	if (sa->sa_ni.ptr == NULL && (err = init_nonce(sa, &sa->sa_ni)) < 0)
		return err;
	xout_reset(x);
	if (sa->sa_cookie.ptr != NULL)
		xout_notify(x, 0, IKE_N_COOKIE, NULL, 0, sa->sa_cookie.ptr,
		    sa->sa_cookie.len);
	xout_sa(x, conn->ike, conn->n_ike, 1, NULL, 0);
	ke.group = group;
	ke.data = cry_dh_public(sa->sa_dh);
	XOUT_ADD(x, IKE_PL_KE, pld_ke_build, &ke);
	nonce.data = ike_buf_view(&sa->sa_ni);
	XOUT_ADD(x, IKE_PL_NONCE, pld_nonce_build, &nonce);
	nat_natd_add(sa, x);
	xchg_cert_init(sa, NULL, false, x);
	init_frag_add(sa, x);
	x->kind = XOUT_REQUEST;
	x->exchange = IKE_X_IKE_SA_INIT;
	x->req_kind = REQ_INIT;
	return x->err;
}

/*
 * Responder:
 *
 *   HDR(SPIi, 0), SAi1, KEi, Ni, [N(NAT_DETECTION_*)],
 *       [N(IKEV2_FRAGMENTATION_SUPPORTED)]  -->
 *       <--  HDR(SPIi, SPIr), SAr1, KEr, Nr, N(NAT_DETECTION_*),
 *                [N(IKEV2_FRAGMENTATION_SUPPORTED)]
 *   or  <--  HDR, N(INVALID_KE_PAYLOAD, group we want)
 *   or  <--  HDR, N(NO_PROPOSAL_CHOSEN)
 *
 * The connection is not known for sure before IKE_AUTH names the peer;
 * the proposals of the connections whose addresses fit are tried, the
 * most specific first.  No state is kept for refused requests.
 */
int
xchg_init_r(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	struct ike_engine *eng = sa->sa_eng;
	const struct ike_conn_cfg *conn = NULL, *first;
	char why[PROP_WHY_MAX], l[64], r[64], nb[NAMES_BUFLEN], nb2[NAMES_BUFLEN];
	struct ike_proposal chosen;
	struct pld_nonce nonce;
	struct init_in *in;
	struct prop_sel sel;
	struct keys_ke_job job;
	struct pld_ke ke;
	size_t i, idx = 0;
	int err;

	memset(&job, 0, sizeof(job));
	if ((err = ike_buf_set(&sa->sa_init_i, m->raw.ptr, m->raw.len)) < 0)
		return err;
	if ((in = calloc(1, sizeof(*in))) == NULL)
		return IKE_ENOMEM;
	if ((err = init_parse(sa, m, in)) < 0)
		goto out;
	first = ike_config_conn_by_addrs(eng->eng_cfg, &sa->sa_local, &sa->sa_remote, 0);
	if (first == NULL) {
		ike_addr_format_port(&sa->sa_local, l, sizeof(l));
		ike_addr_format_port(&sa->sa_remote, r, sizeof(r));
		err = sa_fail(sa, IKE_ENOPROPOSAL, "no connection configured "
		    "for %s...%s, refusing IKE_SA_INIT", l, r);
		goto out;
	}
	err = IKE_ENOPROPOSAL;
	for (i = 0; (conn = ike_config_conn_by_addrs(eng->eng_cfg, &sa->sa_local,
	    &sa->sa_remote, i)) != NULL; i++) {
		err = prop_select(in->props, in->n_props, conn->ike, conn->n_ike,
		    in->ke.group, &sel, &idx, i == 0 ? why : NULL, sizeof(why));
		if (err == IKE_OK && sel.ke.id != 0 && sel.prf.id != 0)
			break;
		err = IKE_ENOPROPOSAL;
	}
	if (err < 0) {
		sa_bind_conn(sa, first);
		sa->sa_conn_guess = 1;
		err = sa_fail(sa, err, "no proposal chosen: %s", why);
		goto out;
	}
	sa_bind_conn(sa, conn);
	sa->sa_conn_guess = 1;
	if (in->ke.group != sel.ke.id) {
		/* RFC 7296 1.2: tell the initiator the group we want. */
		eng_log(eng, IKE_LOG_INFO, sa->sa_name, "peer sent a KE payload "
		    "for %s, we want %s: answering INVALID_KE_PAYLOAD",
		    ke_name(in->ke.group, nb, sizeof(nb)),
		    ke_name(sel.ke.id, nb2, sizeof(nb2)));
		xout_reset(x);
		xout_invalid_ke(x, sel.ke.id);
		x->kind = XOUT_RESPONSE;
		err = IKE_EINVALKE;
		goto out;
	}
	sa->sa_sel = sel;
	prop_sel_format(&sel, sa->sa_alg, sizeof(sa->sa_alg));
	if ((err = ike_buf_set(&sa->sa_ni, in->nonce.data.ptr,
	    in->nonce.data.len)) < 0)
		goto out;
	err = eng_job_ke(eng, sel.ke.id, in->ke.data, &job);
	if (err < 0 && job.failed_at == KEYS_KE_NONCE)
		goto out;
	if (err < 0 && job.failed_at == KEYS_KE_PAIR) {
		err = sa_fail(sa, err, "key exchange with %s failed: %s",
		    ke_name(sel.ke.id, nb, sizeof(nb)), ike_strerror(err));
		goto out;
	}
	ike_buf_free(&sa->sa_nr);
	sa->sa_nr = job.nr;
	job.nr = (struct ike_buf){ NULL, 0 };
	prop_sel_to_proposal(&sel, &chosen);
	xout_sa(x, &chosen, 1, in->nums[idx], NULL, 0);
	ke.group = sel.ke.id;
	ke.data = job.dh != NULL ? cry_dh_public(job.dh) : (struct ike_bytes){ NULL, 0 };
	XOUT_ADD(x, IKE_PL_KE, pld_ke_build, &ke);
	if ((err = init_derive(sa, err, ike_buf_view(&job.secret))) < 0)
		goto out;
	nat_natd_check(sa, m);
	init_frag_check(sa, m);
	nonce.data = ike_buf_view(&sa->sa_nr);
	XOUT_ADD(x, IKE_PL_NONCE, pld_nonce_build, &nonce);
	nat_natd_add(sa, x);
	/* RFC 7296 1.2: CERTREQ in the response, for every CA we trust
	 * (the connection is known only in IKE_AUTH). */
	if ((err = xchg_cert_init(sa, m, true, x)) < 0)
		goto out;
	if (sa->sa_frag.on)
		init_frag_add(sa, x);
	x->kind = XOUT_RESPONSE;
	err = x->err;
	/* sa_init_r receives the whole response once it is built. */
out:
	keys_ke_job_free(&job);
	free(in);
	return err;
}

/*
 * Initiator, the answer:
 *
 *   <--  HDR(SPIi, SPIr), SAr1, KEr, Nr, [N(NAT_DETECTION_*)],
 *            [N(IKEV2_FRAGMENTATION_SUPPORTED)]
 *
 * then straight on to IKE_AUTH (xchg_auth.c).
 */
int
xchg_init_i(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	const struct ike_conn_cfg *conn = sa->sa_conn;
	char why[PROP_WHY_MAX], nb[NAMES_BUFLEN], nb2[NAMES_BUFLEN];
	struct init_in *in;
	struct prop_sel sel;
	int err;

	if (m->hdr.spi_r == 0)
		return sa_fail(sa, IKE_EMALFORMED, "IKE_SA_INIT response "
		    "without responder SPI");
	if ((in = calloc(1, sizeof(*in))) == NULL)
		return IKE_ENOMEM;
	if ((err = init_parse(sa, m, in)) < 0)
		goto out;
	if (in->n_props != 1) {
		err = sa_fail(sa, IKE_ENOPROPOSAL, "responder returned %zu "
		    "proposals instead of one", in->n_props);
		goto out;
	}
	if ((err = prop_accept(&in->props[0], conn->ike, conn->n_ike, &sel, why,
	    sizeof(why))) < 0) {
		err = sa_fail(sa, err, "responder chose a proposal we did not "
		    "offer: %s", why);
		goto out;
	}
	if (in->ke.group != sa->sa_ke_group || sel.ke.id != sa->sa_ke_group) {
		err = sa_fail(sa, IKE_EINVALKE, "responder's key exchange %s "
		    "does not match the %s we sent",
		    ke_name(in->ke.group, nb, sizeof(nb)),
		    ke_name(sa->sa_ke_group, nb2, sizeof(nb2)));
		goto out;
	}
	sa->sa_spi_r = m->hdr.spi_r;
	sa->sa_sel = sel;
	prop_sel_format(&sel, sa->sa_alg, sizeof(sa->sa_alg));
	if ((err = ike_buf_set(&sa->sa_init_r, m->raw.ptr, m->raw.len)) < 0 ||
	    (err = ike_buf_set(&sa->sa_nr, in->nonce.data.ptr,
	    in->nonce.data.len)) < 0)
		goto out;
	if ((err = init_keys(sa, in->ke.data)) < 0)
		goto out;
	nat_natd_check(sa, m);
	if ((err = xchg_cert_init(sa, m, false, NULL)) < 0)
		goto out;
	init_frag_check(sa, m);
	err = xchg_auth_start(sa, x);
out:
	free(in);
	return err;
}

/*
 * Initiator, sent back:
 *
 *   <--  HDR, N(COOKIE)               retry with the cookie (RFC 7296 2.6)
 *   <--  HDR, N(INVALID_KE_PAYLOAD)   retry with the group asked for (1.2)
 *   <--  HDR, N(NO_PROPOSAL_CHOSEN)   give up, saying what we offered
 */
int
xchg_init_i_notify(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	const struct ike_conn_cfg *conn = sa->sa_conn;
	char nb[NAMES_BUFLEN], nb2[NAMES_BUFLEN], ours[PROP_WHY_MAX];
	struct pld_notify n;
	uint16_t type, group;

	if (msg_find_notify(m, IKE_N_COOKIE, &n)) {
		if (n.data.len < 1 || n.data.len > 64)
			return sa_fail(sa, IKE_EMALFORMED, "peer sent a COOKIE "
			    "of %zu bytes", n.data.len);
		if (sa->sa_cookie_tries++ >= 3)
			return sa_fail(sa, IKE_ESTATE, "peer keeps asking for a "
			    "COOKIE, giving up");
		if (ike_buf_set(&sa->sa_cookie, n.data.ptr, n.data.len) < 0)
			return IKE_ENOMEM;
		eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name,
		    "peer asks for a COOKIE, sending IKE_SA_INIT again");
		sa->sa_mid_next = 0;
		return xchg_init_start(sa, x);
	}
	type = msg_error_notify(m, &n);
	switch (type) {
	case IKE_N_INVALID_KE_PAYLOAD:
		if (n.data.len != 2)
			return sa_fail(sa, IKE_EMALFORMED, "INVALID_KE_PAYLOAD "
			    "without a group");
		group = ike_be16(n.data.ptr);
		if (!prop_has_xf(conn->ike, conn->n_ike, IKE_XF_KE, group))
			return sa_fail(sa, IKE_ENOPROPOSAL, "peer wants key "
			    "exchange %s, which we do not offer",
			    ke_name(group, nb, sizeof(nb)));
		if (group == sa->sa_ke_group || sa->sa_invalid_ke >= 2)
			return sa_fail(sa, IKE_EINVALKE, "peer keeps refusing "
			    "our key exchange %s", ke_name(group, nb, sizeof(nb)));
		eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "peer wants key "
		    "exchange %s instead of %s, retrying",
		    ke_name(group, nb, sizeof(nb)),
		    ke_name(sa->sa_ke_group, nb2, sizeof(nb2)));
		sa->sa_ke_group = group;
		sa->sa_invalid_ke++;
		sa->sa_mid_next = 0;
		return xchg_init_start(sa, x);
	case IKE_N_NO_PROPOSAL_CHOSEN:
		prop_format(conn->ike, conn->n_ike, ours, sizeof(ours));
		return sa_fail(sa, IKE_ENOPROPOSAL, "no proposal chosen: peer "
		    "accepted none of %s (NO_PROPOSAL_CHOSEN)", ours);
	case 0:
		return sa_fail(sa, IKE_EMALFORMED, "IKE_SA_INIT response "
		    "without SA, KE and nonce");
	default:
		return sa_fail(sa, IKE_ESTATE, "peer refused IKE_SA_INIT with %s",
		    names_str(NAMES_NOTIFY, type, nb, sizeof(nb)));
	}
}
