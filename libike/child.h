/* SPDX-License-Identifier: ISC */
/*
 * child.h - Child SAs and the kernel (child.c).
 * Internal to libike's engine; the daemon sees ike.h.
 */
#ifndef SAKER_CHILD_H
#define SAKER_CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sa.h"

int	child_new(struct ike_sa *, const struct ike_child_cfg *, struct child_sa **out);
void	child_free(struct child_sa *);

/* Allocates the inbound SPI (KX_ALLOC_SPI) and a reqid. */
int	child_alloc_spi(struct child_sa *);

/* Derives KEYMAT (keys.h; dh is g^ir of a PFS exchange or empty) and
 * installs both SAs and the policies. */
int	child_install(struct child_sa *, struct ike_bytes dh, struct ike_bytes ni,
	    struct ike_bytes nr);

/* Removes whatever of it is in the kernel (SAs, larval SPI, policies). */
void	child_uninstall(struct child_sa *);

/* Installs the outbound SA a rekey's responder held back (ch_out_keys). */
int	child_install_out(struct child_sa *);

/* Moves a Child SA to another IKE SA (IKE SA rekey); kernel state stays. */
void	child_move(struct child_sa *, struct ike_sa *to);

/* Unlinks it from its SA, uninstalls and frees it. */
void	child_destroy(struct child_sa *, const char *reason);
struct child_sa *child_by_spi_out(struct ike_sa *, uint32_t spi);
struct child_sa *child_by_id(struct ike_sa *, uint32_t id);

/* The Child SAs of live IKE SAs with that reqid: after NULL gives the
 * first, after one the next; NULL at the end.  From the engine's table,
 * which holds a Child SA once child_alloc_spi() gave it its reqid. */
struct child_sa *child_by_reqid(struct ike_engine *, uint32_t reqid,
	    struct child_sa *after);

/* The Child SA of a live IKE SA whose inbound SA (dst, spi) is in the
 * kernel; NULL if none. */
struct child_sa *child_by_spi_in(struct ike_engine *,
	    const struct ike_addr *dst, uint32_t spi);

/* Another Child SA of ch's connection and child, at the same peer (the
 * same peer ID, or an SA that does not know it yet), in a live IKE SA
 * other than skip, that holds a reqid (and is installed, if installed).
 * Twins share a reqid; one that is installed stands for ch.  Found
 * through the SAs of that peer, not by walking all of them. */
struct child_sa *child_twin(const struct child_sa *, bool installed,
	    const struct ike_sa *skip);

/* True when the peer's rekey of ch made another Child SA that stands
 * (ch awaits the peer's Delete and is not to be rekeyed by us). */
bool	child_replaced(const struct child_sa *);

/* The same for an IKE SA: "dynamic" is the virtual IPs of that side when
 * it has some (vip_side), else its address. */
size_t	child_sa_ts(const struct ike_sa *, const struct ike_child_cfg *,
	    bool local, struct ike_ts *out);

/* Another installed Child SA with ch's reqid, selectors and mode that
 * has (with_pol) or has not policies of its own; NULL if none.  Twins
 * arise when both ends start a connection at once. */
struct child_sa *child_sibling(const struct child_sa *, bool with_pol);

/* Moves both kernel SAs (and, if addresses changed, the policies) from
 * the old IKE endpoints to the IKE SA's current ones (a NAT mapping
 * changed).  IKE_EKERNEL when the kernel refused. */
int	child_update(struct child_sa *, const struct ike_addr *old_local,
	    const struct ike_addr *old_remote);

#endif /* SAKER_CHILD_H */
