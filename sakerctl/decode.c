/* SPDX-License-Identifier: ISC */
/*
 * decode.c - `sakerctl decode`: reads one IKE datagram and shows its
 * header and payloads with IANA names.  Everything on the wire goes
 * through libike's codec (msg_parse(), pld_*_parse()); this file only
 * turns the parsed structs into a JSON tree and prints it.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sakerctl/decode.h"
#include "iana.h"
#include "msg.h"
#include "names.h"
#include "pld.h"
#include "rules.h"
#include "ts.h"

#define DECODE_MAX_FILE	(1024 * 1024)
#define TEXT_HEX_MAX	128	/* hex digits shown per value in text form */

/* ------------------------------------------------------------- input */

/* 1 if buf is hex text: hex digits, whitespace and ':' only, some digits. */
static int
is_hex_text(const uint8_t *buf, size_t len)
{
	size_t i, digits = 0;

	for (i = 0; i < len; i++) {
		if (ike_hex_digit(buf[i]) >= 0)
			digits++;
		else if (!isspace(buf[i]) && buf[i] != ':')
			return 0;
	}
	return digits > 0;
}

int
decode_input(const uint8_t *buf, size_t len, uint8_t **out, size_t *outlen,
    int *marker, char *err, size_t errlen)
{
	uint8_t *d;
	size_t n = 0, i;

	d = malloc(len > 0 ? len : 1);
	if (d == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (is_hex_text(buf, len)) {
		int hi = -1;

		for (i = 0; i < len; i++) {
			int v = ike_hex_digit(buf[i]);

			if (v < 0)
				continue;
			if (hi < 0)
				hi = v;
			else {
				d[n++] = (uint8_t)(hi << 4 | v);
				hi = -1;
			}
		}
		if (hi >= 0) {
			free(d);
			snprintf(err, errlen, "odd number of hex digits");
			return -1;
		}
	} else {
		memcpy(d, buf, len);
		n = len;
	}
	/* RFC 3948 2.2: on port 4500 IKE messages start with four zero
	 * bytes; an IKE SPI_i is never zero (RFC 7296 3.1), so they can
	 * only be the marker. */
	*marker = 0;
	if (n >= IKE_NON_ESP_MARKER_LEN + IKE_HDR_LEN &&
	    d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 0) {
		memmove(d, d + IKE_NON_ESP_MARKER_LEN, n - IKE_NON_ESP_MARKER_LEN);
		n -= IKE_NON_ESP_MARKER_LEN;
		*marker = 1;
	}
	if (n == 0) {
		free(d);
		snprintf(err, errlen, "empty input");
		return -1;
	}
	*out = d;
	*outlen = n;
	return 0;
}

/* ------------------------------------------------------ JSON helpers */

static json_t *
jhex(struct ike_bytes b)
{
	static const char digits[] = "0123456789abcdef";
	char *s = malloc(b.len * 2 + 1);
	json_t *j;
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < b.len; i++) {
		s[2 * i] = digits[b.ptr[i] >> 4];
		s[2 * i + 1] = digits[b.ptr[i] & 15];
	}
	s[2 * b.len] = '\0';
	j = json_string(s);
	free(s);
	return j;
}

static json_t *
jname(enum names_map map, unsigned v)
{
	char buf[NAMES_BUFLEN];

	return json_string(names_str(map, v, buf, sizeof(buf)));
}

static json_t *
jfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static json_t *
jfmt(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return json_string(buf);
}

/* The bytes as a string if they are printable ASCII, else as hex. */
static json_t *
jtext(struct ike_bytes b)
{
	size_t i;

	for (i = 0; i < b.len; i++)
		if (b.ptr[i] < 0x20 || b.ptr[i] > 0x7e)
			return jhex(b);
	return json_stringn((const char *)b.ptr, b.len);
}

static json_t *
jaddr(int family, const uint8_t *a)
{
	char buf[INET6_ADDRSTRLEN];

	ts_addr_format((uint8_t)family, a, buf, sizeof(buf));
	return json_string(buf);
}

