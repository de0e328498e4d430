/* SPDX-License-Identifier: ISC */
/*
 * xchg_rekey.c - the IKE SA's own life: rekeying it with CREATE_CHILD_SA
 * (RFC 7296 1.3.2, 2.18) in both roles, the nonce rule that settles two
 * rekeys of one SA crossing each other (2.8.2), handing the Child SAs
 * over to the new IKE SA, and the timers of the connection's lifetimes:
 * rekey-time (minus up to rand-time of jitter), reauth-time and the hard
 * life-time.  The new IKE SA takes fresh SPIs, SKEYSEED from the old
 * SK_d (keys_ike_rekey) and message IDs from zero; the rekey's initiator
 * becomes the new SA's original initiator and deletes the old SA.
 */
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

/* How long a replaced or redundant IKE SA waits for the peer's Delete
 * before deleting it itself. */
#define REKEY_LINGER_MS		30000
/* Retries after INVALID_KE_PAYLOAD and TEMPORARY_FAILURE. */
#define REKEY_TRIES		5

/* seconds minus up to jitter seconds, in ms from now; 0 stays 0. */
static uint64_t
rekey_when(struct ike_engine *eng, uint32_t secs, uint32_t jitter)
{
	uint32_t r = 0;

	if (secs == 0)
		return 0;
	if (jitter != 0 && eng_rng(eng, &r, sizeof(r)) == IKE_OK) {
		r %= jitter + 1;
		secs = r < secs ? secs - r : 1;
	}
	return eng->eng_now + (uint64_t)secs * 1000;
}

void
xchg_rekey_schedule(struct ike_sa *sa)
{
	const struct ike_conn_cfg *conn = sa->sa_conn;
	struct ike_engine *eng = sa->sa_eng;

	if (conn == NULL)
		return;
	sa->sa_rk.rekey_at = rekey_when(eng, conn->rekey_time, conn->rand_time);
	sa->sa_rk.reauth_at = rekey_when(eng, conn->reauth_time, conn->rand_time);
	sa->sa_rk.life_at = conn->life_time == 0 ? 0 :
	    eng->eng_now + (uint64_t)conn->life_time * 1000;
}

static void
rekey_clear(struct ike_sa *sa)
{
	ike_buf_free(&sa->sa_rk.ni);
	cry_dh_free(sa->sa_rk.dh);
	sa->sa_rk.dh = NULL;
	sa->sa_rk.spi = 0;
}

/* The new SA made by the peer's rekey of sa while ours was out. */
static struct ike_sa *
rekey_crossed(struct ike_sa *sa)
{
	struct ike_sa *o = sa->sa_rk.crossed != 0 ?
	    sa_by_id(sa->sa_eng, sa->sa_rk.crossed) : NULL;

	return o != NULL && o->sa_rk.from == sa->sa_id ? o : NULL;
}

/* Moves sa's Child SAs and wishes to to; sa is replaced and waits for
 * its Delete (ours or the peer's). */
static void
rekey_move(struct ike_sa *sa, struct ike_sa *to)
{
	size_t i;

	while (sa->sa_children != NULL)
		child_move(sa->sa_children, to);
	for (i = 0; i < sa->sa_cc.n_want; i++)
		to->sa_cc.want[to->sa_cc.n_want++] = sa->sa_cc.want[i];
	sa->sa_cc.n_want = 0;
	sa->sa_rk.new = to->sa_id;
	sa->sa_rk.rekey_at = sa->sa_rk.reauth_at = 0;
	sa->sa_rk.life_at = sa->sa_eng->eng_now + REKEY_LINGER_MS;
	to->sa_rk.from = 0;
	ike_buf_free(&to->sa_rk.min);
	/* Both deadlines move: to has the children's rekeys now. */
	sa_touch(sa);
	sa_touch(to);
}

