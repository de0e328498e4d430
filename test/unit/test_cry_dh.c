/* SPDX-License-Identifier: ISC */
/*
 * test_cry_dh.c - key exchange: the ECP groups against RFC 5903 section 8,
 * X25519 and X448 against RFC 7748 sections 5.2 and 6, MODP arithmetic
 * with known exponents, agreement of both sides for every group, and
 * refusal of every class of invalid peer value.
 */
#include "check_main.h"
#include "cry.h"
#include "cry_test.h"
#include "iana.h"

struct ecp_kat {
	uint16_t	 group;
	const char	*i, *gix, *giy, *r, *grx, *gry, *girx;
};

/* RFC 5903 sections 8.1, 8.2 and 8.3. */
static const struct ecp_kat ecp_kats[] = {
	{ IKE_KE_ECP256,
	  "C88F01F5 10D9AC3F 70A292DA A2316DE5 44E9AAB8 AFE84049 C62A9C57 862D1433",
	  "DAD0B653 94221CF9 B051E1FE CA5787D0 98DFE637 FC90B9EF 945D0C37 72581180",
	  "5271A046 1CDB8252 D61F1C45 6FA3E59A B1F45B33 ACCF5F58 389E0577 B8990BB3",
	  "C6EF9C5D 78AE012A 011164AC B397CE20 88685D8F 06BF9BE0 B283AB46 476BEE53",
	  "D12DFB52 89C8D4F8 1208B702 70398C34 2296970A 0BCCB74C 736FC755 4494BF63",
	  "56FBF3CA 366CC23E 8157854C 13C58D6A AC23F046 ADA30F83 53E74F33 039872AB",
	  "D6840F6B 42F6EDAF D13116E0 E1256520 2FEF8E9E CE7DCE03 812464D0 4B9442DE" },
	{ IKE_KE_ECP384,
	  "099F3C70 34D4A2C6 99884D73 A375A67F 7624EF7C 6B3C0F16 0647B674 14DCE655 E35B5380 41E649EE 3FAEF896 783AB194",
	  "667842D7 D180AC2C DE6F74F3 7551F557 55C7645C 20EF73E3 1634FE72 B4C55EE6 DE3AC808 ACB4BDB4 C88732AE E95F41AA",
	  "9482ED1F C0EEB9CA FC498462 5CCFC23F 65032149 E0E144AD A0241815 35A0F38E EB9FCFF3 C2C947DA E69B4C63 4573A81C",
	  "41CB0779 B4BDB85D 47846725 FBEC3C94 30FAB46C C8DC5060 855CC9BD A0AA2942 E0308312 916B8ED2 960E4BD5 5A7448FC",
	  "E558DBEF 53EECDE3 D3FCCFC1 AEA08A89 A987475D 12FD950D 83CFA417 32BC509D 0D1AC43A 0336DEF9 6FDA41D0 774A3571",
	  "DCFBEC7A ACF31964 72169E83 8430367F 66EEBE3C 6E70C416 DD5F0C68 759DD1FF F83FA401 42209DFF 5EAAD96D B9E6386C",
	  "11187331 C279962D 93D60424 3FD592CB 9D0A926F 422E4718 7521287E 7156C5C4 D6031355 69B9E9D0 9CF5D4A2 70F59746" },
	{ IKE_KE_ECP521,
	  "0037ADE9 319A89F4 DABDB3EF 411AACCC A5123C61 ACAB57B5 393DCE47 608172A0 95AA85A3 0FE1C295 2C6771D9 37BA9777 F5957B26 39BAB072 462F68C2 7A57382D 4A52",
	  "0015417E 84DBF28C 0AD3C278 713349DC 7DF153C8 97A1891B D98BAB43 57C9ECBE E1E3BF42 E00B8E38 0AEAE57C 2D107564 94188594 2AF5A7F4 601723C4 195D176C ED3E",
	  "017CAE20 B6641D2E EB695786 D8C94614 6239D099 E18E1D5A 514C739D 7CB4A10A D8A78801 5AC405D7 799DC75E 7B7D5B6C F2261A6A 7F150743 8BF01BEB 6CA3926F 9582",
	  "0145BA99 A847AF43 793FDD0E 872E7CDF A16BE30F DC780F97 BCCC3F07 8380201E 9C677D60 0B343757 A3BDBF2A 3163E4C2 F869CCA7 458AA4A4 EFFC311F 5CB15168 5EB9",
	  "00D0B397 5AC4B799 F5BEA16D 5E13E9AF 971D5E9B 984C9F39 728B5E57 39735A21 9B97C356 436ADC6E 95BB0352 F6BE64A6 C2912D4E F2D0433C ED2B6171 640012D9 460F",
	  "015C6822 6383956E 3BD066E7 97B623C2 7CE0EAC2 F551A10C 2C724D98 52077B87 220B6536 C5C408A1 D2AEBB8E 86D678AE 49CB5709 1F473229 6579AB44 FCD17F0F C56A",
	  "01144C7D 79AE6956 BC8EDB8E 7C787C45 21CB086F A64407F9 7894E5E6 B2D79B04 D1427E73 CA4BAA24 0A347868 59810C06 B3C715A3 A8CC3151 F2BEE417 996D19F3 DDEA" },
};

