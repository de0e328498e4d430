/* SPDX-License-Identifier: ISC */
/*
 * nat.h - NAT traversal, RFC 7296 2.23 and RFC 3948 (nat.c).
 * Internal to libike's engine; the daemon sees ike.h.
 */
#ifndef SAKER_NAT_H
#define SAKER_NAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sa.h"

/* Appends N(NAT_DETECTION_SOURCE_IP) and N(NAT_DETECTION_DESTINATION_IP);
 * with encap: yes the source hash is random, so the peer sees a NAT. */
int	nat_natd_add(struct ike_sa *, struct xchg_out *);

/* Records from an IKE_SA_INIT message who is behind a NAT; the initiator
 * then moves to the NAT-T port. */
void	nat_natd_check(struct ike_sa *, const struct msg *);

/* The SA is established: NAT keepalives start when we are behind one. */
void	nat_established(struct ike_sa *);

/* After an authenticated message from local/remote: follows the peer to
 * the NAT-T port, or to a new NAT mapping (kernel SAs included). */
void	nat_float(struct ike_sa *, const struct ike_addr *local,
	    const struct ike_addr *remote);

/* Sends a keepalive if due and arms the next one. */
void	nat_keepalive_tick(struct ike_sa *, uint64_t now, struct ike_out *);

/* XFRM_MSG_MAPPING: ESP of one of our Child SAs came from a new port. */
int	nat_mapping_event(struct ike_engine *, const struct kx_event *);

#endif /* SAKER_NAT_H */
