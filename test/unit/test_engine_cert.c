/* SPDX-License-Identifier: ISC */
/*
 * test_engine_cert.c - whole IKEv2 handshakes with certificates between
 * two in-memory engines, each with the creds plugin over a PKI test/mkca
 * made: ECDSA, RSA and Ed25519 keys by RFC 7427 signatures, the older
 * methods 1 and 9 when RFC 7427 is off, an intermediate CA in CERT,
 * subject DNs as default IDs, certificate one way and PSK the other, and
 * refusals (revoked, unknown CA, ID not in the certificate) told on both
 * sides.
 */
#include <time.h>

#include "creds.h"
#include "engine_test.h"
#include "pki_test.h"

/* One side's credentials: our certificate and key (NULL: PSK), whether
 * the peer must sign (else PSK), RFC 7427 off. */
struct tcred {
	const char	*cert, *key;
	int		 peer_pubkey;
	int		 no7427;
	struct creds_slot slot;
};

static void
tc_prepare(struct ike_config *cfg, struct ike_env *env, void *arg)
{
	struct tcred *tc = arg;
	struct ike_conn_cfg *c = cfg->conns;
	struct ike_cred_cfg *g = &cfg->creds;

	if (tc->cert != NULL) {
		c->local.auth = IKE_CFG_AUTH_PUBKEY;
		snprintf(c->local.certs[c->local.n_certs++], IKE_CFG_PATH_MAX,
		    "%s/%s", pki, tc->cert);
		snprintf(g->keys[g->n_keys++], IKE_CFG_PATH_MAX, "%s/%s", pki,
		    tc->key);
	}
	if (tc->peer_pubkey)
		c->remote.auth = IKE_CFG_AUTH_PUBKEY;
	snprintf(g->cacerts[g->n_cacerts++], IKE_CFG_PATH_MAX, "%s/ca.pem", pki);
	snprintf(g->crls[g->n_crls++], IKE_CFG_PATH_MAX, "%s/crl.pem", pki);
	g->no_rfc7427 = tc->no7427;
	ck_assert_int_eq(creds_load(cfg, (uint64_t)time(NULL), &tc->slot.cur), 0);
	env->creds = &creds_plugin;
	env->creds_ctx = &tc->slot;
}

static void
up(struct tpeer *a, struct tpeer *b, struct tconf *ca, struct tconf *cb,
    struct tcred *ra, struct tcred *rb)
{
	ca->prepare = tc_prepare;
	ca->prepare_arg = ra;
	cb->prepare = tc_prepare;
	cb->prepare_arg = rb;
	t_peer_init(a, "hq", 1, ca);
	t_peer_init(b, "branch", 2, cb);
	/*
	 * hq                                   branch
	 * HDR, SAi1, KEi, Ni, N(NATD_S/D), N(SIGNATURE_HASH_ALGORITHMS)  -->
	 *      <--  HDR, SAr1, KEr, Nr, CERTREQ, N(NATD_S/D), N(SHA)
	 * HDR, SK {IDi, CERT+, CERTREQ, IDr, AUTH, N(INITIAL_CONTACT),
	 *          SAi2, TSi, TSr}  -->
	 *      <--  HDR, SK {IDr, CERT+, AUTH, SAr2, TSi, TSr}
	 */
	ck_assert_int_eq(ike_engine_initiate(a->eng, 0, ca->name, &a->out), IKE_OK);
	t_run(a, b, 10);
}

static void
down(struct tpeer *a, struct tpeer *b, struct tcred *ra, struct tcred *rb)
{
	t_peer_free(a);
	t_peer_free(b);
	creds_free(ra->slot.cur);
	creds_free(rb->slot.cur);
}

/* hq is the gateway (gw.pem, gw.example.net); branch is a client. */
static void
cert_up(const char *cert, const char *key, const char *id, int no7427,
    const char *hq_says, const char *branch_says)
{
	struct tconf h = hq, br = branch;
	struct tcred rh = { "gw.pem", "gw.key", 1, no7427, { NULL } };
	struct tcred rb = { cert, key, 1, no7427, { NULL } };
	struct tpeer a, b;

	h.lid = "gw.example.net";
	h.rid = id;
	br.lid = id;
	br.rid = "gw.example.net";
	up(&a, &b, &h, &br, &rh, &rb);
	t_check_up(&a, &b, 3);
	ck_assert_msg(t_logged(&b, hq_says) != NULL, "branch did not log '%s'",
	    hq_says);
	ck_assert_msg(t_logged(&a, branch_says) != NULL, "hq did not log '%s'",
	    branch_says);
	ck_assert_int_eq(t_count_logged(&a, "W "), 0);
	ck_assert_int_eq(t_count_logged(&b, "W "), 0);
	down(&a, &b, &rh, &rb);
}