/* x | y as the KE payload carries it (RFC 5903 7). */
static struct ike_bytes
ke_xy(const char *x, const char *y)
{
	struct ike_bytes bx = hx(x), by = hx(y);
	uint8_t *p = malloc(bx.len + by.len);

	ck_assert_ptr_nonnull(p);
	memcpy(p, bx.ptr, bx.len);
	memcpy(p + bx.len, by.ptr, by.len);
	hx_free(bx);
	hx_free(by);
	return (struct ike_bytes){ p, bx.len + by.len };
}

static void
check_side(uint16_t group, const char *priv, const char *px, const char *py,
    struct ike_bytes peer, const char *secret)
{
	struct ike_bytes k = hx(priv), mine = ke_xy(px, py), pub;
	struct ike_buf s = { 0 };
	struct cry_dh *dh;

	ck_assert_int_eq(cry_dh_new_private(group, k, &dh), IKE_OK);
	ck_assert_uint_eq(cry_dh_group(dh), group);
	pub = cry_dh_public(dh);
	ck_assert_uint_eq(pub.len, cry_dh_pub_len(group));
	ck_assert_uint_eq(pub.len, mine.len);
	ck_assert(memcmp(pub.ptr, mine.ptr, pub.len) == 0);
	ck_assert_int_eq(cry_dh_shared(dh, peer, &s), IKE_OK);
	ck_assert_uint_eq(s.len, cry_dh_secret_len(group));
	ck_assert_hex(s.ptr, s.len, secret);
	ike_buf_free(&s);
	cry_dh_free(dh);
	hx_free(k);
	hx_free(mine);
}

START_TEST(ecp_rfc5903)
{
	const struct ecp_kat *t = &ecp_kats[_i];
	struct ike_bytes gi = ke_xy(t->gix, t->giy), gr = ke_xy(t->grx, t->gry);

	/* The initiator with the responder's value, and the other way. */
	check_side(t->group, t->i, t->gix, t->giy, gr, t->girx);
	check_side(t->group, t->r, t->grx, t->gry, gi, t->girx);
	hx_free(gi);
	hx_free(gr);
}
END_TEST