static void
set(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v != NULL ? v : json_null());
}

/* --------------------------------------------------------- payloads */

static int
dec_sa(json_t *o, struct ike_bytes body)
{
	static struct pld_sa sa;
	json_t *props;
	size_t i, j;
	int ret;

	if ((ret = pld_sa_parse(body, &sa)) != 0)
		return ret;
	props = json_array();
	for (i = 0; i < sa.n_prop; i++) {
		const struct pld_prop *p = &sa.prop[i];
		json_t *jp = json_object(), *xfs = json_array();

		set(jp, "number", json_integer(p->num));
		set(jp, "protocol", jname(NAMES_PROTO, p->proto));
		if (p->spi.len > 0)
			set(jp, "spi", jhex(p->spi));
		for (j = 0; j < p->n_xf; j++) {
			const struct pld_xform *x = &sa.xf[p->first_xf + j];
			json_t *jx = json_object();
			char buf[NAMES_BUFLEN];

			set(jx, "type", jname(NAMES_XF_TYPE, x->xf.type));
			set(jx, "id", json_string(names_xform_id(x->xf.type,
			    x->xf.id, buf, sizeof(buf))));
			if (x->xf.keylen != 0)
				set(jx, "key_length", json_integer(x->xf.keylen));
			if (x->n_unknown > 0) {
				struct wire_r r = wire_r_view(x->attrs);
				struct pld_xattr a;
				json_t *attrs = json_array();

				while (pld_xattr_next(&r, &a) == 1) {
					json_t *ja;

					if (a.type == IKE_XATTR_KEY_LENGTH)
						continue;
					ja = json_object();
					set(ja, "type", json_integer(a.type));
					set(ja, "value", a.tv ?
					    json_integer(a.tv_value) : jhex(a.value));
					json_array_append_new(attrs, ja);
				}
				set(jx, "attributes", attrs);
			}
			json_array_append_new(xfs, jx);
		}
		set(jp, "transforms", xfs);
		json_array_append_new(props, jp);
	}
	set(o, "proposals", props);
	return 0;
}

static int
dec_ke(json_t *o, struct ike_bytes body)
{
	struct pld_ke ke;
	int ret;

	if ((ret = pld_ke_parse(body, &ke)) != 0)
		return ret;
	set(o, "group", jname(NAMES_KE, ke.group));
	set(o, "data_length", json_integer((json_int_t)ke.data.len));
	set(o, "data", jhex(ke.data));
	return 0;
}

static json_t *
jid(uint8_t type, struct ike_bytes data)
{
	switch (type) {
	case IKE_ID_IPV4_ADDR:
		return jaddr(IKE_AF_INET, data.ptr);
	case IKE_ID_IPV6_ADDR:
		return jaddr(IKE_AF_INET6, data.ptr);
	case IKE_ID_FQDN:
	case IKE_ID_RFC822_ADDR:
		return jtext(data);
	default:
		return jhex(data);
	}
}

static int
dec_id(json_t *o, struct ike_bytes body)
{
	struct pld_id id;
	int ret;

	if ((ret = pld_id_parse(body, &id)) != 0)
		return ret;
	set(o, "id_type", jname(NAMES_ID, id.type));
	set(o, "id", jid(id.type, id.data));
	return 0;
}

static int
dec_cert(json_t *o, struct ike_bytes body)
{
	struct pld_cert c;
	int ret;

	if ((ret = pld_cert_parse(body, &c)) != 0)
		return ret;
	set(o, "encoding", jname(NAMES_CERT, c.enc));
	set(o, "data_length", json_integer((json_int_t)c.data.len));
	set(o, "data", jhex(c.data));
	return 0;
}

