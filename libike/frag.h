/* SPDX-License-Identifier: ISC */
/*
 * frag.h - IKE fragmentation (RFC 7383): splitting a protected message
 * into Encrypted Fragment (SKF) payloads that each fit an IP datagram of
 * the configured size, and putting fragments back together on receipt
 * within fixed bounds, so that a large IKE_AUTH (certificates) crosses
 * paths that drop IP fragments.
 */
#ifndef SAKER_FRAG_H
#define SAKER_FRAG_H

#include <stdbool.h>
#include <stdint.h>

#include "ike.h"

#define FRAG_MAX_COUNT		64	/* fragments of one message */
#define FRAG_MAX_BYTES		32768	/* reassembled plaintext per IKE SA */
#define FRAG_SIZE_DEFAULT	1280	/* IP datagram of one fragment */
#define FRAG_SIZE_MIN		256	/* smaller is refused by the loader */

/* One message being reassembled. */
struct frag_in {
	uint32_t	 fi_mid;
	uint8_t		 fi_exchange;
	uint8_t		 fi_first;	/* Next Payload of fragment 1 */
	uint16_t	 fi_total, fi_have;
	size_t		 fi_bytes;
	struct ike_buf	 fi_part[FRAG_MAX_COUNT];	/* by number - 1 */
};

struct ike_sa;
struct cry_sk;
struct msg;
struct msg_hdr;
struct msg_sk;

/* Frees a reassembly (wiping what it holds); NULL ok. */
void	frag_in_free(struct frag_in *);
/* Drops both of the SA's reassemblies. */
void	frag_in_clear(struct ike_sa *);

/*
 * Takes the SKF fragment s of message m (which passed the message ID
 * checks) for sa, verified and decrypted with sk.  RFC 7383 2.6: the
 * fragment's integrity is checked before it is kept; duplicates are
 * ignored, order does not matter, a fragment of another message ID
 * discards the set under way, a larger Total Fragments starts it again
 * and a smaller one is ignored.  When the message is complete, *plain
 * receives the inner payload chain (malloc'd, *plain_len bytes, to be
 * wiped and freed by the caller) and *first its first payload type, and
 * IKE_OK is returned.  IKE_EPENDING: kept (or a duplicate), more to come.
 * Errors (the fragment is dropped): IKE_EUNSUPPORTED (more than
 * FRAG_MAX_COUNT fragments), IKE_ENOSPC (the SA would hold more than
 * FRAG_MAX_BYTES; the set is discarded), cry_sk_decrypt()'s, IKE_ENOMEM.
 */
int	frag_input(struct ike_sa *, const struct msg *m, const struct msg_sk *s,
	    struct cry_sk *sk, uint8_t **plain, size_t *plain_len,
	    uint8_t *first);

/* The fragment number of m's SKF payload, 0 if it has none. */
uint16_t frag_number(const struct msg *m);

/* The largest IKE message sa may send in one datagram when fragmenting:
 * fragment_size less the IP and UDP headers and any non-ESP marker. */
size_t	frag_max_msg(const struct ike_sa *);
/* true if a protected message of exchange, msg_len bytes whole, must go
 * in fragments: both sides support them, the connection says yes, and
 * it is larger than frag_max_msg(). */
bool	frag_wanted(const struct ike_sa *, uint8_t exchange, size_t msg_len);

/*
 * Builds the fragments of a protected message with header hdr whose
 * inner payload chain is plain (first payload first), each an IKE message
 * of at most frag_max_msg(sa) bytes protected with sk, back to back in
 * one malloc'd buffer (*bytes, *len): every message carries its own
 * Length, so the datagrams can be told apart (frag_next()).
 * Errors: IKE_EBUFFULL (more than FRAG_MAX_COUNT fragments), IKE_EINVAL
 * (no room for any payload in a fragment), IKE_ENOMEM, the RNG's.
 */
int	frag_build(struct ike_sa *, const struct msg_hdr *hdr, struct cry_sk *sk,
	    uint8_t first, struct ike_bytes plain, uint8_t **bytes, size_t *len);

/* The first IKE message in buf (len bytes) of back-to-back messages, as
 * frag_build() and the single-message builders make them: its length. */
size_t	frag_next(const uint8_t *buf, size_t len);

#endif /* SAKER_FRAG_H */
