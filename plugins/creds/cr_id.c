/* SPDX-License-Identifier: ISC */
/*
 * cr_id.c - does a certificate hold an IKE identity?  RFC 7296 3.5 and
 * RFC 4945 3.1: an FQDN, RFC822 or IP address ID must appear among the
 * subjectAltNames (dNSName, rfc822Name, iPAddress), a DER_ASN1_DN ID must
 * be the subject.  DNs compare by their attributes, not by the string
 * types a CA happened to encode them with; names compare without case.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cr_int.h"
#include "iana.h"

/* The RFC 4514 text of a DER DN, for a comparison that ignores string
 * types; NULL when it does not parse. */
static char *
cr_dn_text(const gnutls_datum_t *der)
{
	gnutls_x509_dn_t dn;
	gnutls_datum_t txt = { NULL, 0 };
	char *s = NULL;

	if (gnutls_x509_dn_init(&dn) < 0)
		return NULL;
	if (gnutls_x509_dn_import(dn, der) >= 0 &&
	    gnutls_x509_dn_get_str2(dn, &txt, 0) >= 0) {
		s = strdup((char *)txt.data);
		gnutls_free(txt.data);
	}
	gnutls_x509_dn_deinit(dn);
	return s;
}

static int
cr_dn_match(gnutls_x509_crt_t crt, const struct ike_id *id)
{
	gnutls_datum_t subj = { NULL, 0 }, want;
	char *a, *b;
	int eq = 0;

	if (gnutls_x509_crt_get_raw_dn(crt, &subj) < 0)
		return 0;
	want.data = id->data.ptr;
	want.size = (unsigned)id->data.len;
	if (subj.size == want.size && memcmp(subj.data, want.data, want.size) == 0)
		eq = 1;
	else if ((a = cr_dn_text(&subj)) != NULL) {
		if ((b = cr_dn_text(&want)) != NULL) {
			eq = strcasecmp(a, b) == 0;
			free(b);
		}
		free(a);
	}
	gnutls_free(subj.data);
	return eq;
}

int
cr_id_match(gnutls_x509_crt_t crt, const struct ike_id *id)
{
	char san[1024];
	size_t size;
	unsigned int i, crit;
	int type, want;

	switch (id->type) {
	case IKE_ID_DER_ASN1_DN:
		return cr_dn_match(crt, id);
	case IKE_ID_FQDN:
		want = GNUTLS_SAN_DNSNAME;
		break;
	case IKE_ID_RFC822_ADDR:
		want = GNUTLS_SAN_RFC822NAME;
		break;
	case IKE_ID_IPV4_ADDR:
	case IKE_ID_IPV6_ADDR:
		want = GNUTLS_SAN_IPADDRESS;
		break;
	default:
		return 0;
	}
	for (i = 0;; i++) {
		size = sizeof(san);
		type = gnutls_x509_crt_get_subject_alt_name(crt, i, san, &size,
		    &crit);
		if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return 0;
		if (type < 0 || type != want || size != id->data.len)
			continue;
		if (want == GNUTLS_SAN_IPADDRESS ?
		    memcmp(san, id->data.ptr, size) == 0 :
		    strncasecmp(san, (const char *)id->data.ptr, size) == 0)
			return 1;
	}
}

void
cr_sans(gnutls_x509_crt_t crt, char *buf, size_t len)
{
	char san[1024], ip[64];
	size_t size, off = 0;
	unsigned int i, crit;
	struct ike_addr a;
	const char *kind;
	int type;

	buf[0] = '\0';
	for (i = 0; off < len; i++) {
		size = sizeof(san) - 1;
		type = gnutls_x509_crt_get_subject_alt_name(crt, i, san, &size,
		    &crit);
		if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (type < 0)
			continue;
		san[size] = '\0';
		switch (type) {
		case GNUTLS_SAN_DNSNAME:	kind = "dns"; break;
		case GNUTLS_SAN_RFC822NAME:	kind = "email"; break;
		case GNUTLS_SAN_URI:		kind = "uri"; break;
		case GNUTLS_SAN_IPADDRESS:
			kind = "ip";
			memset(&a, 0, sizeof(a));
			a.family = size == 4 ? IKE_AF_INET : IKE_AF_INET6;
			memcpy(a.addr, san, size <= 16 ? size : 16);
			if (ike_addr_format(&a, ip, sizeof(ip)) < 0)
				snprintf(ip, sizeof(ip), "?");
			snprintf(san, sizeof(san), "%s", ip);
			break;
		default:
			continue;
		}
		off += (size_t)snprintf(buf + off, len - off, "%s%s:%s",
		    off > 0 ? ", " : "", kind, san);
	}
}