struct ike_sa *
xchg_rekey_handover(struct ike_sa *sa)
{
	struct ike_sa *to = sa->sa_rk.new ? sa_by_id(sa->sa_eng, sa->sa_rk.new) :
	    rekey_crossed(sa);

	if (to == NULL || to == sa)
		return NULL;
	if (sa->sa_children != NULL)
		eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "CHILD_SAs of %s "
		    "move to %s", sa->sa_name, to->sa_name);
	rekey_move(sa, to);
	return to;
}

/* The new SA takes what does not change from the old one. */
static int
rekey_adopt(struct ike_sa *old, struct ike_sa *nsa, const struct prop_sel *sel,
    struct keys_ike *keys)
{
	struct ike_engine *eng = old->sa_eng;
	int err;

	nsa->sa_keys = keys;
	nsa->sa_sel = *sel;
	nsa->sa_ke_group = sel->ke.id;
	prop_sel_format(sel, nsa->sa_alg, sizeof(nsa->sa_alg));
	if ((err = ike_id_copy(&nsa->sa_lid, &old->sa_lid)) < 0 ||
	    (err = ike_id_copy(&nsa->sa_rid, &old->sa_rid)) < 0)
		return err;
	sa_peer_index(nsa);
	nsa->sa_nat.local = old->sa_nat.local;
	nsa->sa_nat.remote = old->sa_nat.remote;
	nsa->sa_nat.keepalive = old->sa_nat.keepalive;
	nsa->sa_rk.reauth_of = 0;
	nsa->sa_state = SA_S_ESTABLISHED;
	nsa->sa_established = eng->eng_now;
	xchg_rekey_schedule(nsa);
	eng_log(eng, IKE_LOG_INFO, nsa->sa_name, "IKE SA %s rekeyed as %s "
	    "with SPIs %016llx_i %016llx_r (%s)", old->sa_name, nsa->sa_name,
	    (unsigned long long)nsa->sa_spi_i,
	    (unsigned long long)nsa->sa_spi_r, nsa->sa_alg);
	return IKE_OK;
}

/* Creates the new SA of a rekey: spi_i and spi_r (0: ours, picked by
 * sa_new), its keys from the old SK_d, g^ir and the rekey's nonces. */
static int
rekey_make(struct ike_sa *old, bool initiator, uint64_t spi_i, uint64_t spi_r,
    const struct prop_sel *sel, struct ike_bytes dh, struct ike_bytes ni,
    struct ike_bytes nr, struct ike_sa **out)
{
	struct ike_engine *eng = old->sa_eng;
	struct keys_ike *keys = NULL;
	struct keys_suite suite;
	struct ike_sa *nsa;
	int err;

	if ((err = sa_new(eng, initiator, old->sa_conn, spi_i, &old->sa_local,
	    &old->sa_remote, eng->eng_now, &nsa)) < 0)
		return err;
	if (initiator)
		nsa->sa_spi_r = spi_r;
	keys_suite_of(sel, &suite);
	if ((err = keys_ike_rekey(old->sa_keys, &suite, dh, ni, nr,
	    nsa->sa_spi_i, nsa->sa_spi_r, &keys)) < 0 ||
	    (err = rekey_adopt(old, nsa, sel, keys)) < 0) {
		if (nsa->sa_keys == NULL)
			keys_ike_free(keys);
		sa_kill(nsa, NULL);
		return err;
	}
	*out = nsa;
	return IKE_OK;
}

/* The IKE proposals of a rekey's SA payload, with their SPIs. */
struct rekey_in {
	struct pld_sa		 sa;
	struct ike_proposal	 props[PLD_SA_MAX_PROPS];
	struct ike_bytes	 spis[PLD_SA_MAX_PROPS];
	uint8_t			 nums[PLD_SA_MAX_PROPS];
	size_t			 n_props;
	struct pld_nonce	 nonce;
	struct pld_ke		 ke;
};

