/* SPDX-License-Identifier: ISC */
/*
 * cry_dh.c - key exchange objects for the groups libike supports: the
 * MODP groups 14, 15 and 16 of RFC 3526 (GMP, mpz_powm_sec), the NIST
 * curves 19, 20 and 21 with RFC 5903's x | y encoding (Nettle's ecc), and
 * Curve25519 / Curve448 as RFC 8031 uses them (Nettle's curve25519_mul /
 * curve448_mul).  Every value from the peer is checked before use; private
 * values are kept as bytes that are wiped on free, and big-number
 * temporaries holding them are wiped before they are released.
 */
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <nettle/curve25519.h>
#include <nettle/curve448.h>
#include <nettle/ecc-curve.h>
#include <nettle/ecc.h>

#include "cry.h"
#include "iana.h"

/*
 * The three primes take their middle bits from the same binary expansion
 * of pi, so their leading hex digits agree: the shared runs are written
 * once and each prime appends its own tail.
 */
#define MODP_HEAD \
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74" \
	"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437" \
	"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" \
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05" \
	"98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB" \
	"9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" \
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
#define MODP_MID \
	"3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33" \
	"A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" \
	"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864" \
	"D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"

/* RFC 3526: 2^2048 - 2^1984 - 1 + 2^64 * { [2^1918 pi] + 124476 } */
static const char modp2048_p[] =
	MODP_HEAD
	"3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF";
/* RFC 3526: 2^3072 - 2^3008 - 1 + 2^64 * { [2^2942 pi] + 1690314 } */
static const char modp3072_p[] =
	MODP_HEAD MODP_MID
	"08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";
/* RFC 3526: 2^4096 - 2^4032 - 1 + 2^64 * { [2^3966 pi] + 240904 } */
static const char modp4096_p[] =
	MODP_HEAD MODP_MID
	"08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A92108011A723C12A787E6D7"
	"88719A10BDBA5B2699C327186AF4E23C1A946834B6150BDA2583E9CA2AD44CE8"
	"DBBBC2DB04DE8EF92E8EFC141FBECAA6287C59474E6BC05D99B2964FA090C3A2"
	"233BA186515BE7ED1F612970CEE2D7AFB81BDD762170481CD0069127D5B05AA9"
	"93B4EA988D8FDDC186FFB7DC90A6C08F4DF435C934063199FFFFFFFFFFFFFFFF";

enum group_kind { G_MODP, G_ECP, G_X25519, G_X448 };

struct group {
	uint16_t	 id;
	enum group_kind	 kind;
	size_t		 len;		/* modulus / coordinate / u length */
	size_t		 priv_len;	/* random private value length */
	const char	*p_hex;		/* MODP only */
};

/*
 * MODP private exponents are shorter than the modulus, as RFC 3526 8
 * allows: twice the group's strength, the upper end of its estimates
 * (320, 420 and 480 bits, rounded up to bytes).  ECP scalars are drawn
 * uniformly below the group order by Nettle.
 */
static const struct group groups[] = {
	{ IKE_KE_MODP2048,   G_MODP,   256, 40, modp2048_p },
	{ IKE_KE_MODP3072,   G_MODP,   384, 53, modp3072_p },
	{ IKE_KE_MODP4096,   G_MODP,   512, 60, modp4096_p },
	{ IKE_KE_ECP256,     G_ECP,     32,  0, NULL },
	{ IKE_KE_ECP384,     G_ECP,     48,  0, NULL },
	{ IKE_KE_ECP521,     G_ECP,     66,  0, NULL },
	{ IKE_KE_CURVE25519, G_X25519, CURVE25519_SIZE, CURVE25519_SIZE, NULL },
	{ IKE_KE_CURVE448,   G_X448,   CURVE448_SIZE, CURVE448_SIZE, NULL },
};

struct cry_dh {
	const struct group	*dh_group;
	struct ike_buf		 dh_priv;	/* big-endian or raw scalar */
	struct ike_buf		 dh_pub;	/* KE payload data */
};

