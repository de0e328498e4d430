/* SPDX-License-Identifier: ISC */
/*
 * test_conf_yaml.c - the YAML loader: a config using every key, checked
 * field by field; the defaults; every example under conf/; loading from
 * files; and bad configs, each checked for its exact file:line:column and
 * the reason.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_main.h"
#include "ike.h"
#include "iana.h"
#include "cfg.h"
#include "plugin.h"
#include "conf.h"

#ifndef CONF_DIR
#define CONF_DIR "conf"
#endif

static struct ike_config *
load_ok(const char *text)
{
	struct ike_config *cfg = NULL;
	char err[512];

	ck_assert_msg(conf_load_buffer("t.yaml", text, strlen(text), &cfg, err,
	    sizeof(err)) == IKE_OK, "%s", err);
	ck_assert_ptr_nonnull(cfg);
	return cfg;
}

static void
check_id(const struct ike_id *id, const char *text)
{
	char buf[256];

	ck_assert_int_eq(ike_id_format(id, buf, sizeof(buf)), IKE_OK);
	ck_assert_str_eq(buf, text);
}

static void
check_ts(const struct ike_ts *ts, const char *text)
{
	char buf[128];

	ck_assert_int_eq(ike_ts_format(ts, buf, sizeof(buf)), IKE_OK);
	ck_assert_str_eq(buf, text);
}

static void
check_addr(const struct ike_addr *a, const char *text)
{
	char buf[64];

	ck_assert_int_eq(ike_addr_format(a, buf, sizeof(buf)), IKE_OK);
	ck_assert_str_eq(buf, text);
}

static const char full_yaml[] =
"# every key\n"
"sakerd:\n"
"  port: 1500\n"
"  natt-port: 14500\n"
"  socket-group: saker\n"
"  log-level: debug\n"
"connections:\n"
"  full:\n"
"    local: {addrs: [192.0.2.1, \"2001:db8::1\"], id: \"@hq\", auth: psk, port: 1500}\n"
"    remote: {addrs: 198.51.100.1, id: \"C=CH, O=org, CN=peer\", auth: psk, port: 1501}\n"
"    proposals: [aes128gcm16-prfsha384-ecp384, aes256-sha512-modp4096]\n"
"    rekey-time: 2h\n"
"    life-time: 3h\n"
"    retransmit-timeout: 500ms\n"
"    retransmit-tries: 3\n"
"    children:\n"
"      web:\n"
"        local-ts: [10.1.0.0/16, \"2001:db8:1::/48\"]\n"
"        remote-ts: [\"10.2.0.0/16[tcp/443]\", 10.3.0.1-10.3.0.9]\n"
"        esp-proposals: aes256gcm16-esn\n"
"        mode: transport\n"
"        start: trap\n"
"        rekey-time: 30m\n"
"        replay-window: 128\n"
"      dflt: {}\n"
"  second:\n"
"    local: {auth: psk}\n"
"    remote: {id: \"%any\", auth: psk}\n"
"    life-time: 1d\n"
"    children:\n"
"      c: {life-time: 90s, rekey-time: 0}\n"
"      d: {rekey-time: 600}\n"
"secrets:\n"
"  - ids: [hq, peer@example.net]\n"
"    psk: 0x00ff10\n"
"  - ids: \"%any\"\n"
"    psk: \"text secret\"\n"
"  - psk: 0sAAEC\n";

START_TEST(full_config)
{
	struct ike_config *cfg = load_ok(full_yaml);
	const struct ike_conn_cfg *c;
	const struct ike_child_cfg *ch;
	const struct ike_secret *s;

	ck_assert_uint_eq(cfg->port, 1500);
	ck_assert_uint_eq(cfg->natt_port, 14500);
	ck_assert_str_eq(cfg->socket_group, "saker");
	ck_assert_int_eq(cfg->log_level, IKE_LOG_DEBUG);

	c = cfg->conns;
	ck_assert_str_eq(c->name, "full");
	ck_assert_str_eq(c->origin, "t.yaml:8");
	ck_assert_ptr_eq(ike_config_conn(cfg, "full"), c);
	ck_assert_uint_eq(c->local.n_addrs, 2);
	check_addr(&c->local.addrs[0], "192.0.2.1");
	check_addr(&c->local.addrs[1], "2001:db8::1");
	check_id(&c->local.id, "hq");
	ck_assert_uint_eq(c->local.id.type, IKE_ID_FQDN);
	ck_assert_uint_eq(c->local.auth, IKE_AUTH_PSK);
	ck_assert_uint_eq(c->local_port, 1500);
	ck_assert_uint_eq(c->remote.n_addrs, 1);
	check_addr(&c->remote.addrs[0], "198.51.100.1");
	ck_assert_uint_eq(c->remote.id.type, IKE_ID_DER_ASN1_DN);
	check_id(&c->remote.id, "C=CH, O=org, CN=peer");
	ck_assert_uint_eq(c->remote.auth, IKE_AUTH_PSK);
	ck_assert_uint_eq(c->remote_port, 1501);
	ck_assert_uint_eq(c->n_ike, 2);
	ck_assert_str_eq(c->ike[0].text, "aes128gcm16-prfsha384-ecp384");
	ck_assert_uint_eq(c->ike[0].proto, IKE_PROTO_IKE);
	ck_assert_uint_eq(c->ike[0].n_xf, 3);
	ck_assert_uint_eq(c->ike[0].xf[0].id, IKE_ENCR_AES_GCM_16);
	ck_assert_uint_eq(c->ike[0].xf[0].keylen, 128);
	ck_assert_uint_eq(c->ike[0].xf[1].id, IKE_PRF_HMAC_SHA2_384);
	ck_assert_uint_eq(c->ike[0].xf[2].id, IKE_KE_ECP384);
	ck_assert_str_eq(c->ike[1].text, "aes256-sha512-modp4096");
	ck_assert_uint_eq(c->ike[1].n_xf, 4);
	ck_assert_uint_eq(c->rekey_time, 7200);
	ck_assert_uint_eq(c->life_time, 10800);
	ck_assert_uint_eq(c->retransmit_timeout_ms, 500);
	ck_assert_uint_eq(c->retransmit_tries, 3);

	ch = c->children;
	ck_assert_str_eq(ch->name, "web");
	ck_assert_uint_eq(ch->n_local_ts, 2);
	check_ts(&ch->local_ts[0], "10.1.0.0/16");
	check_ts(&ch->local_ts[1], "2001:db8:1::/48");
	ck_assert_uint_eq(ch->n_remote_ts, 2);
	check_ts(&ch->remote_ts[0], "10.2.0.0/16[tcp/443]");
	check_ts(&ch->remote_ts[1], "10.3.0.1-10.3.0.9");
	ck_assert_uint_eq(ch->n_esp, 1);
	ck_assert_str_eq(ch->esp[0].text, "aes256gcm16-esn");
	ck_assert_uint_eq(ch->esp[0].proto, IKE_PROTO_ESP);
	ck_assert_uint_eq(ch->esp[0].n_xf, 2);
	ck_assert_uint_eq(ch->esp[0].xf[1].type, IKE_XF_ESN);
	ck_assert_uint_eq(ch->esp[0].xf[1].id, IKE_ESN_YES);
	ck_assert_int_eq(ch->mode, KX_MODE_TRANSPORT);
	ck_assert_int_eq(ch->start, IKE_START_TRAP);
	ck_assert_uint_eq(ch->rekey_time, 1800);
	ck_assert_uint_eq(ch->life_time, 1980);
	ck_assert_uint_eq(ch->replay_window, 128);

	ch = ch->next;
	ck_assert_str_eq(ch->name, "dflt");
	ck_assert_uint_eq(ch->n_local_ts, 1);
	ck_assert_uint_eq(ch->local_ts[0].family, IKE_TS_DYNAMIC);
	check_ts(&ch->local_ts[0], "dynamic");
	ck_assert_uint_eq(ch->n_remote_ts, 1);
	ck_assert_uint_eq(ch->remote_ts[0].family, IKE_TS_DYNAMIC);
	ck_assert_int_eq(ch->mode, KX_MODE_TUNNEL);
	ck_assert_int_eq(ch->start, IKE_START_NONE);
	ck_assert_ptr_null(ch->next);

	c = c->next;
	ck_assert_str_eq(c->name, "second");
	ck_assert_str_eq(c->origin, "t.yaml:26");
	ck_assert_uint_eq(c->local.n_addrs, 0);
	ck_assert_uint_eq(c->local.id.type, 0);
	ck_assert_uint_eq(c->remote.n_addrs, 0);
	ck_assert_uint_eq(c->remote.id.type, 0);
	check_id(&c->remote.id, "%any");
	ck_assert_uint_eq(c->local_port, 0);
	ck_assert_uint_eq(c->remote_port, 0);
	/* life-time alone: rekey at 90% of it */
	ck_assert_uint_eq(c->life_time, 86400);
	ck_assert_uint_eq(c->rekey_time, 77760);
	ch = c->children;
	/* rekeying off, hard limit kept */
	ck_assert_uint_eq(ch->rekey_time, 0);
	ck_assert_uint_eq(ch->life_time, 90);
	ch = ch->next;
	ck_assert_uint_eq(ch->rekey_time, 600);
	ck_assert_uint_eq(ch->life_time, 660);
	ck_assert_ptr_null(c->next);

	s = cfg->secrets;
	ck_assert_uint_eq(s->n_ids, 2);
	check_id(&s->ids[0], "hq");
	ck_assert_uint_eq(s->ids[1].type, IKE_ID_RFC822_ADDR);
	ck_assert_uint_eq(s->psk.len, 3);
	ck_assert_mem_eq(s->psk.ptr, "\x00\xff\x10", 3);
	s = s->next;
	ck_assert_uint_eq(s->n_ids, 1);
	ck_assert_uint_eq(s->ids[0].type, 0);
	ck_assert_uint_eq(s->psk.len, 11);
	ck_assert_mem_eq(s->psk.ptr, "text secret", 11);
	s = s->next;
	ck_assert_uint_eq(s->n_ids, 0);
	ck_assert_uint_eq(s->psk.len, 3);
	ck_assert_mem_eq(s->psk.ptr, "\x00\x01\x02", 3);
	ck_assert_ptr_null(s->next);
	ike_config_free(cfg);
}
END_TEST

