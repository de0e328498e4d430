/* SPDX-License-Identifier: ISC */
/*
 * prop.h - proposal selection (RFC 7296 2.7, 3.3): the responder picks the
 * first of the initiator's proposals its config accepts, the initiator
 * checks the one proposal the responder returned, and both can say in one
 * line why nothing matched.  Proposals are struct ike_proposal (cfg.h),
 * the form the config and the SA payload codec share.
 */
#ifndef SAKER_PROP_H
#define SAKER_PROP_H

#include "cfg.h"
#include "pld.h"

/* The outcome: one transform per type; type 0 marks an absent one. */
struct prop_sel {
	uint8_t		 proto;		/* IKE_PROTO_IKE or IKE_PROTO_ESP */
	struct ike_xform encr, prf, integ, ke, esn;
};

/* Room for a "no proposal chosen" reason naming both sides' lists. */
#define PROP_WHY_MAX	512

/*
 * The responder's choice: walks the peer's proposals in their order and
 * takes the first that one of ours accepts; within a type, the first of
 * the peer's transforms we also have, except that ke_hint (the group of
 * the peer's KE payload, 0 for none) wins when both sides have it, so
 * that an acceptable KE payload is used rather than asked again.
 * Absent INTEG, KE and ESN transforms count as NONE/NO_ESN.  A peer
 * proposal with a transform type we do not know is not acceptable.
 * On success *sel is set and *peer_idx (if not NULL) is the index of the
 * chosen peer proposal.  IKE_ENOPROPOSAL otherwise, with a reason such as
 * "peer offered A/B/C, we accept D/E/F: no match in ENCR" written into
 * why (if not NULL, whylen bytes).
 */
int	prop_select(const struct ike_proposal *peer, size_t n_peer,
	    const struct ike_proposal *ours, size_t n_ours, uint16_t ke_hint,
	    struct prop_sel *sel, size_t *peer_idx, char *why, size_t whylen);

/*
 * The initiator's check of the responder's answer: exactly one
 * transform of each type present, and acceptable to one of ours.
 * IKE_ENOPROPOSAL with the reason in why otherwise.
 */
int	prop_accept(const struct ike_proposal *resp,
	    const struct ike_proposal *ours, size_t n_ours,
	    struct prop_sel *sel, char *why, size_t whylen);

/* The chosen transforms as a proposal again (for the response's SA
 * payload): ENCR, PRF, INTEG, KE, ESN, absent ones left out, except that
 * ESP always carries its ESN transform (RFC 7296 3.3.3). */
void	prop_sel_to_proposal(const struct prop_sel *, struct ike_proposal *out);

/* 1 if one of the proposals has the transform (type, id), else 0. */
int	prop_has_xf(const struct ike_proposal *, size_t n, uint8_t type,
	    uint16_t id);
/* The first KE group of a proposal list, 0 if none. */
uint16_t prop_first_ke(const struct ike_proposal *, size_t n);

/* Formats "AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE25519" (ENCR, INTEG,
 * PRF, KE, ESN order); several proposals joined with ", ". */
void	prop_format(const struct ike_proposal *, size_t n, char *buf, size_t len);
void	prop_sel_format(const struct prop_sel *, char *buf, size_t len);

/* Converts the proposals of an SA payload into config proposals; those
 * with transform attributes we do not know get an impossible transform
 * type so that selection refuses them (RFC 7296 3.3.6).  The SPI of
 * each goes to spis[i] and its number to nums[i] (if not NULL). */
size_t	prop_from_sa(const struct pld_sa *, struct ike_proposal *out,
	    size_t cap, struct ike_bytes *spis, uint8_t *nums);

#endif /* SAKER_PROP_H */
