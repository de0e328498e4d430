/* SPDX-License-Identifier: ISC */
/*
 * addr.c - libike's value types: addresses (length, comparison), and the
 * text forms of addresses, identities (RFC 7296 3.5) and traffic selectors
 * (RFC 7296 3.13.1), parsed and formatted without socket headers so that
 * libike stays free of I/O.
 * Distinguished names are encoded and decoded by GnuTLS.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "ike.h"
#include "iana.h"
#include "addr.h"
#include "cfg.h"
#include "err.h"

#define ID_TEXT_MAX	1024	/* longest ID text we parse */

/* A bounded text writer: always terminated, remembers overflow. */
struct tw {
	char	*buf;
	size_t	 len, off;
	int	 full;
};

static void __attribute__((format(printf, 2, 3)))
tw_put(struct tw *w, const char *fmt, ...)
{
	va_list ap;
	size_t room = w->off < w->len ? w->len - w->off : 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(w->buf + (room ? w->off : 0), room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		w->full = 1;
		w->off = w->len;
	} else
		w->off += (size_t)n;
}

static int
tw_done(struct tw *w)
{
	if (w->len == 0)
		return IKE_ENOSPC;
	if (w->off >= w->len)
		w->buf[w->len - 1] = '\0';
	return w->full ? IKE_ENOSPC : IKE_OK;
}

/* Decimal number of at most maxdig digits, no sign, no leading zeros
 * unless it is "0"; returns the end or NULL. */
static const char *
parse_dec(const char *p, unsigned maxdig, unsigned long max, unsigned long *v)
{
	unsigned long n = 0;
	unsigned d = 0;

	if (!isdigit((unsigned char)*p) || (p[0] == '0' && isdigit((unsigned char)p[1])))
		return NULL;
	while (isdigit((unsigned char)*p)) {
		if (++d > maxdig)
			return NULL;
		n = n * 10 + (unsigned long)(*p++ - '0');
	}
	if (n > max)
		return NULL;
	*v = n;
	return p;
}

/* Dotted IPv4 that must end at end (or the string's end if end NULL). */
static int
parse_v4(const char *p, const char *end, uint8_t out[4])
{
	unsigned long v;
	int i;

	for (i = 0; i < 4; i++) {
		if (i > 0 && *p++ != '.')
			return -1;
		if ((p = parse_dec(p, 3, 255, &v)) == NULL)
			return -1;
		out[i] = (uint8_t)v;
	}
	return (end != NULL ? p == end : *p == '\0') ? 0 : -1;
}

int
ike_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* RFC 4291 2.2: eight groups, one "::" for a run of zero groups, and an
 * optional dotted IPv4 address in the last 32 bits. */
static int
parse_v6(const char *p, uint8_t out[16])
{
	uint16_t w[8];
	int n = 0, gap = -1, i, len;
	const char *q;
	uint8_t v4[4];

	if (p[0] == ':') {
		if (p[1] != ':')
			return -1;
		gap = 0;
		p += 2;
	}
	while (*p != '\0') {
		for (q = p, len = 0; ike_hex_digit((unsigned char)*q) >= 0; q++)
			len++;
		if (*q == '.') {
			if (n > 6 || parse_v4(p, NULL, v4) != 0)
				return -1;
			w[n++] = (uint16_t)(v4[0] << 8 | v4[1]);
			w[n++] = (uint16_t)(v4[2] << 8 | v4[3]);
			break;
		}
		if (len == 0 || len > 4 || n == 8)
			return -1;
		w[n] = 0;
		for (; p < q; p++)
			w[n] = (uint16_t)(w[n] << 4 | ike_hex_digit((unsigned char)*p));
		n++;
		if (*p == '\0')
			break;
		if (*p++ != ':')
			return -1;
		if (*p == ':') {
			if (gap >= 0)
				return -1;
			gap = n;
			p++;
		} else if (*p == '\0')
			return -1;
	}
	if (gap < 0 ? n != 8 : n > 7)
		return -1;
	memset(out, 0, 16);
	for (i = 0; i < n; i++) {
		int at = (gap >= 0 && i >= gap) ? i + 8 - n : i;

		out[2 * at] = (uint8_t)(w[i] >> 8);
		out[2 * at + 1] = (uint8_t)w[i];
	}
	return 0;
}