START_TEST(defaults)
{
	struct ike_config *cfg = load_ok(
	    "connections:\n"
	    "  c:\n"
	    "    local: {auth: psk}\n"
	    "    remote: {addrs: [192.0.2.2], id: peer, auth: psk}\n"
	    "    children: {x: {start: start}}\n");
	const struct ike_conn_cfg *c = cfg->conns;
	const struct ike_child_cfg *ch = c->children;

	ck_assert_uint_eq(cfg->port, 500);
	ck_assert_uint_eq(cfg->natt_port, 4500);
	ck_assert_str_eq(cfg->socket_group, "");
	ck_assert_int_eq(cfg->log_level, IKE_LOG_INFO);
	ck_assert_ptr_null(cfg->secrets);
	ck_assert_uint_eq(c->n_ike, 2);
	ck_assert_str_eq(c->ike[0].text, "aes256gcm16-aes128gcm16-chacha20poly1305-"
	    "prfsha256-prfsha384-prfsha512-x25519-ecp256-ecp384-modp3072-modp2048");
	ck_assert_str_eq(c->ike[1].text, "aes256-aes128-sha256-sha384-sha512-"
	    "x25519-ecp256-ecp384-modp3072-modp2048");
	ck_assert_uint_eq(c->rekey_time, 14400);
	ck_assert_uint_eq(c->life_time, 15840);
	ck_assert_uint_eq(c->retransmit_timeout_ms, 2000);
	ck_assert_uint_eq(c->retransmit_tries, 5);
	ck_assert_uint_eq(ch->n_esp, 2);
	ck_assert_str_eq(ch->esp[0].text, "aes256gcm16-aes128gcm16-chacha20poly1305");
	ck_assert_str_eq(ch->esp[1].text, "aes256-aes128-sha256-sha384-sha512");
	ck_assert_uint_eq(ch->rekey_time, 3600);
	ck_assert_uint_eq(ch->life_time, 3960);
	ck_assert_uint_eq(ch->replay_window, 32);
	ck_assert_int_eq(ch->mode, KX_MODE_TUNNEL);
	ck_assert_int_eq(ch->start, IKE_START_START);
	ike_config_free(cfg);

	/* nothing at all is an empty config */
	cfg = load_ok("");
	ck_assert_ptr_null(cfg->conns);
	ck_assert_uint_eq(cfg->port, 500);
	ike_config_free(cfg);
	cfg = load_ok("# only a comment\n---\n");
	ck_assert_ptr_null(cfg->conns);
	ike_config_free(cfg);
}
END_TEST

