/* SPDX-License-Identifier: ISC */
/*
 * cry_sk.c - protection of the Encrypted payload (RFC 7296 3.14): AES-GCM
 * with a 16-octet ICV (RFC 5282), ChaCha20-Poly1305 (RFC 7634) and AES-CBC
 * with the truncated HMACs of RFC 4868 (and HMAC-SHA1-96 for old peers),
 * over GnuTLS.  Also the key lengths of the negotiated transforms, which
 * the key schedule and the ESP table need.  A cry_sk only holds keys: every
 * operation sets up its GnuTLS handle, so one object can serve any number
 * of messages and has no state between them.
 */
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>

#include "cry.h"
#include "iana.h"

struct encr_info {
	uint16_t			 id;
	uint16_t			 keybits;
	gnutls_cipher_algorithm_t	 cipher;
	uint8_t				 key_len;	/* without salt */
	uint8_t				 salt_len;	/* AEAD: nonce = salt | IV */
	uint8_t				 iv_len;
	uint8_t				 block;		/* padding alignment */
	uint8_t				 icv_len;	/* AEAD tag */
};

/*
 * RFC 5282 7.1 and RFC 7634 2: the AEAD keys carry a 4-octet salt, the
 * explicit IV is 8 octets and the nonce is salt | IV.  RFC 7634 3 and
 * RFC 5282 3: no padding is needed, so AEAD pads to 1 octet.  RFC 3602:
 * AES-CBC has a 16-octet IV and block.
 */
static const struct encr_info encr_table[] = {
	{ IKE_ENCR_AES_GCM_16, 128, GNUTLS_CIPHER_AES_128_GCM, 16, 4, 8, 1, 16 },
	{ IKE_ENCR_AES_GCM_16, 192, GNUTLS_CIPHER_AES_192_GCM, 24, 4, 8, 1, 16 },
	{ IKE_ENCR_AES_GCM_16, 256, GNUTLS_CIPHER_AES_256_GCM, 32, 4, 8, 1, 16 },
	{ IKE_ENCR_CHACHA20_POLY1305, 0, GNUTLS_CIPHER_CHACHA20_POLY1305,
	  32, 4, 8, 1, 16 },
	{ IKE_ENCR_AES_CBC, 128, GNUTLS_CIPHER_AES_128_CBC, 16, 0, 16, 16, 0 },
	{ IKE_ENCR_AES_CBC, 192, GNUTLS_CIPHER_AES_192_CBC, 24, 0, 16, 16, 0 },
	{ IKE_ENCR_AES_CBC, 256, GNUTLS_CIPHER_AES_256_CBC, 32, 0, 16, 16, 0 },
};

struct integ_info {
	uint16_t		 id;
	gnutls_mac_algorithm_t	 mac;
	uint8_t			 key_len;
	uint8_t			 icv_len;	/* truncated output */
};

/* RFC 4868 2.1.1 / 2.3: key = full hash length, ICV = half of it;
 * RFC 2404 for HMAC-SHA1-96. */
static const struct integ_info integ_table[] = {
	{ IKE_INTEG_HMAC_SHA1_96,      GNUTLS_MAC_SHA1,   20, 12 },
	{ IKE_INTEG_HMAC_SHA2_256_128, GNUTLS_MAC_SHA256, 32, 16 },
	{ IKE_INTEG_HMAC_SHA2_384_192, GNUTLS_MAC_SHA384, 48, 24 },
	{ IKE_INTEG_HMAC_SHA2_512_256, GNUTLS_MAC_SHA512, 64, 32 },
};

#define SK_MAX_KEY	36	/* ChaCha20 key + salt */
#define SK_MAX_IKEY	64
#define SK_MAX_IV	16

struct cry_sk {
	const struct encr_info	*sk_encr;
	const struct integ_info	*sk_integ;	/* NULL for AEAD */
	uint8_t			 sk_ekey[SK_MAX_KEY];
	uint8_t			 sk_akey[SK_MAX_IKEY];
};

