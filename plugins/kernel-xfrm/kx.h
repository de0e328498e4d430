/* SPDX-License-Identifier: ISC */
/*
 * kx.h - kernel-xfrm, the kernel plugin that installs SAs and policies in
 * the Linux kernel over netlink XFRM (libmnl).  One struct kx holds two
 * netlink sockets: a blocking one for requests, and a non-blocking one
 * subscribed to ACQUIRE, EXPIRE and MAPPING events for the daemon's epoll
 * loop.  Opening NETLINK_XFRM needs CAP_NET_ADMIN.
 *
 * Semantics of the operations (struct kx_op in plugin.h):
 * - KX_ALLOC_SPI reserves a random SPI in [spi_min, spi_max] (0: 0x100 up
 *   to 0xffffffff) as a larval state, which the kernel drops after its
 *   acquire timeout (30 s by default) unless KX_ADD_SA fills it.
 * - KX_ADD_SA installs an SA; it fills a larval state of the same SPI.
 *   Tunnel-mode SAs without a selector carry traffic of both families.
 *   ESN with replay_window 0 gets a window of 32 (the kernel needs one).
 * - KX_UPDATE_SA changes encapsulation ports and lifetimes in place, or,
 *   with old_dst set to other addresses, installs the SA at its new
 *   addresses and removes the old one.
 * - Policies with priority 0 are installed at KX_PRIO_BASE.  For in and
 *   fwd policies the template's source is the peer.
 * - KX_FLUSH_OWNED removes saker's policies (template reqid in saker's
 *   range, or no template and a priority in saker's band), then its SAs
 *   and larval SPIs.  Acquire states (SPI 0, made by the kernel when a
 *   packet hits a policy without SA) cannot be named by DELSA; they hold
 *   no keys and the kernel drops them after net.core.xfrm_acq_expires.
 * - Missing SAs and policies are IKE_ENOENT, duplicates IKE_EEXIST; other
 *   kernel errors come back as negative errno values, and kx_last_error()
 *   says what failed and why (with the kernel's extended ack message).
 */
#ifndef SAKER_KX_H
#define SAKER_KX_H

#include "ike.h"
#include "plugin.h"

struct kx;

/* The plugin; its ctx is a struct kx *. */
extern const struct ike_kernel kx_kernel;

/* Opens the request and event sockets.  Negative errno (IKE_ENOMEM,
 * -EPERM without CAP_NET_ADMIN, -EPROTONOSUPPORT without XFRM). */
int	kx_new(struct kx **out);
/* Closes the sockets; NULL is allowed.  Installed state stays. */
void	kx_free(struct kx *);

/* What the last failed operation was and why; "" if none failed. */
const char *kx_last_error(const struct kx *);

/* The event socket, for epoll (readable when events are pending). */
int	kx_event_fd(const struct kx *);

typedef void (*kx_event_cb)(void *cbctx, const struct kx_event *);

/*
 * Reads every pending event without blocking and calls cb for each
 * ACQUIRE, EXPIRE and MAPPING.  Returns how many were delivered, or a
 * negative errno: -ENOBUFS means the kernel dropped events because the
 * socket overflowed (the caller should check its SAs).  Malformed
 * messages are skipped and counted in kx_event_drops().
 */
int	kx_event_dispatch(struct kx *, kx_event_cb cb, void *cbctx);
uint64_t kx_event_drops(const struct kx *);

#endif /* SAKER_KX_H */
