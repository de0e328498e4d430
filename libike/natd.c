/* SPDX-License-Identifier: ISC */
/*
 * natd.c - NAT detection (RFC 7296 2.23).  Both sides put
 * NAT_DETECTION_SOURCE_IP and NAT_DETECTION_DESTINATION_IP notifies into
 * IKE_SA_INIT, each carrying SHA-1(SPIi | SPIr | IP address | port) of the
 * sender's and the receiver's address as the sender sees them.  A
 * receiver whose own address does not hash to the destination value is
 * behind a NAT; if none of the source values matches the address the
 * datagram came from, the peer is.  The caller switches to port 4500 and
 * UDP encapsulation from these results (NAT traversal proper).
 */
#include <string.h>

#include "cry.h"
#include "natd.h"
#include "ts.h"
#include "wire.h"

int
natd_hash(uint64_t spi_i, uint64_t spi_r, const struct ike_addr *a,
    uint8_t out[NATD_HASH_LEN])
{
	uint8_t spis[16], port[2];
	struct ike_bytes in[3];
	size_t alen = ike_addr_len(a->family);

	if (alen == 0)
		return IKE_EINVAL;
	/* RFC 7296 2.23: SPIs in network order, as in the IKE header; in
	 * the IKE_SA_INIT request the responder's SPI is zero. */
	ike_put_be64(spis, spi_i);
	ike_put_be64(spis + 8, spi_r);
	ike_put_be16(port, a->port);
	in[0].ptr = spis;
	in[0].len = sizeof(spis);
	in[1].ptr = a->addr;
	in[1].len = alen;
	in[2].ptr = port;
	in[2].len = sizeof(port);
	return cry_hash(CRY_SHA1, in, 3, out);
}

int
natd_match(uint64_t spi_i, uint64_t spi_r, const struct ike_addr *a,
    const struct ike_bytes *hashes, size_t n)
{
	uint8_t h[NATD_HASH_LEN];
	size_t i;
	int ret;

	ret = natd_hash(spi_i, spi_r, a, h);
	if (ret < 0)
		return ret;
	for (i = 0; i < n; i++)
		if (hashes[i].len == NATD_HASH_LEN &&
		    memcmp(hashes[i].ptr, h, NATD_HASH_LEN) == 0)
			return 1;
	return 0;
}
