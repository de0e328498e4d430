/* SPDX-License-Identifier: ISC */
/*
 * cr_auth.c - the credentials plugin as libike sees it (struct ike_creds
 * in plugin.h): the CERTREQ authorities, picking our certificate and its
 * chain, signing with our key, and authenticating a peer from the CERT
 * payloads it sent (chain to a trusted CA, key usage, its ID in the
 * certificate, the signature).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cr_int.h"

static struct creds *
cr_cur(void *ctx)
{
	return ((struct creds_slot *)ctx)->cur;
}

/* RFC 7296 3.7: the hashes of the CAs we trust, concatenated. */
static int
cr_certreq(void *ctx, const char *conn, struct ike_buf *out)
{
	const struct creds *c = cr_cur(ctx);
	const struct cr_conn *cc;
	size_t i, n = 0;
	int ret;

	out->ptr = NULL;
	out->len = 0;
	if (c == NULL)
		return IKE_OK;
	cc = cr_conn_find(c, conn);
	if (cc != NULL && cc->n_cas > 0) {
		if ((ret = ike_buf_alloc(out, cc->n_cas * IKE_CREDS_KEYID_LEN)) < 0)
			return ret;
		for (i = 0; i < cc->n_cas; i++)
			memcpy(out->ptr + i * IKE_CREDS_KEYID_LEN,
			    c->certs[cc->cas[i]].keyid, IKE_CREDS_KEYID_LEN);
		return IKE_OK;
	}
	for (i = 0; i < c->n_certs; i++)
		n += c->certs[i].role == CR_ANCHOR;
	if (n == 0)
		return IKE_OK;
	if ((ret = ike_buf_alloc(out, n * IKE_CREDS_KEYID_LEN)) < 0)
		return ret;
	for (i = 0, n = 0; i < c->n_certs; i++)
		if (c->certs[i].role == CR_ANCHOR)
			memcpy(out->ptr + n++ * IKE_CREDS_KEYID_LEN,
			    c->certs[i].keyid, IKE_CREDS_KEYID_LEN);
	return IKE_OK;
}

/* Does cert i's chain reach a CA whose key hash is in certreq? */
static bool
cr_chain_in(const struct creds *c, size_t i, struct ike_bytes certreq)
{
	size_t k, depth;
	int j = (int)i;

	for (depth = 0; j >= 0 && depth < IKE_CREDS_MAX_CHAIN; depth++) {
		for (k = 0; k + IKE_CREDS_KEYID_LEN <= certreq.len;
		    k += IKE_CREDS_KEYID_LEN)
			if ((size_t)j != i &&
			    memcmp(certreq.ptr + k, c->certs[j].keyid,
			    IKE_CREDS_KEYID_LEN) == 0)
				return true;
		j = cr_issuer(c, (size_t)j);
	}
	return false;
}

/* Candidate i for our certificate: an end entity with its key, holding
 * id (NULL: any). */
static bool
cr_local_fits(const struct creds *c, size_t i, const struct ike_id *id)
{
	const struct cr_cert *e = &c->certs[i];

	return e->role == CR_EE && e->key >= 0 &&
	    (id == NULL || id->type == 0 || cr_id_match(e->crt, id));
}

