/* SPDX-License-Identifier: ISC */
/*
 * pld_notify.c - the payloads that report and delete: Notify (RFC 7296
 * 3.10) and Delete (3.11).
 */
#include <string.h>

#include "pld.h"
#include "iana.h"

int
pld_notify_is_error(uint16_t type)
{
	/* RFC 7296 3.10.1: types below 16384 are errors. */
	return type != 0 && type <= IKE_N_ERROR_MAX;
}

int
pld_notify_parse(struct ike_bytes body, struct pld_notify *out)
{
	struct wire_r r = wire_r_view(body);
	struct pld_notify n;
	uint8_t spi_size;

	memset(out, 0, sizeof(*out));
	n.proto = wire_r_u8(&r);
	spi_size = wire_r_u8(&r);
	n.type = wire_r_u16(&r);
	if (r.err != 0)
		return r.err;
	/* An SPI Size that runs past the payload is a length error. */
	if (spi_size > wire_r_left(&r))
		return IKE_EMALFORMED;
	n.spi = wire_r_bytes(&r, spi_size);
	n.data = wire_r_rest(&r);
	if (r.err != 0)
		return r.err;
	/* RFC 7296 3.10: with no SPI the Protocol ID is ignored on receipt. */
	if (n.spi.len == 0)
		n.proto = 0;
	*out = n;
	return IKE_OK;
}

int
pld_notify_build(struct wire_w *w, const struct pld_notify *n)
{
	if (n->spi.len > UINT8_MAX)
		return IKE_EINVAL;
	/* RFC 7296 3.10: Protocol ID is sent as zero when there is no SPI. */
	wire_w_u8(w, n->spi.len > 0 ? n->proto : 0);
	wire_w_u8(w, (uint8_t)n->spi.len);
	wire_w_u16(w, n->type);
	wire_w_view(w, n->spi);
	return wire_w_view(w, n->data);
}

/*
 * RFC 7296 3.11: deleting the IKE SA carries no SPI (size 0, count 0);
 * AH and ESP SPIs are 4 bytes.  Other protocols cannot be deleted.
 */
static int
delete_ok(uint8_t proto, uint8_t spi_size, uint16_t n_spi)
{
	switch (proto) {
	case IKE_PROTO_IKE:
		return spi_size == 0 && n_spi == 0;
	case IKE_PROTO_AH:
	case IKE_PROTO_ESP:
		return spi_size == 4 && n_spi > 0;
	default:
		return 0;
	}
}

int
pld_delete_parse(struct ike_bytes body, struct pld_delete *out)
{
	struct wire_r r = wire_r_view(body);
	struct pld_delete d;

	memset(out, 0, sizeof(*out));
	d.proto = wire_r_u8(&r);
	d.spi_size = wire_r_u8(&r);
	d.n_spi = wire_r_u16(&r);
	if (r.err != 0)
		return r.err;
	if (!delete_ok(d.proto, d.spi_size, d.n_spi) ||
	    wire_r_left(&r) != (size_t)d.spi_size * d.n_spi)
		return IKE_EMALFORMED;
	d.spis = wire_r_rest(&r);
	*out = d;
	return IKE_OK;
}

int
pld_delete_build(struct wire_w *w, const struct pld_delete *d)
{
	if (!delete_ok(d->proto, d->spi_size, d->n_spi) ||
	    d->spis.len != (size_t)d->spi_size * d->n_spi)
		return IKE_EINVAL;
	wire_w_u8(w, d->proto);
	wire_w_u8(w, d->spi_size);
	wire_w_u16(w, d->n_spi);
	return wire_w_view(w, d->spis);
}

uint32_t
pld_delete_spi32(const struct pld_delete *d, size_t i)
{
	struct wire_r r = wire_r_view(d->spis);

	if (d->spi_size != 4 || i >= d->n_spi)
		return 0;
	wire_r_skip(&r, i * 4);
	return wire_r_u32(&r);
}