static int
rekey_parse(const struct msg *m, struct rekey_in *in)
{
	const struct msg_pl *sa, *nonce, *ke;
	int err;

	if ((sa = msg_find(m, IKE_PL_SA, 0)) == NULL ||
	    (nonce = msg_find(m, IKE_PL_NONCE, 0)) == NULL ||
	    (ke = msg_find(m, IKE_PL_KE, 0)) == NULL)
		return IKE_EMALFORMED;
	if ((err = pld_sa_parse(sa->body, &in->sa)) < 0 ||
	    (err = pld_nonce_parse(nonce->body, &in->nonce)) < 0 ||
	    (err = pld_ke_parse(ke->body, &in->ke)) < 0)
		return err;
	in->n_props = prop_from_sa(&in->sa, in->props, PLD_SA_MAX_PROPS,
	    in->spis, in->nums);
	return IKE_OK;
}

/*
 * Initiator:
 *
 *   HDR, SK { SA(IKE, SPIi'), Ni, KEi }  -->
 *
 * The connection's IKE proposals with the new SPI, and a key exchange of
 * the group the SA uses now (or the one the peer asked for).
 */
int
xchg_rekey_start(struct ike_sa *sa, struct xchg_out *x)
{
	struct ike_engine *eng = sa->sa_eng;
	const struct ike_conn_cfg *conn = sa->sa_conn;
	uint16_t group = sa->sa_rk.group ? sa->sa_rk.group : sa->sa_sel.ke.id;
	struct pld_nonce n;
	struct pld_ke ke;
	uint8_t spi[8];
	int err;

	if (conn == NULL)
		return IKE_ESTATE;
	rekey_clear(sa);
	if ((err = sa_pick_spi(eng, &sa->sa_rk.spi)) < 0 ||
	    (err = ike_buf_alloc(&sa->sa_rk.ni, ENG_NONCE_LEN)) < 0 ||
	    (err = eng_rng(eng, sa->sa_rk.ni.ptr, sa->sa_rk.ni.len)) < 0 ||
	    (err = cry_dh_new(group, eng->eng_env.rng, eng->eng_env.rng_ctx,
	    &sa->sa_rk.dh)) < 0) {
		rekey_clear(sa);
		return err;
	}
	ike_put_be64(spi, sa->sa_rk.spi);
	xout_sa(x, conn->ike, conn->n_ike, 1, spi, sizeof(spi));
	n.data = ike_buf_view(&sa->sa_rk.ni);
	XOUT_ADD(x, IKE_PL_NONCE, pld_nonce_build, &n);
	ke.group = group;
	ke.data = cry_dh_public(sa->sa_rk.dh);
	XOUT_ADD(x, IKE_PL_KE, pld_ke_build, &ke);
	x->kind = XOUT_REQUEST;
	x->exchange = IKE_X_CREATE_CHILD_SA;
	x->req_kind = REQ_REKEY_IKE;
	eng_log(eng, IKE_LOG_INFO, sa->sa_name, "rekeying IKE SA %s", sa->sa_name);
	return x->err;
}

static int
rekey_refuse(struct ike_sa *sa, struct xchg_out *x, uint16_t type,
    const void *data, size_t len, const char *why)
{
	char nb[NAMES_BUFLEN];

	eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "IKE SA rekey refused "
	    "with %s: %s", names_str(NAMES_NOTIFY, type, nb, sizeof(nb)), why);
	return xout_notify(x, 0, type, NULL, 0, data, len);
}

/*
 * Responder:
 *
 *   HDR, SK { SA(IKE, SPIi'), Ni, KEi }  -->
 *       <--  HDR, SK { SA(IKE, SPIr'), Nr, KEr }
 *    or <--  HDR, SK { N(TEMPORARY_FAILURE | NO_PROPOSAL_CHOSEN |
 *                      INVALID_KE_PAYLOAD) }
 *
 * RFC 7296 2.25.2: while the SA is being deleted, or our own exchange of
 * a Child SA is out, TEMPORARY_FAILURE.  When our own rekey of the SA is
 * out, the answer is as usual and the nonces decide later (2.8.2); until
 * then the Child SAs stay where they are.
 */
