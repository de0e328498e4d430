/* SPDX-License-Identifier: ISC */
/*
 * live.h - dead peers and closed Child SAs: the dpd and close actions (live.c).
 * Internal to libike's engine; the daemon sees ike.h.
 */
#ifndef SAKER_LIVE_H
#define SAKER_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sa.h"

/*
 * An established IKE SA with dpd-delay set checks its peer with an empty
 * INFORMATIONAL once that long has passed without a sign of life: an
 * authenticated message, or inbound ESP bytes on one of its Child SAs.
 * A peer that does not answer (retransmission gives up, or dpd-timeout
 * passes) is dead: each child's dpd-action runs and the IKE SA goes.  A
 * child the peer deletes gets its close-action.  Restarts are queued in
 * the engine and run by work_again() once the old SA is gone.
 */
struct eng_again {
	struct eng_again	*a_next;
	char			 a_conn[IKE_CFG_NAME_MAX];
	char			 a_child[IKE_CFG_NAME_MAX];
};

/* The peer is dead (why is logged and kept as the failure): dpd-actions
 * run, then the SA is killed. */
void	live_peer_dead(struct ike_sa *, const char *why);

/* The peer deleted ch (whole: with the IKE SA): its close-action runs,
 * unless another Child SA of the same child still stands. */
void	live_child_closed(struct child_sa *ch, bool whole);
/* Whether restarts are queued for work_again(); dropping the queue. */
bool	live_pending(const struct ike_engine *);
void	live_free(struct ike_engine *);

#endif /* SAKER_LIVE_H */
