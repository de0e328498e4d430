/* SPDX-License-Identifier: ISC */
/*
 * pld_sa.c - the Security Association payload (RFC 7296 3.3): proposals,
 * their transforms and the transforms' attributes, parsed into one flat
 * struct and built back from it.
 */
#include <string.h>

#include "pld.h"
#include "iana.h"

/* RFC 7296 3.3.1/3.3.2: values of the Last Substruc fields. */
#define LAST_NONE	0
#define MORE_PROPS	2
#define MORE_XFORMS	3

/* Proposal and transform headers without SPI or attributes. */
#define PROP_HDR_LEN	8
#define XFORM_HDR_LEN	8

/*
 * RFC 7296 3.3.1: the SPI size is 4 for AH and ESP; for IKE it is 0 in
 * IKE_SA_INIT and 8 when rekeying the IKE SA in CREATE_CHILD_SA.  Other
 * protocols are not ours to judge here: the proposal code rejects them.
 */
static int
spi_size_ok(uint8_t proto, size_t len)
{
	switch (proto) {
	case IKE_PROTO_IKE:
		return len == 0 || len == 8;
	case IKE_PROTO_AH:
	case IKE_PROTO_ESP:
		return len == 4;
	default:
		return len <= UINT8_MAX;
	}
}

int
pld_xattr_next(struct wire_r *r, struct pld_xattr *out)
{
	struct pld_xattr a;
	uint16_t t;

	if (r->err != 0)
		return r->err;
	if (wire_r_left(r) == 0)
		return 0;
	memset(&a, 0, sizeof(a));
	t = wire_r_u16(r);
	a.type = t & ~IKE_XATTR_AF;
	if (t & IKE_XATTR_AF) {
		/* RFC 7296 3.3.5: TV format, the value is the 2 bytes. */
		a.tv = 1;
		a.tv_value = wire_r_u16(r);
	} else {
		uint16_t len = wire_r_u16(r);

		a.value = wire_r_bytes(r, len);
	}
	if (r->err != 0) {
		/* An attribute that runs past its transform. */
		r->err = IKE_EMALFORMED;
		return r->err;
	}
	*out = a;
	return 1;
}

/* Checks the attributes of one transform and picks out KEY_LENGTH. */
static int
parse_attrs(struct ike_bytes attrs, struct pld_xform *xf)
{
	struct wire_r r = wire_r_view(attrs);
	struct pld_xattr a;
	int seen_keylen = 0, ret;

	while ((ret = pld_xattr_next(&r, &a)) == 1) {
		if (a.type != IKE_XATTR_KEY_LENGTH) {
			if (xf->n_unknown < UINT8_MAX)
				xf->n_unknown++;
			continue;
		}
		/* RFC 7296 3.3.5: Key Length is TV, and is given once. */
		if (!a.tv || seen_keylen || a.tv_value == 0)
			return IKE_EMALFORMED;
		seen_keylen = 1;
		xf->xf.keylen = a.tv_value;
	}
	return ret;
}

/* Parses the transforms that follow a proposal's SPI. */
static int
parse_xforms(struct wire_r *p, uint8_t count, struct pld_sa *sa,
    struct pld_prop *prop)
{
	size_t n = 0;

	prop->first_xf = (uint16_t)sa->n_xf;
	while (wire_r_left(p) > 0) {
		struct pld_xform *xf;
		struct wire_r t;
		uint8_t last;
		uint16_t tlen;
		int ret;

		last = wire_r_u8(p);
		wire_r_skip(p, 1);		/* RESERVED: ignored, 3.3.2 */
		tlen = wire_r_u16(p);
		if (p->err != 0)
			return IKE_EMALFORMED;
		if (tlen < XFORM_HDR_LEN || tlen - 4u > wire_r_left(p))
			return IKE_EMALFORMED;
		t = wire_r_sub(p, tlen - 4u);
		/* The flag must agree with what the length says. */
		if (last != (wire_r_left(p) > 0 ? MORE_XFORMS : LAST_NONE))
			return IKE_EMALFORMED;
		if (sa->n_xf >= PLD_SA_MAX_XF)
			return IKE_EUNSUPPORTED;
		xf = &sa->xf[sa->n_xf++];
		xf->xf.type = wire_r_u8(&t);
		wire_r_skip(&t, 1);		/* RESERVED: ignored, 3.3.2 */
		xf->xf.id = wire_r_u16(&t);
		xf->attrs = wire_r_rest(&t);
		if ((ret = parse_attrs(xf->attrs, xf)) != 0)
			return ret;
		n++;
	}
	/* RFC 7296 3.3.1: "# Transforms" is the number that follow. */
	if (n == 0 || n != count)
		return IKE_EMALFORMED;
	prop->n_xf = (uint16_t)n;
	return IKE_OK;
}

