/* SPDX-License-Identifier: ISC */
/*
 * pool.h - leases of virtual IPs (pool.c).
 * Internal to libike's engine; the daemon sees ike.h.
 */
#ifndef SAKER_POOL_H
#define SAKER_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sa.h"

/*
 * The engine keeps one pool per pool of the config, with its leases: an
 * address given to a peer ID is online while an IKE SA holds it, then
 * offline, kept for the same ID to come back to.  Addresses never given
 * are handed out in order; when none are left, the offline lease unused
 * longest goes to the newcomer.
 */
struct eng_pool;
struct xchg_out;

/* Makes the pools follow the config: a pool whose ranges did not change
 * keeps its leases.  IKE_ENOMEM. */
int	pool_sync(struct ike_engine *);
void	pool_free_all(struct ike_engine *);

/* An address of family for sa's peer ID from its connection's pools,
 * in their order; the pool goes to *pool.  IKE_ENOENT when no pool of
 * the connection has that family, IKE_ENOSPC when all are taken. */
int	pool_acquire(struct ike_sa *, uint8_t family, struct ike_addr *addr,
	    const struct ike_pool_cfg **pool);

/* The SA's leases go offline. */
void	pool_release(struct ike_sa *);

#endif /* SAKER_POOL_H */
