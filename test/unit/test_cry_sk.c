/* SPDX-License-Identifier: ISC */
/*
 * test_cry_sk.c - Encrypted payload protection: ChaCha20-Poly1305 against
 * RFC 7634 appendix B (a whole IKEv2 SK payload) and RFC 7539 sections
 * 2.8.2 and A.5, AES-GCM against the GCM specification's test cases,
 * AES-CBC against NIST SP 800-38A F.2.1 and F.2.5 with the HMAC that RFC
 * 4868 truncates; then round trips for every algorithm with a fixed IV
 * source, a second construction of the payload straight over GnuTLS to
 * compare with, and every kind of damage: ICV, ciphertext, IV and AAD
 * changed, bad padding, truncation.
 */
#include <gnutls/crypto.h>

#include "check_main.h"
#include "cry.h"
#include "cry_test.h"
#include "iana.h"

/* ---- known answers ---- */

/* RFC 7634 appendix B: an INFORMATIONAL request with one notify. */
START_TEST(chacha_rfc7634_ikev2)
{
	struct ike_bytes key = hx("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f a0a1a2a3");
	struct ike_bytes aad = hx("c0c1c2c3c4c5c6c7 d0d1d2d3d4d5d6d7 2e202500 00000009 00000045 29000029");
	struct ike_bytes plain = hx("0000000c 00004001 0000000a");
	struct ike_bytes iv = hx("1011121314151617");
	struct fixed_rng rng = { iv.ptr, iv.len, 0, 0, 0 };
	struct ike_bytes none = { NULL, 0 };
	uint8_t out[64], dec[64];
	struct cry_sk *sk;
	size_t n, plen;

	ck_assert_int_eq(cry_sk_new(IKE_ENCR_CHACHA20_POLY1305, 0, IKE_INTEG_NONE, key, none, &sk), IKE_OK);
	n = cry_sk_enc_len(sk, plain.len);
	/* The SK payload length in the vector is 0x29: 4 + n. */
	ck_assert_uint_eq(n + 4, 0x29);
	ck_assert_int_eq(cry_sk_encrypt(sk, aad, plain, fixed_rng_fill, &rng, out, n), IKE_OK);
	ck_assert_hex(out, n, "1011121314151617 610394701f8d017f7c12924889 6b71bfe25236efd7cdc67066906315b2");
	ck_assert_int_eq(cry_sk_decrypt(sk, aad, (struct ike_bytes){ out, n }, dec, sizeof(dec), &plen), IKE_OK);
	ck_assert_uint_eq(plen, plain.len);
	ck_assert(memcmp(dec, plain.ptr, plen) == 0);
	cry_sk_free(sk);
	hx_free(key);
	hx_free(aad);
	hx_free(plain);
	hx_free(iv);
}
END_TEST

struct aead_kat {
	uint16_t	 encr, keybits;
	const char	*key;		/* with the salt: the nonce's first 4 octets */
	const char	*aad;
	const char	*body;		/* IV (the nonce's last 8) | C | T */
	const char	*plain;		/* the whole decrypted text */
	int		 want;		/* IKE_OK, or the error after the tag check */
	const char	*what;
};

#define SUNSCREEN \
	"4c616469657320616e642047656e746c656d656e206f662074686520636c6173" \
	"73206f66202739393a204966204920636f756c64206f6666657220796f75206f" \
	"6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73" \
	"637265656e20776f756c642062652069742e"
#define GCM_K	"feffe9928665731c6d6a8f9467308308"
#define GCM_P60	"d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" \
		"1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
#define GCM_A	"feedfacedeadbeeffeedfacedeadbeefabaddad2"

