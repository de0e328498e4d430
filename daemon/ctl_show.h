/* SPDX-License-Identifier: ISC */
/*
 * ctl_show.h - the human form of the control protocol's results, as
 * sakerctl prints them without --json: aligned blocks and columns drawn
 * from the daemon's JSON (ctl_show.c, ctl_show_vip.c).
 */
#ifndef SAKER_DAEMON_CTL_SHOW_H
#define SAKER_DAEMON_CTL_SHOW_H

#include <jansson.h>
#include <stdio.h>

#include "daemon/ctl_proto.h"

/* Human output of a result; tolerates missing fields. */
void	ctl_show(enum ctl_cmd cmd, const json_t *result, FILE *out);
/* Virtual IPs of an SA in list-sas, and the leases table
 * (ctl_show_vip.c). */
void	ctl_show_vips(const json_t *vips, FILE *out);
void	ctl_show_leases(const json_t *result, FILE *out);

#endif /* SAKER_DAEMON_CTL_SHOW_H */
