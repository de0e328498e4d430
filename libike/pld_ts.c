/* SPDX-License-Identifier: ISC */
/*
 * pld_ts.c - the Traffic Selector payloads TSi and TSr (RFC 7296 3.13):
 * a count, then IPv4 or IPv6 address and port ranges, read into the
 * struct ike_ts the config and the engine share.
 */
#include <string.h>

#include "addr.h"
#include "pld.h"
#include "iana.h"

/* RFC 7296 3.13.1: Type(1) Proto(1) Length(2) Ports(4) then two addresses. */
#define TS_HDR_LEN	8
#define TS4_LEN		(TS_HDR_LEN + 2 * 4)
#define TS6_LEN		(TS_HDR_LEN + 2 * 16)

static int
parse_ts(struct ike_bytes body, struct pld_ts *out)
{
	struct wire_r r = wire_r_view(body);
	uint8_t count, i;

	count = wire_r_u8(&r);
	wire_r_skip(&r, 3);		/* RESERVED: ignored, 3.13 */
	if (r.err != 0)
		return r.err;
	if (count == 0)
		return IKE_EMALFORMED;
	for (i = 0; i < count; i++) {
		struct ike_ts ts;
		struct wire_r s;
		uint8_t type;
		uint16_t len;

		memset(&ts, 0, sizeof(ts));
		type = wire_r_u8(&r);
		ts.proto = wire_r_u8(&r);
		len = wire_r_u16(&r);
		if (r.err != 0)
			return IKE_EMALFORMED;	/* fewer selectors than counted */
		if (len < 4 || len - 4u > wire_r_left(&r))
			return IKE_EMALFORMED;
		s = wire_r_sub(&r, len - 4u);
		switch (type) {
		case IKE_TS_IPV4_ADDR_RANGE:
			ts.family = IKE_AF_INET;
			if (len != TS4_LEN)
				return IKE_EMALFORMED;
			break;
		case IKE_TS_IPV6_ADDR_RANGE:
			ts.family = IKE_AF_INET6;
			if (len != TS6_LEN)
				return IKE_EMALFORMED;
			break;
		default:
			/* A type we do not know: its length still has to
			 * hold the common part; the handler refuses it. */
			if (len < TS_HDR_LEN)
				return IKE_EMALFORMED;
			out->n_other++;
			continue;
		}
		if (out->n >= PLD_TS_MAX)
			return IKE_EUNSUPPORTED;
		ts.port_lo = wire_r_u16(&s);
		ts.port_hi = wire_r_u16(&s);
		wire_r_copy(&s, ts.start, ike_addr_len(ts.family));
		wire_r_copy(&s, ts.end, ike_addr_len(ts.family));
		if (wire_r_done(&s) != 0)
			return IKE_EMALFORMED;
		out->ts[out->n++] = ts;
	}
	/* RFC 7296 3.13: the count is the number of selectors present. */
	return wire_r_done(&r) == 0 ? IKE_OK : IKE_EMALFORMED;
}

int
pld_ts_parse(struct ike_bytes body, struct pld_ts *out)
{
	int ret;

	memset(out, 0, sizeof(*out));
	if ((ret = parse_ts(body, out)) != 0)
		memset(out, 0, sizeof(*out));
	return ret;
}

int
pld_ts_build(struct wire_w *w, const struct pld_ts *t)
{
	size_t i;

	if (t->n == 0 || t->n > PLD_TS_MAX)
		return IKE_EINVAL;
	for (i = 0; i < t->n; i++)
		if (t->ts[i].family != IKE_AF_INET &&
		    t->ts[i].family != IKE_AF_INET6)
			return IKE_EINVAL;
	wire_w_u8(w, (uint8_t)t->n);
	wire_w_zero(w, 3);
	for (i = 0; i < t->n; i++) {
		const struct ike_ts *ts = &t->ts[i];
		size_t alen = ike_addr_len(ts->family);

		wire_w_u8(w, ts->family == IKE_AF_INET ?
		    IKE_TS_IPV4_ADDR_RANGE : IKE_TS_IPV6_ADDR_RANGE);
		wire_w_u8(w, ts->proto);
		wire_w_u16(w, (uint16_t)(TS_HDR_LEN + 2 * alen));
		wire_w_u16(w, ts->port_lo);
		wire_w_u16(w, ts->port_hi);
		wire_w_bytes(w, ts->start, alen);
		wire_w_bytes(w, ts->end, alen);
	}
	return w->err;
}
