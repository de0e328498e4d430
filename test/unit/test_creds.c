/* SPDX-License-Identifier: ISC */
/*
 * test_creds.c - the credentials plugin against a PKI that test/mkca
 * makes fresh for each run: loading (PEM and DER, PKCS#8 and traditional
 * keys), chains good and bad (unknown CA, expired, revoked, key usage
 * without signatures), IDs against subjectAltNames and subjects, every
 * signature scheme signed by one side and checked by the other, CERTREQ
 * hashes and the certificate they pick, and the lint findings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check_main.h"
#include "cfg.h"
#include "creds.h"
#include "iana.h"
#include "ike.h"
#include "plugin.h"
#include "pki_test.h"

static void
path(char *dst, const char *name)
{
	snprintf(dst, IKE_CFG_PATH_MAX, "%s/%s", pki, name);
}

/* One connection "c", local and remote auth pubkey; cert/key (may be
 * NULL) ours, ca.pem and the CRL trusted. */
struct tcfg {
	struct ike_config cfg;
	struct ike_conn_cfg conn;
};

static void
tcfg_init(struct tcfg *t, const char *cert, const char *key, const char *id)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->conn.name, sizeof(t->conn.name), "c");
	t->conn.local.auth = IKE_CFG_AUTH_PUBKEY;
	t->conn.remote.auth = IKE_CFG_AUTH_PUBKEY;
	if (id != NULL)
		ck_assert_int_eq(ike_id_parse(id, &t->conn.local.id), 0);
	if (cert != NULL)
		path(t->conn.local.certs[t->conn.local.n_certs++], cert);
	if (key != NULL)
		path(t->conn.local.key, key);
	t->cfg.conns = &t->conn;
	path(t->cfg.creds.cacerts[t->cfg.creds.n_cacerts++], "ca.pem");
	path(t->cfg.creds.crls[t->cfg.creds.n_crls++], "crl.pem");
}

static void
tcfg_free(struct tcfg *t)
{
	ike_id_free(&t->conn.local.id);
	ike_id_free(&t->conn.remote.id);
}

static struct creds *
load(struct tcfg *t)
{
	struct creds *c = NULL;

	ck_assert_int_eq(creds_load(&t->cfg, (uint64_t)time(NULL), &c), 0);
	return c;
}

/* Does any finding of sev contain text? */
static int
found(const struct creds *c, enum creds_sev sev, const char *text)
{
	const struct creds_finding *f;
	size_t i;

	for (i = 0; i < creds_n_findings(c); i++) {
		f = creds_finding(c, i);
		if (f->sev == sev && strstr(f->what, text) != NULL)
			return 1;
	}
	return 0;
}

static void
dump(const struct creds *c)
{
	size_t i;

	for (i = 0; i < creds_n_findings(c); i++)
		fprintf(stderr, "finding %s: %s: %s\n",
		    creds_finding(c, i)->sev == CREDS_ERROR ? "error" : "warn",
		    creds_finding(c, i)->where, creds_finding(c, i)->what);
}

static const uint8_t octets[] = "the octets AUTH signs";

/* The client (cert, key, id) signs with scheme, the gateway (ca.pem and
 * the CRL) checks it; returns verify's result, why gets the reason. */
static int
sign_verify(const char *cert, const char *key, const char *id,
    enum ike_sig_scheme scheme, int tamper, char *why, size_t whylen)
{
	struct tcfg ct, gt;
	struct creds_slot cs, gs;
	struct ike_cred_local loc;
	struct ike_buf sig = { NULL, 0 };
	struct ike_id pid = { 0 };
	struct ike_bytes data = { octets, sizeof(octets) };
	int ret;

