/* SPDX-License-Identifier: ISC */
/*
 * kpol.h - kernel policies and reqids shared by Child SAs and traps
 * (kpol.c).
 */
#ifndef SAKER_KPOL_H
#define SAKER_KPOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "plugin.h"

struct ike_engine;

/* The config's selectors for one side; "dynamic" ones (and none at all)
 * become the host address of that side. */
size_t	kpol_cfg_ts(const struct ike_child_cfg *, bool local,
	    const struct ike_addr *host, struct ike_ts *out);

/*
 * The policies of a set of selectors, in installation order: for each
 * pair of local and remote selectors of one family, out, in, and fwd in
 * tunnel mode; templates from local to remote.  kpol_policy_at() fills
 * the n-th (from 0), false past the end.  Shared by child.c and trap.c.
 */
struct kpol_set {
	const struct ike_ts	*lts, *rts;
	size_t			 n_lts, n_rts;
	int			 mode;
	uint32_t		 reqid;
	struct ike_addr		 local, remote;
};
bool	kpol_policy_at(const struct kpol_set *, size_t n, struct kx_policy *);
/* A reqid in saker's range that no Child SA or trap holds; 0 if none. */
uint32_t kpol_new_reqid(struct ike_engine *);

/* The hash of reqid in the engine's table of Child SAs by reqid
 * (eng_ch_by_reqid, filled by child.c). */
uint64_t kpol_reqid_hash(const struct ike_engine *, uint32_t reqid);

#endif /* SAKER_KPOL_H */
