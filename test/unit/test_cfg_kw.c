/* SPDX-License-Identifier: ISC */
/*
 * test_cfg_kw.c - the keyword tables of the config enums: every value of
 * each enum has one keyword and back, no keyword or value twice in a
 * table, unknown keywords refused, and the lists messages print.
 */
#include <string.h>

#include "check_main.h"
#include "ike.h"
#include "iana.h"
#include "cfg.h"
#include "cfg_kw.h"
#include "plugin.h"

static const struct {
	const char			*what;
	const struct cfg_kw_table	*t;
	int				 lo, hi;	/* every value of the enum */
} tables[] = {
	{ "start", &cfg_kw_start, IKE_START_NONE, IKE_START_START },
	{ "dpd-action", &cfg_kw_dpd_action, IKE_ACTION_NONE, IKE_ACTION_START },
	{ "close-action", &cfg_kw_close_action, IKE_ACTION_NONE,
	  IKE_ACTION_START },
	{ "mode", &cfg_kw_mode, KX_MODE_TRANSPORT, KX_MODE_TUNNEL },
	{ "unique", &cfg_kw_unique, IKE_UNIQUE_REPLACE, IKE_UNIQUE_KEEP },
	{ "fragmentation", &cfg_kw_fragmentation, IKE_FRAG_YES, IKE_FRAG_NO },
	{ "log-level", &cfg_kw_log_level, IKE_LOG_ERROR, IKE_LOG_TRACE },
	{ "yes/no", &cfg_kw_yesno, 0, 1 },
	{ "auth", &cfg_kw_auth, 0, -1 },	/* two values, not a range */
};

START_TEST(test_round_trip)
{
	const struct cfg_kw_table *t = tables[_i].t;
	const char *name;
	size_t i, j;
	int v;

	ck_assert_uint_gt(t->n, 0);
	for (i = 0; i < t->n; i++) {
		ck_assert_int_eq(cfg_kw_value(t, t->kw[i].name, &v), IKE_OK);
		ck_assert_int_eq(v, t->kw[i].value);
		ck_assert_str_eq(cfg_kw_name(t, v), t->kw[i].name);
		for (j = i + 1; j < t->n; j++) {
			ck_assert_str_ne(t->kw[i].name, t->kw[j].name);
			ck_assert_int_ne(t->kw[i].value, t->kw[j].value);
		}
	}
	/* Each value of the enum has its keyword, and nothing else does. */
	for (v = tables[_i].lo; v <= tables[_i].hi; v++) {
		name = cfg_kw_name(t, v);
		ck_assert_msg(name != NULL, "%s: no keyword for %d",
		    tables[_i].what, v);
	}
	if (tables[_i].lo <= tables[_i].hi)
		ck_assert_uint_eq(t->n, (size_t)(tables[_i].hi - tables[_i].lo + 1));
	v = 12345;
	ck_assert_int_eq(cfg_kw_value(t, "bogus", &v), IKE_ENOENT);
	ck_assert_int_eq(v, 12345);
	ck_assert_ptr_null(cfg_kw_name(t, 12345));
}
END_TEST

START_TEST(test_words)
{
	char buf[64];
	int v;

	/* The words saker.yaml(5) documents, swanctl.conf's where it has them. */
	ck_assert_str_eq(cfg_kw_name(&cfg_kw_dpd_action, IKE_ACTION_NONE), "clear");
	ck_assert_str_eq(cfg_kw_name(&cfg_kw_close_action, IKE_ACTION_NONE), "none");
	ck_assert_str_eq(cfg_kw_name(&cfg_kw_dpd_action, IKE_ACTION_START),
	    "restart");
	ck_assert_str_eq(cfg_kw_name(&cfg_kw_auth, IKE_AUTH_PSK), "psk");
	ck_assert_str_eq(cfg_kw_name(&cfg_kw_auth, IKE_CFG_AUTH_PUBKEY), "pubkey");
	ck_assert_int_eq(cfg_kw_value(&cfg_kw_mode, "tunnel", &v), IKE_OK);
	ck_assert_int_eq(v, KX_MODE_TUNNEL);
	/* Case matters. */
	ck_assert_int_eq(cfg_kw_value(&cfg_kw_start, "Trap", &v), IKE_ENOENT);
	ck_assert_str_eq(cfg_kw_list(&cfg_kw_start, buf, sizeof(buf)),
	    "none, trap, start");
	ck_assert_str_eq(cfg_kw_list(&cfg_kw_log_level, buf, sizeof(buf)),
	    "error, warn, info, debug, trace");
	/* Cut, but terminated. */
	ck_assert_str_eq(cfg_kw_list(&cfg_kw_unique, buf, 12), "replace, no");
}
END_TEST

static Suite *
cfg_kw_suite(void)
{
	Suite *s = suite_create("cfg_kw");
	TCase *tc = tcase_create("cfg_kw");

	tcase_add_loop_test(tc, test_round_trip, 0,
	    (int)(sizeof(tables) / sizeof(tables[0])));
	tcase_add_test(tc, test_words);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(cfg_kw_suite)
