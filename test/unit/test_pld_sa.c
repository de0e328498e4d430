/* SPDX-License-Identifier: ISC */
/* test_pld_sa.c - SA payload: proposals, transforms, attributes. */
#include "check_main.h"
#include "codec_test.h"
#include "iana.h"
#include "pld.h"

/*
 * One IKE proposal: AES_CBC/256, PRF_HMAC_SHA2_256, AUTH_HMAC_SHA2_256_128,
 * MODP_2048.  Offsets used below: 0 last, 2 length, 4 num, 5 proto,
 * 6 SPI size, 7 count; transforms at 8 (12 bytes), 20, 28, 36.
 */
static const char ike_prop[] =
	"0000002c 01010004"
	"0300000c 0100000c 800e0100"
	"03000008 02000005"
	"03000008 0300000c"
	"00000008 0400000e";

static struct pld_sa sa;

/* Parses ike_prop with byte off set to v. */
static int
parse_patched(size_t off, uint8_t v)
{
	uint8_t buf[64];
	struct ike_bytes b = HEX(buf, ike_prop);

	buf[off] = v;
	return pld_sa_parse(b, &sa);
}

START_TEST(parse_known_bytes)
{
	uint8_t buf[64];
	const struct pld_xform *xf;
	size_t n;

	ck_assert_int_eq(pld_sa_parse(HEX(buf, ike_prop), &sa), IKE_OK);
	ck_assert_uint_eq(sa.n_prop, 1);
	ck_assert_uint_eq(sa.prop[0].num, 1);
	ck_assert_uint_eq(sa.prop[0].proto, IKE_PROTO_IKE);
	ck_assert_uint_eq(sa.prop[0].spi.len, 0);
	xf = pld_sa_xforms(&sa, 0, &n);
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(xf[0].xf.type, IKE_XF_ENCR);
	ck_assert_uint_eq(xf[0].xf.id, IKE_ENCR_AES_CBC);
	ck_assert_uint_eq(xf[0].xf.keylen, 256);
	ck_assert_uint_eq(xf[0].n_unknown, 0);
	ck_assert_uint_eq(xf[1].xf.id, IKE_PRF_HMAC_SHA2_256);
	ck_assert_uint_eq(xf[1].xf.keylen, 0);
	ck_assert_uint_eq(xf[2].xf.id, IKE_INTEG_HMAC_SHA2_256_128);
	ck_assert_uint_eq(xf[3].xf.type, IKE_XF_KE);
	ck_assert_uint_eq(xf[3].xf.id, IKE_KE_MODP2048);
	ck_assert_ptr_null(pld_sa_xforms(&sa, 1, &n));
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(round_trip)
{
	static const struct ike_xform ikexf[] = {
		{ IKE_XF_ENCR, IKE_ENCR_AES_GCM_16, 256 },
		{ IKE_XF_ENCR, IKE_ENCR_AES_GCM_16, 128 },
		{ IKE_XF_PRF, IKE_PRF_HMAC_SHA2_256, 0 },
		{ IKE_XF_KE, IKE_KE_CURVE25519, 0 },
	};
	static const struct ike_xform espxf[] = {
		{ IKE_XF_ENCR, IKE_ENCR_CHACHA20_POLY1305, 0 },
		{ IKE_XF_ESN, IKE_ESN_NO, 0 },
	};
	static const uint8_t spi[4] = { 0xc0, 0xff, 0xee, 0x01 };
	static struct pld_sa in, again;
	uint8_t buf[512], buf2[512];
	struct wire_w w, w2;
	struct ike_bytes none = { NULL, 0 }, espspi = { spi, 4 };
	size_t i;

	memset(&in, 0, sizeof(in));
	ck_assert_int_eq(pld_sa_add(&in, 1, IKE_PROTO_IKE, none, ikexf, 4), IKE_OK);
	ck_assert_int_eq(pld_sa_add(&in, 2, IKE_PROTO_ESP, espspi, espxf, 2), IKE_OK);
	wire_w_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(pld_sa_build(&w, &in), IKE_OK);
	ck_assert_int_eq(pld_sa_parse(wire_w_bytes_view(&w), &sa), IKE_OK);
	ck_assert_uint_eq(sa.n_prop, 2);
	ck_assert_uint_eq(sa.n_xf, 6);
	ck_assert_uint_eq(sa.prop[1].num, 2);
	ck_assert_uint_eq(sa.prop[1].proto, IKE_PROTO_ESP);
	ck_assert(bytes_eq(sa.prop[1].spi, espspi));
	for (i = 0; i < 4; i++) {
		ck_assert_uint_eq(sa.xf[i].xf.type, ikexf[i].type);
		ck_assert_uint_eq(sa.xf[i].xf.id, ikexf[i].id);
		ck_assert_uint_eq(sa.xf[i].xf.keylen, ikexf[i].keylen);
	}
	ck_assert_uint_eq(sa.xf[4].xf.id, IKE_ENCR_CHACHA20_POLY1305);
	ck_assert_uint_eq(sa.xf[5].xf.type, IKE_XF_ESN);
	/* Built again from the parse (attributes verbatim): same bytes. */
	again = sa;
	wire_w_init(&w2, buf2, sizeof(buf2));
	ck_assert_int_eq(pld_sa_build(&w2, &again), IKE_OK);
	ck_assert(bytes_eq(wire_w_bytes_view(&w), wire_w_bytes_view(&w2)));
	/* Last substructure flags on the wire: 2 then 0. */
	ck_assert_uint_eq(buf[0], 2);
}
END_TEST

START_TEST(reserved_ignored)
{
	ck_assert_int_eq(parse_patched(1, 0xff), IKE_OK);	/* proposal */
	ck_assert_int_eq(parse_patched(9, 0xff), IKE_OK);	/* transform */
	ck_assert_int_eq(parse_patched(13, 0xff), IKE_OK);	/* transform */
}
END_TEST

START_TEST(bad_proposal)
{
	uint8_t buf[4];

	ck_assert_int_eq(pld_sa_parse(HEX(buf, ""), &sa), IKE_EMALFORMED);
	ck_assert_int_eq(pld_sa_parse(HEX(buf, "0000"), &sa), IKE_EMALFORMED);
	ck_assert_int_eq(parse_patched(0, 2), IKE_EMALFORMED);	/* "more" on last */
	ck_assert_int_eq(parse_patched(0, 1), IKE_EMALFORMED);
	ck_assert_int_eq(parse_patched(3, 0x2d), IKE_EMALFORMED);	/* past end */
	ck_assert_int_eq(parse_patched(3, 0x07), IKE_EMALFORMED);	/* < 8 */
	ck_assert_int_eq(parse_patched(3, 0x2b), IKE_EMALFORMED);	/* 1 left */
	ck_assert_int_eq(parse_patched(4, 0), IKE_EMALFORMED);	/* num 0 */
	ck_assert_int_eq(parse_patched(6, 4), IKE_EMALFORMED);	/* IKE SPI 4 */
	ck_assert_int_eq(parse_patched(5, IKE_PROTO_ESP), IKE_EMALFORMED); /* ESP SPI 0 */
	ck_assert_int_eq(parse_patched(7, 3), IKE_EMALFORMED);	/* count */
	ck_assert_int_eq(parse_patched(7, 5), IKE_EMALFORMED);
	ck_assert_int_eq(parse_patched(7, 0), IKE_EMALFORMED);
	ck_assert_uint_eq(sa.n_prop, 0);			/* cleared */
	ck_assert_uint_eq(sa.n_xf, 0);
}
END_TEST

START_TEST(bad_transform)
{
	ck_assert_int_eq(parse_patched(8, 0), IKE_EMALFORMED);	/* "last" early */
	ck_assert_int_eq(parse_patched(36, 3), IKE_EMALFORMED);	/* "more" on last */
	ck_assert_int_eq(parse_patched(11, 7), IKE_EMALFORMED);	/* < 8 */
	ck_assert_int_eq(parse_patched(11, 0x30), IKE_EMALFORMED); /* past proposal */
	ck_assert_int_eq(parse_patched(11, 0x0d), IKE_EMALFORMED); /* shifts chain */
	/* KEY_LENGTH without the AF bit: TLV whose length runs past. */
	ck_assert_int_eq(parse_patched(16, 0x00), IKE_EMALFORMED);
	/* KEY_LENGTH of 0. */
	ck_assert_int_eq(parse_patched(18, 0x00), IKE_EMALFORMED);
}
END_TEST

/* A one-transform proposal with the given raw attributes. */
static int
parse_with_attrs(const char *attrs_hex)
{
	static struct pld_sa in;
	struct ike_xform x = { IKE_XF_ENCR, IKE_ENCR_AES_CBC, 0 };
	struct ike_bytes none = { NULL, 0 };
	static uint8_t abuf[32], buf[128];
	struct wire_w w;

	memset(&in, 0, sizeof(in));
	pld_sa_add(&in, 1, IKE_PROTO_IKE, none, &x, 1);
	in.xf[0].attrs = HEX(abuf, attrs_hex);
	wire_w_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(pld_sa_build(&w, &in), IKE_OK);
	return pld_sa_parse(wire_w_bytes_view(&w), &sa);
}

START_TEST(attributes)
{
	struct pld_xattr a;
	struct wire_r r;

	ck_assert_int_eq(parse_with_attrs("800e0100 800e0080"), IKE_EMALFORMED); /* twice */
	ck_assert_int_eq(parse_with_attrs("000e0002 0100"), IKE_EMALFORMED);	/* TLV */
	ck_assert_int_eq(parse_with_attrs("800e01"), IKE_EMALFORMED);		/* cut */
	ck_assert_int_eq(parse_with_attrs("0011 0005 abcd"), IKE_EMALFORMED);	/* TLV past */
	ck_assert_int_eq(parse_with_attrs("800e0100 80110001 0012 0002 abcd"), IKE_OK);
	ck_assert_uint_eq(sa.xf[0].xf.keylen, 256);
	ck_assert_uint_eq(sa.xf[0].n_unknown, 2);
	/* Walking the attributes. */
	r = wire_r_view(sa.xf[0].attrs);
	ck_assert_int_eq(pld_xattr_next(&r, &a), 1);
	ck_assert(a.tv);
	ck_assert_uint_eq(a.type, IKE_XATTR_KEY_LENGTH);
	ck_assert_uint_eq(a.tv_value, 256);
	ck_assert_int_eq(pld_xattr_next(&r, &a), 1);
	ck_assert_uint_eq(a.type, 0x11);
	ck_assert_int_eq(pld_xattr_next(&r, &a), 1);
	ck_assert(!a.tv);
	ck_assert_uint_eq(a.type, 0x12);
	ck_assert_uint_eq(a.value.len, 2);
	ck_assert_uint_eq(a.value.ptr[1], 0xcd);
	ck_assert_int_eq(pld_xattr_next(&r, &a), 0);
}
END_TEST

/* Proposals numbered by the table, each one AES_CBC/128 transform. */
static int
parse_numbered(const uint8_t *nums, size_t n)
{
	uint8_t buf[8192];
	struct wire_w w;
	size_t i;

	wire_w_init(&w, buf, sizeof(buf));
	for (i = 0; i < n; i++) {
		wire_w_u8(&w, i + 1 == n ? 0 : 2);
		wire_w_u8(&w, 0);
		wire_w_u16(&w, 8 + 12);
		wire_w_u8(&w, nums[i]);
		wire_w_u8(&w, IKE_PROTO_IKE);
		wire_w_u8(&w, 0);
		wire_w_u8(&w, 1);
		wire_w_u32(&w, 0x0000000c);
		wire_w_u32(&w, 0x0100000c);
		wire_w_u32(&w, 0x800e0080);
	}
	ck_assert_int_eq(w.err, IKE_OK);
	return pld_sa_parse(wire_w_bytes_view(&w), &sa);
}

START_TEST(numbering)
{
	static const uint8_t ok[] = { 1, 2, 3 }, gap[] = { 1, 3 },
	    zero_start[] = { 0, 1 }, same[] = { 1, 1 }, resp[] = { 7 };
	uint8_t many[PLD_SA_MAX_PROPS + 1];
	size_t i;

	ck_assert_int_eq(parse_numbered(ok, 3), IKE_OK);
	ck_assert_int_eq(parse_numbered(gap, 2), IKE_EMALFORMED);
	ck_assert_int_eq(parse_numbered(zero_start, 2), IKE_EMALFORMED);
	ck_assert_int_eq(parse_numbered(same, 2), IKE_EMALFORMED);
	ck_assert_int_eq(parse_numbered(resp, 1), IKE_OK);	/* accepted #7 */
	for (i = 0; i < sizeof(many); i++)
		many[i] = (uint8_t)(i + 1);
	ck_assert_int_eq(parse_numbered(many, PLD_SA_MAX_PROPS), IKE_OK);
	ck_assert_int_eq(parse_numbered(many, sizeof(many)), IKE_EUNSUPPORTED);
}
END_TEST

START_TEST(add_and_build_errors)
{
	static struct pld_sa in;
	struct ike_xform x = { IKE_XF_ENCR, IKE_ENCR_AES_CBC, 128 };
	struct ike_bytes none = { NULL, 0 };
	uint8_t spi[8] = { 0 }, buf[4];
	struct ike_bytes spi3 = { spi, 3 }, spi8 = { spi, 8 };
	struct wire_w w;
	size_t i;

	memset(&in, 0, sizeof(in));
	wire_w_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(pld_sa_build(&w, &in), IKE_EINVAL);	/* no proposal */
	ck_assert_int_eq(pld_sa_add(&in, 1, IKE_PROTO_IKE, none, &x, 0), IKE_EINVAL);
	ck_assert_int_eq(pld_sa_add(&in, 1, IKE_PROTO_ESP, spi3, &x, 1), IKE_EINVAL);
	ck_assert_int_eq(pld_sa_add(&in, 1, IKE_PROTO_IKE, spi8, &x, 1), IKE_OK);
	ck_assert_int_eq(pld_sa_build(&w, &in), IKE_EBUFFULL);	/* tiny buffer */
	for (i = 1; i < PLD_SA_MAX_PROPS; i++)
		ck_assert_int_eq(pld_sa_add(&in, (uint8_t)(i + 1), IKE_PROTO_IKE,
		    none, &x, 1), IKE_OK);
	ck_assert_int_eq(pld_sa_add(&in, 99, IKE_PROTO_IKE, none, &x, 1), IKE_ENOSPC);
	in.prop[0].n_xf = 0;
	ck_assert_int_eq(pld_sa_build(&w, &in), IKE_EINVAL);
}
END_TEST

static Suite *
sa_suite(void)
{
	Suite *s = suite_create("pld_sa");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, parse_known_bytes);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, reserved_ignored);
	tcase_add_test(tc, bad_proposal);
	tcase_add_test(tc, bad_transform);
	tcase_add_test(tc, attributes);
	tcase_add_test(tc, numbering);
	tcase_add_test(tc, add_and_build_errors);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(sa_suite)
