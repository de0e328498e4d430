/* SPDX-License-Identifier: ISC */
/*
 * test_keys.c - the IKEv2 key schedule against NIST's CAVS IKEv2 KDF
 * vector (SP 800-135 section 4.2: SKEYSEED, DKM, Child SA DKM with and
 * without D-H, rekeyed SKEYSEED), the split of the keying material into
 * SK_* and Child SA keys in RFC 7296 order, AUTH octets and PSK AUTH.
 */
#include "check_main.h"
#include "cry.h"
#include "cry_test.h"
#include "iana.h"
#include "keys.h"

/* CAVS IKEv2 KDF, HMAC-SHA-1, DKM length 1056 bits. */
#define CAVS_GIR	"4b2c1f971981a8ad8d0abeafabf38cf75fc8349c148142465ed9c8b516b8be52"
#define CAVS_GIR_NEW	"863f3c9d06efd39d2b907b97f8699e5dd5251ef64a2a176f36ee40c87d4f9330"
#define CAVS_NI		"32b50d5f4a3763f3"
#define CAVS_NR		"9206a04b26564cb1"
#define CAVS_SPII	0x34c9e7c188868785ULL
#define CAVS_SPIR	0x3ff77d760d2b2199ULL
#define CAVS_SKEYSEED	"a9a7b222b59f8f48645f28a1db5b5f5d7479cba7"
#define CAVS_DKM \
	"a14293677cc80ff8f9cc0eee30d895da9d8f405666e30ef0dfcb63c634a46002" \
	"a2a63080e514a062768b76606f9fa5e992204fc5a670bde3f10d6b027113936a" \
	"5c55b648a194ae587b0088d52204b702c979fa280870d2ed41efa9c549fd1119" \
	"8af1670b143d384bd275c5f594cf266b05ebadca855e4249520a441a81157435" \
	"a7a56cc4"
#define CAVS_DKM_CHILD \
	"8059e3ee8810e6c3a91bc8bcd2a7a41151b8d0e6ae239c7b38093ad85ef4c581" \
	"1a8e7b5d1cdabd9560b2d5e092d1f24e2d4b85eccdf0ad0dc9abd94b51ee7181" \
	"4ca6dbc8bb51b6309f5b9545c7eb35cf5580b1e521a8fe20754a2d883ba0c2cf" \
	"285f524aea6545b33106bc03e614296d319d41d4b50b3f510b1c0a22f3e66499" \
	"4d234cb4"
#define CAVS_DKM_CHILD_DH \
	"bb43244c1860ad65ee1e211ffe8bb3661750c8f89cb9f547df7f4fa61d373016" \
	"28190e38c66232eab4b3ab14c400a5197dd3730ed4820a8a10394d51e1c04000" \
	"52f63ebd36b0e7ef53aaed31eba4a5080d7d4b5666023a8bbb5ffb7857240f9a" \
	"05884d1b7d2f933708450b7b3288f1fc863ab49fa901227cffc06e27899c7054" \
	"d56fd74c"
#define CAVS_SKEYSEED_REKEY "63e81194946ebd05df7df5ebf5d8750056bf1f1d"

/* AES-CBC-128 with HMAC-SHA1-96 under PRF-HMAC-SHA1 needs exactly the
 * vector's 132 octets: 3 * 20 + 2 * 20 + 2 * 16. */
static const struct keys_suite cavs_suite = {
	IKE_PRF_HMAC_SHA1, IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96
};

static struct keys_ike *
cavs_ike(void)
{
	struct ike_bytes gir = hx(CAVS_GIR), ni = hx(CAVS_NI), nr = hx(CAVS_NR);
	struct keys_ike *k = NULL;

	ck_assert_int_eq(keys_ike_derive(&cavs_suite, gir, ni, nr, CAVS_SPII, CAVS_SPIR, &k), IKE_OK);
	hx_free(gir);
	hx_free(ni);
	hx_free(nr);
	return k;
}

/* The seven keys laid end to end. */
static size_t
ike_keys_concat(const struct keys_ike *k, uint8_t *out)
{
	const struct ike_buf *b[7] = { &k->ks_d, &k->ks_ai, &k->ks_ar,
	    &k->ks_ei, &k->ks_er, &k->ks_pi, &k->ks_pr };
	size_t i, n = 0;

	for (i = 0; i < 7; i++) {
		memcpy(out + n, b[i]->ptr, b[i]->len);
		n += b[i]->len;
	}
	return n;
}