START_TEST(ecdsa_both_ways)
{
	cert_up("ecdsa.pem", "ecdsa.key", "alice@example.net", 0,
	    "authentication of 'gw.example.net' with ECDSA-SHA256 signature "
	    "successful",
	    "authentication of 'alice@example.net' with ECDSA-SHA256 signature "
	    "successful");
	cert_up("ecdsa384.pem", "ecdsa384.key", "amy@example.net", 0,
	    "with ECDSA-SHA256 signature successful",
	    "authentication of 'amy@example.net' with ECDSA-SHA384 signature "
	    "successful");
}
END_TEST

START_TEST(rsa_pss)
{
	cert_up("rsa.pem", "rsa.key", "bob@example.net", 0,
	    "with ECDSA-SHA256 signature successful",
	    "authentication of 'bob@example.net' with RSA-PSS-SHA256 signature "
	    "successful");
}
END_TEST

START_TEST(ed25519)
{
	cert_up("ed25519.pem", "ed25519.key", "carol@example.net", 0,
	    "with ECDSA-SHA256 signature successful",
	    "authentication of 'carol@example.net' with Ed25519 signature "
	    "successful");
}
END_TEST

START_TEST(intermediate_in_cert)
{
	cert_up("chained-chain.pem", "chained.key", "erin@example.net", 0,
	    "with ECDSA-SHA256 signature successful",
	    "authentication of 'erin@example.net' with ECDSA-SHA256 signature "
	    "successful");
}
END_TEST

START_TEST(legacy_methods)
{
	/* Without RFC 7427: RSA method 1 (PKCS#1 v1.5 SHA-1), ECDSA
	 * method 9 (P-256) and 10 (P-384). */
	cert_up("rsa.pem", "rsa.key", "bob@example.net", 1,
	    "authentication of 'gw.example.net' with ECDSA-256 signature "
	    "successful",
	    "authentication of 'bob@example.net' with RSA-SHA1 signature "
	    "successful");
	cert_up("ecdsa384.pem", "ecdsa384.key", "amy@example.net", 1,
	    "with ECDSA-256 signature successful",
	    "authentication of 'amy@example.net' with ECDSA-384 signature "
	    "successful");
}
END_TEST

START_TEST(ed25519_needs_rfc7427)
{
	struct tconf h = hq, br = branch;
	struct tcred rh = { "gw.pem", "gw.key", 1, 1, { NULL } };
	struct tcred rb = { "ed25519.pem", "ed25519.key", 1, 1, { NULL } };
	struct tpeer a, b;

	h.rid = "carol@example.net";
	br.lid = "carol@example.net";
	h.lid = br.rid = "gw.example.net";
	/* branch initiates this time */
	up(&b, &a, &br, &h, &rb, &rh);
	ck_assert_ptr_nonnull(t_logged(&b, "our Ed25519 key needs RFC 7427"));
	down(&a, &b, &rh, &rb);
}
END_TEST

START_TEST(dn_as_default_id)
{
	struct tconf h = hq, br = branch;
	struct tcred rh = { "gw.pem", "gw.key", 1, 0, { NULL } };
	struct tcred rb = { "ecdsa.pem", "ecdsa.key", 1, 0, { NULL } };
	struct tpeer a, b;
	struct t_sa s;

	/* No IDs configured: each side is its certificate's subject, and
	 * accepts any peer the CA vouches for. */
	h.lid = h.rid = br.lid = br.rid = NULL;
	up(&a, &b, &h, &br, &rh, &rb);
	t_check_up(&a, &b, 3);
	t_sa(&a, &s);
	ck_assert_uint_eq(s.info.local_id->type, IKE_ID_DER_ASN1_DN);
	ck_assert_uint_eq(s.info.remote_id->type, IKE_ID_DER_ASN1_DN);
	ck_assert_ptr_nonnull(t_logged(&a, "authentication of 'C=CH, O=Saker "
	    "Test, CN=alice@example.net' with ECDSA-SHA256 signature successful"));
	down(&a, &b, &rh, &rb);
}
END_TEST