static const struct aead_kat aead_kats[] = {
	{ IKE_ENCR_CHACHA20_POLY1305, 0,
	  "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f 07000000",
	  "50515253c0c1c2c3c4c5c6c7",
	  "4041424344454647"
	  "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
	  "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
	  "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
	  "3ff4def08e4b7a9de576d26586cec64b6116"
	  "1ae10b594f09e26a7e902ecbd0600691",
	  SUNSCREEN, IKE_OK, "RFC 7539 2.8.2" },
	{ IKE_ENCR_CHACHA20_POLY1305, 0,
	  "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0 00000000",
	  "f33388860000000000004e91",
	  "0102030405060708"
	  "64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb2"
	  "4c6cfc18755d43eea09ee94e382d26b0bdb7b73c321b0100d4f03b7f355894cf"
	  "332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff37c855"
	  "9797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4"
	  "b9166c767b804d46a59b5216cde7a4e99040c5a40433225ee282a1b0a06c523e"
	  "af4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f548271a"
	  "0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a10"
	  "49e617d91d361094fa68f0ff77987130305beaba2eda04df997b714d6c6f2c29"
	  "a6ad5cb4022b02709b"
	  "eead9d67890cbb22392336fea1851f38",
	  "496e7465726e65742d4472616674732061726520647261667420646f63756d65"
	  "6e74732076616c696420666f722061206d6178696d756d206f6620736978206d"
	  "6f6e74687320616e64206d617920626520757064617465642c207265706c6163"
	  "65642c206f72206f62736f6c65746564206279206f7468657220646f63756d65"
	  "6e747320617420616e792074696d652e20497420697320696e617070726f7072"
	  "6961746520746f2075736520496e7465726e65742d4472616674732061732072"
	  "65666572656e6365206d6174657269616c206f7220746f206369746520746865"
	  "6d206f74686572207468616e206173202fe2809c776f726b20696e2070726f67"
	  "726573732e2fe2809d",
	  IKE_OK, "RFC 7539 A.5" },
	/* GCM specification appendix B, test cases 2, 3, 4 (128-bit key)
	 * and 14, 15, 16 (256-bit key).  3 and 15 end in 0x55, a Pad
	 * Length larger than the text: the tag holds, the padding not. */
	{ IKE_ENCR_AES_GCM_16, 128,
	  "00000000000000000000000000000000 00000000", "",
	  "0000000000000000 0388dace60b6a392f328c2b971b2fe78 ab6e47d42cec13bdf53a67b21257bddf",
	  "00000000000000000000000000000000", IKE_OK, "GCM tc2" },
	{ IKE_ENCR_AES_GCM_16, 128, GCM_K " cafebabe", "",
	  "facedbaddecaf888"
	  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985"
	  "4d5c2af327cd64a62cf35abd2ba6fab4",
	  NULL, IKE_EMALFORMED, "GCM tc3" },
	{ IKE_ENCR_AES_GCM_16, 128, GCM_K " cafebabe", GCM_A,
	  "facedbaddecaf888"
	  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
	  "5bc94fbc3221a5db94fae95ae7121a47",
	  GCM_P60, IKE_OK, "GCM tc4" },
	{ IKE_ENCR_AES_GCM_16, 256,
	  "0000000000000000000000000000000000000000000000000000000000000000 00000000", "",
	  "0000000000000000 cea7403d4d606b6e074ec5d3baf39d18 d0d1c8a799996bf0265b98b5d48ab919",
	  "00000000000000000000000000000000", IKE_OK, "GCM tc14" },
	{ IKE_ENCR_AES_GCM_16, 256, GCM_K GCM_K " cafebabe", "",
	  "facedbaddecaf888"
	  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad"
	  "b094dac5d93471bdec1a502270e3cc6c",
	  NULL, IKE_EMALFORMED, "GCM tc15" },
	{ IKE_ENCR_AES_GCM_16, 256, GCM_K GCM_K " cafebabe", GCM_A,
	  "facedbaddecaf888"
	  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
	  "76fc6ece0f4e1768cddf8853bb2d551b",
	  GCM_P60, IKE_OK, "GCM tc16" },
};

