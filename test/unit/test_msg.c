/* SPDX-License-Identifier: ISC */
/* test_msg.c - IKE header, payload chain scan, SK/SKF views, builder. */
#include <stdlib.h>

#include "check_main.h"
#include "codec_test.h"
#include "iana.h"
#include "msg.h"
#include "pld.h"

static struct msg m;
static uint8_t nonce_bytes[32];
static uint8_t ke_bytes[32];

static const struct msg_hdr init_hdr = {
	0x0102030405060708ULL, 0, 0, IKE_VERSION_2, IKE_X_IKE_SA_INIT,
	IKE_FLAG_INITIATOR, 0, 0
};

/* Writes a payload of type t with body b through the builder. */
static void
add_raw(struct msg_builder *b, uint8_t t, struct ike_bytes body)
{
	ck_assert_int_eq(msg_pl_begin(b, t, 0), IKE_OK);
	wire_w_view(msg_w(b), body);
	ck_assert_int_eq(msg_pl_end(b), IKE_OK);
}

/* IKE_SA_INIT request: SA, KE, Ni, N(NAT_DETECTION_SOURCE_IP). */
static size_t
build_init(uint8_t *buf, size_t cap)
{
	static struct pld_sa sa;
	static const struct ike_xform xf[] = {
		{ IKE_XF_ENCR, IKE_ENCR_AES_GCM_16, 256 },
		{ IKE_XF_PRF, IKE_PRF_HMAC_SHA2_256, 0 },
		{ IKE_XF_KE, IKE_KE_CURVE25519, 0 },
	};
	struct ike_bytes none = { NULL, 0 };
	struct pld_ke ke = { IKE_KE_CURVE25519, { ke_bytes, 32 } };
	struct pld_nonce ni = { { nonce_bytes, 32 } };
	struct pld_notify n = { 0, IKE_N_NAT_DETECTION_SOURCE_IP, { NULL, 0 },
	    { nonce_bytes, 20 } };
	struct msg_builder b;
	struct wire_w w;

	memset(&sa, 0, sizeof(sa));
	ck_assert_int_eq(pld_sa_add(&sa, 1, IKE_PROTO_IKE, none, xf, 3), IKE_OK);
	wire_w_init(&w, buf, cap);
	ck_assert_int_eq(msg_build_begin(&b, &w, &init_hdr), IKE_OK);
	msg_pl_begin(&b, IKE_PL_SA, 0);
	pld_sa_build(msg_w(&b), &sa);
	msg_pl_end(&b);
	msg_pl_begin(&b, IKE_PL_KE, 0);
	pld_ke_build(msg_w(&b), &ke);
	msg_pl_end(&b);
	msg_pl_begin(&b, IKE_PL_NONCE, 0);
	pld_nonce_build(msg_w(&b), &ni);
	msg_pl_end(&b);
	msg_pl_begin(&b, IKE_PL_NOTIFY, 0);
	pld_notify_build(msg_w(&b), &n);
	msg_pl_end(&b);
	ck_assert_int_eq(msg_build_end(&b), IKE_OK);
	msg_builder_free(&b);
	return w.len;
}