static const struct group *
group_find(uint16_t id)
{
	size_t i;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (groups[i].id == id)
			return &groups[i];
	return NULL;
}

static const struct ecc_curve *
group_curve(const struct group *g)
{
	switch (g->id) {
	case IKE_KE_ECP256:	return nettle_get_secp_256r1();
	case IKE_KE_ECP384:	return nettle_get_secp_384r1();
	case IKE_KE_ECP521:	return nettle_get_secp_521r1();
	}
	return NULL;
}

int
cry_dh_supported(uint16_t group)
{
	return group_find(group) != NULL;
}

size_t
cry_dh_pub_len(uint16_t group)
{
	const struct group *g = group_find(group);

	if (g == NULL)
		return 0;
	return g->kind == G_ECP ? 2 * g->len : g->len;
}

size_t
cry_dh_secret_len(uint16_t group)
{
	const struct group *g = group_find(group);

	return g != NULL ? g->len : 0;
}

uint16_t
cry_dh_group(const struct cry_dh *dh)
{
	return dh->dh_group->id;
}

struct ike_bytes
cry_dh_public(const struct cry_dh *dh)
{
	return ike_buf_view(&dh->dh_pub);
}

/* Overwrites a big number's limbs before it is cleared: GMP does not. */
static void
mpz_wipe(mpz_t z)
{
	size_t n = mpz_size(z);

	if (n > 0)
		ike_memzero(mpz_limbs_modify(z, n), n * sizeof(mp_limb_t));
	mpz_clear(z);
}

/* z as a big-endian number of exactly len bytes; IKE_EINVAL if larger. */
static int
mpz_to_bytes(const mpz_t z, uint8_t *out, size_t len)
{
	size_t n = (mpz_sizeinbase(z, 2) + 7) / 8, written = 0;

	if (mpz_sgn(z) == 0)
		n = 0;
	if (n > len)
		return IKE_EINVAL;
	memset(out, 0, len - n);
	if (n > 0)
		mpz_export(out + len - n, &written, 1, 1, 1, 0, z);
	return IKE_OK;
}

static void
mpz_from_bytes(mpz_t z, const uint8_t *p, size_t len)
{
	mpz_init(z);
	if (len > 0)
		mpz_import(z, len, 1, 1, 1, 0, p);
}

/* ---- MODP (RFC 3526, RFC 7296 2.14) ---- */

static int
modp_public(struct cry_dh *dh)
{
	mpz_t p, g, x, y;
	int ret;

	mpz_init_set_str(p, dh->dh_group->p_hex, 16);
	mpz_init_set_ui(g, 2);
	mpz_from_bytes(x, dh->dh_priv.ptr, dh->dh_priv.len);
	mpz_init(y);
	/* RFC 3526: 1 < x < p-1 keeps the public value off the trivial
	 * subgroup; mpz_powm_sec also needs x > 0. */
	mpz_sub_ui(p, p, 1);
	if (mpz_cmp_ui(x, 1) < 0 || mpz_cmp(x, p) >= 0) {
		ret = IKE_EINVAL;
		goto out;
	}
	mpz_add_ui(p, p, 1);
	mpz_powm_sec(y, g, x, p);
	if ((ret = ike_buf_alloc(&dh->dh_pub, dh->dh_group->len)) == IKE_OK)
		ret = mpz_to_bytes(y, dh->dh_pub.ptr, dh->dh_pub.len);
out:
	mpz_wipe(x);
	mpz_clears(p, g, y, NULL);
	return ret;
}