static int
cr_local(void *ctx, const char *conn, const struct ike_id *id,
    struct ike_bytes certreq, struct ike_cred_local *out, char *why,
    size_t whylen)
{
	const struct creds *c = cr_cur(ctx);
	const struct cr_conn *cc;
	gnutls_datum_t subj;
	size_t i, n;
	int best = -1, best_score = 0, j;
	bool named;

	if (c == NULL) {
		snprintf(why, whylen, "no certificates are loaded");
		return IKE_ENOENT;
	}
	cc = cr_conn_find(c, conn);
	named = cc != NULL && cc->n_certs > 0;
	n = named ? cc->n_certs : c->n_certs;
	/* Best: holds id and is under a CA of the CERTREQ; then holds id;
	 * a certificate the connection names is used even without id (lint
	 * warned), as the peer is the one to judge it. */
	for (i = 0; i < n; i++) {
		size_t k = named ? cc->certs[i] : i;
		int score;

		if (!cr_local_fits(c, k, NULL))
			continue;
		score = cr_local_fits(c, k, id) ? 2 : named ? 1 : 0;
		if (score > 0 && certreq.len > 0 && cr_chain_in(c, k, certreq))
			score += 2;
		if (score > best_score) {
			best_score = score;
			best = (int)k;
		}
	}
	if (best < 0) {
		snprintf(why, whylen, "no certificate with a private key %s",
		    id->type == 0 ? "is loaded" : "holds our ID");
		return IKE_ENOENT;
	}
	memset(out, 0, sizeof(*out));
	out->key = (uint32_t)c->certs[best].key;
	out->key_type = c->keys[c->certs[best].key].type;
	/* Our certificate, then its issuers up to (not including) a
	 * self-signed root, which the peer must have anyway. */
	for (j = best; j >= 0 && out->n_certs < IKE_CREDS_MAX_CHAIN;
	    j = cr_issuer(c, (size_t)j)) {
		if (j != best && gnutls_x509_crt_check_issuer(c->certs[j].crt,
		    c->certs[j].crt))
			break;
		out->certs[out->n_certs].ptr = c->certs[j].der.data;
		out->certs[out->n_certs++].len = c->certs[j].der.size;
	}
	/* The subject's DER inside the certificate: no allocation, the
	 * view lives as long as the certificate. */
	if (gnutls_x509_crt_get_raw_dn(c->certs[best].crt, &subj) >= 0) {
		const uint8_t *d = c->certs[best].der.data;
		size_t dl = c->certs[best].der.size, o;

		for (o = 0; o + subj.size <= dl; o++)
			if (memcmp(d + o, subj.data, subj.size) == 0) {
				out->subject.ptr = d + o;
				out->subject.len = subj.size;
				break;
			}
		gnutls_free(subj.data);
	}
	return IKE_OK;
}

static gnutls_sign_algorithm_t
cr_sign_alg(enum ike_sig_scheme s)
{
	switch (s) {
	case IKE_SIG_RSA_PKCS1_SHA1:	return GNUTLS_SIGN_RSA_SHA1;
	case IKE_SIG_RSA_PKCS1_SHA256:	return GNUTLS_SIGN_RSA_SHA256;
	case IKE_SIG_RSA_PKCS1_SHA384:	return GNUTLS_SIGN_RSA_SHA384;
	case IKE_SIG_RSA_PKCS1_SHA512:	return GNUTLS_SIGN_RSA_SHA512;
	case IKE_SIG_RSA_PSS_SHA256:	return GNUTLS_SIGN_RSA_PSS_RSAE_SHA256;
	case IKE_SIG_RSA_PSS_SHA384:	return GNUTLS_SIGN_RSA_PSS_RSAE_SHA384;
	case IKE_SIG_RSA_PSS_SHA512:	return GNUTLS_SIGN_RSA_PSS_RSAE_SHA512;
	case IKE_SIG_ECDSA_SHA256:
	case IKE_SIG_ECDSA_SHA256_RAW:	return GNUTLS_SIGN_ECDSA_SHA256;
	case IKE_SIG_ECDSA_SHA384:
	case IKE_SIG_ECDSA_SHA384_RAW:	return GNUTLS_SIGN_ECDSA_SHA384;
	case IKE_SIG_ECDSA_SHA512:
	case IKE_SIG_ECDSA_SHA512_RAW:	return GNUTLS_SIGN_ECDSA_SHA512;
	case IKE_SIG_ED25519:		return GNUTLS_SIGN_EDDSA_ED25519;
	default:			return GNUTLS_SIGN_UNKNOWN;
	}
}

