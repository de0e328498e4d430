/* SPDX-License-Identifier: ISC */
/*
 * pld_id.c - the payloads that say who a peer is and prove it:
 * Identification (IDi/IDr, RFC 7296 3.5), Certificate (3.6), Certificate
 * Request (3.7) and Authentication (3.8).
 */
#include <string.h>

#include "pld.h"
#include "iana.h"

/* Reads a 1-byte type, skips 3 reserved bytes, returns the rest. */
static int
type_rsv_data(struct ike_bytes body, uint8_t *type, struct ike_bytes *data)
{
	struct wire_r r = wire_r_view(body);

	*type = wire_r_u8(&r);
	wire_r_skip(&r, 3);		/* RESERVED: ignored on receipt */
	*data = wire_r_rest(&r);
	return r.err;
}

static int
build_type_rsv_data(struct wire_w *w, uint8_t type, struct ike_bytes data)
{
	wire_w_u8(w, type);
	wire_w_zero(w, 3);
	return wire_w_view(w, data);
}

/* RFC 7296 3.5: fixed sizes of the address forms; RFC 7619: ID_NULL
 * carries no data; everything else needs some. */
static int
id_ok(uint8_t type, size_t len)
{
	switch (type) {
	case IKE_ID_IPV4_ADDR:
		return len == 4;
	case IKE_ID_IPV6_ADDR:
		return len == 16;
	case IKE_ID_NULL:
		return 1;
	default:
		return len > 0;
	}
}

int
pld_id_parse(struct ike_bytes body, struct pld_id *out)
{
	struct pld_id id;
	int ret;

	memset(out, 0, sizeof(*out));
	if ((ret = type_rsv_data(body, &id.type, &id.data)) != 0)
		return ret;
	if (!id_ok(id.type, id.data.len))
		return IKE_EMALFORMED;
	*out = id;
	return IKE_OK;
}

int
pld_id_build(struct wire_w *w, const struct pld_id *id)
{
	if (!id_ok(id->type, id->data.len))
		return IKE_EINVAL;
	return build_type_rsv_data(w, id->type, id->data);
}

int
pld_id_to_ike(const struct pld_id *id, struct ike_id *out)
{
	struct ike_id tmp = { id->type, { NULL, 0 } };
	int ret;

	if ((ret = ike_buf_set(&tmp.data, id->data.ptr, id->data.len)) != 0)
		return ret;
	ike_buf_free(&out->data);
	*out = tmp;
	return IKE_OK;
}

struct pld_id
pld_id_from_ike(const struct ike_id *id)
{
	struct pld_id p = { id->type, ike_buf_view(&id->data) };
	return p;
}

/* RFC 7296 3.6/3.7: Cert Encoding(1) then data. */
static int
cert_parse(struct ike_bytes body, struct pld_cert *out, int need_data)
{
	struct wire_r r = wire_r_view(body);
	struct pld_cert c;

	memset(out, 0, sizeof(*out));
	c.enc = wire_r_u8(&r);
	c.data = wire_r_rest(&r);
	if (r.err != 0)
		return r.err;
	if (need_data && c.data.len == 0)
		return IKE_EMALFORMED;
	*out = c;
	return IKE_OK;
}

static int
cert_build(struct wire_w *w, const struct pld_cert *c)
{
	wire_w_u8(w, c->enc);
	return wire_w_view(w, c->data);
}

int
pld_cert_parse(struct ike_bytes body, struct pld_cert *out)
{
	return cert_parse(body, out, 1);
}

int
pld_cert_build(struct wire_w *w, const struct pld_cert *c)
{
	if (c->data.len == 0)
		return IKE_EINVAL;
	return cert_build(w, c);
}

/*
 * A CERTREQ may have an empty Certification Authority field: RFC 7296
 * 3.7 describes the field as a list of hashes and implementations send an
 * empty one to ask for any certificate; the handler decides what to do.
 */
int
pld_certreq_parse(struct ike_bytes body, struct pld_cert *out)
{
	return cert_parse(body, out, 0);
}

int
pld_certreq_build(struct wire_w *w, const struct pld_cert *c)
{
	return cert_build(w, c);
}

int
pld_auth_parse(struct ike_bytes body, struct pld_auth *out)
{
	struct pld_auth a;
	int ret;

	memset(out, 0, sizeof(*out));
	if ((ret = type_rsv_data(body, &a.method, &a.data)) != 0)
		return ret;
	if (a.data.len == 0)
		return IKE_EMALFORMED;
	*out = a;
	return IKE_OK;
}

int
pld_auth_build(struct wire_w *w, const struct pld_auth *a)
{
	if (a->data.len == 0)
		return IKE_EINVAL;
	return build_type_rsv_data(w, a->method, a->data);
}
