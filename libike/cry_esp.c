/* SPDX-License-Identifier: ISC */
/*
 * cry_esp.c - the ESP transforms saker negotiates and the Linux kernel's
 * names for them (the crypto API names XFRM takes), with the ICV and
 * truncation lengths and the key material each needs from KEYMAT.  One
 * const table per transform type; the key lengths come from the same
 * functions the IKE SA uses, so the two cannot disagree.
 */
#include <string.h>

#include "cry.h"
#include "iana.h"
#include "plugin.h"

struct esp_encr {
	uint16_t	 id;
	const char	*name;
	int		 aead;
	uint16_t	 icv_bits;	/* AEAD only */
};

/* RFC 4106 (AES-GCM-16 for ESP, key | 4-octet salt), RFC 7634 2
 * (ChaCha20-Poly1305, key | 4-octet salt), RFC 3602 (AES-CBC). */
static const struct esp_encr esp_encr_table[] = {
	{ IKE_ENCR_AES_GCM_16,	      "rfc4106(gcm(aes))",		 1, 128 },
	{ IKE_ENCR_CHACHA20_POLY1305, "rfc7539esp(chacha20,poly1305)", 1, 128 },
	{ IKE_ENCR_AES_CBC,	      "cbc(aes)",			 0, 0 },
};

struct esp_integ {
	uint16_t	 id;
	const char	*name;
	uint16_t	 trunc_bits;
};

/* RFC 2404 (96-bit HMAC-SHA1), RFC 4868 2.3 (SHA-2 truncated to half). */
static const struct esp_integ esp_integ_table[] = {
	{ IKE_INTEG_HMAC_SHA1_96,      "hmac(sha1)",   96 },
	{ IKE_INTEG_HMAC_SHA2_256_128, "hmac(sha256)", 128 },
	{ IKE_INTEG_HMAC_SHA2_384_192, "hmac(sha384)", 192 },
	{ IKE_INTEG_HMAC_SHA2_512_256, "hmac(sha512)", 256 },
};

int
cry_esp_alg(uint16_t encr, uint16_t keybits, uint16_t integ,
    struct kx_alg *alg, size_t *enc_len, size_t *int_len)
{
	const struct esp_encr *e = NULL;
	const struct esp_integ *a = NULL;
	size_t i, elen, ilen;

	for (i = 0; i < sizeof(esp_encr_table) / sizeof(esp_encr_table[0]); i++)
		if (esp_encr_table[i].id == encr)
			e = &esp_encr_table[i];
	if (e == NULL || cry_encr_keylen(encr, keybits, &elen) < 0)
		return IKE_EUNSUPPORTED;
	if (e->aead) {
		/* RFC 4106 8.1 / RFC 7634 4: no integrity transform. */
		if (integ != IKE_INTEG_NONE)
			return IKE_EUNSUPPORTED;
		ilen = 0;
	} else {
		for (i = 0; i < sizeof(esp_integ_table) /
		    sizeof(esp_integ_table[0]); i++)
			if (esp_integ_table[i].id == integ)
				a = &esp_integ_table[i];
		if (a == NULL || cry_integ_keylen(integ, &ilen) < 0)
			return IKE_EUNSUPPORTED;
	}

	memset(alg, 0, sizeof(*alg));
	if (e->aead) {
		strcpy(alg->aead, e->name);
		alg->icv_bits = e->icv_bits;
	} else {
		strcpy(alg->encr, e->name);
		strcpy(alg->integ, a->name);
		alg->trunc_bits = a->trunc_bits;
	}
	*enc_len = elen;
	*int_len = ilen;
	return IKE_OK;
}
