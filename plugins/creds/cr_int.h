/* SPDX-License-Identifier: ISC */
/*
 * cr_int.h - the inside of the credentials plugin, shared by its files:
 * the loaded certificates, keys and CRLs, the trust lists built from
 * them, and each connection's picks.  Nothing here leaves the plugin.
 */
#ifndef SAKER_CR_INT_H
#define SAKER_CR_INT_H

#include <stdbool.h>
#include <gnutls/gnutls.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "creds.h"

enum cr_role {
	CR_EE,		/* an end entity certificate (ours, with a key) */
	CR_CHAIN,	/* a CA certificate that came with ours: sent, not trusted */
	CR_ANCHOR,	/* a trusted CA certificate (cacerts) */
};

struct cr_cert {
	char		 file[IKE_CFG_PATH_MAX];
	enum cr_role	 role;
	gnutls_x509_crt_t crt;
	gnutls_datum_t	 der;		/* gnutls_free()d */
	uint8_t		 keyid[IKE_CREDS_KEYID_LEN];	/* SHA-1 of the SPKI */
	bool		 is_ca;
	int		 key;		/* index into cr_keys, -1 when none */
};

struct cr_key {
	char		 file[IKE_CFG_PATH_MAX];
	gnutls_privkey_t pk;
	uint8_t		 keyid[IKE_CREDS_KEYID_LEN];
	enum ike_key_type type;
	bool		 used;		/* some certificate matched it */
};

struct cr_crl {
	char		 file[IKE_CFG_PATH_MAX];
	gnutls_datum_t	 der;
};

/* One connection's credentials by index into creds->certs. */
struct cr_conn {
	char		 name[IKE_CFG_NAME_MAX];
	size_t		 certs[IKE_CFG_MAX_CERTS];	/* ours (CR_EE) */
	size_t		 n_certs;
	gnutls_x509_trust_list_t tl;	/* NULL: the global one */
	size_t		 cas[IKE_CFG_MAX_CERTS];	/* its remote cacerts */
	size_t		 n_cas;
};

struct creds {
	struct cr_cert	*certs;
	size_t		 n_certs;
	struct cr_key	*keys;
	size_t		 n_keys;
	struct cr_crl	*crls;
	size_t		 n_crls;
	struct cr_conn	*conns;
	size_t		 n_conns;
	gnutls_x509_trust_list_t tl;	/* every anchor and CRL */
	struct creds_finding *findings;
	size_t		 n_findings, n_errors;
};

/* cr_load.c */
void	cr_note(struct creds *, enum creds_sev, const char *where,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int	cr_keyid_pubkey(gnutls_pubkey_t, uint8_t *out);
const struct cr_conn *cr_conn_find(const struct creds *, const char *name);
/* The issuer of cert i among the loaded CA certificates, or -1. */
int	cr_issuer(const struct creds *, size_t i);
/* The verification status of cert i against tl at now: 0 when good, else
 * the reason (a GnuTLS status text or ours) in why. */
int	cr_verify_chain(gnutls_x509_trust_list_t tl, gnutls_x509_crt_t *chain,
	    size_t n, uint64_t now, char *why, size_t whylen);

/* cr_id.c */
/* 1 if crt holds id in its subjectAltName or subject DN. */
int	cr_id_match(gnutls_x509_crt_t crt, const struct ike_id *id);
/* The certificate's SANs as "dns:a, email:b, ip:c". */
void	cr_sans(gnutls_x509_crt_t crt, char *buf, size_t len);

/* cr_lint.c */
void	cr_lint(struct creds *, const struct ike_config *, uint64_t now);

#endif /* SAKER_CR_INT_H */
