/* SPDX-License-Identifier: ISC */
/*
 * vip.h - virtual IPs on the wire and in the kernel (vip.c).
 * Internal to libike's engine; the daemon sees ike.h.
 */
#ifndef SAKER_VIP_H
#define SAKER_VIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sa.h"

/* Client: appends CP(CFG_REQUEST) when the connection asks for virtual
 * IPs (and their DNS servers). */
int	vip_request(struct ike_sa *, struct xchg_out *);

/* Gateway: answers the CFG_REQUEST of m with leases in CP(CFG_REPLY).
 * Returns 0 when the Child SA may go ahead, else the notify to send in
 * its place (FAILED_CP_REQUIRED, INTERNAL_ADDRESS_FAILURE), the reason
 * logged and recorded as the connection's last failure. */
uint16_t vip_respond(struct ike_sa *, const struct msg *, struct xchg_out *);

/* Client: takes the CFG_REPLY of m: records the virtual IPs and DNS
 * servers and puts the addresses on an interface. */
void	vip_accept(struct ike_sa *, const struct msg *);

/* The virtual IPs that stand for "dynamic" on one side of sa; *wide when
 * they are only asked for yet (the selector is then the whole family).
 * 0 when that side has none. */
size_t	vip_side(const struct ike_sa *, bool local, struct ike_addr *out,
	    bool *wide);

/* Routes that make the host send from its virtual IP into ch. */
void	vip_routes_add(struct child_sa *);
void	vip_routes_del(struct child_sa *);

/* The IKE SA goes: addresses off the interfaces, leases offline. */
void	vip_release(struct ike_sa *);

#endif /* SAKER_VIP_H */
