/* SPDX-License-Identifier: ISC */
/*
 * test_conf_pool.c - the loader's road-warrior keys: the pools section,
 * a gateway connection with pools, ID patterns and unique IDs, a client
 * with vips and a hook; and the mistakes, each with its file:line:column.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "ike.h"
#include "iana.h"
#include "cfg.h"
#include "conf.h"

static const char gateway[] =
    "connections:\n"
    "  rw:\n"
    "    local: { addrs: [192.0.2.1], id: gw.example.com, auth: psk }\n"
    "    remote: { id: \"*@example.com\", auth: psk }\n"
    "    pools: [rw4, rw6]\n"
    "    unique: keep\n"
    "    children:\n"
    "      net: { local-ts: [10.1.0.0/16] }\n"
    "pools:\n"
    "  rw4:\n"
    "    addresses: [10.3.0.10-10.3.0.200, 10.4.0.0/24]\n"
    "    dns: [10.1.0.53]\n"
    "  rw6:\n"
    "    addresses: 2001:db8:3::/112\n"
    "    dns: [2001:db8:1::53]\n"
    "secrets:\n"
    "  - { ids: [gw.example.com, \"*@example.com\"], psk: secret }\n";

static const char client[] =
    "connections:\n"
    "  home:\n"
    "    local: { id: alice@example.com, auth: psk }\n"
    "    remote: { addrs: [192.0.2.1], id: gw.example.com, auth: psk }\n"
    "    vips: [0.0.0.0, \"::\"]\n"
    "    hook: /usr/local/sbin/vpn-hook\n"
    "    children:\n"
    "      net: { remote-ts: [10.1.0.0/16], start: start }\n";

static void
load_err(const char *text, const char *want)
{
	struct ike_config *cfg = NULL;
	char err[512];

	ck_assert_int_eq(conf_load_buffer("t.yaml", text, strlen(text), &cfg,
	    err, sizeof(err)), IKE_EINVAL);
	ck_assert_msg(strstr(err, want) != NULL, "got '%s', want '%s'", err, want);
}

START_TEST(gateway_and_client)
{
	struct ike_config *cfg = NULL;
	const struct ike_pool_cfg *p;
	const struct ike_conn_cfg *c;
	struct ike_id alice;
	char err[512], s[64];

	ck_assert_msg(conf_load_buffer("gw.yaml", gateway, strlen(gateway), &cfg,
	    err, sizeof(err)) == IKE_OK, "%s", err);
	c = ike_config_conn(cfg, "rw");
	ck_assert_uint_eq(c->n_pools, 2);
	ck_assert_str_eq(c->pools[1], "rw6");
	ck_assert_int_eq(c->unique, IKE_UNIQUE_KEEP);
	ck_assert(ike_id_is_pattern(&c->remote.id));
	memset(&alice, 0, sizeof(alice));
	ck_assert_int_eq(ike_id_parse("alice@example.com", &alice), IKE_OK);
	ck_assert(ike_id_match(&c->remote.id, &alice));
	ck_assert_ptr_nonnull(ike_config_psk(cfg, &c->local.id, &alice));
	ike_id_free(&alice);
	p = ike_config_pool(cfg, "rw4");
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->n_ranges, 2);
	ck_assert_uint_eq(p->ranges[1].start[3], 1);	/* 10.4.0.1 */
	ck_assert_uint_eq(p->ranges[1].end[3], 254);
	ck_assert_uint_eq(p->n_dns, 1);
	p = ike_config_pool(cfg, "rw6");
	ck_assert_uint_eq(p->ranges[0].family, IKE_AF_INET6);
	ike_addr_format(&p->dns[0], s, sizeof(s));
	ck_assert_str_eq(s, "2001:db8:1::53");
	ike_config_free(cfg);

	cfg = NULL;
	ck_assert_msg(conf_load_buffer("c.yaml", client, strlen(client), &cfg,
	    err, sizeof(err)) == IKE_OK, "%s", err);
	c = ike_config_conn(cfg, "home");
	ck_assert_uint_eq(c->n_vips, 2);
	ck_assert_uint_eq(c->vips[0].family, IKE_AF_INET);
	ck_assert_uint_eq(c->vips[1].family, IKE_AF_INET6);
	ck_assert_str_eq(c->hook, "/usr/local/sbin/vpn-hook");
	ck_assert_int_eq(c->unique, IKE_UNIQUE_REPLACE);
	ike_config_free(cfg);
}
END_TEST

/* base with the first "from" replaced by "to" (same length) fails. */
static void
edit_err(const char *base, const char *from, const char *to, const char *want)
{
	char buf[2048];

	snprintf(buf, sizeof(buf), "%s", base);
	ck_assert_uint_eq(strlen(from), strlen(to));
	memcpy(strstr(buf, from), to, strlen(to));
	load_err(buf, want);
}

START_TEST(mistakes)
{
	edit_err(gateway, "[rw4, rw6]", "[rw4, rw7]",
	    "t.yaml:5:18: no pool named 'rw7' in 'pools'");
	edit_err(gateway, "10.4.0.0/24", "10.4.0.0/33",
	    "t.yaml:11:39: bad prefix length");
	edit_err(gateway, "keep", "kept", "t.yaml:6:13: ");
	edit_err(client, "/usr/local", "usr/local/",
	    "t.yaml:6:11: 'hook' must be an absolute path");
	edit_err(client, "\"::\"", "\"1.\"",
	    "'1.' is not an IPv4 or IPv6 address");
	load_err("pools:\n  p:\n    dns: [10.0.0.1]\n",
	    "t.yaml:2:3: missing 'addresses' in pool 'p'");
	load_err("connections:\n  c:\n    local: { auth: psk }\n"
	    "    remote: { id: \"%any\", auth: psk }\n"
	    "    vips: [0.0.0.0, 10.0.0.1]\n"
	    "    children: { x: {} }\n",
	    "'vips' asks twice for the same address family");
}
END_TEST

static Suite *
conf_pool_suite(void)
{
	Suite *s = suite_create("conf_pool");
	TCase *tc = tcase_create("conf_pool");

	tcase_add_test(tc, gateway_and_client);
	tcase_add_test(tc, mistakes);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(conf_pool_suite)