/* RFC 7296 3.7: for X.509 the authority field is SHA-1 hashes of CA keys. */
static int
dec_certreq(json_t *o, struct ike_bytes body)
{
	struct pld_cert c;
	int ret;

	if ((ret = pld_certreq_parse(body, &c)) != 0)
		return ret;
	set(o, "encoding", jname(NAMES_CERT, c.enc));
	if (c.data.len % 20 == 0) {
		json_t *a = json_array();
		size_t i;

		for (i = 0; i < c.data.len; i += 20) {
			struct ike_bytes h = { c.data.ptr + i, 20 };

			json_array_append_new(a, jhex(h));
		}
		set(o, "authorities", a);
	} else
		set(o, "data", jhex(c.data));
	return 0;
}

static int
dec_auth(json_t *o, struct ike_bytes body)
{
	struct pld_auth a;
	int ret;

	if ((ret = pld_auth_parse(body, &a)) != 0)
		return ret;
	set(o, "method", jname(NAMES_AUTH, a.method));
	set(o, "data_length", json_integer((json_int_t)a.data.len));
	set(o, "data", jhex(a.data));
	return 0;
}

static int
dec_nonce(json_t *o, struct ike_bytes body)
{
	struct pld_nonce n;
	int ret;

	if ((ret = pld_nonce_parse(body, &n)) != 0)
		return ret;
	set(o, "data_length", json_integer((json_int_t)n.data.len));
	set(o, "data", jhex(n.data));
	return 0;
}

/* Notification data whose meaning is simple enough to show decoded. */
static void
notify_data(json_t *o, uint16_t type, struct ike_bytes d)
{
	struct wire_r r = wire_r_view(d);

	switch (type) {
	case IKE_N_INVALID_KE_PAYLOAD:		/* RFC 7296 3.10.1 */
		if (d.len == 2) {
			set(o, "group", jname(NAMES_KE, wire_r_u16(&r)));
			return;
		}
		break;
	case IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD:
		if (d.len == 1) {
			set(o, "payload", jname(NAMES_PAYLOAD, wire_r_u8(&r)));
			return;
		}
		break;
	case IKE_N_SET_WINDOW_SIZE:
	case IKE_N_AUTH_LIFETIME:
		if (d.len == 4) {
			set(o, "value", json_integer(wire_r_u32(&r)));
			return;
		}
		break;
	case IKE_N_SIGNATURE_HASH_ALGORITHMS:	/* RFC 7427 4 */
		if (d.len % 2 == 0) {
			json_t *a = json_array();

			while (wire_r_left(&r) > 0)
				json_array_append_new(a, jname(NAMES_HASH,
				    wire_r_u16(&r)));
			set(o, "hashes", a);
			return;
		}
		break;
	default:
		break;
	}
	if (d.len > 0)
		set(o, "data", jhex(d));
}

static int
dec_notify(json_t *o, struct ike_bytes body)
{
	struct pld_notify n;
	int ret;

	if ((ret = pld_notify_parse(body, &n)) != 0)
		return ret;
	set(o, "notify", jname(NAMES_NOTIFY, n.type));
	set(o, "notify_type", json_integer(n.type));
	if (n.spi.len > 0) {
		set(o, "protocol", jname(NAMES_PROTO, n.proto));
		set(o, "spi", jhex(n.spi));
	}
	notify_data(o, n.type, n.data);
	return 0;
}

static int
dec_delete(json_t *o, struct ike_bytes body)
{
	struct pld_delete d;
	json_t *a;
	size_t i;
	int ret;

	if ((ret = pld_delete_parse(body, &d)) != 0)
		return ret;
	set(o, "protocol", jname(NAMES_PROTO, d.proto));
	a = json_array();
	for (i = 0; i < d.n_spi; i++) {
		struct ike_bytes s = { d.spis.ptr + i * d.spi_size, d.spi_size };

		json_array_append_new(a, jhex(s));
	}
	set(o, "spis", a);
	return 0;
}

static int
dec_vendor(json_t *o, struct ike_bytes body)
{
	struct pld_vendor v;
	int ret;

	if ((ret = pld_vendor_parse(body, &v)) != 0)
		return ret;
	set(o, "vendor_id", jhex(v.id));
	return 0;
}