/* Liveness and retransmission: daemon-wide defaults that connections
 * inherit unless they set their own; DPD and the actions. */
START_TEST(liveness_keys)
{
	struct ike_config *cfg = load_ok(
	    "connections:\n"
	    "  a:\n"
	    "    local: {auth: psk}\n"
	    "    remote: {addrs: [192.0.2.2], id: peer, auth: psk}\n"
	    "    dpd-delay: 10s\n"
	    "    dpd-timeout: 1500ms\n"
	    "    retransmit-tries: 2\n"
	    "    children:\n"
	    "      x: {dpd-action: restart, close-action: trap}\n"
	    "      y: {dpd-action: trap, close-action: start}\n"
	    "      z: {}\n"
	    "  b:\n"
	    "    local: {auth: psk}\n"
	    "    remote: {addrs: [192.0.2.3], id: peer, auth: psk}\n"
	    "    retransmit-base: 1.5\n"
	    "    children: {x: {}}\n"
	    "sakerd:\n"
	    "  retransmit-timeout: 500ms\n"
	    "  retransmit-tries: 3\n"
	    "  retransmit-base: 1.8\n");
	const struct ike_conn_cfg *a = ike_config_conn(cfg, "a");
	const struct ike_conn_cfg *b = ike_config_conn(cfg, "b");
	const struct ike_child_cfg *ch = a->children;

	ck_assert_uint_eq(cfg->retransmit_timeout_ms, 500);
	ck_assert_uint_eq(cfg->retransmit_tries, 3);
	ck_assert(cfg->retransmit_base > 1.79 && cfg->retransmit_base < 1.81);
	ck_assert_uint_eq(a->dpd_delay_ms, 10000);
	ck_assert_uint_eq(a->dpd_timeout_ms, 1500);
	ck_assert_uint_eq(a->retransmit_timeout_ms, 500);
	ck_assert_uint_eq(a->retransmit_tries, 2);
	ck_assert(a->retransmit_base > 1.79 && a->retransmit_base < 1.81);
	ck_assert_int_eq(ch->dpd_action, IKE_ACTION_START);
	ck_assert_int_eq(ch->close_action, IKE_ACTION_TRAP);
	ch = ch->next;
	ck_assert_int_eq(ch->dpd_action, IKE_ACTION_TRAP);
	ck_assert_int_eq(ch->close_action, IKE_ACTION_START);
	ch = ch->next;
	ck_assert_int_eq(ch->dpd_action, IKE_ACTION_NONE);
	ck_assert_int_eq(ch->close_action, IKE_ACTION_NONE);
	ck_assert_uint_eq(b->dpd_delay_ms, 0);
	ck_assert_uint_eq(b->dpd_timeout_ms, 0);
	ck_assert_uint_eq(b->retransmit_timeout_ms, 500);
	ck_assert_uint_eq(b->retransmit_tries, 3);
	ck_assert(b->retransmit_base > 1.49 && b->retransmit_base < 1.51);
	ike_config_free(cfg);
}
END_TEST

/* Every *.yaml under conf/ loads; the site-to-site pair mirrors itself. */
START_TEST(examples)
{
	DIR *d = opendir(CONF_DIR);
	struct dirent *de;
	struct ike_config *cfg;
	char path[1024], err[512];
	size_t n = 0, len;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", CONF_DIR, de->d_name);
		cfg = NULL;
		ck_assert_msg(conf_load_file(path, &cfg, err, sizeof(err)) == IKE_OK,
		    "%s", err);
		ck_assert_ptr_nonnull(cfg->conns);
		ike_config_free(cfg);
		n++;
	}
	closedir(d);
	ck_assert_uint_ge(n, 2);
}
END_TEST

START_TEST(site_to_site)
{
	struct ike_config *hq = NULL, *br = NULL;
	const struct ike_conn_cfg *a, *b;
	const struct ike_secret *sa, *sb;
	char err[512];

	ck_assert_msg(conf_load_file(CONF_DIR "/site-to-site.yaml", &hq, err,
	    sizeof(err)) == IKE_OK, "%s", err);
	ck_assert_msg(conf_load_file(CONF_DIR "/site-to-site-branch.yaml", &br, err,
	    sizeof(err)) == IKE_OK, "%s", err);
	a = hq->conns;
	b = br->conns;
	check_addr(&a->local.addrs[0], "192.0.2.1");
	check_addr(&a->remote.addrs[0], "192.0.2.2");
	check_addr(&b->local.addrs[0], "192.0.2.2");
	check_addr(&b->remote.addrs[0], "192.0.2.1");
	ck_assert(ike_id_eq(&a->local.id, &b->remote.id));
	ck_assert(ike_id_eq(&a->remote.id, &b->local.id));
	check_ts(&a->children->local_ts[0], "10.1.0.0/16");
	check_ts(&a->children->remote_ts[0], "10.2.0.0/16");
	check_ts(&b->children->local_ts[0], "10.2.0.0/16");
	check_ts(&b->children->remote_ts[0], "10.1.0.0/16");
	ck_assert_str_eq(a->ike[0].text, "aes256gcm16-prfsha256-x25519");
	ck_assert_str_eq(a->ike[1].text, "aes128-sha256-modp2048");
	ck_assert_str_eq(b->ike[0].text, a->ike[0].text);
	ck_assert_str_eq(a->children->esp[0].text, "aes256gcm16");
	ck_assert_str_eq(a->children->esp[1].text, "aes128-sha256");
	ck_assert_int_eq(a->children->start, IKE_START_START);
	ck_assert_int_eq(b->children->start, IKE_START_NONE);
	sa = ike_config_psk(hq, &a->local.id, &a->remote.id);
	sb = ike_config_psk(br, &b->local.id, &b->remote.id);
	ck_assert_ptr_nonnull(sa);
	ck_assert_ptr_nonnull(sb);
	ck_assert_uint_eq(sa->psk.len, sb->psk.len);
	ck_assert(ike_memeq_ct(sa->psk.ptr, sb->psk.ptr, sa->psk.len));
	ike_config_free(hq);
	ike_config_free(br);
}
END_TEST

