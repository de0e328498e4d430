/* SPDX-License-Identifier: ISC */
/*
 * cry_hash.c - the pseudo-random functions of IKEv2 (the HMAC PRFs of RFC
 * 2104 with SHA-1 and SHA-2, RFC 4868), prf+ (RFC 7296 2.13) and plain
 * hashes, over GnuTLS's HMAC and hash functions.
 */
#include <string.h>

#include <gnutls/crypto.h>

#include "cry.h"
#include "iana.h"

struct prf_info {
	uint16_t		 id;
	gnutls_mac_algorithm_t	 mac;
	size_t			 len;
};

/* RFC 7296 3.3.2 transform type 2; RFC 4868 2.1 for the SHA-2 ones. */
static const struct prf_info prf_table[] = {
	{ IKE_PRF_HMAC_SHA1,	 GNUTLS_MAC_SHA1,   20 },
	{ IKE_PRF_HMAC_SHA2_256, GNUTLS_MAC_SHA256, 32 },
	{ IKE_PRF_HMAC_SHA2_384, GNUTLS_MAC_SHA384, 48 },
	{ IKE_PRF_HMAC_SHA2_512, GNUTLS_MAC_SHA512, 64 },
};

static const struct prf_info *
prf_find(uint16_t prf)
{
	size_t i;

	for (i = 0; i < sizeof(prf_table) / sizeof(prf_table[0]); i++)
		if (prf_table[i].id == prf)
			return &prf_table[i];
	return NULL;
}

size_t
cry_prf_len(uint16_t prf)
{
	const struct prf_info *p = prf_find(prf);

	return p != NULL ? p->len : 0;
}

size_t
cry_prf_keylen(uint16_t prf)
{
	/* RFC 7296 2.13: for the HMAC PRFs the preferred key size is the
	 * output length (RFC 4868 2.1.2 for SHA-2). */
	return cry_prf_len(prf);
}

int
cry_prf(uint16_t prf, struct ike_bytes key, const struct ike_bytes *in,
    size_t n_in, uint8_t *out)
{
	const struct prf_info *p = prf_find(prf);
	gnutls_hmac_hd_t h;
	size_t i;
	int ret = IKE_OK;

	if (p == NULL)
		return IKE_EUNSUPPORTED;
	if (gnutls_hmac_init(&h, p->mac, key.ptr, key.len) < 0)
		return IKE_EINVAL;
	for (i = 0; i < n_in; i++) {
		if (in[i].len == 0)
			continue;
		if (gnutls_hmac(h, in[i].ptr, in[i].len) < 0) {
			ret = IKE_EINVAL;
			break;
		}
	}
	gnutls_hmac_deinit(h, ret == IKE_OK ? out : NULL);
	return ret;
}

int
cry_prf_plus(uint16_t prf, struct ike_bytes key, const struct ike_bytes *in,
    size_t n_in, size_t len, struct ike_buf *out)
{
	const struct prf_info *p = prf_find(prf);
	struct ike_bytes parts[16];
	struct ike_buf res = { NULL, 0 };
	uint8_t t[CRY_PRF_MAX], ctr;
	size_t done, i, n, np;
	int ret;

	if (p == NULL)
		return IKE_EUNSUPPORTED;
	/* RFC 7296 2.13: the counter is one octet, so prf+ stops at
	 * 255 blocks. */
	if (len > 255 * p->len || n_in + 2 > sizeof(parts) / sizeof(parts[0]))
		return IKE_EINVAL;
	if ((ret = ike_buf_alloc(&res, len)) < 0)
		return ret;

	for (done = 0, ctr = 1; done < len; ctr++) {
		np = 0;
		if (done > 0)
			parts[np++] = (struct ike_bytes){ t, p->len };
		for (i = 0; i < n_in; i++)
			parts[np++] = in[i];
		parts[np++] = (struct ike_bytes){ &ctr, 1 };
		if ((ret = cry_prf(prf, key, parts, np, t)) < 0) {
			ike_buf_free(&res);
			ike_memzero(t, sizeof(t));
			return ret;
		}
		n = len - done < p->len ? len - done : p->len;
		memcpy(res.ptr + done, t, n);
		done += n;
	}
	ike_memzero(t, sizeof(t));
	ike_buf_free(out);
	*out = res;
	return IKE_OK;
}

static gnutls_digest_algorithm_t
hash_alg(enum cry_hash h)
{
	switch (h) {
	case CRY_SHA1:		return GNUTLS_DIG_SHA1;
	case CRY_SHA256:	return GNUTLS_DIG_SHA256;
	case CRY_SHA384:	return GNUTLS_DIG_SHA384;
	case CRY_SHA512:	return GNUTLS_DIG_SHA512;
	}
	return GNUTLS_DIG_UNKNOWN;
}

size_t
cry_hash_len(enum cry_hash h)
{
	gnutls_digest_algorithm_t d = hash_alg(h);

	return d == GNUTLS_DIG_UNKNOWN ? 0 : gnutls_hash_get_len(d);
}

int
cry_hash(enum cry_hash h, const struct ike_bytes *in, size_t n_in,
    uint8_t *out)
{
	gnutls_digest_algorithm_t d = hash_alg(h);
	gnutls_hash_hd_t hd;
	size_t i;
	int ret = IKE_OK;

	if (d == GNUTLS_DIG_UNKNOWN)
		return IKE_EUNSUPPORTED;
	if (gnutls_hash_init(&hd, d) < 0)
		return IKE_EINVAL;
	for (i = 0; i < n_in; i++) {
		if (in[i].len == 0)
			continue;
		if (gnutls_hash(hd, in[i].ptr, in[i].len) < 0) {
			ret = IKE_EINVAL;
			break;
		}
	}
	gnutls_hash_deinit(hd, ret == IKE_OK ? out : NULL);
	return ret;
}
