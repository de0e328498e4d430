/* SPDX-License-Identifier: ISC */
/*
 * xchg_cert.c - authentication with certificates in IKE_SA_INIT and
 * IKE_AUTH, both roles: the SIGNATURE_HASH_ALGORITHMS notify (RFC 7427
 * 4), CERTREQ with the SHA-1 hashes of trusted CA keys and CERT payloads
 * with our chain (RFC 7296 3.6, 3.7), the AUTH method and signature
 * scheme for our key (RFC 7427 method 14 with RSA-PSS, ECDSA or Ed25519
 * when the peer supports it, else RSA method 1 or ECDSA methods 9-11 of
 * RFC 4754), and the check of the peer's signature AUTH.  Certificates
 * and keys stay in the creds plugin (plugin.h); this file sees DER bytes.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "eng.h"
#include "iana.h"
#include "keys.h"
#include "sa.h"
#include "xchg.h"
#include "xout.h"

/* RFC 7427 Appendix A: the AlgorithmIdentifiers we send and accept. */
#define OID_SHA256	0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01
#define OID_SHA384	0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02
#define OID_SHA512	0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03
#define OID_PKCS1(n)	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, (n)
#define OID_ECDSA(n)	0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, (n)
/* RSASSA-PSS (RFC 8017 A.2.3) with MGF1 of the same hash and a salt as
 * long as the hash, hash AlgorithmIdentifiers with NULL parameters. */
#define PSS(hash, salt)							\
	0x30, 0x41, 0x06, 0x09, OID_PKCS1(0x0a), 0x30, 0x34,		\
	0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, hash, 0x05, 0x00,		\
	0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, OID_PKCS1(0x08),		\
	0x30, 0x0d, 0x06, 0x09, hash, 0x05, 0x00,			\
	0xa2, 0x03, 0x02, 0x01, (salt)
/* The same without the NULL parameters, as some peers write it. */
#define PSS_NONULL(hash, salt)						\
	0x30, 0x3d, 0x06, 0x09, OID_PKCS1(0x0a), 0x30, 0x30,		\
	0xa0, 0x0d, 0x30, 0x0b, 0x06, 0x09, hash,			\
	0xa1, 0x1a, 0x30, 0x18, 0x06, 0x09, OID_PKCS1(0x08),		\
	0x30, 0x0b, 0x06, 0x09, hash,					\
	0xa2, 0x03, 0x02, 0x01, (salt)

static const uint8_t ai_rsa256[] = { 0x30, 0x0d, 0x06, 0x09, OID_PKCS1(0x0b), 0x05, 0x00 };
static const uint8_t ai_rsa384[] = { 0x30, 0x0d, 0x06, 0x09, OID_PKCS1(0x0c), 0x05, 0x00 };
static const uint8_t ai_rsa512[] = { 0x30, 0x0d, 0x06, 0x09, OID_PKCS1(0x0d), 0x05, 0x00 };
static const uint8_t ai_pss256[] = { PSS(OID_SHA256, 32) };
static const uint8_t ai_pss384[] = { PSS(OID_SHA384, 48) };
static const uint8_t ai_pss512[] = { PSS(OID_SHA512, 64) };
static const uint8_t ai_pss256n[] = { PSS_NONULL(OID_SHA256, 32) };
static const uint8_t ai_pss384n[] = { PSS_NONULL(OID_SHA384, 48) };
static const uint8_t ai_pss512n[] = { PSS_NONULL(OID_SHA512, 64) };
static const uint8_t ai_ecdsa256[] = { 0x30, 0x0a, 0x06, 0x08, OID_ECDSA(0x02) };
static const uint8_t ai_ecdsa384[] = { 0x30, 0x0a, 0x06, 0x08, OID_ECDSA(0x03) };
static const uint8_t ai_ecdsa512[] = { 0x30, 0x0a, 0x06, 0x08, OID_ECDSA(0x04) };
static const uint8_t ai_ed25519[] = { 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70 };

struct cert_alg {
	enum ike_sig_scheme scheme;
	uint8_t		 hash;		/* IKE_HASH_* it needs from the peer */
	const char	*name;
	const uint8_t	*ai;
	size_t		 ai_len;
};

