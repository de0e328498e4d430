/* SPDX-License-Identifier: ISC */
/*
 * keys.c - the IKEv2 key schedule (RFC 7296 2.13-2.18): SKEYSEED and the
 * seven IKE SA keys, the SKEYSEED of a rekeyed IKE SA, Child SA KEYMAT cut
 * into the keys of both directions, the octets AUTH covers and the PSK
 * AUTH value.  Every intermediate secret lives in a buffer that is wiped
 * before it is released.
 */
#include <stdlib.h>
#include <string.h>

#include "cry.h"
#include "iana.h"
#include "keys.h"
#include "wire.h"

/* RFC 7296 2.15: the pad string, without a terminating NUL. */
static const char key_pad[] = "Key Pad for IKEv2";

int
keys_skeyseed(uint16_t prf, struct ike_bytes dh, struct ike_bytes ni,
    struct ike_bytes nr, uint8_t *out)
{
	struct ike_buf key = { NULL, 0 };
	int ret;

	/* RFC 7296 2.14: SKEYSEED = prf(Ni | Nr, g^ir).  The HMAC PRFs
	 * take keys of any length: the whole Ni | Nr is the key. */
	if (cry_prf_len(prf) == 0)
		return IKE_EUNSUPPORTED;
	if ((ret = ike_buf_alloc(&key, ni.len + nr.len)) < 0)
		return ret;
	memcpy(key.ptr, ni.ptr, ni.len);
	memcpy(key.ptr + ni.len, nr.ptr, nr.len);
	ret = cry_prf(prf, ike_buf_view(&key), &dh, 1, out);
	ike_buf_free(&key);
	return ret;
}

/* Cuts n bytes at *off out of src into dst. */
static int
take(struct ike_buf *dst, const struct ike_buf *src, size_t *off, size_t n)
{
	int ret = ike_buf_set(dst, src->ptr + *off, n);

	*off += n;
	return ret;
}

/* The seven keys from SKEYSEED (RFC 7296 2.14), and the SK objects. */
static int
keys_from_seed(const struct keys_suite *s, struct ike_bytes seed,
    struct ike_bytes ni, struct ike_bytes nr, uint64_t spi_i, uint64_t spi_r,
    struct keys_ike **out)
{
	struct ike_buf km = { NULL, 0 };
	struct keys_ike *k;
	uint8_t spis[16];
	struct ike_bytes in[3];
	size_t plen, elen, ilen, off = 0;
	int ret;

	plen = cry_prf_keylen(s->prf);
	if (plen == 0)
		return IKE_EUNSUPPORTED;
	if ((ret = cry_encr_keylen(s->encr, s->keybits, &elen)) < 0 ||
	    (ret = cry_integ_keylen(s->integ, &ilen)) < 0)
		return ret;
	/* AEAD carries no integrity keys; CBC needs them. */
	if (cry_encr_is_aead(s->encr) != (s->integ == IKE_INTEG_NONE))
		return IKE_EINVAL;

	ike_put_be64(spis, spi_i);
	ike_put_be64(spis + 8, spi_r);
	in[0] = ni;
	in[1] = nr;
	in[2] = (struct ike_bytes){ spis, sizeof(spis) };
	/* {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}
	 *   = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr) */
	if ((ret = cry_prf_plus(s->prf, seed, in, 3,
	    3 * plen + 2 * ilen + 2 * elen, &km)) < 0)
		return ret;
	if ((k = calloc(1, sizeof(*k))) == NULL) {
		ike_buf_free(&km);
		return IKE_ENOMEM;
	}
	k->ks_suite = *s;
	if ((ret = take(&k->ks_d, &km, &off, plen)) < 0 ||
	    (ret = take(&k->ks_ai, &km, &off, ilen)) < 0 ||
	    (ret = take(&k->ks_ar, &km, &off, ilen)) < 0 ||
	    (ret = take(&k->ks_ei, &km, &off, elen)) < 0 ||
	    (ret = take(&k->ks_er, &km, &off, elen)) < 0 ||
	    (ret = take(&k->ks_pi, &km, &off, plen)) < 0 ||
	    (ret = take(&k->ks_pr, &km, &off, plen)) < 0 ||
	    (ret = cry_sk_new(s->encr, s->keybits, s->integ,
	    ike_buf_view(&k->ks_ei), ike_buf_view(&k->ks_ai), &k->ks_sk_i)) < 0 ||
	    (ret = cry_sk_new(s->encr, s->keybits, s->integ,
	    ike_buf_view(&k->ks_er), ike_buf_view(&k->ks_ar), &k->ks_sk_r)) < 0) {
		ike_buf_free(&km);
		keys_ike_free(k);
		return ret;
	}
	ike_buf_free(&km);
	*out = k;
	return IKE_OK;
}

