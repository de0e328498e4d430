/* SPDX-License-Identifier: ISC */
/*
 * pld_misc.c - the small payloads: Key Exchange (RFC 7296 3.4), Nonce
 * (3.9), Vendor ID (3.12), EAP (3.16) and the header of the Encrypted
 * Fragment payload (RFC 7383 2.5).
 */
#include <string.h>

#include "pld.h"
#include "iana.h"

int
pld_ke_parse(struct ike_bytes body, struct pld_ke *out)
{
	struct wire_r r = wire_r_view(body);
	struct pld_ke ke;

	memset(out, 0, sizeof(*out));
	ke.group = wire_r_u16(&r);
	wire_r_skip(&r, 2);		/* RESERVED: ignored, 3.4 */
	ke.data = wire_r_rest(&r);
	if (r.err != 0)
		return r.err;
	if (ke.data.len == 0)
		return IKE_EMALFORMED;
	*out = ke;
	return IKE_OK;
}

int
pld_ke_build(struct wire_w *w, const struct pld_ke *ke)
{
	if (ke->data.len == 0)
		return IKE_EINVAL;
	wire_w_u16(w, ke->group);
	wire_w_zero(w, 2);
	return wire_w_view(w, ke->data);
}

/* RFC 7296 3.9: "The size of the Nonce Data MUST be between 16 and 256
 * octets, inclusive." */
static int
nonce_ok(size_t len)
{
	return len >= PLD_NONCE_MIN && len <= PLD_NONCE_MAX;
}

int
pld_nonce_parse(struct ike_bytes body, struct pld_nonce *out)
{
	memset(out, 0, sizeof(*out));
	if (!nonce_ok(body.len))
		return IKE_EMALFORMED;
	out->data = body;
	return IKE_OK;
}

int
pld_nonce_build(struct wire_w *w, const struct pld_nonce *n)
{
	if (!nonce_ok(n->data.len))
		return IKE_EINVAL;
	return wire_w_view(w, n->data);
}

int
pld_vendor_parse(struct ike_bytes body, struct pld_vendor *out)
{
	memset(out, 0, sizeof(*out));
	if (body.len == 0)
		return IKE_EMALFORMED;
	out->id = body;
	return IKE_OK;
}

int
pld_vendor_build(struct wire_w *w, const struct pld_vendor *v)
{
	if (v->id.len == 0)
		return IKE_EINVAL;
	return wire_w_view(w, v->id);
}

/* RFC 3748 4 and RFC 6696: codes, and which of them carry a Type. */
#define EAP_REQUEST	1
#define EAP_RESPONSE	2
#define EAP_SUCCESS	3
#define EAP_FAILURE	4
#define EAP_INITIATE	5
#define EAP_FINISH	6

static int
eap_check(struct ike_bytes msg, struct pld_eap *out)
{
	struct wire_r r = wire_r_view(msg);
	struct pld_eap e;
	uint16_t len;

	memset(&e, 0, sizeof(e));
	e.code = wire_r_u8(&r);
	e.id = wire_r_u8(&r);
	len = wire_r_u16(&r);
	if (r.err != 0)
		return r.err;
	/* RFC 3748 4: Length covers the whole EAP packet; here it must be
	 * exactly the payload. */
	if (len != msg.len)
		return IKE_EMALFORMED;
	switch (e.code) {
	case EAP_REQUEST:
	case EAP_RESPONSE:
	case EAP_INITIATE:
	case EAP_FINISH:
		e.type = wire_r_u8(&r);
		if (r.err != 0)
			return IKE_EMALFORMED;
		break;
	case EAP_SUCCESS:
	case EAP_FAILURE:
		if (len != 4)
			return IKE_EMALFORMED;
		break;
	default:
		return IKE_EMALFORMED;
	}
	e.msg = msg;
	*out = e;
	return IKE_OK;
}

int
pld_eap_parse(struct ike_bytes body, struct pld_eap *out)
{
	memset(out, 0, sizeof(*out));
	return eap_check(body, out);
}

int
pld_eap_build(struct wire_w *w, const struct pld_eap *e)
{
	struct pld_eap chk;

	if (eap_check(e->msg, &chk) != 0)
		return IKE_EINVAL;
	return wire_w_view(w, e->msg);
}

int
pld_skf_parse(struct ike_bytes body, struct pld_skf *out)
{
	struct wire_r r = wire_r_view(body);
	struct pld_skf f;

	memset(out, 0, sizeof(*out));
	f.num = wire_r_u16(&r);
	f.total = wire_r_u16(&r);
	f.data = wire_r_rest(&r);
	if (r.err != 0)
		return r.err;
	/* RFC 7383 2.5: numbers start at 1 and never exceed the total. */
	if (f.num == 0 || f.num > f.total)
		return IKE_EMALFORMED;
	*out = f;
	return IKE_OK;
}

int
pld_skf_build_hdr(struct wire_w *w, uint16_t num, uint16_t total)
{
	if (num == 0 || num > total)
		return IKE_EINVAL;
	wire_w_u16(w, num);
	return wire_w_u16(w, total);
}