int
ike_addr_parse(const char *text, struct ike_addr *out)
{
	struct ike_addr a;

	if (text == NULL || out == NULL)
		return IKE_EINVAL;
	memset(&a, 0, sizeof(a));
	if (parse_v4(text, NULL, a.addr) == 0)
		a.family = IKE_AF_INET;
	else if (parse_v6(text, a.addr) == 0)
		a.family = IKE_AF_INET6;
	else
		return IKE_EINVAL;
	*out = a;
	return IKE_OK;
}

static void
tw_addr(struct tw *w, uint8_t family, const uint8_t *a)
{
	static const uint8_t mapped[12] = { 0,0,0,0,0,0,0,0,0,0,0xff,0xff };
	int i, best = -1, bestlen = 1, run, at;

	if (family == IKE_AF_INET) {
		tw_put(w, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
		return;
	}
	/* RFC 5952 5: IPv4-mapped addresses keep the dotted tail. */
	if (memcmp(a, mapped, 12) == 0) {
		tw_put(w, "::ffff:%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
		return;
	}
	/* RFC 5952 4.2: the longest run of two or more zero groups, the
	 * first of equals, becomes "::". */
	for (i = 0; i < 8; i += run ? run : 1) {
		for (run = 0; i + run < 8 && a[2 * (i + run)] == 0 &&
		    a[2 * (i + run) + 1] == 0; run++)
			;
		if (run > bestlen) {
			best = i;
			bestlen = run;
		}
	}
	for (i = 0; i < 8; i++) {
		if (i == best) {
			tw_put(w, "::");
			i += bestlen - 1;
			continue;
		}
		at = i > 0 && i != best + bestlen;
		tw_put(w, "%s%x", at ? ":" : "", a[2 * i] << 8 | a[2 * i + 1]);
	}
}

size_t
ike_addr_len(uint8_t family)
{
	switch (family) {
	case IKE_AF_INET:	return 4;
	case IKE_AF_INET6:	return 16;
	default:		return 0;
	}
}

bool
ike_addr_host_eq(const struct ike_addr *a, const struct ike_addr *b)
{
	return a->family == b->family &&
	    memcmp(a->addr, b->addr, ike_addr_len(a->family)) == 0;
}

bool
ike_addr_eq(const struct ike_addr *a, const struct ike_addr *b)
{
	return ike_addr_host_eq(a, b) && a->port == b->port;
}

void
ike_addr_format_port(const struct ike_addr *a, char *buf, size_t len)
{
	char s[48];

	if (ike_addr_format(a, s, sizeof(s)) != IKE_OK)
		snprintf(s, sizeof(s), "?");
	snprintf(buf, len, "%s[%u]", s, a->port);
}

int
ike_addr_format(const struct ike_addr *a, char *buf, size_t len)
{
	struct tw w = { buf, len, 0, 0 };

	if (a == NULL || (a->family != IKE_AF_INET && a->family != IKE_AF_INET6))
		return IKE_EINVAL;
	tw_addr(&w, a->family, a->addr);
	return tw_done(&w);
}

/* Identities. */

void
ike_id_free(struct ike_id *id)
{
	if (id == NULL)
		return;
	ike_buf_free(&id->data);
	id->type = 0;
}

int
ike_id_copy(struct ike_id *dst, const struct ike_id *src)
{
	struct ike_id tmp = { src->type, { NULL, 0 } };

	if (src->data.ptr != NULL &&
	    ike_buf_set(&tmp.data, src->data.ptr, src->data.len) != IKE_OK)
		return IKE_ENOMEM;
	*dst = tmp;
	return IKE_OK;
}

static int
ascii_caseeq(const uint8_t *a, const uint8_t *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (tolower(a[i]) != tolower(b[i]))
			return 0;
	return 1;
}

int
ike_id_eq(const struct ike_id *a, const struct ike_id *b)
{
	if (a->type != b->type || a->data.len != b->data.len)
		return 0;
	if (a->data.len == 0)
		return 1;
	if (a->type == IKE_ID_FQDN || a->type == IKE_ID_RFC822_ADDR)
		return ascii_caseeq(a->data.ptr, b->data.ptr, a->data.len);
	return memcmp(a->data.ptr, b->data.ptr, a->data.len) == 0;
}


static int
id_set(struct ike_id *out, uint8_t type, const void *data, size_t len)
{
	struct ike_id id = { type, { NULL, 0 } };

	if (ike_buf_set(&id.data, data, len) != IKE_OK)
		return IKE_ENOMEM;
	*out = id;
	return IKE_OK;
}

static int
id_keyid(const char *hex, struct ike_id *out)
{
	size_t n = strlen(hex), i;
	uint8_t buf[ID_TEXT_MAX / 2];
	int hi, lo;

	if (n == 0 || n % 2 != 0)
		return IKE_EINVAL;
	for (i = 0; i < n / 2; i++) {
		hi = ike_hex_digit((unsigned char)hex[2 * i]);
		lo = ike_hex_digit((unsigned char)hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return IKE_EINVAL;
		buf[i] = (uint8_t)(hi << 4 | lo);
	}
	return id_set(out, IKE_ID_KEY_ID, buf, n / 2);
}

/* The end of the RDN starting at p: the next unescaped ',' or the end. */
static const char *
rdn_end(const char *p)
{
	for (; *p != '\0' && *p != ','; p++)
		if (*p == '\\' && p[1] != '\0')
			p++;
	return p;
}

/*
 * A DN as strongSwan and certificate subjects write it, first RDN first
 * ("C=CH, O=Org, CN=host").  GnuTLS reads RFC 4514 strings, which list
 * the last RDN first, so the RDNs are reversed; strongSwan's "E=" is
 * GnuTLS's "EMAIL=".
 */
static int
id_dn(const char *text, struct ike_id *out)
{
	const char *rdn[64], *end[64], *p = text, *e, *gerr = NULL;
	char buf[ID_TEXT_MAX + 64];
	struct tw w = { buf, sizeof(buf), 0, 0 };
	gnutls_x509_dn_t dn;
	gnutls_datum_t der = { NULL, 0 };
	size_t n = 0, i;
	int ret;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		e = rdn_end(p);
		if (n == 64)
			return IKE_EINVAL;
		rdn[n] = p;
		end[n] = e;
		while (end[n] > rdn[n] && end[n][-1] == ' ' &&
		    !(end[n] - rdn[n] >= 2 && end[n][-2] == '\\'))
			end[n]--;
		if (end[n] == rdn[n])
			return IKE_EINVAL;
		n++;
		p = *e == ',' ? e + 1 : e;
		if (*e == ',' && *p == '\0')
			return IKE_EINVAL;
	}
	if (n == 0)
		return IKE_EINVAL;
	for (i = n; i-- > 0;) {
		p = rdn[i];
		if (strncmp(p, "E=", 2) == 0) {
			tw_put(&w, "EMAIL");
			p++;
		}
		tw_put(&w, "%.*s%s", (int)(end[i] - p), p, i > 0 ? "," : "");
	}
	if (tw_done(&w) != IKE_OK)
		return IKE_EINVAL;
	if (gnutls_x509_dn_init(&dn) < 0)
		return IKE_ENOMEM;
	ret = gnutls_x509_dn_set_str(dn, buf, &gerr);
	if (ret >= 0)
		ret = gnutls_x509_dn_export2(dn, GNUTLS_X509_FMT_DER, &der);
	gnutls_x509_dn_deinit(dn);
	if (ret < 0)
		return ret == GNUTLS_E_MEMORY_ERROR ? IKE_ENOMEM : IKE_EINVAL;
	ret = id_set(out, IKE_ID_DER_ASN1_DN, der.data, der.size);
	gnutls_free(der.data);
	return ret;
}

static int
id_printable(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/* The type the plain (unprefixed) form of text would get. */
static uint8_t
id_guess(const char *text)
{
	struct ike_addr a;

	if (strcmp(text, "%any") == 0)
		return 0;
	if (ike_addr_parse(text, &a) == IKE_OK)
		return a.family == IKE_AF_INET ? IKE_ID_IPV4_ADDR : IKE_ID_IPV6_ADDR;
	if (text[0] == '@')
		return text[1] == '#' ? IKE_ID_KEY_ID : IKE_ID_FQDN;
	if (strchr(text, '=') != NULL)
		return IKE_ID_DER_ASN1_DN;
	if (strchr(text, '@') != NULL)
		return IKE_ID_RFC822_ADDR;
	if (strncmp(text, "fqdn:", 5) == 0 || strncmp(text, "email:", 6) == 0 ||
	    strncmp(text, "dn:", 3) == 0)
		return 0xff;	/* would be read as a prefix */
	return IKE_ID_FQDN;
}

int
ike_id_parse(const char *text, struct ike_id *out)
{
	struct ike_addr a;
	size_t len;

	if (text == NULL || out == NULL)
		return IKE_EINVAL;
	len = strlen(text);
	if (len == 0 || len > ID_TEXT_MAX || !id_printable(text))
		return IKE_EINVAL;
	if (strncmp(text, "fqdn:", 5) == 0)
		return len > 5 ? id_set(out, IKE_ID_FQDN, text + 5, len - 5) : IKE_EINVAL;
	if (strncmp(text, "email:", 6) == 0)
		return len > 6 ? id_set(out, IKE_ID_RFC822_ADDR, text + 6, len - 6) : IKE_EINVAL;
	if (strncmp(text, "dn:", 3) == 0)
		return id_dn(text + 3, out);
	switch (id_guess(text)) {
	case 0:
		out->type = 0;
		out->data.ptr = NULL;
		out->data.len = 0;
		return IKE_OK;
	case IKE_ID_IPV4_ADDR:
		ike_addr_parse(text, &a);
		return id_set(out, IKE_ID_IPV4_ADDR, a.addr, 4);
	case IKE_ID_IPV6_ADDR:
		ike_addr_parse(text, &a);
		return id_set(out, IKE_ID_IPV6_ADDR, a.addr, 16);
	case IKE_ID_KEY_ID:
		return id_keyid(text + 2, out);
	case IKE_ID_FQDN:
		if (text[0] == '@')
			return len > 1 ? id_set(out, IKE_ID_FQDN, text + 1, len - 1) : IKE_EINVAL;
		return id_set(out, IKE_ID_FQDN, text, len);
	case IKE_ID_DER_ASN1_DN:
		return id_dn(text, out);
	case IKE_ID_RFC822_ADDR:
	default:
		return id_set(out, IKE_ID_RFC822_ADDR, text, len);
	}
}

/* Text bytes, with anything not printable ASCII (and '\') escaped. */
static void
tw_text(struct tw *w, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] < 0x20 || p[i] >= 0x7f || p[i] == '\\')
			tw_put(w, "\\x%02x", p[i]);
		else
			tw_put(w, "%c", p[i]);
	}
}

