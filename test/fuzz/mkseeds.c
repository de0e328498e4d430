/* SPDX-License-Identifier: ISC */
/*
 * mkseeds.c - writes sample IKE messages, built with libike's message
 * builder, as hex files into a directory: the decode tool's test vectors
 * (test/vectors/codec/) and, in binary, the seeds of the message fuzzer
 * (test/fuzz/corpus/fuzz_msg/).  The output is deterministic, so the
 * decode test can check that the committed vectors still come out of the
 * builder byte for byte.
 *
 * The SK payloads are not really encrypted: their body is a zero IV, the
 * plaintext inner chain and a zero ICV.  The decode tool shows them as
 * encrypted; the fuzzer also parses the body as an inner chain, which is
 * why the inner payloads are worth having there.
 *
 * usage: mkseeds DIR [bin]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iana.h"
#include "msg.h"
#include "pld.h"

#define IV_LEN	16
#define ICV_LEN	16

static const char *outdir;
static int binary;
static uint8_t pattern[512];

static struct ike_bytes
bytes(size_t n, uint8_t fill)
{
	struct ike_bytes b = { pattern + fill, n };

	return b;
}

static void
die(const char *what, int err)
{
	fprintf(stderr, "mkseeds: %s: %s\n", what, ike_strerror(err));
	exit(1);
}

static void
save(const char *name, const uint8_t *p, size_t len)
{
	char path[512];
	FILE *f;
	size_t i;

	snprintf(path, sizeof(path), "%s/%s%s", outdir, name, binary ? "" : ".hex");
	if ((f = fopen(path, "wb")) == NULL) {
		perror(path);
		exit(1);
	}
	if (binary)
		fwrite(p, 1, len, f);
	else
		for (i = 0; i < len; i++)
			fprintf(f, "%02x%s", p[i], i % 16 == 15 || i + 1 == len ?
			    "\n" : (i % 4 == 3 ? " " : ""));
	if (fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static struct msg_hdr
hdr(uint8_t exchange, int response, uint32_t msgid)
{
	struct msg_hdr h = { 0x8a5f7c11d2e3f405ULL, 0, 0, IKE_VERSION_2,
	    exchange, 0, msgid, 0 };

	/* RFC 7296 2.6: an IKE_SA_INIT error or cookie response has no
	 * responder SPI; the caller clears it. */
	if (exchange != IKE_X_IKE_SA_INIT || response)
		h.spi_r = 0x2c4b6d8fa1b3c5d7ULL;
	h.flags = response ? IKE_FLAG_RESPONSE : IKE_FLAG_INITIATOR;
	return h;
}

/* The payload builders take different structs; one small adapter each. */
#define ADD(b, type, fn, val)	do {					\
	int _e;								\
	msg_pl_begin((b), (type), 0);					\
	if ((_e = fn(msg_w(b), (val))) != 0)				\
		die(#fn, _e);						\
	if ((_e = msg_pl_end(b)) != 0)					\
		die("msg_pl_end", _e);					\
} while (0)

static void
add_notify(struct msg_builder *b, uint16_t type, struct ike_bytes data)
{
	struct pld_notify n = { 0, type, { NULL, 0 }, data };

	ADD(b, IKE_PL_NOTIFY, pld_notify_build, &n);
}

static void
add_ike_sa(struct msg_builder *b, int response)
{
	static const struct ike_xform p1[] = {
		{ IKE_XF_ENCR, IKE_ENCR_AES_GCM_16, 256 },
		{ IKE_XF_ENCR, IKE_ENCR_CHACHA20_POLY1305, 0 },
		{ IKE_XF_PRF, IKE_PRF_HMAC_SHA2_256, 0 },
		{ IKE_XF_PRF, IKE_PRF_HMAC_SHA2_384, 0 },
		{ IKE_XF_KE, IKE_KE_CURVE25519, 0 },
		{ IKE_XF_KE, IKE_KE_ECP256, 0 },
	};
	static const struct ike_xform p2[] = {
		{ IKE_XF_ENCR, IKE_ENCR_AES_CBC, 128 },
		{ IKE_XF_PRF, IKE_PRF_HMAC_SHA2_256, 0 },
		{ IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0 },
		{ IKE_XF_KE, IKE_KE_MODP2048, 0 },
	};
	static const struct ike_xform chosen[] = {
		{ IKE_XF_ENCR, IKE_ENCR_AES_GCM_16, 256 },
		{ IKE_XF_PRF, IKE_PRF_HMAC_SHA2_256, 0 },
		{ IKE_XF_KE, IKE_KE_CURVE25519, 0 },
	};
	static struct pld_sa sa;
	struct ike_bytes none = { NULL, 0 };

	memset(&sa, 0, sizeof(sa));
	if (response)
		pld_sa_add(&sa, 1, IKE_PROTO_IKE, none, chosen, 3);
	else {
		pld_sa_add(&sa, 1, IKE_PROTO_IKE, none, p1, 6);
		pld_sa_add(&sa, 2, IKE_PROTO_IKE, none, p2, 4);
	}
	ADD(b, IKE_PL_SA, pld_sa_build, &sa);
}

