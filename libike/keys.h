/* SPDX-License-Identifier: ISC */
/*
 * keys.h - the IKEv2 key schedule (RFC 7296 2.13-2.18): SKEYSEED and the
 * IKE SA keys SK_d, SK_ai/ar, SK_ei/er, SK_pi/pr, the rekeyed SKEYSEED,
 * the KEYMAT of Child SAs with and without PFS, and the octets that AUTH
 * signs or MACs with the PSK computation.  Keys live in owned buffers that
 * are wiped when freed.  Pure functions over cry.h; no state.
 */
#ifndef SAKER_KEYS_H
#define SAKER_KEYS_H

#include "ike.h"
#include "prop.h"
#include "plugin.h"

struct cry_dh;

struct cry_sk;

/* The negotiated transforms a key schedule needs (IANA IDs, iana.h). */
struct keys_suite {
	uint16_t	prf;		/* IKE_PRF_*; unused for Child SAs */
	uint16_t	encr;		/* IKE_ENCR_* */
	uint16_t	keybits;	/* Key Length attribute, 0 if absent */
	uint16_t	integ;		/* IKE_INTEG_*, NONE with AEAD */
};

/* The keys of one IKE SA. */
struct keys_ike {
	struct keys_suite ks_suite;
	struct ike_buf	ks_d;			/* SK_d */
	struct ike_buf	ks_ai, ks_ar;		/* SK_ai, SK_ar (empty for AEAD) */
	struct ike_buf	ks_ei, ks_er;		/* SK_ei, SK_er (with salt) */
	struct ike_buf	ks_pi, ks_pr;		/* SK_pi, SK_pr */
	struct cry_sk	*ks_sk_i;		/* protects what the initiator sends */
	struct cry_sk	*ks_sk_r;		/* protects what the responder sends */
};

/*
 * A new IKE SA (RFC 7296 2.14):
 *   SKEYSEED = prf(Ni | Nr, g^ir)
 *   {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}
 *            = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr)
 * with the lengths the suite's transforms need.  The HMAC PRFs take the
 * whole Ni | Nr as key.  SPIs are host-order values, fed to the PRF in
 * network order as they appear in the IKE header.  dh is g^ir from
 * cry_dh_shared().  *out is set only on success; free with keys_ike_free().
 * Errors: IKE_EUNSUPPORTED, IKE_EINVAL, IKE_ENOMEM.
 */
int	keys_ike_derive(const struct keys_suite *, struct ike_bytes dh,
	    struct ike_bytes ni, struct ike_bytes nr, uint64_t spi_i,
	    uint64_t spi_r, struct keys_ike **out);

/*
 * A rekeyed IKE SA (RFC 7296 2.18):
 *   SKEYSEED = prf_old(SK_d(old), g^ir(new) | Ni | Nr)
 * then the keys as in keys_ike_derive() with the new suite's PRF, the new
 * SPIs and the nonces of the CREATE_CHILD_SA exchange.  Errors as above.
 */
int	keys_ike_rekey(const struct keys_ike *old,
	    const struct keys_suite *, struct ike_bytes dh,
	    struct ike_bytes ni, struct ike_bytes nr, uint64_t spi_i,
	    uint64_t spi_r, struct keys_ike **out);

/* SKEYSEED alone (RFC 7296 2.14), into out (cry_prf_len() bytes); for
 * tests and diagnostics.  Errors: IKE_EUNSUPPORTED, IKE_EINVAL. */
int	keys_skeyseed(uint16_t prf, struct ike_bytes dh, struct ike_bytes ni,
	    struct ike_bytes nr, uint8_t *out);

void	keys_ike_free(struct keys_ike *);	/* wipes; NULL ok */

/* The keys of one Child SA: KEYMAT and the four keys cut from it. */
struct keys_child {
	struct ike_buf	kc_keymat;
	/* Views into kc_keymat (RFC 7296 2.17 order). */
	struct ike_bytes kc_enc_i, kc_int_i;	/* initiator to responder */
	struct ike_bytes kc_enc_r, kc_int_r;	/* responder to initiator */
	/* Kernel names and bit lengths from cry_esp_alg(); no keys. */
	struct kx_alg	kc_alg;
};

/*
 * Child SA keys (RFC 7296 2.17): KEYMAT = prf+(SK_d, Ni | Nr), or with
 * PFS prf+(SK_d, g^ir(new) | Ni | Nr) when dh is not empty.  For the
 * first Child SA, Ni and Nr are those of IKE_SA_INIT.  esp carries the
 * ESP transforms (its prf member is ignored; ike's PRF is used).
 * *out is set only on success; free with keys_child_free().
 * Errors: IKE_EUNSUPPORTED, IKE_EINVAL, IKE_ENOMEM.
 */
