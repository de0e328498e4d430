/* SPDX-License-Identifier: ISC */
/* test_prop.c - proposal selection (RFC 7296 2.7, 3.3), the initiator's
 * check of the answer, and the "no proposal chosen" explanation. */
#include <string.h>

#include "check_main.h"
#include "cfg.h"
#include "iana.h"
#include "prop.h"

static struct ike_proposal
P(const char *text, uint8_t proto)
{
	struct ike_proposal p;
	char err[128];

	ck_assert_msg(ike_proposal_parse(text, proto, &p, err, sizeof(err)) == IKE_OK,
	    "%s: %s", text, err);
	return p;
}

#define IKE(t)	P(t, IKE_PROTO_IKE)
#define ESP(t)	P(t, IKE_PROTO_ESP)

START_TEST(first_acceptable_of_the_peer)
{
	struct ike_proposal peer[2] = { IKE("aes128-sha256-modp2048"),
	    IKE("aes256gcm16-prfsha256-x25519") };
	struct ike_proposal ours[2] = { IKE("aes256gcm16-prfsha256-x25519"),
	    IKE("aes128-sha256-modp2048") };
	struct prop_sel sel;
	size_t idx = 9;
	char buf[128];

	/* The peer's order wins: its first proposal is acceptable. */
	ck_assert_int_eq(prop_select(peer, 2, ours, 2, 0, &sel, &idx, NULL, 0),
	    IKE_OK);
	ck_assert_uint_eq(idx, 0);
	ck_assert_uint_eq(sel.encr.id, IKE_ENCR_AES_CBC);
	ck_assert_uint_eq(sel.encr.keylen, 128);
	ck_assert_uint_eq(sel.integ.id, IKE_INTEG_HMAC_SHA2_256_128);
	ck_assert_uint_eq(sel.prf.id, IKE_PRF_HMAC_SHA2_256);
	ck_assert_uint_eq(sel.ke.id, IKE_KE_MODP2048);
	prop_sel_format(&sel, buf, sizeof(buf));
	ck_assert_str_eq(buf, "AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048");

	/* Only the second is acceptable. */
	ck_assert_int_eq(prop_select(peer, 2, &ours[0], 1, 0, &sel, &idx, NULL, 0),
	    IKE_OK);
	ck_assert_uint_eq(idx, 1);
	ck_assert_uint_eq(sel.encr.id, IKE_ENCR_AES_GCM_16);
	ck_assert_uint_eq(sel.integ.id, IKE_INTEG_NONE);
	prop_sel_format(&sel, buf, sizeof(buf));
	ck_assert_str_eq(buf, "AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE25519");
}
END_TEST

START_TEST(reason_names_both_lists_and_the_type)
{
	struct ike_proposal peer = IKE("aes128-sha256-modp2048");
	struct ike_proposal ours = IKE("aes256gcm16-prfsha256-x25519");
	struct prop_sel sel;
	char why[PROP_WHY_MAX];

	ck_assert_int_eq(prop_select(&peer, 1, &ours, 1, 0, &sel, NULL, why,
	    sizeof(why)), IKE_ENOPROPOSAL);
	ck_assert_str_eq(why, "peer offered AES_CBC_128/HMAC_SHA2_256_128/"
	    "PRF_HMAC_SHA2_256/MODP_2048, we accept AES_GCM_16_256/"
	    "PRF_HMAC_SHA2_256/CURVE25519: no match in ENCR");

	/* Same cipher, other group: the first type that parted is KE. */
	peer = IKE("aes256gcm16-prfsha256-modp2048");
	ck_assert_int_eq(prop_select(&peer, 1, &ours, 1, 0, &sel, NULL, why,
	    sizeof(why)), IKE_ENOPROPOSAL);
	ck_assert_ptr_nonnull(strstr(why, ": no match in KE"));

	/* The closest pair decides: here the second of ours. */
	{
		struct ike_proposal two[2] = { IKE("aes128-sha1-modp2048"),
		    IKE("aes256gcm16-prfsha384-x25519") };

		ck_assert_int_eq(prop_select(&peer, 1, two, 2, 0, &sel, NULL,
		    why, sizeof(why)), IKE_ENOPROPOSAL);
		ck_assert_ptr_nonnull(strstr(why, ", we accept AES_CBC_128/"
		    "HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048, AES_GCM_16_256/"));
		ck_assert_ptr_nonnull(strstr(why, ": no match in PRF"));
	}
}
END_TEST

START_TEST(ke_hint_prefers_the_sent_group)
{
	struct ike_proposal peer = IKE("aes256-sha256-x25519-modp2048");
	struct ike_proposal ours = IKE("aes256-sha256-modp2048-x25519");
	struct prop_sel sel;

	ck_assert_int_eq(prop_select(&peer, 1, &ours, 1, 0, &sel, NULL, NULL, 0),
	    IKE_OK);
	ck_assert_uint_eq(sel.ke.id, IKE_KE_CURVE25519);
	ck_assert_int_eq(prop_select(&peer, 1, &ours, 1, IKE_KE_MODP2048, &sel,
	    NULL, NULL, 0), IKE_OK);
	ck_assert_uint_eq(sel.ke.id, IKE_KE_MODP2048);
	/* A hint the config does not have changes nothing. */
	ck_assert_int_eq(prop_select(&peer, 1, &ours, 1, IKE_KE_ECP256, &sel,
	    NULL, NULL, 0), IKE_OK);
	ck_assert_uint_eq(sel.ke.id, IKE_KE_CURVE25519);
}
END_TEST

