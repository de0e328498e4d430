/* SPDX-License-Identifier: ISC */
/*
 * ctl_show.c - sakerctl's human output: the daemon's JSON results drawn as
 * aligned blocks and columns.  The JSON may come from any program that
 * listens on the socket given, so a missing or mistyped field prints as
 * "-" rather than failing, and every string is printed escaped.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ike.h"
#include "cfg.h"
#include "cfg_kw.h"
#include "daemon/ctl_show.h"
#include "daemon/log.h"

/* A string field, escaped for the terminal, or "-". */
static const char *
str(const json_t *o, const char *key, char *buf, size_t len)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_string(v) || json_string_length(v) == 0)
		return "-";
	log_escape(buf, len, json_string_value(v));
	return buf;
}

static int64_t
num(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : -1;
}

/* "3d 4h", "2h 5m", "4m 10s", "12s" */
static const char *
duration(int64_t s, char *buf, size_t len)
{
	if (s < 0)
		snprintf(buf, len, "-");
	else if (s >= 86400)
		snprintf(buf, len, "%" PRId64 "d %" PRId64 "h", s / 86400,
		    s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(buf, len, "%" PRId64 "h %" PRId64 "m", s / 3600,
		    s % 3600 / 60);
	else if (s >= 60)
		snprintf(buf, len, "%" PRId64 "m %" PRId64 "s", s / 60, s % 60);
	else
		snprintf(buf, len, "%" PRId64 "s", s);
	return buf;
}

/* ", 4m 10s ago", or "" when the SA is not up yet (age null). */
static const char *
ago(const json_t *o, char *buf, size_t len)
{
	char d[32];

	if (num(o, "age") < 0)
		return "";
	snprintf(buf, len, ", %s ago", duration(num(o, "age"), d, sizeof(d)));
	return buf;
}

/* Milliseconds as "30s" or "1500ms". */
static const char *
ms_text(int64_t ms, char *buf, size_t len)
{
	char d[32];

	if (ms % 1000 != 0)
		snprintf(buf, len, "%" PRId64 "ms", ms);
	else
		snprintf(buf, len, "%s", duration(ms / 1000, d, sizeof(d)));
	return buf;
}

static const char *
bytes(int64_t b, char *buf, size_t len)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = (double)b;
	int u = -1;

	if (b < 0)
		return "-";
	if (b < 1024) {
		snprintf(buf, len, "%" PRId64 " B", b);
		return buf;
	}
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.1f %s", v, unit[u]);
	return buf;
}

/* The strings of an array joined by sep, escaped; "-" when empty. */
static const char *
joined(const json_t *a, const char *sep, char *buf, size_t len)
{
	char one[256];
	size_t i, pos = 0;
	const json_t *v;

	buf[0] = '\0';
	json_array_foreach(a, i, v) {
		if (!json_is_string(v))
			continue;
		log_escape(one, sizeof(one), json_string_value(v));
		pos += (size_t)snprintf(buf + pos, pos < len ? len - pos : 0,
		    "%s%s", pos ? sep : "", one);
		if (pos >= len)
			break;
	}
	return buf[0] ? buf : "-";
}

static void
show_status(const json_t *r, FILE *out)
{
	const json_t *ike = json_object_get(r, "ike");
	const json_t *net = json_object_get(r, "net");
	const json_t *kern = json_object_get(r, "kernel");
	char a[512], b[64];

	fprintf(out, "sakerd %s, pid %" PRId64 ", up %s\n",
	    str(r, "version", a, sizeof(a)), num(r, "pid"),
	    duration(num(r, "uptime"), b, sizeof(b)));
	fprintf(out, "  %-12s %s\n", "config", str(r, "config", a, sizeof(a)));
	fprintf(out, "  %-12s %s\n", "socket", str(r, "socket", a, sizeof(a)));
	fprintf(out, "  %-12s %s\n", "log level",
	    str(r, "log_level", a, sizeof(a)));
	fprintf(out, "  %-12s %" PRId64 ", NAT-T %" PRId64 "\n", "IKE ports",
	    num(r, "port"), num(r, "natt_port"));
	fprintf(out, "  %-12s %" PRId64 "\n", "connections",
	    num(r, "connections"));
	fprintf(out, "  %-12s %" PRId64 " (%" PRId64 " half-open)\n", "IKE SAs",
	    num(r, "ike_sas"), num(r, "half_open"));
	fprintf(out, "  %-12s %" PRId64 "\n", "Child SAs", num(r, "child_sas"));
	fprintf(out, "  %-12s rx %" PRId64 ", tx %" PRId64 ", dropped %" PRId64
	    " (%" PRId64 " over a per-source limit), retransmits %" PRId64 "\n",
	    "messages", num(ike, "rx"), num(ike, "tx"), num(ike, "dropped"),
	    num(ike, "limited"), num(ike, "retransmits"));
	fprintf(out, "  %-12s rx %" PRId64 ", tx %" PRId64 ", send errors %"
	    PRId64 ", receive errors %" PRId64 "\n", "datagrams",
	    num(net, "rx"), num(net, "tx"), num(net, "tx_errors"),
	    num(net, "rx_errors"));
	fprintf(out, "  %-12s keepalive %" PRId64 ", no marker %" PRId64
	    ", short %" PRId64 ", too large %" PRId64 ", no local address %"
	    PRId64 "\n", "dropped", num(net, "rx_keepalive"),
	    num(net, "rx_no_marker"), num(net, "rx_short"),
	    num(net, "rx_truncated"), num(net, "rx_no_pktinfo"));
	fprintf(out, "  %-12s %" PRId64 " datagrams dropped by the kernel "
	    "(socket buffer full)\n", "overflow", num(net, "rx_overflow"));
	fprintf(out, "  %-12s %" PRId64 " events lost\n", "kernel",
	    num(kern, "event_drops"));
}