static int
dec_ts(json_t *o, struct ike_bytes body)
{
	static struct pld_ts ts;
	json_t *a;
	size_t i;
	int ret;

	if ((ret = pld_ts_parse(body, &ts)) != 0)
		return ret;
	a = json_array();
	for (i = 0; i < ts.n; i++) {
		const struct ike_ts *t = &ts.ts[i];
		json_t *jt = json_object();

		set(jt, "type", jname(NAMES_TS, t->family == IKE_AF_INET ?
		    IKE_TS_IPV4_ADDR_RANGE : IKE_TS_IPV6_ADDR_RANGE));
		set(jt, "protocol", json_integer(t->proto));
		set(jt, "ports", jfmt("%u-%u", t->port_lo, t->port_hi));
		set(jt, "start", jaddr(t->family, t->start));
		set(jt, "end", jaddr(t->family, t->end));
		json_array_append_new(a, jt);
	}
	set(o, "selectors", a);
	if (ts.n_other > 0)
		set(o, "other_selectors", json_integer((json_int_t)ts.n_other));
	return 0;
}

/* A CP attribute value in the form RFC 7296 3.15.1 gives it. */
static json_t *
cp_value(uint16_t type, struct ike_bytes v)
{
	struct wire_r r = wire_r_view(v);

	if (v.len == 0)
		return json_string("");
	switch (type) {
	case IKE_CA_INTERNAL_IP4_ADDRESS:
	case IKE_CA_INTERNAL_IP4_NETMASK:
	case IKE_CA_INTERNAL_IP4_DNS:
	case IKE_CA_INTERNAL_IP4_NBNS:
	case IKE_CA_INTERNAL_IP4_DHCP:
		return jaddr(IKE_AF_INET, v.ptr);
	case IKE_CA_INTERNAL_IP6_DNS:
	case IKE_CA_INTERNAL_IP6_DHCP:
		return jaddr(IKE_AF_INET6, v.ptr);
	case IKE_CA_INTERNAL_IP4_SUBNET: {
		char a[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN];

		ts_addr_format(IKE_AF_INET, v.ptr, a, sizeof(a));
		ts_addr_format(IKE_AF_INET, v.ptr + 4, m, sizeof(m));
		return jfmt("%s/%s", a, m);
	}
	case IKE_CA_INTERNAL_IP6_ADDRESS:
	case IKE_CA_INTERNAL_IP6_SUBNET: {
		char a[INET6_ADDRSTRLEN];

		ts_addr_format(IKE_AF_INET6, v.ptr, a, sizeof(a));
		return jfmt("%s/%u", a, v.ptr[16]);
	}
	case IKE_CA_SUPPORTED_ATTRIBUTES: {
		json_t *l = json_array();

		while (wire_r_left(&r) > 0)
			json_array_append_new(l, jname(NAMES_CA,
			    wire_r_u16(&r) & 0x7fff));
		return l;
	}
	case IKE_CA_APPLICATION_VERSION:
	case IKE_CA_INTERNAL_DNS_DOMAIN:
		return jtext(v);
	default:
		return jhex(v);
	}
}

static int
dec_cp(json_t *o, struct ike_bytes body)
{
	static struct pld_cp cp;
	json_t *a;
	size_t i;
	int ret;

	if ((ret = pld_cp_parse(body, &cp)) != 0)
		return ret;
	set(o, "cfg_type", jname(NAMES_CFG, cp.type));
	a = json_array();
	for (i = 0; i < cp.n; i++) {
		json_t *ja = json_object();

		set(ja, "type", jname(NAMES_CA, cp.attr[i].type));
		set(ja, "value", cp_value(cp.attr[i].type, cp.attr[i].value));
		json_array_append_new(a, ja);
	}
	set(o, "attributes", a);
	return 0;
}