START_TEST(aead_vectors)
{
	const struct aead_kat *t = &aead_kats[_i];
	struct ike_bytes key = hx(t->key), aad = hx(t->aad), body = hx(t->body);
	struct ike_bytes none = { NULL, 0 };
	uint8_t out[512];
	struct cry_sk *sk;
	size_t plen = 9999;

	ck_assert_int_eq(cry_sk_new(t->encr, t->keybits, IKE_INTEG_NONE, key, none, &sk), IKE_OK);
	ck_assert_msg(cry_sk_decrypt(sk, aad, body, out, sizeof(out), &plen) == t->want, "%s", t->what);
	if (t->want == IKE_OK) {
		struct ike_bytes p = hx(t->plain);

		/* The whole text was decrypted; the payloads end before the
		 * padding its last octet announces. */
		ck_assert(memcmp(out, p.ptr, p.len) == 0);
		ck_assert_uint_eq(plen, p.len - 1 - p.ptr[p.len - 1]);
		hx_free(p);
	}
	/* One bit of the tag changed: refused before anything else. */
	((uint8_t *)body.ptr)[body.len - 1] ^= 0x80;
	ck_assert_int_eq(cry_sk_decrypt(sk, aad, body, out, sizeof(out), &plen), IKE_EINTEGRITY);
	cry_sk_free(sk);
	hx_free(key);
	hx_free(aad);
	hx_free(body);
}
END_TEST

/* Where the text's last octet is zero, cry_sk_encrypt() produces the
 * vector itself: the payloads are the text without that octet. */
START_TEST(gcm_encrypt_vectors)
{
	static const struct { uint16_t bits; const char *key, *body; } v[] = {
		{ 128, "00000000000000000000000000000000 00000000",
		  "0000000000000000 0388dace60b6a392f328c2b971b2fe78 ab6e47d42cec13bdf53a67b21257bddf" },
		{ 256, "0000000000000000000000000000000000000000000000000000000000000000 00000000",
		  "0000000000000000 cea7403d4d606b6e074ec5d3baf39d18 d0d1c8a799996bf0265b98b5d48ab919" },
	};
	uint8_t zero[15] = { 0 }, out[64];
	struct ike_bytes none = { NULL, 0 };
	struct fixed_rng rng = { zero, 8, 0, 0, 0 };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct ike_bytes key = hx(v[i].key);
		struct cry_sk *sk;
		size_t n;

		ck_assert_int_eq(cry_sk_new(IKE_ENCR_AES_GCM_16, v[i].bits, IKE_INTEG_NONE, key, none, &sk), IKE_OK);
		n = cry_sk_enc_len(sk, sizeof(zero));
		ck_assert_int_eq(cry_sk_encrypt(sk, none, (struct ike_bytes){ zero, sizeof(zero) },
		    fixed_rng_fill, &rng, out, n), IKE_OK);
		ck_assert_hex(out, n, v[i].body);
		cry_sk_free(sk);
		hx_free(key);
	}
}
END_TEST

/* NIST SP 800-38A F.2.1 and F.2.5 (CBC-AES128/256.Decrypt), with the
 * ICV the truncated HMAC-SHA-256 over AAD | IV | ciphertext. */
#define SP_IV	"000102030405060708090a0b0c0d0e0f"
#define SP_PT	"6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51" \
		"30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710"

START_TEST(cbc_sp800_38a)
{
	static const struct { uint16_t bits; const char *key, *ct; } v[] = {
		{ 128, "2b7e151628aed2a6abf7158809cf4f3c",
		  "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
		  "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7" },
		{ 256, "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
		  "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"
		  "39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b" },
	};
	struct ike_bytes akey = hx("4242424242424242424242424242424242424242424242424242424242424242");
	struct ike_bytes aad = hx("0011223344556677 8899aabbccddeeff 2e202308 00000001 00000070 2b000054");
	struct ike_bytes iv = hx(SP_IV), pt = hx(SP_PT);
	uint8_t body[16 + 64 + 16], mac[CRY_PRF_MAX], out[96];
	struct fixed_rng rng = { iv.ptr, iv.len, 0, 0, 0 };
	size_t i, plen;

	for (i = 0; i < 2; i++) {
		struct ike_bytes key = hx(v[i].key), ct = hx(v[i].ct);
		struct ike_bytes parts[2] = { aad, { body, 80 } };
		struct cry_sk *sk;

		ck_assert_int_eq(cry_sk_new(IKE_ENCR_AES_CBC, v[i].bits, IKE_INTEG_HMAC_SHA2_256_128,
		    key, akey, &sk), IKE_OK);
		memcpy(body, iv.ptr, 16);
		memcpy(body + 16, ct.ptr, 64);
		ck_assert_int_eq(cry_prf(IKE_PRF_HMAC_SHA2_256, akey, parts, 2, mac), IKE_OK);
		memcpy(body + 80, mac, 16);
		ck_assert_int_eq(cry_sk_decrypt(sk, aad, (struct ike_bytes){ body, sizeof(body) },
		    out, sizeof(out), &plen), IKE_OK);
		ck_assert(memcmp(out, pt.ptr, 64) == 0);
		/* The text ends in 0x10: 16 octets of padding and Pad Length. */
		ck_assert_uint_eq(plen, 64 - 17);

		/* Encrypting those 47 octets needs no padding, only a Pad
		 * Length of 0: the first two blocks are the vector's. */
		rng.off = 0;
		ck_assert_uint_eq(cry_sk_enc_len(sk, 47), 16 + 48 + 16);
		ck_assert_int_eq(cry_sk_encrypt(sk, aad, (struct ike_bytes){ pt.ptr, 47 },
		    fixed_rng_fill, &rng, out, 16 + 48 + 16), IKE_OK);
		ck_assert(memcmp(out, iv.ptr, 16) == 0);
		ck_assert(memcmp(out + 16, ct.ptr, 32) == 0);
		ck_assert(memcmp(out + 48, ct.ptr + 32, 16) != 0);
		cry_sk_free(sk);
		hx_free(key);
		hx_free(ct);
	}
	hx_free(akey);
	hx_free(aad);
	hx_free(iv);
	hx_free(pt);
}
END_TEST