START_TEST(esp_defaults_and_esn)
{
	struct ike_proposal peer = ESP("aes256gcm16");
	struct ike_proposal ours[2] = { ESP("aes256gcm16-esn"), ESP("aes128-sha256") };
	struct ike_proposal back;
	struct prop_sel sel;
	char why[PROP_WHY_MAX];
	size_t i;
	int esn = 0;

	ck_assert_int_eq(prop_select(&peer, 1, ours, 1, 0, &sel, NULL, why,
	    sizeof(why)), IKE_ENOPROPOSAL);
	ck_assert_ptr_nonnull(strstr(why, "no match in ESN"));
	ours[0] = ESP("aes256gcm16");
	ck_assert_int_eq(prop_select(&peer, 1, ours, 2, 0, &sel, NULL, NULL, 0),
	    IKE_OK);
	ck_assert_uint_eq(sel.proto, IKE_PROTO_ESP);
	ck_assert_uint_eq(sel.prf.type, 0);
	ck_assert_uint_eq(sel.ke.id, 0);
	/* The answer carries its ESN transform (RFC 7296 3.3.3). */
	prop_sel_to_proposal(&sel, &back);
	for (i = 0; i < back.n_xf; i++)
		esn += back.xf[i].type == IKE_XF_ESN;
	ck_assert_int_eq(esn, 1);
	/* IKE proposals do not match ESP ones. */
	peer = IKE("aes256gcm16-prfsha256-x25519");
	ck_assert_int_eq(prop_select(&peer, 1, ours, 2, 0, &sel, NULL, why,
	    sizeof(why)), IKE_ENOPROPOSAL);
}
END_TEST

START_TEST(unknown_transform_type_refused)
{
	struct ike_proposal peer[2] = { IKE("aes256gcm16-prfsha256-x25519"),
	    IKE("aes128-sha256-modp2048") };
	struct ike_proposal ours = IKE("aes256gcm16-prfsha256-x25519");
	struct prop_sel sel;
	size_t idx;

	/* RFC 7296 3.3.6: a transform type we do not know spoils it. */
	peer[0].xf[peer[0].n_xf].type = 6;
	peer[0].xf[peer[0].n_xf].id = 1;
	peer[0].n_xf++;
	ck_assert_int_eq(prop_select(peer, 2, &ours, 1, 0, &sel, &idx, NULL, 0),
	    IKE_ENOPROPOSAL);
	peer[1] = IKE("aes256gcm16-prfsha256-x25519");
	ck_assert_int_eq(prop_select(peer, 2, &ours, 1, 0, &sel, &idx, NULL, 0),
	    IKE_OK);
	ck_assert_uint_eq(idx, 1);
}
END_TEST

START_TEST(initiator_checks_the_answer)
{
	struct ike_proposal ours[2] = { IKE("aes256gcm16-prfsha256-x25519"),
	    IKE("aes128-sha256-modp2048") };
	struct ike_proposal resp = IKE("aes128-sha256-modp2048");
	struct ike_proposal two = IKE("aes128-aes256-sha256-modp2048");
	struct prop_sel sel;
	char why[PROP_WHY_MAX];

	ck_assert_int_eq(prop_accept(&resp, ours, 2, &sel, why, sizeof(why)), IKE_OK);
	ck_assert_uint_eq(sel.ke.id, IKE_KE_MODP2048);
	/* Two ciphers in an answer are not an answer. */
	ck_assert_int_eq(prop_accept(&two, ours, 2, &sel, why, sizeof(why)),
	    IKE_ENOPROPOSAL);
	ck_assert_ptr_nonnull(strstr(why, "several transforms"));
	/* Something we never offered. */
	resp = IKE("aes192-sha384-ecp384");
	ck_assert_int_eq(prop_accept(&resp, ours, 2, &sel, why, sizeof(why)),
	    IKE_ENOPROPOSAL);
	ck_assert_uint_eq(prop_first_ke(ours, 2), IKE_KE_CURVE25519);
	ck_assert(prop_has_xf(ours, 2, IKE_XF_KE, IKE_KE_MODP2048));
	ck_assert(!prop_has_xf(ours, 2, IKE_XF_KE, IKE_KE_ECP384));
}
END_TEST

START_TEST(format_lists)
{
	struct ike_proposal p[2] = { ESP("aes256gcm16"), ESP("aes128-sha256-esn") };
	char buf[128];

	prop_format(p, 2, buf, sizeof(buf));
	ck_assert_str_eq(buf, "AES_GCM_16_256/NO_ESN, AES_CBC_128/HMAC_SHA2_256_128/ESN");
	prop_format(p, 2, buf, 12);
	ck_assert_uint_eq(strlen(buf), 11);
	prop_format(p, 0, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
}
END_TEST

static Suite *
prop_suite(void)
{
	Suite *s = suite_create("prop");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, first_acceptable_of_the_peer);
	tcase_add_test(tc, reason_names_both_lists_and_the_type);
	tcase_add_test(tc, ke_hint_prefers_the_sent_group);
	tcase_add_test(tc, esp_defaults_and_esn);
	tcase_add_test(tc, unknown_transform_type_refused);
	tcase_add_test(tc, initiator_checks_the_answer);
	tcase_add_test(tc, format_lists);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(prop_suite)
