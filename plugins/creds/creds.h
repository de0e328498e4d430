/* SPDX-License-Identifier: ISC */
/*
 * creds.h - the credentials plugin: X.509 certificates, CA certificates,
 * CRLs and private keys loaded through GnuTLS from the files and
 * directories the config names, checked (linted) at load, and offered to
 * libike through struct ike_creds (plugin.h).  The daemon loads a new set
 * on every (re)load and swaps it into a creds_slot only when it has no
 * errors, so a bad reload keeps the running credentials.
 */
#ifndef SAKER_CREDS_H
#define SAKER_CREDS_H

#include "cfg.h"
#include "ike.h"
#include "plugin.h"

struct creds;

/* What lint found: errors refuse the config, warnings are logged. */
enum creds_sev { CREDS_WARN, CREDS_ERROR };

struct creds_finding {
	enum creds_sev	 sev;
	char		 where[IKE_CFG_PATH_MAX + 80];	/* file, or "conn NAME" */
	char		 what[256];
};

/* One loaded certificate, for sakerctl list-certs. */
struct creds_cert_info {
	const char	*file;
	char		 subject[256], issuer[256];
	char		 sans[512];		/* "dns:a, email:b, ip:c", "" */
	uint64_t	 not_before, not_after;	/* seconds since the epoch */
	char		 key_type[24];		/* "RSA-3072", "ECDSA-P256", ... */
	int		 is_ca;
	int		 has_key;		/* a loaded private key matches */
	char		 keyid[2 * IKE_CREDS_KEYID_LEN + 1];	/* hex SHA-1 of SPKI */
};

/*
 * Loads every credential cfg names (its credentials section, each
 * connection's certs, key and cacerts) and lints them against the
 * connections at time now (seconds since the epoch).  *out is set also
 * when lint found errors (so they can be shown); creds_errors() counts
 * them.  Returns IKE_OK, or IKE_ENOMEM.
 */
int	creds_load(const struct ike_config *cfg, uint64_t now, struct creds **out);
void	creds_free(struct creds *);	/* NULL ok; wipes private keys */

size_t	creds_errors(const struct creds *);
size_t	creds_n_findings(const struct creds *);
const struct creds_finding *creds_finding(const struct creds *, size_t i);
size_t	creds_n_certs(const struct creds *);
/* Fills *out for certificate i (CA certificates too).  IKE_ENOENT. */
int	creds_cert_info(const struct creds *, size_t i, struct creds_cert_info *out);

/*
 * The libike side: creds_plugin's ctx is a struct creds_slot; libike
 * always uses the set in slot->cur (NULL: no certificates at all).
 */
struct creds_slot {
	struct creds	*cur;
};
extern const struct ike_creds creds_plugin;

#endif /* SAKER_CREDS_H */