#define ALG(s, h, n, a) { s, h, n, a, sizeof(a) }
static const struct cert_alg cert_algs[] = {
	/* ours first for each key type: the order of preference */
	ALG(IKE_SIG_RSA_PSS_SHA256, IKE_HASH_SHA2_256, "RSA-PSS-SHA256", ai_pss256),
	ALG(IKE_SIG_RSA_PSS_SHA384, IKE_HASH_SHA2_384, "RSA-PSS-SHA384", ai_pss384),
	ALG(IKE_SIG_RSA_PSS_SHA512, IKE_HASH_SHA2_512, "RSA-PSS-SHA512", ai_pss512),
	ALG(IKE_SIG_ECDSA_SHA256, IKE_HASH_SHA2_256, "ECDSA-SHA256", ai_ecdsa256),
	ALG(IKE_SIG_ECDSA_SHA384, IKE_HASH_SHA2_384, "ECDSA-SHA384", ai_ecdsa384),
	ALG(IKE_SIG_ECDSA_SHA512, IKE_HASH_SHA2_512, "ECDSA-SHA512", ai_ecdsa512),
	ALG(IKE_SIG_ED25519, IKE_HASH_IDENTITY, "Ed25519", ai_ed25519),
	/* accepted only */
	ALG(IKE_SIG_RSA_PSS_SHA256, IKE_HASH_SHA2_256, "RSA-PSS-SHA256", ai_pss256n),
	ALG(IKE_SIG_RSA_PSS_SHA384, IKE_HASH_SHA2_384, "RSA-PSS-SHA384", ai_pss384n),
	ALG(IKE_SIG_RSA_PSS_SHA512, IKE_HASH_SHA2_512, "RSA-PSS-SHA512", ai_pss512n),
	ALG(IKE_SIG_RSA_PKCS1_SHA256, IKE_HASH_SHA2_256, "RSA-SHA256", ai_rsa256),
	ALG(IKE_SIG_RSA_PKCS1_SHA384, IKE_HASH_SHA2_384, "RSA-SHA384", ai_rsa384),
	ALG(IKE_SIG_RSA_PKCS1_SHA512, IKE_HASH_SHA2_512, "RSA-SHA512", ai_rsa512),
};
#define N_OURS	7

/* The hashes we can verify and make (RFC 7427 4, RFC 8420 for IDENTITY). */
static const uint16_t cert_our_hashes[] = {
	IKE_HASH_SHA2_256, IKE_HASH_SHA2_384, IKE_HASH_SHA2_512, IKE_HASH_IDENTITY,
};

static const struct ike_creds *
cert_creds(const struct ike_sa *sa)
{
	return sa->sa_eng->eng_env.creds;
}

static void *
cert_ctx(const struct ike_sa *sa)
{
	return sa->sa_eng->eng_env.creds_ctx;
}

static uint64_t
cert_wallclock(const struct ike_sa *sa)
{
	if (sa->sa_eng->eng_env.wallclock != NULL)
		return sa->sa_eng->eng_env.wallclock();
	return (uint64_t)time(NULL);
}

int
xchg_cert_is_sig(uint8_t method)
{
	return method == IKE_AUTH_RSA_SIG || method == IKE_AUTH_ECDSA_256 ||
	    method == IKE_AUTH_ECDSA_384 || method == IKE_AUTH_ECDSA_521 ||
	    method == IKE_AUTH_DIGITAL_SIG;
}

