/* SPDX-License-Identifier: ISC */
/*
 * rules.c - the payloads each exchange may carry, as one const table
 * (RFC 7296 1.2-1.5 and 2.21, RFC 7383), and the check that runs before
 * any exchange handler: required payloads present, nothing that is not
 * allowed, at most one of the single payloads, the right payloads inside
 * SK, and a Child SA's SA/TSi/TSr together.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "rules.h"
#include "names.h"
#include "pld.h"
#include "iana.h"

#define P(t)	RULES_PL(IKE_PL_##t)

/* What one IKE_AUTH or CREATE_CHILD_SA may carry for its Child SA. */
#define CHILD	(P(SA) | P(TSI) | P(TSR))

const struct rules_row rules_table[] = {
	/*
	 * RFC 7296 1.2: HDR, SAi1, KEi, Ni (and N(COOKIE) in a retry, 2.6;
	 * N such as NAT_DETECTION_*, V).  The response adds CERTREQ; an
	 * error response is N(NO_PROPOSAL_CHOSEN), N(INVALID_KE_PAYLOAD) or
	 * N(COOKIE) alone (1.3, 2.6, 2.7).
	 */
	{ IKE_X_IKE_SA_INIT, 0, 0, 0,
	  P(SA) | P(KE) | P(NONCE) | P(NOTIFY) | P(VENDOR), 0,
	  P(SA) | P(KE) | P(NONCE), 0, 0,
	  P(SA) | P(KE) | P(NONCE),
	  "IKE_SA_INIT request" },
	{ IKE_X_IKE_SA_INIT, 1, 0, 1,
	  P(SA) | P(KE) | P(NONCE) | P(NOTIFY) | P(VENDOR) | P(CERTREQ), 0,
	  P(SA) | P(KE) | P(NONCE), 0, 0,
	  P(SA) | P(KE) | P(NONCE),
	  "IKE_SA_INIT response" },
	/*
	 * RFC 7296 1.2, 2.16: HDR, SK {IDi, [CERT+], [CERTREQ+], [IDr],
	 * AUTH, [CP], SAi2, TSi, TSr}.  With EAP the first request has no
	 * AUTH and later ones carry EAP or AUTH alone; RFC 7296 1.2 allows
	 * an IKE SA without Child SA (no SA/TSi/TSr, RFC 6023).
	 */
	{ IKE_X_IKE_AUTH, 0, 1, 0,
	  0,
	  P(IDI) | P(IDR) | P(CERT) | P(CERTREQ) | P(AUTH) | CHILD | P(CP) |
	  P(NOTIFY) | P(VENDOR) | P(EAP),
	  0, P(IDI) | P(AUTH) | P(EAP), CHILD,
	  P(IDI) | P(IDR) | P(AUTH) | CHILD | P(CP) | P(EAP),
	  "IKE_AUTH request" },
	/* HDR, SK {IDr, [CERT+], AUTH, [CP], SAr2, TSi, TSr}, or EAP, or
	 * N(AUTHENTICATION_FAILED) alone (2.21.2). */
	{ IKE_X_IKE_AUTH, 1, 1, 1,
	  0,
	  P(IDR) | P(CERT) | P(AUTH) | CHILD | P(CP) | P(NOTIFY) |
	  P(VENDOR) | P(EAP),
	  0, P(IDR) | P(AUTH) | P(EAP), CHILD,
	  P(IDR) | P(AUTH) | CHILD | P(CP) | P(EAP),
	  "IKE_AUTH response" },
	/*
	 * RFC 7296 1.3: HDR, SK {[N(REKEY_SA)], SA, Ni, [KEi], [TSi, TSr]};
	 * rekeying the IKE SA has no TS.  An error answer is a notify alone
	 * (1.3, NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD, TS_UNACCEPTABLE...).
	 */
	{ IKE_X_CREATE_CHILD_SA, 0, 1, 0,
	  0,
	  P(SA) | P(NONCE) | P(KE) | P(TSI) | P(TSR) | P(NOTIFY) | P(VENDOR),
	  P(SA) | P(NONCE), 0, P(TSI) | P(TSR),
	  P(SA) | P(NONCE) | P(KE) | P(TSI) | P(TSR),
	  "CREATE_CHILD_SA request" },
	{ IKE_X_CREATE_CHILD_SA, 1, 1, 1,
	  0,
	  P(SA) | P(NONCE) | P(KE) | P(TSI) | P(TSR) | P(NOTIFY) | P(VENDOR),
	  P(SA) | P(NONCE), 0, P(TSI) | P(TSR),
	  P(SA) | P(NONCE) | P(KE) | P(TSI) | P(TSR),
	  "CREATE_CHILD_SA response" },
	/* RFC 7296 1.4, 1.5: HDR, SK {[N], [D], [CP]}; empty is a liveness
	 * check. */
	{ IKE_X_INFORMATIONAL, 0, 1, 0,
	  0, P(NOTIFY) | P(DELETE) | P(CP) | P(VENDOR),
	  0, 0, 0, P(CP),
	  "INFORMATIONAL request" },
	{ IKE_X_INFORMATIONAL, 1, 1, 0,
	  0, P(NOTIFY) | P(DELETE) | P(CP) | P(VENDOR),
	  0, 0, 0, P(CP),
	  "INFORMATIONAL response" },
};

