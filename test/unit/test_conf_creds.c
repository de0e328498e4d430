/* SPDX-License-Identifier: ISC */
/*
 * test_conf_creds.c - the certificate parts of the YAML config: the
 * credentials section, auth pubkey with per-end certs, key and cacerts,
 * paths taken relative to the config file's directory, and the errors.
 */
#include <string.h>

#include "check_main.h"
#include "cfg.h"
#include "conf.h"
#include "iana.h"

static const char good[] =
	"credentials:\n"
	"  cacerts: [x509ca/]\n"
	"  certs: /abs/x509\n"
	"  keys: [private/, /abs/other.key]\n"
	"  crls: [x509crl/ca.crl]\n"
	"  rfc7427: no\n"
	"connections:\n"
	"  rw:\n"
	"    local: { id: gw.example.net, auth: pubkey, certs: [x509/gw.pem],"
	" key: private/gw.key }\n"
	"    remote: { id: \"%any\", auth: pubkey, cacerts: [x509ca/ca.pem,"
	" /abs/ca2.pem] }\n"
	"    children: { net: { local-ts: [10.1.0.0/16] } }\n"
	"  mixed:\n"
	"    local: { id: gw.example.net, auth: pubkey }\n"
	"    remote: { id: peer.example.net, auth: psk }\n"
	"    children: { net: {} }\n";

START_TEST(credentials_section)
{
	struct ike_config *cfg = NULL;
	const struct ike_conn_cfg *c;
	char err[256];

	ck_assert_msg(conf_load_buffer("/etc/saker/saker.yaml", good,
	    sizeof(good) - 1, &cfg, err, sizeof(err)) == IKE_OK, "%s", err);
	ck_assert_uint_eq(cfg->creds.n_cacerts, 1);
	ck_assert_str_eq(cfg->creds.cacerts[0], "/etc/saker/x509ca/");
	ck_assert_uint_eq(cfg->creds.n_certs, 1);
	ck_assert_str_eq(cfg->creds.certs[0], "/abs/x509");
	ck_assert_uint_eq(cfg->creds.n_keys, 2);
	ck_assert_str_eq(cfg->creds.keys[0], "/etc/saker/private/");
	ck_assert_str_eq(cfg->creds.keys[1], "/abs/other.key");
	ck_assert_str_eq(cfg->creds.crls[0], "/etc/saker/x509crl/ca.crl");
	ck_assert_int_eq(cfg->creds.no_rfc7427, 1);
	c = ike_config_conn(cfg, "rw");
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->local.auth, IKE_CFG_AUTH_PUBKEY);
	ck_assert_uint_eq(c->remote.auth, IKE_CFG_AUTH_PUBKEY);
	ck_assert_uint_eq(c->local.n_certs, 1);
	ck_assert_str_eq(c->local.certs[0], "/etc/saker/x509/gw.pem");
	ck_assert_str_eq(c->local.key, "/etc/saker/private/gw.key");
	ck_assert_uint_eq(c->remote.n_cacerts, 2);
	ck_assert_str_eq(c->remote.cacerts[0], "/etc/saker/x509ca/ca.pem");
	ck_assert_str_eq(c->remote.cacerts[1], "/abs/ca2.pem");
	c = ike_config_conn(cfg, "mixed");
	ck_assert_uint_eq(c->local.auth, IKE_CFG_AUTH_PUBKEY);
	ck_assert_uint_eq(c->remote.auth, IKE_AUTH_PSK);
	ike_config_free(cfg);
}
END_TEST

static void
refused(const char *text, const char *want)
{
	struct ike_config *cfg = NULL;
	char err[256];

	ck_assert_int_eq(conf_load_buffer("t.yaml", text, strlen(text), &cfg,
	    err, sizeof(err)), IKE_EINVAL);
	ck_assert_msg(strstr(err, want) != NULL, "got '%s', want '%s'", err, want);
}

#define CONN	"connections:\n  c:\n"

START_TEST(errors)
{
	refused("credentials: [a]\n", "credentials must be a mapping");
	refused("credentials: {x509: a}\n", "unknown key 'x509' in credentials "
	    "(expected certs, cacerts, keys, crls, rfc7427)");
	refused("credentials: {rfc7427: maybe}\n", "'rfc7427' must be one of no, "
	    "yes, not 'maybe'");
	refused(CONN "    local: {auth: pubkey, key: [a, b]}\n",
	    "3:32: 'key' must be one path");
	refused(CONN "    local: {auth: pubkey, cacerts: [a]}\n",
	    "unknown key 'cacerts' in local");
	refused(CONN "    local: {auth: pubkey}\n    remote: {id: x, auth: pubkey, "
	    "certs: [a]}\n", "unknown key 'certs' in remote");
}
END_TEST

static Suite *
conf_creds_suite(void)
{
	Suite *s = suite_create("conf_creds");
	TCase *tc = tcase_create("conf_creds");

	tcase_add_test(tc, credentials_section);
	tcase_add_test(tc, errors);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(conf_creds_suite)
