/* SPDX-License-Identifier: ISC */
/*
 * ts.h - traffic selector logic: intersection and narrowing (RFC 7296
 * 2.9), subset checks for the initiator, conversion to the kernel's
 * prefix selectors, and formatting for logs.  Pure functions over
 * struct ike_ts; no allocation.
 */
#ifndef SAKER_TS_H
#define SAKER_TS_H

#include <stdbool.h>

#include "addr.h"
#include "ike.h"
#include "plugin.h"

/* Largest number of selectors one side of a Child SA carries. */
#define TS_MAX	16

/* Address bytes used by a family: 4 or 16 (0 for an unknown family). */

/* The selector covering every address, protocol and port of family. */
void	ts_any(uint8_t family, struct ike_ts *out);
/* The selector of exactly one address (host selector). */
void	ts_host(const struct ike_addr *, struct ike_ts *out);

/* Intersection of a and b into *out; false (and *out untouched) when
 * they share nothing: different family, protocol, ports or addresses. */
bool	ts_intersect(const struct ike_ts *a, const struct ike_ts *b,
	    struct ike_ts *out);

/* True when a lies entirely inside b. */
bool	ts_within(const struct ike_ts *a, const struct ike_ts *b);

/*
 * RFC 7296 2.9: the responder narrows the peer's selectors to what its
 * config allows.  Every non-empty intersection of one of peer[] with one
 * of ours[] goes to out[] (at most cap, duplicates and selectors already
 * covered dropped).  Returns IKE_OK with *n_out > 0, or IKE_ETS when
 * nothing is left.
 */
int	ts_narrow(const struct ike_ts *peer, size_t n_peer,
	    const struct ike_ts *ours, size_t n_ours,
	    struct ike_ts *out, size_t cap, size_t *n_out);

/* True when every selector of sub[] lies inside one of set[]: the
 * initiator's check of what the responder narrowed to. */
bool	ts_subset(const struct ike_ts *sub, size_t n_sub,
	    const struct ike_ts *set, size_t n_set);

/* The kernel selector for traffic from src to dst (same family): each
 * address range becomes its covering prefix; a port range that is not a
 * single port or "any" becomes "any".  IKE_EINVAL for mixed families. */
int	ts_to_sel(const struct ike_ts *src, const struct ike_ts *dst,
	    struct kx_sel *out);

/* Formats an address ("192.0.2.1", "2001:db8::1") into buf (RFC 5952
 * text through ike_addr_format()). */
void	ts_addr_format(uint8_t family, const uint8_t *addr, char *buf, size_t len);
/* Formats selectors as ike_ts_format() does ("10.1.0.0/16",
 * "10.0.0.1-10.0.0.9", "10.1.0.0/16[tcp/443]"), joined with " ".
 * Always NUL-terminated, truncated when buf is short. */
void	ts_format(const struct ike_ts *, size_t n, char *buf, size_t len);

#endif /* SAKER_TS_H */