static void
tw_hex(struct tw *w, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		tw_put(w, "%02x", p[i]);
}

/* A DER DN in strongSwan's order with ", " between RDNs; 0 when GnuTLS
 * cannot read it. */
static int
tw_dn(struct tw *w, const struct ike_bytes *der)
{
	gnutls_datum_t in = { (unsigned char *)(uintptr_t)der->ptr,
	    (unsigned int)der->len }, str = { NULL, 0 };
	gnutls_x509_dn_t dn;
	const char *p, *e;
	int ok;

	if (der->len > 0xffff || gnutls_x509_dn_init(&dn) < 0)
		return 0;
	ok = gnutls_x509_dn_import(dn, &in) >= 0 &&
	    gnutls_x509_dn_get_str2(dn, &str, GNUTLS_X509_DN_FLAG_COMPAT) >= 0 &&
	    str.data != NULL && str.size > 0;
	gnutls_x509_dn_deinit(dn);
	if (!ok) {
		gnutls_free(str.data);
		return 0;
	}
	for (p = (const char *)str.data; *p != '\0'; p = *e ? e + 1 : e) {
		e = rdn_end(p);
		if (p != (const char *)str.data)
			tw_put(w, ", ");
		tw_text(w, (const uint8_t *)p, (size_t)(e - p));
	}
	gnutls_free(str.data);
	return 1;
}