/* Appends the X.509 CERTREQ authorities of m to sa_cert.peer_certreq. */
int
xchg_cert_note_certreq(struct ike_sa *sa, const struct msg *m)
{
	const struct msg_pl *pl;
	struct pld_cert cr;
	struct ike_buf nb = { NULL, 0 };
	size_t i, n, old = sa->sa_cert.peer_certreq.len;
	int err;

	for (i = 0; (pl = msg_find(m, IKE_PL_CERTREQ, i)) != NULL; i++) {
		if (pld_certreq_parse(pl->body, &cr) < 0 ||
		    cr.enc != IKE_CERT_X509_SIG)
			continue;
		n = cr.data.len - cr.data.len % IKE_CREDS_KEYID_LEN;
		if (n == 0 || old + n > 64 * IKE_CREDS_KEYID_LEN)
			continue;	/* bounded: a peer trusts few CAs */
		if ((err = ike_buf_alloc(&nb, old + n)) < 0)
			return err;
		if (old > 0)
			memcpy(nb.ptr, sa->sa_cert.peer_certreq.ptr, old);
		memcpy(nb.ptr + old, cr.data.ptr, n);
		ike_buf_free(&sa->sa_cert.peer_certreq);
		sa->sa_cert.peer_certreq = nb;
		old += n;
	}
	return IKE_OK;
}

static int
cert_add_certreq(struct ike_sa *sa, const char *conn, struct xchg_out *x)
{
	struct ike_buf hashes = { NULL, 0 };
	struct pld_cert cr;
	int err;

	if (cert_creds(sa) == NULL)
		return IKE_OK;
	if ((err = cert_creds(sa)->certreq(cert_ctx(sa), conn, &hashes)) < 0)
		return err;
	if (hashes.len > 0) {
		cr.enc = IKE_CERT_X509_SIG;
		cr.data = ike_buf_view(&hashes);
		err = XOUT_ADD(x, IKE_PL_CERTREQ, pld_certreq_build, &cr);
	}
	ike_buf_free(&hashes);
	return err;
}

int
xchg_cert_add_certreq(struct ike_sa *sa, struct xchg_out *x)
{
	return cert_add_certreq(sa, sa->sa_conn->name, x);
}

int
xchg_cert_init(struct ike_sa *sa, const struct msg *m, bool certreq,
    struct xchg_out *x)
{
	uint8_t data[2 * (sizeof(cert_our_hashes) / sizeof(cert_our_hashes[0]))];
	struct pld_notify n;
	size_t i;
	int err, no7427;

	if (cert_creds(sa) == NULL)
		return IKE_OK;
	no7427 = sa->sa_eng->eng_cfg->creds.no_rfc7427;
	/* RFC 7427 4: a list of 16-bit hash algorithm numbers. */
	if (!no7427 && m != NULL &&
	    msg_find_notify(m, IKE_N_SIGNATURE_HASH_ALGORITHMS, &n)) {
		sa->sa_cert.peer_hashes = 0;
		for (i = 0; i + 1 < n.data.len; i += 2) {
			uint16_t h = ike_be16(n.data.ptr + i);

			if (h < 32)
				sa->sa_cert.peer_hashes |= 1u << h;
		}
		/* An empty list still says RFC 7427 is understood. */
		sa->sa_cert.peer_hashes |= 1u << 31;
	}
	if (m != NULL && (err = xchg_cert_note_certreq(sa, m)) < 0)
		return err;
	if (x == NULL)
		return IKE_OK;
	if (certreq && (err = cert_add_certreq(sa, NULL, x)) < 0)
		return err;
	if (no7427)
		return x->err;
	for (i = 0; i < sizeof(cert_our_hashes) / sizeof(cert_our_hashes[0]); i++)
		ike_put_be16(data + 2 * i, cert_our_hashes[i]);
	return xout_notify(x, 0, IKE_N_SIGNATURE_HASH_ALGORITHMS, NULL, 0, data,
	    sizeof(data));
}

int
xchg_cert_pick(struct ike_sa *sa, struct ike_cred_local *cred)
{
	const struct ike_conn_cfg *conn = sa->sa_conn;
	char why[256];
	int err;

	if (cert_creds(sa) == NULL)
		return sa_fail(sa, IKE_EAUTH, "connection '%s' authenticates "
		    "with a certificate, but no credentials are loaded",
		    conn->name);
	err = cert_creds(sa)->local(cert_ctx(sa), conn->name, &conn->local.id,
	    ike_buf_view(&sa->sa_cert.peer_certreq), cred, why, sizeof(why));
	if (err < 0)
		return sa_fail(sa, IKE_EAUTH, "no certificate to authenticate "
		    "with: %s", why);
	return IKE_OK;
}