START_TEST(files)
{
	struct ike_config *cfg = (struct ike_config *)&cfg;
	char path[] = "/tmp/saker-conf-XXXXXX", err[512];
	const char text[] = "sakerd: {port: 5000}\n";
	FILE *f;
	int fd;

	ck_assert_int_eq(conf_load_file("/nonexistent/saker.yaml", &cfg, err,
	    sizeof(err)), IKE_ENOENT);
	ck_assert_str_eq(err, "/nonexistent/saker.yaml: No such file or directory");
	ck_assert_int_eq(conf_load_file("/", &cfg, err, sizeof(err)), -EISDIR);
	ck_assert_str_eq(err, "/: Is a directory");
	ck_assert_ptr_eq(cfg, (struct ike_config *)&cfg);

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	ck_assert_uint_eq(fwrite(text, 1, sizeof(text) - 1, f), sizeof(text) - 1);
	ck_assert_int_eq(fflush(f), 0);
	ck_assert_int_eq(conf_load_file(path, &cfg, err, sizeof(err)), IKE_OK);
	ck_assert_uint_eq(cfg->port, 5000);
	ike_config_free(cfg);

	/* errors carry the path */
	ck_assert_int_ge(fputs("bogus: 1\n", f), 0);
	ck_assert_int_eq(fflush(f), 0);
	cfg = NULL;
	ck_assert_int_eq(conf_load_file(path, &cfg, err, sizeof(err)), IKE_EINVAL);
	ck_assert_ptr_null(cfg);
	ck_assert(strncmp(err, path, strlen(path)) == 0);
	ck_assert_str_eq(err + strlen(path), ":2:1: unknown key 'bogus' in the "
	    "top level (expected connections, secrets, sakerd, pools, credentials)");

	/* one byte over the limit */
	ck_assert_int_eq(ftruncate(fd, CONF_MAX_FILE + 1), 0);
	ck_assert_int_eq(conf_load_file(path, &cfg, err, sizeof(err)), IKE_EINVAL);
	ck_assert(strstr(err, "larger than 1048576 bytes") != NULL);
	fclose(f);
	unlink(path);
}
END_TEST

/* Bad configs: the exact position and a part of the reason. */
struct bad {
	const char	*yaml;
	const char	*where;		/* "line:col" */
	const char	*reason;
};

#define CONN	"connections:\n  c:\n"
#define ENDS	"    local: {auth: psk}\n    remote: {addrs: [192.0.2.2], id: peer, auth: psk}\n"
#define CHILD	"    children:\n      x:\n"

