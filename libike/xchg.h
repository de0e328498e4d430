/* SPDX-License-Identifier: ISC */
/*
 * xchg.h - the exchange table and its steps, one file per exchange
 * (xchg.c, xchg_*.c).
 * Internal to libike's engine; the daemon sees ike.h.
 */
#ifndef SAKER_XCHG_H
#define SAKER_XCHG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sa.h"

struct ike_cred_local;

enum xchg_dir { XD_REQ = 0, XD_RESP = 1 };

typedef int (*xchg_step_fn)(struct ike_sa *, const struct msg *,
	    struct xchg_out *);

struct xchg_rule {
	enum sa_state	 state;
	uint8_t		 exchange;
	enum xchg_dir	 dir;
	uint32_t	 required, allowed;	/* RULES_PL() sets */
	xchg_step_fn	 step;
	enum sa_state	 next;
};

/* The table, for the unit test that walks it. */
const struct xchg_rule *xchg_table(size_t *n);

/* The row for a state, exchange, direction and payload set, or NULL. */
const struct xchg_rule *xchg_find(enum sa_state, uint8_t exchange,
	    enum xchg_dir, uint32_t present);

/* A datagram for sa (found or made by engine.c), received on local from
 * remote. */
int	xchg_input(struct ike_sa *, uint64_t now, const struct ike_addr *local,
	    const struct ike_addr *remote, const uint8_t *pkt, size_t len,
	    struct ike_out *);

/* ---- the steps, one file per exchange ---------------------------------- */

int	xchg_init_start(struct ike_sa *, struct xchg_out *);	/* initiator */
int	xchg_init_r(struct ike_sa *, const struct msg *, struct xchg_out *);
int	xchg_init_i(struct ike_sa *, const struct msg *, struct xchg_out *);
int	xchg_init_i_notify(struct ike_sa *, const struct msg *, struct xchg_out *);

int	xchg_auth_start(struct ike_sa *, struct xchg_out *);	/* initiator */
int	xchg_auth_r(struct ike_sa *, const struct msg *, struct xchg_out *);
int	xchg_auth_i(struct ike_sa *, const struct msg *, struct xchg_out *);
int	xchg_auth_i_notify(struct ike_sa *, const struct msg *, struct xchg_out *);

/* Certificates (xchg_cert.c). */
struct ike_cred_local;

/* IKE_SA_INIT, both roles: notes the peer's SIGNATURE_HASH_ALGORITHMS
 * and CERTREQ in m (NULL: none yet), then (x not NULL) adds our notify
 * and, when certreq is set, our CERTREQ for every loaded CA.  Nothing
 * without a creds plugin. */
int	xchg_cert_init(struct ike_sa *, const struct msg *m, bool certreq,
	    struct xchg_out *);

/* IKE_AUTH request: adds the CA key hashes of the peer's CERTREQs in m. */
int	xchg_cert_note_certreq(struct ike_sa *, const struct msg *);

/* Our certificate for the SA's connection (local auth pubkey), picked
 * with the peer's CERTREQ; fails the SA when there is none. */
int	xchg_cert_pick(struct ike_sa *, struct ike_cred_local *);

/* CERT payloads of our chain; CERTREQ for the CAs conn's remote side
 * trusts. */
int	xchg_cert_add_certs(struct ike_sa *, const struct ike_cred_local *,
	    struct xchg_out *);
int	xchg_cert_add_certreq(struct ike_sa *, struct xchg_out *);

/* Our AUTH payload signed with the picked key (sa_lid must be set). */
int	xchg_cert_add_auth(struct ike_sa *, const struct ike_cred_local *,
	    struct xchg_out *);

/* Checks the peer's signature AUTH: the CERT payloads in m, its ID
 * (sa_rid, whose payload body is id_body).  IKE_OK, or the SA failed
 * with IKE_EAUTH and the reason. */
int	xchg_cert_check(struct ike_sa *, const struct msg *m,
	    struct ike_bytes id_body, const struct pld_auth *auth);

/* 1 if an AUTH method is a signature (1, 9, 10, 11, 14). */
int	xchg_cert_is_sig(uint8_t method);

