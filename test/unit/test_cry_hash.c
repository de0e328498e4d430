/* SPDX-License-Identifier: ISC */
/*
 * test_cry_hash.c - the HMAC PRFs against RFC 2202 (SHA-1) and RFC 4231
 * (SHA-2), prf+ against RFC 5869's HKDF-Expand vectors (the same
 * construction: T(n) = HMAC(K, T(n-1) | S | n)), and the hashes against
 * FIPS 180's "abc" examples.
 */
#include "check_main.h"
#include "cry.h"
#include "cry_test.h"
#include "iana.h"

struct hmac_kat {
	uint16_t	 prf;
	const char	*key, *data, *mac;
	size_t		 trunc;		/* 0: whole output */
	const char	*what;
};

#define K0B20	"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"
#define HI	"4869205468657265"	/* "Hi There" */
#define JEFE	"4a656665"
#define WHAT	"7768617420646f2079612077616e7420666f72206e6f7468696e673f"
#define KAA20	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define DD50	"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
#define K0119	"0102030405060708090a0b0c0d0e0f10111213141516171819"
#define CD50	"cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd"
#define K0C20	"0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c"
#define TRUNC	"546573742057697468205472756e636174696f6e"	/* "Test With Truncation" */
#define KAA80	KAA20 KAA20 KAA20 KAA20
#define KAA131	KAA80 KAA20 KAA20 "aaaaaaaaaaaaaaaaaaaaaa"
/* "Test Using Larger Than Block-Size Key - Hash Key First" */
#define LARGER	"54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374"
/* "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data" */
#define LARGER2	"54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b657920616e64204c6172676572205468616e204f6e6520426c6f636b2d53697a652044617461"
/* "This is a test using a larger than block-size key and a larger than
 * block-size data. The key needs to be hashed before being used by the
 * HMAC algorithm." */
#define LARGER3	"5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e"