int
xchg_rekey_r(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	struct ike_engine *eng = sa->sa_eng;
	const struct ike_conn_cfg *conn = sa->sa_conn;
	char why[PROP_WHY_MAX], nb[NAMES_BUFLEN];
	struct ike_proposal chosen;
	struct rekey_in *in = NULL;
	struct keys_ke_job job;
	struct ike_sa *nsa = NULL;
	struct prop_sel sel;
	struct pld_nonce n;
	struct pld_ke ke;
	size_t idx = 0;
	uint8_t g[2], spi[8];
	int err;

	memset(&job, 0, sizeof(job));
	x->kind = XOUT_RESPONSE;
	if (sa->sa_state != SA_S_ESTABLISHED || sa->sa_rk.redundant || conn == NULL)
		return rekey_refuse(sa, x, IKE_N_TEMPORARY_FAILURE, NULL, 0,
		    "the IKE SA is being deleted");
	if (sa->sa_rk.new != 0)
		return rekey_refuse(sa, x, IKE_N_TEMPORARY_FAILURE, NULL, 0,
		    "the IKE SA was rekeyed already");
	if (sa->sa_req.ptr != NULL && sa->sa_req_kind != REQ_REKEY_IKE &&
	    sa->sa_req_kind != REQ_LIVENESS)
		return rekey_refuse(sa, x, IKE_N_TEMPORARY_FAILURE, NULL, 0,
		    "an exchange of ours is in progress");
	if ((in = calloc(1, sizeof(*in))) == NULL)
		return IKE_ENOMEM;
	if ((err = rekey_parse(m, in)) < 0) {
		err = rekey_refuse(sa, x, IKE_N_INVALID_SYNTAX, NULL, 0,
		    "malformed request");
		goto out;
	}
	if (prop_select(in->props, in->n_props, conn->ike, conn->n_ike,
	    in->ke.group, &sel, &idx, why, sizeof(why)) < 0) {
		err = rekey_refuse(sa, x, IKE_N_NO_PROPOSAL_CHOSEN, NULL, 0, why);
		goto out;
	}
	if (in->spis[idx].len != 8 || ike_be64(in->spis[idx].ptr) == 0) {
		err = rekey_refuse(sa, x, IKE_N_INVALID_SYNTAX, NULL, 0,
		    "the proposal has no IKE SPI");
		goto out;
	}
	if (sel.ke.id != in->ke.group) {
		ike_put_be16(g, sel.ke.id);
		snprintf(why, sizeof(why), "we want %s",
		    names_str(NAMES_KE, sel.ke.id, nb, sizeof(nb)));
		err = rekey_refuse(sa, x, IKE_N_INVALID_KE_PAYLOAD, g, 2, why);
		goto out;
	}
	if ((err = eng_job_ke(eng, sel.ke.id, in->ke.data, &job)) < 0 &&
	    job.failed_at != KEYS_KE_SHARED)
		goto out;
	if (err < 0) {
		err = rekey_refuse(sa, x, IKE_N_INVALID_SYNTAX, NULL, 0,
		    "invalid key exchange value");
		goto out;
	}
	if ((err = rekey_make(sa, false, ike_be64(in->spis[idx].ptr), 0, &sel,
	    ike_buf_view(&job.secret), in->nonce.data, ike_buf_view(&job.nr), &nsa)) < 0) {
		eng_log(eng, IKE_LOG_WARN, sa->sa_name, "rekeying IKE SA %s "
		    "failed: %s", sa->sa_name, ike_strerror(err));
		err = xout_notify(x, 0, IKE_N_TEMPORARY_FAILURE, NULL, 0, NULL, 0);
		goto out;
	}
	if (sa->sa_req_kind == REQ_REKEY_IKE) {
		nsa->sa_rk.from = sa->sa_id;
		sa->sa_rk.crossed = nsa->sa_id;
		if ((err = keys_nonce_min(in->nonce.data, ike_buf_view(&job.nr),
		    &nsa->sa_rk.min)) < 0)
			goto out;
		eng_log(eng, IKE_LOG_INFO, sa->sa_name, "IKE SA rekey collision: "
		    "the peer's %s and ours cross", nsa->sa_name);
	} else {
		rekey_move(sa, nsa);
	}
	ike_put_be64(spi, nsa->sa_spi_r);
	prop_sel_to_proposal(&sel, &chosen);
	xout_sa(x, &chosen, 1, in->nums[idx], spi, sizeof(spi));
	n.data = ike_buf_view(&job.nr);
	XOUT_ADD(x, IKE_PL_NONCE, pld_nonce_build, &n);
	ke.group = sel.ke.id;
	ke.data = cry_dh_public(job.dh);
	XOUT_ADD(x, IKE_PL_KE, pld_ke_build, &ke);
	err = x->err;
out:
	free(in);
	keys_ke_job_free(&job);
	return err;
}