/* "192.0.2.1, 192.0.2.2[4500] hq.example.net psk" */
static void
show_end(const char *label, const json_t *e, FILE *out)
{
	char a[1024], id[512], auth[32];
	int64_t port = num(e, "port");

	fprintf(out, "  %-8s %s", label,
	    json_array_size(json_object_get(e, "addrs")) ?
	    joined(json_object_get(e, "addrs"), ", ", a, sizeof(a)) : "%any");
	if (port > 0)
		fprintf(out, "[%" PRId64 "]", port);
	fprintf(out, "  id %s  auth %s\n", str(e, "id", id, sizeof(id)),
	    str(e, "auth", auth, sizeof(auth)));
}

static void
show_conns(const json_t *r, FILE *out)
{
	const json_t *conns = json_object_get(r, "connections"), *c, *ch;
	char a[2048], b[2048], name[256], mode[32], start[32];
	size_t i, j;

	if (json_array_size(conns) == 0) {
		fprintf(out, "no connections loaded\n");
		return;
	}
	json_array_foreach(conns, i, c) {
		if (i > 0)
			fputc('\n', out);
		fprintf(out, "%s", str(c, "name", name, sizeof(name)));
		if (json_is_string(json_object_get(c, "origin")))
			fprintf(out, "  (%s)", str(c, "origin", a, sizeof(a)));
		fputc('\n', out);
		show_end("local", json_object_get(c, "local"), out);
		show_end("remote", json_object_get(c, "remote"), out);
		fprintf(out, "  %-8s %s\n", "ike", joined(json_object_get(c,
		    "proposals"), ", ", a, sizeof(a)));
		if (num(c, "dpd_delay_ms") > 0)
			fprintf(out, "  %-8s every %s, timeout %s\n", "dpd",
			    ms_text(num(c, "dpd_delay_ms"), a, sizeof(a)),
			    num(c, "dpd_timeout_ms") > 0 ? ms_text(num(c,
			    "dpd_timeout_ms"), b, sizeof(b)) : "by retransmission");
		if (num(c, "retransmit_tries") > 0)
			fprintf(out, "  %-8s %s, %" PRId64 " tries, base %.2g\n",
			    "retrans", ms_text(num(c, "retransmit_timeout_ms"),
			    a, sizeof(a)), num(c, "retransmit_tries"),
			    json_number_value(json_object_get(c,
			    "retransmit_base")));
		json_array_foreach(json_object_get(c, "children"), j, ch) {
			fprintf(out, "  %-8s %s, start %s",
			    str(ch, "name", name, sizeof(name)),
			    str(ch, "mode", mode, sizeof(mode)),
			    str(ch, "start", start, sizeof(start)));
			/* The actions only when they do something. */
			if (json_is_string(json_object_get(ch, "dpd_action")) &&
			    strcmp(str(ch, "dpd_action", a, sizeof(a)),
			    cfg_kw_name(&cfg_kw_dpd_action, IKE_ACTION_NONE)))
				fprintf(out, ", dpd-action %s", a);
			if (json_is_string(json_object_get(ch, "close_action")) &&
			    strcmp(str(ch, "close_action", a, sizeof(a)),
			    cfg_kw_name(&cfg_kw_close_action, IKE_ACTION_NONE)))
				fprintf(out, ", close-action %s", a);
			fputc('\n', out);
			fprintf(out, "  %-8s   %s === %s\n", "",
			    joined(json_object_get(ch, "local_ts"), ", ", a,
			    sizeof(a)), joined(json_object_get(ch, "remote_ts"),
			    ", ", b, sizeof(b)));
			fprintf(out, "  %-8s   esp %s\n", "",
			    joined(json_object_get(ch, "esp_proposals"), ", ", a,
			    sizeof(a)));
		}
		if (json_is_string(json_object_get(c, "last_failure")))
			fprintf(out, "  %-8s %s\n", "failed",
			    str(c, "last_failure", a, sizeof(a)));
	}
}

