/* SPDX-License-Identifier: ISC */
/*
 * cr_load.c - loading credentials: certificates (PEM bundles or DER),
 * private keys (PEM or DER, PKCS#8 or the traditional RSA/EC forms; RSA,
 * ECDSA and Ed25519), CRLs, from files or whole directories as the config
 * names them; pairing keys with certificates by their public key; the
 * trust lists (every CA, and one per connection that names its own
 * cacerts) with the CRLs; chain verification; and the read-only views for
 * sakerctl list-certs.
 */
#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cr_int.h"

void
cr_note(struct creds *c, enum creds_sev sev, const char *where,
    const char *fmt, ...)
{
	struct creds_finding *f;
	va_list ap;

	f = realloc(c->findings, (c->n_findings + 1) * sizeof(*f));
	if (f == NULL)
		return;
	c->findings = f;
	f = &f[c->n_findings++];
	f->sev = sev;
	snprintf(f->where, sizeof(f->where), "%s", where);
	va_start(ap, fmt);
	vsnprintf(f->what, sizeof(f->what), fmt, ap);
	va_end(ap);
	if (sev == CREDS_ERROR)
		c->n_errors++;
}

/* RFC 7296 3.7: the SHA-1 hash of the DER SubjectPublicKeyInfo. */
int
cr_keyid_pubkey(gnutls_pubkey_t pub, uint8_t *out)
{
	gnutls_datum_t spki = { NULL, 0 };
	int ret;

	if (gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &spki) < 0)
		return IKE_EINVAL;
	ret = gnutls_hash_fast(GNUTLS_DIG_SHA1, spki.data, spki.size, out) < 0 ?
	    IKE_EINVAL : IKE_OK;
	gnutls_free(spki.data);
	return ret;
}

static enum ike_key_type
cr_key_type(gnutls_pubkey_t pub)
{
	gnutls_ecc_curve_t curve;
	int alg = gnutls_pubkey_get_pk_algorithm(pub, NULL);

	switch (alg) {
	case GNUTLS_PK_RSA:
		return IKE_KEY_RSA;
	case GNUTLS_PK_EDDSA_ED25519:
		return IKE_KEY_ED25519;
	case GNUTLS_PK_ECDSA:
		if (gnutls_pubkey_export_ecc_raw(pub, &curve, NULL, NULL) < 0)
			return IKE_KEY_NONE;
		if (curve == GNUTLS_ECC_CURVE_SECP256R1)
			return IKE_KEY_ECDSA_P256;
		if (curve == GNUTLS_ECC_CURVE_SECP384R1)
			return IKE_KEY_ECDSA_P384;
		if (curve == GNUTLS_ECC_CURVE_SECP521R1)
			return IKE_KEY_ECDSA_P521;
		return IKE_KEY_NONE;
	default:
		return IKE_KEY_NONE;
	}
}

/* Adds one parsed certificate; takes crt over. */
static int
cr_add_cert(struct creds *c, const char *file, gnutls_x509_crt_t crt,
    enum cr_role role)
{
	struct cr_cert *n, *e;
	gnutls_pubkey_t pub = NULL;
	unsigned int ca = 0;
	int ret = IKE_ENOMEM;

	if ((n = realloc(c->certs, (c->n_certs + 1) * sizeof(*n))) == NULL)
		goto fail;
	c->certs = n;
	e = &n[c->n_certs];
	memset(e, 0, sizeof(*e));
	snprintf(e->file, sizeof(e->file), "%s", file);
	e->crt = crt;
	e->key = -1;
	if (gnutls_x509_crt_get_basic_constraints(crt, NULL, &ca, NULL) >= 0)
		e->is_ca = ca != 0;
	e->role = role;
	if (role == CR_EE && e->is_ca)
		e->role = CR_CHAIN;
	if (gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &e->der) < 0 ||
	    gnutls_pubkey_init(&pub) < 0)
		goto fail;
	if (gnutls_pubkey_import_x509(pub, crt, 0) < 0 ||
	    cr_keyid_pubkey(pub, e->keyid) < 0) {
		gnutls_free(e->der.data);
		gnutls_pubkey_deinit(pub);
		cr_note(c, CREDS_ERROR, file, "a certificate's public key "
		    "cannot be read");
		gnutls_x509_crt_deinit(crt);
		return IKE_OK;
	}
	gnutls_pubkey_deinit(pub);
	c->n_certs++;
	return IKE_OK;
