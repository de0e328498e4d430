/* SPDX-License-Identifier: ISC */
/*
 * sakerd.h - the daemon's one state: its loop, IKE sockets, control
 * socket, kernel plugin and engine, and the glue functions that the
 * control commands (ctl_cmd.c) share with main.c.  Everything here is
 * used from the loop's thread only.
 */
#ifndef SAKER_DAEMON_SAKERD_H
#define SAKER_DAEMON_SAKERD_H

#include <jansson.h>
#include <stdint.h>
#include <time.h>

#include "ike.h"
#include "creds.h"
#include "daemon/ctl_proto.h"
#include "daemon/loop.h"
#include "daemon/net.h"

struct ctl;
struct kx;

struct sakerd {
	struct loop		*sd_loop;
	struct net		*sd_net;
	struct net_cfg		 sd_netcfg;
	struct ctl		*sd_ctl;
	struct kx		*sd_kx;
	struct ike_engine	*sd_engine;
	struct ike_out		 sd_out;
	struct loop_timer	 sd_timer;	/* ike_engine_next_timer() */
	const char		*sd_config;	/* config file path */
	const char		*sd_socket;	/* control socket path */
	uint64_t		 sd_started;	/* loop_now() at start */
	time_t			 sd_started_wall;
	int			 sd_file_level;	/* log-level of the loaded file */
	int			 sd_stopping;
	struct creds_slot	 sd_creds;	/* the engine's credentials */
};

/* Sends the datagrams the engine queued in sd_out and re-arms the engine's
 * timer; called after every engine call. */
void	sakerd_flush(struct sakerd *);

/*
 * Re-reads the config file and applies it: the engine's config, the IKE
 * ports (new sockets first; on failure the old ones stay), the control
 * socket's group, and the log level when the file changed it.  An invalid
 * file changes nothing.  0, or a negative ike_err with the reason
 * ("file:line:col: reason") in err.
 */
int	sakerd_reload(struct sakerd *, char *err, size_t errlen);

/* The control command handler (ctl_handler_fn); ctx is the struct sakerd. */
json_t	*ctl_cmd_handle(void *ctx, const struct ctl_request *req, char *err,
	    size_t errlen);

/* Virtual IPs (ctl_vip.c): their JSON in list-sas, and the leases
 * command. */
json_t	*ctl_vip_json(const struct ike_vip_info *);
json_t	*ctl_leases_json(struct sakerd *);

#endif /* SAKER_DAEMON_SAKERD_H */
