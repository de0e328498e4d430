/* SPDX-License-Identifier: ISC */
/*
 * ctl_cmd.c - what each control command does in sakerd, and the JSON its
 * result is: status (version, uptime, counters), list-conns (the loaded
 * connections and the last failure of each), list-sas (IKE and Child SAs
 * from the engine, with kernel counters), up, down, reload and log-level.
 * The same JSON is what `sakerctl --json` prints; sakerctl's tables are
 * drawn from it.  Every string that came from a peer or a file goes
 * through ctl_json_text(), so a hostile ID cannot make invalid JSON.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "cfg.h"
#include "cfg_kw.h"
#include "iana.h"
#include "plugin.h"
#include "kx.h"
#include "daemon/ctl.h"
#include "daemon/log.h"
#include "daemon/sakerd.h"

/* Sets key to a JSON text value, ignoring allocation failures (the reply
 * then lacks the key rather than the daemon failing). */
static void
set_text(json_t *obj, const char *key, const char *text)
{
	json_object_set_new(obj, key, ctl_json_text(text));
}

static void
set_uint(json_t *obj, const char *key, uint64_t v)
{
	json_object_set_new(obj, key, json_integer((json_int_t)v));
}

static json_t *
addr_json(const struct ike_addr *a)
{
	char buf[64];
	json_t *o = json_object();

	set_text(o, "addr", net_addr_str(a, buf, sizeof(buf)));
	set_uint(o, "port", a->port);
	return o;
}

static json_t *
id_json(const struct ike_id *id)
{
	char buf[512];

	if (id == NULL)
		return json_null();
	ike_id_format(id, buf, sizeof(buf));
	return ctl_json_text(buf);
}

static json_t *
ts_json(const struct ike_ts *ts, size_t n)
{
	json_t *a = json_array();
	char buf[160];
	size_t i;

	for (i = 0; i < n; i++) {
		if (ike_ts_format(&ts[i], buf, sizeof(buf)) < 0)
			snprintf(buf, sizeof(buf), "?");
		json_array_append_new(a, ctl_json_text(buf));
	}
	return a;
}

static json_t *
proposals_json(const struct ike_proposal *p, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, ctl_json_text(p[i].text));
	return a;
}

/* The config keyword of value, as saker.yaml writes it. */
static const char *
kw(const struct cfg_kw_table *t, int value)
{
	const char *s = cfg_kw_name(t, value);

	return s != NULL ? s : "unknown";
}

/* Seconds since an engine timestamp (monotonic ms); null if never. */
static json_t *
age_json(uint64_t since)
{
	uint64_t now = loop_now();

	if (since == 0)
		return json_null();
	return json_integer((json_int_t)(now > since ? (now - since) / 1000 : 0));
}

/* Seconds until an engine timestamp (monotonic ms); null if none. */
static json_t *
in_json(uint64_t at)
{
	uint64_t now = loop_now();

	if (at == 0)
		return json_null();
	return json_integer((json_int_t)(at > now ? (at - now + 999) / 1000 : 0));
}

static json_t *
cmd_status(struct sakerd *sd)
{
	struct ike_stats st;
	struct net_stats ns;
	const struct ike_config *cfg = ike_engine_config(sd->sd_engine);
	const struct ike_conn_cfg *c;
	json_t *o, *cnt, *net;
	size_t nconn = 0;

	ike_engine_stats(sd->sd_engine, &st);
	memset(&ns, 0, sizeof(ns));
	if (sd->sd_net != NULL)
		net_get_stats(sd->sd_net, &ns);
	for (c = cfg ? cfg->conns : NULL; c != NULL; c = c->next)
		nconn++;
	o = json_object();
	set_text(o, "version", PACKAGE_VERSION);
	set_uint(o, "pid", (uint64_t)getpid());
	set_uint(o, "uptime", (loop_now() - sd->sd_started) / 1000);
	set_uint(o, "started", (uint64_t)sd->sd_started_wall);
	set_text(o, "config", sd->sd_config);
	set_text(o, "socket", sd->sd_socket);
	set_text(o, "log_level", log_level_name(log_get_level()));
	set_uint(o, "port", sd->sd_net ? net_port(sd->sd_net) : 0);
	set_uint(o, "natt_port", sd->sd_net ? net_natt_port(sd->sd_net) : 0);
	set_uint(o, "connections", nconn);
	set_uint(o, "ike_sas", st.ike_sas);
	set_uint(o, "child_sas", st.child_sas);
	set_uint(o, "half_open", st.half_open);
	cnt = json_object();
	set_uint(cnt, "rx", st.rx);
	set_uint(cnt, "tx", st.tx);
	set_uint(cnt, "dropped", st.dropped);
	set_uint(cnt, "retransmits", st.retransmits);
	set_uint(cnt, "limited", st.limited);
	json_object_set_new(o, "ike", cnt);
	net = json_object();
	set_uint(net, "rx", ns.rx);
	set_uint(net, "tx", ns.tx);
	set_uint(net, "rx_keepalive", ns.rx_keepalive);
	set_uint(net, "rx_no_marker", ns.rx_no_marker);
	set_uint(net, "rx_short", ns.rx_short);
	set_uint(net, "rx_truncated", ns.rx_truncated);
	set_uint(net, "rx_no_pktinfo", ns.rx_no_pktinfo);
	set_uint(net, "rx_errors", ns.rx_errors);
	set_uint(net, "rx_overflow", ns.rx_overflow);
	set_uint(net, "tx_errors", ns.tx_errors);
	json_object_set_new(o, "net", net);
	json_object_set_new(o, "kernel", json_pack("{s:I}", "event_drops",
	    (json_int_t)kx_event_drops(sd->sd_kx)));
	return o;
}

