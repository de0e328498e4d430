/* SPDX-License-Identifier: ISC */
/*
 * work.h - what an IKE SA does on its own (work.c): its timers and the
 * work it starts with its window free; and starting connections
 * (initiate.c).  Internal to libike's engine; the daemon sees ike.h.
 */
#ifndef SAKER_WORK_H
#define SAKER_WORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sa.h"

/* Reauthenticates sa (make-before-break): a new IKE SA of its connection
 * with its Child SAs; sa goes once the new one is complete. */
void	eng_reauth(struct ike_sa *, uint64_t now, struct ike_out *);

/* Timers of one SA: retransmit, give up, half-open expiry, NAT
 * keepalives. */
uint64_t work_next_timer(const struct ike_sa *);
void	work_tick(struct ike_sa *, uint64_t now, struct ike_out *);

/* When the SA next wants a liveness look; UINT64_MAX = never. */
uint64_t work_dpd_due(const struct ike_sa *);

/* The look: ESP traffic postpones it, else the empty INFORMATIONAL. */
void	work_dpd_tick(struct ike_sa *, uint64_t now, struct ike_out *);

/* Starts what the actions queued (work.c); and whether there is any. */
int	work_again(struct ike_engine *, uint64_t now, struct ike_out *);

/* Starts conn (initiate.c): a new IKE SA, or child added to the one that
 * is up (sa_want_child; its work sends the request). */
int	eng_initiate(struct ike_engine *, uint64_t now,
	    const struct ike_conn_cfg *, const struct ike_child_cfg *,
	    struct ike_out *);

/* The same, then the work of conn's SA (work.c). */
int	eng_initiate_work(struct ike_engine *, uint64_t now,
	    const struct ike_conn_cfg *, const struct ike_child_cfg *,
	    struct ike_out *);

/* Work an established SA does when its window is free: rekeys that are
 * due, then Child SAs asked for (sa_want); and when that is next due. */
int	work_run(struct ike_sa *, uint64_t now, struct ike_out *);
uint64_t work_due(const struct ike_sa *);

#endif /* SAKER_WORK_H */
