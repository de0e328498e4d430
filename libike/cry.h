/* SPDX-License-Identifier: ISC */
/*
 * cry.h - the cryptographic primitives of IKEv2 as libike uses them:
 * pseudo-random functions and prf+ (RFC 7296 2.13), hashes, key exchange
 * objects for the MODP, ECP and Montgomery-curve groups (RFC 3526, 5903,
 * 8031), protection of the Encrypted (SK) payload (RFC 7296 3.14, RFC
 * 5282, 7634, 4868) and the table mapping ESP transforms to the kernel's
 * algorithm names.  Algorithms are named by their IANA transform IDs
 * (iana.h).  Nothing here keeps global state; randomness is always passed
 * in as an ike_rng_fn so tests are deterministic.  Implemented over GnuTLS
 * (hashes, HMAC, ciphers, AEAD), Nettle (elliptic curves) and GMP (MODP).
 */
#ifndef SAKER_CRY_H
#define SAKER_CRY_H

#include "ike.h"

struct kx_alg;

/* ---- PRF and hashes (cry_hash.c) -------------------------------------- */

/* Largest PRF output and hash output of anything supported (SHA-512). */
#define CRY_PRF_MAX	64
#define CRY_HASH_MAX	64

/* Output length in bytes of PRF prf (IKE_PRF_*), 0 if unsupported. */
size_t	cry_prf_len(uint16_t prf);
/* The key length the PRF prefers, for SK_d/SK_pi/SK_pr (RFC 7296 2.13:
 * the PRF's output length for the HMAC PRFs); 0 if unsupported. */
size_t	cry_prf_keylen(uint16_t prf);

/*
 * prf(key, in[0] | in[1] | ... | in[n_in-1]) into out, which must hold
 * cry_prf_len(prf) bytes.  The HMAC PRFs take keys of any length, so
 * callers pass whole Ni | Nr (RFC 7296 2.14 halves the nonces only for
 * PRFs with a fixed key size such as AES-XCBC, which are not supported).
 * Errors: IKE_EUNSUPPORTED, IKE_EINVAL (GnuTLS failure).
 */
int	cry_prf(uint16_t prf, struct ike_bytes key,
	    const struct ike_bytes *in, size_t n_in, uint8_t *out);

/*
 * prf+ (RFC 7296 2.13): T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n),
 * concatenated and cut to len bytes, with S = in[0] | ... | in[n_in-1].
 * *out receives a newly allocated buffer (any previous contents are freed)
 * that the caller frees with ike_buf_free(), which wipes it.
 * Errors: IKE_EUNSUPPORTED, IKE_EINVAL (len > 255 * prf length),
 * IKE_ENOMEM.
 */
int	cry_prf_plus(uint16_t prf, struct ike_bytes key,
	    const struct ike_bytes *in, size_t n_in, size_t len,
	    struct ike_buf *out);

enum cry_hash {
	CRY_SHA1,		/* 20 bytes: NAT-D (RFC 7296 2.23), CERTREQ */
	CRY_SHA256,		/* 32 bytes */
	CRY_SHA384,		/* 48 bytes */
	CRY_SHA512,		/* 64 bytes */
};
/* Output length of hash h in bytes, 0 if unknown. */
size_t	cry_hash_len(enum cry_hash h);
/* hash(in[0] | ... | in[n_in-1]) into out (cry_hash_len(h) bytes).
 * Errors: IKE_EUNSUPPORTED, IKE_EINVAL. */
int	cry_hash(enum cry_hash h, const struct ike_bytes *in, size_t n_in,
	    uint8_t *out);

/* ---- Key exchange (cry_dh.c) ------------------------------------------ */

/*
 * One side of a key exchange: a private value and its public value.
 * Supported groups: IKE_KE_MODP2048/3072/4096 (RFC 3526),
 * IKE_KE_ECP256/384/521 (RFC 5903), IKE_KE_CURVE25519/448 (RFC 8031).
 * Creating one computes the public value, which is the expensive part: it
 * is meant to run as a job.  Private values are wiped on free.
 */
struct cry_dh;

/* 1 if group is supported, else 0. */
int	cry_dh_supported(uint16_t group);
/* Length of the group's public value (the KE payload data) in bytes, and
 * of the shared secret; 0 if unsupported. */
size_t	cry_dh_pub_len(uint16_t group);
size_t	cry_dh_secret_len(uint16_t group);

/* A fresh private value from rng(rng_ctx, ...), with its public value.
 * Errors: IKE_EUNSUPPORTED, IKE_ENOMEM, the rng's error. */
int	cry_dh_new(uint16_t group, ike_rng_fn rng, void *rng_ctx,
	    struct cry_dh **out);
/*
 * The same with a given private value (known-answer tests): a big-endian
 * integer for MODP and ECP, which must lie in 1 .. p-2 (MODP) or
 * 1 .. order-1 (ECP), else IKE_EINVAL; the raw scalar for Curve25519/448
 * (32/56 bytes, clamped by the curve function as RFC 7748 says).
 * Errors: IKE_EUNSUPPORTED, IKE_EINVAL, IKE_ENOMEM.
 */
int	cry_dh_new_private(uint16_t group, struct ike_bytes priv,
	    struct cry_dh **out);
void	cry_dh_free(struct cry_dh *);		/* wipes; NULL ok */

uint16_t cry_dh_group(const struct cry_dh *);
/* The public value as sent in the KE payload; valid while dh lives. */
struct ike_bytes cry_dh_public(const struct cry_dh *);