START_TEST(cavs_skeyseed_and_dkm)
{
	struct ike_bytes gir = hx(CAVS_GIR), ni = hx(CAVS_NI), nr = hx(CAVS_NR);
	uint8_t seed[CRY_PRF_MAX], all[512];
	struct keys_ike *k;

	ck_assert_int_eq(keys_skeyseed(IKE_PRF_HMAC_SHA1, gir, ni, nr, seed), IKE_OK);
	ck_assert_hex(seed, 20, CAVS_SKEYSEED);

	k = cavs_ike();
	ck_assert_uint_eq(k->ks_d.len, 20);
	ck_assert_uint_eq(k->ks_ai.len, 20);
	ck_assert_uint_eq(k->ks_ei.len, 16);
	ck_assert_uint_eq(k->ks_pr.len, 20);
	ck_assert_hex(all, ike_keys_concat(k, all), CAVS_DKM);
	ck_assert_ptr_nonnull(k->ks_sk_i);
	ck_assert_ptr_nonnull(k->ks_sk_r);
	keys_ike_free(k);
	hx_free(gir);
	hx_free(ni);
	hx_free(nr);
}
END_TEST

START_TEST(cavs_child_keymat)
{
	struct ike_bytes ni = hx(CAVS_NI), nr = hx(CAVS_NR), gnew = hx(CAVS_GIR_NEW);
	struct ike_bytes want = hx(CAVS_DKM_CHILD), want_dh = hx(CAVS_DKM_CHILD_DH);
	struct ike_bytes none = { NULL, 0 };
	static const struct keys_suite esp_cbc = { 0, IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96 };
	static const struct keys_suite esp_gcm = { 0, IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE };
	struct keys_ike *k = cavs_ike();
	struct keys_child *c;
	struct kx_alg a;

	/* KEYMAT = prf+(SK_d, Ni | Nr): 2 * (16 + 20) octets. */
	ck_assert_int_eq(keys_child_derive(k, &esp_cbc, none, ni, nr, &c), IKE_OK);
	ck_assert_uint_eq(c->kc_keymat.len, 72);
	ck_assert(memcmp(c->kc_keymat.ptr, want.ptr, 72) == 0);
	/* RFC 7296 2.17: encr_i | integ_i | encr_r | integ_r. */
	ck_assert(c->kc_enc_i.ptr == c->kc_keymat.ptr && c->kc_enc_i.len == 16);
	ck_assert(c->kc_int_i.ptr == c->kc_keymat.ptr + 16 && c->kc_int_i.len == 20);
	ck_assert(c->kc_enc_r.ptr == c->kc_keymat.ptr + 36 && c->kc_enc_r.len == 16);
	ck_assert(c->kc_int_r.ptr == c->kc_keymat.ptr + 52 && c->kc_int_r.len == 20);
	keys_child_alg(c, 1, &a);
	ck_assert_str_eq(a.encr, "cbc(aes)");
	ck_assert_str_eq(a.integ, "hmac(sha1)");
	ck_assert_uint_eq(a.trunc_bits, 96);
	ck_assert(a.enc_key.ptr == c->kc_enc_i.ptr && a.int_key.ptr == c->kc_int_i.ptr);
	keys_child_alg(c, 0, &a);
	ck_assert(a.enc_key.ptr == c->kc_enc_r.ptr && a.int_key.ptr == c->kc_int_r.ptr);
	ck_assert_uint_eq(a.int_key.len, 20);
	keys_child_free(c);

	/* With PFS: prf+(SK_d, g^ir (new) | Ni | Nr). */
	ck_assert_int_eq(keys_child_derive(k, &esp_cbc, gnew, ni, nr, &c), IKE_OK);
	ck_assert(memcmp(c->kc_keymat.ptr, want_dh.ptr, 72) == 0);
	keys_child_free(c);

	/* AES-GCM-256: 2 * (32 + 4), no integrity keys. */
	ck_assert_int_eq(keys_child_derive(k, &esp_gcm, gnew, ni, nr, &c), IKE_OK);
	ck_assert_uint_eq(c->kc_keymat.len, 72);
	ck_assert(memcmp(c->kc_keymat.ptr, want_dh.ptr, 72) == 0);
	ck_assert_uint_eq(c->kc_int_i.len, 0);
	ck_assert(c->kc_enc_r.ptr == c->kc_keymat.ptr + 36 && c->kc_enc_r.len == 36);
	keys_child_alg(c, 0, &a);
	ck_assert_str_eq(a.aead, "rfc4106(gcm(aes))");
	ck_assert_str_eq(a.encr, "");
	ck_assert_uint_eq(a.icv_bits, 128);
	ck_assert_uint_eq(a.enc_key.len, 36);
	keys_child_free(c);

	keys_ike_free(k);
	hx_free(ni);
	hx_free(nr);
	hx_free(gnew);
	hx_free(want);
	hx_free(want_dh);
}
END_TEST

