/* SPDX-License-Identifier: ISC */
/*
 * cfg_rw.c - the config model's parts for road warriors: identities
 * matched by pattern (one connection serving many clients, each with its
 * own ID), and the address ranges of virtual IP pools.  Patterns follow
 * strongSwan's: '*' in FQDN and RFC822 IDs, "*" as a whole RDN value in
 * a DN.  DNs are taken apart by GnuTLS.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ike.h"
#include "iana.h"
#include "cfg.h"
#include "err.h"

/* Glob with '*' only, ASCII case ignored (DNS names and mail domains). */
static int
glob_match(const uint8_t *pat, size_t np, const uint8_t *s, size_t ns)
{
	size_t p = 0, i = 0, star_p = SIZE_MAX, star_i = 0;

	while (i < ns) {
		if (p < np && pat[p] == '*') {
			star_p = ++p;
			star_i = i;
		} else if (p < np && tolower(pat[p]) == tolower(s[i])) {
			p++;
			i++;
		} else if (star_p != SIZE_MAX) {
			p = star_p;
			i = ++star_i;
		} else {
			return 0;
		}
	}
	while (p < np && pat[p] == '*')
		p++;
	return p == np;
}

static int
dn_import(const struct ike_id *id, gnutls_x509_dn_t *dn)
{
	gnutls_datum_t in = { (unsigned char *)(uintptr_t)id->data.ptr,
	    (unsigned int)id->data.len };

	if (id->data.len == 0 || id->data.len > 0xffff ||
	    gnutls_x509_dn_init(dn) < 0)
		return 0;
	if (gnutls_x509_dn_import(*dn, &in) < 0) {
		gnutls_x509_dn_deinit(*dn);
		return 0;
	}
	return 1;
}

static int
ava_has_star(const gnutls_x509_ava_st *a)
{
	return a->value.size > 0 && memchr(a->value.data, '*', a->value.size);
}

/*
 * Walks two DNs attribute by attribute: the same number of RDNs and
 * attributes, the same OIDs, and values that match as globs (case
 * ignored, as strongSwan does).  With peer NULL, reports whether cfg has
 * a '*' in a value at all.
 */
static int
dn_walk(const struct ike_id *cfg, const struct ike_id *peer)
{
	gnutls_x509_dn_t a, b = NULL;
	gnutls_x509_ava_st x, y;
	int i, j, ra, rb, ok = 1, star = 0;

	if (!dn_import(cfg, &a))
		return 0;
	if (peer != NULL && !dn_import(peer, &b)) {
		gnutls_x509_dn_deinit(a);
		return 0;
	}
	for (i = 0; ok; i++) {
		for (j = 0; ok; j++) {
			ra = gnutls_x509_dn_get_rdn_ava(a, i, j, &x);
			if (peer == NULL) {
				if (ra < 0)
					break;
				star |= ava_has_star(&x);
				continue;
			}
			rb = gnutls_x509_dn_get_rdn_ava(b, i, j, &y);
			if (ra < 0 || rb < 0) {
				ok = ra < 0 && rb < 0;
				break;
			}
			/* Without '*' glob_match is a caseless compare; with
			 * it, "CN=*" and "CN=*.example.com" both work. */
			ok = x.oid.size == y.oid.size &&
			    memcmp(x.oid.data, y.oid.data, x.oid.size) == 0 &&
			    glob_match(x.value.data, x.value.size,
			    y.value.data, y.value.size);
		}
		/* j == 0: no attribute in this RDN, the end of both DNs. */
		if (j == 0)
			break;
	}
	gnutls_x509_dn_deinit(a);
	if (b != NULL)
		gnutls_x509_dn_deinit(b);
	return peer == NULL ? star : ok;
}

int
ike_id_is_pattern(const struct ike_id *id)
{
	switch (id->type) {
	case IKE_ID_FQDN:
	case IKE_ID_RFC822_ADDR:
		return id->data.len > 0 &&
		    memchr(id->data.ptr, '*', id->data.len) != NULL;
	case IKE_ID_DER_ASN1_DN:
		return dn_walk(id, NULL);
	default:
		return 0;
	}
}

int
ike_id_match(const struct ike_id *cfg, const struct ike_id *peer)
{
	if (cfg->type == 0 || ike_id_eq(cfg, peer))
		return 1;
	if (cfg->type != peer->type)
		return 0;
	switch (cfg->type) {
	case IKE_ID_FQDN:
	case IKE_ID_RFC822_ADDR:
		return ike_id_is_pattern(cfg) && glob_match(cfg->data.ptr,
		    cfg->data.len, peer->data.ptr, peer->data.len);
	case IKE_ID_DER_ASN1_DN:
		return dn_walk(cfg, peer);
	default:
		return 0;
	}
}

/* ---- pools ----------------------------------------------------------------- */

/* Adds d (+1 or -1) to a big-endian address. */
static void
rw_addr_step(uint8_t *a, size_t len, int d)
{
	size_t i = len;

	while (i-- > 0) {
		if (d > 0 && ++a[i] != 0)
			return;
		if (d < 0 && a[i]-- != 0)
			return;
	}
}

int
ike_pool_range_parse(const char *text, struct ike_pool_range *out,
    char *err, size_t errlen)
{
	struct ike_ts ts;
	const char *slash;
	size_t alen;
	unsigned plen;
	char why[160];

	if (text == NULL || strchr(text, '[') != NULL ||
	    strcmp(text, "dynamic") == 0)
		return ike_errf(err, errlen, "'%s' is not an address range, "
		    "subnet or address", text ? text : "");
	if (ike_ts_parse(text, &ts, why, sizeof(why)) != IKE_OK)
		return ike_errf(err, errlen, "%s", why);
	alen = ts.family == IKE_AF_INET ? 4 : 16;
	if (memcmp(ts.start, ts.end, alen) > 0)
		return ike_errf(err, errlen, "range '%s' ends before it starts",
		    text);
	memset(out, 0, sizeof(*out));
	out->family = ts.family;
	memcpy(out->start, ts.start, alen);
	memcpy(out->end, ts.end, alen);
	if ((slash = strchr(text, '/')) != NULL &&
	    sscanf(slash + 1, "%u", &plen) == 1) {
		/* The network address is nobody's; IPv4's last address is
		 * the broadcast (RFC 919), except in /31 (RFC 3021). */
		if (plen + 1 < alen * 8)
			rw_addr_step(out->start, alen, 1);
		if (ts.family == IKE_AF_INET && plen + 1 < alen * 8)
			rw_addr_step(out->end, alen, -1);
		if (memcmp(out->start, out->end, alen) > 0)
			return ike_errf(err, errlen, "subnet '%s' has no "
			    "addresses to give", text);
	}
	return IKE_OK;
}

const struct ike_pool_cfg *
ike_config_pool(const struct ike_config *cfg, const char *name)
{
	const struct ike_pool_cfg *p;

	for (p = cfg != NULL ? cfg->pools : NULL; p != NULL; p = p->next)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}