int
ike_id_format(const struct ike_id *id, char *buf, size_t len)
{
	struct tw w = { buf, len, 0, 0 };
	const uint8_t *d = id->data.ptr;
	size_t n = id->data.len;
	struct ike_bytes der = { d, n };
	char plain[ID_TEXT_MAX + 1];

	if (len > 0)
		buf[0] = '\0';
	if (n > 0 && n <= ID_TEXT_MAX) {
		memcpy(plain, d, n);
		plain[n] = '\0';
	} else
		plain[0] = '\0';
	switch (id->type) {
	case 0:
		tw_put(&w, "%%any");
		break;
	case IKE_ID_IPV4_ADDR:
	case IKE_ID_IPV6_ADDR:
		if (n == (id->type == IKE_ID_IPV4_ADDR ? 4u : 16u))
			tw_addr(&w, id->type == IKE_ID_IPV4_ADDR ?
			    IKE_AF_INET : IKE_AF_INET6, d);
		else
			goto other;
		break;
	case IKE_ID_FQDN:
		/* "@" keeps the type when the text would read as another. */
		if (n == 0 || strlen(plain) != n || id_guess(plain) != IKE_ID_FQDN ||
		    plain[0] == '@')
			tw_put(&w, "@");
		tw_text(&w, d, n);
		break;
	case IKE_ID_RFC822_ADDR:
		if (strlen(plain) != n || id_guess(plain) != IKE_ID_RFC822_ADDR)
			tw_put(&w, "email:");
		tw_text(&w, d, n);
		break;
	case IKE_ID_KEY_ID:
		tw_put(&w, "@#");
		tw_hex(&w, d, n);
		break;
	case IKE_ID_DER_ASN1_DN:
		if (tw_dn(&w, &der))
			break;
		/* FALLTHROUGH */
	default:
	other:
		tw_put(&w, "id type %u: ", id->type);
		tw_hex(&w, d, n);
		break;
	}
	return tw_done(&w);
}