static void
add_esp_sa(struct msg_builder *b, uint8_t spi_fill)
{
	static const struct ike_xform p1[] = {
		{ IKE_XF_ENCR, IKE_ENCR_AES_GCM_16, 128 },
		{ IKE_XF_ESN, IKE_ESN_NO, 0 },
	};
	static const struct ike_xform p2[] = {
		{ IKE_XF_ENCR, IKE_ENCR_AES_CBC, 256 },
		{ IKE_XF_INTEG, IKE_INTEG_HMAC_SHA2_512_256, 0 },
		{ IKE_XF_ESN, IKE_ESN_NO, 0 },
	};
	static struct pld_sa sa;

	memset(&sa, 0, sizeof(sa));
	pld_sa_add(&sa, 1, IKE_PROTO_ESP, bytes(4, spi_fill), p1, 2);
	pld_sa_add(&sa, 2, IKE_PROTO_ESP, bytes(4, spi_fill), p2, 3);
	ADD(b, IKE_PL_SA, pld_sa_build, &sa);
}

static void
add_ts(struct msg_builder *b, uint8_t type, int v6)
{
	static struct pld_ts ts;

	memset(&ts, 0, sizeof(ts));
	ts.n = v6 ? 2 : 1;
	ts.ts[0].family = IKE_AF_INET;
	ts.ts[0].port_hi = 65535;
	ts.ts[0].start[0] = ts.ts[0].end[0] = 10;
	ts.ts[0].start[1] = ts.ts[0].end[1] = type == IKE_PL_TSI ? 1 : 2;
	ts.ts[0].end[2] = ts.ts[0].end[3] = 255;
	ts.ts[1].family = IKE_AF_INET6;
	ts.ts[1].proto = 17;
	ts.ts[1].port_lo = ts.ts[1].port_hi = 53;
	ts.ts[1].start[0] = ts.ts[1].end[0] = 0x20;
	ts.ts[1].start[1] = ts.ts[1].end[1] = 0x01;
	ts.ts[1].start[2] = ts.ts[1].end[2] = 0x0d;
	ts.ts[1].start[3] = ts.ts[1].end[3] = 0xb8;
	memset(ts.ts[1].end + 8, 0xff, 8);
	ADD(b, type, pld_ts_build, &ts);
}

/* Closes the SK payload: IV | inner chain | ICV, unencrypted. */
static size_t
seal_fake(struct msg_builder *b, struct wire_w *w)
{
	struct ike_bytes plain = msg_sk_plain(b);
	uint8_t *copy = malloc(plain.len + 1);
	struct msg_seal s;
	int e;

	if (copy == NULL)
		die("malloc", IKE_ENOMEM);
	if (plain.len > 0)
		memcpy(copy, plain.ptr, plain.len);
	if ((e = msg_sk_seal(b, IV_LEN + plain.len + ICV_LEN, &s)) != 0)
		die("msg_sk_seal", e);
	memset(s.body, 0, IV_LEN);
	if (plain.len > 0)
		memcpy(s.body + IV_LEN, copy, plain.len);
	memset(s.body + IV_LEN + plain.len, 0, ICV_LEN);
	free(copy);
	msg_builder_free(b);
	return w->len;
}

static size_t
finish(struct msg_builder *b, struct wire_w *w)
{
	int e;

	if ((e = msg_build_end(b)) != 0)
		die("msg_build_end", e);
	msg_builder_free(b);
	return w->len;
}

static void
begin(struct msg_builder *b, struct wire_w *w, uint8_t *buf, size_t cap,
    struct msg_hdr h)
{
	int e;

	wire_w_init(w, buf, cap);
	if ((e = msg_build_begin(b, w, &h)) != 0)
		die("msg_build_begin", e);
}

static struct msg_hdr
hdr_no_spi_r(uint8_t exchange, int response, uint32_t msgid)
{
	struct msg_hdr h = hdr(exchange, response, msgid);

	h.spi_r = 0;
	return h;
}