static const struct encr_info *
encr_find(uint16_t id, uint16_t keybits)
{
	size_t i;

	for (i = 0; i < sizeof(encr_table) / sizeof(encr_table[0]); i++)
		if (encr_table[i].id == id && encr_table[i].keybits == keybits)
			return &encr_table[i];
	return NULL;
}

static const struct integ_info *
integ_find(uint16_t id)
{
	size_t i;

	for (i = 0; i < sizeof(integ_table) / sizeof(integ_table[0]); i++)
		if (integ_table[i].id == id)
			return &integ_table[i];
	return NULL;
}

int
cry_encr_keylen(uint16_t encr, uint16_t keybits, size_t *len)
{
	const struct encr_info *e = encr_find(encr, keybits);

	if (e == NULL)
		return IKE_EUNSUPPORTED;
	*len = (size_t)e->key_len + e->salt_len;
	return IKE_OK;
}

int
cry_integ_keylen(uint16_t integ, size_t *len)
{
	const struct integ_info *a;

	if (integ == IKE_INTEG_NONE) {
		*len = 0;
		return IKE_OK;
	}
	if ((a = integ_find(integ)) == NULL)
		return IKE_EUNSUPPORTED;
	*len = a->key_len;
	return IKE_OK;
}

int
cry_encr_is_aead(uint16_t encr)
{
	return encr == IKE_ENCR_AES_GCM_16 ||
	    encr == IKE_ENCR_CHACHA20_POLY1305;
}

int
cry_sk_new(uint16_t encr, uint16_t keybits, uint16_t integ,
    struct ike_bytes ekey, struct ike_bytes akey, struct cry_sk **out)
{
	const struct encr_info *e = encr_find(encr, keybits);
	const struct integ_info *a = NULL;
	struct cry_sk *sk;

	if (e == NULL)
		return IKE_EUNSUPPORTED;
	if (e->icv_len > 0) {
		/* RFC 5282 8: AEAD takes no integrity transform. */
		if (integ != IKE_INTEG_NONE || akey.len != 0)
			return IKE_EINVAL;
	} else {
		if (integ == IKE_INTEG_NONE)
			return IKE_EINVAL;
		if ((a = integ_find(integ)) == NULL)
			return IKE_EUNSUPPORTED;
		if (akey.len != a->key_len)
			return IKE_EINVAL;
	}
	if (ekey.len != (size_t)e->key_len + e->salt_len)
		return IKE_EINVAL;
	if ((sk = calloc(1, sizeof(*sk))) == NULL)
		return IKE_ENOMEM;
	sk->sk_encr = e;
	sk->sk_integ = a;
	memcpy(sk->sk_ekey, ekey.ptr, ekey.len);
	if (akey.len > 0)
		memcpy(sk->sk_akey, akey.ptr, akey.len);
	*out = sk;
	return IKE_OK;
}

void
cry_sk_free(struct cry_sk *sk)
{
	if (sk == NULL)
		return;
	ike_memzero(sk, sizeof(*sk));
	free(sk);
}

size_t
cry_sk_iv_len(const struct cry_sk *sk)
{
	return sk->sk_encr->iv_len;
}

size_t
cry_sk_icv_len(const struct cry_sk *sk)
{
	return sk->sk_integ != NULL ? sk->sk_integ->icv_len :
	    sk->sk_encr->icv_len;
}

size_t
cry_sk_min_len(const struct cry_sk *sk)
{
	/* IV, one block holding at least the Pad Length octet, ICV. */
	return cry_sk_iv_len(sk) + sk->sk_encr->block + cry_sk_icv_len(sk);
}

/* Length of the encrypted part: payloads, padding and Pad Length, the
 * minimum padding that aligns them to the block (RFC 7296 3.14). */
static size_t
sk_ct_len(const struct cry_sk *sk, size_t plain_len)
{
	size_t b = sk->sk_encr->block;

	return (plain_len + 1 + b - 1) / b * b;
}

size_t
cry_sk_enc_len(const struct cry_sk *sk, size_t plain_len)
{
	return cry_sk_iv_len(sk) + sk_ct_len(sk, plain_len) +
	    cry_sk_icv_len(sk);
}