/* The peer would not rekey: try again, or leave it to the lifetimes. */
static void
rekey_refused(struct ike_sa *sa, const struct msg *m, struct ike_sa *crossed)
{
	struct ike_engine *eng = sa->sa_eng;
	char nb[NAMES_BUFLEN];
	struct pld_notify n;
	uint16_t type, r = 0;

	type = msg_error_notify(m, &n);
	if (crossed != NULL) {
		/* RFC 7296 2.25.2: the peer's rekey stands. */
		eng_log(eng, IKE_LOG_INFO, sa->sa_name, "IKE SA rekey refused "
		    "(%s); the peer's %s replaces %s",
		    names_str(NAMES_NOTIFY, type, nb, sizeof(nb)),
		    crossed->sa_name, sa->sa_name);
		rekey_move(sa, crossed);
		return;
	}
	if (++sa->sa_rk.tries <= REKEY_TRIES && type == IKE_N_INVALID_KE_PAYLOAD &&
	    n.data.len == 2) {
		sa->sa_rk.group = ike_be16(n.data.ptr);
		sa->sa_rk.rekey_at = eng->eng_now;
		eng_log(eng, IKE_LOG_INFO, sa->sa_name, "peer wants %s for the "
		    "IKE SA rekey", names_str(NAMES_KE, sa->sa_rk.group, nb,
		    sizeof(nb)));
		return;
	}
	if (sa->sa_rk.tries <= REKEY_TRIES && type == IKE_N_TEMPORARY_FAILURE) {
		eng_rng(eng, &r, sizeof(r));
		sa->sa_rk.rekey_at = eng->eng_now + 1000 + r % 2000;
		eng_log(eng, IKE_LOG_INFO, sa->sa_name, "peer is busy, rekeying "
		    "IKE SA %s again in %u ms", sa->sa_name,
		    (unsigned)(sa->sa_rk.rekey_at - eng->eng_now));
		return;
	}
	eng_log(eng, IKE_LOG_WARN, sa->sa_name, "peer refused to rekey IKE SA "
	    "%s: %s", sa->sa_name, type ? names_str(NAMES_NOTIFY, type, nb,
	    sizeof(nb)) : "unusable answer");
}

/*
 * Initiator, the answer:
 *
 *   <--  HDR, SK { SA(IKE, SPIr'), Nr, KEr }
 *   HDR, SK { D(IKE) }  -->                    (on the old SA)
 *
 * With the peer's rekey crossing ours (RFC 7296 2.8.2), two new SAs
 * exist; the one whose exchange had the lowest of the four nonces is
 * redundant and deleted by its initiator, and the initiator of the other
 * deletes the old SA:
 *
 *   HDR, SK { SA, Ni1, KEi }  -->
 *       <--  HDR, SK { SA, Ni2, KEi }
 *   HDR, SK { SA, Nr2, KEr }  -->
 *       <--  HDR, SK { SA, Nr1, KEr }
 *   min(Ni1, Nr1) < min(Ni2, Nr2):  HDR(new SA 1), SK { D(IKE) }  -->
 *   otherwise:                      HDR(old SA), SK { D(IKE) }  -->
 */
