/* SPDX-License-Identifier: ISC */
/*
 * ctl_vip.c - sakerd's side of virtual IPs: their JSON for list-sas, the
 * leases command (every lease of every pool, online or offline), and the
 * hook a connection may name, run when an IKE SA's virtual IPs come and
 * go.  The hook runs detached (a double fork, so no zombie is left for
 * the loop to reap) with a clean environment that says what happened.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cfg.h"
#include "daemon/log.h"
#include "daemon/sakerd.h"

static void
addrs_text(const struct ike_addr *a, size_t n, char *buf, size_t len)
{
	size_t i, off = 0;
	char one[64];

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (ike_addr_format(&a[i], one, sizeof(one)) < 0)
			continue;
		off += (size_t)snprintf(buf + off, off < len ? len - off : 0,
		    "%s%s", off ? " " : "", one);
	}
}

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

/* ---- the hook ------------------------------------------------------------- */

void
sakerd_event(void *ctx, const struct ike_event *ev)
{
	struct sakerd *sd = ctx;
	const struct ike_conn_cfg *c;
	char vip[256], dns[512], peer[64], pid[400];
	char e_event[32], e_conn[96], e_sa[128], e_vip[280], e_dns[530];
	char e_peer[80], e_pid[540], e_role[32];
	char *envp[10], *argv[3];
	pid_t child;
	int st;

	c = ike_config_conn(ike_engine_config(sd->sd_engine), ev->conn);
	if (c == NULL || c->hook[0] == '\0')
		return;
	addrs_text(ev->vip->vips, ev->vip->n_vips, vip, sizeof(vip));
	addrs_text(ev->vip->dns, ev->vip->n_dns, dns, sizeof(dns));
	ike_addr_format(&ev->peer, peer, sizeof(peer));
	ike_id_format(ev->peer_id, pid, sizeof(pid));
	snprintf(e_event, sizeof(e_event), "SAKER_EVENT=%s",
	    ev->type == IKE_EV_VIP_UP ? "up" : "down");
	snprintf(e_conn, sizeof(e_conn), "SAKER_CONN=%s", ev->conn);
	snprintf(e_sa, sizeof(e_sa), "SAKER_SA=%s", ev->sa);
	snprintf(e_vip, sizeof(e_vip), "SAKER_VIP=%s", vip);
	snprintf(e_dns, sizeof(e_dns), "SAKER_DNS=%s", dns);
	snprintf(e_peer, sizeof(e_peer), "SAKER_PEER=%s", peer);
	snprintf(e_pid, sizeof(e_pid), "SAKER_PEER_ID=%s", pid);
	snprintf(e_role, sizeof(e_role), "SAKER_ROLE=%s", ev->vip->local ?
	    "client" : "gateway");
	envp[0] = (char *)"PATH=/usr/sbin:/usr/bin:/sbin:/bin";
	envp[1] = e_event;
	envp[2] = e_conn;
	envp[3] = e_sa;
	envp[4] = e_vip;
	envp[5] = e_dns;
	envp[6] = e_peer;
	envp[7] = e_pid;
	envp[8] = e_role;
	envp[9] = NULL;
	argv[0] = (char *)c->hook;
	argv[1] = e_event + strlen("SAKER_EVENT=");
	argv[2] = NULL;
	log_msg(IKE_LOG_INFO, "hook", ev->sa, "running %s %s (vip %s, dns %s)",
	    c->hook, argv[1], vip[0] ? vip : "-", dns[0] ? dns : "-");
	if ((child = fork()) < 0) {
		log_msg(IKE_LOG_ERROR, "hook", ev->sa, "fork for %s failed: %m",
		    c->hook);
		return;
	}
	if (child == 0) {
		/* The grandchild runs the hook; the child exits at once. */
		if (fork() == 0) {
			closefrom(3);
			execve(c->hook, argv, envp);
			_exit(127);
		}
		_exit(0);
	}
	while (waitpid(child, &st, 0) < 0 && errno == EINTR)
		;
}
