/* SPDX-License-Identifier: ISC */
/*
 * test_cfg.c - the config model's parsers: every proposal keyword and
 * every proposal error, IDs of each type in and out, addresses, traffic
 * selectors, PSK lookup and freeing a config.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "ike.h"
#include "iana.h"
#include "cfg.h"

struct kw_case {
	const char	*text;	/* a whole proposal around the keyword */
	uint8_t		 proto;
	uint8_t		 type;
	uint16_t	 id, keylen;
};

/* Each keyword inside a minimal valid proposal, with what it must give. */
static const struct kw_case kw_cases[] = {
	{ "aes128-sha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_CBC, 128 },
	{ "aes192-sha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_CBC, 192 },
	{ "aes256-sha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_CBC, 256 },
	{ "aes-sha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_CBC, 128 },
	{ "aes128gcm16-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_GCM_16, 128 },
	{ "aes128gcm128-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_GCM_16, 128 },
	{ "aes128gcm-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_GCM_16, 128 },
	{ "aes128gcm12-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_GCM_12, 128 },
	{ "aes128gcm96-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_GCM_12, 128 },
	{ "aes128gcm8-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_GCM_8, 128 },
	{ "aes128gcm64-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_GCM_8, 128 },
	{ "aes256gcm16-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_GCM_16, 256 },
	{ "aes256gcm128-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_GCM_16, 256 },
	{ "aes256gcm-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_GCM_16, 256 },
	{ "aes256gcm12-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_GCM_12, 256 },
	{ "aes256gcm96-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_GCM_12, 256 },
	{ "aes256gcm8-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_GCM_8, 256 },
	{ "aes256gcm64-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_AES_GCM_8, 256 },
	{ "chacha20poly1305-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_ENCR, IKE_ENCR_CHACHA20_POLY1305, 0 },
	{ "aes128-sha1", IKE_PROTO_ESP, IKE_XF_INTEG, IKE_INTEG_HMAC_SHA1_96, 0 },
	{ "aes128-sha", IKE_PROTO_ESP, IKE_XF_INTEG, IKE_INTEG_HMAC_SHA1_96, 0 },
	{ "aes128-sha256", IKE_PROTO_ESP, IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0 },
	{ "aes128-sha2_256", IKE_PROTO_ESP, IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0 },
	{ "aes128-sha384", IKE_PROTO_ESP, IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_384_192, 0 },
	{ "aes128-sha2_384", IKE_PROTO_ESP, IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_384_192, 0 },
	{ "aes128-sha512", IKE_PROTO_ESP, IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_512_256, 0 },
	{ "aes128-sha2_512", IKE_PROTO_ESP, IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_512_256, 0 },
	{ "aes128gcm16-prfsha1-x25519", IKE_PROTO_IKE, IKE_XF_PRF, IKE_PRF_HMAC_SHA1, 0 },
	{ "aes128gcm16-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_PRF, IKE_PRF_HMAC_SHA2_256, 0 },
	{ "aes128gcm16-prfsha384-x25519", IKE_PROTO_IKE, IKE_XF_PRF, IKE_PRF_HMAC_SHA2_384, 0 },
	{ "aes128gcm16-prfsha512-x25519", IKE_PROTO_IKE, IKE_XF_PRF, IKE_PRF_HMAC_SHA2_512, 0 },
	{ "aes128gcm16-prfsha256-modp2048", IKE_PROTO_IKE, IKE_XF_KE, IKE_KE_MODP2048, 0 },
	{ "aes128gcm16-prfsha256-modp3072", IKE_PROTO_IKE, IKE_XF_KE, IKE_KE_MODP3072, 0 },
	{ "aes128gcm16-prfsha256-modp4096", IKE_PROTO_IKE, IKE_XF_KE, IKE_KE_MODP4096, 0 },
	{ "aes128gcm16-prfsha256-ecp256", IKE_PROTO_IKE, IKE_XF_KE, IKE_KE_ECP256, 0 },
	{ "aes128gcm16-prfsha256-ecp384", IKE_PROTO_IKE, IKE_XF_KE, IKE_KE_ECP384, 0 },
	{ "aes128gcm16-prfsha256-ecp521", IKE_PROTO_IKE, IKE_XF_KE, IKE_KE_ECP521, 0 },
	{ "aes128gcm16-prfsha256-x25519", IKE_PROTO_IKE, IKE_XF_KE, IKE_KE_CURVE25519, 0 },
	{ "aes128gcm16-prfsha256-curve25519", IKE_PROTO_IKE, IKE_XF_KE, IKE_KE_CURVE25519, 0 },
	{ "aes128gcm16-prfsha256-x448", IKE_PROTO_IKE, IKE_XF_KE, IKE_KE_CURVE448, 0 },
	{ "aes128gcm16-prfsha256-curve448", IKE_PROTO_IKE, IKE_XF_KE, IKE_KE_CURVE448, 0 },
	{ "aes128gcm16-esn", IKE_PROTO_ESP, IKE_XF_ESN, IKE_ESN_YES, 0 },
	{ "aes128gcm16-noesn", IKE_PROTO_ESP, IKE_XF_ESN, IKE_ESN_NO, 0 },
	{ "aes128gcm16-ecp256", IKE_PROTO_ESP, IKE_XF_KE, IKE_KE_ECP256, 0 },
};

static const struct ike_xform *
find_xf(const struct ike_proposal *p, uint8_t type, size_t nth)
{
	size_t i;

	for (i = 0; i < p->n_xf; i++)
		if (p->xf[i].type == type && nth-- == 0)
			return &p->xf[i];
	return NULL;
}

static size_t
count_xf(const struct ike_proposal *p, uint8_t type)
{
	size_t i, n = 0;

	for (i = 0; i < p->n_xf; i++)
		n += p->xf[i].type == type;
	return n;
}

START_TEST(every_keyword)
{
	const struct kw_case *c = &kw_cases[_i];
	struct ike_proposal p;
	const struct ike_xform *x;
	char err[256];

	ck_assert_msg(ike_proposal_parse(c->text, c->proto, &p, err, sizeof(err)) == IKE_OK,
	    "%s: %s", c->text, err);
	ck_assert_uint_eq(count_xf(&p, c->type), 1);
	x = find_xf(&p, c->type, 0);
	ck_assert_uint_eq(x->id, c->id);
	ck_assert_uint_eq(x->keylen, c->keylen);
	ck_assert_uint_eq(p.proto, c->proto);
	ck_assert_str_eq(p.text, c->text);
}
END_TEST

START_TEST(ike_integ_gives_prf)
{
	struct ike_proposal p;
	char err[256];

	/* non-AEAD: integrity kept, PRFs of the same hashes in order */
	ck_assert_int_eq(ike_proposal_parse("aes128-aes256-sha256-sha1-modp2048-ecp256",
	    IKE_PROTO_IKE, &p, err, sizeof(err)), IKE_OK);
	ck_assert_uint_eq(p.n_xf, 8);
	ck_assert_uint_eq(p.xf[0].type, IKE_XF_ENCR);
	ck_assert_uint_eq(p.xf[0].keylen, 128);
	ck_assert_uint_eq(p.xf[1].keylen, 256);
	ck_assert_uint_eq(p.xf[2].type, IKE_XF_PRF);
	ck_assert_uint_eq(p.xf[2].id, IKE_PRF_HMAC_SHA2_256);
	ck_assert_uint_eq(p.xf[3].id, IKE_PRF_HMAC_SHA1);
	ck_assert_uint_eq(p.xf[4].type, IKE_XF_INTEG);
	ck_assert_uint_eq(p.xf[4].id, IKE_INTEG_HMAC_SHA2_256_128);
	ck_assert_uint_eq(p.xf[5].id, IKE_INTEG_HMAC_SHA1_96);
	ck_assert_uint_eq(p.xf[6].type, IKE_XF_KE);
	ck_assert_uint_eq(p.xf[6].id, IKE_KE_MODP2048);
	ck_assert_uint_eq(p.xf[7].id, IKE_KE_ECP256);

	/* an explicit PRF wins: no mapping */
	ck_assert_int_eq(ike_proposal_parse("aes256-sha384-prfsha512-x25519",
	    IKE_PROTO_IKE, &p, err, sizeof(err)), IKE_OK);
	ck_assert_uint_eq(count_xf(&p, IKE_XF_PRF), 1);
	ck_assert_uint_eq(find_xf(&p, IKE_XF_PRF, 0)->id, IKE_PRF_HMAC_SHA2_512);
	ck_assert_uint_eq(find_xf(&p, IKE_XF_INTEG, 0)->id, IKE_INTEG_HMAC_SHA2_384_192);

	/* AEAD: the integrity keyword only names the PRF (strongSwan) */
	ck_assert_int_eq(ike_proposal_parse("aes256gcm16-sha384-ecp384",
	    IKE_PROTO_IKE, &p, err, sizeof(err)), IKE_OK);
	ck_assert_uint_eq(count_xf(&p, IKE_XF_INTEG), 0);
	ck_assert_uint_eq(find_xf(&p, IKE_XF_PRF, 0)->id, IKE_PRF_HMAC_SHA2_384);
	ck_assert_uint_eq(p.n_xf, 3);
	ck_assert_uint_eq(p.xf[0].type, IKE_XF_ENCR);
	ck_assert_uint_eq(p.xf[1].type, IKE_XF_PRF);
	ck_assert_uint_eq(p.xf[2].type, IKE_XF_KE);
}
END_TEST

START_TEST(order_and_esn)
{
	struct ike_proposal p;
	char err[256];

	/* the order of kinds does not matter (strongSwan), within a kind it
	 * is the preference */
	ck_assert_int_eq(ike_proposal_parse("x25519-prfsha384-aes256gcm16-ecp256-aes128gcm16-prfsha256",
	    IKE_PROTO_IKE, &p, err, sizeof(err)), IKE_OK);
	ck_assert_uint_eq(p.n_xf, 6);
	ck_assert_uint_eq(p.xf[0].keylen, 256);
	ck_assert_uint_eq(p.xf[1].keylen, 128);
	ck_assert_uint_eq(p.xf[2].id, IKE_PRF_HMAC_SHA2_384);
	ck_assert_uint_eq(p.xf[3].id, IKE_PRF_HMAC_SHA2_256);
	ck_assert_uint_eq(p.xf[4].id, IKE_KE_CURVE25519);
	ck_assert_uint_eq(p.xf[5].id, IKE_KE_ECP256);

	/* ESP without esn keyword gets NO_ESN */
	ck_assert_int_eq(ike_proposal_parse("aes256gcm16", IKE_PROTO_ESP, &p, err, sizeof(err)), IKE_OK);
	ck_assert_uint_eq(p.n_xf, 2);
	ck_assert_uint_eq(p.xf[1].type, IKE_XF_ESN);
	ck_assert_uint_eq(p.xf[1].id, IKE_ESN_NO);
	/* both: both offered, in order */
	ck_assert_int_eq(ike_proposal_parse("aes256-sha256-esn-noesn", IKE_PROTO_ESP, &p, err, sizeof(err)), IKE_OK);
	ck_assert_uint_eq(count_xf(&p, IKE_XF_ESN), 2);
	ck_assert_uint_eq(find_xf(&p, IKE_XF_ESN, 0)->id, IKE_ESN_YES);
	ck_assert_uint_eq(find_xf(&p, IKE_XF_ESN, 1)->id, IKE_ESN_NO);
	/* IKE proposals carry no ESN transform */
	ck_assert_int_eq(ike_proposal_parse("aes256gcm16-prfsha256-x25519", IKE_PROTO_IKE, &p, err, sizeof(err)), IKE_OK);
	ck_assert_uint_eq(count_xf(&p, IKE_XF_ESN), 0);
	/* ESP with PFS group */
	ck_assert_int_eq(ike_proposal_parse("aes128-sha256-modp2048", IKE_PROTO_ESP, &p, err, sizeof(err)), IKE_OK);
	ck_assert_uint_eq(p.n_xf, 4);
	ck_assert_uint_eq(find_xf(&p, IKE_XF_KE, 0)->id, IKE_KE_MODP2048);
}
END_TEST

struct bad_case {
	const char	*text;
	uint8_t		 proto;
	const char	*reason;	/* substring of the error */
};

static const struct bad_case bad_cases[] = {
	{ "aes256gcm16-prfsha256-x25519-bogus", IKE_PROTO_IKE, "unknown keyword 'bogus'" },
	{ "AES256-sha256-x25519", IKE_PROTO_IKE, "unknown keyword 'AES256'" },
	{ "aes256--sha256-x25519", IKE_PROTO_IKE, "empty keyword" },
	{ "aes256-sha256-x25519-", IKE_PROTO_IKE, "empty keyword" },
	{ "", IKE_PROTO_IKE, "empty keyword" },
	{ "aes192gcm16-prfsha256-x25519", IKE_PROTO_IKE, "unknown keyword 'aes192gcm16'" },
	{ "3des-sha1-modp1024", IKE_PROTO_IKE, "unknown keyword '3des'" },
	{ "aes256-sha256-modp1024", IKE_PROTO_IKE, "unknown keyword 'modp1024'" },
	{ "aes256-md5-x25519", IKE_PROTO_IKE, "unknown keyword 'md5'" },
	{ "prfsha256-x25519", IKE_PROTO_IKE, "no encryption algorithm" },
	{ "sha256", IKE_PROTO_ESP, "no encryption algorithm" },
	{ "aes256gcm16-aes256-sha256-x25519", IKE_PROTO_IKE, "mixes AEAD 'aes256gcm16' with non-AEAD 'aes256'" },
	{ "aes128-chacha20poly1305-sha256", IKE_PROTO_ESP, "mixes AEAD 'chacha20poly1305' with non-AEAD 'aes128'" },
	{ "aes256gcm16-x25519", IKE_PROTO_IKE, "no PRF" },
	{ "aes256gcm16-sha256-prfsha256-x25519", IKE_PROTO_IKE, "integrity 'sha256' cannot be combined with AEAD 'aes256gcm16'" },
	{ "aes256gcm16-sha256", IKE_PROTO_ESP, "integrity 'sha256' cannot be combined with AEAD 'aes256gcm16'" },
	{ "aes256-prfsha256-x25519", IKE_PROTO_IKE, "needs an integrity algorithm for 'aes256'" },
	{ "aes256", IKE_PROTO_ESP, "needs an integrity algorithm for 'aes256'" },
	{ "aes256-sha256", IKE_PROTO_IKE, "no key exchange method" },
	{ "aes256gcm16-prfsha256", IKE_PROTO_IKE, "no key exchange method" },
	{ "aes256gcm16-prfsha256", IKE_PROTO_ESP, "'prfsha256' is a PRF, not allowed in an ESP proposal" },
	{ "aes256gcm16-prfsha256-x25519-esn", IKE_PROTO_IKE, "'esn' is only allowed in an ESP proposal" },
	{ "aes256gcm16-prfsha256-x25519-noesn", IKE_PROTO_IKE, "'noesn' is only allowed in an ESP proposal" },
	{ "aes256gcm16-aes256gcm16-prfsha256-x25519", IKE_PROTO_IKE, "'aes256gcm16' repeats" },
	{ "aes-aes128-sha256-x25519", IKE_PROTO_IKE, "'aes128' repeats" },
	{ "aes256gcm16-prfsha256-x25519-curve25519", IKE_PROTO_IKE, "'curve25519' repeats" },
	{ "aes256gcm16-prfsha256-x25519", IKE_PROTO_AH, "IKE or ESP only" },
	{ "aes256gcm16-aes128gcm16-aes256gcm12-aes128gcm12-aes256gcm8-aes128gcm8-chacha20poly1305-"
	  "prfsha256-prfsha384-prfsha512-prfsha1-x25519-x448-ecp256-ecp384-ecp521-modp2048-modp3072",
	  IKE_PROTO_IKE, "is too long" },
};

START_TEST(every_error)
{
	const struct bad_case *c = &bad_cases[_i];
	struct ike_proposal p;
	char err[256];

	memset(&p, 0x5a, sizeof(p));
	ck_assert_int_eq(ike_proposal_parse(c->text, c->proto, &p, err, sizeof(err)), IKE_EINVAL);
	ck_assert_msg(strstr(err, c->reason) != NULL, "'%s': got '%s', want '%s'",
	    c->text, err, c->reason);
	/* *out untouched on error */
	ck_assert_uint_eq(p.proto, 0x5a);
}
END_TEST

START_TEST(null_args)
{
	struct ike_proposal p;
	char err[256], text[128];

	ck_assert_int_eq(ike_proposal_parse(NULL, IKE_PROTO_IKE, &p, err, sizeof(err)), IKE_EINVAL);
	ck_assert_int_eq(ike_proposal_parse("aes", IKE_PROTO_IKE, NULL, NULL, 0), IKE_EINVAL);
	snprintf(text, sizeof(text), "aes128-sha256");
	ck_assert_int_eq(ike_proposal_parse(text, IKE_PROTO_ESP, &p, NULL, 0), IKE_OK);
}
END_TEST

/* IDs */

static void
id_roundtrip(const char *in, uint8_t type, const void *data, size_t len,
    const char *out)
{
	struct ike_id id = { 0 }, again = { 0 };
	char buf[512];

	ck_assert_msg(ike_id_parse(in, &id) == IKE_OK, "parse %s", in);
	ck_assert_uint_eq(id.type, type);
	ck_assert_uint_eq(id.data.len, len);
	if (len > 0)
		ck_assert_mem_eq(id.data.ptr, data, len);
	ck_assert_int_eq(ike_id_format(&id, buf, sizeof(buf)), IKE_OK);
	ck_assert_str_eq(buf, out);
	ck_assert_int_eq(ike_id_parse(buf, &again), IKE_OK);
	ck_assert(ike_id_eq(&id, &again));
	ike_id_free(&id);
	ike_id_free(&again);
}

START_TEST(id_types)
{
	static const uint8_t v4[] = { 192, 0, 2, 1 };
	static const uint8_t v6[] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t kid[] = { 0xde, 0xad, 0xbe, 0xef };
	/* SEQUENCE { SET { C=CH } SET { O=org } SET { CN=moon } } */
	static const uint8_t dn[] = {
		0x30, 0x2a, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04,
		0x06, 0x13, 0x02, 0x43, 0x48, 0x31, 0x0c, 0x30, 0x0a, 0x06,
		0x03, 0x55, 0x04, 0x0a, 0x13, 0x03, 0x6f, 0x72, 0x67, 0x31,
		0x0d, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x04,
		0x6d, 0x6f, 0x6f, 0x6e };

	id_roundtrip("192.0.2.1", IKE_ID_IPV4_ADDR, v4, 4, "192.0.2.1");
	id_roundtrip("2001:db8::1", IKE_ID_IPV6_ADDR, v6, 16, "2001:db8::1");
	id_roundtrip("2001:DB8:0:0:0:0:0:1", IKE_ID_IPV6_ADDR, v6, 16, "2001:db8::1");
	id_roundtrip("hq.example.net", IKE_ID_FQDN, "hq.example.net", 14, "hq.example.net");
	id_roundtrip("@hq.example.net", IKE_ID_FQDN, "hq.example.net", 14, "hq.example.net");
	id_roundtrip("@user@x", IKE_ID_FQDN, "user@x", 6, "@user@x");
	id_roundtrip("@a=b", IKE_ID_FQDN, "a=b", 3, "@a=b");
	id_roundtrip("@192.0.2.1", IKE_ID_FQDN, "192.0.2.1", 9, "@192.0.2.1");
	id_roundtrip("fqdn:x@y", IKE_ID_FQDN, "x@y", 3, "@x@y");
	id_roundtrip("user@example.net", IKE_ID_RFC822_ADDR, "user@example.net", 16, "user@example.net");
	id_roundtrip("email:nobody", IKE_ID_RFC822_ADDR, "nobody", 6, "email:nobody");
	id_roundtrip("@#deadBEEF", IKE_ID_KEY_ID, kid, 4, "@#deadbeef");
	id_roundtrip("C=CH, O=org, CN=moon", IKE_ID_DER_ASN1_DN, dn, sizeof(dn), "C=CH, O=org, CN=moon");
	id_roundtrip("C=CH,O=org,CN=moon", IKE_ID_DER_ASN1_DN, dn, sizeof(dn), "C=CH, O=org, CN=moon");
	id_roundtrip("dn:C=CH,  O=org , CN=moon", IKE_ID_DER_ASN1_DN, dn, sizeof(dn), "C=CH, O=org, CN=moon");
	id_roundtrip("%any", 0, NULL, 0, "%any");
}
END_TEST

START_TEST(id_dn_forms)
{
	struct ike_id id = { 0 };
	char buf[256];

	/* an escaped comma stays inside its RDN; E= is the e-mail attribute */
	ck_assert_int_eq(ike_id_parse("C=CH, O=a\\, b, CN=x, E=x@y.z", &id), IKE_OK);
	ck_assert_uint_eq(id.type, IKE_ID_DER_ASN1_DN);
	ck_assert_int_eq(ike_id_format(&id, buf, sizeof(buf)), IKE_OK);
	ck_assert_str_eq(buf, "C=CH, O=a\\x5c, b, CN=x, EMAIL=x@y.z");
	ike_id_free(&id);
	/* UTF-8 values are kept, shown escaped */
	ck_assert_int_eq(ike_id_parse("CN=\xc3\xa4", &id), IKE_OK);
	ck_assert_int_eq(ike_id_format(&id, buf, sizeof(buf)), IKE_OK);
	ck_assert_str_eq(buf, "CN=\\xc3\\xa4");
	ike_id_free(&id);
}
END_TEST

START_TEST(id_errors)
{
	static const char *const bad[] = {
		"", "@", "@#", "@#abc", "@#zz", "fqdn:", "email:", "dn:",
		"CN=", "C=CH,", "C=CH,,CN=x", "XX=y", "=y", "a\tb", "a\nb",
		"CN=a+UID=b",
	};
	struct ike_id id = { 0 };
	char longid[2000];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(ike_id_parse(bad[i], &id) == IKE_EINVAL, "'%s'", bad[i]);
	memset(longid, 'a', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	ck_assert_int_eq(ike_id_parse(longid, &id), IKE_EINVAL);
	ck_assert_int_eq(ike_id_parse(NULL, &id), IKE_EINVAL);
	ck_assert_ptr_null(id.data.ptr);
}
END_TEST

START_TEST(id_format_hostile)
{
	struct ike_id id = { IKE_ID_FQDN, { NULL, 0 } };
	char buf[64], tiny[8];

	ck_assert_int_eq(ike_buf_set(&id.data, "a\0b\x1b\\", 5), IKE_OK);
	ck_assert_int_eq(ike_id_format(&id, buf, sizeof(buf)), IKE_OK);
	ck_assert_str_eq(buf, "@a\\x00b\\x1b\\x5c");
	ck_assert_int_eq(ike_id_format(&id, tiny, sizeof(tiny)), IKE_ENOSPC);
	ck_assert_uint_eq(strlen(tiny), 7);
	/* DN bytes GnuTLS cannot read are shown as hex */
	id.type = IKE_ID_DER_ASN1_DN;
	ck_assert_int_eq(ike_id_format(&id, buf, sizeof(buf)), IKE_OK);
	ck_assert_str_eq(buf, "id type 9: 6100621b5c");
	id.type = IKE_ID_IPV4_ADDR;	/* wrong length */
	ck_assert_int_eq(ike_id_format(&id, buf, sizeof(buf)), IKE_OK);
	ck_assert_str_eq(buf, "id type 1: 6100621b5c");
	id.type = IKE_ID_FC_NAME;
	ck_assert_int_eq(ike_id_format(&id, buf, sizeof(buf)), IKE_OK);
	ck_assert_str_eq(buf, "id type 12: 6100621b5c");
	ike_id_free(&id);
	ck_assert_int_eq(ike_id_format(&id, tiny, 0), IKE_ENOSPC);
}
END_TEST

START_TEST(id_compare)
{
	struct ike_id a = { 0 }, b = { 0 }, any = { 0 }, c = { 0 };

	ck_assert_int_eq(ike_id_parse("Host.Example.NET", &a), IKE_OK);
	ck_assert_int_eq(ike_id_parse("host.example.net", &b), IKE_OK);
	ck_assert_int_eq(ike_id_parse("%any", &any), IKE_OK);
	ck_assert(ike_id_eq(&a, &b));
	ck_assert(ike_id_match(&any, &a));
	ck_assert(!ike_id_match(&a, &any));
	ck_assert(!ike_id_eq(&a, &any));
	ck_assert_int_eq(ike_id_copy(&c, &a), IKE_OK);
	ck_assert(ike_id_eq(&c, &b));
	ck_assert_ptr_ne(c.data.ptr, a.data.ptr);
	ike_id_free(&c);
	ck_assert_int_eq(ike_id_parse("user@host.example.net", &c), IKE_OK);
	ck_assert(!ike_id_eq(&c, &a));
	ike_id_free(&a);
	ike_id_free(&b);
	ike_id_free(&c);
	ike_id_free(NULL);
}
END_TEST

/* Addresses */

START_TEST(addr_good)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "0.0.0.0", "0.0.0.0" },
		{ "255.255.255.255", "255.255.255.255" },
		{ "::", "::" },
		{ "::1", "::1" },
		{ "1::", "1::" },
		{ "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },
		{ "2001:0db8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1" },
		{ "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1" },
		{ "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0" },
		{ "::ffff:192.0.2.1", "::ffff:192.0.2.1" },
		{ "64:ff9b::192.0.2.1", "64:ff9b::c000:201" },
		{ "fe80::1:0:0:0:1", "fe80:0:0:1::1" },
		{ "1:0:0:2:0:0:0:3", "1:0:0:2::3" },
	};
	struct ike_addr a;
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_msg(ike_addr_parse(cases[i].in, &a) == IKE_OK, "%s", cases[i].in);
		ck_assert_int_eq(ike_addr_format(&a, buf, sizeof(buf)), IKE_OK);
		ck_assert_str_eq(buf, cases[i].out);
	}
	ck_assert_int_eq(ike_addr_parse("10.1.2.3", &a), IKE_OK);
	ck_assert_uint_eq(a.family, IKE_AF_INET);
	ck_assert_uint_eq(a.addr[0], 10);
	ck_assert_uint_eq(a.addr[3], 3);
	ck_assert_uint_eq(a.port, 0);
	ck_assert_int_eq(ike_addr_format(&a, buf, 5), IKE_ENOSPC);
	a.family = 9;
	ck_assert_int_eq(ike_addr_format(&a, buf, sizeof(buf)), IKE_EINVAL);
}
END_TEST

START_TEST(addr_bad)
{
	static const char *const bad[] = {
		"", "1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ",
		" 1.2.3.4", "1..2.3", "1.2.3.-4", "::1::", ":::", ":1", "1:",
		"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "12345::", "g::",
		"fe80::1%eth0", "::1.2.3", "1.2.3.4::", "::ffff:1.2.3.4.5",
		"1:2:3:4:5:6:7:1.2.3.4", "%any", "host.example",
	};
	struct ike_addr a;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(ike_addr_parse(bad[i], &a) == IKE_EINVAL, "'%s'", bad[i]);
	ck_assert_int_eq(ike_addr_parse(NULL, &a), IKE_EINVAL);
}
END_TEST

/* Traffic selectors */

START_TEST(ts_good)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "10.1.0.0/16", "10.1.0.0/16" },
		{ "10.1.2.3/16", "10.1.0.0/16" },
		{ "0.0.0.0/0", "0.0.0.0/0" },
		{ "192.0.2.1", "192.0.2.1" },
		{ "192.0.2.1/32", "192.0.2.1" },
		{ "10.0.0.1-10.0.0.9", "10.0.0.1-10.0.0.9" },
		{ "10.0.0.0-10.0.0.255", "10.0.0.0/24" },
		{ "2001:db8::/64", "2001:db8::/64" },
		{ "2001:db8::1/127", "2001:db8::/127" },
		{ "::/0", "::/0" },
		{ "2001:db8::1-2001:db8::ff", "2001:db8::1-2001:db8::ff" },
		{ "10.1.0.0/16[tcp/443]", "10.1.0.0/16[tcp/443]" },
		{ "10.1.0.0/16[udp/1000-2000]", "10.1.0.0/16[udp/1000-2000]" },
		{ "10.1.0.0/16[6]", "10.1.0.0/16[tcp]" },
		{ "10.1.0.0/16[99/7]", "10.1.0.0/16[99/7]" },
		{ "10.1.0.0/16[tcp/%any]", "10.1.0.0/16[tcp]" },
		{ "10.1.0.0/16[%any]", "10.1.0.0/16" },
		{ "10.1.0.0/16[icmp]", "10.1.0.0/16[icmp]" },
		{ "10.1.0.0/16[icmpv6]", "10.1.0.0/16[ipv6-icmp]" },
		{ "10.1.0.0/16[sctp/9]", "10.1.0.0/16[sctp/9]" },
		{ "10.1.0.0/16[gre]", "10.1.0.0/16[gre]" },
		{ "10.1.0.0/16[esp]", "10.1.0.0/16[esp]" },
		{ "dynamic", "dynamic" },
		{ "dynamic[udp/500]", "dynamic[udp/500]" },
	};
	struct ike_ts ts;
	char buf[128], err[128];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_msg(ike_ts_parse(cases[i].in, &ts, err, sizeof(err)) == IKE_OK,
		    "%s: %s", cases[i].in, err);
		ck_assert_int_eq(ike_ts_format(&ts, buf, sizeof(buf)), IKE_OK);
		ck_assert_str_eq(buf, cases[i].out);
	}
	ck_assert_int_eq(ike_ts_parse("10.1.2.3/16[tcp/443-444]", &ts, err, sizeof(err)), IKE_OK);
	ck_assert_uint_eq(ts.family, IKE_AF_INET);
	ck_assert_uint_eq(ts.proto, 6);
	ck_assert_uint_eq(ts.port_lo, 443);
	ck_assert_uint_eq(ts.port_hi, 444);
	ck_assert_mem_eq(ts.start, "\x0a\x01\x00\x00", 4);
	ck_assert_mem_eq(ts.end, "\x0a\x01\xff\xff", 4);
	ck_assert_int_eq(ike_ts_parse("dynamic", &ts, err, sizeof(err)), IKE_OK);
	ck_assert_uint_eq(ts.family, IKE_TS_DYNAMIC);
	ck_assert_uint_eq(ts.port_lo, 0);
	ck_assert_uint_eq(ts.port_hi, 65535);
	ck_assert_int_eq(ike_ts_format(&ts, buf, 3), IKE_ENOSPC);
	ts.family = 7;
	ck_assert_int_eq(ike_ts_format(&ts, buf, sizeof(buf)), IKE_EINVAL);
}
END_TEST

START_TEST(ts_bad)
{
	static const struct { const char *in, *reason; } cases[] = {
		{ "", "bad length" },
		{ "10.1.0.0/33", "bad prefix length '33'" },
		{ "2001:db8::/129", "bad prefix length '129'" },
		{ "10.1.0.0/", "bad prefix length ''" },
		{ "10.1.0.0/016", "bad prefix length '016'" },
		{ "10.1.0/16", "bad address '10.1.0'" },
		{ "host.example", "bad address 'host.example'" },
		{ "10.0.0.9-10.0.0.1", "range start above its end" },
		{ "10.0.0.1-2001:db8::1", "bad range end '2001:db8::1'" },
		{ "10.0.0.1-", "bad range end ''" },
		{ "10.1.0.0/16[tcp/443", "unbalanced '['" },
		{ "10.1.0.0/16]", "unbalanced ']'" },
		{ "10.1.0.0/16[tcp][udp]", "unbalanced '['" },
		{ "10.1.0.0/16[tcp]x", "unbalanced '['" },
		{ "10.1.0.0/16[foo]", "unknown protocol 'foo'" },
		{ "10.1.0.0/16[256]", "unknown protocol '256'" },
		{ "10.1.0.0/16[tcp/65536]", "bad port '65536'" },
		{ "10.1.0.0/16[tcp/http]", "bad port 'http'" },
		{ "10.1.0.0/16[tcp/9-8]", "bad port range" },
		{ "10.1.0.0/16[%any/80]", "a port needs a protocol" },
		{ "dynamic/24", "bad address 'dynamic'" },
	};
	struct ike_ts ts;
	char err[128], longts[200];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_msg(ike_ts_parse(cases[i].in, &ts, err, sizeof(err)) == IKE_EINVAL,
		    "'%s'", cases[i].in);
		ck_assert_msg(strstr(err, cases[i].reason) != NULL, "'%s': got '%s'",
		    cases[i].in, err);
	}
	memset(longts, '1', sizeof(longts) - 1);
	longts[sizeof(longts) - 1] = '\0';
	ck_assert_int_eq(ike_ts_parse(longts, &ts, err, sizeof(err)), IKE_EINVAL);
	ck_assert_int_eq(ike_ts_parse(NULL, &ts, err, sizeof(err)), IKE_EINVAL);
}
END_TEST

/* Whole configs: lookup, PSK choice, free. */

static struct ike_secret *
secret(const char *psk, const char *id1, const char *id2)
{
	struct ike_secret *s = calloc(1, sizeof(*s));

	ck_assert_ptr_nonnull(s);
	if (id1 != NULL)
		ck_assert_int_eq(ike_id_parse(id1, &s->ids[s->n_ids++]), IKE_OK);
	if (id2 != NULL)
		ck_assert_int_eq(ike_id_parse(id2, &s->ids[s->n_ids++]), IKE_OK);
	ck_assert_int_eq(ike_buf_set(&s->psk, psk, strlen(psk)), IKE_OK);
	return s;
}

START_TEST(config_lookup)
{
	struct ike_config *cfg = calloc(1, sizeof(*cfg));
	struct ike_conn_cfg *c1 = calloc(1, sizeof(*c1)), *c2 = calloc(1, sizeof(*c2));
	struct ike_child_cfg *ch = calloc(1, sizeof(*ch));
	struct ike_secret *s_any, *s_one, *s_both, *s_wild;
	struct ike_id hq = { 0 }, br = { 0 }, other = { 0 };

	snprintf(c1->name, sizeof(c1->name), "a");
	snprintf(c2->name, sizeof(c2->name), "b");
	c1->next = c2;
	c2->children = ch;
	ck_assert_int_eq(ike_id_parse("hq.example.net", &c2->local.id), IKE_OK);
	cfg->conns = c1;
	ck_assert_ptr_eq(ike_config_conn(cfg, "b"), c2);
	ck_assert_ptr_eq(ike_config_conn(cfg, "a"), c1);
	ck_assert_ptr_null(ike_config_conn(cfg, "c"));
	ck_assert_ptr_null(ike_config_conn(NULL, "a"));

	ck_assert_int_eq(ike_id_parse("hq.example.net", &hq), IKE_OK);
	ck_assert_int_eq(ike_id_parse("branch.example.net", &br), IKE_OK);
	ck_assert_int_eq(ike_id_parse("other.example.net", &other), IKE_OK);
	ck_assert_ptr_null(ike_config_psk(cfg, &hq, &br));

	s_any = secret("any", NULL, NULL);
	s_one = secret("one", "branch.example.net", NULL);
	s_both = secret("both", "hq.example.net", "branch.example.net");
	s_wild = secret("wild", "%any", "hq.example.net");
	cfg->secrets = s_any;
	ck_assert_ptr_eq(ike_config_psk(cfg, &hq, &br), s_any);
	s_any->next = s_one;
	ck_assert_ptr_eq(ike_config_psk(cfg, &hq, &br), s_one);
	ck_assert_ptr_eq(ike_config_psk(cfg, &hq, &other), s_any);
	s_one->next = s_wild;
	/* one: br named (4) + hq not (0) = 4; wild: hq named 4 + br by
	 * %any 1 = 5 */
	ck_assert_ptr_eq(ike_config_psk(cfg, &hq, &br), s_wild);
	s_wild->next = s_both;
	ck_assert_ptr_eq(ike_config_psk(cfg, &hq, &br), s_both);
	ck_assert_ptr_eq(ike_config_psk(cfg, &br, &hq), s_both);
	/* a tie between no IDs and %any on both sides: the first wins */
	ck_assert_ptr_eq(ike_config_psk(cfg, &other, &other), s_any);
	ck_assert_ptr_null(ike_config_psk(NULL, &hq, &br));

	ike_id_free(&hq);
	ike_id_free(&br);
	ike_id_free(&other);
	ike_config_free(cfg);
	ike_config_free(NULL);
}
END_TEST

static Suite *
cfg_suite(void)
{
	Suite *s = suite_create("cfg");
	TCase *tc = tcase_create("proposals");

	tcase_add_loop_test(tc, every_keyword, 0, sizeof(kw_cases) / sizeof(kw_cases[0]));
	tcase_add_test(tc, ike_integ_gives_prf);
	tcase_add_test(tc, order_and_esn);
	tcase_add_loop_test(tc, every_error, 0, sizeof(bad_cases) / sizeof(bad_cases[0]));
	tcase_add_test(tc, null_args);
	suite_add_tcase(s, tc);

	tc = tcase_create("ids");
	tcase_add_test(tc, id_types);
	tcase_add_test(tc, id_dn_forms);
	tcase_add_test(tc, id_errors);
	tcase_add_test(tc, id_format_hostile);
	tcase_add_test(tc, id_compare);
	suite_add_tcase(s, tc);

	tc = tcase_create("addr_ts");
	tcase_add_test(tc, addr_good);
	tcase_add_test(tc, addr_bad);
	tcase_add_test(tc, ts_good);
	tcase_add_test(tc, ts_bad);
	suite_add_tcase(s, tc);

	tc = tcase_create("config");
	tcase_add_test(tc, config_lookup);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(cfg_suite)