int
xchg_cert_add_certs(struct ike_sa *sa, const struct ike_cred_local *cred,
    struct xchg_out *x)
{
	struct pld_cert c;
	size_t i;

	(void)sa;
	/* RFC 7296 3.6: our certificate first, then its issuers. */
	for (i = 0; i < cred->n_certs; i++) {
		c.enc = IKE_CERT_X509_SIG;
		c.data = cred->certs[i];
		XOUT_ADD(x, IKE_PL_CERT, pld_cert_build, &c);
	}
	return x->err;
}

/* Our method and scheme for a key, given what the peer announced. */
static int
cert_choose(const struct ike_sa *sa, enum ike_key_type kt, uint8_t *method,
    const struct cert_alg **alg, enum ike_sig_scheme *scheme)
{
	static const struct { enum ike_key_type kt; enum ike_sig_scheme s;
	    uint8_t method; } legacy[] = {
		{ IKE_KEY_RSA, IKE_SIG_RSA_PKCS1_SHA1, IKE_AUTH_RSA_SIG },
		{ IKE_KEY_ECDSA_P256, IKE_SIG_ECDSA_SHA256_RAW, IKE_AUTH_ECDSA_256 },
		{ IKE_KEY_ECDSA_P384, IKE_SIG_ECDSA_SHA384_RAW, IKE_AUTH_ECDSA_384 },
		{ IKE_KEY_ECDSA_P521, IKE_SIG_ECDSA_SHA512_RAW, IKE_AUTH_ECDSA_521 },
	};
	/* For ECDSA the curve's own hash first (RFC 4754's pairing). */
	static const uint8_t ec_first[] = {
		[IKE_KEY_ECDSA_P256] = IKE_HASH_SHA2_256,
		[IKE_KEY_ECDSA_P384] = IKE_HASH_SHA2_384,
		[IKE_KEY_ECDSA_P521] = IKE_HASH_SHA2_512,
	};
	uint32_t ph = sa->sa_cert.peer_hashes;
	bool rsa = kt == IKE_KEY_RSA, ed = kt == IKE_KEY_ED25519;
	size_t i, pass;

	*alg = NULL;
	if (ph != 0) {
		for (pass = 0; pass < 2; pass++)
			for (i = 0; i < N_OURS; i++) {
				const struct cert_alg *a = &cert_algs[i];
				bool fits;

				if (rsa)
					fits = a->scheme >= IKE_SIG_RSA_PSS_SHA256 &&
					    a->scheme <= IKE_SIG_RSA_PSS_SHA512;
				else if (ed)
					fits = a->scheme == IKE_SIG_ED25519;
				else
					fits = a->scheme >= IKE_SIG_ECDSA_SHA256 &&
					    a->scheme <= IKE_SIG_ECDSA_SHA512 &&
					    (pass == 1 || a->hash == ec_first[kt]);
				if (fits && (ph & (1u << a->hash))) {
					*alg = a;
					*method = IKE_AUTH_DIGITAL_SIG;
					*scheme = a->scheme;
					return IKE_OK;
				}
			}
	}
	for (i = 0; i < sizeof(legacy) / sizeof(legacy[0]); i++)
		if (legacy[i].kt == kt) {
			*method = legacy[i].method;
			*scheme = legacy[i].s;
			return IKE_OK;
		}
	return IKE_EUNSUPPORTED;
}

int
xchg_cert_add_auth(struct ike_sa *sa, const struct ike_cred_local *cred,
    struct xchg_out *x)
{
	struct ike_buf body = { NULL, 0 }, octets = { NULL, 0 }, sig = { NULL, 0 };
	struct ike_buf data = { NULL, 0 };
	const struct cert_alg *alg;
	enum ike_sig_scheme scheme;
	struct pld_auth a;
	uint8_t method = 0;
	size_t off = 0;
	int err;