	tcfg_init(&ct, cert, key, NULL);
	tcfg_init(&gt, "gw.pem", "gw.key", "gw.example.net");
	cs.cur = load(&ct);
	gs.cur = load(&gt);
	ck_assert_int_eq(creds_plugin.local(&cs, "c", &ct.conn.local.id,
	    (struct ike_bytes){ NULL, 0 }, &loc, why, whylen), 0);
	ck_assert_int_eq(creds_plugin.sign(&cs, loc.key, scheme, data, &sig), 0);
	if (tamper)
		sig.ptr[sig.len / 2] ^= 1;
	ck_assert_int_eq(ike_id_parse(id, &pid), 0);
	why[0] = '\0';
	ret = creds_plugin.verify(&gs, "c", loc.certs, loc.n_certs, &pid,
	    (uint64_t)time(NULL), scheme, data, ike_buf_view(&sig), why, whylen);
	ike_buf_free(&sig);
	ike_id_free(&pid);
	creds_free(cs.cur);
	creds_free(gs.cur);
	tcfg_free(&ct);
	tcfg_free(&gt);
	return ret;
}

static void
good(const char *cert, const char *key, const char *id, enum ike_sig_scheme s)
{
	char why[256];
	int ret = sign_verify(cert, key, id, s, 0, why, sizeof(why));

	ck_assert_msg(ret == 0, "%s scheme %d: %s", cert, s, why);
	ck_assert_int_eq(sign_verify(cert, key, id, s, 1, why, sizeof(why)),
	    IKE_EAUTH);
	ck_assert_msg(strstr(why, "signature does not verify") != NULL, "%s", why);
}

START_TEST(test_schemes_ecdsa)
{
	good("ecdsa.pem", "ecdsa.key", "alice@example.net", IKE_SIG_ECDSA_SHA256);
	good("ecdsa.pem", "ecdsa.key", "alice@example.net", IKE_SIG_ECDSA_SHA256_RAW);
	good("ecdsa384.pem", "ecdsa384.key", "amy@example.net", IKE_SIG_ECDSA_SHA384);
	good("ecdsa384.pem", "ecdsa384.key", "amy@example.net", IKE_SIG_ECDSA_SHA384_RAW);
}
END_TEST

START_TEST(test_schemes_rsa)
{
	good("rsa.pem", "rsa.key", "bob@example.net", IKE_SIG_RSA_PKCS1_SHA1);
	good("rsa.pem", "rsa.key", "bob@example.net", IKE_SIG_RSA_PKCS1_SHA256);
	good("rsa.pem", "rsa.key", "bob@example.net", IKE_SIG_RSA_PSS_SHA256);
	good("rsa.pem", "rsa.key", "bob@example.net", IKE_SIG_RSA_PSS_SHA384);
	good("rsa.pem", "rsa.key", "bob@example.net", IKE_SIG_RSA_PSS_SHA512);
	/* DER certificate and DER key */
	good("rsa.der", "rsa.key.der", "bob@example.net", IKE_SIG_RSA_PSS_SHA256);
}
END_TEST

START_TEST(test_schemes_ed25519)
{
	good("ed25519.pem", "ed25519.key", "carol@example.net", IKE_SIG_ED25519);
	good("ed25519.der", "ed25519.key.der", "carol@example.net", IKE_SIG_ED25519);
}
END_TEST

START_TEST(test_chain_intermediate)
{
	/* erin's certificate comes with the intermediate CA */
	good("chained-chain.pem", "chained.key", "erin@example.net",
	    IKE_SIG_ECDSA_SHA256);
}
END_TEST

static void
bad(const char *cert, const char *key, const char *id, enum ike_sig_scheme s,
    const char *reason)
{
	char why[256];

	ck_assert_int_eq(sign_verify(cert, key, id, s, 0, why, sizeof(why)),
	    IKE_EAUTH);
	ck_assert_msg(strstr(why, reason) != NULL, "%s: '%s', expected '%s'",
	    cert, why, reason);
}