int
xchg_rekey_i(struct ike_sa *sa, const struct msg *m, struct xchg_out *x)
{
	struct ike_engine *eng = sa->sa_eng;
	const struct ike_conn_cfg *conn = sa->sa_conn;
	struct ike_sa *crossed = rekey_crossed(sa), *nsa = NULL;
	struct ike_buf secret = { NULL, 0 }, mine = { NULL, 0 };
	char why[PROP_WHY_MAX];
	struct rekey_in *in = NULL;
	struct prop_sel sel;
	bool lost;
	int err = IKE_OK;

	if (msg_find(m, IKE_PL_SA, 0) == NULL || conn == NULL ||
	    sa->sa_rk.dh == NULL) {
		rekey_refused(sa, m, crossed);
		goto out;
	}
	if ((in = calloc(1, sizeof(*in))) == NULL) {
		err = IKE_ENOMEM;
		goto out;
	}
	if ((err = rekey_parse(m, in)) < 0 || in->n_props != 1 ||
	    in->spis[0].len != 8 || ike_be64(in->spis[0].ptr) == 0 ||
	    prop_accept(&in->props[0], conn->ike, conn->n_ike, &sel, why,
	    sizeof(why)) < 0 || in->ke.group != cry_dh_group(sa->sa_rk.dh) ||
	    sel.ke.id != in->ke.group ||
	    cry_dh_shared(sa->sa_rk.dh, in->ke.data, &secret) < 0) {
		eng_log(eng, IKE_LOG_WARN, sa->sa_name, "unusable answer to our "
		    "IKE SA rekey: %s", err < 0 ? ike_strerror(err) :
		    "proposal, SPI or key exchange do not fit ours");
		err = IKE_OK;
		rekey_refused(sa, m, crossed);
		goto out;
	}
	if ((err = rekey_make(sa, true, sa->sa_rk.spi, ike_be64(in->spis[0].ptr),
	    &sel, ike_buf_view(&secret), ike_buf_view(&sa->sa_rk.ni),
	    in->nonce.data, &nsa)) < 0) {
		eng_log(eng, IKE_LOG_WARN, sa->sa_name, "rekeying IKE SA %s "
		    "failed: %s", sa->sa_name, ike_strerror(err));
		if (crossed != NULL)
			rekey_move(sa, crossed);
		goto out;
	}
	if (crossed != NULL) {
		if ((err = keys_nonce_min(ike_buf_view(&sa->sa_rk.ni),
		    in->nonce.data, &mine)) < 0)
			goto out;
		lost = keys_nonce_lt(ike_buf_view(&mine),
		    ike_buf_view(&crossed->sa_rk.min));
		eng_log(eng, IKE_LOG_INFO, sa->sa_name, "IKE SA rekey collision: "
		    "ours (%s) %s, the peer's (%s) %s", nsa->sa_name,
		    lost ? "lost" : "won", crossed->sa_name,
		    lost ? "stays" : "goes");
		if (lost) {
			/* The peer deletes the old SA; we delete ours. */
			nsa->sa_rk.redundant = true;
			rekey_move(sa, crossed);
			goto out;
		}
		/* The peer deletes its own; if it does not, we do. */
		crossed->sa_rk.from = 0;
		ike_buf_free(&crossed->sa_rk.min);
		crossed->sa_rk.life_at = eng->eng_now + REKEY_LINGER_MS;
		crossed->sa_rk.rekey_at = crossed->sa_rk.reauth_at = 0;
		sa_touch(crossed);
	}
	rekey_move(sa, nsa);
	sa->sa_rk.life_at = 0;
	err = xsend_delete_ike(sa, x);
out:
	rekey_clear(sa);
	ike_buf_free(&secret);
	ike_buf_free(&mine);
	free(in);
	return err;
}

