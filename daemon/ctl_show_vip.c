/* SPDX-License-Identifier: ISC */
/*
 * ctl_show_vip.c - sakerctl's human output for virtual IPs: the lines
 * list-sas adds to an IKE SA that has some, and the leases table (pool,
 * address, identity, online or offline).  Like the rest of ctl_show, it
 * prints "-" for what is missing and escapes every string.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "daemon/ctl_show.h"
#include "daemon/log.h"

static const char *
field(const json_t *o, const char *key, char *buf, size_t len)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_string(v) || json_string_length(v) == 0)
		return "-";
	log_escape(buf, len, json_string_value(v));
	return buf;
}

/* The strings of an array joined by sep, escaped; "-" when empty. */
static const char *
list(const json_t *a, char *buf, size_t len)
{
	const json_t *v;
	char one[256];
	size_t i, off = 0;

	buf[0] = '\0';
	json_array_foreach(a, i, v) {
		if (!json_is_string(v))
			continue;
		log_escape(one, sizeof(one), json_string_value(v));
		off += (size_t)snprintf(buf + off, off < len ? len - off : 0,
		    "%s%s", off ? ", " : "", one);
	}
	return buf[0] ? buf : "-";
}

void
ctl_show_vips(const json_t *v, FILE *out)
{
	char a[1024];

	if (!json_is_object(v))
		return;
	fprintf(out, "  %-10s %s%s\n", "vip", list(json_object_get(v, "addrs"),
	    a, sizeof(a)), json_is_true(json_object_get(v, "ours")) ?
	    " (ours)" : " (the peer's)");
	fprintf(out, "  %-10s %s\n", "dns", list(json_object_get(v, "dns"), a,
	    sizeof(a)));
}

void
ctl_show_leases(const json_t *r, FILE *out)
{
	const json_t *pools = json_object_get(r, "pools");
	const json_t *leases = json_object_get(r, "leases"), *p, *l;
	char name[256], a[1024], addr[128], id[512], st[32], conn[256];
	size_t i;

	if (json_array_size(pools) == 0) {
		fprintf(out, "no pools\n");
		return;
	}
	json_array_foreach(pools, i, p)
		fprintf(out, "pool %s: %s\n", field(p, "name", name, sizeof(name)),
		    list(json_object_get(p, "addresses"), a, sizeof(a)));
	if (json_array_size(leases) == 0) {
		fprintf(out, "no leases\n");
		return;
	}
	fprintf(out, "%-12s %-28s %-8s %s\n", "POOL", "ADDRESS", "STATE",
	    "ID");
	json_array_foreach(leases, i, l) {
		fprintf(out, "%-12s %-28s %-8s %s", field(l, "pool", name,
		    sizeof(name)), field(l, "addr", addr, sizeof(addr)),
		    field(l, "state", st, sizeof(st)), field(l, "id", id,
		    sizeof(id)));
		if (json_is_integer(json_object_get(l, "sa")))
			fprintf(out, "  %s[%" PRId64 "]", field(l, "conn", conn,
			    sizeof(conn)), (int64_t)json_integer_value(
			    json_object_get(l, "sa")));
		fputc('\n', out);
	}
}