static const struct bad bads[] = {
	/* liveness and retransmission */
	{ CONN ENDS "    dpd-delay: 50ms\n", "5:16", "'dpd-delay' must be 0 (off) or at least 100ms" },
	{ CONN ENDS "    dpd-timeout: soon\n", "5:18", "'dpd-timeout' must be a duration like 90s, 30m, 1h or 1d or 500ms" },
	{ CONN ENDS "    dpd_delay: 30s\n", "5:5", "unknown key 'dpd_delay' in connection 'c' (did you mean 'dpd-delay'?)" },
	{ CONN ENDS "    retransmit-base: 0.5\n", "5:22", "'retransmit-base' must be a number from 1 to 10 such as 1.8, not '0.5'" },
	{ CONN ENDS "    retransmit-base: 1,8\n", "5:22", "'retransmit-base' must be a number from 1 to 10 such as 1.8, not '1,8'" },
	{ "sakerd: {retransmit-base: 1.2.3}\n", "1:27", "'retransmit-base' must be a number from 1 to 10 such as 1.8, not '1.2.3'" },
	{ "sakerd: {retransmit-tries: 0}\n", "1:28", "'retransmit-tries' must be a number from 1 to 100, not '0'" },
	{ CONN ENDS CHILD "        dpd-action: none\n", "7:21", "'dpd-action' must be one of clear, trap, restart" },
	{ CONN ENDS CHILD "        close-action: restart\n", "7:23", "'close-action' must be one of none, trap, start" },
	/* YAML itself */
	{ "connections: [\n", "2:1", "YAML syntax error: did not find expected node content while parsing a flow node" },
	{ "a: b: c\n", "1:5", "YAML syntax error: mapping values are not allowed in this context" },
	{ "a: \"x\n", "2:1", "YAML syntax error: found unexpected end of stream while scanning a quoted scalar" },
	{ "a: \xff\n", "1:4", "bad input: invalid leading UTF-8 octet" },
	{ "a: &x 1\n", "1:4", "YAML anchors are not supported" },
	{ "a: &x {b: 1}\n", "1:4", "YAML anchors are not supported" },
	{ "a: 1\nb: *x\n", "2:4", "YAML aliases are not supported" },
	{ "a: !!str x\n", "1:4", "YAML tags are not supported" },
	{ "a: !local [x]\n", "1:4", "YAML tags are not supported" },
	{ "---\nsakerd: {}\n---\nsakerd: {}\n", "3:1", "only one YAML document is allowed" },
	{ "- a\n", "1:1", "the top level must be a mapping" },
	{ "just text\n", "1:1", "the top level must be a mapping" },
	{ "? [a]\n: b\n", "1:3", "mapping keys must be plain text" },
	{ "a: \"x\\0y\"\n", "1:4", "NUL byte in value" },
	{ "a: [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]\n", "1:19", "nested deeper than 16 levels" },
	/* top level */
	{ "foo: 1\n", "1:1", "unknown key 'foo' in the top level (expected connections, secrets, sakerd, pools, credentials)" },
	{ "connections: {}\nconnections: {}\n", "2:1", "duplicate key 'connections' (first at line 1)" },
	{ "connections: []\n", "1:14", "'connections' must be a mapping of connection names" },
	/* sakerd */
	{ "sakerd: [1]\n", "1:9", "sakerd must be a mapping" },
	{ "sakerd: {bogus: 1}\n", "1:10", "unknown key 'bogus' in sakerd (expected port, natt-port, socket-group, log-level, retransmit-timeout, retransmit-tries, retransmit-base" },
	{ "sakerd: {port: 0}\n", "1:16", "'port' must be a number from 1 to 65535, not '0'" },
	{ "sakerd: {natt-port: 65536}\n", "1:21", "'natt-port' must be a number from 1 to 65535, not '65536'" },
	{ "sakerd: {port: 5x}\n", "1:16", "'port' must be a number from 1 to 65535, not '5x'" },
	{ "sakerd: {port: -1}\n", "1:16", "'port' must be a number from 1 to 65535, not '-1'" },
	{ "sakerd: {port: 99999999999999999999}\n", "1:16", "'port' must be a number" },
	{ "sakerd: {port: [1]}\n", "1:16", "'port' must be a single value, not a list" },
	{ "sakerd: {port: {a: 1}}\n", "1:16", "'port' must be a single value, not a mapping" },
	{ "sakerd:\n  port:\n", "2:8", "'port' has no value" },
	{ "sakerd: {port: 4500}\n", "1:1", "port and natt-port must differ (both 4500)" },
	{ "sakerd: {log-level: loud}\n", "1:21", "'log-level' must be one of error, warn, info, debug, trace, not 'loud'" },
	{ "sakerd: {socket-group: 'a b'}\n", "1:24", "socket-group 'a b' may only hold letters, digits" },
	{ "sakerd: {socket-group: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}\n", "1:24", "is longer than 63 characters" },
	{ "sakerd: {port: 1, port: 2}\n", "1:19", "duplicate key 'port' (first at line 1)" },
	/* secrets */
	{ "secrets: {}\n", "1:10", "'secrets' must be a list" },
	{ "secrets:\n  - x\n", "2:5", "secret must be a mapping" },
	{ "secrets:\n  - {ids: [a]}\n", "2:5", "missing 'psk' in secret" },
	{ "secrets:\n  - {psk: x, foo: 1}\n", "2:14", "unknown key 'foo' in secret (expected ids, psk)" },
	{ "secrets:\n  - {psk: 0sA}\n", "2:11", "psk is not valid base64 after 0s" },
	{ "secrets:\n  - {psk: 0sAB*D}\n", "2:11", "psk is not valid base64 after 0s" },
	{ "secrets:\n  - {psk: 0sQQ===}\n", "2:11", "psk is not valid base64 after 0s" },
	{ "secrets:\n  - {psk: 0s}\n", "2:11", "psk is empty" },
	{ "secrets:\n  - {psk: 0xabc}\n", "2:11", "psk is not valid hex after 0x" },
	{ "secrets:\n  - {psk: 0xzz}\n", "2:11", "psk is not valid hex after 0x" },
	{ "secrets:\n  - {psk: \"\"}\n", "2:11", "'psk' has no value" },
	{ "secrets:\n  - {psk: [a]}\n", "2:11", "'psk' must be a single value, not a list" },
	{ "secrets:\n  - {psk: x, ids: [a, \"@\"]}\n", "2:23", "invalid identity '@'" },
	{ "secrets:\n  - {psk: x, ids: [a, \"\"]}\n", "2:23", "empty entry in 'ids'" },
	{ "secrets:\n  - {psk: x, ids: []}\n", "2:19", "'ids' is an empty list" },
	{ "secrets:\n  - {psk: x, ids: {a: b}}\n", "2:19", "'ids' must be a list, not a mapping" },
	{ "secrets:\n  - {psk: x, ids: [a, [b]]}\n", "2:23", "entries of 'ids' must be single values" },
	{ "secrets:\n  - {psk: x, ids: [a, b, c, d, e, f, g, h, i]}\n", "2:44", "'ids' has more than 8 entries" },
	/* connections */
	{ "connections:\n  c: 1\n", "2:6", "connection 'c' must be a mapping" },
	{ "connections:\n  c d: {}\n", "2:3", "connection name 'c d' may only hold letters" },
	{ "connections:\n  aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: {}\n", "2:3", "connection name 'aaaa" },
	{ CONN ENDS CHILD "        mode: tunnel\n  c: {}\n", "8:3", "duplicate key 'c' (first at line 2)" },
	{ CONN ENDS, "2:3", "missing 'children' in connection 'c'" },
	{ CONN "    remote: {id: peer, auth: psk}\n" CHILD "        mode: tunnel\n", "2:3", "missing 'local' in connection 'c'" },
	{ CONN "    local: {auth: psk}\n" CHILD "        mode: tunnel\n", "2:3", "missing 'remote' in connection 'c'" },
	{ CONN ENDS "    rekey: 1h\n", "5:5", "unknown key 'rekey' in connection 'c' (expected local, remote, proposals, rekey-time, life-time, rand-time, reauth-time, retransmit-timeout, retransmit-tries, retransmit-base, dpd-delay, dpd-timeout, encap, keepalive" },
	{ "sakerd: {cookie-threshold: 0}\n", "1:28", "'cookie-threshold' must be a number from 1 to 1000000, not '0'" },
	{ "sakerd: {half-open-max: many}\n", "1:25", "'half-open-max' must be a number from 1 to 1000000" },
	{ "sakerd: {fragment-size: 255}\n", "1:25", "'fragment-size' must be a number from 256 to 65535, not '255'" },
	{ CONN ENDS "    fragmentation: force\n", "5:20", "'fragmentation' must be one of yes, accept, no, not 'force'" },
	{ CONN ENDS "    rekey_time: 1h\n", "5:5", "unknown key 'rekey_time' in connection 'c' (did you mean 'rekey-time'?)" },
	{ CONN ENDS CHILD "        esp_proposals: [aes256gcm16]\n", "7:9", "unknown key 'esp_proposals' in child 'x' (did you mean 'esp-proposals'?)" },
	{ "sakerd: {natt_port: 1}\n", "1:10", "unknown key 'natt_port' in sakerd (did you mean 'natt-port'?)" },
	{ "sakerd: {log_lvl: 1}\n", "1:10", "unknown key 'log_lvl' in sakerd (expected port," },
	{ CONN "    local: [a]\n", "3:12", "local must be a mapping" },
	{ CONN "    local: {id: me}\n", "3:5", "missing 'auth' in local" },
	{ CONN "    local: {auth: psk}\n    remote: {auth: psk}\n", "4:5", "missing 'id' in remote" },
	{ CONN "    local: {auth: eap}\n", "3:19", "'auth' must be one of psk, pubkey, not 'eap'" },
	{ CONN "    local: {auth: psk, addr: 1.2.3.4}\n", "3:24", "unknown key 'addr' in local (expected addrs, id, auth, port, certs, key)" },
	{ CONN "    local: {auth: psk, addrs: [192.0.2.300]}\n", "3:32", "'192.0.2.300' is not an IPv4 or IPv6 address (nor %any)" },
	{ CONN "    local: {auth: psk, addrs: host.example.net}\n", "3:31", "'host.example.net' is not an IPv4 or IPv6 address" },
	{ CONN "    local: {auth: psk, addrs: [\"%any\", 192.0.2.1]}\n", "3:32", "%any cannot be combined with other addresses" },
	{ CONN "    local: {auth: psk, addrs: [1.1.1.1, 1.1.1.2, 1.1.1.3, 1.1.1.4, 1.1.1.5, 1.1.1.6, 1.1.1.7, 1.1.1.8, 1.1.1.9]}\n", "3:104", "'addrs' has more than 8 entries" },
	{ CONN "    local: {auth: psk, id: \"@#xyz\"}\n", "3:28", "invalid identity '@#xyz'" },
	{ CONN "    local: {auth: psk, id: \"CN=\"}\n", "3:28", "invalid identity 'CN='" },
	{ CONN "    local: {auth: psk, id: [a, b]}\n", "3:28", "'id' must be a single value, not a list" },
	{ CONN "    local: {auth: psk, id: }\n", "3:28", "'id' has no value" },
	{ CONN "    local: {auth: psk, port: 70000}\n", "3:30", "'port' must be a number from 1 to 65535, not '70000'" },
	{ CONN ENDS "    proposals: [aes256-sha256-modp1024]\n", "5:17", "unknown keyword 'modp1024' in proposal 'aes256-sha256-modp1024'" },
	{ CONN ENDS "    proposals: [aes256gcm16-prfsha256-x25519, aes256-prfsha256-x25519]\n", "5:47", "proposal 'aes256-prfsha256-x25519' needs an integrity algorithm for 'aes256'" },
	{ CONN ENDS "    proposals: aes256gcm16\n", "5:16", "proposal 'aes256gcm16' has no PRF" },
	{ CONN ENDS "    proposals: {a: b}\n", "5:16", "'proposals' must be a list, not a mapping" },
	{ CONN ENDS "    proposals: []\n", "5:16", "'proposals' is an empty list" },
	{ CONN ENDS "    proposals: [[aes]]\n", "5:17", "entries of 'proposals' must be single values" },
	{ CONN ENDS "    proposals: [a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q]\n", "5:49", "'proposals' has more than 16 entries" },
	{ CONN ENDS "    rekey-time: 1x\n", "5:17", "'rekey-time' must be a duration like 90s, 30m, 1h or 1d (at most 4294967295 s), not '1x'" },
	{ CONN ENDS "    rekey-time: 1h30m\n", "5:17", "'rekey-time' must be a duration" },
	{ CONN ENDS "    rekey-time: 500ms\n", "5:17", "'rekey-time' must be a duration" },
	{ CONN ENDS "    rekey-time: 50000d\n", "5:17", "'rekey-time' must be a duration" },
	{ CONN ENDS "    rekey-time: 5000000000\n", "5:17", "'rekey-time' must be a duration" },
	{ CONN ENDS "    rekey-time: \" 1h\"\n", "5:17", "'rekey-time' must be a duration" },
	{ CONN ENDS "    rekey-time: 2h\n    life-time: 1h\n" CHILD "        mode: tunnel\n", "6:5", "life-time (3600s) must be longer than rekey-time (7200s)" },
	{ CONN ENDS "    rekey-time: 1h\n    life-time: 1h\n" CHILD "        mode: tunnel\n", "6:5", "life-time (3600s) must be longer than rekey-time (3600s)" },
	{ CONN ENDS "    retransmit-timeout: 10ms\n", "5:25", "'retransmit-timeout' must be from 100ms to 10m" },
	{ CONN ENDS "    retransmit-timeout: 1h\n", "5:25", "'retransmit-timeout' must be from 100ms to 10m" },
	{ CONN ENDS "    retransmit-timeout: 2 s\n", "5:25", "'retransmit-timeout' must be a duration like 90s, 30m, 1h or 1d or 500ms" },
	{ CONN ENDS "    retransmit-tries: 101\n", "5:23", "'retransmit-tries' must be a number from 1 to 100, not '101'" },
	{ CONN ENDS "    children: []\n", "5:15", "'children' must be a mapping of child names" },
	{ CONN ENDS "    children: {}\n", "5:15", "'children' is empty" },
	{ CONN ENDS "    children: {x: 1}\n", "5:19", "child 'x' must be a mapping" },
	{ CONN ENDS "    children: {x/y: {}}\n", "5:16", "child name 'x/y' may only hold" },
	{ CONN ENDS "    children: {x: {}, x: {}}\n", "5:23", "duplicate key 'x' (first at line 5)" },
	{ CONN ENDS CHILD "        foo: 1\n", "7:9", "unknown key 'foo' in child 'x' (expected local-ts, remote-ts, esp-proposals, mode, start, rekey-time, life-time, rand-time, rekey-bytes, life-bytes, rekey-packets, life-packets, replay-window, dpd-action, close-action)" },
	{ CONN ENDS CHILD "        mode: tunnel\n        mode: tunnel\n", "8:9", "duplicate key 'mode' (first at line 7)" },
	{ CONN ENDS CHILD "        mode: beet\n", "7:15", "'mode' must be one of tunnel, transport, not 'beet'" },
	{ CONN ENDS CHILD "        start: maybe\n", "7:16", "'start' must be one of none, trap, start, not 'maybe'" },
	{ CONN ENDS CHILD "        local-ts: [10.1.0.0/33]\n", "7:20", "bad prefix length '33' in traffic selector '10.1.0.0/33'" },
	{ CONN ENDS CHILD "        remote-ts: [10.2.0.0/16, \"10.3.0.0/16[foo/1]\"]\n", "7:34", "unknown protocol 'foo' in traffic selector '10.3.0.0/16[foo/1]'" },
	{ CONN ENDS CHILD "        remote-ts: 10.9.9.9-10.9.9.1\n", "7:20", "range start above its end" },
	{ CONN ENDS CHILD "        local-ts: []\n", "7:19", "'local-ts' is an empty list" },
	{ CONN ENDS CHILD "        local-ts: [1.0.0.1, 1.0.0.2, 1.0.0.3, 1.0.0.4, 1.0.0.5, 1.0.0.6, 1.0.0.7, 1.0.0.8, 1.0.0.9, 1.0.0.10, 1.0.0.11, 1.0.0.12, 1.0.0.13, 1.0.0.14, 1.0.0.15, 1.0.0.16, 1.0.0.17]\n", "7:171", "'local-ts' has more than 16 entries" },
	{ CONN ENDS CHILD "        esp-proposals: [aes256gcm16-prfsha256]\n", "7:25", "'prfsha256' is a PRF, not allowed in an ESP proposal" },
	{ CONN ENDS CHILD "        esp-proposals: [aes256gcm16-sha256]\n", "7:25", "integrity 'sha256' cannot be combined with AEAD 'aes256gcm16'" },
	{ CONN ENDS CHILD "        esp-proposals: [aes256gcm16-foo]\n", "7:25", "unknown keyword 'foo'" },
	{ CONN ENDS CHILD "        replay-window: 40000\n", "7:24", "'replay-window' must be a number from 0 to 32768, not '40000'" },
	{ CONN ENDS CHILD "        rekey-time: 10m\n        life-time: 5m\n", "8:9", "life-time (300s) must be longer than rekey-time (600s)" },
	{ CONN ENDS CHILD "        life-time: forever\n", "7:20", "'life-time' must be a duration" },
	{ CONN ENDS "    rekey-time: 10s\n    rand-time: 10s\n" CHILD "        mode: tunnel\n", "6:5", "rand-time (10s) must be shorter than rekey-time (10s)" },
	{ CONN ENDS CHILD "        rekey-bytes: 1t\n", "7:22", "'rekey-bytes' must be a number, optionally with k, m or g" },
	{ CONN ENDS CHILD "        life-packets: 99999999999999999999\n", "7:23", "'life-packets' must be a number" },
	{ CONN ENDS CHILD "        rekey-bytes: 2m\n        life-bytes: 1m\n", "8:9", "'life-bytes' (1048576) must be more than the rekey limit (2097152)" },
	{ CONN "    local: {auth: psk}\n    remote: {id: peer, auth: psk}\n" CHILD "        start: start\n", "4:5", "child 'x' has start: start but the remote end has no addrs to reach" },
	{ CONN "    local: {auth: psk}\n    remote: {addrs: \"%any\", id: peer, auth: psk}\n" CHILD "        start: trap\n", "4:5", "child 'x' has start: trap but the remote end has no addrs to reach" },
	/* NAT traversal */
	{ CONN ENDS "    encap: maybe\n" CHILD, "5:12", "'encap' must be one of no, yes, not 'maybe'" },
	{ CONN ENDS "    keepalive: 500ms\n" CHILD, "5:16", "'keepalive' must be from 1s to 1h, or no (or 0) for none" },
	{ CONN ENDS "    keepalive: 2h\n" CHILD, "5:16", "'keepalive' must be from 1s to 1h" },
	{ CONN ENDS "    keepalive: often\n" CHILD, "5:16", "'keepalive' must be a duration" },
};