	if (cert_choose(sa, cred->key_type, &method, &alg, &scheme) < 0)
		return sa_fail(sa, IKE_EAUTH, "our Ed25519 key needs RFC 7427 "
		    "signatures with the identity hash (RFC 8420), which the "
		    "peer did not announce");
	if ((err = keys_id_body(&sa->sa_lid, &body)) < 0 ||
	    (err = sa_auth_octets(sa, true, ike_buf_view(&body), &octets)) < 0)
		goto out;
	err = cert_creds(sa)->sign(cert_ctx(sa), cred->key, scheme,
	    ike_buf_view(&octets), &sig);
	if (err < 0) {
		err = sa_fail(sa, IKE_EAUTH, "signing AUTH failed: %s",
		    ike_strerror(err));
		goto out;
	}
	/* RFC 7427 3: length of the AlgorithmIdentifier, itself, the
	 * signature. */
	if (alg != NULL) {
		if ((err = ike_buf_alloc(&data, 1 + alg->ai_len + sig.len)) < 0)
			goto out;
		data.ptr[0] = (uint8_t)alg->ai_len;
		memcpy(data.ptr + 1, alg->ai, alg->ai_len);
		off = 1 + alg->ai_len;
	} else if ((err = ike_buf_alloc(&data, sig.len)) < 0)
		goto out;
	memcpy(data.ptr + off, sig.ptr, sig.len);
	a.method = method;
	a.data = ike_buf_view(&data);
	err = XOUT_ADD(x, IKE_PL_AUTH, pld_auth_build, &a);
	eng_log(sa->sa_eng, IKE_LOG_DEBUG, sa->sa_name, "authenticating with "
	    "AUTH method %u (%s)", method, alg != NULL ? alg->name :
	    method == IKE_AUTH_RSA_SIG ? "RSA-SHA1" : "ECDSA");
out:
	ike_buf_free(&body);
	ike_buf_free(&octets);
	ike_buf_free(&sig);
	ike_buf_free(&data);
	return err;
}

/*
 * RSASSA-PSS parameters written another way than ours (a trailerField,
 * other NULLs): the hash is the first SHA-2 OID in them; a salt other
 * than the hash's length then fails the signature check, with a reason.
 */
static int
cert_pss_scheme(const uint8_t *ai, size_t len, enum ike_sig_scheme *scheme,
    const char **name)
{
	static const uint8_t pss[] = { 0x06, 0x09, OID_PKCS1(0x0a) };
	static const uint8_t sha2[] = { 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
	    0x65, 0x03, 0x04, 0x02 };
	size_t off;

	if (len < 2 + sizeof(pss) || ai[0] != 0x30 || ai[1] >= 0x80 ||
	    memcmp(ai + 2, pss, sizeof(pss)) != 0)
		return IKE_EUNSUPPORTED;
	for (off = 2 + sizeof(pss); off + sizeof(sha2) < len; off++) {
		if (memcmp(ai + off, sha2, sizeof(sha2)) != 0)
			continue;
		switch (ai[off + sizeof(sha2)]) {
		case 1: *scheme = IKE_SIG_RSA_PSS_SHA256; *name = "RSA-PSS-SHA256"; return IKE_OK;
		case 2: *scheme = IKE_SIG_RSA_PSS_SHA384; *name = "RSA-PSS-SHA384"; return IKE_OK;
		case 3: *scheme = IKE_SIG_RSA_PSS_SHA512; *name = "RSA-PSS-SHA512"; return IKE_OK;
		default: return IKE_EUNSUPPORTED;
		}
	}
	return IKE_EUNSUPPORTED;
}

/* The scheme of the peer's AUTH; the signature within its data. */
static int
cert_peer_scheme(const struct pld_auth *auth, enum ike_sig_scheme *scheme,
    struct ike_bytes *sig, const char **name)
{
	size_t i, len;