/* Traffic selectors. */

struct ts_proto {
	const char	*name;
	uint8_t		 proto;
};

static const struct ts_proto ts_protos[] = {
	{ "icmp", 1 }, { "tcp", 6 }, { "udp", 17 }, { "gre", 47 },
	{ "esp", 50 }, { "ipv6-icmp", 58 }, { "icmpv6", 58 }, { "sctp", 132 },
};

/* "[proto]" or "[proto/port]" with the brackets already removed. */
static int
ts_parse_suffix(const char *text, char *s, struct ike_ts *ts, char *err,
    size_t errlen)
{
	char *port = strchr(s, '/'), *dash;
	unsigned long v, hi;
	const char *e;
	size_t i;

	if (port != NULL)
		*port++ = '\0';
	if (*s == '\0' || strcmp(s, "%any") == 0 || strcmp(s, "any") == 0)
		ts->proto = 0;
	else if ((e = parse_dec(s, 3, 255, &v)) != NULL && *e == '\0')
		ts->proto = (uint8_t)v;
	else {
		for (i = 0; i < sizeof(ts_protos) / sizeof(ts_protos[0]); i++)
			if (strcmp(s, ts_protos[i].name) == 0)
				break;
		if (i == sizeof(ts_protos) / sizeof(ts_protos[0]))
			return ike_errf(err, errlen, "unknown protocol '%s' in "
			    "traffic selector '%s'", s, text);
		ts->proto = ts_protos[i].proto;
	}
	if (port == NULL || *port == '\0' || strcmp(port, "%any") == 0)
		return IKE_OK;
	if (ts->proto == 0)
		return ike_errf(err, errlen, "a port needs a protocol in traffic "
		    "selector '%s'", text);
	dash = strchr(port, '-');
	if (dash != NULL)
		*dash++ = '\0';
	if ((e = parse_dec(port, 5, 65535, &v)) == NULL || *e != '\0')
		return ike_errf(err, errlen, "bad port '%s' in traffic selector "
		    "'%s'", port, text);
	hi = v;
	if (dash != NULL && ((e = parse_dec(dash, 5, 65535, &hi)) == NULL ||
	    *e != '\0' || hi < v))
		return ike_errf(err, errlen, "bad port range in traffic selector "
		    "'%s'", text);
	ts->port_lo = (uint16_t)v;
	ts->port_hi = (uint16_t)hi;
	return IKE_OK;
}