/* ---- every algorithm ---- */

struct suite_case {
	uint16_t	 encr, keybits, integ;
	size_t		 ekey, akey, iv, icv, block;
};

static const struct suite_case suites[] = {
	{ IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_NONE, 20, 0, 8, 16, 1 },
	{ IKE_ENCR_AES_GCM_16, 192, IKE_INTEG_NONE, 28, 0, 8, 16, 1 },
	{ IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE, 36, 0, 8, 16, 1 },
	{ IKE_ENCR_CHACHA20_POLY1305, 0, IKE_INTEG_NONE, 36, 0, 8, 16, 1 },
	{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA2_256_128, 16, 32, 16, 16, 16 },
	{ IKE_ENCR_AES_CBC, 192, IKE_INTEG_HMAC_SHA2_384_192, 24, 48, 16, 24, 16 },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_512_256, 32, 64, 16, 32, 16 },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128, 32, 32, 16, 16, 16 },
	{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96, 16, 20, 16, 12, 16 },
};

static uint8_t aad_bytes[32] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	0x2e, 0x20, 0x23, 0x08, 0, 0, 0, 1, 0, 0, 0, 0, 0x23, 0, 0, 0,
};

static struct cry_sk *
suite_sk(const struct suite_case *c, uint8_t *ekey, uint8_t *akey)
{
	struct cry_sk *sk;
	size_t i, len;

	for (i = 0; i < c->ekey; i++)
		ekey[i] = (uint8_t)(i * 7 + 1);
	for (i = 0; i < c->akey; i++)
		akey[i] = (uint8_t)(i * 13 + 5);
	ck_assert_int_eq(cry_encr_keylen(c->encr, c->keybits, &len), IKE_OK);
	ck_assert_uint_eq(len, c->ekey);
	ck_assert_int_eq(cry_integ_keylen(c->integ, &len), IKE_OK);
	ck_assert_uint_eq(len, c->akey);
	ck_assert_int_eq(cry_encr_is_aead(c->encr), c->integ == IKE_INTEG_NONE);
	ck_assert_int_eq(cry_sk_new(c->encr, c->keybits, c->integ,
	    (struct ike_bytes){ ekey, c->ekey }, (struct ike_bytes){ akey, c->akey }, &sk), IKE_OK);
	ck_assert_uint_eq(cry_sk_iv_len(sk), c->iv);
	ck_assert_uint_eq(cry_sk_icv_len(sk), c->icv);
	ck_assert_uint_eq(cry_sk_min_len(sk), c->iv + c->block + c->icv);
	return sk;
}

/*
 * The SK payload body built a second way, straight over GnuTLS: the
 * inner text (payloads, padding, Pad Length) given whole.  Lets tests
 * make bodies cry_sk_encrypt() would never make (long or bad padding).
 */