/* RFC 4754 7: r and s, each as long as the curve's order. */
static size_t
cr_raw_half(enum ike_sig_scheme s)
{
	switch (s) {
	case IKE_SIG_ECDSA_SHA256_RAW:	return 32;
	case IKE_SIG_ECDSA_SHA384_RAW:	return 48;
	case IKE_SIG_ECDSA_SHA512_RAW:	return 66;
	default:			return 0;
	}
}

/* Right-aligns an unsigned big integer (maybe with a leading 0) in n bytes. */
static int
cr_put_int(uint8_t *dst, size_t n, const gnutls_datum_t *v)
{
	const uint8_t *p = v->data;
	size_t len = v->size;

	while (len > 0 && *p == 0) {
		p++;
		len--;
	}
	if (len > n)
		return IKE_EINVAL;
	memset(dst, 0, n - len);
	memcpy(dst + n - len, p, len);
	return IKE_OK;
}

static int
cr_sign(void *ctx, uint32_t key, enum ike_sig_scheme scheme,
    struct ike_bytes data, struct ike_buf *sig)
{
	const struct creds *c = cr_cur(ctx);
	gnutls_sign_algorithm_t alg = cr_sign_alg(scheme);
	gnutls_datum_t d = { (unsigned char *)data.ptr, (unsigned)data.len };
	gnutls_datum_t out = { NULL, 0 }, r = { NULL, 0 }, s = { NULL, 0 };
	size_t half = cr_raw_half(scheme);
	int ret;

	if (c == NULL || key >= c->n_keys)
		return IKE_ENOENT;
	if (alg == GNUTLS_SIGN_UNKNOWN ||
	    gnutls_privkey_sign_data2(c->keys[key].pk, alg, 0, &d, &out) < 0)
		return IKE_EUNSUPPORTED;
	if (half == 0) {
		ret = ike_buf_set(sig, out.data, out.size);
		goto out;
	}
	if (gnutls_decode_rs_value(&out, &r, &s) < 0) {
		ret = IKE_EINVAL;
		goto out;
	}
	if ((ret = ike_buf_alloc(sig, 2 * half)) == IKE_OK &&
	    ((ret = cr_put_int(sig->ptr, half, &r)) < 0 ||
	    (ret = cr_put_int(sig->ptr + half, half, &s)) < 0))
		ike_buf_free(sig);
out:
	gnutls_free(out.data);
	gnutls_free(r.data);
	gnutls_free(s.data);
	return ret;
}

/* The signature check itself, on the peer's certificate's key. */
static int
cr_check_sig(gnutls_x509_crt_t crt, enum ike_sig_scheme scheme,
    struct ike_bytes data, struct ike_bytes sig, char *why, size_t whylen)
{
	gnutls_sign_algorithm_t alg = cr_sign_alg(scheme);
	gnutls_datum_t d = { (unsigned char *)data.ptr, (unsigned)data.len };
	gnutls_datum_t sg = { (unsigned char *)sig.ptr, (unsigned)sig.len };
	gnutls_datum_t der = { NULL, 0 }, r, s;
	gnutls_pubkey_t pub = NULL;
	size_t half = cr_raw_half(scheme);
	unsigned int flags = 0;
	int ret = IKE_EAUTH;

	if (alg == GNUTLS_SIGN_UNKNOWN) {
		snprintf(why, whylen, "signature scheme not supported");
		return IKE_EAUTH;
	}
	if (half != 0) {
		if (sig.len != 2 * half) {
			snprintf(why, whylen, "ECDSA signature of %zu bytes, "
			    "expected %zu", sig.len, 2 * half);
			return IKE_EAUTH;
		}
		r.data = (unsigned char *)sig.ptr;
		r.size = (unsigned)half;
		s.data = (unsigned char *)sig.ptr + half;
		s.size = (unsigned)half;
		if (gnutls_encode_rs_value(&der, &r, &s) < 0)
			return IKE_ENOMEM;
		sg = der;
	}
	/* RFC 7296 AUTH method 1 is PKCS#1 v1.5 over SHA-1: allowed here
	 * because older peers have nothing else, never chosen by us when
	 * the peer offers RFC 7427. */
	if (scheme == IKE_SIG_RSA_PKCS1_SHA1)
		flags |= GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1;
	if (gnutls_pubkey_init(&pub) < 0) {
		ret = IKE_ENOMEM;
		goto out;
	}
	if (gnutls_pubkey_import_x509(pub, crt, 0) < 0) {
		snprintf(why, whylen, "the certificate's key cannot be read");
		goto out;
	}
	if (gnutls_pubkey_verify_data2(pub, alg, flags, &d, &sg) < 0) {
		snprintf(why, whylen, "the signature does not verify with the "
		    "certificate's key");
		goto out;
	}
	ret = IKE_OK;
out:
	gnutls_pubkey_deinit(pub);
	gnutls_free(der.data);
	return ret;
}