START_TEST(build_and_parse_init)
{
	uint8_t buf[512];
	size_t len = build_init(buf, sizeof(buf));
	const struct msg_pl *pl;
	struct pld_ke ke;
	struct msg_sk sk;

	ck_assert_int_eq(msg_parse(buf, len, &m), IKE_OK);
	ck_assert(m.hdr.spi_i == 0x0102030405060708ULL);
	ck_assert_uint_eq(m.hdr.exchange, IKE_X_IKE_SA_INIT);
	ck_assert_uint_eq(m.hdr.length, len);
	ck_assert_uint_eq(m.hdr.next, IKE_PL_SA);
	ck_assert(!msg_is_response(&m.hdr));
	ck_assert_uint_eq(m.n_pl, 4);
	ck_assert_uint_eq(m.pl[0].type, IKE_PL_SA);
	ck_assert_uint_eq(m.pl[0].next, IKE_PL_KE);
	ck_assert_uint_eq(m.pl[0].off, IKE_HDR_LEN);
	ck_assert_uint_eq(m.pl[1].type, IKE_PL_KE);
	ck_assert_uint_eq(m.pl[2].type, IKE_PL_NONCE);
	ck_assert_uint_eq(m.pl[3].type, IKE_PL_NOTIFY);
	ck_assert_uint_eq(m.pl[3].next, IKE_PL_NONE);
	ck_assert_int_eq(m.sk, -1);
	ck_assert_int_eq(msg_sk(&m, &sk), IKE_ENOENT);
	pl = msg_find(&m, IKE_PL_KE, 0);
	ck_assert_ptr_nonnull(pl);
	ck_assert_int_eq(pld_ke_parse(pl->body, &ke), IKE_OK);
	ck_assert_uint_eq(ke.group, IKE_KE_CURVE25519);
	ck_assert_ptr_null(msg_find(&m, IKE_PL_KE, 1));
	ck_assert_uint_eq(msg_count(&m, IKE_PL_NOTIFY), 1);
	ck_assert_uint_eq(msg_count(&m, IKE_PL_AUTH), 0);
}
END_TEST

START_TEST(header_errors)
{
	uint8_t buf[512];
	size_t len = build_init(buf, sizeof(buf));
	struct msg_hdr h;

	ck_assert_int_eq(msg_parse(buf, 27, &m), IKE_ESHORT);
	ck_assert_int_eq(msg_hdr_parse(buf, 0, &h), IKE_ESHORT);
	/* Datagram longer or shorter than the Length field. */
	ck_assert_int_eq(msg_parse(buf, len - 1, &m), IKE_ESHORT);
	buf[len] = 0;
	ck_assert_int_eq(msg_parse(buf, len + 1, &m), IKE_ETRAILING);
	/* Major version 1 and 3: reported, header still read. */
	buf[17] = 0x10;
	ck_assert_int_eq(msg_parse(buf, len, &m), IKE_EVERSION);
	ck_assert_uint_eq(m.hdr.exchange, IKE_X_IKE_SA_INIT);
	buf[17] = 0x30;
	ck_assert_int_eq(msg_parse(buf, len, &m), IKE_EVERSION);
	/* A higher minor version and the unused flag bits are ignored. */
	buf[17] = 0x2f;
	buf[19] = 0xc7 | IKE_FLAG_INITIATOR;
	ck_assert_int_eq(msg_parse(buf, len, &m), IKE_OK);
}
END_TEST

START_TEST(round_trip_header)
{
	uint8_t buf[IKE_HDR_LEN], out[IKE_HDR_LEN];
	struct msg_hdr h = { 0x1111222233334444ULL, 0x5555666677778888ULL,
	    IKE_PL_SK, IKE_VERSION_2, IKE_X_INFORMATIONAL,
	    IKE_FLAG_RESPONSE, 0x01020304, IKE_HDR_LEN }, g;
	struct wire_w w;

	wire_w_init(&w, buf, sizeof(buf));
	ck_assert_int_eq(msg_hdr_build(&w, &h), IKE_OK);
	ck_assert_int_eq(msg_hdr_parse(buf, sizeof(buf), &g), IKE_OK);
	ck_assert(g.spi_i == h.spi_i && g.spi_r == h.spi_r);
	ck_assert_uint_eq(g.msgid, h.msgid);
	ck_assert_uint_eq(g.flags, h.flags);
	ck_assert(msg_is_response(&g));
	wire_w_init(&w, out, sizeof(out));
	msg_hdr_build(&w, &g);
	ck_assert(memcmp(buf, out, sizeof(buf)) == 0);
	ck_assert_uint_eq(buf[16], IKE_PL_SK);
	ck_assert_uint_eq(buf[27], IKE_HDR_LEN);
	wire_w_init(&w, out, sizeof(out) - 1);
	ck_assert_int_eq(msg_hdr_build(&w, &g), IKE_EBUFFULL);
}
END_TEST