START_TEST(cavs_rekey)
{
	struct ike_bytes ni = hx(CAVS_NI), nr = hx(CAVS_NR), gnew = hx(CAVS_GIR_NEW);
	struct ike_bytes seed = hx(CAVS_SKEYSEED_REKEY);
	static const struct keys_suite next = {
		IKE_PRF_HMAC_SHA2_256, IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_NONE
	};
	uint8_t spis[16] = { 0x34, 0xc9, 0xe7, 0xc1, 0x88, 0x86, 0x87, 0x85,
	    0x3f, 0xf7, 0x7d, 0x76, 0x0d, 0x2b, 0x21, 0x99 };
	struct ike_bytes s[3] = { ni, nr, { spis, 16 } };
	struct keys_ike *old = cavs_ike(), *k;
	struct ike_buf want = { 0 };
	uint8_t all[512];

	/* SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) with the old
	 * PRF (SHA-1 here); the new SA's keys with its own (SHA-256). */
	ck_assert_int_eq(keys_ike_rekey(old, &next, gnew, ni, nr, CAVS_SPII, CAVS_SPIR, &k), IKE_OK);
	ck_assert_int_eq(cry_prf_plus(IKE_PRF_HMAC_SHA2_256, seed, s, 3, 3 * 32 + 2 * 20, &want), IKE_OK);
	ck_assert_uint_eq(ike_keys_concat(k, all), want.len);
	ck_assert(memcmp(all, want.ptr, want.len) == 0);
	ck_assert_uint_eq(k->ks_ai.len, 0);
	ck_assert_uint_eq(k->ks_ei.len, 20);
	ck_assert_uint_eq(k->ks_suite.prf, IKE_PRF_HMAC_SHA2_256);
	keys_ike_free(k);

	/* Same suite: the keys are prf+ of the vector's SKEYSEED(Rekey). */
	ck_assert_int_eq(keys_ike_rekey(old, &cavs_suite, gnew, ni, nr, CAVS_SPII, CAVS_SPIR, &k), IKE_OK);
	ck_assert_int_eq(cry_prf_plus(IKE_PRF_HMAC_SHA1, seed, s, 3, 132, &want), IKE_OK);
	ck_assert_uint_eq(ike_keys_concat(k, all), 132);
	ck_assert(memcmp(all, want.ptr, 132) == 0);
	keys_ike_free(k);

	ike_buf_free(&want);
	keys_ike_free(old);
	hx_free(ni);
	hx_free(nr);
	hx_free(gnew);
	hx_free(seed);
}
END_TEST