/* Deletes the IKE SA (its Child SAs go now, the SA with the answer). */
static int
rekey_delete(struct ike_sa *sa, uint64_t now, const char *why,
    struct ike_out *out)
{
	int err;

	eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "%s", why);
	while (sa->sa_children != NULL)
		child_destroy(sa->sa_children, why);
	sa->sa_rk.life_at = sa->sa_rk.rekey_at = sa->sa_rk.reauth_at = 0;
	err = xsend_start(sa, xsend_fill_delete_ike, NULL, now, out, NULL);
	if (err < 0)
		sa_kill(sa, why);
	else
		sa->sa_state = SA_S_DELETING;
	return 1;
}

uint64_t
xchg_rekey_due(const struct ike_sa *sa)
{
	uint64_t t = UINT64_MAX;

	if (sa->sa_rk.redundant)
		return sa->sa_eng->eng_now;
	if (sa->sa_rk.life_at != 0 && sa->sa_rk.life_at < t)
		t = sa->sa_rk.life_at;
	if (sa->sa_rk.rekey_at != 0 && sa->sa_rk.rekey_at < t)
		t = sa->sa_rk.rekey_at;
	if (sa->sa_rk.reauth_at != 0 && sa->sa_rk.reauth_at < t)
		t = sa->sa_rk.reauth_at;
	return t;
}

static int
rekey_fill(struct ike_sa *sa, const void *arg, struct xchg_out *x)
{
	(void)arg;
	return xchg_rekey_start(sa, x);
}

int
xchg_rekey_work(struct ike_sa *sa, uint64_t now, struct ike_out *out)
{
	struct ike_sa *old;
	int err;

	/* A reauthentication is complete once its Child SAs are all
	 * there: the SA it replaces goes (make-before-break). */
	if (sa->sa_rk.reauth_of != 0 && sa->sa_cc.n_want == 0 &&
	    sa->sa_pending == NULL) {
		if ((old = sa_by_id(sa->sa_eng, sa->sa_rk.reauth_of)) != NULL) {
			eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "IKE SA %s "
			    "reauthenticated as %s", old->sa_name, sa->sa_name);
			old->sa_rk.new = sa->sa_id;
			old->sa_rk.life_at = now;
			sa_touch(old);
		}
		sa->sa_rk.reauth_of = 0;
	}
	if (sa->sa_rk.redundant)
		return rekey_delete(sa, now, "deleting the redundant IKE SA of "
		    "a rekey collision", out);
	if (sa->sa_rk.life_at != 0 && now >= sa->sa_rk.life_at)
		return rekey_delete(sa, now, sa->sa_rk.new != 0 ?
		    "deleting the IKE SA that was replaced" :
		    "hard lifetime of the IKE SA reached", out);
	if (sa->sa_rk.new != 0)
		return 0;
	if (sa->sa_rk.reauth_at != 0 && now >= sa->sa_rk.reauth_at) {
		sa->sa_rk.reauth_at = 0;
		return XCHG_REKEY_REAUTH;
	}
	if (sa->sa_rk.rekey_at == 0 || now < sa->sa_rk.rekey_at)
		return 0;
	sa->sa_rk.rekey_at = 0;
	err = xsend_start(sa, rekey_fill, NULL, now, out, NULL);
	if (err < 0) {
		rekey_clear(sa);
		eng_log(sa->sa_eng, IKE_LOG_WARN, sa->sa_name, "rekeying IKE SA "
		    "failed: %s", ike_strerror(err));
		return 0;
	}
	return 1;
}