	*sig = auth->data;
	switch (auth->method) {
	case IKE_AUTH_RSA_SIG:
		*scheme = IKE_SIG_RSA_PKCS1_SHA1;
		*name = "RSA-SHA1";
		return IKE_OK;
	case IKE_AUTH_ECDSA_256:
		*scheme = IKE_SIG_ECDSA_SHA256_RAW;
		*name = "ECDSA-256";
		return IKE_OK;
	case IKE_AUTH_ECDSA_384:
		*scheme = IKE_SIG_ECDSA_SHA384_RAW;
		*name = "ECDSA-384";
		return IKE_OK;
	case IKE_AUTH_ECDSA_521:
		*scheme = IKE_SIG_ECDSA_SHA512_RAW;
		*name = "ECDSA-521";
		return IKE_OK;
	case IKE_AUTH_DIGITAL_SIG:
		break;
	default:
		return IKE_EUNSUPPORTED;
	}
	if (auth->data.len < 1)
		return IKE_EMALFORMED;
	len = auth->data.ptr[0];
	if (1 + len >= auth->data.len)
		return IKE_EMALFORMED;
	for (i = 0; i < sizeof(cert_algs) / sizeof(cert_algs[0]); i++)
		if (cert_algs[i].ai_len == len &&
		    memcmp(cert_algs[i].ai, auth->data.ptr + 1, len) == 0)
			break;
	if (i < sizeof(cert_algs) / sizeof(cert_algs[0])) {
		*scheme = cert_algs[i].scheme;
		*name = cert_algs[i].name;
	} else if (cert_pss_scheme(auth->data.ptr + 1, len, scheme, name) < 0)
		return IKE_EUNSUPPORTED;
	sig->ptr = auth->data.ptr + 1 + len;
	sig->len = auth->data.len - 1 - len;
	return IKE_OK;
}

int
xchg_cert_check(struct ike_sa *sa, const struct msg *m,
    struct ike_bytes id_body, const struct pld_auth *auth)
{
	struct ike_bytes certs[IKE_CREDS_MAX_CHAIN], sig;
	struct ike_buf octets = { NULL, 0 };
	const struct msg_pl *pl;
	enum ike_sig_scheme scheme;
	struct pld_cert c;
	const char *name = "";
	char ri[128], why[256];
	size_t i, n = 0;
	int err;

	eng_id_format(&sa->sa_rid, ri, sizeof(ri));
	if (cert_creds(sa) == NULL)
		return sa_fail(sa, IKE_EAUTH, "peer '%s' must authenticate with "
		    "a certificate, but no credentials are loaded", ri);
	if (!xchg_cert_is_sig(auth->method))
		return sa_fail(sa, IKE_EAUTH, "peer '%s' authenticates with "
		    "method %u, we expect a signature", ri, auth->method);
	if ((err = cert_peer_scheme(auth, &scheme, &sig, &name)) < 0)
		return sa_fail(sa, IKE_EAUTH, "peer '%s' signs with a scheme we "
		    "do not support (AUTH method %u%s)", ri, auth->method,
		    err == IKE_EMALFORMED ? ", malformed" : "");
	for (i = 0; (pl = msg_find(m, IKE_PL_CERT, i)) != NULL; i++) {
		if (pld_cert_parse(pl->body, &c) < 0 || c.enc != IKE_CERT_X509_SIG)
			continue;
		if (n == IKE_CREDS_MAX_CHAIN)
			return sa_fail(sa, IKE_EAUTH, "peer '%s' sent more than "
			    "%d certificates", ri, IKE_CREDS_MAX_CHAIN);
		certs[n++] = c.data;
	}
	if ((err = sa_auth_octets(sa, false, id_body, &octets)) < 0)
		return sa_fail(sa, err, "checking AUTH of '%s' failed: %s", ri,
		    ike_strerror(err));
	why[0] = '\0';
	err = cert_creds(sa)->verify(cert_ctx(sa), sa->sa_conn->name, certs, n,
	    &sa->sa_rid, cert_wallclock(sa), scheme, ike_buf_view(&octets),
	    sig, why, sizeof(why));
	ike_buf_free(&octets);
	if (err == IKE_ENOMEM)
		return err;
	if (err < 0)
		return sa_fail(sa, IKE_EAUTH, "certificate authentication of "
		    "'%s' failed: %s", ri, why);
	eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "authentication of '%s' "
	    "with %s signature successful", ri, name);
	return IKE_OK;
}