/* Rekeying settings and their defaults. */
START_TEST(rekey_settings)
{
	struct ike_config *cfg = load_ok(
"connections:\n"
"  c:\n"
"    local: {auth: psk}\n"
"    remote: {id: peer, auth: psk}\n"
"    rekey-time: 100s\n"
"    rand-time: 5s\n"
"    reauth-time: 1h\n"
"    children:\n"
"      x:\n"
"        rekey-time: 20s\n"
"        life-time: 30s\n"
"        rekey-bytes: 1m\n"
"        rekey-packets: 1000\n"
"        life-packets: 2k\n"
"      y: {rekey-time: 40s, rand-time: 0}\n");
	const struct ike_conn_cfg *c = cfg->conns;
	const struct ike_child_cfg *x = c->children, *y = x->next;

	ck_assert_uint_eq(c->rekey_time, 100);
	ck_assert_uint_eq(c->life_time, 110);
	ck_assert_uint_eq(c->rand_time, 5);
	ck_assert_uint_eq(c->reauth_time, 3600);
	/* rand-time defaults to the time between rekey and life. */
	ck_assert_uint_eq(x->rand_time, 10);
	ck_assert_uint_eq(x->rekey_bytes, 1048576);
	ck_assert_uint_eq(x->life_bytes, 1048576 + 104857);
	ck_assert_uint_eq(x->rekey_packets, 1000);
	ck_assert_uint_eq(x->life_packets, 2048);
	ck_assert_uint_eq(y->rand_time, 0);
	ck_assert_uint_eq(y->life_time, 44);
	ck_assert_uint_eq(y->rekey_bytes, 0);
	ck_assert_uint_eq(y->life_bytes, 0);
	ike_config_free(cfg);
}
END_TEST