START_TEST(test_chain_bad)
{
	bad("revoked.pem", "revoked.key", "dave@example.net",
	    IKE_SIG_ECDSA_SHA256, "revoked");
	bad("otherca.pem", "otherca.key", "eve@example.net",
	    IKE_SIG_ECDSA_SHA256, "does not reach a trusted CA");
	bad("expired.pem", "expired.key", "gina@example.net",
	    IKE_SIG_ECDSA_SHA256, "expired");
	bad("nosign.pem", "nosign.key", "hank@example.net",
	    IKE_SIG_RSA_PSS_SHA256, "key usage");
}
END_TEST

START_TEST(test_id_mismatch)
{
	char why[256];
	struct tcfg ct, gt;
	struct creds_slot cs, gs;
	struct ike_cred_local loc;
	struct ike_buf sig = { NULL, 0 };
	struct ike_id pid = { 0 };
	struct ike_bytes data = { octets, sizeof(octets) };

	/* frank claims frank@example.net, his certificate says .org */
	tcfg_init(&ct, "badsan.pem", "badsan.key", NULL);
	tcfg_init(&gt, "gw.pem", "gw.key", "gw.example.net");
	cs.cur = load(&ct);
	gs.cur = load(&gt);
	ck_assert_int_eq(creds_plugin.local(&cs, "c", &ct.conn.local.id,
	    (struct ike_bytes){ NULL, 0 }, &loc, why, sizeof(why)), 0);
	ck_assert_int_eq(creds_plugin.sign(&cs, loc.key, IKE_SIG_ECDSA_SHA256,
	    data, &sig), 0);
	ck_assert_int_eq(ike_id_parse("frank@example.net", &pid), 0);
	ck_assert_int_eq(creds_plugin.verify(&gs, "c", loc.certs, loc.n_certs,
	    &pid, (uint64_t)time(NULL), IKE_SIG_ECDSA_SHA256, data,
	    ike_buf_view(&sig), why, sizeof(why)), IKE_EAUTH);
	ck_assert_msg(strstr(why, "does not hold the peer's ID") != NULL, "%s", why);
	/* the subject DN as ID works, with the string types ignored */
	ike_id_free(&pid);
	ck_assert_int_eq(ike_id_parse("C=CH, O=Saker Test, CN=frank@example.org",
	    &pid), 0);
	ck_assert_int_eq(creds_plugin.verify(&gs, "c", loc.certs, loc.n_certs,
	    &pid, (uint64_t)time(NULL), IKE_SIG_ECDSA_SHA256, data,
	    ike_buf_view(&sig), why, sizeof(why)), 0);
	/* the DN our certificate gives when no ID is configured is the
	 * subject, byte for byte */
	ck_assert_uint_gt(loc.subject.len, 0);
	ike_id_free(&pid);
	pid.type = IKE_ID_DER_ASN1_DN;
	ck_assert_int_eq(ike_buf_set(&pid.data, loc.subject.ptr, loc.subject.len), 0);
	ck_assert_int_eq(creds_plugin.verify(&gs, "c", loc.certs, loc.n_certs,
	    &pid, (uint64_t)time(NULL), IKE_SIG_ECDSA_SHA256, data,
	    ike_buf_view(&sig), why, sizeof(why)), 0);
	ike_id_free(&pid);
	ike_buf_free(&sig);
	creds_free(cs.cur);
	creds_free(gs.cur);
	tcfg_free(&ct);
	tcfg_free(&gt);
}
END_TEST

START_TEST(test_id_kinds)
{
	char why[256];

	/* the gateway certificate has dns:gw.example.net; an FQDN ID of
	 * another name and an address are not in it */
	good("gw.pem", "gw.key", "gw.example.net", IKE_SIG_ECDSA_SHA256);
	bad("gw.pem", "gw.key", "gw2.example.net", IKE_SIG_ECDSA_SHA256,
	    "does not hold");
	bad("gw.pem", "gw.key", "192.0.2.1", IKE_SIG_ECDSA_SHA256,
	    "does not hold");
	/* an RFC822 ID does not match a dNSName of the same text */
	bad("gw.pem", "gw.key", "email:gw.example.net", IKE_SIG_ECDSA_SHA256,
	    "does not hold");
	(void)why;
}
END_TEST