fail:
	gnutls_x509_crt_deinit(crt);
	return ret;
}

/* Is file already loaded in that role?  Then first/count say where. */
static bool
cr_loaded(const struct creds *c, const char *file, enum cr_role role,
    size_t *first, size_t *count)
{
	size_t i;

	*count = 0;
	for (i = 0; i < c->n_certs; i++) {
		if (strcmp(c->certs[i].file, file) != 0 ||
		    (role == CR_ANCHOR) != (c->certs[i].role == CR_ANCHOR))
			continue;
		if (*count == 0)
			*first = i;
		(*count)++;
	}
	return *count > 0;
}

/* A certificate file: a PEM bundle or one DER certificate. */
static int
cr_load_cert_file(struct creds *c, const char *file, enum cr_role role,
    size_t *first, size_t *count)
{
	gnutls_datum_t data = { NULL, 0 };
	gnutls_x509_crt_t *list = NULL, one;
	unsigned int n = 0, i;
	int ret = IKE_OK;

	if (cr_loaded(c, file, role, first, count))
		return IKE_OK;
	*first = c->n_certs;
	if (gnutls_load_file(file, &data) < 0) {
		cr_note(c, CREDS_ERROR, file, "cannot read the file");
		return IKE_OK;
	}
	if (gnutls_x509_crt_list_import2(&list, &n, &data, GNUTLS_X509_FMT_PEM,
	    0) < 0 || n == 0) {
		n = 0;
		if (gnutls_x509_crt_init(&one) < 0) {
			ret = IKE_ENOMEM;
			goto out;
		}
		if (gnutls_x509_crt_import(one, &data, GNUTLS_X509_FMT_DER) < 0) {
			gnutls_x509_crt_deinit(one);
			cr_note(c, CREDS_ERROR, file, "no certificate in it (PEM "
			    "or DER X.509 expected)");
			goto out;
		}
		ret = cr_add_cert(c, file, one, role);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (ret == IKE_OK)
			ret = cr_add_cert(c, file, list[i], role);
		else
			gnutls_x509_crt_deinit(list[i]);
	}
	gnutls_free(list);
out:
	*count = c->n_certs - *first;
	gnutls_free(data.data);
	return ret;
}

static int
cr_load_key_file(struct creds *c, const char *file)
{
	gnutls_datum_t data = { NULL, 0 };
	gnutls_privkey_t pk = NULL;
	gnutls_pubkey_t pub = NULL;
	struct cr_key *k;
	size_t i;
	int ret = IKE_OK;

	for (i = 0; i < c->n_keys; i++)
		if (strcmp(c->keys[i].file, file) == 0)
			return IKE_OK;
	if (gnutls_load_file(file, &data) < 0) {
		cr_note(c, CREDS_ERROR, file, "cannot read the file");
		return IKE_OK;
	}
	if (gnutls_privkey_init(&pk) < 0 || gnutls_pubkey_init(&pub) < 0) {
		ret = IKE_ENOMEM;
		goto out;
	}
	if (gnutls_privkey_import_x509_raw(pk, &data, GNUTLS_X509_FMT_PEM,
	    NULL, 0) < 0 &&
	    gnutls_privkey_import_x509_raw(pk, &data, GNUTLS_X509_FMT_DER,
	    NULL, 0) < 0) {
		cr_note(c, CREDS_ERROR, file, "no private key in it (PEM or DER, "
		    "PKCS#8 or traditional, unencrypted expected)");
		goto out;
	}
	if ((k = realloc(c->keys, (c->n_keys + 1) * sizeof(*k))) == NULL) {
		ret = IKE_ENOMEM;
		goto out;
	}
	c->keys = k;
	k = &k[c->n_keys];
	memset(k, 0, sizeof(*k));
	snprintf(k->file, sizeof(k->file), "%s", file);
	if (gnutls_pubkey_import_privkey(pub, pk, 0, 0) < 0 ||
	    cr_keyid_pubkey(pub, k->keyid) < 0 ||
	    (k->type = cr_key_type(pub)) == IKE_KEY_NONE) {
		cr_note(c, CREDS_ERROR, file, "the key's type is not supported "
		    "(RSA, ECDSA P-256/P-384/P-521 or Ed25519)");
		goto out;
	}
	k->pk = pk;
	pk = NULL;
	c->n_keys++;
out:
	gnutls_pubkey_deinit(pub);
	gnutls_privkey_deinit(pk);
	if (data.data != NULL) {
		ike_memzero(data.data, data.size);
		gnutls_free(data.data);
	}
	return ret;
}

