/* SPDX-License-Identifier: ISC */
/*
 * ctl.h - sakerd's control socket: a unix stream socket (default
 * /run/saker/sakerd.sock, mode 0660, owner root and the configured group)
 * that accepts a bounded number of clients, reads their request lines
 * without blocking, validates each one (ctl_proto.h) and hands the valid
 * ones to a handler, then writes the replies back.  A client that sends a
 * line longer than CTL_REQUEST_MAX, stays idle too long or does not read
 * its replies is disconnected.
 */
#ifndef SAKER_DAEMON_CTL_H
#define SAKER_DAEMON_CTL_H

#include <jansson.h>
#include <stddef.h>
#include <sys/types.h>

#include "daemon/ctl_proto.h"

struct loop;
struct ctl;

/*
 * Runs one valid request.  Returns the result (the caller takes it over),
 * or NULL with the reason in err, which becomes the error reply.
 */
typedef json_t *(*ctl_handler_fn)(void *ctx, const struct ctl_request *req,
    char *err, size_t errlen);

struct ctl_cfg {
	const char	*path;		/* NULL: CTL_SOCKET_DEFAULT */
	const char	*group;		/* NULL or "": root's group */
	size_t		 max_clients;	/* 0: 16 */
	unsigned	 idle_ms;	/* 0: 60000 */
};

/*
 * Creates the socket's directory if missing, removes a stale socket (one
 * nobody answers on; a live one is -EADDRINUSE), binds, sets mode 0660 and
 * ownership, listens, and registers with loop.  Negative errno with the
 * reason in err.
 */
int	ctl_new(struct loop *loop, const struct ctl_cfg *cfg, ctl_handler_fn fn,
	    void *ctx, struct ctl **out, char *err, size_t errlen);
/* Disconnects every client, closes and removes the socket; NULL ok. */
void	ctl_free(struct ctl *);

/* Changes the socket's group (after a reload); negative errno with err. */
int	ctl_set_group(struct ctl *, const char *group, char *err, size_t errlen);

const char *ctl_path(const struct ctl *);
size_t	ctl_clients(const struct ctl *);

#endif /* SAKER_DAEMON_CTL_H */
