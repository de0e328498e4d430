/* SPDX-License-Identifier: ISC */
/*
 * ctl.h - sakerd's control socket: a unix stream socket (default
 * /run/saker/sakerd.sock, mode 0660, owner root and the configured group)
 * that accepts a bounded number of clients, reads their request lines
 * without blocking, validates each one (ctl_proto.h) and hands the valid
 * ones to a handler, then writes the replies back.  A client that sends a
 * line longer than CTL_REQUEST_MAX, takes longer than request_ms to send
 * a request line or to take a reply, or waits longer than idle_ms between
 * requests is disconnected; so is the one that waited longest when a new
 * client finds the table full.  Clients of uid 0 have root_slots of their
 * own, so that root gets in whatever the others do.
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

/* The slots sakerd keeps for root beyond the others' (ctl_cfg). */
#define CTL_ROOT_SLOTS	4

struct ctl_cfg {
	const char	*path;		/* NULL: CTL_SOCKET_DEFAULT */
	const char	*group;		/* NULL or "": root's group */
	size_t		 max_clients;	/* 0: 16 */
	size_t		 root_slots;	/* more, for clients of uid 0 only */
	unsigned	 idle_ms;	/* 0: 60000, waiting between requests */
	unsigned	 request_ms;	/* 0: 5000, to send a whole request */
	unsigned	 report_ms;	/* 0: 10000, between refusal reports */
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
