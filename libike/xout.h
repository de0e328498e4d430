/* SPDX-License-Identifier: ISC */
/*
 * xout.h - the payload-list builder the exchange steps fill (xout.c).
 */
#ifndef SAKER_XOUT_H
#define SAKER_XOUT_H

#include <stddef.h>
#include <stdint.h>

#include "cfg.h"
#include "pld.h"
#include "wire.h"

#define ENG_MSG_MAX		65535	/* largest message we build */

/* What our one outstanding request is (window size 1, RFC 7296 2.3). */
enum sa_req_kind {
	REQ_NONE,
	REQ_INIT,
	REQ_AUTH,
	REQ_DEL_CHILD,		/* sa_req_child names it */
	REQ_CHILD,		/* CREATE_CHILD_SA for sa_req_child */
	REQ_DEL_IKE,
	REQ_LIVENESS,
	REQ_REKEY_IKE,		/* CREATE_CHILD_SA rekeying the IKE SA */
};

/*
 * What a step hands back: the payloads of one message to send.  A request
 * step's payloads always form the response; when it fails, they are
 * replaced by the error notify of its error unless it set kind to
 * XOUT_RESPONSE (an error answer with data, such as INVALID_KE_PAYLOAD).
 * A response step sets kind to XOUT_REQUEST to send its next request.
 * close, when set, deletes the IKE SA after sending, with that reason.
 */
#define XOUT_MAX_PL	32
enum xout_kind { XOUT_NONE, XOUT_RESPONSE, XOUT_REQUEST };
struct xchg_out {
	enum xout_kind	 kind;
	uint8_t		 exchange;	/* for XOUT_REQUEST */
	enum sa_req_kind req_kind;
	uint32_t	 req_child;	/* ch_id for REQ_DEL_CHILD */
	const char	*close;
	size_t		 pend;		/* start of the payload being built */
	struct wire_w	 w;		/* payload bodies back to back */
	struct {
		uint8_t	 type;
		size_t	 off, len;
	}		 pl[XOUT_MAX_PL];
	size_t		 n_pl;
	int		 err;
};

/* Payload helpers for steps: each serializes one payload body. */
void	xout_init(struct xchg_out *);
void	xout_free(struct xchg_out *);
void	xout_reset(struct xchg_out *);
struct wire_w *xout_begin(struct xchg_out *);
int	xout_end(struct xchg_out *, uint8_t type, int build_err);
int	xout_notify(struct xchg_out *, uint8_t proto, uint16_t type,
	    const void *spi, size_t spi_len, const void *data, size_t len);
#define XOUT_ADD(out, type, build, p) \
	xout_end((out), (type), build(xout_begin(out), (p)))
/* Appends the SA payload for proposals numbered from num0, each with spi
 * (length 0 or 4); ESP proposals get NO_ESN when they name no ESN. */
int	xout_sa(struct xchg_out *, const struct ike_proposal *, size_t n,
	    uint8_t num0, const void *spi, size_t spi_len);
/* Appends a Delete payload for n SPIs of proto (none for the IKE SA). */
int	xout_delete(struct xchg_out *, uint8_t proto, const uint8_t *spis,
	    size_t n);
/* Appends N(INVALID_KE_PAYLOAD) naming the group we want (RFC 7296 1.2,
 * 1.3). */
int	xout_invalid_ke(struct xchg_out *, uint16_t group);

#endif /* SAKER_XOUT_H */
