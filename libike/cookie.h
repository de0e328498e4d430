/* SPDX-License-Identifier: ISC */
/*
 * cookie.h - the responder's defence against IKE_SA_INIT floods (RFC 7296
 * 2.6): counting half-open IKE SAs in total and per source address,
 * stateless cookies made from a rotating secret, and the hard cap beyond
 * which new IKE_SA_INIT requests are dropped.  The state lives in the
 * engine (struct cookie_state); nothing here is global.
 */
#ifndef SAKER_COOKIE_H
#define SAKER_COOKIE_H

#include <stdbool.h>
#include <stdint.h>

#include "ike.h"

#define COOKIE_SECRET_LEN	32
#define COOKIE_LEN		(1 + 32)	/* secret version | SHA-256 */
#define COOKIE_ROTATE_MS	120000	/* a secret is used this long */
#define COOKIE_PREV_MS		30000	/* the previous one is still taken */
#define COOKIE_IP_BUCKETS	256	/* per-address counters (power of two) */
#define COOKIE_THRESHOLD	30	/* defaults for the config's 0 */
#define COOKIE_THRESHOLD_IP	5

/* Half-open IKE SAs from one address. */
struct cookie_ip {
	struct cookie_ip	*ci_next;
	uint8_t			 ci_family;
	uint8_t			 ci_addr[16];
	uint32_t		 ci_n;
};

struct cookie_state {
	uint8_t			 ck_secret[COOKIE_SECRET_LEN];
	uint8_t			 ck_prev[COOKIE_SECRET_LEN];
	uint8_t			 ck_version;	/* of ck_secret; ck_prev's is one less */
	bool			 ck_have, ck_have_prev;
	uint64_t		 ck_born;	/* when ck_secret was made */
	struct cookie_ip	*ck_ip[COOKIE_IP_BUCKETS];
};

struct ike_engine;

/* Wipes the secrets and frees the counters. */
void	cookie_state_free(struct cookie_state *);

/*
 * The cookie for an IKE_SA_INIT request with nonce ni and SPIi from
 * remote: version | SHA-256(Ni | IPi | SPIi | secret), COOKIE_LEN bytes
 * into out.  The secret is made (or replaced) first when it is older than
 * COOKIE_ROTATE_MS.  Errors: the RNG's, cry_hash()'s.
 */
int	cookie_make(struct ike_engine *, uint64_t spi_i, struct ike_bytes ni,
	    const struct ike_addr *remote, uint8_t *out);

/* 1 if cookie is one we made for these inputs with the current secret,
 * or with the previous one up to COOKIE_PREV_MS after it was replaced;
 * else 0.  Compared in constant time. */
int	cookie_valid(struct ike_engine *, uint64_t spi_i, struct ike_bytes ni,
	    const struct ike_addr *remote, struct ike_bytes cookie);

/* What to do with an IKE_SA_INIT request for which no SA exists yet. */
enum cookie_verdict {
	COOKIE_PASS,		/* make the half-open SA */
	COOKIE_ANSWERED,	/* a COOKIE was demanded; keep nothing */
	COOKIE_DROPPED,		/* malformed, or too many half-open SAs */
};

/*
 * Decides on the request pkt (len bytes) from remote to local under the config's cookie thresholds and half-open cap, and
 * sends the COOKIE answer into out when one is due.  Keeps no state for
 * the request.  Every refusal is counted and logged (rate-limited).
 */
enum cookie_verdict cookie_admit(struct ike_engine *, const uint8_t *pkt,
	    size_t len, const struct ike_addr *local,
	    const struct ike_addr *remote, struct ike_out *out);

#endif /* SAKER_COOKIE_H */