/*
 * The shared secret g^ir from the peer's KE payload data, as RFC 7296
 * 2.14 / RFC 5903 / RFC 8031 encode it (MODP: padded to the modulus
 * length; ECP: the x coordinate; Curve25519/448: the u coordinate).
 * *secret receives a new buffer, wiped by ike_buf_free().
 * Errors: IKE_EKEVALUE (wrong length, MODP value outside 1 < y < p-1,
 * point not on the curve, all-zero Curve25519/448 result), IKE_ENOMEM.
 */
int	cry_dh_shared(const struct cry_dh *, struct ike_bytes peer,
	    struct ike_buf *secret);

/* ---- SK payload protection (cry_sk.c) --------------------------------- */

/*
 * Key lengths for a negotiated transform, in bytes.  encr is IKE_ENCR_*,
 * keybits the Key Length attribute (0 when absent; AES requires it,
 * ChaCha20-Poly1305 forbids it).  The encryption key length of AEAD
 * ciphers includes the 4-byte salt (RFC 5282 7.1, RFC 7634 2).  integ is
 * IKE_INTEG_*; IKE_INTEG_NONE has length 0 (for AEAD).
 * Supported: AES-GCM-16 (128/192/256), ChaCha20-Poly1305, AES-CBC
 * (128/192/256); HMAC-SHA1-96, HMAC-SHA2-256-128/384-192/512-256.
 * Errors: IKE_EUNSUPPORTED.
 */
int	cry_encr_keylen(uint16_t encr, uint16_t keybits, size_t *len);
int	cry_integ_keylen(uint16_t integ, size_t *len);
/* 1 if encr is an AEAD cipher (needs no integrity transform), else 0. */
int	cry_encr_is_aead(uint16_t encr);

/*
 * The keys protecting the SK payloads one side sends: SK_ei/SK_ai for
 * messages from the initiator, SK_er/SK_ar for those from the responder.
 */
struct cry_sk;

/*
 * ekey must be cry_encr_keylen() bytes (key | salt for AEAD), akey
 * cry_integ_keylen() bytes (empty for AEAD, whose integ must be
 * IKE_INTEG_NONE; a non-AEAD cipher needs an integrity algorithm).
 * The keys are copied.  Errors: IKE_EUNSUPPORTED, IKE_EINVAL (key lengths
 * or combination), IKE_ENOMEM.
 */
int	cry_sk_new(uint16_t encr, uint16_t keybits, uint16_t integ,
	    struct ike_bytes ekey, struct ike_bytes akey, struct cry_sk **out);
void	cry_sk_free(struct cry_sk *);		/* wipes; NULL ok */

/* The sizes that frame the SK payload body: IV, ICV, and the smallest
 * body that can be valid. */
size_t	cry_sk_iv_len(const struct cry_sk *);
size_t	cry_sk_icv_len(const struct cry_sk *);
size_t	cry_sk_min_len(const struct cry_sk *);

/*
 * The exact length of the SK payload body (IV | encrypted payloads,
 * padding and pad length | ICV) for plain_len bytes of inner payloads.
 * The message builder sets the SK and IKE header lengths from it before
 * calling cry_sk_encrypt().
 */
size_t	cry_sk_enc_len(const struct cry_sk *, size_t plain_len);

/*
 * Encrypts plain (the inner payload chain) into out, which must be
 * exactly cry_sk_enc_len(plain.len) bytes: IV | ciphertext | ICV.
 * aad is every byte of the message before the SK payload body (the IKE
 * header, any unencrypted payloads, the SK generic header; for SKF also
 * its fragment fields), with all lengths already final.  The IV comes
 * from rng (RFC 7296 3.14); padding is zeros, the minimum for the block.
 * AEAD authenticates aad (RFC 5282 5.1); CBC+HMAC MACs aad | IV |
 * ciphertext (RFC 7296 3.14).  plain must not overlap out.
 * Errors: IKE_EINVAL (out_len wrong), the rng's error.
 */
int	cry_sk_encrypt(struct cry_sk *, struct ike_bytes aad,
	    struct ike_bytes plain, ike_rng_fn rng, void *rng_ctx,
	    uint8_t *out, size_t out_len);

/*
 * Verifies and decrypts an SK payload body (IV | ciphertext | ICV).
 * The integrity check runs first and in constant time; nothing is
 * decrypted from a body that fails it.  The inner payload chain, without
 * padding and pad length, goes to out (out_cap >= body.len suffices;
 * out must not overlap body) and its length to *plain_len.  Errors: IKE_ESHORT (body shorter than
 * cry_sk_min_len() or not a whole number of blocks), IKE_EINTEGRITY (ICV
 * or MAC wrong), IKE_EMALFORMED (pad length larger than the plaintext),
 * IKE_EINVAL (out_cap too small).
 */
int	cry_sk_decrypt(struct cry_sk *, struct ike_bytes aad,
	    struct ike_bytes body, uint8_t *out, size_t out_cap,
	    size_t *plain_len);

/* ---- ESP algorithms for the kernel (cry_esp.c) ------------------------ */

/*
 * Fills alg's names and bit lengths (aead or encr + integ, icv_bits,
 * trunc_bits) for an ESP proposal, and tells the key material lengths in
 * bytes.  enc_key/int_key are left empty: keys_child() (keys.h) takes
 * them from KEYMAT, encryption key first, then integrity key, all keys
 * from initiator to responder before those from responder to initiator
 * (RFC 7296 2.17).  For AEAD the encryption key includes the 4-byte salt
 * and integ must be IKE_INTEG_NONE.  Errors: IKE_EUNSUPPORTED.
 */
int	cry_esp_alg(uint16_t encr, uint16_t keybits, uint16_t integ,
	    struct kx_alg *alg, size_t *enc_len, size_t *int_len);

#endif /* SAKER_CRY_H */
