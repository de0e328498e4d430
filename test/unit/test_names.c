/* SPDX-License-Identifier: ISC */
/* test_names.c - IANA names generated from iana.h. */
#include "check_main.h"
#include "iana.h"
#include "names.h"

START_TEST(lookups)
{
	char buf[NAMES_BUFLEN];

	ck_assert_str_eq(names_get(NAMES_EXCHANGE, IKE_X_IKE_SA_INIT), "IKE_SA_INIT");
	ck_assert_str_eq(names_get(NAMES_PAYLOAD, IKE_PL_NONCE), "Ni/Nr");
	ck_assert_str_eq(names_get(NAMES_PAYLOAD, IKE_PL_SKF), "SKF");
	ck_assert_str_eq(names_get(NAMES_NOTIFY, IKE_N_NO_PROPOSAL_CHOSEN), "NO_PROPOSAL_CHOSEN");
	ck_assert_str_eq(names_get(NAMES_NOTIFY, IKE_N_USE_AGGFRAG), "USE_AGGFRAG");
	ck_assert_str_eq(names_get(NAMES_KE, IKE_KE_CURVE25519), "CURVE25519");
	ck_assert_str_eq(names_get(NAMES_INTEG, IKE_INTEG_NONE), "NONE");
	ck_assert_str_eq(names_get(NAMES_CA, IKE_CA_INTERNAL_DNSSEC_TA), "INTERNAL_DNSSEC_TA");
	ck_assert_str_eq(names_get(NAMES_XATTR, IKE_XATTR_KEY_LENGTH), "KEY_LENGTH");
	ck_assert_str_eq(names_get(NAMES_HASH, IKE_HASH_SHA2_256), "SHA2_256");
	ck_assert_ptr_null(names_get(NAMES_PAYLOAD, IKE_PL_CRITICAL));	/* no name */
	ck_assert_ptr_null(names_get(NAMES_NOTIFY, 41234));
	ck_assert_ptr_null(names_get(NAMES_N_MAPS, 1));
	ck_assert_str_eq(names_str(NAMES_NOTIFY, 41234, buf, sizeof(buf)), "UNKNOWN_41234");
	ck_assert_str_eq(names_str(NAMES_ID, IKE_ID_FQDN, buf, sizeof(buf)), "ID_FQDN");
	ck_assert_str_eq(names_xform_id(IKE_XF_ENCR, IKE_ENCR_AES_GCM_16, buf, sizeof(buf)), "AES_GCM_16");
	ck_assert_str_eq(names_xform_id(IKE_XF_PRF, IKE_PRF_HMAC_SHA2_256, buf, sizeof(buf)), "PRF_HMAC_SHA2_256");
	ck_assert_str_eq(names_xform_id(IKE_XF_ESN, 1, buf, sizeof(buf)), "ESN");
	ck_assert_str_eq(names_xform_id(9, 7, buf, sizeof(buf)), "UNKNOWN_7");
	ck_assert_int_eq(names_xform_map(IKE_XF_KE), NAMES_KE);
	ck_assert_int_eq(names_value(NAMES_NOTIFY, "COOKIE"), IKE_N_COOKIE);
	ck_assert_int_eq(names_value(NAMES_NOTIFY, "NOPE"), -1);
}
END_TEST

START_TEST(every_map_filled)
{
	int i;

	for (i = 0; i < NAMES_N_MAPS; i++) {
		size_t j;

		ck_assert_uint_gt(names_tables[i].n, 0);
		for (j = 0; j < names_tables[i].n; j++)
			ck_assert_ptr_eq(names_get(i, names_tables[i].e[j].v) != NULL ?
			    names_tables[i].e[j].name : NULL, names_tables[i].e[j].name);
	}
	/* Counts against iana.h: one entry per named constant. */
	ck_assert_uint_eq(names_tables[NAMES_EXCHANGE].n, 6);
	ck_assert_uint_eq(names_tables[NAMES_PAYLOAD].n, 23);
}
END_TEST

static Suite *
names_suite(void)
{
	Suite *s = suite_create("names");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, lookups);
	tcase_add_test(tc, every_map_filled);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(names_suite)