/*
 * A hand-made message: header, then payloads given as hex of whole
 * payloads (generic header included); the header Length is fixed up.
 */
static size_t
handmade(uint8_t *buf, size_t cap, uint8_t first, const char *payloads)
{
	struct msg_hdr h = init_hdr;
	struct wire_w w;
	size_t n;

	h.next = first;
	wire_w_init(&w, buf, cap);
	msg_hdr_build(&w, &h);
	n = unhex(payloads, buf + IKE_HDR_LEN, cap - IKE_HDR_LEN);
	ck_assert_uint_le(IKE_HDR_LEN + n, cap);
	buf[24] = (uint8_t)((IKE_HDR_LEN + n) >> 24);
	buf[25] = (uint8_t)((IKE_HDR_LEN + n) >> 16);
	buf[26] = (uint8_t)((IKE_HDR_LEN + n) >> 8);
	buf[27] = (uint8_t)(IKE_HDR_LEN + n);
	return IKE_HDR_LEN + n;
}

static int
parse_handmade(uint8_t first, const char *payloads)
{
	static uint8_t buf[4096];
	size_t len = handmade(buf, sizeof(buf), first, payloads);

	return msg_parse(buf, len, &m);
}

START_TEST(chain_errors)
{
	/* V then N: fine. */
	ck_assert_int_eq(parse_handmade(IKE_PL_VENDOR,
	    "29000008 aabbccdd 00000008 00004006"), IKE_OK);
	ck_assert_uint_eq(m.n_pl, 2);
	/* Length below the generic header. */
	ck_assert_int_eq(parse_handmade(IKE_PL_VENDOR, "00000003 aa"), IKE_EMALFORMED);
	/* Length past the end of the datagram. */
	ck_assert_int_eq(parse_handmade(IKE_PL_VENDOR, "00000009 aabbccdd"), IKE_ESHORT);
	/* Next Payload promises one more, none there. */
	ck_assert_int_eq(parse_handmade(IKE_PL_VENDOR, "29000008 aabbccdd"), IKE_ESHORT);
	/* Chain ends, bytes remain. */
	ck_assert_int_eq(parse_handmade(IKE_PL_VENDOR, "00000008 aabbccdd 0000"), IKE_ETRAILING);
	/* Only part of a generic header. */
	ck_assert_int_eq(parse_handmade(IKE_PL_VENDOR, "29000008 aabbccdd 0000"), IKE_ESHORT);
	/* Header names a payload but the datagram ends. */
	ck_assert_int_eq(parse_handmade(IKE_PL_SA, ""), IKE_ESHORT);
	/* A known payload too short for its fixed part (KE of 2 bytes). */
	ck_assert_int_eq(parse_handmade(IKE_PL_KE, "00000006 000e"), IKE_EMALFORMED);
	/* A nonce of 15 bytes. */
	ck_assert_int_eq(parse_handmade(IKE_PL_NONCE,
	    "00000013 000102030405060708090a0b0c0d0e"), IKE_EMALFORMED);
	/* An empty message is well-formed (rules decide). */
	ck_assert_int_eq(parse_handmade(IKE_PL_NONE, ""), IKE_OK);
	ck_assert_uint_eq(m.n_pl, 0);
}
END_TEST