START_TEST(mixed_cert_and_psk)
{
	struct tconf h = hq, br = branch;
	/* hq signs, branch uses the PSK */
	struct tcred rh = { "gw.pem", "gw.key", 0, 0, { NULL } };
	struct tcred rb = { NULL, NULL, 1, 0, { NULL } };
	struct tpeer a, b;

	h.lid = br.rid = "gw.example.net";
	br.psk_ids[0] = "branch.example.net";
	br.psk_ids[1] = "gw.example.net";
	h.psk_ids[0] = "gw.example.net";
	h.psk_ids[1] = "branch.example.net";
	up(&a, &b, &h, &br, &rh, &rb);
	t_check_up(&a, &b, 3);
	ck_assert_ptr_nonnull(t_logged(&b, "authentication of 'gw.example.net' "
	    "with ECDSA-SHA256 signature successful"));
	ck_assert_ptr_nonnull(t_logged(&a, "authentication of "
	    "'branch.example.net' with pre-shared key successful"));
	down(&a, &b, &rh, &rb);
}
END_TEST

/* branch (cert, id) initiates to hq, which refuses it with reason. */
static void
refused(const char *cert, const char *key, const char *id, const char *reason)
{
	struct tconf h = hq, br = branch;
	struct tcred rh = { "gw.pem", "gw.key", 1, 0, { NULL } };
	struct tcred rb = { cert, key, 1, 0, { NULL } };
	struct tpeer a, b;
	struct t_sa s;
	const char *f;

	h.rid = NULL;
	br.lid = id;
	h.lid = br.rid = "gw.example.net";
	up(&b, &a, &br, &h, &rb, &rh);
	f = ike_engine_last_failure(a.eng, "hq-branch");
	ck_assert_msg(f != NULL && strstr(f, reason) != NULL, "hq: %s", f);
	f = ike_engine_last_failure(b.eng, "branch-hq");
	ck_assert_msg(f != NULL && strstr(f, "AUTHENTICATION_FAILED") != NULL,
	    "branch: %s", f);
	t_sa(&a, &s);
	ck_assert_int_eq(s.n, 0);
	ck_assert_uint_eq(km_sa_count(a.km), 0);
	down(&a, &b, &rh, &rb);
}

START_TEST(refusals)
{
	refused("revoked.pem", "revoked.key", "dave@example.net",
	    "certificate authentication of 'dave@example.net' failed: the "
	    "certificate is revoked");
	refused("otherca.pem", "otherca.key", "eve@example.net",
	    "certificate authentication of 'eve@example.net' failed: the chain "
	    "does not reach a trusted CA");
	refused("badsan.pem", "badsan.key", "frank@example.net",
	    "certificate authentication of 'frank@example.net' failed: the "
	    "certificate does not hold the peer's ID");
	refused("expired.pem", "expired.key", "gina@example.net",
	    "the certificate has expired");
}
END_TEST

START_TEST(gateway_refused_by_client)
{
	struct tconf h = hq, br = branch;
	/* the client expects the gateway's ID to be gw2.example.net */
	struct tcred rh = { "gw.pem", "gw.key", 1, 0, { NULL } };
	struct tcred rb = { "ecdsa.pem", "ecdsa.key", 1, 0, { NULL } };
	struct tpeer a, b;
	const char *f;

	h.lid = "gw.example.net";
	h.rid = br.lid = "alice@example.net";
	br.rid = NULL;
	up(&b, &a, &br, &h, &rb, &rh);
	t_check_up(&a, &b, 3);
	down(&a, &b, &rh, &rb);
	/* now a gateway whose certificate does not hold the ID it claims */
	h.lid = "gw2.example.net";
	up(&b, &a, &br, &h, &rb, &rh);
	f = ike_engine_last_failure(b.eng, "branch-hq");
	ck_assert_msg(f != NULL && strstr(f, "certificate authentication of "
	    "'gw2.example.net' failed: the certificate does not hold") != NULL,
	    "branch: %s", f);
	down(&a, &b, &rh, &rb);
}
END_TEST

static Suite *
engine_cert_suite(void)
{
	Suite *s = suite_create("engine_cert");
	TCase *tc = tcase_create("cert");

	tcase_add_unchecked_fixture(tc, pki_make, pki_remove);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, ecdsa_both_ways);
	tcase_add_test(tc, rsa_pss);
	tcase_add_test(tc, ed25519);
	tcase_add_test(tc, intermediate_in_cert);
	tcase_add_test(tc, legacy_methods);
	tcase_add_test(tc, ed25519_needs_rfc7427);
	tcase_add_test(tc, dn_as_default_id);
	tcase_add_test(tc, mixed_cert_and_psk);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, gateway_refused_by_client);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(engine_cert_suite)