static const struct hmac_kat hmac_kats[] = {
	/* RFC 2202 section 3: HMAC-SHA-1 test cases 1-7. */
	{ IKE_PRF_HMAC_SHA1, K0B20, HI, "b617318655057264e28bc0b6fb378c8ef146be00", 0, "2202 tc1" },
	{ IKE_PRF_HMAC_SHA1, JEFE, WHAT, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", 0, "2202 tc2" },
	{ IKE_PRF_HMAC_SHA1, KAA20, DD50, "125d7342b9ac11cd91a39af48aa17b4f63f175d3", 0, "2202 tc3" },
	{ IKE_PRF_HMAC_SHA1, K0119, CD50, "4c9007f4026250c6bc8414f9bf50c86c2d7235da", 0, "2202 tc4" },
	{ IKE_PRF_HMAC_SHA1, K0C20, TRUNC, "4c1a03424b55e07fe7f27be1", 12, "2202 tc5" },
	{ IKE_PRF_HMAC_SHA1, KAA80, LARGER, "aa4ae5e15272d00e95705637ce8a3b55ed402112", 0, "2202 tc6" },
	{ IKE_PRF_HMAC_SHA1, KAA80, LARGER2, "e8e99d0f45237d786d6bbaa7965c7808bbff1a91", 0, "2202 tc7" },

	/* RFC 4231 section 4: test cases 1-7 for SHA-256, -384, -512. */
	{ IKE_PRF_HMAC_SHA2_256, K0B20, HI, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", 0, "4231 tc1" },
	{ IKE_PRF_HMAC_SHA2_384, K0B20, HI, "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6", 0, "4231 tc1" },
	{ IKE_PRF_HMAC_SHA2_512, K0B20, HI, "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854", 0, "4231 tc1" },
	{ IKE_PRF_HMAC_SHA2_256, JEFE, WHAT, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", 0, "4231 tc2" },
	{ IKE_PRF_HMAC_SHA2_384, JEFE, WHAT, "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649", 0, "4231 tc2" },
	{ IKE_PRF_HMAC_SHA2_512, JEFE, WHAT, "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737", 0, "4231 tc2" },
	{ IKE_PRF_HMAC_SHA2_256, KAA20, DD50, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe", 0, "4231 tc3" },
	{ IKE_PRF_HMAC_SHA2_384, KAA20, DD50, "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27", 0, "4231 tc3" },
	{ IKE_PRF_HMAC_SHA2_512, KAA20, DD50, "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb", 0, "4231 tc3" },
	{ IKE_PRF_HMAC_SHA2_256, K0119, CD50, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b", 0, "4231 tc4" },
	{ IKE_PRF_HMAC_SHA2_384, K0119, CD50, "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb", 0, "4231 tc4" },
	{ IKE_PRF_HMAC_SHA2_512, K0119, CD50, "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd", 0, "4231 tc4" },
	{ IKE_PRF_HMAC_SHA2_256, K0C20, TRUNC, "a3b6167473100ee06e0c796c2955552b", 16, "4231 tc5" },
	{ IKE_PRF_HMAC_SHA2_384, K0C20, TRUNC, "3abf34c3503b2a23a46efc619baef897", 16, "4231 tc5" },
	{ IKE_PRF_HMAC_SHA2_512, K0C20, TRUNC, "415fad6271580a531d4179bc891d87a6", 16, "4231 tc5" },
	{ IKE_PRF_HMAC_SHA2_256, KAA131, LARGER, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", 0, "4231 tc6" },
	{ IKE_PRF_HMAC_SHA2_384, KAA131, LARGER, "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952", 0, "4231 tc6" },
	{ IKE_PRF_HMAC_SHA2_512, KAA131, LARGER, "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598", 0, "4231 tc6" },
	{ IKE_PRF_HMAC_SHA2_256, KAA131, LARGER3, "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2", 0, "4231 tc7" },
	{ IKE_PRF_HMAC_SHA2_384, KAA131, LARGER3, "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e", 0, "4231 tc7" },
	{ IKE_PRF_HMAC_SHA2_512, KAA131, LARGER3, "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58", 0, "4231 tc7" },
};

START_TEST(hmac_rfc_vectors)
{
	const struct hmac_kat *t = &hmac_kats[_i];
	struct ike_bytes key = hx(t->key), data = hx(t->data);
	uint8_t out[CRY_PRF_MAX];
	size_t n = t->trunc ? t->trunc : cry_prf_len(t->prf);

	ck_assert_int_eq(cry_prf(t->prf, key, &data, 1, out), IKE_OK);
	ck_assert_msg(n <= cry_prf_len(t->prf), "%s", t->what);
	ck_assert_hex(out, n, t->mac);
	hx_free(key);
	hx_free(data);
}
END_TEST

/* The input may come in pieces (Ni | Nr | SPIi | SPIr): same result. */
START_TEST(prf_input_in_pieces)
{
	struct ike_bytes key = hx(JEFE), data = hx(WHAT);
	struct ike_bytes parts[4] = {
		{ data.ptr, 5 }, { data.ptr + 5, 0 }, { data.ptr + 5, 20 },
		{ data.ptr + 25, data.len - 25 },
	};
	uint8_t out[CRY_PRF_MAX];

	ck_assert_int_eq(cry_prf(IKE_PRF_HMAC_SHA2_256, key, parts, 4, out), IKE_OK);
	ck_assert_hex(out, 32, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	hx_free(key);
	hx_free(data);
}
END_TEST

START_TEST(prf_lengths_and_unsupported)
{
	uint8_t out[CRY_PRF_MAX];
	struct ike_bytes k = { (const uint8_t *)"k", 1 };
	struct ike_buf b = { 0 };

	ck_assert_uint_eq(cry_prf_len(IKE_PRF_HMAC_SHA1), 20);
	ck_assert_uint_eq(cry_prf_len(IKE_PRF_HMAC_SHA2_256), 32);
	ck_assert_uint_eq(cry_prf_len(IKE_PRF_HMAC_SHA2_384), 48);
	ck_assert_uint_eq(cry_prf_len(IKE_PRF_HMAC_SHA2_512), 64);
	ck_assert_uint_eq(cry_prf_keylen(IKE_PRF_HMAC_SHA2_384), 48);
	ck_assert_uint_eq(cry_prf_len(IKE_PRF_HMAC_MD5), 0);
	ck_assert_uint_eq(cry_prf_len(IKE_PRF_AES128_XCBC), 0);
	ck_assert_uint_eq(cry_prf_keylen(999), 0);
	ck_assert_int_eq(cry_prf(IKE_PRF_AES128_XCBC, k, &k, 1, out), IKE_EUNSUPPORTED);
	ck_assert_int_eq(cry_prf_plus(IKE_PRF_HMAC_MD5, k, &k, 1, 16, &b), IKE_EUNSUPPORTED);
	ck_assert_ptr_null(b.ptr);
}
END_TEST

struct prfplus_kat {
	uint16_t	 prf;
	const char	*key, *seed;
	size_t		 len;
	const char	*out;
};

/* RFC 5869 appendix A: PRK, info and OKM of cases A.1-A.4. */
static const struct prfplus_kat prfplus_kats[] = {
	{ IKE_PRF_HMAC_SHA2_256,
	  "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
	  "f0f1f2f3f4f5f6f7f8f9", 42,
	  "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865" },
	{ IKE_PRF_HMAC_SHA2_256,
	  "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
	  "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
	  "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
	  "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", 82,
	  "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
	  "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
	  "cc30c58179ec3e87c14c01d5c1f3434f1d87" },
	{ IKE_PRF_HMAC_SHA2_256,
	  "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
	  "", 42,
	  "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8" },
	{ IKE_PRF_HMAC_SHA1,
	  "9b6c18c432a7bf8f0e71c8eb88f4b30baa2ba243",
	  "f0f1f2f3f4f5f6f7f8f9", 42,
	  "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896" },
};

START_TEST(prf_plus_hkdf_vectors)
{
	const struct prfplus_kat *t = &prfplus_kats[_i];
	struct ike_bytes key = hx(t->key), seed = hx(t->seed);
	struct ike_buf out = { 0 };

	ck_assert_int_eq(cry_prf_plus(t->prf, key, &seed, 1, t->len, &out), IKE_OK);
	ck_assert_hex(out.ptr, out.len, t->out);
	/* A shorter request is a prefix of the longer one. */
	ck_assert_int_eq(cry_prf_plus(t->prf, key, &seed, 1, 7, &out), IKE_OK);
	ck_assert_uint_eq(out.len, 7);
	ike_buf_free(&out);
	hx_free(key);
	hx_free(seed);
}
END_TEST

/* RFC 7296 2.13: the one-octet counter limits prf+ to 255 blocks. */
START_TEST(prf_plus_limit)
{
	struct ike_bytes k = { (const uint8_t *)"key", 3 };
	struct ike_buf out = { 0 };

	ck_assert_int_eq(cry_prf_plus(IKE_PRF_HMAC_SHA1, k, &k, 1, 255 * 20, &out), IKE_OK);
	ck_assert_uint_eq(out.len, 255 * 20);
	ck_assert_int_eq(cry_prf_plus(IKE_PRF_HMAC_SHA1, k, &k, 1, 255 * 20 + 1, &out), IKE_EINVAL);
	/* out is untouched on failure. */
	ck_assert_uint_eq(out.len, 255 * 20);
	ike_buf_free(&out);
}
END_TEST

START_TEST(hash_fips180_abc)
{
	struct ike_bytes abc = { (const uint8_t *)"abc", 3 };
	struct ike_bytes split[2] = { { abc.ptr, 1 }, { abc.ptr + 1, 2 } };
	uint8_t out[CRY_HASH_MAX];

	ck_assert_int_eq(cry_hash(CRY_SHA1, &abc, 1, out), IKE_OK);
	ck_assert_hex(out, cry_hash_len(CRY_SHA1), "a9993e364706816aba3e25717850c26c9cd0d89d");
	ck_assert_int_eq(cry_hash(CRY_SHA1, split, 2, out), IKE_OK);
	ck_assert_hex(out, 20, "a9993e364706816aba3e25717850c26c9cd0d89d");
	ck_assert_int_eq(cry_hash(CRY_SHA256, &abc, 1, out), IKE_OK);
	ck_assert_hex(out, cry_hash_len(CRY_SHA256),
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert_int_eq(cry_hash(CRY_SHA384, &abc, 1, out), IKE_OK);
	ck_assert_hex(out, cry_hash_len(CRY_SHA384),
	    "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
	ck_assert_int_eq(cry_hash(CRY_SHA512, &abc, 1, out), IKE_OK);
	ck_assert_hex(out, cry_hash_len(CRY_SHA512),
	    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
	ck_assert_int_eq(cry_hash((enum cry_hash)99, &abc, 1, out), IKE_EUNSUPPORTED);
	ck_assert_uint_eq(cry_hash_len((enum cry_hash)99), 0);
}
END_TEST

static Suite *
cry_hash_suite(void)
{
	Suite *s = suite_create("cry_hash");
	TCase *tc = tcase_create("kat");

	tcase_add_loop_test(tc, hmac_rfc_vectors, 0,
	    sizeof(hmac_kats) / sizeof(hmac_kats[0]));
	tcase_add_test(tc, prf_input_in_pieces);
	tcase_add_test(tc, prf_lengths_and_unsupported);
	tcase_add_loop_test(tc, prf_plus_hkdf_vectors, 0,
	    sizeof(prfplus_kats) / sizeof(prfplus_kats[0]));
	tcase_add_test(tc, prf_plus_limit);
	tcase_add_test(tc, hash_fips180_abc);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(cry_hash_suite)