static const char *
endpoint(const json_t *e, char *buf, size_t len)
{
	char a[128];

	snprintf(buf, len, "%s[%" PRId64 "]", str(e, "addr", a, sizeof(a)),
	    num(e, "port"));
	return buf;
}

/* "rekey in 3s, expires in 9s" from the *_in members that are set;
 * "none" when none is. */
static const char *
timers(const json_t *o, char *buf, size_t len)
{
	static const char *const keys[][2] = {
		{ "rekey_in", "rekey" }, { "reauth_in", "reauth" },
		{ "expires_in", "expires" },
	};
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]) && off < len; i++)
		if (json_is_integer(json_object_get(o, keys[i][0])))
			off += (size_t)snprintf(buf + off, len - off, "%s%s in "
			    "%" PRId64 "s", off ? ", " : "", keys[i][1],
			    num(o, keys[i][0]));
	if (off == 0)
		snprintf(buf, len, "none");
	return buf;
}

static void
show_child(const json_t *ch, FILE *out)
{
	char name[256], st[64], mode[32], alg[256], si[32], so[32], age[48];
	char a[2048], b[64], c[64];

	fprintf(out, "  %s{%" PRId64 "}  %s, %s%s\n",
	    str(ch, "name", name, sizeof(name)), num(ch, "id"),
	    str(ch, "state", st, sizeof(st)), str(ch, "mode", mode, sizeof(mode)),
	    ago(ch, age, sizeof(age)));
	fprintf(out, "    %-8s %s_i %s_o\n", "spis",
	    str(ch, "spi_in", si, sizeof(si)), str(ch, "spi_out", so, sizeof(so)));
	fprintf(out, "    %-8s %s\n", "alg", str(ch, "alg", alg, sizeof(alg)));
	fprintf(out, "    %-8s %s\n", "timers", timers(ch, a, sizeof(a)));
	fprintf(out, "    %-8s %s, %" PRId64 " packets\n", "in",
	    bytes(num(ch, "bytes_in"), b, sizeof(b)), num(ch, "packets_in"));
	fprintf(out, "    %-8s %s, %" PRId64 " packets\n", "out",
	    bytes(num(ch, "bytes_out"), c, sizeof(c)), num(ch, "packets_out"));
	fprintf(out, "    %-8s %s\n", "local", joined(json_object_get(ch,
	    "local_ts"), ", ", a, sizeof(a)));
	fprintf(out, "    %-8s %s\n", "remote", joined(json_object_get(ch,
	    "remote_ts"), ", ", a, sizeof(a)));
}

/* "last seen 3s ago, dpd every 30s, checking" */
static void
show_liveness(const json_t *sa, FILE *out)
{
	char d[32], e[32];

	if (num(sa, "last_seen") < 0)
		return;
	fprintf(out, "  %-10s last seen %s ago", "liveness",
	    duration(num(sa, "last_seen"), d, sizeof(d)));
	if (num(sa, "dpd_delay_ms") > 0)
		fprintf(out, ", dpd every %s%s", ms_text(num(sa, "dpd_delay_ms"),
		    e, sizeof(e)), json_is_true(json_object_get(sa,
		    "dpd_pending")) ? ", checking now" : "");
	fputc('\n', out);
}