int
keys_ike_derive(const struct keys_suite *s, struct ike_bytes dh,
    struct ike_bytes ni, struct ike_bytes nr, uint64_t spi_i, uint64_t spi_r,
    struct keys_ike **out)
{
	uint8_t seed[CRY_PRF_MAX];
	int ret;

	if ((ret = keys_skeyseed(s->prf, dh, ni, nr, seed)) < 0)
		return ret;
	ret = keys_from_seed(s, (struct ike_bytes){ seed,
	    cry_prf_len(s->prf) }, ni, nr, spi_i, spi_r, out);
	ike_memzero(seed, sizeof(seed));
	return ret;
}

int
keys_ike_rekey(const struct keys_ike *old, const struct keys_suite *s,
    struct ike_bytes dh, struct ike_bytes ni, struct ike_bytes nr,
    uint64_t spi_i, uint64_t spi_r, struct keys_ike **out)
{
	uint16_t oprf = old->ks_suite.prf;
	uint8_t seed[CRY_PRF_MAX];
	struct ike_bytes in[3] = { dh, ni, nr };
	int ret;

	/* RFC 7296 2.18: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr),
	 * with the old IKE SA's PRF since the exchange belongs to it; the
	 * new SA's keys then use its own PRF. */
	if ((ret = cry_prf(oprf, ike_buf_view(&old->ks_d), in, 3, seed)) < 0)
		return ret;
	ret = keys_from_seed(s, (struct ike_bytes){ seed,
	    cry_prf_len(oprf) }, ni, nr, spi_i, spi_r, out);
	ike_memzero(seed, sizeof(seed));
	return ret;
}

void
keys_ike_free(struct keys_ike *k)
{
	if (k == NULL)
		return;
	ike_buf_free(&k->ks_d);
	ike_buf_free(&k->ks_ai);
	ike_buf_free(&k->ks_ar);
	ike_buf_free(&k->ks_ei);
	ike_buf_free(&k->ks_er);
	ike_buf_free(&k->ks_pi);
	ike_buf_free(&k->ks_pr);
	cry_sk_free(k->ks_sk_i);
	cry_sk_free(k->ks_sk_r);
	ike_memzero(k, sizeof(*k));
	free(k);
}

int
keys_child_derive(const struct keys_ike *ike, const struct keys_suite *esp,
    struct ike_bytes dh, struct ike_bytes ni, struct ike_bytes nr,
    struct keys_child **out)
{
	struct keys_child *kc;
	struct ike_bytes in[3];
	size_t elen, ilen, n = 0;
	uint8_t *p;
	int ret;

	if ((kc = calloc(1, sizeof(*kc))) == NULL)
		return IKE_ENOMEM;
	if ((ret = cry_esp_alg(esp->encr, esp->keybits, esp->integ,
	    &kc->kc_alg, &elen, &ilen)) < 0) {
		free(kc);
		return ret;
	}
	/* RFC 7296 2.17: KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr). */
	if (dh.len > 0)
		in[n++] = dh;
	in[n++] = ni;
	in[n++] = nr;
	if ((ret = cry_prf_plus(ike->ks_suite.prf, ike_buf_view(&ike->ks_d),
	    in, n, 2 * (elen + ilen), &kc->kc_keymat)) < 0) {
		free(kc);
		return ret;
	}
	/* RFC 7296 2.17: initiator-to-responder keys first; within each
	 * direction the encryption key, then the integrity key (RFC 4301). */
	p = kc->kc_keymat.ptr;
	kc->kc_enc_i = (struct ike_bytes){ p, elen };
	kc->kc_int_i = (struct ike_bytes){ p + elen, ilen };
	kc->kc_enc_r = (struct ike_bytes){ p + elen + ilen, elen };
	kc->kc_int_r = (struct ike_bytes){ p + 2 * elen + ilen, ilen };
	*out = kc;
	return IKE_OK;
}

void
keys_child_alg(const struct keys_child *kc, int i2r, struct kx_alg *alg)
{
	*alg = kc->kc_alg;
	alg->enc_key = i2r ? kc->kc_enc_i : kc->kc_enc_r;
	alg->int_key = i2r ? kc->kc_int_i : kc->kc_int_r;
}

void
keys_child_free(struct keys_child *kc)
{
	if (kc == NULL)
		return;
	ike_buf_free(&kc->kc_keymat);
	ike_memzero(kc, sizeof(*kc));
	free(kc);
}

int
keys_id_body(const struct ike_id *id, struct ike_buf *out)
{
	struct ike_buf b = { NULL, 0 };
	int ret;

	/* RFC 7296 3.5: ID Type, three RESERVED octets, the data. */
	if ((ret = ike_buf_alloc(&b, 4 + id->data.len)) < 0)
		return ret;
	b.ptr[0] = id->type;
	if (id->data.len > 0)
		memcpy(b.ptr + 4, id->data.ptr, id->data.len);
	ike_buf_free(out);
	*out = b;
	return IKE_OK;
}