int	xchg_info_r(struct ike_sa *, const struct msg *, struct xchg_out *);
int	xchg_info_i(struct ike_sa *, const struct msg *, struct xchg_out *);
int	xchg_child_r(struct ike_sa *, const struct msg *, struct xchg_out *);
int	xchg_child_i(struct ike_sa *, const struct msg *, struct xchg_out *);

/* A CREATE_CHILD_SA request for cfg, rekeying old when not NULL. */
int	xchg_child_start(struct ike_sa *, const struct ike_child_cfg *,
	    struct child_sa *old, struct xchg_out *);

/* Child SA negotiation, shared by IKE_AUTH and CREATE_CHILD_SA
 * (xchg_child.c).  create is true for CREATE_CHILD_SA (own nonces,
 * optional PFS key exchange), false for IKE_AUTH. */
struct xchg_child_in {
	struct pld_sa		 sa;
	struct ike_proposal	 props[PLD_SA_MAX_PROPS];
	struct ike_bytes	 spis[PLD_SA_MAX_PROPS];
	uint8_t			 nums[PLD_SA_MAX_PROPS];
	size_t			 n_props;
	struct pld_ts		 tsi, tsr;
	struct pld_nonce	 nonce;
	struct pld_ke		 ke;
	bool			 has_nonce, has_ke;
	bool			 transport;
	bool			 rekey;		/* N(REKEY_SA) for ESP */
	uint32_t		 rekey_spi;
};

/* Parses what of SA, TSi, TSr, Nonce, KE, USE_TRANSPORT_MODE and REKEY_SA
 * m holds.  A pld_*_parse error. */
int	xchg_child_parse(const struct msg *, struct xchg_child_in *);

/* Responder: picks the child config (old's when rekeying), narrows,
 * selects, installs, and appends the answer (SA, [Nr, KEr], TSi, TSr),
 * or the notify saying why not.  Child failures return IKE_OK. */
int	xchg_child_respond(struct ike_sa *, struct xchg_child_in *,
	    struct child_sa *old, bool create, struct xchg_out *);

/* Initiator: appends SA, [Ni, KEi], TSi, TSr for ch. */
int	xchg_child_propose(struct ike_sa *, struct child_sa *, bool create,
	    struct xchg_out *);

/* Initiator: checks the answer for ch and installs it, or destroys ch
 * (asking the peer to delete it when it made one we refuse). */
int	xchg_child_accept(struct ike_sa *, struct child_sa *, const struct msg *,
	    bool create, struct xchg_out *);
uint32_t xchg_spi32(struct ike_bytes);

/* ---- xchg_rekey.c: rekeying the IKE SA, lifetimes, collisions ---------- */

/* Arms the IKE SA's rekey, reauthentication and hard lifetime timers
 * from its connection (rekey-time minus up to rand-time). */
void	xchg_rekey_schedule(struct ike_sa *);

/* Initiator: HDR, SK { SA(IKE, new SPIi), Ni, KEi }.  RNG/DH errors. */
int	xchg_rekey_start(struct ike_sa *, struct xchg_out *);

/* Responder of an IKE SA rekey (a CREATE_CHILD_SA without TSi). */
int	xchg_rekey_r(struct ike_sa *, const struct msg *, struct xchg_out *);

/* Initiator: the answer to xchg_rekey_start's request. */
int	xchg_rekey_i(struct ike_sa *, const struct msg *, struct xchg_out *);

/* The SA that takes over sa's children when sa goes (its rekey), or NULL;
 * moves them there. */
struct ike_sa *xchg_rekey_handover(struct ike_sa *);

/* Lifetime work that is due (called from the work step with the window
 * free): a redundant or expired SA is deleted, a rekey started.  1 if it
 * sent a request, XCHG_REKEY_REAUTH when the SA is due to be
 * reauthenticated (the caller starts that), else 0. */
#define XCHG_REKEY_REAUTH	2
int	xchg_rekey_work(struct ike_sa *, uint64_t now, struct ike_out *);
uint64_t xchg_rekey_due(const struct ike_sa *);

#endif /* SAKER_XCHG_H */