static int
cr_load_crl_file(struct creds *c, const char *file)
{
	gnutls_datum_t data = { NULL, 0 };
	gnutls_x509_crl_t crl = NULL;
	struct cr_crl *e;
	int ret = IKE_OK;

	if (gnutls_load_file(file, &data) < 0) {
		cr_note(c, CREDS_ERROR, file, "cannot read the file");
		return IKE_OK;
	}
	if (gnutls_x509_crl_init(&crl) < 0) {
		ret = IKE_ENOMEM;
		goto out;
	}
	if (gnutls_x509_crl_import(crl, &data, GNUTLS_X509_FMT_PEM) < 0 &&
	    gnutls_x509_crl_import(crl, &data, GNUTLS_X509_FMT_DER) < 0) {
		cr_note(c, CREDS_ERROR, file, "no CRL in it (PEM or DER)");
		goto out;
	}
	if ((e = realloc(c->crls, (c->n_crls + 1) * sizeof(*e))) == NULL) {
		ret = IKE_ENOMEM;
		goto out;
	}
	c->crls = e;
	e = &e[c->n_crls];
	snprintf(e->file, sizeof(e->file), "%s", file);
	if (gnutls_x509_crl_export2(crl, GNUTLS_X509_FMT_DER, &e->der) < 0) {
		ret = IKE_ENOMEM;
		goto out;
	}
	c->n_crls++;
out:
	gnutls_x509_crl_deinit(crl);
	gnutls_free(data.data);
	return ret;
}

enum cr_kind { CR_K_CERT, CR_K_CA, CR_K_KEY, CR_K_CRL };

static int
cr_load_one(struct creds *c, const char *file, enum cr_kind kind)
{
	size_t first, count;

	switch (kind) {
	case CR_K_CERT:
		return cr_load_cert_file(c, file, CR_EE, &first, &count);
	case CR_K_CA:
		return cr_load_cert_file(c, file, CR_ANCHOR, &first, &count);
	case CR_K_KEY:
		return cr_load_key_file(c, file);
	default:
		return cr_load_crl_file(c, file);
	}
}

