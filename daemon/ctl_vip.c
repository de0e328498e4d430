/* SPDX-License-Identifier: ISC */
/*
 * ctl_vip.c - sakerd's side of virtual IPs in the control protocol: their
 * JSON for list-sas, and the leases command (every lease of every pool,
 * online or offline).  The hook script run when virtual IPs come and go
 * is hook.c's.
 */
#include <string.h>

#include "cfg.h"
#include "daemon/sakerd.h"

static json_t *
addrs_json(const struct ike_addr *a, size_t n)
{
	json_t *arr = json_array();
	char one[64];
	size_t i;

	for (i = 0; i < n; i++)
		if (ike_addr_format(&a[i], one, sizeof(one)) == IKE_OK)
			json_array_append_new(arr, ctl_json_text(one));
	return arr;
}

json_t *
ctl_vip_json(const struct ike_vip_info *v)
{
	json_t *o = json_object();

	json_object_set_new(o, "addrs", addrs_json(v->vips, v->n_vips));
	json_object_set_new(o, "dns", addrs_json(v->dns, v->n_dns));
	json_object_set_new(o, "ours", json_boolean(v->local));
	return o;
}

static void
lease_cb(void *ctx, const struct ike_lease_info *l)
{
	json_t *list = ctx, *o = json_object();
	char buf[512];

	json_object_set_new(o, "pool", ctl_json_text(l->pool));
	ike_addr_format(&l->addr, buf, sizeof(buf));
	json_object_set_new(o, "addr", ctl_json_text(buf));
	ike_id_format(l->id, buf, sizeof(buf));
	json_object_set_new(o, "id", ctl_json_text(buf));
	json_object_set_new(o, "state", ctl_json_text(l->online ? "online" :
	    "offline"));
	if (l->online) {
		json_object_set_new(o, "sa", json_integer(l->sa_id));
		if (l->conn != NULL)
			json_object_set_new(o, "conn", ctl_json_text(l->conn));
	}
	json_array_append_new(list, o);
}

json_t *
ctl_leases_json(struct sakerd *sd)
{
	const struct ike_config *cfg = ike_engine_config(sd->sd_engine);
	const struct ike_pool_cfg *p;
	json_t *leases = json_array(), *pools = json_array(), *po;
	char buf[128];
	size_t i;

	ike_engine_foreach_lease(sd->sd_engine, lease_cb, leases);
	for (p = cfg ? cfg->pools : NULL; p != NULL; p = p->next) {
		po = json_object();
		json_object_set_new(po, "name", ctl_json_text(p->name));
		json_t *r = json_array();
		for (i = 0; i < p->n_ranges; i++) {
			struct ike_ts ts;

			memset(&ts, 0, sizeof(ts));
			ts.family = p->ranges[i].family;
			memcpy(ts.start, p->ranges[i].start, 16);
			memcpy(ts.end, p->ranges[i].end, 16);
			ts.port_hi = 65535;
			if (ike_ts_format(&ts, buf, sizeof(buf)) == IKE_OK)
				json_array_append_new(r, ctl_json_text(buf));
		}
		json_object_set_new(po, "addresses", r);
		json_object_set_new(po, "dns", addrs_json(p->dns, p->n_dns));
		json_array_append_new(pools, po);
	}
	return json_pack("{s:o,s:o}", "pools", pools, "leases", leases);
}