START_TEST(ecp_invalid_peer)
{
	const struct ecp_kat *t = &ecp_kats[_i];
	struct ike_bytes k = hx(t->i), gr = ke_xy(t->grx, t->gry);
	size_t n = gr.len;
	uint8_t *bad = malloc(n + 1);
	struct ike_buf s = { 0 };
	struct cry_dh *dh;

	ck_assert_ptr_nonnull(bad);
	ck_assert_int_eq(cry_dh_new_private(t->group, k, &dh), IKE_OK);

	/* Wrong lengths. */
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ gr.ptr, n - 1 }, &s), IKE_EKEVALUE);
	memcpy(bad, gr.ptr, n);
	bad[n] = 0;
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ bad, n + 1 }, &s), IKE_EKEVALUE);
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ bad, 0 }, &s), IKE_EKEVALUE);
	/* A point off the curve: y changed by one bit. */
	bad[n - 1] ^= 1;
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ bad, n }, &s), IKE_EKEVALUE);
	/* x and y swapped. */
	memcpy(bad, gr.ptr + n / 2, n / 2);
	memcpy(bad + n / 2, gr.ptr, n / 2);
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ bad, n }, &s), IKE_EKEVALUE);
	/* (0, 0), which some encode the point at infinity with. */
	memset(bad, 0, n);
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ bad, n }, &s), IKE_EKEVALUE);
	/* Coordinates not below p. */
	memset(bad, 0xff, n);
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ bad, n }, &s), IKE_EKEVALUE);
	ck_assert_ptr_null(s.ptr);
	cry_dh_free(dh);

	/* A private value of 0 is not a scalar. */
	memset(bad, 0, n);
	ck_assert_int_eq(cry_dh_new_private(t->group, (struct ike_bytes){ bad, k.len }, &dh), IKE_EINVAL);
	free(bad);
	hx_free(k);
	hx_free(gr);
}
END_TEST

struct mont_kat {
	uint16_t	 group;
	const char	*k, *u, *out;
};

/* RFC 7748 section 5.2. */
static const struct mont_kat mont_kats[] = {
	{ IKE_KE_CURVE25519,
	  "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
	  "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
	  "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552" },
	/* The top bit of u is set: it must be masked. */
	{ IKE_KE_CURVE25519,
	  "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
	  "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
	  "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957" },
	{ IKE_KE_CURVE448,
	  "3d262fddf9ec8e88495266fea19a34d28882acef045104d0d1aae121700a779c984c24f8cdd78fbff44943eba368f54b29259a4f1c600ad3",
	  "06fce640fa3487bfda5f6cf2d5263f8aad88334cbd07437f020f08f9814dc031ddbdc38c19c6da2583fa5429db94ada18aa7a7fb4ef8a086",
	  "ce3e4ff95a60dc6697da1db1d85e6afbdf79b50a2412d7546d5f239fe14fbaadeb445fc66a01b0779d98223961111e21766282f73dd96b6f" },
	{ IKE_KE_CURVE448,
	  "203d494428b8399352665ddca42f9de8fef600908e0d461cb021f8c538345dd77c3e4806e25f46d3315c44e0a5b4371282dd2c8d5be3095f",
	  "0fbcc2f993cd56d3305b0b7d9e55d4c1a8fb5dbb52f8e9a1e9b6201b165d015894e56c4d3570bee52fe205e28a78b91cdfbde71ce8d157db",
	  "884a02576239ff7a2f2f63b2db6a9ff37047ac13568e1e30fe63c4a7ad1b3ee3a5700df34321d62077e63633c575c1c954514e99da7c179d" },
};

START_TEST(mont_rfc7748_5_2)
{
	const struct mont_kat *t = &mont_kats[_i];
	struct ike_bytes k = hx(t->k), u = hx(t->u);
	struct ike_buf s = { 0 };
	struct cry_dh *dh;

	ck_assert_int_eq(cry_dh_new_private(t->group, k, &dh), IKE_OK);
	ck_assert_int_eq(cry_dh_shared(dh, u, &s), IKE_OK);
	ck_assert_hex(s.ptr, s.len, t->out);
	ike_buf_free(&s);
	cry_dh_free(dh);
	hx_free(k);
	hx_free(u);
}
END_TEST

struct mont_dh_kat {
	uint16_t	 group;
	const char	*a, *apub, *b, *bpub, *k;
};

/* RFC 7748 sections 6.1 and 6.2. */
static const struct mont_dh_kat mont_dh_kats[] = {
	{ IKE_KE_CURVE25519,
	  "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
	  "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
	  "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
	  "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
	  "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742" },
	{ IKE_KE_CURVE448,
	  "9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b",
	  "9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0",
	  "1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d",
	  "3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609",
	  "07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d" },
};