static int
dec_eap(json_t *o, struct ike_bytes body)
{
	static const char *const codes[] = { "?", "Request", "Response",
	    "Success", "Failure", "Initiate", "Finish" };
	struct pld_eap e;
	int ret;

	if ((ret = pld_eap_parse(body, &e)) != 0)
		return ret;
	set(o, "code", json_string(codes[e.code]));
	set(o, "identifier", json_integer(e.id));
	if (e.type != 0)
		set(o, "eap_type", json_integer(e.type));
	set(o, "eap_length", json_integer((json_int_t)e.msg.len));
	return 0;
}

/* SK and SKF: lengths only, the contents are encrypted. */
static int
dec_sk(json_t *o, const struct msg *m)
{
	struct msg_sk sk;
	int ret;

	if ((ret = msg_sk(m, &sk)) != 0)
		return ret;
	set(o, "encrypted", json_true());
	if (sk.type == IKE_PL_SKF) {
		set(o, "fragment", json_integer(sk.frag_num));
		set(o, "fragments", json_integer(sk.frag_total));
	}
	if (sk.type == IKE_PL_SK || sk.frag_num == 1)
		set(o, "first_inner", jname(NAMES_PAYLOAD, sk.first));
	set(o, "encrypted_length", json_integer((json_int_t)sk.data.len));
	return 0;
}

static int
dec_payload(json_t *o, const struct msg *m, const struct msg_pl *pl)
{
	struct ike_bytes b = pl->body;

	if (!pl->known) {
		set(o, "unknown", json_true());
		set(o, "data", jhex(b));
		return 0;
	}
	switch (pl->type) {
	case IKE_PL_SA:		return dec_sa(o, b);
	case IKE_PL_KE:		return dec_ke(o, b);
	case IKE_PL_IDI:
	case IKE_PL_IDR:	return dec_id(o, b);
	case IKE_PL_CERT:	return dec_cert(o, b);
	case IKE_PL_CERTREQ:	return dec_certreq(o, b);
	case IKE_PL_AUTH:	return dec_auth(o, b);
	case IKE_PL_NONCE:	return dec_nonce(o, b);
	case IKE_PL_NOTIFY:	return dec_notify(o, b);
	case IKE_PL_DELETE:	return dec_delete(o, b);
	case IKE_PL_VENDOR:	return dec_vendor(o, b);
	case IKE_PL_TSI:
	case IKE_PL_TSR:	return dec_ts(o, b);
	case IKE_PL_SK:
	case IKE_PL_SKF:	return dec_sk(o, m);
	case IKE_PL_CP:		return dec_cp(o, b);
	case IKE_PL_EAP:	return dec_eap(o, b);
	default:		return IKE_EINVAL;
	}
}

/* ----------------------------------------------------------- message */

static json_t *
dec_header(const struct msg_hdr *h)
{
	json_t *o = json_object(), *flags = json_array();

	set(o, "spi_i", jfmt("%016llx", (unsigned long long)h->spi_i));
	set(o, "spi_r", jfmt("%016llx", (unsigned long long)h->spi_r));
	set(o, "next_payload", jname(NAMES_PAYLOAD, h->next));
	set(o, "version", jfmt("%u.%u", h->version >> 4, h->version & 15));
	set(o, "exchange", jname(NAMES_EXCHANGE, h->exchange));
	if (h->flags & IKE_FLAG_INITIATOR)
		json_array_append_new(flags, json_string("INITIATOR"));
	if (h->flags & IKE_FLAG_VERSION)
		json_array_append_new(flags, json_string("VERSION"));
	if (h->flags & IKE_FLAG_RESPONSE)
		json_array_append_new(flags, json_string("RESPONSE"));
	if (h->flags & ~(IKE_FLAG_INITIATOR | IKE_FLAG_VERSION | IKE_FLAG_RESPONSE))
		json_array_append_new(flags, jfmt("0x%02x", h->flags));
	set(o, "flags", flags);
	set(o, "message_id", json_integer(h->msgid));
	set(o, "length", json_integer(h->length));
	return o;
}