int	keys_child_derive(const struct keys_ike *ike,
	    const struct keys_suite *esp, struct ike_bytes dh,
	    struct ike_bytes ni, struct ike_bytes nr, struct keys_child **out);

/*
 * The kernel algorithm of one direction of the Child SA: i2r is 1 for
 * the SA carrying traffic from initiator to responder, 0 for the other.
 * alg's key views point into kc; valid while kc lives.
 */
void	keys_child_alg(const struct keys_child *kc, int i2r, struct kx_alg *alg);

void	keys_child_free(struct keys_child *);	/* wipes; NULL ok */

/*
 * The octets AUTH covers (RFC 7296 2.15), for the side whose AUTH it is:
 *   RealMessage | NonceOfPeer | prf(SK_px, IDx')
 * real_msg is that side's first message (IKE_SA_INIT request for the
 * initiator, response for the responder), peer_nonce the other side's
 * nonce data, sk_p SK_pi (initiator) or SK_pr (responder), id_body the ID
 * payload body without the generic header (ID Type | RESERVED | data, see
 * keys_id_body()).  *out receives a new buffer.
 * Errors: IKE_EUNSUPPORTED, IKE_ENOMEM.
 */
int	keys_auth_octets(uint16_t prf, struct ike_bytes sk_p,
	    struct ike_bytes real_msg, struct ike_bytes peer_nonce,
	    struct ike_bytes id_body, struct ike_buf *out);

/* IDx' for an identity: type, three zero bytes, data.  IKE_ENOMEM. */
int	keys_id_body(const struct ike_id *, struct ike_buf *out);

/*
 * PSK authentication (RFC 7296 2.15):
 *   AUTH = prf(prf(Shared Secret, "Key Pad for IKEv2"), octets)
 * keys_auth_psk() writes cry_prf_len(prf) bytes to auth.
 * keys_auth_psk_verify() compares the received AUTH data in constant time:
 * IKE_OK if it matches, IKE_EAUTH if not (also on a length mismatch).
 * Errors otherwise: IKE_EUNSUPPORTED, IKE_EINVAL.
 */
int	keys_auth_psk(uint16_t prf, struct ike_bytes psk, struct ike_bytes octets,
	    uint8_t *auth);
int	keys_auth_psk_verify(uint16_t prf, struct ike_bytes psk,
	    struct ike_bytes octets, struct ike_bytes received);

/* 1 if a < b as RFC 7296 2.8.1 compares nonces (bytes, then length). */
int	keys_nonce_lt(struct ike_bytes a, struct ike_bytes b);
/* The lower of two nonces, copied into out.  IKE_ENOMEM. */
int	keys_nonce_min(struct ike_bytes a, struct ike_bytes b, struct ike_buf *out);
/* The suite of the IKE SA's proposal . */
void	keys_suite_of(const struct prop_sel *, struct keys_suite *);

/*
 * The responder's key exchange, one job for IKE_SA_INIT, CREATE_CHILD_SA
 * with PFS and the IKE SA rekey: a fresh nonce Nr, our key pair of the
 * group and, given the peer's KE value, the shared secret g^ir.  Inputs
 * in, outputs out, nothing of an SA touched: the job can run on any
 * thread (eng_job_ke() runs it for the engine).  failed_at says which
 * part failed; keys_ke_job_free() wipes the secret and frees the rest.
 */
enum keys_ke_stage { KEYS_KE_NONE, KEYS_KE_NONCE, KEYS_KE_PAIR, KEYS_KE_SHARED };
struct keys_ke_job {
	uint16_t		 group;		/* in: 0 = nonce only */
	struct ike_bytes	 peer_ke;	/* in: empty = no secret yet */
	size_t			 nonce_len;	/* in */
	ike_rng_fn		 rng;		/* in */
	void			*rng_ctx;
	struct ike_buf		 nr;		/* out */
	struct cry_dh		*dh;		/* out: ours, for KEr */
	struct ike_buf		 secret;	/* out: g^ir */
	enum keys_ke_stage	 failed_at;	/* out */
};
int	keys_ke_run(struct keys_ke_job *);
void	keys_ke_job_free(struct keys_ke_job *);
#endif /* SAKER_KEYS_H */