static int
parse_sa(struct ike_bytes body, struct pld_sa *sa)
{
	struct wire_r r = wire_r_view(body);

	if (body.len == 0)
		return IKE_EMALFORMED;		/* at least one proposal */
	while (wire_r_left(&r) > 0) {
		struct pld_prop *prop;
		struct wire_r p;
		uint8_t last, spi_size, count;
		uint16_t plen;
		int ret;

		last = wire_r_u8(&r);
		wire_r_skip(&r, 1);		/* RESERVED: ignored, 3.3.1 */
		plen = wire_r_u16(&r);
		if (r.err != 0)
			return IKE_EMALFORMED;
		if (plen < PROP_HDR_LEN || plen - 4u > wire_r_left(&r))
			return IKE_EMALFORMED;
		p = wire_r_sub(&r, plen - 4u);
		if (last != (wire_r_left(&r) > 0 ? MORE_PROPS : LAST_NONE))
			return IKE_EMALFORMED;
		if (sa->n_prop >= PLD_SA_MAX_PROPS)
			return IKE_EUNSUPPORTED;
		prop = &sa->prop[sa->n_prop++];
		prop->num = wire_r_u8(&p);
		prop->proto = wire_r_u8(&p);
		spi_size = wire_r_u8(&p);
		count = wire_r_u8(&p);
		prop->spi = wire_r_bytes(&p, spi_size);
		if (p.err != 0 || !spi_size_ok(prop->proto, spi_size))
			return IKE_EMALFORMED;
		if ((ret = parse_xforms(&p, count, sa, prop)) != 0)
			return ret;
	}
	/*
	 * RFC 7296 3.3.1: offered proposals are numbered 1, 2, 3...; an
	 * accepted one (a lone proposal in a response) keeps the number it
	 * was offered with, which is never 0.
	 */
	if (sa->n_prop == 1)
		return sa->prop[0].num != 0 ? IKE_OK : IKE_EMALFORMED;
	for (size_t i = 0; i < sa->n_prop; i++)
		if (sa->prop[i].num != i + 1)
			return IKE_EMALFORMED;
	return IKE_OK;
}

int
pld_sa_parse(struct ike_bytes body, struct pld_sa *out)
{
	int ret;

	memset(out, 0, sizeof(*out));
	if ((ret = parse_sa(body, out)) != 0)
		memset(out, 0, sizeof(*out));
	return ret;
}

const struct pld_xform *
pld_sa_xforms(const struct pld_sa *sa, size_t i, size_t *n)
{
	if (i >= sa->n_prop) {
		*n = 0;
		return NULL;
	}
	*n = sa->prop[i].n_xf;
	return &sa->xf[sa->prop[i].first_xf];
}

int
pld_sa_add(struct pld_sa *sa, uint8_t num, uint8_t proto,
    struct ike_bytes spi, const struct ike_xform *xf, size_t n)
{
	struct pld_prop *prop;
	size_t i;

	if (n == 0 || n > UINT8_MAX || !spi_size_ok(proto, spi.len) ||
	    (spi.len > 0 && spi.ptr == NULL))
		return IKE_EINVAL;
	if (sa->n_prop >= PLD_SA_MAX_PROPS || n > PLD_SA_MAX_XF - sa->n_xf)
		return IKE_ENOSPC;
	prop = &sa->prop[sa->n_prop++];
	memset(prop, 0, sizeof(*prop));
	prop->num = num;
	prop->proto = proto;
	prop->spi = spi;
	prop->first_xf = (uint16_t)sa->n_xf;
	prop->n_xf = (uint16_t)n;
	for (i = 0; i < n; i++) {
		struct pld_xform *x = &sa->xf[sa->n_xf++];

		memset(x, 0, sizeof(*x));
		x->xf = xf[i];
	}
	return IKE_OK;
}

static int
build_xform(struct wire_w *w, const struct pld_xform *xf, int last)
{
	size_t start = w->len, mark;

	wire_w_u8(w, last ? LAST_NONE : MORE_XFORMS);
	wire_w_u8(w, 0);
	mark = wire_w_len16_begin(w);
	wire_w_u8(w, xf->xf.type);
	wire_w_u8(w, 0);
	wire_w_u16(w, xf->xf.id);
	if (xf->attrs.len > 0)
		wire_w_view(w, xf->attrs);
	else if (xf->xf.keylen != 0) {
		wire_w_u16(w, IKE_XATTR_AF | IKE_XATTR_KEY_LENGTH);
		wire_w_u16(w, xf->xf.keylen);
	}
	wire_w_len16_end_from(w, mark, start);
	return w->err;
}

int
pld_sa_build(struct wire_w *w, const struct pld_sa *sa)
{
	size_t i, j;

	if (sa->n_prop == 0 || sa->n_prop > PLD_SA_MAX_PROPS ||
	    sa->n_xf > PLD_SA_MAX_XF)
		return IKE_EINVAL;
	for (i = 0; i < sa->n_prop; i++) {
		const struct pld_prop *p = &sa->prop[i];
		size_t start = w->len, mark;

		if (p->n_xf == 0 || p->n_xf > UINT8_MAX ||
		    p->first_xf + (size_t)p->n_xf > sa->n_xf ||
		    !spi_size_ok(p->proto, p->spi.len))
			return IKE_EINVAL;
		wire_w_u8(w, i + 1 == sa->n_prop ? LAST_NONE : MORE_PROPS);
		wire_w_u8(w, 0);
		mark = wire_w_len16_begin(w);
		wire_w_u8(w, p->num);
		wire_w_u8(w, p->proto);
		wire_w_u8(w, (uint8_t)p->spi.len);
		wire_w_u8(w, (uint8_t)p->n_xf);
		wire_w_view(w, p->spi);
		for (j = 0; j < p->n_xf; j++)
			build_xform(w, &sa->xf[p->first_xf + j], j + 1 == p->n_xf);
		wire_w_len16_end_from(w, mark, start);
	}
	return w->err;
}