int
decode_datagram(const uint8_t *pkt, size_t len, json_t **out)
{
	static struct msg m;
	char why[160], ubuf[NAMES_BUFLEN];
	json_t *top = json_object(), *pls = json_array();
	int ret, bad = 0;
	size_t i;

	ret = msg_parse(pkt, len, &m);
	if (len >= IKE_HDR_LEN) {
		set(top, "summary", jfmt("%s %s, message ID %u, %zu bytes",
		    names_str(NAMES_EXCHANGE, m.hdr.exchange, ubuf, sizeof(ubuf)),
		    msg_is_response(&m.hdr) ? "response" : "request",
		    m.hdr.msgid, len));
		set(top, "header", dec_header(&m.hdr));
	}
	for (i = 0; i < m.n_pl; i++) {
		const struct msg_pl *pl = &m.pl[i];
		json_t *o = json_object();
		int pret;

		set(o, "type", jname(NAMES_PAYLOAD, pl->type));
		if (pl->critical)
			set(o, "critical", json_true());
		set(o, "length", json_integer((json_int_t)(pl->body.len +
		    IKE_GENERIC_HDR_LEN)));
		pret = dec_payload(o, &m, pl);
		if (pret != 0) {
			set(o, "error", json_string(ike_strerror(pret)));
			if (!bad)
				set(top, "error", jfmt("%s payload: %s",
				    names_str(NAMES_PAYLOAD, pl->type, ubuf,
				    sizeof(ubuf)), ike_strerror(pret)));
			bad = 1;
		}
		json_array_append_new(pls, o);
	}
	set(top, "payloads", pls);
	if (ret == IKE_ECRITICAL) {
		set(top, "error", jfmt("%s: type %u", ike_strerror(ret),
		    m.bad_critical));
		bad = 1;
	} else if (ret != 0) {
		set(top, "error", json_string(ike_strerror(ret)));
		bad = 1;
	}
	if (!bad)
		set(top, "rules", json_string(rules_check(&m, why,
		    sizeof(why)) == 0 ? "ok" : why));
	*out = top;
	return bad ? -1 : 0;
}

/* -------------------------------------------------------------- text */

static int
is_scalar(const json_t *v)
{
	return !json_is_object(v) && !json_is_array(v);
}

static void
print_scalar(FILE *f, const json_t *v)
{
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t n = strlen(s);

		if (n > TEXT_HEX_MAX)
			fprintf(f, "%.*s... (%zu more bytes)", TEXT_HEX_MAX, s,
			    (n - TEXT_HEX_MAX) / 2);
		else
			fputs(s, f);
	} else if (json_is_integer(v))
		fprintf(f, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_true(v))
		fputs("yes", f);
	else if (json_is_false(v))
		fputs("no", f);
	else
		fputs("-", f);
}

/* An object of a few scalars fits on one line: "k: v, k: v". */
static int
is_flat(const json_t *o)
{
	const char *k;
	json_t *v;

	if (!json_is_object(o) || json_object_size(o) > 6)
		return 0;
	json_object_foreach((json_t *)o, k, v)
		if (!is_scalar(v) || (json_is_string(v) &&
		    strlen(json_string_value(v)) > 40))
			return 0;
	return 1;
}

static void print_node(FILE *, const json_t *, int, int);

static void
print_flat(FILE *f, const json_t *o)
{
	const char *k;
	json_t *v;
	int first = 1;

	json_object_foreach((json_t *)o, k, v) {
		fprintf(f, "%s%s: ", first ? "" : ", ", k);
		print_scalar(f, v);
		first = 0;
	}
	fputc('\n', f);
}

/* An array of a few short scalars fits on one line: "a, b, c". */
static int
is_flat_array(const json_t *a)
{
	size_t i, total = 0;
	json_t *v;

	json_array_foreach(a, i, v) {
		if (!is_scalar(v))
			return 0;
		total += json_is_string(v) ? strlen(json_string_value(v)) + 2 : 12;
	}
	return total < 80;
}