/* Address part: CIDR, a single address or a range "a-b". */
static int
ts_parse_addr(const char *text, char *s, struct ike_ts *ts, char *err,
    size_t errlen)
{
	struct ike_addr lo, hi;
	char *slash = strchr(s, '/'), *dash = strchr(s, '-');
	unsigned long bits;
	const char *e;
	size_t alen, i;

	if (slash != NULL)
		*slash++ = '\0';
	else if (dash != NULL)
		*dash++ = '\0';
	if (ike_addr_parse(s, &lo) != IKE_OK)
		return ike_errf(err, errlen, "bad address '%s' in traffic selector "
		    "'%s'", s, text);
	alen = lo.family == IKE_AF_INET ? 4 : 16;
	hi = lo;
	if (slash != NULL) {
		if ((e = parse_dec(slash, 3, alen * 8, &bits)) == NULL || *e != '\0')
			return ike_errf(err, errlen, "bad prefix length '%s' in "
			    "traffic selector '%s'", slash, text);
		/* strongSwan clears host bits, so we do too. */
		for (i = 0; i < alen; i++) {
			unsigned keep = bits >= 8 * (i + 1) ? 8 :
			    bits > 8 * i ? (unsigned)(bits - 8 * i) : 0;
			uint8_t mask = (uint8_t)(0xff00 >> keep);

			lo.addr[i] &= mask;
			hi.addr[i] = (uint8_t)(lo.addr[i] | ~mask);
		}
	} else if (dash != NULL) {
		if (ike_addr_parse(dash, &hi) != IKE_OK || hi.family != lo.family)
			return ike_errf(err, errlen, "bad range end '%s' in traffic "
			    "selector '%s'", dash, text);
		if (memcmp(lo.addr, hi.addr, alen) > 0)
			return ike_errf(err, errlen, "range start above its end in "
			    "traffic selector '%s'", text);
	}
	ts->family = lo.family;
	memcpy(ts->start, lo.addr, sizeof(ts->start));
	memcpy(ts->end, hi.addr, sizeof(ts->end));
	return IKE_OK;
}