static void
sa_init(void)
{
	static uint8_t buf[2048];
	uint8_t hashes[] = { 0, 2, 0, 3, 0, 4, 0, 5 };
	struct ike_bytes none = { NULL, 0 }, h = { hashes, sizeof(hashes) };
	struct pld_ke ke = { IKE_KE_CURVE25519, bytes(32, 1) };
	struct pld_nonce ni = { bytes(32, 2) };
	struct pld_vendor v = { bytes(16, 3) };
	struct pld_cert creq = { IKE_CERT_X509_SIG, bytes(40, 4) };
	struct msg_builder b;
	struct wire_w w;
	size_t len;

	/* Request. */
	begin(&b, &w, buf, sizeof(buf), hdr(IKE_X_IKE_SA_INIT, 0, 0));
	add_ike_sa(&b, 0);
	ADD(&b, IKE_PL_KE, pld_ke_build, &ke);
	ADD(&b, IKE_PL_NONCE, pld_nonce_build, &ni);
	add_notify(&b, IKE_N_NAT_DETECTION_SOURCE_IP, bytes(20, 5));
	add_notify(&b, IKE_N_NAT_DETECTION_DESTINATION_IP, bytes(20, 6));
	add_notify(&b, IKE_N_IKEV2_FRAGMENTATION_SUPPORTED, none);
	add_notify(&b, IKE_N_SIGNATURE_HASH_ALGORITHMS, h);
	ADD(&b, IKE_PL_VENDOR, pld_vendor_build, &v);
	len = finish(&b, &w);
	save("ike_sa_init_req", buf, len);

	/* Response. */
	begin(&b, &w, buf, sizeof(buf), hdr(IKE_X_IKE_SA_INIT, 1, 0));
	add_ike_sa(&b, 1);
	ke.data = bytes(32, 7);
	ADD(&b, IKE_PL_KE, pld_ke_build, &ke);
	ni.data = bytes(32, 8);
	ADD(&b, IKE_PL_NONCE, pld_nonce_build, &ni);
	add_notify(&b, IKE_N_NAT_DETECTION_SOURCE_IP, bytes(20, 9));
	add_notify(&b, IKE_N_NAT_DETECTION_DESTINATION_IP, bytes(20, 10));
	ADD(&b, IKE_PL_CERTREQ, pld_certreq_build, &creq);
	add_notify(&b, IKE_N_MULTIPLE_AUTH_SUPPORTED, none);
	len = finish(&b, &w);
	save("ike_sa_init_resp", buf, len);

	/* Error responses: INVALID_KE_PAYLOAD asking for MODP_2048, COOKIE. */
	hashes[0] = 0;
	hashes[1] = IKE_KE_MODP2048;
	h.len = 2;
	begin(&b, &w, buf, sizeof(buf), hdr_no_spi_r(IKE_X_IKE_SA_INIT, 1, 0));
	add_notify(&b, IKE_N_INVALID_KE_PAYLOAD, h);
	len = finish(&b, &w);
	save("ike_sa_init_invalid_ke", buf, len);
	begin(&b, &w, buf, sizeof(buf), hdr_no_spi_r(IKE_X_IKE_SA_INIT, 1, 0));
	add_notify(&b, IKE_N_COOKIE, bytes(32, 11));
	len = finish(&b, &w);
	save("ike_sa_init_cookie", buf, len);
}