static void
show_sas(const json_t *r, FILE *out)
{
	const json_t *sas = json_object_get(r, "ike_sas"), *sa, *ch;
	char name[256], st[64], age[48], ep[192], id[512], si[32], sr[32];
	char alg[256];
	size_t i, j;

	if (json_array_size(sas) == 0) {
		fprintf(out, "no IKE SAs\n");
		return;
	}
	json_array_foreach(sas, i, sa) {
		int init = json_is_true(json_object_get(sa, "initiator"));
		if (i > 0)
			fputc('\n', out);
		fprintf(out, "%s[%" PRId64 "]  %s%s, %s\n",
		    str(sa, "name", name, sizeof(name)), num(sa, "id"),
		    str(sa, "state", st, sizeof(st)), ago(sa, age, sizeof(age)),
		    init ? "initiator" : "responder");
		fprintf(out, "  %-10s %-30s %s\n", "local",
		    endpoint(json_object_get(sa, "local"), ep, sizeof(ep)),
		    str(sa, "local_id", id, sizeof(id)));
		fprintf(out, "  %-10s %-30s %s\n", "remote",
		    endpoint(json_object_get(sa, "remote"), ep, sizeof(ep)),
		    str(sa, "remote_id", id, sizeof(id)));
		/* The * marks our own SPI, as swanctl does. */
		fprintf(out, "  %-10s %s_i%s %s_r%s\n", "spis",
		    str(sa, "spi_i", si, sizeof(si)), init ? "*" : "",
		    str(sa, "spi_r", sr, sizeof(sr)), init ? "" : "*");
		fprintf(out, "  %-10s %s\n", "alg", str(sa, "alg", alg, sizeof(alg)));
		show_liveness(sa, out);
		fprintf(out, "  %-10s behind NAT: %s%s, UDP encapsulation: %s\n",
		    "nat", str(sa, "behind_nat", st, sizeof(st)),
		    json_is_true(json_object_get(sa, "nat_faked")) ?
		    " (faked by us, encap: yes)" : "",
		    json_is_true(json_object_get(sa, "encap")) ? "yes" : "no");
		fprintf(out, "  %-10s %s\n", "timers", timers(sa, alg, sizeof(alg)));
		ctl_show_vips(json_object_get(sa, "vips"), out);
		json_array_foreach(json_object_get(sa, "children"), j, ch)
			show_child(ch, out);
	}
}

/* list-certs: one block per certificate, then the lint findings. */
static void
show_certs(const json_t *r, FILE *out)
{
	char a[512], w[512], b[64], c[64];
	const json_t *o;
	size_t i;

	json_array_foreach(json_object_get(r, "certs"), i, o) {
		fprintf(out, "%s%s\n", json_is_true(json_object_get(o, "ca")) ?
		    "CA " : "", str(o, "file", a, sizeof(a)));
		fprintf(out, "  %-10s %s\n", "subject", str(o, "subject", a, sizeof(a)));
		fprintf(out, "  %-10s %s\n", "issuer", str(o, "issuer", a, sizeof(a)));
		if (str(o, "sans", a, sizeof(a))[0] != '\0')
			fprintf(out, "  %-10s %s\n", "altnames", a);
		fprintf(out, "  %-10s %s .. %s\n", "valid",
		    str(o, "not_before", b, sizeof(b)),
		    str(o, "not_after", c, sizeof(c)));
		fprintf(out, "  %-10s %s%s\n", "key", str(o, "key_type", a, sizeof(a)),
		    json_is_true(json_object_get(o, "has_private_key")) ?
		    ", private key loaded" : "");
	}
	if (json_array_size(json_object_get(r, "findings")) == 0) {
		fprintf(out, "no lint findings\n");
		return;
	}
	fprintf(out, "lint findings:\n");
	json_array_foreach(json_object_get(r, "findings"), i, o)
		fprintf(out, "  %-7s %s: %s\n", str(o, "severity", b, sizeof(b)),
		    str(o, "where", w, sizeof(w)), str(o, "what", a, sizeof(a)));
}

/* Each string of the array a on a line of its own, indented. */
static void
show_lines(FILE *out, const json_t *a)
{
	size_t i;

	for (i = 0; i < json_array_size(a); i++)
		if (json_is_string(json_array_get(a, i)))
			fprintf(out, "  %s\n",
			    json_string_value(json_array_get(a, i)));
}

void
ctl_show(enum ctl_cmd cmd, const json_t *r, FILE *out)
{
	char a[512];

	switch (cmd) {
	case CTL_STATUS:
		show_status(r, out);
		break;
	case CTL_LIST_CONNS:
		show_conns(r, out);
		break;
	case CTL_LIST_SAS:
		show_sas(r, out);
		break;
	case CTL_UP:
	case CTL_DOWN:
		fprintf(out, "%s: %s\n", str(r, "name", a, sizeof(a)),
		    str(r, "action", a + 256, sizeof(a) - 256));
		break;
	case CTL_RELOAD:
		fprintf(out, "reloaded %s\n", str(r, "config", a, sizeof(a)));
		show_lines(out, json_object_get(r, "notes"));
		break;
	case CTL_LOG_LEVEL:
		fprintf(out, "log level %s\n", str(r, "log_level", a, sizeof(a)));
		break;
	case CTL_LEASES:
		ctl_show_leases(r, out);
		break;
	case CTL_LIST_CERTS:
		show_certs(r, out);
		break;
	case CTL_NCMDS:
		break;
	}
}
