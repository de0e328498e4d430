/* SPDX-License-Identifier: ISC */
/*
 * xout.c - the payload list a step fills: payload bodies back to back in
 * one growable writer, with their types, plus the notify and SA payloads
 * every step builds.  Pure: no SA, no I/O.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "iana.h"
#include "xout.h"

void
xout_init(struct xchg_out *x)
{
	memset(x, 0, sizeof(*x));
	wire_w_init_grow(&x->w, ENG_MSG_MAX);
}

void
xout_free(struct xchg_out *x)
{
	wire_w_free(&x->w);
}

void
xout_reset(struct xchg_out *x)
{
	xout_free(x);
	xout_init(x);
}

struct wire_w *
xout_begin(struct xchg_out *x)
{
	x->pend = x->w.len;
	return &x->w;
}

int
xout_end(struct xchg_out *x, uint8_t type, int build_err)
{
	if (build_err == IKE_OK && x->w.err != IKE_OK)
		build_err = x->w.err;
	if (build_err == IKE_OK && x->n_pl == XOUT_MAX_PL)
		build_err = IKE_ENOSPC;
	if (build_err != IKE_OK) {
		if (x->err == IKE_OK)
			x->err = build_err;
		return build_err;
	}
	x->pl[x->n_pl].type = type;
	x->pl[x->n_pl].off = x->pend;
	x->pl[x->n_pl].len = x->w.len - x->pend;
	x->n_pl++;
	return IKE_OK;
}

int
xout_notify(struct xchg_out *x, uint8_t proto, uint16_t type, const void *spi,
    size_t spi_len, const void *data, size_t len)
{
	struct pld_notify n;

	memset(&n, 0, sizeof(n));
	n.proto = proto;
	n.type = type;
	n.spi.ptr = spi;
	n.spi.len = spi_len;
	n.data.ptr = data;
	n.data.len = len;
	return XOUT_ADD(x, IKE_PL_NOTIFY, pld_notify_build, &n);
}

int
xout_sa(struct xchg_out *x, const struct ike_proposal *props, size_t n,
    uint8_t num0, const void *spi, size_t spi_len)
{
	struct ike_xform esn = { IKE_XF_ESN, IKE_ESN_NO, 0 };
	struct ike_xform xf[IKE_CFG_MAX_XF + 1];
	struct ike_bytes s = { spi, spi_len };
	struct pld_sa *sa;
	size_t i, nx, j;
	bool has_esn;
	int err = IKE_OK;

	if ((sa = calloc(1, sizeof(*sa))) == NULL)
		return x->err = IKE_ENOMEM;
	for (i = 0; i < n && err == IKE_OK; i++) {
		nx = props[i].n_xf;
		memcpy(xf, props[i].xf, nx * sizeof(xf[0]));
		has_esn = false;
		for (j = 0; j < nx; j++)
			has_esn |= xf[j].type == IKE_XF_ESN;
		/* RFC 7296 3.3.3: ESP proposals carry ESN; no-ESN by default. */
		if (props[i].proto == IKE_PROTO_ESP && !has_esn)
			xf[nx++] = esn;
		err = pld_sa_add(sa, (uint8_t)(num0 + i), props[i].proto, s, xf, nx);
	}
	if (err == IKE_OK)
		err = XOUT_ADD(x, IKE_PL_SA, pld_sa_build, sa);
	else if (x->err == IKE_OK)
		x->err = err;
	free(sa);
	return err;
}

int
xout_delete(struct xchg_out *x, uint8_t proto, const uint8_t *spis,
    size_t n)
{
	struct pld_delete d;

	memset(&d, 0, sizeof(d));
	d.proto = proto;
	d.spi_size = proto == IKE_PROTO_IKE ? 0 : 4;
	d.n_spi = (uint16_t)n;
	d.spis.ptr = spis;
	d.spis.len = n * d.spi_size;
	return XOUT_ADD(x, IKE_PL_DELETE, pld_delete_build, &d);
}

int
xout_invalid_ke(struct xchg_out *x, uint16_t group)
{
	uint8_t g[2];

	ike_put_be16(g, group);
	return xout_notify(x, 0, IKE_N_INVALID_KE_PAYLOAD, NULL, 0, g, sizeof(g));
}