static int
modp_shared(const struct cry_dh *dh, struct ike_bytes peer, struct ike_buf *out)
{
	struct ike_buf s = { NULL, 0 };
	mpz_t p, x, y, z;
	int ret;

	/* RFC 7296 3.4: the KE data is the value padded to the modulus. */
	if (peer.len != dh->dh_group->len)
		return IKE_EKEVALUE;
	mpz_init_set_str(p, dh->dh_group->p_hex, 16);
	mpz_from_bytes(y, peer.ptr, peer.len);
	mpz_init(z);
	/* Reject 0, 1, p-1 and anything >= p: they force the secret into
	 * a subgroup of order 1 or 2 (RFC 2785, NIST SP 800-56A 5.6.2.3). */
	mpz_sub_ui(p, p, 1);
	if (mpz_cmp_ui(y, 1) <= 0 || mpz_cmp(y, p) >= 0) {
		mpz_clears(p, y, z, NULL);
		return IKE_EKEVALUE;
	}
	mpz_add_ui(p, p, 1);
	mpz_from_bytes(x, dh->dh_priv.ptr, dh->dh_priv.len);
	mpz_powm_sec(z, y, x, p);
	mpz_wipe(x);
	if ((ret = ike_buf_alloc(&s, dh->dh_group->len)) == IKE_OK)
		ret = mpz_to_bytes(z, s.ptr, s.len);
	mpz_wipe(z);
	mpz_clears(p, y, NULL);
	if (ret < 0) {
		ike_buf_free(&s);
		return ret;
	}
	ike_buf_free(out);
	*out = s;
	return IKE_OK;
}

/* ---- ECP (RFC 5903) ---- */

/* The point's x | y, each padded to the coordinate length (RFC 5903 7). */
static int
ecp_point_bytes(const struct ecc_point *pt, size_t clen, uint8_t *out)
{
	mpz_t x, y;
	int ret;

	mpz_inits(x, y, NULL);
	ecc_point_get(pt, x, y);
	ret = mpz_to_bytes(x, out, clen);
	if (ret == IKE_OK)
		ret = mpz_to_bytes(y, out + clen, clen);
	mpz_clears(x, y, NULL);
	return ret;
}

/* Loads a private scalar; 0 if it is not in 1 .. order-1. */
static int
ecp_scalar_load(struct ecc_scalar *s, const struct cry_dh *dh,
    const struct ecc_curve *c)
{
	mpz_t z;
	int ok;

	ecc_scalar_init(s, c);
	mpz_from_bytes(z, dh->dh_priv.ptr, dh->dh_priv.len);
	ok = ecc_scalar_set(s, z);
	mpz_wipe(z);
	return ok;
}

static void
ecp_scalar_wipe(struct ecc_scalar *s, const struct ecc_curve *c)
{
	ike_memzero(s->p, ecc_size(c) * sizeof(mp_limb_t));
	ecc_scalar_clear(s);
}

static int
ecp_public(struct cry_dh *dh)
{
	const struct ecc_curve *c = group_curve(dh->dh_group);
	struct ecc_scalar s;
	struct ecc_point r;
	int ret;

	if (!ecp_scalar_load(&s, dh, c)) {
		ecp_scalar_wipe(&s, c);
		return IKE_EINVAL;
	}
	ecc_point_init(&r, c);
	ecc_point_mul_g(&r, &s);
	ecp_scalar_wipe(&s, c);
	if ((ret = ike_buf_alloc(&dh->dh_pub, 2 * dh->dh_group->len)) == IKE_OK)
		ret = ecp_point_bytes(&r, dh->dh_group->len, dh->dh_pub.ptr);
	ecc_point_clear(&r);
	return ret;
}