/* The SK objects of a derived SA use SK_ei/SK_ai and SK_er/SK_ar. */
START_TEST(ike_sk_objects)
{
	static const struct keys_suite gcm = { IKE_PRF_HMAC_SHA2_256, IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE };
	struct ike_bytes dh = { (const uint8_t *)"shared secret", 13 };
	struct ike_bytes ni = { (const uint8_t *)"initiator nonce.", 16 };
	struct ike_bytes nr = { (const uint8_t *)"responder nonce.", 16 };
	struct ike_bytes none = { NULL, 0 }, plain = { (const uint8_t *)"payloads", 8 };
	struct fixed_rng rng = { NULL, 0, 0, 9, 0 };
	uint8_t body[64], out[64];
	struct keys_ike *k;
	struct cry_sk *mine;
	size_t n, plen;

	ck_assert_int_eq(keys_ike_derive(&gcm, dh, ni, nr, 1, 2, &k), IKE_OK);
	ck_assert_uint_eq(k->ks_d.len, 32);
	ck_assert_uint_eq(k->ks_ai.len, 0);
	ck_assert_uint_eq(k->ks_ar.len, 0);
	ck_assert_uint_eq(k->ks_ei.len, 36);
	ck_assert_uint_eq(k->ks_pi.len, 32);
	ck_assert(memcmp(k->ks_ei.ptr, k->ks_er.ptr, 36) != 0);
	ck_assert_int_eq(cry_sk_new(IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE,
	    ike_buf_view(&k->ks_er), none, &mine), IKE_OK);
	n = cry_sk_enc_len(mine, plain.len);
	ck_assert_int_eq(cry_sk_encrypt(mine, none, plain, fixed_rng_fill, &rng, body, n), IKE_OK);
	ck_assert_int_eq(cry_sk_decrypt(k->ks_sk_r, none, (struct ike_bytes){ body, n }, out, sizeof(out), &plen), IKE_OK);
	ck_assert_int_eq(cry_sk_decrypt(k->ks_sk_i, none, (struct ike_bytes){ body, n }, out, sizeof(out), &plen), IKE_EINTEGRITY);
	cry_sk_free(mine);
	keys_ike_free(k);

	/* Different SPIs, different keys. */
	{
		struct keys_ike *a, *b;

		ck_assert_int_eq(keys_ike_derive(&gcm, dh, ni, nr, 1, 2, &a), IKE_OK);
		ck_assert_int_eq(keys_ike_derive(&gcm, dh, ni, nr, 1, 3, &b), IKE_OK);
		ck_assert(memcmp(a->ks_d.ptr, b->ks_d.ptr, 32) != 0);
		keys_ike_free(a);
		keys_ike_free(b);
	}
}
END_TEST

START_TEST(bad_suites)
{
	struct ike_bytes x = { (const uint8_t *)"x", 1 };
	static const struct keys_suite no_prf = { IKE_PRF_AES128_XCBC, IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_NONE };
	static const struct keys_suite aead_integ = { IKE_PRF_HMAC_SHA2_256, IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_HMAC_SHA2_256_128 };
	static const struct keys_suite cbc_none = { IKE_PRF_HMAC_SHA2_256, IKE_ENCR_AES_CBC, 128, IKE_INTEG_NONE };
	static const struct keys_suite des = { IKE_PRF_HMAC_SHA2_256, IKE_ENCR_3DES, 0, IKE_INTEG_HMAC_SHA1_96 };
	static const struct keys_suite esp_bad = { 0, IKE_ENCR_CHACHA20_POLY1305, 0, IKE_INTEG_HMAC_SHA1_96 };
	struct keys_ike *k = NULL;
	struct keys_child *c = NULL;

	ck_assert_int_eq(keys_ike_derive(&no_prf, x, x, x, 1, 2, &k), IKE_EUNSUPPORTED);
	ck_assert_int_eq(keys_ike_derive(&aead_integ, x, x, x, 1, 2, &k), IKE_EINVAL);
	ck_assert_int_eq(keys_ike_derive(&cbc_none, x, x, x, 1, 2, &k), IKE_EINVAL);
	ck_assert_int_eq(keys_ike_derive(&des, x, x, x, 1, 2, &k), IKE_EUNSUPPORTED);
	ck_assert_ptr_null(k);
	k = cavs_ike();
	ck_assert_int_eq(keys_child_derive(k, &esp_bad, x, x, x, &c), IKE_EUNSUPPORTED);
	ck_assert_ptr_null(c);
	keys_ike_free(k);
	keys_ike_free(NULL);
	keys_child_free(NULL);
}
END_TEST