static int
cr_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file, or every regular file of a directory in name order. */
static int
cr_load_path(struct creds *c, const char *path, enum cr_kind kind)
{
	char file[PATH_MAX], **names = NULL, **nn;
	size_t n = 0, i;
	struct dirent *d;
	struct stat st;
	DIR *dir;
	int ret = IKE_OK;

	if (stat(path, &st) < 0) {
		cr_note(c, CREDS_ERROR, path, "does not exist");
		return IKE_OK;
	}
	if (!S_ISDIR(st.st_mode))
		return cr_load_one(c, path, kind);
	if ((dir = opendir(path)) == NULL) {
		cr_note(c, CREDS_ERROR, path, "cannot read the directory");
		return IKE_OK;
	}
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(file, sizeof(file), "%s/%s", path, d->d_name);
		if (stat(file, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if ((nn = realloc(names, (n + 1) * sizeof(*nn))) == NULL ||
		    (nn[n] = strdup(file)) == NULL) {
			names = nn != NULL ? nn : names;
			ret = IKE_ENOMEM;
			break;
		}
		names = nn;
		n++;
	}
	closedir(dir);
	qsort(names, n, sizeof(*names), cr_name_cmp);
	for (i = 0; i < n; i++) {
		if (ret == IKE_OK)
			ret = cr_load_one(c, names[i], kind);
		free(names[i]);
	}
	free(names);
	return ret;
}

int
cr_issuer(const struct creds *c, size_t i)
{
	size_t j;

	if (gnutls_x509_crt_check_issuer(c->certs[i].crt, c->certs[i].crt))
		return -1;		/* self-signed: the end of a chain */
	for (j = 0; j < c->n_certs; j++)
		if (j != i && c->certs[j].is_ca &&
		    gnutls_x509_crt_check_issuer(c->certs[i].crt, c->certs[j].crt))
			return (int)j;
	return -1;
}

/* A trust list with fresh copies of the given anchors and every CRL. */
static int
cr_trust_list(struct creds *c, const size_t *anchors, size_t n,
    gnutls_x509_trust_list_t *out)
{
	gnutls_x509_trust_list_t tl;
	gnutls_x509_crt_t crt;
	gnutls_x509_crl_t crl;
	size_t i;

	if (gnutls_x509_trust_list_init(&tl, 0) < 0)
		return IKE_ENOMEM;
	for (i = 0; i < n; i++) {
		if (gnutls_x509_crt_init(&crt) < 0)
			goto fail;
		if (gnutls_x509_crt_import(crt, &c->certs[anchors[i]].der,
		    GNUTLS_X509_FMT_DER) < 0 ||
		    gnutls_x509_trust_list_add_cas(tl, &crt, 1, 0) != 1) {
			gnutls_x509_crt_deinit(crt);
			goto fail;
		}
	}
	for (i = 0; i < c->n_crls; i++) {
		if (gnutls_x509_crl_init(&crl) < 0)
			goto fail;
		if (gnutls_x509_crl_import(crl, &c->crls[i].der,
		    GNUTLS_X509_FMT_DER) < 0) {
			gnutls_x509_crl_deinit(crl);
			goto fail;
		}
		/* A CRL of a CA outside this list does not apply to it.
		 * GnuTLS drops what it cannot verify, but frees it only with
		 * NO_DUPLICATES (which also keeps one CRL per issuer). */
		(void)gnutls_x509_trust_list_add_crls(tl, &crl, 1,
		    GNUTLS_TL_VERIFY_CRL | GNUTLS_TL_NO_DUPLICATES, 0);
	}
	*out = tl;
	return IKE_OK;
fail:
	gnutls_x509_trust_list_deinit(tl, 1);
	return IKE_ENOMEM;
}

int
cr_verify_chain(gnutls_x509_trust_list_t tl, gnutls_x509_crt_t *chain,
    size_t n, uint64_t now, char *why, size_t whylen)
{
	gnutls_datum_t txt = { NULL, 0 };
	unsigned int status = 0;
	size_t i;
	time_t t;

	/* Validity is checked against the caller's clock below, so that
	 * the engine's notion of now (and tests) decide. */
	if (gnutls_x509_trust_list_verify_crt2(tl, chain, (unsigned)n, NULL, 0,
	    GNUTLS_VERIFY_DISABLE_TIME_CHECKS |
	    GNUTLS_VERIFY_DISABLE_TRUSTED_TIME_CHECKS, &status, NULL) < 0) {
		snprintf(why, whylen, "the chain cannot be verified");
		return IKE_EAUTH;
	}
	if (status != 0) {
		if (status & GNUTLS_CERT_REVOKED)
			snprintf(why, whylen, "the certificate is revoked");
		else if (status & GNUTLS_CERT_SIGNER_NOT_FOUND)
			snprintf(why, whylen, "the chain does not reach a "
			    "trusted CA");
		else if (gnutls_certificate_verification_status_print(status,
		    GNUTLS_CRT_X509, &txt, 0) >= 0) {
			snprintf(why, whylen, "%s", txt.data);
			gnutls_free(txt.data);
		} else
			snprintf(why, whylen, "the chain is not valid");
		return IKE_EAUTH;
	}
	for (i = 0; i < n; i++) {
		if ((t = gnutls_x509_crt_get_activation_time(chain[i])) != (time_t)-1 &&
		    (uint64_t)t > now) {
			snprintf(why, whylen, "%s is not valid yet",
			    i == 0 ? "the certificate" : "an issuer's certificate");
			return IKE_EAUTH;
		}
		if ((t = gnutls_x509_crt_get_expiration_time(chain[i])) != (time_t)-1 &&
		    (uint64_t)t < now) {
			snprintf(why, whylen, "%s has expired",
			    i == 0 ? "the certificate" : "an issuer's certificate");
			return IKE_EAUTH;
		}
	}
	return IKE_OK;
}

/* Loads one end's files and records the connection's picks. */
static int
cr_load_conn(struct creds *c, const struct ike_conn_cfg *conn, struct cr_conn *cc)
{
	size_t i, first, count, j;
	int ret;

	snprintf(cc->name, sizeof(cc->name), "%s", conn->name);
	for (i = 0; i < conn->local.n_certs; i++) {
		if ((ret = cr_load_cert_file(c, conn->local.certs[i], CR_EE,
		    &first, &count)) < 0)
			return ret;
		for (j = first; j < first + count; j++)
			if (c->certs[j].role == CR_EE &&
			    cc->n_certs < IKE_CFG_MAX_CERTS)
				cc->certs[cc->n_certs++] = j;
	}
	if (conn->local.key[0] != '\0' &&
	    (ret = cr_load_key_file(c, conn->local.key)) < 0)
		return ret;
	for (i = 0; i < conn->remote.n_cacerts; i++) {
		if ((ret = cr_load_cert_file(c, conn->remote.cacerts[i],
		    CR_ANCHOR, &first, &count)) < 0)
			return ret;
		for (j = first; j < first + count; j++)
			if (cc->n_cas < IKE_CFG_MAX_CERTS)
				cc->cas[cc->n_cas++] = j;
	}
	return IKE_OK;
}

static void
cr_pair_keys(struct creds *c)
{
	size_t i, k;

	for (i = 0; i < c->n_certs; i++)
		for (k = 0; k < c->n_keys && c->certs[i].key < 0; k++)
			if (memcmp(c->certs[i].keyid, c->keys[k].keyid,
			    IKE_CREDS_KEYID_LEN) == 0) {
				c->certs[i].key = (int)k;
				c->keys[k].used = true;
			}
}

int
creds_load(const struct ike_config *cfg, uint64_t now, struct creds **out)
{
	const struct ike_cred_cfg *g = &cfg->creds;
	const struct ike_conn_cfg *conn;
	struct creds *c;
	size_t i, n = 0, *anchors = NULL;
	int ret = IKE_OK;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return IKE_ENOMEM;
	for (i = 0; i < g->n_cacerts && ret == IKE_OK; i++)
		ret = cr_load_path(c, g->cacerts[i], CR_K_CA);
	for (i = 0; i < g->n_certs && ret == IKE_OK; i++)
		ret = cr_load_path(c, g->certs[i], CR_K_CERT);
	for (i = 0; i < g->n_keys && ret == IKE_OK; i++)
		ret = cr_load_path(c, g->keys[i], CR_K_KEY);
	for (i = 0; i < g->n_crls && ret == IKE_OK; i++)
		ret = cr_load_path(c, g->crls[i], CR_K_CRL);
	for (conn = cfg->conns; conn != NULL; conn = conn->next)
		n++;
	if (ret == IKE_OK && n > 0 &&
	    (c->conns = calloc(n, sizeof(*c->conns))) == NULL)
		ret = IKE_ENOMEM;
	for (conn = cfg->conns; conn != NULL && ret == IKE_OK; conn = conn->next)
		ret = cr_load_conn(c, conn, &c->conns[c->n_conns++]);
	cr_pair_keys(c);
	if (ret == IKE_OK &&
	    (anchors = calloc(c->n_certs + 1, sizeof(*anchors))) == NULL)
		ret = IKE_ENOMEM;
	for (i = 0, n = 0; ret == IKE_OK && i < c->n_certs; i++)
		if (c->certs[i].role == CR_ANCHOR)
			anchors[n++] = i;
	if (ret == IKE_OK)
		ret = cr_trust_list(c, anchors, n, &c->tl);
	for (i = 0; ret == IKE_OK && i < c->n_conns; i++)
		if (c->conns[i].n_cas > 0)
			ret = cr_trust_list(c, c->conns[i].cas,
			    c->conns[i].n_cas, &c->conns[i].tl);
	free(anchors);
	if (ret != IKE_OK) {
		creds_free(c);
		return ret;
	}
	cr_lint(c, cfg, now);
	*out = c;
	return IKE_OK;
}

void
creds_free(struct creds *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n_certs; i++) {
		gnutls_x509_crt_deinit(c->certs[i].crt);
		gnutls_free(c->certs[i].der.data);
	}
	for (i = 0; i < c->n_keys; i++)
		gnutls_privkey_deinit(c->keys[i].pk);	/* GnuTLS wipes it */
	for (i = 0; i < c->n_crls; i++)
		gnutls_free(c->crls[i].der.data);
	for (i = 0; i < c->n_conns; i++)
		if (c->conns[i].tl != NULL)
			gnutls_x509_trust_list_deinit(c->conns[i].tl, 1);
	if (c->tl != NULL)
		gnutls_x509_trust_list_deinit(c->tl, 1);
	free(c->certs);
	free(c->keys);
	free(c->crls);
	free(c->conns);
	free(c->findings);
	free(c);
}