static json_t *
end_json(const struct ike_end_cfg *e, uint16_t port)
{
	json_t *o = json_object(), *addrs = json_array();
	char buf[64];
	size_t i;

	for (i = 0; i < e->n_addrs; i++)
		json_array_append_new(addrs, ctl_json_text(net_addr_str(
		    &e->addrs[i], buf, sizeof(buf))));
	json_object_set_new(o, "addrs", addrs);
	if (port != 0)
		set_uint(o, "port", port);
	json_object_set_new(o, "id", id_json(&e->id));
	set_text(o, "auth", kw(&cfg_kw_auth, e->auth));
	return o;
}

static json_t *
conn_json(struct sakerd *sd, const struct ike_conn_cfg *c)
{
	const struct ike_child_cfg *ch;
	json_t *o = json_object(), *children = json_array(), *co;

	set_text(o, "name", c->name);
	if (c->origin[0] != '\0')
		set_text(o, "origin", c->origin);
	json_object_set_new(o, "local", end_json(&c->local, c->local_port));
	json_object_set_new(o, "remote", end_json(&c->remote, c->remote_port));
	json_object_set_new(o, "proposals", proposals_json(c->ike, c->n_ike));
	set_uint(o, "rekey_time", c->rekey_time);
	set_uint(o, "life_time", c->life_time);
	set_uint(o, "dpd_delay_ms", c->dpd_delay_ms);
	set_uint(o, "dpd_timeout_ms", c->dpd_timeout_ms);
	set_uint(o, "retransmit_timeout_ms", c->retransmit_timeout_ms);
	set_uint(o, "retransmit_tries", c->retransmit_tries);
	json_object_set_new(o, "retransmit_base", json_real(c->retransmit_base));
	for (ch = c->children; ch != NULL; ch = ch->next) {
		co = json_object();
		set_text(co, "name", ch->name);
		set_text(co, "mode", kw(&cfg_kw_mode, ch->mode));
		set_text(co, "start", kw(&cfg_kw_start, ch->start));
		set_text(co, "dpd_action", kw(&cfg_kw_dpd_action,
		    ch->dpd_action));
		set_text(co, "close_action", kw(&cfg_kw_close_action,
		    ch->close_action));
		json_object_set_new(co, "local_ts",
		    ts_json(ch->local_ts, ch->n_local_ts));
		json_object_set_new(co, "remote_ts",
		    ts_json(ch->remote_ts, ch->n_remote_ts));
		json_object_set_new(co, "esp_proposals",
		    proposals_json(ch->esp, ch->n_esp));
		set_uint(co, "rekey_time", ch->rekey_time);
		set_uint(co, "life_time", ch->life_time);
		json_array_append_new(children, co);
	}
	json_object_set_new(o, "children", children);
	set_text(o, "last_failure",
	    ike_engine_last_failure(sd->sd_engine, c->name));
	return o;
}

static json_t *
cmd_list_conns(struct sakerd *sd)
{
	const struct ike_config *cfg = ike_engine_config(sd->sd_engine);
	const struct ike_conn_cfg *c;
	json_t *a = json_array();

	for (c = cfg ? cfg->conns : NULL; c != NULL; c = c->next)
		json_array_append_new(a, conn_json(sd, c));
	return json_pack("{s:o}", "connections", a);
}