int
keys_auth_octets(uint16_t prf, struct ike_bytes sk_p, struct ike_bytes real_msg,
    struct ike_bytes peer_nonce, struct ike_bytes id_body, struct ike_buf *out)
{
	struct ike_buf b = { NULL, 0 };
	size_t plen = cry_prf_len(prf);
	int ret;

	if (plen == 0)
		return IKE_EUNSUPPORTED;
	/* RFC 7296 2.15:
	 *   InitiatorSignedOctets = RealMessage1 | NonceRData | MACedIDForI
	 *   MACedIDForI = prf(SK_pi, RestOfInitIDPayload)
	 * and the same for the responder with its message, Ni and SK_pr. */
	if ((ret = ike_buf_alloc(&b, real_msg.len + peer_nonce.len + plen)) < 0)
		return ret;
	if (real_msg.len > 0)
		memcpy(b.ptr, real_msg.ptr, real_msg.len);
	if (peer_nonce.len > 0)
		memcpy(b.ptr + real_msg.len, peer_nonce.ptr, peer_nonce.len);
	if ((ret = cry_prf(prf, sk_p, &id_body, 1,
	    b.ptr + real_msg.len + peer_nonce.len)) < 0) {
		ike_buf_free(&b);
		return ret;
	}
	ike_buf_free(out);
	*out = b;
	return IKE_OK;
}

int
keys_auth_psk(uint16_t prf, struct ike_bytes psk, struct ike_bytes octets,
    uint8_t *auth)
{
	struct ike_bytes pad = { (const uint8_t *)key_pad, sizeof(key_pad) - 1 };
	uint8_t inner[CRY_PRF_MAX];
	int ret;

	/* RFC 7296 2.15:
	 *   AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), <octets>) */
	if ((ret = cry_prf(prf, psk, &pad, 1, inner)) < 0)
		return ret;
	ret = cry_prf(prf, (struct ike_bytes){ inner, cry_prf_len(prf) },
	    &octets, 1, auth);
	ike_memzero(inner, sizeof(inner));
	return ret;
}

int
keys_auth_psk_verify(uint16_t prf, struct ike_bytes psk, struct ike_bytes octets,
    struct ike_bytes received)
{
	uint8_t want[CRY_PRF_MAX];
	size_t plen = cry_prf_len(prf);
	int ret, eq;

	if ((ret = keys_auth_psk(prf, psk, octets, want)) < 0)
		return ret;
	/* The length is public (the PRF's); the bytes are compared in
	 * constant time. */
	eq = received.len == plen && ike_memeq_ct(want, received.ptr, plen);
	ike_memzero(want, sizeof(want));
	return eq ? IKE_OK : IKE_EAUTH;
}

void
keys_suite_of(const struct prop_sel *sel, struct keys_suite *s)
{
	memset(s, 0, sizeof(*s));
	s->prf = sel->prf.id;
	s->encr = sel->encr.id;
	s->keybits = sel->encr.keylen;
	s->integ = sel->integ.id;
}

int
keys_nonce_lt(struct ike_bytes a, struct ike_bytes b)
{
	size_t n = a.len < b.len ? a.len : b.len;
	int c = n ? memcmp(a.ptr, b.ptr, n) : 0;

	return c < 0 || (c == 0 && a.len < b.len);
}

int
keys_nonce_min(struct ike_bytes a, struct ike_bytes b, struct ike_buf *out)
{
	struct ike_bytes m = keys_nonce_lt(a, b) ? a : b;

	ike_buf_free(out);
	return ike_buf_set(out, m.ptr, m.len);
}

int
keys_ke_run(struct keys_ke_job *j)
{
	int err;

	j->failed_at = KEYS_KE_NONCE;
	if ((err = ike_buf_alloc(&j->nr, j->nonce_len)) < 0 ||
	    (err = j->rng(j->rng_ctx, j->nr.ptr, j->nr.len)) < 0)
		return err;
	if (j->group == 0) {
		j->failed_at = KEYS_KE_NONE;
		return IKE_OK;
	}
	j->failed_at = KEYS_KE_PAIR;
	if ((err = cry_dh_new(j->group, j->rng, j->rng_ctx, &j->dh)) < 0)
		return err;
	if (j->peer_ke.len > 0) {
		j->failed_at = KEYS_KE_SHARED;
		if ((err = cry_dh_shared(j->dh, j->peer_ke, &j->secret)) < 0)
			return err;
	}
	j->failed_at = KEYS_KE_NONE;
	return IKE_OK;
}

void
keys_ke_job_free(struct keys_ke_job *j)
{
	ike_buf_free(&j->nr);
	ike_buf_free(&j->secret);
	cry_dh_free(j->dh);
	j->dh = NULL;
}