static size_t
craft(const struct suite_case *c, const uint8_t *ekey, const uint8_t *akey,
    struct ike_bytes aad, const uint8_t *iv, const uint8_t *text, size_t n,
    uint8_t *body)
{
	gnutls_cipher_algorithm_t alg;

	memcpy(body, iv, c->iv);
	if (c->integ == IKE_INTEG_NONE) {
		gnutls_aead_cipher_hd_t h;
		gnutls_datum_t k = { (unsigned char *)ekey, (unsigned)c->ekey - 4 };
		uint8_t nonce[12];
		size_t clen = n + 16;

		alg = c->encr == IKE_ENCR_CHACHA20_POLY1305 ? GNUTLS_CIPHER_CHACHA20_POLY1305 :
		    c->keybits == 128 ? GNUTLS_CIPHER_AES_128_GCM :
		    c->keybits == 192 ? GNUTLS_CIPHER_AES_192_GCM : GNUTLS_CIPHER_AES_256_GCM;
		memcpy(nonce, ekey + c->ekey - 4, 4);
		memcpy(nonce + 4, iv, 8);
		ck_assert_int_eq(gnutls_aead_cipher_init(&h, alg, &k), 0);
		ck_assert_int_eq(gnutls_aead_cipher_encrypt(h, nonce, 12, aad.ptr, aad.len, 16,
		    text, n, body + 8, &clen), 0);
		gnutls_aead_cipher_deinit(h);
		return 8 + clen;
	} else {
		gnutls_cipher_hd_t h;
		gnutls_datum_t k = { (unsigned char *)ekey, (unsigned)c->ekey };
		gnutls_datum_t v = { (unsigned char *)iv, 16 };
		uint8_t mac[CRY_PRF_MAX];
		struct ike_bytes parts[2] = { aad, { body, 16 + n } };
		uint16_t prf = c->integ == IKE_INTEG_HMAC_SHA1_96 ? IKE_PRF_HMAC_SHA1 :
		    c->integ == IKE_INTEG_HMAC_SHA2_256_128 ? IKE_PRF_HMAC_SHA2_256 :
		    c->integ == IKE_INTEG_HMAC_SHA2_384_192 ? IKE_PRF_HMAC_SHA2_384 :
		    IKE_PRF_HMAC_SHA2_512;

		alg = c->keybits == 128 ? GNUTLS_CIPHER_AES_128_CBC :
		    c->keybits == 192 ? GNUTLS_CIPHER_AES_192_CBC : GNUTLS_CIPHER_AES_256_CBC;
		ck_assert_int_eq(gnutls_cipher_init(&h, alg, &k, &v), 0);
		ck_assert_int_eq(gnutls_cipher_encrypt2(h, text, n, body + 16, n), 0);
		gnutls_cipher_deinit(h);
		ck_assert_int_eq(cry_prf(prf, (struct ike_bytes){ akey, c->akey }, parts, 2, mac), IKE_OK);
		memcpy(body + 16 + n, mac, c->icv);
		return 16 + n + c->icv;
	}
}

START_TEST(round_trip_all_lengths)
{
	const struct suite_case *c = &suites[_i];
	struct ike_bytes aad = { aad_bytes, sizeof(aad_bytes) };
	uint8_t ekey[64], akey[64], plain[80], body[256], again[256], text[96], out[256];
	struct fixed_rng rng = { NULL, 0, 0, 0x30, 0 };
	struct cry_sk *sk = suite_sk(c, ekey, akey);
	size_t len, n, plen, ct;

	for (len = 0; len < sizeof(plain); len++) {
		plain[len] = (uint8_t)(len * 3 + 1);
		n = cry_sk_enc_len(sk, len);
		ct = n - c->iv - c->icv;
		/* Minimum padding to the block: one Pad Length octet at
		 * least, fewer than a block more. */
		ck_assert_uint_eq(ct % c->block, 0);
		ck_assert_uint_ge(ct, len + 1);
		ck_assert_uint_lt(ct, len + 1 + c->block);
		ck_assert_int_eq(cry_sk_encrypt(sk, aad, (struct ike_bytes){ plain, len },
		    fixed_rng_fill, &rng, body, n), IKE_OK);
		ck_assert_uint_eq(rng.calls, len + 1);

		/* The same body made directly over GnuTLS. */
		memcpy(text, plain, len);
		memset(text + len, 0, ct - len);
		text[ct - 1] = (uint8_t)(ct - len - 1);
		ck_assert_uint_eq(craft(c, ekey, akey, aad, body, text, ct, again), n);
		ck_assert(memcmp(body, again, n) == 0);

		ck_assert_int_eq(cry_sk_decrypt(sk, aad, (struct ike_bytes){ body, n },
		    out, ct, &plen), IKE_OK);
		ck_assert_uint_eq(plen, len);
		ck_assert(memcmp(out, plain, len) == 0);
	}
	cry_sk_free(sk);
}
END_TEST