static json_t *
child_json(const struct ike_child_info *ch)
{
	json_t *o = json_object();
	char buf[16];

	set_uint(o, "id", ch->id);
	set_text(o, "name", ch->name);
	set_text(o, "state", ch->state);
	snprintf(buf, sizeof(buf), "%08x", ch->spi_in);
	set_text(o, "spi_in", buf);
	snprintf(buf, sizeof(buf), "%08x", ch->spi_out);
	set_text(o, "spi_out", buf);
	set_text(o, "mode", kw(&cfg_kw_mode, ch->mode));
	set_text(o, "alg", ch->alg);
	json_object_set_new(o, "local_ts", ts_json(ch->local_ts, ch->n_local_ts));
	json_object_set_new(o, "remote_ts",
	    ts_json(ch->remote_ts, ch->n_remote_ts));
	set_uint(o, "bytes_in", ch->bytes_in);
	set_uint(o, "bytes_out", ch->bytes_out);
	set_uint(o, "packets_in", ch->packets_in);
	set_uint(o, "packets_out", ch->packets_out);
	json_object_set_new(o, "age", age_json(ch->established));
	json_object_set_new(o, "rekey_in", in_json(ch->rekey_at));
	json_object_set_new(o, "expires_in", in_json(ch->expire_at));
	return o;
}

static void
sa_cb(void *ctx, const struct ike_sa_info *sa)
{
	json_t *list = ctx, *o = json_object(), *children = json_array();
	char buf[32];
	size_t i;

	set_uint(o, "id", sa->id);
	set_text(o, "name", sa->conn);
	set_text(o, "state", sa->state);
	json_object_set_new(o, "initiator", json_boolean(sa->initiator));
	snprintf(buf, sizeof(buf), "%016llx", (unsigned long long)sa->spi_i);
	set_text(o, "spi_i", buf);
	snprintf(buf, sizeof(buf), "%016llx", (unsigned long long)sa->spi_r);
	set_text(o, "spi_r", buf);
	json_object_set_new(o, "local", addr_json(&sa->local));
	json_object_set_new(o, "remote", addr_json(&sa->remote));
	json_object_set_new(o, "local_id", id_json(sa->local_id));
	json_object_set_new(o, "remote_id", id_json(sa->remote_id));
	set_text(o, "alg", sa->alg);
	/* NAT traversal: who NAT detection found behind a NAT, whether our
	 * NAT-D was faked (encap: yes), whether ESP goes in UDP. */
	set_text(o, "behind_nat", sa->nat_local && sa->nat_remote ? "both" :
	    sa->nat_local ? "local" : sa->nat_remote ? "remote" : "none");
	json_object_set_new(o, "nat_faked", json_boolean(sa->nat_fake));
	json_object_set_new(o, "encap", json_boolean(sa->encap));
	json_object_set_new(o, "age", age_json(sa->established));
	json_object_set_new(o, "last_seen", age_json(sa->last_seen));
	set_uint(o, "dpd_delay_ms", sa->dpd_delay_ms);
	json_object_set_new(o, "dpd_pending", json_boolean(sa->dpd_pending));
	json_object_set_new(o, "rekey_in", in_json(sa->rekey_at));
	json_object_set_new(o, "reauth_in", in_json(sa->reauth_at));
	json_object_set_new(o, "expires_in", in_json(sa->expire_at));
	if (sa->vip.n_vips > 0 || sa->vip.n_dns > 0)
		json_object_set_new(o, "vips", ctl_vip_json(&sa->vip));
	for (i = 0; i < sa->n_children; i++)
		json_array_append_new(children, child_json(&sa->children[i]));
	json_object_set_new(o, "children", children);
	json_array_append_new(list, o);
}

static json_t *
cmd_list_sas(struct sakerd *sd, char *err, size_t errlen)
{
	json_t *a = json_array();
	int ret;

	ret = ike_engine_foreach_sa(sd->sd_engine, sa_cb, a);
	if (ret < 0) {
		json_decref(a);
		snprintf(err, errlen, "listing SAs failed: %s", ike_strerror(ret));
		return NULL;
	}
	return json_pack("{s:o}", "ike_sas", a);
}

/* 1 if name is a connection or one of the children of a connection. */
static int
name_known(const struct ike_config *cfg, const char *name)
{
	const struct ike_conn_cfg *c;
	const struct ike_child_cfg *ch;

	for (c = cfg ? cfg->conns : NULL; c != NULL; c = c->next) {
		if (strcmp(c->name, name) == 0)
			return 1;
		for (ch = c->children; ch != NULL; ch = ch->next)
			if (strcmp(ch->name, name) == 0)
				return 1;
	}
	return 0;
}