/* ---- AEAD (RFC 5282 5, RFC 7634 3) ---- */

static int
aead_init(const struct cry_sk *sk, gnutls_aead_cipher_hd_t *h,
    const uint8_t *iv, uint8_t *nonce)
{
	gnutls_datum_t k = { (unsigned char *)sk->sk_ekey, sk->sk_encr->key_len };

	/* The salt is the last 4 octets of the key material. */
	memcpy(nonce, sk->sk_ekey + sk->sk_encr->key_len, sk->sk_encr->salt_len);
	memcpy(nonce + sk->sk_encr->salt_len, iv, sk->sk_encr->iv_len);
	if (gnutls_aead_cipher_init(h, sk->sk_encr->cipher, &k) < 0)
		return IKE_EINVAL;
	return IKE_OK;
}

static int
aead_seal(const struct cry_sk *sk, struct ike_bytes aad, uint8_t *out,
    size_t ct_len)
{
	size_t iv_len = sk->sk_encr->iv_len, tag_len = sk->sk_encr->icv_len;
	gnutls_aead_cipher_hd_t h;
	giovec_t a = { (void *)aad.ptr, aad.len };
	giovec_t p = { out + iv_len, ct_len };
	uint8_t nonce[12];
	int ret;

	if ((ret = aead_init(sk, &h, out, nonce)) < 0)
		return ret;
	/* The associated data is everything before the IV (RFC 5282 5.1). */
	if (gnutls_aead_cipher_encryptv2(h, nonce, sizeof(nonce), &a,
	    aad.len > 0, &p, 1, out + iv_len + ct_len, &tag_len) < 0 ||
	    tag_len != sk->sk_encr->icv_len)
		ret = IKE_EINVAL;
	gnutls_aead_cipher_deinit(h);
	ike_memzero(nonce, sizeof(nonce));
	return ret;
}

static int
aead_open(const struct cry_sk *sk, struct ike_bytes aad,
    struct ike_bytes body, uint8_t *out, size_t ct_len)
{
	size_t iv_len = sk->sk_encr->iv_len;
	gnutls_aead_cipher_hd_t h;
	giovec_t a = { (void *)aad.ptr, aad.len };
	giovec_t p = { out, ct_len };
	uint8_t nonce[12];
	int ret;

	if ((ret = aead_init(sk, &h, body.ptr, nonce)) < 0)
		return ret;
	memcpy(out, body.ptr + iv_len, ct_len);
	/* Checks the tag: GnuTLS compares it in constant time. */
	if (gnutls_aead_cipher_decryptv2(h, nonce, sizeof(nonce), &a,
	    aad.len > 0, &p, 1, (void *)(body.ptr + iv_len + ct_len),
	    sk->sk_encr->icv_len) < 0) {
		ike_memzero(out, ct_len);
		ret = IKE_EINTEGRITY;
	}
	gnutls_aead_cipher_deinit(h);
	ike_memzero(nonce, sizeof(nonce));
	return ret;
}

/* ---- AES-CBC with HMAC (RFC 7296 3.14, RFC 4868) ---- */

/* The full HMAC over aad | IV | ciphertext. */
static int
cbc_mac(const struct cry_sk *sk, struct ike_bytes aad, const uint8_t *data,
    size_t len, uint8_t *mac)
{
	gnutls_hmac_hd_t h;
	int ret = IKE_OK;

	if (gnutls_hmac_init(&h, sk->sk_integ->mac, sk->sk_akey,
	    sk->sk_integ->key_len) < 0)
		return IKE_EINVAL;
	if ((aad.len > 0 && gnutls_hmac(h, aad.ptr, aad.len) < 0) ||
	    gnutls_hmac(h, data, len) < 0)
		ret = IKE_EINVAL;
	gnutls_hmac_deinit(h, ret == IKE_OK ? mac : NULL);
	return ret;
}