START_TEST(auth_octets_layout)
{
	struct ike_id id = { IKE_ID_FQDN, { (uint8_t *)"hq.example.net", 14 } };
	struct ike_bytes msg = { (const uint8_t *)"IKE_SA_INIT request bytes", 25 };
	struct ike_bytes nonce = { (const uint8_t *)"responder's nonce", 17 };
	struct ike_bytes skp = { (const uint8_t *)"SK_pi", 5 };
	struct ike_buf body = { 0 }, oct = { 0 };
	uint8_t mac[CRY_PRF_MAX];

	ck_assert_int_eq(keys_id_body(&id, &body), IKE_OK);
	ck_assert_uint_eq(body.len, 18);
	ck_assert_hex(body.ptr, 4, "02000000");
	ck_assert(memcmp(body.ptr + 4, "hq.example.net", 14) == 0);

	/* RealMessage1 | NonceRData | prf(SK_pi, IDi') */
	ck_assert_int_eq(keys_auth_octets(IKE_PRF_HMAC_SHA2_384, skp, msg, nonce,
	    ike_buf_view(&body), &oct), IKE_OK);
	ck_assert_uint_eq(oct.len, 25 + 17 + 48);
	ck_assert(memcmp(oct.ptr, msg.ptr, 25) == 0);
	ck_assert(memcmp(oct.ptr + 25, nonce.ptr, 17) == 0);
	{
		struct ike_bytes b = ike_buf_view(&body);

		ck_assert_int_eq(cry_prf(IKE_PRF_HMAC_SHA2_384, skp, &b, 1, mac), IKE_OK);
	}
	ck_assert(memcmp(oct.ptr + 42, mac, 48) == 0);
	ck_assert_int_eq(keys_auth_octets(IKE_PRF_HMAC_MD5, skp, msg, nonce,
	    ike_buf_view(&body), &oct), IKE_EUNSUPPORTED);
	ike_buf_free(&oct);
	ike_buf_free(&body);
}
END_TEST

START_TEST(psk_auth)
{
	struct ike_bytes psk = { (const uint8_t *)"0sSecretKey", 11 };
	struct ike_bytes octets = { (const uint8_t *)"the signed octets", 17 };
	struct ike_bytes pad = { (const uint8_t *)"Key Pad for IKEv2", 17 };
	uint8_t auth[CRY_PRF_MAX], inner[CRY_PRF_MAX], want[CRY_PRF_MAX];
	struct ike_bytes got = { auth, 32 };

	/* prf(prf(PSK, "Key Pad for IKEv2"), octets), the pad without NUL */
	ck_assert_int_eq(keys_auth_psk(IKE_PRF_HMAC_SHA2_256, psk, octets, auth), IKE_OK);
	ck_assert_int_eq(cry_prf(IKE_PRF_HMAC_SHA2_256, psk, &pad, 1, inner), IKE_OK);
	ck_assert_int_eq(cry_prf(IKE_PRF_HMAC_SHA2_256, (struct ike_bytes){ inner, 32 }, &octets, 1, want), IKE_OK);
	ck_assert(memcmp(auth, want, 32) == 0);

	ck_assert_int_eq(keys_auth_psk_verify(IKE_PRF_HMAC_SHA2_256, psk, octets, got), IKE_OK);
	auth[31] ^= 1;
	ck_assert_int_eq(keys_auth_psk_verify(IKE_PRF_HMAC_SHA2_256, psk, octets, got), IKE_EAUTH);
	auth[31] ^= 1;
	ck_assert_int_eq(keys_auth_psk_verify(IKE_PRF_HMAC_SHA2_256, psk, octets,
	    (struct ike_bytes){ auth, 31 }), IKE_EAUTH);
	ck_assert_int_eq(keys_auth_psk_verify(IKE_PRF_HMAC_SHA2_256, psk, octets,
	    (struct ike_bytes){ auth, 0 }), IKE_EAUTH);
	ck_assert_int_eq(keys_auth_psk_verify(IKE_PRF_HMAC_SHA2_256,
	    (struct ike_bytes){ psk.ptr, 10 }, octets, got), IKE_EAUTH);
	ck_assert_int_eq(keys_auth_psk_verify(IKE_PRF_HMAC_SHA2_512, psk, octets, got), IKE_EAUTH);
	ck_assert_int_eq(keys_auth_psk_verify(IKE_PRF_AES128_CMAC, psk, octets, got), IKE_EUNSUPPORTED);
}
END_TEST

static Suite *
keys_suite(void)
{
	Suite *s = suite_create("keys");
	TCase *tc = tcase_create("keys");

	tcase_add_test(tc, cavs_skeyseed_and_dkm);
	tcase_add_test(tc, cavs_child_keymat);
	tcase_add_test(tc, cavs_rekey);
	tcase_add_test(tc, ike_sk_objects);
	tcase_add_test(tc, bad_suites);
	tcase_add_test(tc, auth_octets_layout);
	tcase_add_test(tc, psk_auth);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(keys_suite)