static void
check_mont_side(uint16_t group, const char *priv, const char *pub,
    const char *peer, const char *k)
{
	struct ike_bytes p = hx(priv), q = hx(peer), v;
	struct ike_buf s = { 0 };
	struct cry_dh *dh;

	ck_assert_int_eq(cry_dh_new_private(group, p, &dh), IKE_OK);
	v = cry_dh_public(dh);
	ck_assert_uint_eq(v.len, cry_dh_pub_len(group));
	ck_assert_hex(v.ptr, v.len, pub);
	ck_assert_int_eq(cry_dh_shared(dh, q, &s), IKE_OK);
	ck_assert_hex(s.ptr, s.len, k);
	ike_buf_free(&s);
	cry_dh_free(dh);
	hx_free(p);
	hx_free(q);
}

START_TEST(mont_rfc7748_6)
{
	const struct mont_dh_kat *t = &mont_dh_kats[_i];

	check_mont_side(t->group, t->a, t->apub, t->bpub, t->k);
	check_mont_side(t->group, t->b, t->bpub, t->apub, t->k);
}
END_TEST

/* Points of small order give an all-zero result (RFC 7748 6, RFC 8031
 * 2.3), which must be refused; so must wrong lengths. */
static const char *const low_order_25519[] = {
	"0000000000000000000000000000000000000000000000000000000000000000",
	"0100000000000000000000000000000000000000000000000000000000000000",
	"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
	"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
	"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
};
static const char *const low_order_448[] = {
	"0000000000000000000000000000000000000000000000000000000000000000"
	"000000000000000000000000000000000000000000000000",
	"0100000000000000000000000000000000000000000000000000000000000000"
	"000000000000000000000000000000000000000000000000",
	/* p - 1 */
	"feffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	"feffffffffffffffffffffffffffffffffffffffffffffffffffffff",
};

static void
check_low_order(uint16_t group, const char *const *pts, size_t n)
{
	struct fixed_rng rng = { NULL, 0, 0, 7, 0 };
	struct ike_buf s = { 0 };
	struct cry_dh *dh;
	struct ike_bytes pub;
	size_t i;

	ck_assert_int_eq(cry_dh_new(group, fixed_rng_fill, &rng, &dh), IKE_OK);
	for (i = 0; i < n; i++) {
		struct ike_bytes u = hx(pts[i]);

		ck_assert_int_eq(cry_dh_shared(dh, u, &s), IKE_EKEVALUE);
		ck_assert_ptr_null(s.ptr);
		hx_free(u);
	}
	pub = cry_dh_public(dh);
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ pub.ptr, pub.len - 1 }, &s), IKE_EKEVALUE);
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ pub.ptr, 0 }, &s), IKE_EKEVALUE);
	cry_dh_free(dh);
}

START_TEST(mont_invalid_peer)
{
	struct ike_bytes k = hx("0102");
	struct cry_dh *dh;

	check_low_order(IKE_KE_CURVE25519, low_order_25519,
	    sizeof(low_order_25519) / sizeof(low_order_25519[0]));
	check_low_order(IKE_KE_CURVE448, low_order_448,
	    sizeof(low_order_448) / sizeof(low_order_448[0]));
	/* Scalars have exactly the curve's length. */
	ck_assert_int_eq(cry_dh_new_private(IKE_KE_CURVE25519, k, &dh), IKE_EINVAL);
	hx_free(k);
}
END_TEST

/* RFC 3526 section 3, the 2048-bit group's prime. */
static const char modp2048_p[] =
	"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
	"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
	"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
	"98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
	"9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
	"3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF";

