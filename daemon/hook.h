/* SPDX-License-Identifier: ISC */
/*
 * hook.h - running the script a connection names with `hook:` when an IKE
 * SA's virtual IPs come and go.  The script runs detached from sakerd (a
 * double fork, so that no zombie is left for the loop to reap), with
 * descriptors 0-2 only and a clean environment that says what happened:
 *
 *	SAKER_EVENT	up or down (also the script's one argument)
 *	SAKER_CONN	the connection
 *	SAKER_SA	the IKE SA, "name[id]"
 *	SAKER_VIP	the virtual IPs, separated by spaces
 *	SAKER_DNS	the DNS servers, separated by spaces
 *	SAKER_PEER	the peer's address
 *	SAKER_PEER_ID	the peer's identity
 *	SAKER_ROLE	client (the virtual IPs are ours) or gateway
 *
 * and PATH=/usr/sbin:/usr/bin:/sbin:/bin.
 */
#ifndef SAKER_DAEMON_HOOK_H
#define SAKER_DAEMON_HOOK_H

#include "ike.h"

/*
 * Starts path with argv and envp (NULL-terminated; argv[0] is the name the
 * script sees) and returns without waiting for it: only the intermediate
 * child is waited for.  0, or a negative errno when the fork fails; a
 * script that cannot be executed exits 127 unseen.
 */
int	hook_spawn(const char *path, char *const argv[], char *const envp[]);

/*
 * Runs the hook script path for ev (IKE_EV_VIP_UP or IKE_EV_VIP_DOWN) with
 * the environment above, and logs the run, or the failure to fork.
 */
void	hook_vip_event(const char *path, const struct ike_event *ev);

#endif /* SAKER_DAEMON_HOOK_H */