const struct cr_conn *
cr_conn_find(const struct creds *c, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < c->n_conns; i++)
		if (strcmp(c->conns[i].name, name) == 0)
			return &c->conns[i];
	return NULL;
}

size_t
creds_errors(const struct creds *c)
{
	return c->n_errors;
}

size_t
creds_n_findings(const struct creds *c)
{
	return c->n_findings;
}

const struct creds_finding *
creds_finding(const struct creds *c, size_t i)
{
	return i < c->n_findings ? &c->findings[i] : NULL;
}

size_t
creds_n_certs(const struct creds *c)
{
	return c->n_certs;
}

static void
cr_dn(gnutls_x509_crt_t crt, int issuer, char *buf, size_t len)
{
	gnutls_datum_t dn = { NULL, 0 };
	int ret;

	ret = issuer ? gnutls_x509_crt_get_issuer_dn3(crt, &dn, 0) :
	    gnutls_x509_crt_get_dn3(crt, &dn, 0);
	snprintf(buf, len, "%s", ret >= 0 ? (char *)dn.data : "?");
	gnutls_free(dn.data);
}

int
creds_cert_info(const struct creds *c, size_t i, struct creds_cert_info *out)
{
	static const char *const types[] = {
		[IKE_KEY_NONE] = "unsupported", [IKE_KEY_RSA] = "RSA",
		[IKE_KEY_ECDSA_P256] = "ECDSA-P256",
		[IKE_KEY_ECDSA_P384] = "ECDSA-P384",
		[IKE_KEY_ECDSA_P521] = "ECDSA-P521",
		[IKE_KEY_ED25519] = "Ed25519",
	};
	const struct cr_cert *e;
	gnutls_pubkey_t pub;
	unsigned int bits = 0;
	size_t k;

	if (i >= c->n_certs)
		return IKE_ENOENT;
	e = &c->certs[i];
	memset(out, 0, sizeof(*out));
	out->file = e->file;
	cr_dn(e->crt, 0, out->subject, sizeof(out->subject));
	cr_dn(e->crt, 1, out->issuer, sizeof(out->issuer));
	cr_sans(e->crt, out->sans, sizeof(out->sans));
	out->not_before = (uint64_t)gnutls_x509_crt_get_activation_time(e->crt);
	out->not_after = (uint64_t)gnutls_x509_crt_get_expiration_time(e->crt);
	snprintf(out->key_type, sizeof(out->key_type), "%s", types[IKE_KEY_NONE]);
	if (gnutls_pubkey_init(&pub) >= 0) {
		if (gnutls_pubkey_import_x509(pub, e->crt, 0) >= 0) {
			snprintf(out->key_type, sizeof(out->key_type), "%s",
			    types[cr_key_type(pub)]);
			if (gnutls_pubkey_get_pk_algorithm(pub, &bits) ==
			    GNUTLS_PK_RSA)
				snprintf(out->key_type, sizeof(out->key_type),
				    "RSA-%u", bits);
		}
		gnutls_pubkey_deinit(pub);
	}
	out->is_ca = e->is_ca;
	out->has_key = e->key >= 0;
	for (k = 0; k < IKE_CREDS_KEYID_LEN; k++)
		snprintf(out->keyid + 2 * k, 3, "%02x", e->keyid[k]);
	return IKE_OK;
}