START_TEST(modp_known_exponent)
{
	uint8_t x[1] = { 2 }, y[256];
	struct ike_buf s = { 0 };
	struct cry_dh *dh;
	struct ike_bytes pub;
	size_t i;

	/* x = 2: g^x = 4, and with the peer's y = 4 the secret is 16,
	 * both padded to the modulus length (RFC 7296 3.4). */
	ck_assert_int_eq(cry_dh_new_private(IKE_KE_MODP2048, (struct ike_bytes){ x, 1 }, &dh), IKE_OK);
	pub = cry_dh_public(dh);
	ck_assert_uint_eq(pub.len, 256);
	for (i = 0; i < 255; i++)
		ck_assert_uint_eq(pub.ptr[i], 0);
	ck_assert_uint_eq(pub.ptr[255], 4);
	ck_assert_int_eq(cry_dh_shared(dh, pub, &s), IKE_OK);
	ck_assert_uint_eq(s.len, 256);
	for (i = 0; i < 255; i++)
		ck_assert_uint_eq(s.ptr[i], 0);
	ck_assert_uint_eq(s.ptr[255], 16);
	ike_buf_free(&s);

	/* y = p - 2 squared is 4 (mod p): (-2)^2. */
	{
		struct ike_bytes p = hx(modp2048_p);

		memcpy(y, p.ptr, 256);
		y[255] -= 2;
		hx_free(p);
	}
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ y, 256 }, &s), IKE_OK);
	ck_assert_uint_eq(s.ptr[255], 4);
	ck_assert_uint_eq(s.ptr[0], 0);
	ike_buf_free(&s);
	cry_dh_free(dh);
}
END_TEST

START_TEST(modp_invalid_peer)
{
	struct fixed_rng rng = { NULL, 0, 0, 1, 0 };
	struct ike_bytes p = hx(modp2048_p);
	struct ike_buf s = { 0 };
	struct cry_dh *dh;
	uint8_t y[257];

	ck_assert_int_eq(cry_dh_new(IKE_KE_MODP2048, fixed_rng_fill, &rng, &dh), IKE_OK);
	/* 0, 1, p - 1, p and 2^2048 - 1 are refused. */
	memset(y, 0, sizeof(y));
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ y, 256 }, &s), IKE_EKEVALUE);
	y[255] = 1;
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ y, 256 }, &s), IKE_EKEVALUE);
	memcpy(y, p.ptr, 256);
	y[255] -= 1;
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ y, 256 }, &s), IKE_EKEVALUE);
	y[255] += 1;
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ y, 256 }, &s), IKE_EKEVALUE);
	memset(y, 0xff, 256);
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ y, 256 }, &s), IKE_EKEVALUE);
	/* A value that is not padded to the modulus length, or too long. */
	memset(y, 0, sizeof(y));
	y[254] = 2;
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ y, 255 }, &s), IKE_EKEVALUE);
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ y, 257 }, &s), IKE_EKEVALUE);
	ck_assert_ptr_null(s.ptr);
	/* 2 and p - 2 are fine. */
	y[255] = 2;
	y[254] = 0;
	ck_assert_int_eq(cry_dh_shared(dh, (struct ike_bytes){ y, 256 }, &s), IKE_OK);
	ike_buf_free(&s);
	cry_dh_free(dh);

	/* Private values outside 1 .. p - 2. */
	memset(y, 0, sizeof(y));
	ck_assert_int_eq(cry_dh_new_private(IKE_KE_MODP2048, (struct ike_bytes){ y, 256 }, &dh), IKE_EINVAL);
	memcpy(y, p.ptr, 256);
	y[255] -= 1;
	ck_assert_int_eq(cry_dh_new_private(IKE_KE_MODP2048, (struct ike_bytes){ y, 256 }, &dh), IKE_EINVAL);
	ck_assert_int_eq(cry_dh_new_private(IKE_KE_MODP2048, (struct ike_bytes){ y, 257 }, &dh), IKE_EINVAL);
	hx_free(p);
}
END_TEST

static const uint16_t all_groups[] = {
	IKE_KE_MODP2048, IKE_KE_MODP3072, IKE_KE_MODP4096,
	IKE_KE_ECP256, IKE_KE_ECP384, IKE_KE_ECP521,
	IKE_KE_CURVE25519, IKE_KE_CURVE448,
};

/* Both sides of every group reach the same secret; different random
 * values give different public values. */
