/* SPDX-License-Identifier: ISC */
/*
 * cr_lint.c - what is wrong with the loaded credentials, found at load
 * time rather than by a peer: certificates outside their validity
 * (error), our certificate's chain not reaching a loaded CA (error), a
 * key that matches none of the certificates it was named for (error), a
 * connection authenticating with a certificate it does not have or a peer
 * with no CA to check it against (error), an ID our certificate does not
 * hold (warning: the peer will refuse it), and a gateway certificate
 * without the serverAuth extended key usage that Windows clients demand
 * (warning).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cr_int.h"

static void
cr_lint_times(struct creds *c, uint64_t now)
{
	const struct cr_cert *e;
	time_t nb, na;
	char when[32];
	struct tm tm;
	size_t i;

	for (i = 0; i < c->n_certs; i++) {
		e = &c->certs[i];
		nb = gnutls_x509_crt_get_activation_time(e->crt);
		na = gnutls_x509_crt_get_expiration_time(e->crt);
		if (na != (time_t)-1 && (uint64_t)na < now) {
			gmtime_r(&na, &tm);
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
			cr_note(c, CREDS_ERROR, e->file, "certificate expired "
			    "on %s UTC", when);
		} else if (nb != (time_t)-1 && (uint64_t)nb > now) {
			gmtime_r(&nb, &tm);
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
			cr_note(c, CREDS_ERROR, e->file, "certificate is not "
			    "valid before %s UTC", when);
		}
	}
}

/* Our certificate i: does its chain reach a loaded CA? */
static void
cr_lint_chain(struct creds *c, size_t i, uint64_t now, size_t n_anchors)
{
	gnutls_x509_crt_t chain[IKE_CREDS_MAX_CHAIN];
	char why[256];
	size_t n = 0;
	int j;

	for (j = (int)i; j >= 0 && n < IKE_CREDS_MAX_CHAIN;
	    j = cr_issuer(c, (size_t)j))
		chain[n++] = c->certs[j].crt;
	if (n_anchors == 0) {
		cr_note(c, CREDS_WARN, c->certs[i].file, "no CA certificate is "
		    "loaded, so this certificate's chain is not checked");
		return;
	}
	if (cr_verify_chain(c->tl, chain, n, now, why, sizeof(why)) < 0)
		cr_note(c, CREDS_ERROR, c->certs[i].file, "%s", why);
}

static bool
cr_has_eku(gnutls_x509_crt_t crt, const char *oid)
{
	char buf[128];
	size_t size;
	unsigned int i, crit;
	int ret;

	for (i = 0;; i++) {
		size = sizeof(buf);
		ret = gnutls_x509_crt_get_key_purpose_oid(crt, i, buf, &size, &crit);
		if (ret < 0)
			return false;
		if (strcmp(buf, oid) == 0)
			return true;
	}
}

static void
cr_lint_local(struct creds *c, const struct ike_conn_cfg *conn,
    const struct cr_conn *cc, uint64_t now, size_t n_anchors)
{
	char where[IKE_CFG_NAME_MAX + 80], idtxt[256];
	const struct cr_cert *e;
	bool any = false, key_ok = conn->local.key[0] == '\0';
	size_t i, k;

	snprintf(where, sizeof(where), "connection %s", conn->name);
	if (ike_id_format(&conn->local.id, idtxt, sizeof(idtxt)) < 0)
		idtxt[0] = '\0';
	for (i = 0; i < c->n_certs; i++) {
		e = &c->certs[i];
		if (e->role != CR_EE)
			continue;
		if (cc->n_certs > 0) {
			for (k = 0; k < cc->n_certs && cc->certs[k] != i; k++)
				;
			if (k == cc->n_certs)
				continue;
		} else if (e->key < 0 || (conn->local.id.type != 0 &&
		    !cr_id_match(e->crt, &conn->local.id)))
			continue;
		any = true;
		if (e->key < 0) {
			cr_note(c, CREDS_ERROR, e->file, "no loaded private key "
			    "matches this certificate (%s)", where);
			continue;
		}
		if (!key_ok && strcmp(c->keys[e->key].file, conn->local.key) == 0)
			key_ok = true;
		cr_lint_chain(c, i, now, n_anchors);
		if (conn->local.id.type != 0 && !cr_id_match(e->crt, &conn->local.id))
			cr_note(c, CREDS_WARN, e->file, "the certificate does not "
			    "hold the ID '%s' of %s in its subjectAltName or "
			    "subject: peers will refuse it", idtxt, where);
		/* A gateway that anyone may reach is what Windows' IKEv2
		 * client talks to, and it wants serverAuth. */
		if (conn->remote.n_addrs == 0 &&
		    !cr_has_eku(e->crt, GNUTLS_KP_TLS_WWW_SERVER))
			cr_note(c, CREDS_WARN, e->file, "no serverAuth extended "
			    "key usage: Windows clients refuse such a gateway "
			    "certificate (%s)", where);
	}
	if (!any && cc->n_certs == 0)
		cr_note(c, CREDS_ERROR, where, "auth pubkey, but no loaded "
		    "certificate with a private key %s%s%s", idtxt[0] != '\0' ?
		    "holds the ID '" : "is there", idtxt, idtxt[0] != '\0' ?
		    "'" : "");
	if (!key_ok)
		cr_note(c, CREDS_ERROR, conn->local.key, "the key does not match "
		    "any certificate of %s", where);
}

void
cr_lint(struct creds *c, const struct ike_config *cfg, uint64_t now)
{
	const struct ike_conn_cfg *conn;
	const struct cr_conn *cc;
	char where[IKE_CFG_NAME_MAX + 80];
	size_t i, n_anchors = 0;

	for (i = 0; i < c->n_certs; i++)
		n_anchors += c->certs[i].role == CR_ANCHOR;
	cr_lint_times(c, now);
	for (conn = cfg->conns; conn != NULL; conn = conn->next) {
		cc = cr_conn_find(c, conn->name);
		snprintf(where, sizeof(where), "connection %s", conn->name);
		if (conn->local.auth == IKE_CFG_AUTH_PUBKEY && cc != NULL)
			cr_lint_local(c, conn, cc, now, n_anchors);
		if (conn->remote.auth == IKE_CFG_AUTH_PUBKEY && n_anchors == 0)
			cr_note(c, CREDS_ERROR, where, "the peer authenticates "
			    "with a certificate, but no CA certificate is loaded");
	}
	for (i = 0; i < c->n_keys; i++)
		if (!c->keys[i].used)
			cr_note(c, CREDS_WARN, c->keys[i].file, "the key matches "
			    "no loaded certificate");
}
