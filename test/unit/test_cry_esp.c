/* SPDX-License-Identifier: ISC */
/* test_cry_esp.c - the ESP transform table: kernel names, ICV and
 * truncation lengths, key material lengths, refused combinations. */
#include "check_main.h"
#include "cry.h"
#include "iana.h"
#include "plugin.h"

struct esp_case {
	uint16_t	 encr, keybits, integ;
	const char	*aead, *encr_name, *integ_name;
	uint16_t	 icv_bits, trunc_bits;
	size_t		 enc_len, int_len;
};

static const struct esp_case esp_cases[] = {
	{ IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_NONE, "rfc4106(gcm(aes))", "", "", 128, 0, 20, 0 },
	{ IKE_ENCR_AES_GCM_16, 256, IKE_INTEG_NONE, "rfc4106(gcm(aes))", "", "", 128, 0, 36, 0 },
	{ IKE_ENCR_CHACHA20_POLY1305, 0, IKE_INTEG_NONE, "rfc7539esp(chacha20,poly1305)", "", "", 128, 0, 36, 0 },
	{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA2_256_128, "", "cbc(aes)", "hmac(sha256)", 0, 128, 16, 32 },
	{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_384_192, "", "cbc(aes)", "hmac(sha384)", 0, 192, 32, 48 },
	{ IKE_ENCR_AES_CBC, 192, IKE_INTEG_HMAC_SHA2_512_256, "", "cbc(aes)", "hmac(sha512)", 0, 256, 24, 64 },
	{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA1_96, "", "cbc(aes)", "hmac(sha1)", 0, 96, 16, 20 },
};

START_TEST(esp_table)
{
	const struct esp_case *c = &esp_cases[_i];
	struct kx_alg a;
	size_t el = 0, il = 99;

	memset(&a, 0x55, sizeof(a));
	ck_assert_int_eq(cry_esp_alg(c->encr, c->keybits, c->integ, &a, &el, &il), IKE_OK);
	ck_assert_str_eq(a.aead, c->aead);
	ck_assert_str_eq(a.encr, c->encr_name);
	ck_assert_str_eq(a.integ, c->integ_name);
	ck_assert_uint_eq(a.icv_bits, c->icv_bits);
	ck_assert_uint_eq(a.trunc_bits, c->trunc_bits);
	ck_assert_uint_eq(el, c->enc_len);
	ck_assert_uint_eq(il, c->int_len);
	ck_assert_ptr_null(a.enc_key.ptr);
	ck_assert_uint_eq(a.int_key.len, 0);
}
END_TEST

START_TEST(esp_refused)
{
	struct kx_alg a;
	size_t el, il;

	ck_assert_int_eq(cry_esp_alg(IKE_ENCR_AES_GCM_16, 128, IKE_INTEG_HMAC_SHA2_256_128, &a, &el, &il), IKE_EUNSUPPORTED);
	ck_assert_int_eq(cry_esp_alg(IKE_ENCR_AES_CBC, 128, IKE_INTEG_NONE, &a, &el, &il), IKE_EUNSUPPORTED);
	ck_assert_int_eq(cry_esp_alg(IKE_ENCR_AES_CBC, 0, IKE_INTEG_HMAC_SHA1_96, &a, &el, &il), IKE_EUNSUPPORTED);
	ck_assert_int_eq(cry_esp_alg(IKE_ENCR_3DES, 0, IKE_INTEG_HMAC_SHA1_96, &a, &el, &il), IKE_EUNSUPPORTED);
	ck_assert_int_eq(cry_esp_alg(IKE_ENCR_AES_CBC, 128, IKE_INTEG_AES_XCBC_96, &a, &el, &il), IKE_EUNSUPPORTED);
	ck_assert_int_eq(cry_esp_alg(IKE_ENCR_AES_GCM_8, 128, IKE_INTEG_NONE, &a, &el, &il), IKE_EUNSUPPORTED);
}
END_TEST

static Suite *
cry_esp_suite(void)
{
	Suite *s = suite_create("cry_esp");
	TCase *tc = tcase_create("esp");

	tcase_add_loop_test(tc, esp_table, 0, sizeof(esp_cases) / sizeof(esp_cases[0]));
	tcase_add_test(tc, esp_refused);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(cry_esp_suite)