/* Any change to IV, ciphertext, ICV or AAD fails the integrity check. */
START_TEST(tampering_detected)
{
	const struct suite_case *c = &suites[_i];
	uint8_t ekey[64], akey[64], plain[40], body[128], aad[sizeof(aad_bytes)], out[128];
	struct fixed_rng rng = { NULL, 0, 0, 0x77, 0 };
	struct cry_sk *sk = suite_sk(c, ekey, akey);
	size_t n, i, plen;

	memset(plain, 0x5c, sizeof(plain));
	memcpy(aad, aad_bytes, sizeof(aad));
	n = cry_sk_enc_len(sk, sizeof(plain));
	ck_assert_int_eq(cry_sk_encrypt(sk, (struct ike_bytes){ aad, sizeof(aad) },
	    (struct ike_bytes){ plain, sizeof(plain) }, fixed_rng_fill, &rng, body, n), IKE_OK);
	for (i = 0; i < n; i++) {
		body[i] ^= 0x01;
		memset(out, 0xee, sizeof(out));
		ck_assert_msg(cry_sk_decrypt(sk, (struct ike_bytes){ aad, sizeof(aad) },
		    (struct ike_bytes){ body, n }, out, sizeof(out), &plen) == IKE_EINTEGRITY,
		    "byte %zu of %zu changed and accepted", i, n);
		/* Nothing of the text is handed out. */
		ck_assert(out[0] == 0xee || out[0] == 0);
		body[i] ^= 0x01;
	}
	for (i = 0; i < sizeof(aad); i++) {
		aad[i] ^= 0x80;
		ck_assert_int_eq(cry_sk_decrypt(sk, (struct ike_bytes){ aad, sizeof(aad) },
		    (struct ike_bytes){ body, n }, out, sizeof(out), &plen), IKE_EINTEGRITY);
		aad[i] ^= 0x80;
	}
	/* The ICV of another message under the same keys. */
	ck_assert_int_eq(cry_sk_decrypt(sk, (struct ike_bytes){ aad, sizeof(aad) - 4 },
	    (struct ike_bytes){ body, n }, out, sizeof(out), &plen), IKE_EINTEGRITY);
	ck_assert_int_eq(cry_sk_decrypt(sk, (struct ike_bytes){ aad, sizeof(aad) },
	    (struct ike_bytes){ body, n }, out, sizeof(out), &plen), IKE_OK);
	cry_sk_free(sk);
}
END_TEST

/* Bodies shorter than IV + one block + ICV, or not whole blocks, are
 * refused before any cryptography; so is an output buffer too small. */