START_TEST(unknown_payloads)
{
	/* Unknown type 60, not critical: kept as unknown and skipped. */
	ck_assert_int_eq(parse_handmade(60, "2b000006 0102 00000008 aabbccdd"), IKE_OK);
	ck_assert_uint_eq(m.n_pl, 2);
	ck_assert_uint_eq(m.n_unknown, 1);
	ck_assert(!m.pl[0].known);
	ck_assert_uint_eq(msg_count(&m, 60), 0);
	ck_assert_ptr_eq(msg_find(&m, IKE_PL_VENDOR, 0), &m.pl[1]);
	/* Unknown type 60 with the critical bit: rejected, type recorded. */
	ck_assert_int_eq(parse_handmade(IKE_PL_VENDOR,
	    "3c000008 aabbccdd 00800006 0102"), IKE_ECRITICAL);
	ck_assert_uint_eq(m.bad_critical, 60);
	/* GSPM (49) is registered but not understood: same rule. */
	ck_assert_int_eq(parse_handmade(IKE_PL_GSPM, "00800004"), IKE_ECRITICAL);
	ck_assert_uint_eq(m.bad_critical, IKE_PL_GSPM);
	/* The critical bit on a known payload and the reserved bits of
	 * the generic header are ignored (RFC 7296 3.2). */
	ck_assert_int_eq(parse_handmade(IKE_PL_VENDOR, "00ff0008 aabbccdd"), IKE_OK);
	ck_assert(m.pl[0].critical);
	ck_assert(m.pl[0].known);
}
END_TEST

START_TEST(sk_must_be_last)
{
	/* SK (empty body, no inner payloads) followed by a V. */
	ck_assert_int_eq(parse_handmade(IKE_PL_SK,
	    "00000008 00000000 00000008 aabbccdd"), IKE_EMALFORMED);
	/* SK last: fine; its Next Payload is the first inner payload. */
	ck_assert_int_eq(parse_handmade(IKE_PL_VENDOR,
	    "2e000008 aabbccdd 23000008 00000000"), IKE_OK);
	ck_assert_int_eq(m.sk, 1);
	ck_assert_uint_eq(m.pl[1].next, IKE_PL_IDI);
	/* SKF: number 0 is malformed at the view, fine at the scan. */
	ck_assert_int_eq(parse_handmade(IKE_PL_SKF, "2300000c 00010002 aabbccdd"), IKE_OK);
	ck_assert_int_eq(parse_handmade(IKE_PL_SKF, "23000006 0001"), IKE_EMALFORMED);
}
END_TEST

/* n Vendor ID payloads of one byte each. */
static int
parse_vendors(size_t n)
{
	static char hex[(MSG_MAX_PL + 2) * 11 + 1];
	size_t i;

	hex[0] = '\0';
	for (i = 0; i < n; i++)
		strcat(hex, i + 1 < n ? "2b000005aa " : "00000005aa ");
	return parse_handmade(IKE_PL_VENDOR, hex);
}

START_TEST(too_many_payloads)
{
	ck_assert_int_eq(parse_vendors(MSG_MAX_PL), IKE_OK);
	ck_assert_uint_eq(m.n_pl, MSG_MAX_PL);
	ck_assert_int_eq(parse_vendors(MSG_MAX_PL + 1), IKE_EUNSUPPORTED);
}
END_TEST

/* Fake protection: IV of 8 zero bytes, "ciphertext" = plaintext, ICV of
 * 16 bytes of 0xee.  Enough to test the lengths and views. */
#define IVLEN	8
#define ICVLEN	16