const size_t rules_table_len = sizeof(rules_table) / sizeof(rules_table[0]);

const struct rules_row *
rules_find(uint8_t exchange, int response)
{
	size_t i;

	for (i = 0; i < rules_table_len; i++)
		if (rules_table[i].exchange == exchange &&
		    rules_table[i].response == (response != 0))
			return &rules_table[i];
	return NULL;
}

static const char *
pl_name(uint8_t t)
{
	const char *n = names_get(NAMES_PAYLOAD, t);

	return n != NULL ? n : "?";
}

/* Writes the reason and returns IKE_ERULES. */
static int
reject(char *why, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
reject(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ike_vwhy(why, len, fmt, ap);
	va_end(ap);
	return IKE_ERULES;
}

/* The lowest payload type in mask, for messages. */
static uint8_t
first_type(uint32_t mask)
{
	uint8_t t;

	for (t = 33; t < 64; t++)
		if (mask & RULES_PL(t))
			return t;
	return 0;
}

/* The names of the payload types in mask, "IDi, AUTH, EAP", into buf. */
static const char *
mask_names(uint32_t mask, char *buf, size_t len)
{
	size_t used = 0;
	uint8_t t;

	buf[0] = '\0';
	for (t = 33; t < 64 && used < len; t++) {
		int n;

		if (!(mask & RULES_PL(t)))
			continue;
		n = snprintf(buf + used, len - used, "%s%s",
		    used > 0 ? ", " : "", pl_name(t));
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}

/*
 * RFC 7296 2.21, 2.6, RFC 5685: a response that is an error notify, a
 * cookie request or a redirect needs none of the usual payloads.
 */
static int
waives(const struct msg *m)
{
	size_t i;

	for (i = 0; i < m->n_pl; i++) {
		struct pld_notify n;

		if (!m->pl[i].known || m->pl[i].type != IKE_PL_NOTIFY)
			continue;
		if (pld_notify_parse(m->pl[i].body, &n) != 0)
			continue;
		if (pld_notify_is_error(n.type) || n.type == IKE_N_COOKIE ||
		    n.type == IKE_N_REDIRECT)
			return 1;
	}
	return 0;
}

int
rules_check(const struct msg *m, char *why, size_t whylen)
{
	const struct rules_row *row;
	unsigned count[32];
	uint32_t present = 0, missing, both;
	char ubuf[NAMES_BUFLEN], list[64];
	size_t i;

	if (why != NULL && whylen > 0)
		why[0] = '\0';
	row = rules_find(m->hdr.exchange, msg_is_response(&m->hdr));
	if (row == NULL)
		return reject(why, whylen, "exchange %s not supported",
		    names_str(NAMES_EXCHANGE, m->hdr.exchange, ubuf, sizeof(ubuf)));
	memset(count, 0, sizeof(count));
	for (i = 0; i < m->n_pl; i++) {
		const struct msg_pl *pl = &m->pl[i];
		uint32_t bit;

		if (!pl->known)
			continue;
		bit = RULES_PL(pl->type);
		if (pl->type == IKE_PL_SK || pl->type == IKE_PL_SKF) {
			if (!row->encrypted)
				return reject(why, whylen, "%s: %s not allowed",
				    row->what, pl_name(pl->type));
			continue;
		}
		if (pl->inner && !(row->inner & bit))
			return reject(why, whylen, "%s: %s not allowed",
			    row->what, pl_name(pl->type));
		if (!pl->inner && !(row->outer & bit))
			return reject(why, whylen, "%s: %s %s", row->what,
			    pl_name(pl->type), (row->inner & bit) ?
			    "outside SK" : "not allowed");
		count[pl->type - 32]++;
		present |= bit;
	}
	if (row->encrypted && m->sk < 0)
		return reject(why, whylen, "%s: not encrypted", row->what);
	/* The inner payloads are checked once they are known. */
	if (row->encrypted && !m->decrypted)
		return IKE_OK;
	for (i = 0; i < 32; i++)
		if (count[i] > 1 && (row->once & ((uint32_t)1 << i)))
			return reject(why, whylen, "%s: more than one %s",
			    row->what, pl_name((uint8_t)(i + 32)));
	if (!(row->waiver && waives(m))) {
		missing = row->required & ~present;
		if (missing != 0)
			return reject(why, whylen, "%s: %s missing", row->what,
			    pl_name(first_type(missing)));
		if (row->any_of != 0 && !(present & row->any_of))
			return reject(why, whylen, "%s: needs one of %s",
			    row->what, mask_names(row->any_of, list,
			    sizeof(list)));
	}
	both = present & row->together;
	if (both != 0 && both != row->together)
		return reject(why, whylen, "%s: %s without %s", row->what,
		    pl_name(first_type(both)),
		    pl_name(first_type(row->together & ~both)));
	return IKE_OK;
}
