/* SPDX-License-Identifier: ISC */
/*
 * buf.c - owned byte buffers that are wiped when freed, constant-time
 * comparison, and the default random source.
 */
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>

#include "ike.h"

void
ike_memzero(void *p, size_t len)
{
	if (p != NULL && len > 0)
		explicit_bzero(p, len);
}

int
ike_memeq_ct(const void *a, const void *b, size_t len)
{
	const volatile uint8_t *x = a, *y = b;
	uint8_t d = 0;
	size_t i;

	for (i = 0; i < len; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}

int
ike_buf_alloc(struct ike_buf *b, size_t len)
{
	uint8_t *p = calloc(1, len ? len : 1);

	if (p == NULL)
		return IKE_ENOMEM;
	ike_buf_free(b);
	b->ptr = p;
	b->len = len;
	return IKE_OK;
}

int
ike_buf_set(struct ike_buf *b, const void *data, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	if (p == NULL)
		return IKE_ENOMEM;
	if (len)
		memcpy(p, data, len);
	ike_buf_free(b);
	b->ptr = p;
	b->len = len;
	return IKE_OK;
}

void
ike_buf_free(struct ike_buf *b)
{
	if (b == NULL)
		return;
	if (b->ptr != NULL) {
		ike_memzero(b->ptr, b->len);
		free(b->ptr);
	}
	b->ptr = NULL;
	b->len = 0;
}

struct ike_bytes
ike_buf_view(const struct ike_buf *b)
{
	struct ike_bytes v = { b->ptr, b->len };
	return v;
}

int
ike_rng_default(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	if (gnutls_rnd(GNUTLS_RND_KEY, buf, len) != 0)
		return IKE_EINVAL;
	return IKE_OK;
}