START_TEST(test_certreq_pick)
{
	struct tcfg t;
	struct creds_slot s;
	struct ike_cred_local loc;
	struct ike_buf cr = { NULL, 0 }, other = { NULL, 0 };
	struct creds_cert_info info;
	char why[128];
	size_t i;

	/* two certificates for gw.example.net: RSA (listed first) and
	 * ECDSA; a CERTREQ for the test CA picks one under it, a CERTREQ
	 * for an unknown CA still gives one */
	tcfg_init(&t, "gw-rsa.pem", "gw-rsa.key", "gw.example.net");
	path(t.conn.local.certs[t.conn.local.n_certs++], "chained-chain.pem");
	path(t.cfg.creds.keys[t.cfg.creds.n_keys++], "chained.key");
	path(t.cfg.creds.cacerts[t.cfg.creds.n_cacerts++], "other-ca.pem");
	s.cur = load(&t);
	ck_assert_int_eq(creds_plugin.certreq(&s, NULL, &cr), 0);
	ck_assert_uint_eq(cr.len, 2 * IKE_CREDS_KEYID_LEN);
	for (i = 0; i < creds_n_certs(s.cur); i++) {
		ck_assert_int_eq(creds_cert_info(s.cur, i, &info), 0);
		if (strstr(info.subject, "Other Test CA") != NULL)
			ck_assert_int_eq(ike_buf_set(&other, cr.ptr +
			    IKE_CREDS_KEYID_LEN, IKE_CREDS_KEYID_LEN), 0);
	}
	ck_assert_uint_eq(other.len, IKE_CREDS_KEYID_LEN);
	/* any ID: the sub CA's certificate for erin is chosen for a
	 * CERTREQ naming the root (its chain reaches it) */
	ike_id_free(&t.conn.local.id);
	cr.len = IKE_CREDS_KEYID_LEN;
	ck_assert_int_eq(creds_plugin.local(&s, "c", &t.conn.local.id,
	    ike_buf_view(&cr), &loc, why, sizeof(why)), 0);
	ck_assert_int_eq(loc.key_type, IKE_KEY_RSA);
	ck_assert_uint_eq(loc.n_certs, 1);
	/* a CERTREQ for the other CA: nothing under it, the first fits */
	ck_assert_int_eq(creds_plugin.local(&s, "c", &t.conn.local.id,
	    ike_buf_view(&other), &loc, why, sizeof(why)), 0);
	ck_assert_int_eq(loc.key_type, IKE_KEY_RSA);
	/* erin's: the chain carries the intermediate */
	ck_assert_int_eq(ike_id_parse("erin@example.net", &t.conn.local.id), 0);
	ck_assert_int_eq(creds_plugin.local(&s, "c", &t.conn.local.id,
	    ike_buf_view(&cr), &loc, why, sizeof(why)), 0);
	ck_assert_int_eq(loc.key_type, IKE_KEY_ECDSA_P256);
	ck_assert_uint_eq(loc.n_certs, 2);
	ike_buf_free(&cr);
	ike_buf_free(&other);
	creds_free(s.cur);
	tcfg_free(&t);
}
END_TEST

START_TEST(test_lint_clean)
{
	struct tcfg t;
	struct creds *c;

	tcfg_init(&t, "gw.pem", "gw.key", "gw.example.net");
	c = load(&t);
	dump(c);
	ck_assert_uint_eq(creds_n_findings(c), 0);
	creds_free(c);
	tcfg_free(&t);
}
END_TEST

