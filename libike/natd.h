/* SPDX-License-Identifier: ISC */
/*
 * natd.h - NAT detection hashes (RFC 7296 2.23) for the
 * NAT_DETECTION_SOURCE_IP / NAT_DETECTION_DESTINATION_IP notifies.
 */
#ifndef SAKER_NATD_H
#define SAKER_NATD_H

#include "ike.h"

#define NATD_HASH_LEN	20	/* SHA-1 */

/* SHA-1(SPIi | SPIr | address | port) into out.  SPIs in host order.
 * IKE_EINVAL for an unknown family, or the hash's error. */
int	natd_hash(uint64_t spi_i, uint64_t spi_r, const struct ike_addr *,
	    uint8_t out[NATD_HASH_LEN]);

/* 1 if one of the n received hashes is that of address a, 0 if none,
 * or a negative ike_err.  Not secret data: plain compare is fine. */
int	natd_match(uint64_t spi_i, uint64_t spi_r, const struct ike_addr *a,
	    const struct ike_bytes *hashes, size_t n);

#endif /* SAKER_NATD_H */
