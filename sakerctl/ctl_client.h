/* SPDX-License-Identifier: ISC */
/*
 * ctl_client.h - sakerctl's side of the control socket: sending one
 * request to sakerd and reading its reply, and the control verbs (the
 * protocol's table, ctl_proto.h) with their arguments, their options and
 * their output, human tables (daemon/ctl_show.h) or the daemon's JSON.
 */
#ifndef SAKER_SAKERCTL_CTL_CLIENT_H
#define SAKER_SAKERCTL_CTL_CLIENT_H

#include <jansson.h>
#include <stdio.h>

#include "daemon/ctl_proto.h"

#define CTL_CLIENT_TIMEOUT_MS	30000

/*
 * Sends req to the daemon listening at path and waits for its reply.
 * Returns 0 with *result (caller json_decref()s) when the daemon
 * answered ok; 1 with the daemon's error in err; a negative errno or
 * IKE_EMALFORMED with a message in err when the daemon cannot be reached
 * ("sakerd is not running (connect PATH: ...)") or answers nonsense.
 */
int	ctl_client_call(const char *path, const struct ctl_request *req,
	    json_t **result, char *err, size_t errlen);

/* 1 if verb is one of the control verbs, which ctl_client_run() handles. */
int	ctl_client_has(const char *verb);

/*
 * Runs one control verb; argv[0] is the verb, the rest its argument and
 * the options it takes, --socket PATH and --json (anywhere on the line).
 * Output goes to out, messages to errf.  Returns the exit status: 0 done,
 * 1 the daemon refused or could not be reached, 2 bad usage.
 */
int	ctl_client_run(int argc, char **argv, FILE *out, FILE *errf);

/* One usage line per control verb, with its argument and options. */
void	ctl_client_usage(FILE *f);

#endif /* SAKER_SAKERCTL_CTL_CLIENT_H */