static int
ecp_shared(const struct cry_dh *dh, struct ike_bytes peer, struct ike_buf *out)
{
	const struct ecc_curve *c = group_curve(dh->dh_group);
	size_t clen = dh->dh_group->len;
	struct ike_buf s = { NULL, 0 };
	struct ecc_point pt, r;
	struct ecc_scalar k;
	uint8_t xy[2 * 66];
	mpz_t x, y;
	int ok, ret;

	if (peer.len != 2 * clen)
		return IKE_EKEVALUE;
	mpz_from_bytes(x, peer.ptr, clen);
	mpz_from_bytes(y, peer.ptr + clen, clen);
	ecc_point_init(&pt, c);
	/* ecc_point_set checks 0 <= x, y < p and the curve equation, so an
	 * invalid-curve point never reaches the multiplication.  The curves
	 * have cofactor 1: a point on the curve has the group's order. */
	ok = ecc_point_set(&pt, x, y);
	mpz_clears(x, y, NULL);
	if (!ok) {
		ecc_point_clear(&pt);
		return IKE_EKEVALUE;
	}
	if (!ecp_scalar_load(&k, dh, c)) {
		/* cannot happen: checked when dh was made */
		ecp_scalar_wipe(&k, c);
		ecc_point_clear(&pt);
		return IKE_EINVAL;
	}
	ecc_point_init(&r, c);
	ecc_point_mul(&r, &k, &pt);
	ecp_scalar_wipe(&k, c);
	ecc_point_clear(&pt);
	/* RFC 5903 7: the shared secret is the x coordinate only. */
	ret = ecp_point_bytes(&r, clen, xy);
	ecc_point_clear(&r);
	if (ret == IKE_OK)
		ret = ike_buf_set(&s, xy, clen);
	ike_memzero(xy, sizeof(xy));
	if (ret < 0)
		return ret;
	ike_buf_free(out);
	*out = s;
	return IKE_OK;
}

/* ---- Curve25519 / Curve448 (RFC 7748, RFC 8031) ---- */

static int
mont_public(struct cry_dh *dh)
{
	int ret;

	if ((ret = ike_buf_alloc(&dh->dh_pub, dh->dh_group->len)) < 0)
		return ret;
	if (dh->dh_group->kind == G_X25519)
		curve25519_mul_g(dh->dh_pub.ptr, dh->dh_priv.ptr);
	else
		curve448_mul_g(dh->dh_pub.ptr, dh->dh_priv.ptr);
	return IKE_OK;
}

static int
mont_shared(const struct cry_dh *dh, struct ike_bytes peer, struct ike_buf *out)
{
	struct ike_buf s = { NULL, 0 };
	uint8_t acc = 0;
	size_t i;
	int ret;

	/* RFC 8031 2: the KE data is exactly the 32 or 56 octet u. */
	if (peer.len != dh->dh_group->len)
		return IKE_EKEVALUE;
	if ((ret = ike_buf_alloc(&s, dh->dh_group->len)) < 0)
		return ret;
	if (dh->dh_group->kind == G_X25519)
		curve25519_mul(s.ptr, dh->dh_priv.ptr, peer.ptr);
	else
		curve448_mul(s.ptr, dh->dh_priv.ptr, peer.ptr);
	/* RFC 8031 2.3 / RFC 7748 6: an all-zero result means the peer
	 * sent a low-order point; the check does not branch on bytes. */
	for (i = 0; i < s.len; i++)
		acc |= s.ptr[i];
	if (acc == 0) {
		ike_buf_free(&s);
		return IKE_EKEVALUE;
	}
	ike_buf_free(out);
	*out = s;
	return IKE_OK;
}

/* ---- objects ---- */

static int
dh_finish(struct cry_dh *dh, struct cry_dh **out)
{
	int ret;

	switch (dh->dh_group->kind) {
	case G_MODP:	ret = modp_public(dh); break;
	case G_ECP:	ret = ecp_public(dh); break;
	default:	ret = mont_public(dh); break;
	}
	if (ret < 0) {
		cry_dh_free(dh);
		return ret;
	}
	*out = dh;
	return IKE_OK;
}

/* Nettle's random callback over an ike_rng_fn, remembering a failure. */
struct rng_adapter {
	ike_rng_fn	 fn;
	void		*ctx;
	int		 err;
};

static void
rng_adapter_fill(void *ctx, size_t len, uint8_t *dst)
{
	struct rng_adapter *a = ctx;
	int ret;

	if (a->err == IKE_OK && (ret = a->fn(a->ctx, dst, len)) < 0)
		a->err = ret;
	/* After a failure, give Nettle bytes its rejection loop accepts (a
	 * small non-zero scalar) so that it returns; the caller then sees
	 * the error and discards the result. */
	if (a->err != IKE_OK)
		memset(dst, 0x01, len);
}

