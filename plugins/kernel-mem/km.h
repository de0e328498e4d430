/* SPDX-License-Identifier: ISC */
/*
 * km.h - kernel-mem, the kernel plugin that keeps SAs and policies in
 * memory.  It implements struct ike_kernel with the semantics of the XFRM
 * plugin (unique SPIs, IKE_EEXIST on duplicates, IKE_ENOENT on missing
 * entries, counters, flush of saker's own state) so that whole handshakes
 * run in unit tests and benchmarks without root.  The inspection functions
 * below let tests look at what was installed, simulate traffic and
 * kernel events, and make the next operation fail.  As in kernel-xfrm,
 * a policy added with priority 0 is stored at KX_PRIO_BASE, and
 * KX_UPDATE_SA with old_dst set moves an SA to new addresses.
 */
#ifndef SAKER_KM_H
#define SAKER_KM_H

#include "ike.h"
#include "plugin.h"

struct km;

/* The plugin; its ctx is a struct km *. */
extern const struct ike_kernel km_kernel;

/*
 * Creates an empty in-memory kernel.  SPIs come from rng when it is not
 * NULL (random within the requested range, retried until unique), else
 * from a counter starting at the bottom of the range.  IKE_ENOMEM.
 */
int	km_new(ike_rng_fn rng, void *rng_ctx, struct km **out);
/* Frees everything and wipes the stored keys; NULL is allowed. */
void	km_free(struct km *);

/* Sets the clock used for add_time/use_time in query results (seconds). */
void	km_set_time(struct km *, uint64_t now);

/*
 * Makes the next operation of the given type fail with err (a negative
 * ike_err) without changing anything; type -1 matches any operation.
 * The failure is armed once.
 */
void	km_fail_next(struct km *, int type, int err);

/* Installed SAs (larval SPIs from KX_ALLOC_SPI are not counted) and
 * policies. */
size_t	km_sa_count(const struct km *);
size_t	km_policy_count(const struct km *);
/* SPIs allocated and not yet used by an SA. */
size_t	km_larval_count(const struct km *);
/* How many operations of a type were asked for (failed ones included). */
size_t	km_op_count(const struct km *, enum kx_op_type);

/*
 * Lookups.  The returned structs, and the key views inside an SA, belong
 * to km and stay valid until the next operation on it.  NULL if none.
 * proto is IKE_PROTO_ESP or IKE_PROTO_AH.
 */
const struct kx_sa *km_find_sa(const struct km *, const struct ike_addr *dst,
	    uint32_t spi, uint8_t proto);
const struct kx_policy *km_find_policy(const struct km *,
	    const struct kx_sel *, enum kx_dir);
/* The i-th SA or policy in installation order; NULL past the end. */
const struct kx_sa *km_sa_at(const struct km *, size_t i);
const struct kx_policy *km_policy_at(const struct km *, size_t i);

/* Simulates traffic through an SA: adds to its counters and sets its
 * use_time.  IKE_ENOENT if there is no such SA. */
int	km_traffic(struct km *, const struct ike_addr *dst, uint32_t spi,
	    uint8_t proto, uint64_t bytes, uint64_t packets);

/*
 * Simulates an EXPIRE of an SA: fills *ev like the kernel would.  A hard
 * expire also removes the SA, as the kernel does.  IKE_ENOENT.
 */
int	km_expire(struct km *, const struct ike_addr *dst, uint32_t spi,
	    uint8_t proto, int hard, struct kx_event *ev);

/*
 * Simulates an ACQUIRE: finds the outbound policy whose selector covers
 * the packet pkt (addresses of the packet, plen ignored) and fills *ev
 * with its template's reqid and endpoints.  IKE_ENOENT if no policy
 * matches; IKE_EEXIST if an SA for that template already exists.
 */
int	km_acquire(struct km *, const struct kx_sel *pkt, struct kx_event *ev);

/* Virtual IPs (KX_ADD_VIP) and their routes (KX_ADD_ROUTE) as added,
 * in order; NULL past the end. */
size_t	km_vip_count(const struct km *);
const struct kx_vip *km_vip_at(const struct km *, size_t i);
size_t	km_route_count(const struct km *);
const struct kx_vip *km_route_at(const struct km *, size_t i);

/* Equality of selectors as the kernel compares them (all fields,
 * addresses up to the family's length). */
int	km_sel_eq(const struct kx_sel *, const struct kx_sel *);

#endif /* SAKER_KM_H */