static size_t
build_auth(uint8_t *buf, size_t cap, struct ike_bytes *plain_out,
    uint8_t *plain_copy)
{
	static const uint8_t fqdn[] = "branch.example.net";
	struct msg_hdr h = init_hdr;
	struct pld_id id = { IKE_ID_FQDN, { fqdn, sizeof(fqdn) - 1 } };
	struct pld_auth auth = { IKE_AUTH_PSK, { nonce_bytes, 32 } };
	struct msg_builder b;
	struct msg_seal seal;
	struct ike_bytes plain;
	struct wire_w w;

	h.exchange = IKE_X_IKE_AUTH;
	h.spi_r = 0x99;
	h.msgid = 1;
	wire_w_init(&w, buf, cap);
	ck_assert_int_eq(msg_build_begin(&b, &w, &h), IKE_OK);
	ck_assert_int_eq(msg_sk_begin(&b), IKE_OK);
	msg_pl_begin(&b, IKE_PL_IDI, 0);
	pld_id_build(msg_w(&b), &id);
	msg_pl_end(&b);
	msg_pl_begin(&b, IKE_PL_AUTH, 0);
	pld_auth_build(msg_w(&b), &auth);
	ck_assert_int_eq(msg_pl_end(&b), IKE_OK);
	plain = msg_sk_plain(&b);
	memcpy(plain_copy, plain.ptr, plain.len);
	plain_out->ptr = plain_copy;
	plain_out->len = plain.len;
	ck_assert_int_eq(msg_sk_seal(&b, IVLEN + plain.len + ICVLEN, &seal), IKE_OK);
	ck_assert_uint_eq(seal.aad.len, IKE_HDR_LEN + 4);
	ck_assert_ptr_eq(seal.aad.ptr, buf);
	ck_assert_uint_eq(seal.body_off, IKE_HDR_LEN + 4);
	memset(seal.body, 0, IVLEN);
	memcpy(seal.body + IVLEN, plain_copy, plain.len);
	memset(seal.body + IVLEN + plain.len, 0xee, ICVLEN);
	/* Nothing can follow a sealed message. */
	ck_assert_int_eq(msg_pl_begin(&b, IKE_PL_NOTIFY, 0), IKE_EINVAL);
	msg_builder_free(&b);
	return w.len;
}

START_TEST(sk_build_and_parse)
{
	uint8_t buf[512], plain_copy[512];
	struct ike_bytes plain;
	size_t len = build_auth(buf, sizeof(buf), &plain, plain_copy);
	struct msg_sk sk;
	struct pld_id id;

	ck_assert_int_eq(msg_parse(buf, len, &m), IKE_OK);
	ck_assert_uint_eq(m.hdr.next, IKE_PL_SK);
	ck_assert_int_eq(m.sk, 0);
	ck_assert_int_eq(msg_sk(&m, &sk), IKE_OK);
	ck_assert_uint_eq(sk.type, IKE_PL_SK);
	ck_assert_uint_eq(sk.first, IKE_PL_IDI);
	ck_assert_uint_eq(sk.aad.len, IKE_HDR_LEN + 4);
	ck_assert_uint_eq(sk.data.len, IVLEN + plain.len + ICVLEN);
	ck_assert_ptr_eq(sk.aad.ptr + sk.aad.len, sk.data.ptr);	/* contiguous */
	ck_assert_ptr_eq(sk.data.ptr + sk.data.len, buf + len);
	/* Inner chain. */
	ck_assert_int_eq(msg_parse_inner(&m, sk.data.ptr + IVLEN, plain.len), IKE_OK);
	ck_assert(m.decrypted);
	ck_assert_uint_eq(m.n_pl, 3);
	ck_assert(m.pl[1].inner && m.pl[2].inner);
	ck_assert_uint_eq(m.pl[1].type, IKE_PL_IDI);
	ck_assert_uint_eq(m.pl[1].off, 0);
	ck_assert_uint_eq(m.pl[2].type, IKE_PL_AUTH);
	ck_assert_int_eq(pld_id_parse(msg_find(&m, IKE_PL_IDI, 0)->body, &id), IKE_OK);
	ck_assert_uint_eq(id.data.len, 18);
	/* Only once. */
	ck_assert_int_eq(msg_parse_inner(&m, plain.ptr, plain.len), IKE_EINVAL);
}
END_TEST