int
ike_ts_parse(const char *text, struct ike_ts *out, char *err, size_t errlen)
{
	char s[128], *br;
	struct ike_ts ts;
	size_t len;
	int ret;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (text == NULL || out == NULL)
		return ike_errf(err, errlen, "no traffic selector");
	len = strlen(text);
	if (len == 0 || len >= sizeof(s))
		return ike_errf(err, errlen, "traffic selector of bad length");
	memcpy(s, text, len + 1);
	memset(&ts, 0, sizeof(ts));
	ts.port_hi = 65535;
	br = strchr(s, '[');
	if (br != NULL) {
		if (s[len - 1] != ']' || strchr(br + 1, '[') != NULL ||
		    strchr(br, ']') != &s[len - 1])
			return ike_errf(err, errlen, "unbalanced '[' in traffic "
			    "selector '%s'", text);
		s[len - 1] = '\0';
		*br = '\0';
		if ((ret = ts_parse_suffix(text, br + 1, &ts, err, errlen)) != IKE_OK)
			return ret;
	} else if (strchr(s, ']') != NULL)
		return ike_errf(err, errlen, "unbalanced ']' in traffic selector "
		    "'%s'", text);
	if (strcmp(s, "dynamic") == 0)
		ts.family = IKE_TS_DYNAMIC;
	else if ((ret = ts_parse_addr(text, s, &ts, err, errlen)) != IKE_OK)
		return ret;
	*out = ts;
	return IKE_OK;
}

/* The prefix length if start..end is a CIDR block, else -1. */
static int
ts_prefix(const struct ike_ts *ts, size_t alen)
{
	int bits = -1, k, lo, hi;

	for (k = 0; k < (int)alen * 8; k++) {
		lo = ts->start[k / 8] >> (7 - k % 8) & 1;
		hi = ts->end[k / 8] >> (7 - k % 8) & 1;
		if (bits < 0 && lo == hi)
			continue;
		if (bits < 0)
			bits = k;
		if (lo != 0 || hi != 1)
			return -1;
	}
	return bits < 0 ? (int)alen * 8 : bits;
}

int
ike_ts_format(const struct ike_ts *ts, char *buf, size_t len)
{
	struct tw w = { buf, len, 0, 0 };
	size_t alen, i;
	int bits;

	if (ts->family == IKE_TS_DYNAMIC)
		tw_put(&w, "dynamic");
	else if (ts->family == IKE_AF_INET || ts->family == IKE_AF_INET6) {
		alen = ts->family == IKE_AF_INET ? 4 : 16;
		bits = ts_prefix(ts, alen);
		tw_addr(&w, ts->family, ts->start);
		if (bits < 0) {
			tw_put(&w, "-");
			tw_addr(&w, ts->family, ts->end);
		} else if ((size_t)bits != alen * 8)
			tw_put(&w, "/%d", bits);
	} else
		return IKE_EINVAL;
	if (ts->proto != 0 || ts->port_lo != 0 || ts->port_hi != 65535) {
		for (i = 0; i < sizeof(ts_protos) / sizeof(ts_protos[0]); i++)
			if (ts_protos[i].proto == ts->proto)
				break;
		if (ts->proto == 0)
			tw_put(&w, "[%%any");
		else if (i < sizeof(ts_protos) / sizeof(ts_protos[0]))
			tw_put(&w, "[%s", ts_protos[i].name);
		else
			tw_put(&w, "[%u", ts->proto);
		if (ts->port_lo == 0 && ts->port_hi == 65535)
			tw_put(&w, "]");
		else if (ts->port_lo == ts->port_hi)
			tw_put(&w, "/%u]", ts->port_lo);
		else
			tw_put(&w, "/%u-%u]", ts->port_lo, ts->port_hi);
	}
	return tw_done(&w);
}

/* An address as an ID (RFC 7296 3.5 ID_IPV4_ADDR / ID_IPV6_ADDR), used
 * when the config names none; a view into a. */
void
ike_id_of_addr(const struct ike_addr *a, struct ike_id *out)
{
	out->type = a->family == IKE_AF_INET ? IKE_ID_IPV4_ADDR : IKE_ID_IPV6_ADDR;
	out->data.ptr = (uint8_t *)a->addr;
	out->data.len = ike_addr_len(a->family);
}