START_TEST(truncated_input)
{
	const struct suite_case *c = &suites[_i];
	struct ike_bytes aad = { aad_bytes, sizeof(aad_bytes) };
	uint8_t ekey[64], akey[64], plain[33], body[128], out[128];
	struct fixed_rng rng = { NULL, 0, 0, 3, 0 };
	struct cry_sk *sk = suite_sk(c, ekey, akey);
	size_t n, len, plen;

	memset(plain, 0x11, sizeof(plain));
	n = cry_sk_enc_len(sk, sizeof(plain));
	ck_assert_int_eq(cry_sk_encrypt(sk, aad, (struct ike_bytes){ plain, sizeof(plain) },
	    fixed_rng_fill, &rng, body, n), IKE_OK);
	for (len = 0; len < n; len++) {
		int r = cry_sk_decrypt(sk, aad, (struct ike_bytes){ body, len }, out, sizeof(out), &plen);

		if (len < cry_sk_min_len(sk) ||
		    (len - c->iv - c->icv) % c->block != 0)
			ck_assert_int_eq(r, IKE_ESHORT);
		else
			ck_assert_int_eq(r, IKE_EINTEGRITY);
	}
	ck_assert_int_eq(cry_sk_decrypt(sk, aad, (struct ike_bytes){ body, n }, out,
	    n - c->iv - c->icv - 1, &plen), IKE_EINVAL);
	/* The output length must be exact; a failing random source fails. */
	ck_assert_int_eq(cry_sk_encrypt(sk, aad, (struct ike_bytes){ plain, sizeof(plain) },
	    fixed_rng_fill, &rng, body, n + 1), IKE_EINVAL);
	ck_assert_int_eq(cry_sk_encrypt(sk, aad, (struct ike_bytes){ plain, sizeof(plain) },
	    fixed_rng_fill, &rng, body, n - 1), IKE_EINVAL);
	ck_assert_int_eq(cry_sk_encrypt(sk, aad, (struct ike_bytes){ plain, sizeof(plain) },
	    failing_rng_fill, NULL, body, n), IKE_EINVAL);
	cry_sk_free(sk);
}
END_TEST

/* RFC 7296 3.14: any padding that fits is accepted whatever it holds;
 * a Pad Length beyond the decrypted text is refused. */
START_TEST(padding_rules)
{
	const struct suite_case *c = &suites[_i];
	struct ike_bytes aad = { aad_bytes, sizeof(aad_bytes) };
	uint8_t ekey[64], akey[64], iv[16], text[80], body[160], out[160];
	struct cry_sk *sk = suite_sk(c, ekey, akey);
	size_t n, plen, i;

	memset(iv, 0xa5, sizeof(iv));
	for (i = 0; i < sizeof(text); i++)
		text[i] = (uint8_t)(0xf0 ^ i);

	/* 10 octets of payload, 53 of padding of any value, Pad Length. */
	text[63] = 53;
	n = craft(c, ekey, akey, aad, iv, text, 64, body);
	ck_assert_int_eq(cry_sk_decrypt(sk, aad, (struct ike_bytes){ body, n }, out, sizeof(out), &plen), IKE_OK);
	ck_assert_uint_eq(plen, 10);
	ck_assert(memcmp(out, text, 10) == 0);

	/* No payload at all, all padding: fits, an empty chain. */
	text[63] = 63;
	n = craft(c, ekey, akey, aad, iv, text, 64, body);
	ck_assert_int_eq(cry_sk_decrypt(sk, aad, (struct ike_bytes){ body, n }, out, sizeof(out), &plen), IKE_OK);
	ck_assert_uint_eq(plen, 0);

	/* One more than fits, and the largest. */
	text[63] = 64;
	n = craft(c, ekey, akey, aad, iv, text, 64, body);
	ck_assert_int_eq(cry_sk_decrypt(sk, aad, (struct ike_bytes){ body, n }, out, sizeof(out), &plen), IKE_EMALFORMED);
	text[63] = 255;
	n = craft(c, ekey, akey, aad, iv, text, 64, body);
	ck_assert_int_eq(cry_sk_decrypt(sk, aad, (struct ike_bytes){ body, n }, out, sizeof(out), &plen), IKE_EMALFORMED);
	if (c->block == 1) {
		/* AEAD: a one-octet text holding Pad Length only, and one
		 * that claims a pad of 1. */
		text[0] = 0;
		n = craft(c, ekey, akey, aad, iv, text, 1, body);
		ck_assert_int_eq(cry_sk_decrypt(sk, aad, (struct ike_bytes){ body, n }, out, sizeof(out), &plen), IKE_OK);
		ck_assert_uint_eq(plen, 0);
		text[0] = 1;
		n = craft(c, ekey, akey, aad, iv, text, 1, body);
		ck_assert_int_eq(cry_sk_decrypt(sk, aad, (struct ike_bytes){ body, n }, out, sizeof(out), &plen), IKE_EMALFORMED);
	}
	cry_sk_free(sk);
}
END_TEST