START_TEST(bad_configs)
{
	const struct bad *b = &bads[_i];
	struct ike_config *cfg = NULL;
	char err[1024], want[64];

	ck_assert_int_eq(conf_load_buffer("t.yaml", b->yaml, strlen(b->yaml), &cfg,
	    err, sizeof(err)), IKE_EINVAL);
	ck_assert_ptr_null(cfg);
	snprintf(want, sizeof(want), "t.yaml:%s: ", b->where);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0 &&
	    strstr(err + strlen(want), b->reason) != NULL,
	    "case %d:\n%s\ngot:  %s\nwant: %s%s", _i, b->yaml, err, want, b->reason);
}
END_TEST

/* Limits that keep a hostile file cheap. */
START_TEST(limits)
{
	struct ike_config *cfg = NULL;
	char err[512], *buf;
	size_t i, len;

	/* a scalar over the limit */
	buf = malloc(CONF_MAX_SCALAR + 16);
	len = (size_t)snprintf(buf, 8, "a: ");
	memset(buf + len, 'x', CONF_MAX_SCALAR + 1);
	len += CONF_MAX_SCALAR + 1;
	ck_assert_int_eq(conf_load_buffer("t.yaml", buf, len, &cfg, err,
	    sizeof(err)), IKE_EINVAL);
	ck_assert_str_eq(err, "t.yaml:1:4: value longer than 4096 bytes");
	free(buf);

	/* a list over the entry limit: the 1025th entry is reported */
	buf = malloc(16 + 2 * (CONF_MAX_ITEMS + 1));
	len = (size_t)sprintf(buf, "a: [");
	for (i = 0; i <= CONF_MAX_ITEMS; i++)
		len += (size_t)sprintf(buf + len, "0,");
	len += (size_t)sprintf(buf + len, "]");
	ck_assert_int_eq(conf_load_buffer("t.yaml", buf, len, &cfg, err,
	    sizeof(err)), IKE_EINVAL);
	ck_assert_str_eq(err, "t.yaml:1:2053: too many entries");
	free(buf);

	/* too many nodes overall, each collection within its limit: the
	 * root, "a" and its list take 3, each line 66 */
	buf = malloc(CONF_MAX_FILE);
	len = (size_t)sprintf(buf, "a:\n");
	for (i = 0; i < 1000; i++) {
		size_t k;

		len += (size_t)sprintf(buf + len, "- [0");
		for (k = 1; k < 65; k++)
			len += (size_t)sprintf(buf + len, ",0");
		len += (size_t)sprintf(buf + len, "]\n");
	}
	ck_assert_int_eq(conf_load_buffer("t.yaml", buf, len, &cfg, err,
	    sizeof(err)), IKE_EINVAL);
	ck_assert_str_eq(err, "t.yaml:994:124: too many values in the file");
	free(buf);

	/* the buffer limit itself */
	ck_assert_int_eq(conf_load_buffer("t.yaml", "", CONF_MAX_FILE + 1, &cfg, err,
	    sizeof(err)), IKE_EINVAL);
	ck_assert_str_eq(err, "t.yaml: larger than 1048576 bytes");
	ck_assert_ptr_null(cfg);

	/* a tiny error buffer is fine */
	ck_assert_int_eq(conf_load_buffer("t.yaml", "x: 1", 4, &cfg, err, 5), IKE_EINVAL);
	ck_assert_str_eq(err, "t.ya");
	ck_assert_int_eq(conf_load_buffer("t.yaml", "x: 1", 4, &cfg, NULL, 0), IKE_EINVAL);
}
END_TEST