/* up/down of a connection or of one child: the engine takes either name. */
static json_t *
cmd_updown(struct sakerd *sd, const struct ctl_request *req, char *err,
    size_t errlen)
{
	int up = req->cmd == CTL_UP, ret;

	if (!name_known(ike_engine_config(sd->sd_engine), req->name)) {
		snprintf(err, errlen, "no connection or child named \"%s\"",
		    req->name);
		return NULL;
	}
	if (up)
		ret = ike_engine_initiate(sd->sd_engine, loop_now(), req->name,
		    &sd->sd_out);
	else
		ret = ike_engine_terminate(sd->sd_engine, loop_now(), req->name,
		    &sd->sd_out);
	sakerd_flush(sd);
	if (ret == IKE_ENOTFOUND && !up) {
		snprintf(err, errlen, "%s has no SA to take down", req->name);
		return NULL;
	}
	if (ret < 0 && ret != IKE_EPENDING) {
		snprintf(err, errlen, "%s %s: %s", up ? "up" : "down", req->name,
		    ike_strerror(ret));
		return NULL;
	}
	return json_pack("{s:s,s:s}", "name", req->name, "action",
	    up ? "initiating" : "terminating");
}

/* list-certs: every loaded certificate, and what lint found. */
static void
set_time(json_t *o, const char *key, uint64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[32];

	gmtime_r(&tt, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	set_text(o, key, buf);
}

static json_t *
cmd_list_certs(struct sakerd *sd)
{
	const struct creds *c = sd->sd_creds.cur;
	const struct creds_finding *f;
	struct creds_cert_info info;
	json_t *certs = json_array(), *findings = json_array(), *o;
	size_t i;

	for (i = 0; c != NULL && creds_cert_info(c, i, &info) == 0; i++) {
		o = json_object();
		set_text(o, "file", info.file);
		set_text(o, "subject", info.subject);
		set_text(o, "issuer", info.issuer);
		set_text(o, "sans", info.sans);
		set_time(o, "not_before", info.not_before);
		set_time(o, "not_after", info.not_after);
		set_text(o, "key_type", info.key_type);
		json_object_set_new(o, "ca", json_boolean(info.is_ca));
		json_object_set_new(o, "has_private_key", json_boolean(info.has_key));
		set_text(o, "keyid", info.keyid);
		json_array_append_new(certs, o);
	}
	for (i = 0; c != NULL && (f = creds_finding(c, i)) != NULL; i++)
		json_array_append_new(findings, json_pack("{s:s,s:s,s:s}",
		    "severity", f->sev == CREDS_ERROR ? "error" : "warning",
		    "where", f->where, "what", f->what));
	return json_pack("{s:o,s:o}", "certs", certs, "findings", findings);
}

/* The reload's answer: the file, and what it did to running SAs. */
static json_t *
cmd_reload_reply(struct sakerd *sd)
{
	json_t *o = json_object(), *notes = json_array();
	const char *line;
	size_t i;

	set_text(o, "config", sd->sd_config);
	for (i = 0; (line = ike_engine_reload_note(sd->sd_engine, i)) != NULL; i++)
		json_array_append_new(notes, json_string(line));
	json_object_set_new(o, "notes", notes);
	return o;
}

json_t *
ctl_cmd_handle(void *ctx, const struct ctl_request *req, char *err,
    size_t errlen)
{
	struct sakerd *sd = ctx;
	enum ike_log_level lvl;

	switch (req->cmd) {
	case CTL_STATUS:
		return cmd_status(sd);
	case CTL_LIST_CONNS:
		return cmd_list_conns(sd);
	case CTL_LIST_SAS:
		return cmd_list_sas(sd, err, errlen);
	case CTL_UP:
	case CTL_DOWN:
		return cmd_updown(sd, req, err, errlen);
	case CTL_RELOAD:
		if (sakerd_reload(sd, err, errlen) < 0)
			return NULL;
		return cmd_reload_reply(sd);
	case CTL_LOG_LEVEL:
		if (log_level_parse(req->level, &lvl) < 0) {
			snprintf(err, errlen, "invalid log level");
			return NULL;
		}
		log_set_level(lvl);
		log_msg(IKE_LOG_INFO, "ctl", NULL, "log level now %s",
		    log_level_name(lvl));
		return json_pack("{s:s}", "log_level", log_level_name(lvl));
	case CTL_LEASES:
		return ctl_leases_json(sd);
	case CTL_LIST_CERTS:
		return cmd_list_certs(sd);
	case CTL_NCMDS:
		break;
	}
	snprintf(err, errlen, "unknown command");
	return NULL;
}