static int
cbc_crypt(const struct cry_sk *sk, const uint8_t *iv, uint8_t *buf,
    size_t len, int encrypt)
{
	gnutls_datum_t k = { (unsigned char *)sk->sk_ekey, sk->sk_encr->key_len };
	gnutls_datum_t v = { (unsigned char *)iv, sk->sk_encr->iv_len };
	gnutls_cipher_hd_t h;
	int r;

	if (gnutls_cipher_init(&h, sk->sk_encr->cipher, &k, &v) < 0)
		return IKE_EINVAL;
	r = encrypt ? gnutls_cipher_encrypt(h, buf, len) :
	    gnutls_cipher_decrypt(h, buf, len);
	gnutls_cipher_deinit(h);
	return r < 0 ? IKE_EINVAL : IKE_OK;
}

int
cry_sk_encrypt(struct cry_sk *sk, struct ike_bytes aad, struct ike_bytes plain,
    ike_rng_fn rng, void *rng_ctx, uint8_t *out, size_t out_len)
{
	size_t iv_len = cry_sk_iv_len(sk), ct_len = sk_ct_len(sk, plain.len);
	uint8_t mac[CRY_PRF_MAX];
	int ret;

	if (out_len != cry_sk_enc_len(sk, plain.len) ||
	    plain.len > out_len)
		return IKE_EINVAL;
	/* RFC 7296 3.14: a fresh, unpredictable IV for every message. */
	if ((ret = rng(rng_ctx, out, iv_len)) < 0)
		return ret;
	if (plain.len > 0)
		memmove(out + iv_len, plain.ptr, plain.len);
	/* Padding zeros, then Pad Length. */
	memset(out + iv_len + plain.len, 0, ct_len - plain.len);
	out[iv_len + ct_len - 1] = (uint8_t)(ct_len - plain.len - 1);

	if (sk->sk_integ == NULL)
		return aead_seal(sk, aad, out, ct_len);

	if ((ret = cbc_crypt(sk, out, out + iv_len, ct_len, 1)) < 0)
		return ret;
	/* Encrypt-then-MAC over the header through the ciphertext. */
	if ((ret = cbc_mac(sk, aad, out, iv_len + ct_len, mac)) < 0)
		return ret;
	memcpy(out + iv_len + ct_len, mac, sk->sk_integ->icv_len);
	ike_memzero(mac, sizeof(mac));
	return IKE_OK;
}

int
cry_sk_decrypt(struct cry_sk *sk, struct ike_bytes aad, struct ike_bytes body,
    uint8_t *out, size_t out_cap, size_t *plain_len)
{
	size_t iv_len = cry_sk_iv_len(sk), icv_len = cry_sk_icv_len(sk);
	uint8_t mac[CRY_PRF_MAX];
	size_t ct_len, pad;
	int ret;

	if (body.len < cry_sk_min_len(sk))
		return IKE_ESHORT;
	ct_len = body.len - iv_len - icv_len;
	if (ct_len % sk->sk_encr->block != 0)
		return IKE_ESHORT;
	if (out_cap < ct_len)
		return IKE_EINVAL;

	if (sk->sk_integ == NULL) {
		if ((ret = aead_open(sk, aad, body, out, ct_len)) < 0)
			return ret;
	} else {
		/* RFC 7296 3.14: integrity first, then decryption.  The
		 * comparison takes the same time wherever it differs. */
		if ((ret = cbc_mac(sk, aad, body.ptr, iv_len + ct_len, mac)) < 0)
			return ret;
		ret = ike_memeq_ct(mac, body.ptr + iv_len + ct_len, icv_len);
		ike_memzero(mac, sizeof(mac));
		if (!ret)
			return IKE_EINTEGRITY;
		memcpy(out, body.ptr + iv_len, ct_len);
		if ((ret = cbc_crypt(sk, body.ptr, out, ct_len, 0)) < 0)
			return ret;
	}

	/* RFC 7296 3.14: the padding's contents are not checked, only that
	 * Pad Length fits in what was decrypted. */
	pad = out[ct_len - 1];
	if (pad + 1 > ct_len) {
		ike_memzero(out, ct_len);
		return IKE_EMALFORMED;
	}
	*plain_len = ct_len - pad - 1;
	return IKE_OK;
}