START_TEST(keys_and_combinations)
{
	uint8_t k[64] = { 0 };
	struct ike_bytes none = { NULL, 0 };
	struct cry_sk *sk = NULL;
	size_t len = 0;

	/* Unsupported transforms and key lengths. */
	ck_assert_int_eq(cry_encr_keylen(IKE_ENCR_3DES, 0, &len), IKE_EUNSUPPORTED);
	ck_assert_int_eq(cry_encr_keylen(IKE_ENCR_AES_CBC, 0, &len), IKE_EUNSUPPORTED);
	ck_assert_int_eq(cry_encr_keylen(IKE_ENCR_AES_GCM_16, 512, &len), IKE_EUNSUPPORTED);
	ck_assert_int_eq(cry_encr_keylen(IKE_ENCR_AES_GCM_8, 128, &len), IKE_EUNSUPPORTED);
	ck_assert_int_eq(cry_encr_keylen(IKE_ENCR_CHACHA20_POLY1305, 256, &len), IKE_EUNSUPPORTED);
	ck_assert_int_eq(cry_integ_keylen(IKE_INTEG_HMAC_MD5_96, &len), IKE_EUNSUPPORTED);
	ck_assert_int_eq(cry_integ_keylen(IKE_INTEG_AES_XCBC_96, &len), IKE_EUNSUPPORTED);
	ck_assert_int_eq(cry_integ_keylen(IKE_INTEG_HMAC_SHA2_384_192, &len), IKE_OK);
	ck_assert_uint_eq(len, 48);
	ck_assert_int_eq(cry_integ_keylen(IKE_INTEG_NONE, &len), IKE_OK);
	ck_assert_uint_eq(len, 0);

	/* AEAD with an integrity algorithm, CBC without one. */
	ck_assert_int_eq(cry_sk_new(IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_HMAC_SHA2_256_128,
	    (struct ike_bytes){ k, 20 }, (struct ike_bytes){ k, 32 }, &sk), IKE_EINVAL);
	ck_assert_int_eq(cry_sk_new(IKE_ENCR_AES_CBC, 128, IKE_INTEG_NONE,
	    (struct ike_bytes){ k, 16 }, none, &sk), IKE_EINVAL);
	ck_assert_int_eq(cry_sk_new(IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_MD5_96,
	    (struct ike_bytes){ k, 16 }, (struct ike_bytes){ k, 16 }, &sk), IKE_EUNSUPPORTED);
	/* Wrong key lengths: the salt is part of the AEAD key. */
	ck_assert_int_eq(cry_sk_new(IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_NONE,
	    (struct ike_bytes){ k, 16 }, none, &sk), IKE_EINVAL);
	ck_assert_int_eq(cry_sk_new(IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128,
	    (struct ike_bytes){ k, 32 }, (struct ike_bytes){ k, 31 }, &sk), IKE_EINVAL);
	ck_assert_int_eq(cry_sk_new(IKE_ENCR_3DES, 0, IKE_INTEG_HMAC_SHA1_96,
	    (struct ike_bytes){ k, 24 }, (struct ike_bytes){ k, 20 }, &sk), IKE_EUNSUPPORTED);
	ck_assert_ptr_null(sk);
	cry_sk_free(NULL);
}
END_TEST

static Suite *
cry_sk_suite(void)
{
	Suite *s = suite_create("cry_sk");
	TCase *kat = tcase_create("kat");
	TCase *all = tcase_create("all");
	size_t n = sizeof(suites) / sizeof(suites[0]);

	tcase_add_test(kat, chacha_rfc7634_ikev2);
	tcase_add_loop_test(kat, aead_vectors, 0, sizeof(aead_kats) / sizeof(aead_kats[0]));
	tcase_add_test(kat, gcm_encrypt_vectors);
	tcase_add_test(kat, cbc_sp800_38a);
	tcase_add_test(kat, keys_and_combinations);
	suite_add_tcase(s, kat);
	tcase_add_loop_test(all, round_trip_all_lengths, 0, n);
	tcase_add_loop_test(all, tampering_detected, 0, n);
	tcase_add_loop_test(all, truncated_input, 0, n);
	tcase_add_loop_test(all, padding_rules, 0, n);
	suite_add_tcase(s, all);
	return s;
}

UNIT_MAIN(cry_sk_suite)