static void
print_array(FILE *f, const json_t *a, int indent)
{
	size_t i;
	json_t *v;

	json_array_foreach(a, i, v) {
		fprintf(f, "%*s- ", indent, "");
		if (is_scalar(v)) {
			print_scalar(f, v);
			fputc('\n', f);
		} else if (is_flat(v))
			print_flat(f, v);
		else	/* the item's first member goes on the dash line */
			print_node(f, v, indent + 2, 1);
	}
}

/* Prints an object's members at indent; with inline_first the first one
 * continues the current line. */
static void
print_node(FILE *f, const json_t *o, int indent, int inline_first)
{
	const char *k;
	json_t *v;

	if (json_is_array(o)) {
		print_array(f, o, indent);
		return;
	}
	json_object_foreach((json_t *)o, k, v) {
		fprintf(f, "%*s%s:", inline_first ? 0 : indent, "", k);
		inline_first = 0;
		if (is_scalar(v)) {
			fputc(' ', f);
			print_scalar(f, v);
			fputc('\n', f);
		} else if (json_is_array(v) && json_array_size(v) == 0)
			fputs(" none\n", f);
		else if (json_is_array(v) && is_flat_array(v)) {
			size_t i;
			json_t *e;

			json_array_foreach(v, i, e) {
				fputs(i == 0 ? " " : ", ", f);
				print_scalar(f, e);
			}
			fputc('\n', f);
		} else {
			fputc('\n', f);
			print_node(f, v, indent + 2, 0);
		}
	}
}

void
decode_print_text(FILE *f, const json_t *tree)
{
	print_node(f, tree, 0, 0);
}

/* ------------------------------------------------------------ command */

static int
read_file(const char *path, uint8_t **buf, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	uint8_t *b;
	size_t n;

	if (f == NULL)
		return -errno;
	b = malloc(DECODE_MAX_FILE + 1);
	if (b == NULL) {
		if (f != stdin)
			fclose(f);
		return -ENOMEM;
	}
	n = fread(b, 1, DECODE_MAX_FILE + 1, f);
	if (ferror(f) || n > DECODE_MAX_FILE) {
		int err = ferror(f) ? -EIO : -EFBIG;

		if (f != stdin)
			fclose(f);
		free(b);
		return err;
	}
	if (f != stdin)
		fclose(f);
	*buf = b;
	*len = n;
	return 0;
}

int
decode_main(int argc, char **argv)
{
	const char *path = NULL;
	uint8_t *raw = NULL, *pkt = NULL;
	size_t rawlen = 0, len = 0;
	char err[128];
	json_t *tree;
	int json = 0, marker, i, ret;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (path == NULL && (argv[i][0] != '-' || argv[i][1] == '\0'))
			path = argv[i];
		else {
			fprintf(stderr, "sakerctl decode: unexpected argument '%s'\n",
			    argv[i]);
			path = NULL;
			break;
		}
	}
	if (path == NULL || i < argc) {
		fprintf(stderr, "usage: sakerctl decode FILE [--json]\n");
		return 2;
	}
	if ((ret = read_file(path, &raw, &rawlen)) != 0) {
		fprintf(stderr, "sakerctl decode: %s: %s\n", path, strerror(-ret));
		return 2;
	}
	ret = decode_input(raw, rawlen, &pkt, &len, &marker, err, sizeof(err));
	free(raw);
	if (ret != 0) {
		if (json) {
			tree = json_pack("{ss}", "error", err);
			json_dumpf(tree, stdout, JSON_INDENT(2));
			fputc('\n', stdout);
			json_decref(tree);
		}
		fprintf(stderr, "sakerctl decode: %s: %s\n", path, err);
		return 1;
	}
	ret = decode_datagram(pkt, len, &tree);
	free(pkt);
	json_object_set_new(tree, "non_esp_marker", json_boolean(marker));
	if (json) {
		json_dumpf(tree, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	} else
		decode_print_text(stdout, tree);
	if (ret != 0)
		fprintf(stderr, "sakerctl decode: %s: %s\n", path,
		    json_string_value(json_object_get(tree, "error")));
	json_decref(tree);
	return ret != 0 ? 1 : 0;
}