static int
ecp_random(struct cry_dh *dh, ike_rng_fn rng, void *rng_ctx)
{
	const struct ecc_curve *c = group_curve(dh->dh_group);
	struct rng_adapter a = { rng, rng_ctx, IKE_OK };
	struct ecc_scalar s;
	mpz_t z;
	int ret;

	ecc_scalar_init(&s, c);
	ecc_scalar_random(&s, &a, rng_adapter_fill);
	mpz_init(z);
	ecc_scalar_get(&s, z);
	ecp_scalar_wipe(&s, c);
	ret = a.err;
	if (ret == IKE_OK)
		ret = ike_buf_alloc(&dh->dh_priv, dh->dh_group->len);
	if (ret == IKE_OK)
		ret = mpz_to_bytes(z, dh->dh_priv.ptr, dh->dh_priv.len);
	mpz_wipe(z);
	return ret;
}

static int
dh_alloc(uint16_t group, struct cry_dh **out)
{
	const struct group *g = group_find(group);
	struct cry_dh *dh;

	if (g == NULL)
		return IKE_EUNSUPPORTED;
	if ((dh = calloc(1, sizeof(*dh))) == NULL)
		return IKE_ENOMEM;
	dh->dh_group = g;
	*out = dh;
	return IKE_OK;
}

int
cry_dh_new(uint16_t group, ike_rng_fn rng, void *rng_ctx, struct cry_dh **out)
{
	struct cry_dh *dh;
	int ret;

	if ((ret = dh_alloc(group, &dh)) < 0)
		return ret;
	if (dh->dh_group->kind == G_ECP) {
		ret = ecp_random(dh, rng, rng_ctx);
	} else if ((ret = ike_buf_alloc(&dh->dh_priv,
	    dh->dh_group->priv_len)) == IKE_OK &&
	    (ret = rng(rng_ctx, dh->dh_priv.ptr, dh->dh_priv.len)) == IKE_OK &&
	    dh->dh_group->kind == G_MODP) {
		/* The top bit keeps the short exponent away from 0 and 1
		 * (and is below p-1 since it is far shorter than p). */
		dh->dh_priv.ptr[0] |= 0x80;
	}
	if (ret < 0) {
		cry_dh_free(dh);
		return ret;
	}
	return dh_finish(dh, out);
}

int
cry_dh_new_private(uint16_t group, struct ike_bytes priv, struct cry_dh **out)
{
	struct cry_dh *dh;
	size_t max;
	int ret;

	if ((ret = dh_alloc(group, &dh)) < 0)
		return ret;
	max = dh->dh_group->len;
	if (dh->dh_group->kind == G_X25519 || dh->dh_group->kind == G_X448) {
		if (priv.len != max)
			ret = IKE_EINVAL;
	} else if (priv.len == 0 || priv.len > max) {
		ret = IKE_EINVAL;
	}
	if (ret == IKE_OK)
		ret = ike_buf_set(&dh->dh_priv, priv.ptr, priv.len);
	if (ret < 0) {
		cry_dh_free(dh);
		return ret;
	}
	return dh_finish(dh, out);
}

void
cry_dh_free(struct cry_dh *dh)
{
	if (dh == NULL)
		return;
	ike_buf_free(&dh->dh_priv);
	ike_buf_free(&dh->dh_pub);
	free(dh);
}

int
cry_dh_shared(const struct cry_dh *dh, struct ike_bytes peer,
    struct ike_buf *secret)
{
	switch (dh->dh_group->kind) {
	case G_MODP:	return modp_shared(dh, peer, secret);
	case G_ECP:	return ecp_shared(dh, peer, secret);
	default:	return mont_shared(dh, peer, secret);
	}
}