static int
cr_verify(void *ctx, const char *conn, const struct ike_bytes *certs,
    size_t n_certs, const struct ike_id *id, uint64_t now,
    enum ike_sig_scheme scheme, struct ike_bytes data, struct ike_bytes sig,
    char *why, size_t whylen)
{
	const struct creds *c = cr_cur(ctx);
	gnutls_x509_crt_t chain[IKE_CREDS_MAX_CHAIN];
	gnutls_x509_trust_list_t tl;
	const struct cr_conn *cc;
	gnutls_datum_t d;
	unsigned int usage = 0, crit;
	size_t i, n = 0;
	int ret = IKE_EAUTH;

	if (c == NULL) {
		snprintf(why, whylen, "no CA certificates are loaded");
		return IKE_EAUTH;
	}
	if (n_certs == 0) {
		snprintf(why, whylen, "the peer sent no certificate");
		return IKE_EAUTH;
	}
	if (n_certs > IKE_CREDS_MAX_CHAIN) {
		snprintf(why, whylen, "the peer sent %zu certificates, at most "
		    "%d are accepted", n_certs, IKE_CREDS_MAX_CHAIN);
		return IKE_EAUTH;
	}
	for (n = 0; n < n_certs; n++) {
		d.data = (unsigned char *)certs[n].ptr;
		d.size = (unsigned)certs[n].len;
		if (gnutls_x509_crt_init(&chain[n]) < 0) {
			ret = IKE_ENOMEM;
			goto out;
		}
		if (gnutls_x509_crt_import(chain[n], &d, GNUTLS_X509_FMT_DER) < 0) {
			gnutls_x509_crt_deinit(chain[n]);
			snprintf(why, whylen, "certificate %zu does not parse", n + 1);
			goto out;
		}
	}
	cc = cr_conn_find(c, conn);
	tl = cc != NULL && cc->tl != NULL ? cc->tl : c->tl;
	if ((ret = cr_verify_chain(tl, chain, n, now, why, whylen)) < 0)
		goto out;
	ret = IKE_EAUTH;
	/* RFC 4945 5.1.3.2: a key usage that is present must allow
	 * digitalSignature (or nonRepudiation) to sign AUTH. */
	if (gnutls_x509_crt_get_key_usage(chain[0], &usage, &crit) >= 0 &&
	    !(usage & (GNUTLS_KEY_DIGITAL_SIGNATURE | GNUTLS_KEY_NON_REPUDIATION))) {
		snprintf(why, whylen, "the certificate's key usage does not "
		    "allow digital signatures");
		goto out;
	}
	if (!cr_id_match(chain[0], id)) {
		snprintf(why, whylen, "the certificate does not hold the peer's "
		    "ID (not in its subjectAltName nor its subject)");
		goto out;
	}
	ret = cr_check_sig(chain[0], scheme, data, sig, why, whylen);
out:
	for (i = 0; i < n; i++)
		gnutls_x509_crt_deinit(chain[i]);
	return ret;
}

const struct ike_creds creds_plugin = {
	.name = "creds-gnutls",
	.certreq = cr_certreq,
	.local = cr_local,
	.sign = cr_sign,
	.verify = cr_verify,
};
