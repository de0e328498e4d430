/* SPDX-License-Identifier: ISC */
/*
 * pld_cp.c - the Configuration payload (RFC 7296 3.15): a request, reply,
 * set or acknowledgement of configuration attributes such as the virtual
 * IP address and DNS servers a road-warrior client is given.
 */
#include <string.h>

#include "pld.h"
#include "iana.h"

#define CA_R_BIT	0x8000

/*
 * RFC 7296 3.15.1 table: the lengths each attribute may have.  A request
 * sends most of them empty, a reply sends the value.  Returns 1 if len is
 * allowed for type; attributes not in the table take any length.
 */
static int
ca_len_ok(uint16_t type, size_t len)
{
	switch (type) {
	case IKE_CA_INTERNAL_IP4_ADDRESS:
	case IKE_CA_INTERNAL_IP4_NETMASK:
	case IKE_CA_INTERNAL_IP4_DNS:
	case IKE_CA_INTERNAL_IP4_NBNS:
	case IKE_CA_INTERNAL_IP4_DHCP:
		return len == 0 || len == 4;
	case IKE_CA_INTERNAL_IP6_ADDRESS:
	case IKE_CA_INTERNAL_IP6_SUBNET:
		return len == 0 || len == 17;
	case IKE_CA_INTERNAL_IP6_DNS:
	case IKE_CA_INTERNAL_IP6_DHCP:
		return len == 0 || len == 16;
	case IKE_CA_INTERNAL_IP4_SUBNET:
		return len == 0 || len == 8;
	case IKE_CA_SUPPORTED_ATTRIBUTES:
		return len % 2 == 0;
	default:
		return 1;
	}
}

static int
parse_cp(struct ike_bytes body, struct pld_cp *out)
{
	struct wire_r r = wire_r_view(body);

	out->type = wire_r_u8(&r);
	wire_r_skip(&r, 3);		/* RESERVED: ignored, 3.15 */
	if (r.err != 0)
		return r.err;
	while (wire_r_left(&r) > 0) {
		struct pld_cp_attr a;
		uint16_t len;

		/* R bit: "MUST be ignored on receipt" (3.15.1). */
		a.type = wire_r_u16(&r) & ~CA_R_BIT;
		len = wire_r_u16(&r);
		if (r.err != 0 || len > wire_r_left(&r))
			return IKE_EMALFORMED;
		a.value = wire_r_bytes(&r, len);
		if (!ca_len_ok(a.type, len))
			return IKE_EMALFORMED;
		if (out->n >= PLD_CP_MAX)
			return IKE_EUNSUPPORTED;
		out->attr[out->n++] = a;
	}
	return IKE_OK;
}

int
pld_cp_parse(struct ike_bytes body, struct pld_cp *out)
{
	int ret;

	memset(out, 0, sizeof(*out));
	if ((ret = parse_cp(body, out)) != 0)
		memset(out, 0, sizeof(*out));
	return ret;
}

int
pld_cp_build(struct wire_w *w, const struct pld_cp *cp)
{
	size_t i;

	if (cp->n > PLD_CP_MAX)
		return IKE_EINVAL;
	for (i = 0; i < cp->n; i++)
		if ((cp->attr[i].type & CA_R_BIT) ||
		    cp->attr[i].value.len > UINT16_MAX ||
		    !ca_len_ok(cp->attr[i].type, cp->attr[i].value.len))
			return IKE_EINVAL;
	wire_w_u8(w, cp->type);
	wire_w_zero(w, 3);
	for (i = 0; i < cp->n; i++) {
		wire_w_u16(w, cp->attr[i].type);
		wire_w_u16(w, (uint16_t)cp->attr[i].value.len);
		wire_w_view(w, cp->attr[i].value);
	}
	return w->err;
}