START_TEST(test_lint_findings)
{
	struct tcfg t;
	struct creds *c;

	/* expired: an error */
	tcfg_init(&t, "expired.pem", "expired.key", "gina@example.net");
	c = load(&t);
	ck_assert(found(c, CREDS_ERROR, "expired on 2020-01-01"));
	creds_free(c);
	tcfg_free(&t);
	/* our chain does not reach a loaded CA: an error */
	tcfg_init(&t, "otherca.pem", "otherca.key", "eve@example.net");
	c = load(&t);
	ck_assert(found(c, CREDS_ERROR, "does not reach a trusted CA"));
	creds_free(c);
	tcfg_free(&t);
	/* the key is not the certificate's: errors */
	tcfg_init(&t, "gw.pem", "rsa.key", "gw.example.net");
	c = load(&t);
	ck_assert(found(c, CREDS_ERROR, "no loaded private key matches"));
	ck_assert(found(c, CREDS_ERROR, "the key does not match"));
	creds_free(c);
	tcfg_free(&t);
	/* the ID is not in the certificate, and a client certificate on
	 * a gateway anyone may reach: warnings only */
	tcfg_init(&t, "badsan.pem", "badsan.key", "frank@example.net");
	c = load(&t);
	ck_assert(found(c, CREDS_WARN, "does not hold the ID 'frank@example.net'"));
	ck_assert(found(c, CREDS_WARN, "no serverAuth"));
	ck_assert_uint_eq(creds_errors(c), 0);
	creds_free(c);
	tcfg_free(&t);
	/* a file that is not there, a peer with no CA to check it */
	tcfg_init(&t, "missing.pem", NULL, NULL);
	t.cfg.creds.n_cacerts = 0;
	c = load(&t);
	ck_assert(found(c, CREDS_ERROR, "cannot read the file"));
	ck_assert(found(c, CREDS_ERROR, "no CA certificate is loaded"));
	creds_free(c);
	tcfg_free(&t);
}
END_TEST

START_TEST(test_dir_and_info)
{
	struct tcfg t;
	struct creds *c;
	struct creds_cert_info info;
	size_t i, with_key = 0;
	int gw = 0;

	/* the whole PKI directory as CAs: every certificate loads, CA or
	 * not; gw.pem's key is found among the keys by its public key */
	tcfg_init(&t, "gw.pem", NULL, "gw.example.net");
	snprintf(t.cfg.creds.keys[t.cfg.creds.n_keys++], IKE_CFG_PATH_MAX,
	    "%s/gw.key", pki);
	c = load(&t);
	for (i = 0; i < creds_n_certs(c); i++) {
		ck_assert_int_eq(creds_cert_info(c, i, &info), 0);
		with_key += info.has_key;
		if (strstr(info.file, "/gw.pem") != NULL) {
			gw = 1;
			ck_assert_str_eq(info.key_type, "ECDSA-P256");
			ck_assert_str_eq(info.sans, "dns:gw.example.net");
			ck_assert(strstr(info.subject, "CN=gw.example.net") != NULL);
			ck_assert(strstr(info.issuer, "CN=Saker Test CA") != NULL);
			ck_assert_int_eq(info.is_ca, 0);
			ck_assert_uint_lt(info.not_before, info.not_after);
		}
	}
	ck_assert(gw);
	ck_assert_uint_eq(with_key, 1);
	ck_assert_int_eq(creds_cert_info(c, i, &info), IKE_ENOENT);
	creds_free(c);
	tcfg_free(&t);
}
END_TEST

static Suite *
creds_suite(void)
{
	Suite *s = suite_create("creds");
	TCase *tc = tcase_create("creds");

	tcase_add_unchecked_fixture(tc, pki_make, pki_remove);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_schemes_ecdsa);
	tcase_add_test(tc, test_schemes_rsa);
	tcase_add_test(tc, test_schemes_ed25519);
	tcase_add_test(tc, test_chain_intermediate);
	tcase_add_test(tc, test_chain_bad);
	tcase_add_test(tc, test_id_mismatch);
	tcase_add_test(tc, test_id_kinds);
	tcase_add_test(tc, test_certreq_pick);
	tcase_add_test(tc, test_lint_clean);
	tcase_add_test(tc, test_lint_findings);
	tcase_add_test(tc, test_dir_and_info);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(creds_suite)