START_TEST(agreement)
{
	uint16_t g = all_groups[_i];
	struct fixed_rng ra = { NULL, 0, 0, 0x11, 0 }, rb = { NULL, 0, 0, 0x5a, 0 };
	struct ike_buf sa = { 0 }, sb = { 0 };
	struct cry_dh *a, *b;
	struct ike_bytes pa, pb;

	ck_assert(cry_dh_supported(g));
	ck_assert_int_eq(cry_dh_new(g, fixed_rng_fill, &ra, &a), IKE_OK);
	ck_assert_int_eq(cry_dh_new(g, fixed_rng_fill, &rb, &b), IKE_OK);
	ck_assert_uint_gt(ra.calls, 0);
	pa = cry_dh_public(a);
	pb = cry_dh_public(b);
	ck_assert_uint_eq(pa.len, cry_dh_pub_len(g));
	ck_assert_uint_eq(pb.len, cry_dh_pub_len(g));
	ck_assert(memcmp(pa.ptr, pb.ptr, pa.len) != 0);
	ck_assert_int_eq(cry_dh_shared(a, pb, &sa), IKE_OK);
	ck_assert_int_eq(cry_dh_shared(b, pa, &sb), IKE_OK);
	ck_assert_uint_eq(sa.len, cry_dh_secret_len(g));
	ck_assert_uint_eq(sa.len, sb.len);
	ck_assert(memcmp(sa.ptr, sb.ptr, sa.len) == 0);
	ike_buf_free(&sa);
	ike_buf_free(&sb);
	cry_dh_free(a);
	cry_dh_free(b);
}
END_TEST

START_TEST(unsupported_and_rng_failure)
{
	struct fixed_rng rng = { NULL, 0, 0, 0, 0 };
	struct cry_dh *dh = NULL;

	ck_assert(!cry_dh_supported(IKE_KE_MODP1024));
	ck_assert_uint_eq(cry_dh_pub_len(IKE_KE_BP256), 0);
	ck_assert_uint_eq(cry_dh_pub_len(IKE_KE_ECP521), 132);
	ck_assert_uint_eq(cry_dh_secret_len(IKE_KE_ECP521), 66);
	ck_assert_int_eq(cry_dh_new(IKE_KE_MODP1024, fixed_rng_fill, &rng, &dh), IKE_EUNSUPPORTED);
	ck_assert_int_eq(cry_dh_new(IKE_KE_NONE, fixed_rng_fill, &rng, &dh), IKE_EUNSUPPORTED);
	ck_assert_ptr_null(dh);
	ck_assert_int_eq(cry_dh_new(IKE_KE_CURVE25519, failing_rng_fill, NULL, &dh), IKE_EINVAL);
	ck_assert_int_eq(cry_dh_new(IKE_KE_ECP256, failing_rng_fill, NULL, &dh), IKE_EINVAL);
	ck_assert_int_eq(cry_dh_new(IKE_KE_MODP2048, failing_rng_fill, NULL, &dh), IKE_EINVAL);
	ck_assert_ptr_null(dh);
	cry_dh_free(NULL);
}
END_TEST

static Suite *
cry_dh_suite(void)
{
	Suite *s = suite_create("cry_dh");
	TCase *tc = tcase_create("dh");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, ecp_rfc5903, 0, sizeof(ecp_kats) / sizeof(ecp_kats[0]));
	tcase_add_loop_test(tc, ecp_invalid_peer, 0, sizeof(ecp_kats) / sizeof(ecp_kats[0]));
	tcase_add_loop_test(tc, mont_rfc7748_5_2, 0, sizeof(mont_kats) / sizeof(mont_kats[0]));
	tcase_add_loop_test(tc, mont_rfc7748_6, 0, sizeof(mont_dh_kats) / sizeof(mont_dh_kats[0]));
	tcase_add_test(tc, mont_invalid_peer);
	tcase_add_test(tc, modp_known_exponent);
	tcase_add_test(tc, modp_invalid_peer);
	tcase_add_loop_test(tc, agreement, 0, sizeof(all_groups) / sizeof(all_groups[0]));
	tcase_add_test(tc, unsupported_and_rng_failure);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(cry_dh_suite)
