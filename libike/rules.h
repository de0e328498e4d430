/* SPDX-License-Identifier: ISC */
/*
 * rules.h - which payloads each exchange may carry (RFC 7296 1.2-1.5,
 * RFC 7383), as one const table, checked once before any exchange
 * handler runs.
 */
#ifndef SAKER_RULES_H
#define SAKER_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"

/* Payload type sets as bit masks: bit (type - 32) for types 33..63. */
#define RULES_PL(t)	((uint32_t)1 << ((t) - 32))

/* Count limits for one payload type. */
#define RULES_MANY	255

/*
 * One row: an exchange in one direction.
 *  outer	payloads allowed outside SK (before it)
 *  inner	payloads allowed inside SK (0 and encrypted = 0: no SK)
 *  encrypted	1: the exchange must be protected by SK or SKF
 *  required	each must be present (unless the error waiver applies)
 *  any_of	at least one of these must be present (0: no such rule)
 *  together	all of these or none (SA, TSi, TSr of a Child SA)
 *  once	may appear at most once (the others: RULES_MANY)
 *  waiver	1: a response carrying an error notify (type < 16384),
 *		COOKIE or REDIRECT needs nothing else (RFC 7296 2.21,
 *		2.6, 1.3: the error answer is a notify alone)
 */
struct rules_row {
	uint8_t		 exchange;	/* IKE_X_* */
	uint8_t		 response;	/* 0 request, 1 response */
	uint8_t		 encrypted;
	uint8_t		 waiver;
	uint32_t	 outer;
	uint32_t	 inner;
	uint32_t	 required;
	uint32_t	 any_of;
	uint32_t	 together;
	uint32_t	 once;
	const char	*what;		/* "IKE_SA_INIT request" */
};

/* The table and its size, for tests and the decode tool. */
extern const struct rules_row rules_table[];
extern const size_t rules_table_len;

/* The row for an exchange and direction, or NULL. */
const struct rules_row *rules_find(uint8_t exchange, int response);

/*
 * Checks m against its row.  Before msg_parse_inner() only the outer part
 * is checked (SK present when required, nothing else outside it that is
 * not allowed); after it, the inner part too.  Unknown non-critical
 * payloads (known = 0) are ignored.  Returns IKE_OK, or IKE_ERULES with a
 * one-line human reason in why (why may be NULL): e.g. "IKE_SA_INIT
 * request: KE missing", "IKE_AUTH request: SA outside SK".
 */
int	rules_check(const struct msg *m, char *why, size_t whylen);

#endif /* SAKER_RULES_H */