/* Cookies, the half-open cap and IKE fragmentation: set, and unset (0,
 * the engine's defaults). */
START_TEST(hostile_keys)
{
	struct ike_config *cfg = load_ok(
	    "sakerd:\n"
	    "  cookie-threshold: 1\n"
	    "  cookie-threshold-ip: 2\n"
	    "  half-open-max: 50\n"
	    "  half-open-max-per-ip: 3\n"
	    "  fragment-size: 576\n"
	    "connections:\n"
	    "  a:\n"
	    "    local: {auth: psk}\n"
	    "    remote: {addrs: [192.0.2.2], id: peer, auth: psk}\n"
	    "    fragmentation: accept\n"
	    "    children: {x: {}}\n"
	    "  b:\n"
	    "    local: {auth: psk}\n"
	    "    remote: {addrs: [192.0.2.3], id: peer, auth: psk}\n"
	    "    fragmentation: no\n"
	    "    children: {x: {}}\n"
	    "  c:\n"
	    "    local: {auth: psk}\n"
	    "    remote: {addrs: [192.0.2.4], id: peer, auth: psk}\n"
	    "    children: {x: {}}\n");

	ck_assert_uint_eq(cfg->cookie_threshold, 1);
	ck_assert_uint_eq(cfg->cookie_threshold_ip, 2);
	ck_assert_uint_eq(cfg->half_open_max, 50);
	ck_assert_uint_eq(cfg->half_open_max_ip, 3);
	ck_assert_uint_eq(cfg->fragment_size, 576);
	ck_assert_uint_eq(ike_config_conn(cfg, "a")->fragmentation, IKE_FRAG_ACCEPT);
	ck_assert_uint_eq(ike_config_conn(cfg, "b")->fragmentation, IKE_FRAG_NO);
	ck_assert_uint_eq(ike_config_conn(cfg, "c")->fragmentation, IKE_FRAG_YES);
	ike_config_free(cfg);
	cfg = load_ok("sakerd: {port: 500}\n");
	ck_assert_uint_eq(cfg->cookie_threshold, 0);
	ck_assert_uint_eq(cfg->cookie_threshold_ip, 0);
	ck_assert_uint_eq(cfg->half_open_max, 0);
	ck_assert_uint_eq(cfg->half_open_max_ip, 0);
	ck_assert_uint_eq(cfg->fragment_size, 0);
	ike_config_free(cfg);
}
END_TEST

/* encap and keepalive: defaults, values, "no" and 0. */
START_TEST(nat_keys)
{
	static const char *const texts[] = {
		CONN ENDS CHILD "        esp-proposals: [aes256gcm16]\n",
		CONN ENDS "    encap: yes\n    keepalive: 5s\n" CHILD
		    "        esp-proposals: [aes256gcm16]\n",
		CONN ENDS "    encap: no\n    keepalive: no\n" CHILD
		    "        esp-proposals: [aes256gcm16]\n",
		CONN ENDS "    keepalive: 0\n" CHILD
		    "        esp-proposals: [aes256gcm16]\n",
	};
	static const struct { int encap; uint32_t ms; int off; } want[] = {
		{ 0, 0, 0 }, { 1, 5000, 0 }, { 0, 0, 1 }, { 0, 0, 1 },
	};
	struct ike_config *cfg;
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		cfg = load_ok(texts[i]);
		ck_assert_int_eq(cfg->conns->encap, want[i].encap);
		ck_assert_uint_eq(cfg->conns->keepalive_ms, want[i].ms);
		ck_assert_int_eq(cfg->conns->keepalive_off, want[i].off);
		ike_config_free(cfg);
	}
}
END_TEST

static Suite *
conf_suite(void)
{
	Suite *s = suite_create("conf_yaml");
	TCase *tc = tcase_create("good");

	tcase_add_test(tc, full_config);
	tcase_add_test(tc, defaults);
	tcase_add_test(tc, liveness_keys);
	tcase_add_test(tc, rekey_settings);
	tcase_add_test(tc, examples);
	tcase_add_test(tc, site_to_site);
	tcase_add_test(tc, files);
	tcase_add_test(tc, hostile_keys);
	tcase_add_test(tc, nat_keys);
	suite_add_tcase(s, tc);
	tc = tcase_create("bad");
	tcase_add_loop_test(tc, bad_configs, 0, sizeof(bads) / sizeof(bads[0]));
	tcase_add_test(tc, limits);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(conf_suite)