START_TEST(inner_errors)
{
	uint8_t buf[512], plain_copy[512], bad[64];
	struct ike_bytes plain;
	size_t len = build_auth(buf, sizeof(buf), &plain, plain_copy), n;

	/* Trailing bytes after the inner chain. */
	plain_copy[plain.len] = 0;
	ck_assert_int_eq(msg_parse(buf, len, &m), IKE_OK);
	ck_assert_int_eq(msg_parse_inner(&m, plain.ptr, plain.len + 1), IKE_ETRAILING);
	/* Truncated inner chain. */
	ck_assert_int_eq(msg_parse(buf, len, &m), IKE_OK);
	ck_assert_int_eq(msg_parse_inner(&m, plain.ptr, plain.len - 1), IKE_ESHORT);
	/* An SK inside SK. */
	n = unhex("00000008 00000000", bad, sizeof(bad));
	ck_assert_int_eq(msg_parse(buf, len, &m), IKE_OK);
	ck_assert_int_eq(msg_parse_inner_first(&m, IKE_PL_SK, bad, n), IKE_EMALFORMED);
	/* Unknown critical inside. */
	n = unhex("00800004", bad, sizeof(bad));
	ck_assert_int_eq(msg_parse(buf, len, &m), IKE_OK);
	ck_assert_int_eq(msg_parse_inner_first(&m, 200, bad, n), IKE_ECRITICAL);
	ck_assert_uint_eq(m.bad_critical, 200);
	/* Empty inner chain (an INFORMATIONAL liveness check). */
	ck_assert_int_eq(msg_parse(buf, len, &m), IKE_OK);
	ck_assert_int_eq(msg_parse_inner_first(&m, IKE_PL_NONE, NULL, 0), IKE_OK);
	/* No SK at all. */
	len = build_init(buf, sizeof(buf));
	ck_assert_int_eq(msg_parse(buf, len, &m), IKE_OK);
	ck_assert_int_eq(msg_parse_inner(&m, plain.ptr, plain.len), IKE_EINVAL);
}
END_TEST

START_TEST(skf_build_and_parse)
{
	struct msg_hdr h = init_hdr;
	uint8_t buf[256];
	struct msg_builder b;
	struct msg_seal seal;
	struct wire_w w;
	struct msg_sk sk;

	h.exchange = IKE_X_IKE_AUTH;
	wire_w_init(&w, buf, sizeof(buf));
	msg_build_begin(&b, &w, &h);
	ck_assert_int_eq(msg_skf_seal(&b, IKE_PL_IDI, 2, 3, 40, &seal), IKE_EINVAL);
	msg_builder_free(&b);
	wire_w_init(&w, buf, sizeof(buf));
	msg_build_begin(&b, &w, &h);
	ck_assert_int_eq(msg_skf_seal(&b, IKE_PL_NONE, 2, 3, 40, &seal), IKE_OK);
	ck_assert_uint_eq(seal.aad.len, IKE_HDR_LEN + 8);
	memset(seal.body, 0x11, seal.body_len);
	msg_builder_free(&b);
	ck_assert_int_eq(msg_parse(buf, w.len, &m), IKE_OK);
	ck_assert_int_eq(msg_sk(&m, &sk), IKE_OK);
	ck_assert_uint_eq(sk.type, IKE_PL_SKF);
	ck_assert_uint_eq(sk.frag_num, 2);
	ck_assert_uint_eq(sk.frag_total, 3);
	ck_assert_uint_eq(sk.aad.len, IKE_HDR_LEN + 8);
	ck_assert_uint_eq(sk.data.len, 40);
	ck_assert_ptr_eq(sk.aad.ptr + sk.aad.len, sk.data.ptr);
	/* Fragment number above the total: the view refuses it. */
	buf[IKE_HDR_LEN + 5] = 4;
	ck_assert_int_eq(msg_parse(buf, w.len, &m), IKE_OK);
	ck_assert_int_eq(msg_sk(&m, &sk), IKE_EMALFORMED);
}
END_TEST

