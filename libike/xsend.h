/* SPDX-License-Identifier: ISC */
/*
 * xsend.h - messages out (xsend.c): build, protect, send, keep for
 * retransmission; the stateless notify; Delete requests.
 */
#ifndef SAKER_XSEND_H
#define SAKER_XSEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike.h"
#include "msg.h"
#include "xout.h"

struct child_sa;
struct ike_engine;
struct ike_sa;

/* Starts the request a step or an operator command filled in x: builds, protects and sends it. */
int	xsend_request(struct ike_sa *, struct xchg_out *, uint64_t now,
	    struct ike_out *);
/* Builds an unprotected message (IKE_SA_INIT) or a protected one. */
int	xsend_build(struct ike_sa *, uint8_t exchange, bool response,
	    uint32_t mid, struct xchg_out *, uint8_t **bytes, size_t *len);
/* Sends a stateless answer to an IKE_SA_INIT request that carried an
 * unknown critical payload or that we refuse before making an SA. */
int	xsend_stateless_notify(struct ike_engine *, const struct msg_hdr *,
	    const struct ike_addr *local, const struct ike_addr *remote,
	    uint16_t type, const void *data, size_t len, struct ike_out *);
/* Sends bytes (taken over) as a new request, kept for retransmission. */
int	xsend_bytes_request(struct ike_sa *, uint8_t xchg, uint32_t mid,
	    enum sa_req_kind, uint8_t *bytes, size_t len, uint64_t now,
	    struct ike_out *);
/* Sends bytes (taken over) as the response to mid, kept for duplicates. */
int	xsend_bytes_response(struct ike_sa *, uint32_t mid, uint8_t *bytes,
	    size_t len, uint8_t xchg, struct ike_out *);
/* Sends the kept response again. */
int	xsend_resend_response(struct ike_sa *, uint8_t xchg, struct ike_out *);
/* Sends the outstanding request again and arms the next retransmission
 * (exponential backoff); the last one arms the give-up time instead. */
void	xsend_retransmit(struct ike_sa *, uint64_t now, struct ike_out *);
/* Fill x with a Delete request of one Child SA (marked deleting), or of
 * the IKE SA. */
int	xsend_delete_child(struct ike_sa *, struct child_sa *, struct xchg_out *);
int	xsend_delete_ike(struct ike_sa *, struct xchg_out *);

/*
 * The one way a request of ours starts: fill (a step's request builder,
 * or one below) puts the payloads into a fresh list, which is then
 * built, protected and sent as our next request.  *req_child (if not
 * NULL) receives the Child SA the request is about, so that a caller can
 * undo it when sending failed.  Returns fill's error or the sender's.
 */
typedef int (*xsend_fill_fn)(struct ike_sa *, const void *arg,
	    struct xchg_out *);
int	xsend_start(struct ike_sa *, xsend_fill_fn fill, const void *arg,
	    uint64_t now, struct ike_out *, uint32_t *req_child);
/* Fillers for xsend_start: the Delete of the IKE SA, of the Child SA arg,
 * and the empty INFORMATIONAL of a liveness check. */
int	xsend_fill_delete_ike(struct ike_sa *, const void *arg, struct xchg_out *);
int	xsend_fill_delete_child(struct ike_sa *, const void *ch, struct xchg_out *);
int	xsend_fill_liveness(struct ike_sa *, const void *arg, struct xchg_out *);

#endif /* SAKER_XSEND_H */