static void
ike_auth(void)
{
	static uint8_t buf[4096];
	static const uint8_t fqdn[] = "branch.example.net", v4[] = { 192, 0, 2, 1 };
	static struct pld_cp cp;
	struct pld_id idi = { IKE_ID_FQDN, { fqdn, sizeof(fqdn) - 1 } };
	struct pld_id idr = { IKE_ID_IPV4_ADDR, { v4, 4 } };
	struct pld_auth auth = { IKE_AUTH_PSK, bytes(32, 12) };
	struct pld_cert cert = { IKE_CERT_X509_SIG, bytes(200, 13) };
	struct pld_eap eap;
	uint8_t eapmsg[] = { 2, 7, 0, 9, 1, 'a', 'l', 'i', 'c' };
	struct msg_builder b;
	struct wire_w w;
	struct msg_seal s;
	size_t len;

	memset(&cp, 0, sizeof(cp));
	cp.type = IKE_CFG_REQUEST;
	cp.n = 3;
	cp.attr[0].type = IKE_CA_INTERNAL_IP4_ADDRESS;
	cp.attr[1].type = IKE_CA_INTERNAL_IP4_DNS;
	cp.attr[2].type = IKE_CA_INTERNAL_IP6_ADDRESS;

	/* Request: IDi, CERT, IDr, AUTH, CP, SA, TSi, TSr, N. */
	begin(&b, &w, buf, sizeof(buf), hdr(IKE_X_IKE_AUTH, 0, 1));
	msg_sk_begin(&b);
	ADD(&b, IKE_PL_IDI, pld_id_build, &idi);
	ADD(&b, IKE_PL_CERT, pld_cert_build, &cert);
	add_notify(&b, IKE_N_INITIAL_CONTACT, bytes(0, 0));
	ADD(&b, IKE_PL_IDR, pld_id_build, &idr);
	ADD(&b, IKE_PL_AUTH, pld_auth_build, &auth);
	ADD(&b, IKE_PL_CP, pld_cp_build, &cp);
	add_esp_sa(&b, 14);
	add_ts(&b, IKE_PL_TSI, 1);
	add_ts(&b, IKE_PL_TSR, 0);
	len = seal_fake(&b, &w);
	save("ike_auth_req", buf, len);

	/* Response with CFG_REPLY. */
	cp.type = IKE_CFG_REPLY;
	cp.n = 3;
	cp.attr[0].value = bytes(4, 15);
	cp.attr[1].value = bytes(4, 16);
	cp.attr[2].value = bytes(17, 17);
	idi = idr;
	begin(&b, &w, buf, sizeof(buf), hdr(IKE_X_IKE_AUTH, 1, 1));
	msg_sk_begin(&b);
	ADD(&b, IKE_PL_IDR, pld_id_build, &idi);
	auth.method = IKE_AUTH_DIGITAL_SIG;
	ADD(&b, IKE_PL_AUTH, pld_auth_build, &auth);
	ADD(&b, IKE_PL_CP, pld_cp_build, &cp);
	add_esp_sa(&b, 18);
	add_ts(&b, IKE_PL_TSI, 0);
	add_ts(&b, IKE_PL_TSR, 0);
	len = seal_fake(&b, &w);
	save("ike_auth_resp", buf, len);

	/* An EAP round. */
	memset(&eap, 0, sizeof(eap));
	eap.msg.ptr = eapmsg;
	eap.msg.len = sizeof(eapmsg);
	begin(&b, &w, buf, sizeof(buf), hdr(IKE_X_IKE_AUTH, 0, 2));
	msg_sk_begin(&b);
	ADD(&b, IKE_PL_EAP, pld_eap_build, &eap);
	len = seal_fake(&b, &w);
	save("ike_auth_eap", buf, len);

	/* RFC 7383 fragment 1 of 2. */
	begin(&b, &w, buf, sizeof(buf), hdr(IKE_X_IKE_AUTH, 0, 1));
	if (msg_skf_seal(&b, IKE_PL_IDI, 1, 2, 96, &s) != 0)
		die("msg_skf_seal", b.err);
	memset(s.body, 0x5a, s.body_len);
	msg_builder_free(&b);
	save("ike_auth_skf", buf, w.len);
}

static void
child_and_info(void)
{
	static uint8_t buf[2048];
	struct pld_ke ke = { IKE_KE_CURVE25519, bytes(32, 19) };
	struct pld_nonce n = { bytes(32, 20) };
	uint8_t spis[] = { 0xc1, 0x00, 0x00, 0x01, 0xc1, 0x00, 0x00, 0x02 };
	struct pld_delete d = { IKE_PROTO_ESP, 4, 2, { spis, sizeof(spis) } };
	struct pld_notify rekey = { IKE_PROTO_ESP, IKE_N_REKEY_SA, bytes(4, 21),
	    { NULL, 0 } };
	struct msg_builder b;
	struct wire_w w;
	size_t len;

	begin(&b, &w, buf, sizeof(buf), hdr(IKE_X_CREATE_CHILD_SA, 0, 3));
	msg_sk_begin(&b);
	ADD(&b, IKE_PL_NOTIFY, pld_notify_build, &rekey);
	add_esp_sa(&b, 22);
	ADD(&b, IKE_PL_NONCE, pld_nonce_build, &n);
	ADD(&b, IKE_PL_KE, pld_ke_build, &ke);
	add_ts(&b, IKE_PL_TSI, 1);
	add_ts(&b, IKE_PL_TSR, 1);
	len = seal_fake(&b, &w);
	save("create_child_sa_req", buf, len);

	begin(&b, &w, buf, sizeof(buf), hdr(IKE_X_INFORMATIONAL, 0, 4));
	msg_sk_begin(&b);
	ADD(&b, IKE_PL_DELETE, pld_delete_build, &d);
	len = seal_fake(&b, &w);
	save("informational_delete", buf, len);

	/* Liveness check: an empty SK. */
	begin(&b, &w, buf, sizeof(buf), hdr(IKE_X_INFORMATIONAL, 1, 5));
	msg_sk_begin(&b);
	len = seal_fake(&b, &w);
	save("informational_empty", buf, len);
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "bin") != 0)) {
		fprintf(stderr, "usage: mkseeds DIR [bin]\n");
		return 2;
	}
	outdir = argv[1];
	binary = argc == 3;
	for (i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)(i * 7 + 1);
	sa_init();
	ike_auth();
	child_and_info();
	return 0;
}