START_TEST(builder_misuse)
{
	uint8_t buf[64];
	struct msg_builder b;
	struct msg_seal seal;
	struct wire_w w;

	wire_w_init(&w, buf, sizeof(buf));
	wire_w_u8(&w, 0);
	ck_assert_int_eq(msg_build_begin(&b, &w, &init_hdr), IKE_EINVAL);

	wire_w_init(&w, buf, sizeof(buf));
	msg_build_begin(&b, &w, &init_hdr);
	ck_assert_int_eq(msg_pl_end(&b), IKE_EINVAL);		/* none open */
	ck_assert_int_eq(msg_build_end(&b), IKE_EINVAL);	/* sticky */

	wire_w_init(&w, buf, sizeof(buf));
	msg_build_begin(&b, &w, &init_hdr);
	msg_pl_begin(&b, IKE_PL_VENDOR, 0);
	ck_assert_int_eq(msg_pl_begin(&b, IKE_PL_VENDOR, 0), IKE_EINVAL);

	wire_w_init(&w, buf, sizeof(buf));
	msg_build_begin(&b, &w, &init_hdr);
	ck_assert_int_eq(msg_pl_begin(&b, IKE_PL_SK, 0), IKE_EINVAL);

	wire_w_init(&w, buf, sizeof(buf));
	msg_build_begin(&b, &w, &init_hdr);
	ck_assert_int_eq(msg_sk_seal(&b, 10, &seal), IKE_EINVAL);	/* no SK begun */

	wire_w_init(&w, buf, sizeof(buf));
	msg_build_begin(&b, &w, &init_hdr);
	msg_sk_begin(&b);
	ck_assert_int_eq(msg_build_end(&b), IKE_EINVAL);	/* SK open */
	msg_builder_free(&b);

	/* Full buffer. */
	wire_w_init(&w, buf, sizeof(buf));
	msg_build_begin(&b, &w, &init_hdr);
	msg_pl_begin(&b, IKE_PL_VENDOR, 0);
	wire_w_zero(msg_w(&b), 40);
	ck_assert_int_eq(msg_pl_end(&b), IKE_EBUFFULL);
	ck_assert_int_eq(msg_build_end(&b), IKE_EBUFFULL);

	wire_w_init(&w, buf, 20);
	ck_assert_int_eq(msg_build_begin(&b, &w, &init_hdr), IKE_EBUFFULL);

	/* SK body that does not fit the SK length field. */
	wire_w_init(&w, buf, sizeof(buf));
	msg_build_begin(&b, &w, &init_hdr);
	msg_sk_begin(&b);
	ck_assert_int_eq(msg_sk_seal(&b, 65532, &seal), IKE_EINVAL);
	msg_builder_free(&b);
}
END_TEST

START_TEST(critical_flag_built)
{
	uint8_t buf[64];
	struct msg_builder b;
	struct wire_w w;
	struct ike_bytes v = { nonce_bytes, 4 };

	wire_w_init(&w, buf, sizeof(buf));
	msg_build_begin(&b, &w, &init_hdr);
	add_raw(&b, IKE_PL_VENDOR, v);
	ck_assert_int_eq(msg_pl_begin(&b, 60, 1), IKE_OK);
	ck_assert_int_eq(msg_pl_end(&b), IKE_OK);
	ck_assert_int_eq(msg_build_end(&b), IKE_OK);
	ck_assert_int_eq(msg_parse(buf, w.len, &m), IKE_ECRITICAL);
	ck_assert_uint_eq(m.bad_critical, 60);
}
END_TEST

static Suite *
msg_suite(void)
{
	Suite *s = suite_create("msg");
	TCase *tc = tcase_create("core");

	memset(nonce_bytes, 0x4e, sizeof(nonce_bytes));
	memset(ke_bytes, 0x4b, sizeof(ke_bytes));
	tcase_add_test(tc, build_and_parse_init);
	tcase_add_test(tc, header_errors);
	tcase_add_test(tc, round_trip_header);
	tcase_add_test(tc, chain_errors);
	tcase_add_test(tc, unknown_payloads);
	tcase_add_test(tc, sk_must_be_last);
	tcase_add_test(tc, too_many_payloads);
	tcase_add_test(tc, sk_build_and_parse);
	tcase_add_test(tc, inner_errors);
	tcase_add_test(tc, skf_build_and_parse);
	tcase_add_test(tc, builder_misuse);
	tcase_add_test(tc, critical_flag_built);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(msg_suite)
