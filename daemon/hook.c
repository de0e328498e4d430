/* SPDX-License-Identifier: ISC */
/*
 * hook.c - the hook script of a connection: its environment, built from
 * a virtual-IP event, and the detached run.  sakerd's loop must not wait
 * for a script, nor be left with its exit status to collect: the child
 * forks the grandchild that runs the script and exits at once, so the
 * script is reparented to init.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "addr.h"
#include "daemon/hook.h"
#include "daemon/log.h"

/* Addresses separated by spaces; those that do not format are left out. */
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

int
hook_spawn(const char *path, char *const argv[], char *const envp[])
{
	pid_t child;
	int st;

	if ((child = fork()) < 0)
		return -errno;
	if (child == 0) {
		/* The grandchild runs the hook; the child exits at once. */
		if (fork() == 0) {
			closefrom(3);
			execve(path, argv, envp);
			_exit(127);
		}
		_exit(0);
	}
	while (waitpid(child, &st, 0) < 0 && errno == EINTR)
		;
	return 0;
}

void
hook_vip_event(const char *path, const struct ike_event *ev)
{
	char vip[256], dns[512], peer[64], pid[400];
	char e_event[32], e_conn[96], e_sa[128], e_vip[280], e_dns[530];
	char e_peer[80], e_pid[540], e_role[32];
	char *envp[10], *argv[3];
	int ret;

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
	argv[0] = (char *)path;
	argv[1] = e_event + strlen("SAKER_EVENT=");
	argv[2] = NULL;
	log_msg(IKE_LOG_INFO, "hook", ev->sa, "running %s %s (vip %s, dns %s)",
	    path, argv[1], vip[0] ? vip : "-", dns[0] ? dns : "-");
	if ((ret = hook_spawn(path, argv, envp)) < 0)
		log_msg(IKE_LOG_ERROR, "hook", ev->sa, "fork for %s failed: %s",
		    path, strerror(-ret));
}
