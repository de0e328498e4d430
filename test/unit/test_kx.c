/* SPDX-License-Identifier: ISC */
/* test_kx.c - kernel-xfrm without a kernel: XFRM messages built into a
 * buffer and read back, the algorithm table, policy ownership, replies
 * (acks, errors with extended ack text, dumps) and events parsed from
 * crafted netlink messages, well-formed and not. */
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/udp.h>

#include "check_main.h"
#include "cry.h"
#include "iana.h"
#include "kx_int.h"

static _Alignas(8) uint8_t buf[8192];

static const uint8_t key[64] = {
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
	0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7,
	0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf, 0xc0, 0xc1, 0xc2, 0xc3,
	0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
	0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb,
	0xdc, 0xdd, 0xde, 0xdf,
};

static struct ike_addr
ad(const char *s, uint16_t port)
{
	struct ike_addr a = { .port = port };

	if (inet_pton(AF_INET, s, a.addr) == 1) {
		a.family = IKE_AF_INET;
	} else {
		ck_assert_int_eq(inet_pton(AF_INET6, s, a.addr), 1);
		a.family = IKE_AF_INET6;
	}
	return a;
}

static struct kx_sa
gcm(void)
{
	struct kx_sa sa = { 0 };

	sa.src = ad("192.0.2.1", 0);
	sa.dst = ad("198.51.100.7", 0);
	sa.spi = 0xc0ffee01;
	sa.proto = IKE_PROTO_ESP;
	sa.mode = KX_MODE_TUNNEL;
	sa.reqid = KX_REQID_BASE + 9;
	sa.replay_window = 32;
	strcpy(sa.alg.aead, "rfc4106(gcm(aes))");
	sa.alg.icv_bits = 128;
	sa.alg.enc_key = (struct ike_bytes){ key, 36 };
	sa.soft_secs = 3000;
	sa.hard_secs = 3600;
	return sa;
}

static struct kx_sa
cbc(void)
{
	struct kx_sa sa = gcm();

	memset(&sa.alg, 0, sizeof(sa.alg));
	strcpy(sa.alg.encr, "cbc(aes)");
	strcpy(sa.alg.integ, "hmac(sha384)");
	sa.alg.enc_key = (struct ike_bytes){ key, 32 };
	sa.alg.int_key = (struct ike_bytes){ key + 16, 48 };
	return sa;
}

static void
fixed_sa(const struct nlmsghdr *nlh, struct xfrm_usersa_info *p)
{
	ck_assert_uint_ge(mnl_nlmsg_get_payload_len(nlh), sizeof(*p));
	memcpy(p, mnl_nlmsg_get_payload(nlh), sizeof(*p));
}

START_TEST(build_gcm)
{
	struct kx_sa sa = gcm();
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_usersa_info p;
	struct xfrm_algo_aead a;
	struct nlmsghdr *nlh = NULL;

	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 77, XFRM_MSG_NEWSA, &sa,
	    &nlh), IKE_OK);
	ck_assert_uint_eq(nlh->nlmsg_type, XFRM_MSG_NEWSA);
	ck_assert_uint_eq(nlh->nlmsg_seq, 77);
	ck_assert(nlh->nlmsg_flags & NLM_F_ACK);
	fixed_sa(nlh, &p);
	ck_assert_uint_eq(p.family, AF_INET);
	ck_assert_uint_eq(ntohl(p.id.spi), 0xc0ffee01);
	ck_assert_uint_eq(p.id.proto, IPPROTO_ESP);
	ck_assert_mem_eq(&p.id.daddr, sa.dst.addr, 4);
	ck_assert_mem_eq(&p.saddr, sa.src.addr, 4);
	ck_assert_uint_eq(p.reqid, KX_REQID_BASE + 9);
	ck_assert_uint_eq(p.mode, XFRM_MODE_TUNNEL);
	ck_assert_uint_eq(p.replay_window, 32);
	ck_assert_uint_eq(p.flags, XFRM_STATE_AF_UNSPEC);
	ck_assert_uint_eq(p.sel.family, 0);
	ck_assert(p.lft.soft_byte_limit == XFRM_INF);
	ck_assert(p.lft.hard_packet_limit == XFRM_INF);
	ck_assert_uint_eq(p.lft.soft_add_expires_seconds, 3000);
	ck_assert_uint_eq(p.lft.hard_add_expires_seconds, 3600);

	ck_assert_int_eq(kx_attrs(nlh, sizeof(p), tb), IKE_OK);
	ck_assert_ptr_nonnull(tb[XFRMA_ALG_AEAD]);
	ck_assert_ptr_null(tb[XFRMA_ALG_CRYPT]);
	ck_assert_ptr_null(tb[XFRMA_REPLAY_ESN_VAL]);
	ck_assert_ptr_null(tb[XFRMA_ENCAP]);
	ck_assert_uint_eq(mnl_attr_get_payload_len(tb[XFRMA_ALG_AEAD]),
	    sizeof(a) + 36);
	memcpy(&a, mnl_attr_get_payload(tb[XFRMA_ALG_AEAD]), sizeof(a));
	ck_assert_str_eq(a.alg_name, "rfc4106(gcm(aes))");
	ck_assert_uint_eq(a.alg_key_len, 288);
	ck_assert_uint_eq(a.alg_icv_len, 128);
	ck_assert_mem_eq((const uint8_t *)mnl_attr_get_payload(tb[XFRMA_ALG_AEAD]) +
	    sizeof(a), key, 36);
}
END_TEST

START_TEST(build_cbc_v6_esn_encap)
{
	struct kx_sa sa = cbc();
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_usersa_info p;
	struct xfrm_algo c;
	struct xfrm_algo_auth h;
	struct xfrm_replay_state_esn r;
	struct xfrm_encap_tmpl e;
	struct nlmsghdr *nlh = NULL;

	sa.src = ad("2001:db8::1", 4500);
	sa.dst = ad("2001:db8::2", 31337);
	sa.esn = 1;
	sa.replay_window = 0;		/* ESN needs one: 32 */
	sa.encap = 1;
	sa.mode = KX_MODE_TRANSPORT;
	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 1, XFRM_MSG_UPDSA, &sa,
	    &nlh), IKE_OK);
	ck_assert_uint_eq(nlh->nlmsg_type, XFRM_MSG_UPDSA);
	fixed_sa(nlh, &p);
	ck_assert_uint_eq(p.family, AF_INET6);
	ck_assert_mem_eq(&p.id.daddr, sa.dst.addr, 16);
	ck_assert_mem_eq(&p.saddr, sa.src.addr, 16);
	ck_assert_uint_eq(p.mode, XFRM_MODE_TRANSPORT);
	ck_assert_uint_eq(p.flags, XFRM_STATE_ESN);	/* no AF_UNSPEC */
	ck_assert_uint_eq(p.replay_window, 0);		/* kernel insists */

	ck_assert_int_eq(kx_attrs(nlh, sizeof(p), tb), IKE_OK);
	ck_assert_ptr_null(tb[XFRMA_ALG_AEAD]);
	memcpy(&c, mnl_attr_get_payload(tb[XFRMA_ALG_CRYPT]), sizeof(c));
	ck_assert_str_eq(c.alg_name, "cbc(aes)");
	ck_assert_uint_eq(c.alg_key_len, 256);
	memcpy(&h, mnl_attr_get_payload(tb[XFRMA_ALG_AUTH_TRUNC]), sizeof(h));
	ck_assert_str_eq(h.alg_name, "hmac(sha384)");
	ck_assert_uint_eq(h.alg_key_len, 384);
	ck_assert_uint_eq(h.alg_trunc_len, 192);	/* RFC 4868 default */
	ck_assert_mem_eq((const uint8_t *)mnl_attr_get_payload(tb[XFRMA_ALG_AUTH_TRUNC]) +
	    sizeof(h), key + 16, 48);
	memcpy(&r, mnl_attr_get_payload(tb[XFRMA_REPLAY_ESN_VAL]), sizeof(r));
	ck_assert_uint_eq(r.replay_window, 32);
	ck_assert_uint_eq(r.bmp_len, 1);
	ck_assert_uint_eq(mnl_attr_get_payload_len(tb[XFRMA_REPLAY_ESN_VAL]),
	    sizeof(r) + 4);
	memcpy(&e, mnl_attr_get_payload(tb[XFRMA_ENCAP]), sizeof(e));
	ck_assert_uint_eq(e.encap_type, UDP_ENCAP_ESPINUDP);
	ck_assert_uint_eq(ntohs(e.encap_sport), 4500);
	ck_assert_uint_eq(ntohs(e.encap_dport), 31337);
}
END_TEST

START_TEST(build_wide_window)
{
	struct kx_sa sa = gcm();
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_usersa_info p;
	struct xfrm_replay_state_esn r;
	struct nlmsghdr *nlh = NULL;

	sa.replay_window = 1000;
	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 1, XFRM_MSG_NEWSA, &sa,
	    &nlh), IKE_OK);
	fixed_sa(nlh, &p);
	ck_assert_uint_eq(p.flags & XFRM_STATE_ESN, 0);
	ck_assert_int_eq(kx_attrs(nlh, sizeof(p), tb), IKE_OK);
	memcpy(&r, mnl_attr_get_payload(tb[XFRMA_REPLAY_ESN_VAL]), sizeof(r));
	ck_assert_uint_eq(r.replay_window, 1000);
	ck_assert_uint_eq(r.bmp_len, 32);
	sa.replay_window = KX_REPLAY_MAX + 1;
	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 1, XFRM_MSG_NEWSA, &sa,
	    &nlh), IKE_EINVAL);
}
END_TEST

START_TEST(build_selector)
{
	struct kx_sa sa = gcm();
	struct xfrm_usersa_info p;
	struct nlmsghdr *nlh = NULL;

	sa.mode = KX_MODE_TRANSPORT;
	sa.sel.family = IKE_AF_INET;
	memcpy(sa.sel.src, sa.src.addr, 4);
	memcpy(sa.sel.dst, sa.dst.addr, 4);
	sa.sel.src_plen = sa.sel.dst_plen = 32;
	sa.sel.proto = IPPROTO_TCP;
	sa.sel.dport = 443;
	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 1, XFRM_MSG_NEWSA, &sa,
	    &nlh), IKE_OK);
	fixed_sa(nlh, &p);
	ck_assert_uint_eq(p.flags, 0);
	ck_assert_uint_eq(p.sel.family, AF_INET);
	ck_assert_uint_eq(p.sel.prefixlen_d, 32);
	ck_assert_uint_eq(p.sel.proto, IPPROTO_TCP);
	ck_assert_uint_eq(ntohs(p.sel.dport), 443);
	ck_assert_uint_eq(p.sel.dport_mask, 0xffff);
	ck_assert_uint_eq(p.sel.sport_mask, 0);
}
END_TEST

START_TEST(build_rejects)
{
	struct nlmsghdr *nlh = NULL;
	struct kx_sa sa;
	size_t i;

	sa = gcm();
	sa.spi = 0;
	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 1, XFRM_MSG_NEWSA, &sa, &nlh), IKE_EINVAL);
	sa = gcm();
	sa.dst = ad("2001:db8::2", 0);
	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 1, XFRM_MSG_NEWSA, &sa, &nlh), IKE_EINVAL);
	sa = gcm();
	sa.proto = IKE_PROTO_IKE;
	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 1, XFRM_MSG_NEWSA, &sa, &nlh), IKE_EINVAL);
	sa = gcm();
	sa.encap = 1;			/* no ports */
	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 1, XFRM_MSG_NEWSA, &sa, &nlh), IKE_EINVAL);
	sa = gcm();
	strcpy(sa.alg.aead, "gcm(aes)");	/* not the ESP name */
	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 1, XFRM_MSG_NEWSA, &sa, &nlh), IKE_EUNSUPPORTED);
	sa = gcm();
	sa.alg.enc_key.len = 32;	/* salt missing */
	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 1, XFRM_MSG_NEWSA, &sa, &nlh), IKE_EINVAL);
	sa = gcm();
	sa.alg.icv_bits = 100;
	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 1, XFRM_MSG_NEWSA, &sa, &nlh), IKE_EINVAL);
	sa = cbc();
	sa.alg.trunc_bits = 96;		/* not for SHA-384 */
	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 1, XFRM_MSG_NEWSA, &sa, &nlh), IKE_EINVAL);
	sa = cbc();
	strcpy(sa.alg.aead, "rfc4106(gcm(aes))");	/* AEAD and more */
	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 1, XFRM_MSG_NEWSA, &sa, &nlh), IKE_EINVAL);
	sa = cbc();
	memset(sa.alg.encr, 'x', sizeof(sa.alg.encr));	/* unterminated */
	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 1, XFRM_MSG_NEWSA, &sa, &nlh), IKE_EINVAL);

	/* Too small a buffer: an error, and no key bytes left behind. */
	sa = gcm();
	for (i = 0;; i += 4) {
		int r;

		memset(buf, 0, sizeof(buf));
		r = kx_build_sa(buf, i, 1, XFRM_MSG_NEWSA, &sa, &nlh);
		if (r == IKE_OK)
			break;
		ck_assert_int_eq(r, IKE_EBUFFULL);
		ck_assert_ptr_null(memmem(buf, sizeof(buf), key, 8));
	}
	ck_assert_uint_eq(i, nlh->nlmsg_len);
	ck_assert_uint_gt(i, 300);
}
END_TEST

START_TEST(alg_table)
{
	static const struct { const char *aead, *encr, *integ; size_t ek, ik;
	    uint16_t icv, trunc; } ok[] = {
		{ "rfc4106(gcm(aes))", "", "", 20, 0, 64, 0 },
		{ "rfc4106(gcm(aes))", "", "", 28, 0, 96, 0 },
		{ "rfc4106(gcm(aes))", "", "", 36, 0, 128, 0 },
		{ "rfc7539esp(chacha20,poly1305)", "", "", 36, 0, 128, 0 },
		{ "rfc4309(ccm(aes))", "", "", 19, 0, 128, 0 },
		{ "", "cbc(aes)", "hmac(sha256)", 16, 32, 0, 128 },
		{ "", "cbc(aes)", "hmac(sha512)", 24, 64, 0, 256 },
		{ "", "rfc3686(ctr(aes))", "hmac(sha1)", 20, 20, 0, 96 },
		{ "", "cbc(aes)", "", 32, 0, 0, 0 },
	};
	char why[96];
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct kx_alg a = { 0 };

		strcpy(a.aead, ok[i].aead);
		strcpy(a.encr, ok[i].encr);
		strcpy(a.integ, ok[i].integ);
		a.enc_key = (struct ike_bytes){ key, ok[i].ek };
		a.int_key = (struct ike_bytes){ key, ok[i].ik };
		a.icv_bits = ok[i].icv;
		a.trunc_bits = ok[i].trunc;
		ck_assert_msg(kx_alg_check(&a, why, sizeof(why)) == IKE_OK,
		    "%zu: %s", i, why);
	}
	{
		struct kx_alg a = { 0 };

		ck_assert_int_eq(kx_alg_check(&a, why, sizeof(why)), IKE_EINVAL);
		ck_assert_str_eq(why, "no encryption algorithm");
		strcpy(a.encr, "cbc(aes)");
		strcpy(a.integ, "hmac(md5)");
		a.enc_key = (struct ike_bytes){ key, 16 };
		a.int_key = (struct ike_bytes){ key, 16 };
		ck_assert_int_eq(kx_alg_check(&a, why, sizeof(why)), IKE_EUNSUPPORTED);
		ck_assert_str_eq(why, "unknown algorithm hmac(md5)");
	}
}
END_TEST

/* Every ESP transform libike negotiates maps to kernel names and key
 * sizes this plugin's table accepts: the two tables cannot drift. */
START_TEST(libike_esp_names)
{
	static const uint16_t encr[][2] = {
		{ IKE_ENCR_AES_GCM_16, 128 }, { IKE_ENCR_AES_GCM_16, 192 },
		{ IKE_ENCR_AES_GCM_16, 256 }, { IKE_ENCR_CHACHA20_POLY1305, 0 },
		{ IKE_ENCR_AES_CBC, 128 }, { IKE_ENCR_AES_CBC, 192 },
		{ IKE_ENCR_AES_CBC, 256 },
	};
	static const uint16_t integ[] = {
		IKE_INTEG_NONE, IKE_INTEG_HMAC_SHA1_96, IKE_INTEG_HMAC_SHA2_256_128,
		IKE_INTEG_HMAC_SHA2_384_192, IKE_INTEG_HMAC_SHA2_512_256,
	};
	size_t i, j, el, il, n = 0;
	char why[96];

	for (i = 0; i < sizeof(encr) / sizeof(encr[0]); i++) {
		for (j = 0; j < sizeof(integ) / sizeof(integ[0]); j++) {
			struct kx_alg a;

			if (cry_esp_alg(encr[i][0], encr[i][1], integ[j], &a,
			    &el, &il) != IKE_OK)
				continue;
			a.enc_key = (struct ike_bytes){ key, el };
			a.int_key = (struct ike_bytes){ key, il };
			ck_assert_msg(kx_alg_check(&a, why, sizeof(why)) == IKE_OK,
			    "encr %u/%u integ %u: %s", encr[i][0], encr[i][1],
			    integ[j], why);
			n++;
		}
	}
	ck_assert_uint_eq(n, 4 + 3 * 4);
}
END_TEST

START_TEST(parse_sa_back)
{
	struct kx_sa sa = cbc(), got;
	struct kx_stats st;
	struct nlmsghdr *nlh = NULL;
	struct kx_msg m;
	struct xfrm_usersa_info p;
	int larval = -1;

	sa.src = ad("192.0.2.1", 4500);
	sa.dst = ad("198.51.100.7", 4501);
	sa.encap = 1;
	sa.esn = 1;
	sa.replay_window = 64;
	sa.soft_bytes = 1000;
	ck_assert_int_eq(kx_build_sa(buf, sizeof(buf), 1, XFRM_MSG_NEWSA, &sa,
	    &nlh), IKE_OK);
	/* What the kernel sends back has counters in curlft. */
	fixed_sa(nlh, &p);
	p.curlft.bytes = 4242;
	p.curlft.packets = 42;
	p.curlft.add_time = 1700000000;
	memcpy(mnl_nlmsg_get_payload(nlh), &p, sizeof(p));
	ck_assert_int_eq(kx_parse_sa(nlh, &got, &st, &larval), IKE_OK);
	ck_assert_int_eq(larval, 0);
	ck_assert_uint_eq(got.spi, sa.spi);
	ck_assert_uint_eq(got.reqid, sa.reqid);
	ck_assert_uint_eq(got.proto, IKE_PROTO_ESP);
	ck_assert_int_eq(got.mode, KX_MODE_TUNNEL);
	ck_assert_int_eq(got.esn, 1);
	ck_assert_uint_eq(got.replay_window, 64);
	ck_assert_int_eq(got.encap, 1);
	ck_assert_mem_eq(&got.src, &sa.src, sizeof(sa.src));
	ck_assert_mem_eq(&got.dst, &sa.dst, sizeof(sa.dst));
	ck_assert_uint_eq(got.soft_bytes, 1000);
	ck_assert_uint_eq(got.hard_bytes, 0);
	ck_assert_uint_eq(got.hard_secs, 3600);
	ck_assert_uint_eq(st.bytes, 4242);
	ck_assert_uint_eq(st.packets, 42);
	ck_assert_uint_eq(st.add_time, 1700000000);

	/* A larval state: the fixed part only. */
	kx_msg_init(&m, buf, sizeof(buf), XFRM_MSG_NEWSA, 0, 1);
	memcpy(kx_msg_fixed(&m, sizeof(p)), &p, sizeof(p));
	ck_assert_int_eq(kx_msg_done(&m, &nlh), IKE_OK);
	ck_assert_int_eq(kx_parse_sa(nlh, &got, NULL, &larval), IKE_OK);
	ck_assert_int_eq(larval, 1);
	/* Short, or of the wrong type, or of an unknown family. */
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + sizeof(p) - 1;
	ck_assert_int_eq(kx_parse_sa(nlh, &got, NULL, NULL), IKE_EMALFORMED);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + sizeof(p);
	nlh->nlmsg_type = XFRM_MSG_NEWPOLICY;
	ck_assert_int_eq(kx_parse_sa(nlh, &got, NULL, NULL), IKE_EMALFORMED);
	nlh->nlmsg_type = XFRM_MSG_NEWSA;
	p.family = 99;
	memcpy(mnl_nlmsg_get_payload(nlh), &p, sizeof(p));
	ck_assert_int_eq(kx_parse_sa(nlh, &got, NULL, NULL), IKE_EMALFORMED);
}
END_TEST

START_TEST(build_ids)
{
	struct kx_op op = { .type = KX_ALLOC_SPI };
	struct xfrm_userspi_info u;
	struct xfrm_usersa_id id;
	struct nlmsghdr *nlh = NULL;
	struct ike_addr d6 = ad("2001:db8::7", 0);

	op.sa.src = ad("192.0.2.1", 0);
	op.sa.dst = ad("192.0.2.2", 0);
	op.sa.proto = IKE_PROTO_ESP;
	op.sa.reqid = KX_REQID_BASE;
	ck_assert_int_eq(kx_build_allocspi(buf, sizeof(buf), 5, &op, &nlh), IKE_OK);
	ck_assert_uint_eq(nlh->nlmsg_type, XFRM_MSG_ALLOCSPI);
	memcpy(&u, mnl_nlmsg_get_payload(nlh), sizeof(u));
	ck_assert_uint_eq(u.min, 0x100);
	ck_assert_uint_eq(u.max, 0xffffffff);
	ck_assert_uint_eq(u.info.reqid, KX_REQID_BASE);
	ck_assert_uint_eq(u.info.id.proto, IPPROTO_ESP);
	op.spi_min = 9;
	op.spi_max = 8;
	ck_assert_int_eq(kx_build_allocspi(buf, sizeof(buf), 5, &op, &nlh), IKE_EINVAL);

	ck_assert_int_eq(kx_build_sa_id(buf, sizeof(buf), 6, XFRM_MSG_DELSA, &d6,
	    0x01020304, IKE_PROTO_ESP, &nlh), IKE_OK);
	ck_assert(nlh->nlmsg_flags & NLM_F_ACK);
	ck_assert_uint_eq(mnl_nlmsg_get_payload_len(nlh), MNL_ALIGN(sizeof(id)));
	memcpy(&id, mnl_nlmsg_get_payload(nlh), sizeof(id));
	ck_assert_uint_eq(id.family, AF_INET6);
	ck_assert_uint_eq(ntohl(id.spi), 0x01020304);
	ck_assert_mem_eq(&id.daddr, d6.addr, 16);
	ck_assert_int_eq(kx_build_sa_id(buf, sizeof(buf), 6, XFRM_MSG_GETSA, &d6,
	    1, IKE_PROTO_ESP, &nlh), IKE_OK);
	ck_assert(!(nlh->nlmsg_flags & NLM_F_ACK));	/* the reply is the SA */
	ck_assert_int_eq(kx_build_dump(buf, sizeof(buf), 7, XFRM_MSG_GETSA, &nlh), IKE_OK);
	ck_assert(nlh->nlmsg_flags & NLM_F_DUMP);
}
END_TEST

static struct kx_policy
tunnel_pol(enum kx_dir dir)
{
	struct kx_policy p = { 0 };
	struct ike_addr s = ad("10.1.0.0", 0), d = ad("10.2.0.0", 0);

	p.sel.family = IKE_AF_INET;
	memcpy(p.sel.src, s.addr, 4);
	memcpy(p.sel.dst, d.addr, 4);
	p.sel.src_plen = p.sel.dst_plen = 16;
	p.dir = dir;
	p.mode = KX_MODE_TUNNEL;
	p.tmpl_src = ad("2001:db8::1", 0);
	p.tmpl_dst = ad("2001:db8::2", 0);
	p.reqid = KX_REQID_BASE + 3;
	p.proto = IKE_PROTO_ESP;
	return p;
}

START_TEST(policy_round_trip)
{
	struct kx_policy pol = tunnel_pol(KX_DIR_FWD), got;
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_userpolicy_info p;
	struct xfrm_user_tmpl t;
	struct kx_pol_info info;
	struct nlmsghdr *nlh = NULL;

	ck_assert_int_eq(kx_build_policy(buf, sizeof(buf), 3, &pol, &nlh), IKE_OK);
	ck_assert_uint_eq(nlh->nlmsg_type, XFRM_MSG_NEWPOLICY);
	memcpy(&p, mnl_nlmsg_get_payload(nlh), sizeof(p));
	ck_assert_uint_eq(p.dir, XFRM_POLICY_FWD);
	ck_assert_uint_eq(p.priority, KX_PRIO_BASE);
	ck_assert_uint_eq(p.action, XFRM_POLICY_ALLOW);
	ck_assert_uint_eq(p.sel.family, AF_INET);
	ck_assert_uint_eq(p.sel.prefixlen_s, 16);
	ck_assert_int_eq(kx_attrs(nlh, sizeof(p), tb), IKE_OK);
	ck_assert_uint_eq(mnl_attr_get_payload_len(tb[XFRMA_TMPL]), sizeof(t));
	memcpy(&t, mnl_attr_get_payload(tb[XFRMA_TMPL]), sizeof(t));
	ck_assert_uint_eq(t.family, AF_INET6);	/* v4 inside v6 */
	ck_assert_uint_eq(t.mode, XFRM_MODE_TUNNEL);
	ck_assert_uint_eq(t.id.proto, IPPROTO_ESP);
	ck_assert_uint_eq(t.reqid, KX_REQID_BASE + 3);
	ck_assert_uint_eq(t.ealgos, 0xffffffff);
	ck_assert_mem_eq(&t.id.daddr, pol.tmpl_dst.addr, 16);
	ck_assert_mem_eq(&t.saddr, pol.tmpl_src.addr, 16);

	ck_assert_int_eq(kx_parse_policy(nlh, &got, &info), IKE_OK);
	ck_assert_int_eq(got.dir, KX_DIR_FWD);
	ck_assert_uint_eq(got.reqid, pol.reqid);
	ck_assert_mem_eq(&got.sel, &pol.sel, sizeof(pol.sel));
	ck_assert_mem_eq(&got.tmpl_dst, &pol.tmpl_dst, sizeof(pol.tmpl_dst));
	ck_assert_uint_eq(info.n_tmpl, 1);
	ck_assert_int_eq(info.foreign, 0);
	ck_assert(kx_policy_ours(&got, &info));

	pol.mode = KX_MODE_TRANSPORT;
	pol.priority = 77;
	ck_assert_int_eq(kx_build_policy(buf, sizeof(buf), 3, &pol, &nlh), IKE_OK);
	ck_assert_int_eq(kx_parse_policy(nlh, &got, &info), IKE_OK);
	ck_assert_int_eq(got.mode, KX_MODE_TRANSPORT);
	ck_assert_uint_eq(got.priority, 77);
	ck_assert_uint_eq(got.tmpl_dst.family, 0);

	pol = tunnel_pol(KX_DIR_OUT);
	pol.tmpl_src = ad("192.0.2.1", 0);	/* endpoints of two families */
	ck_assert_int_eq(kx_build_policy(buf, sizeof(buf), 3, &pol, &nlh), IKE_EINVAL);
	pol = tunnel_pol(KX_DIR_OUT);
	pol.sel.dst_plen = 33;
	ck_assert_int_eq(kx_build_policy(buf, sizeof(buf), 3, &pol, &nlh), IKE_EINVAL);
	pol = tunnel_pol((enum kx_dir)3);
	ck_assert_int_eq(kx_build_policy(buf, sizeof(buf), 3, &pol, &nlh), IKE_EINVAL);
	pol = tunnel_pol(KX_DIR_OUT);
	ck_assert_int_eq(kx_build_policy(buf, 100, 3, &pol, &nlh), IKE_EBUFFULL);
}
END_TEST

START_TEST(policy_ownership)
{
	struct kx_policy pol = tunnel_pol(KX_DIR_OUT), got;
	struct kx_pol_info info;
	struct nlmsghdr *nlh = NULL;
	struct xfrm_mark mk = { 1, 0xffffffff };
	uint8_t b2[1024];

	/* Template reqid decides when there is a template. */
	info = (struct kx_pol_info){ .n_tmpl = 1 };
	pol.reqid = KX_REQID_BASE + KX_REQID_SPAN - 1;
	ck_assert(kx_policy_ours(&pol, &info));
	pol.reqid = KX_REQID_BASE + KX_REQID_SPAN;
	ck_assert(!kx_policy_ours(&pol, &info));
	pol.reqid = KX_REQID_BASE - 1;
	pol.priority = KX_PRIO_BASE;	/* priority alone is not enough */
	ck_assert(!kx_policy_ours(&pol, &info));
	/* Without a template it is never ours, even in saker's priority
	 * band and with saker's reqid. */
	info.n_tmpl = 0;
	ck_assert(!kx_policy_ours(&pol, &info));
	pol.reqid = KX_REQID_BASE;
	pol.priority = KX_PRIO_BASE + 0x100;
	ck_assert(!kx_policy_ours(&pol, &info));

	/* A mark makes it foreign, whatever the reqid. */
	pol = tunnel_pol(KX_DIR_OUT);
	ck_assert_int_eq(kx_build_policy(b2, sizeof(b2), 3, &pol, &nlh), IKE_OK);
	{
		struct kx_msg m = { nlh, sizeof(b2), IKE_OK };

		kx_msg_put(&m, XFRMA_MARK, sizeof(mk), &mk);
		ck_assert_int_eq(m.err, IKE_OK);
	}
	ck_assert_int_eq(kx_parse_policy(nlh, &got, &info), IKE_OK);
	ck_assert_int_eq(info.foreign, 1);
	ck_assert(!kx_policy_ours(&got, &info));
}
END_TEST

START_TEST(policy_id)
{
	struct kx_policy pol = tunnel_pol(KX_DIR_IN);
	struct xfrm_userpolicy_id id;
	struct nlmsghdr *nlh = NULL;

	ck_assert_int_eq(kx_build_policy_id(buf, sizeof(buf), 1, &pol.sel,
	    KX_DIR_IN, 0, &nlh), IKE_OK);
	ck_assert_uint_eq(nlh->nlmsg_type, XFRM_MSG_DELPOLICY);
	memcpy(&id, mnl_nlmsg_get_payload(nlh), sizeof(id));
	ck_assert_uint_eq(id.dir, XFRM_POLICY_IN);
	ck_assert_uint_eq(id.index, 0);
	ck_assert_uint_eq(id.sel.prefixlen_d, 16);
	ck_assert_int_eq(kx_build_policy_id(buf, sizeof(buf), 1, NULL,
	    KX_DIR_OUT, 0x1234, &nlh), IKE_OK);
	memcpy(&id, mnl_nlmsg_get_payload(nlh), sizeof(id));
	ck_assert_uint_eq(id.index, 0x1234);
	ck_assert_uint_eq(id.sel.family, 0);
}
END_TEST

START_TEST(selector_round_trip)
{
	struct kx_sel s = { .family = IKE_AF_INET6, .proto = 17, .src_plen = 64,
	    .dst_plen = 128, .sport = 500, .dport = 4500 }, g;
	struct xfrm_selector x;

	s.src[0] = 0x20;
	s.dst[15] = 9;
	kx_sel_put(&s, &x);
	ck_assert_uint_eq(x.family, AF_INET6);
	ck_assert_uint_eq(ntohs(x.sport), 500);
	kx_sel_get(&x, &g);
	ck_assert_mem_eq(&g, &s, sizeof(s));
	memset(&s, 0, sizeof(s));
	kx_sel_put(&s, &x);
	ck_assert_uint_eq(x.family, 0);
	ck_assert_uint_eq(kx_lim(0), XFRM_INF);
	ck_assert_uint_eq(kx_lim(5), 5);
}
END_TEST

/* Crafted events, as the kernel's xfrm_user would send them. */
static struct nlmsghdr *
acquire_msg(uint8_t *b, size_t size, int with_tmpl)
{
	struct xfrm_user_acquire a;
	struct xfrm_user_tmpl t;
	struct nlmsghdr *nlh = NULL;
	struct kx_msg m;

	memset(&a, 0, sizeof(a));
	inet_pton(AF_INET6, "2001:db8::2", &a.id.daddr);
	inet_pton(AF_INET6, "2001:db8::1", &a.saddr);
	a.id.proto = IPPROTO_ESP;
	a.sel.family = AF_INET;
	inet_pton(AF_INET, "10.1.0.5", &a.sel.saddr);
	inet_pton(AF_INET, "10.2.0.9", &a.sel.daddr);
	a.sel.prefixlen_s = a.sel.prefixlen_d = 32;
	a.sel.proto = IPPROTO_ICMP;
	a.policy.dir = XFRM_POLICY_OUT;
	memset(&t, 0, sizeof(t));
	t.family = AF_INET6;
	t.reqid = KX_REQID_BASE + 5;
	t.mode = XFRM_MODE_TUNNEL;
	t.id.proto = IPPROTO_ESP;
	kx_msg_init(&m, b, size, XFRM_MSG_ACQUIRE, 0, 0);
	memcpy(kx_msg_fixed(&m, sizeof(a)), &a, sizeof(a));
	if (with_tmpl)
		kx_msg_put(&m, XFRMA_TMPL, sizeof(t), &t);
	ck_assert_int_eq(kx_msg_done(&m, &nlh), IKE_OK);
	return nlh;
}

START_TEST(event_acquire)
{
	struct nlmsghdr *nlh = acquire_msg(buf, sizeof(buf), 1);
	struct kx_event ev;
	struct ike_addr d = ad("2001:db8::2", 0), s = ad("2001:db8::1", 0);
	struct kx_msg m;
	uint8_t x[8] = { 0 };

	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_OK);
	ck_assert_int_eq(ev.type, KX_EV_ACQUIRE);
	ck_assert_uint_eq(ev.reqid, KX_REQID_BASE + 5);
	ck_assert_uint_eq(ev.proto, IKE_PROTO_ESP);
	ck_assert_mem_eq(&ev.dst, &d, sizeof(d));
	ck_assert_mem_eq(&ev.src, &s, sizeof(s));
	ck_assert_uint_eq(ev.sel.family, IKE_AF_INET);
	ck_assert_uint_eq(ev.sel.dst[3], 9);
	ck_assert_uint_eq(ev.sel.proto, IPPROTO_ICMP);

	/* An attribute of a newer kernel is skipped. */
	m = (struct kx_msg){ nlh, sizeof(buf), IKE_OK };
	kx_msg_put(&m, XFRMA_MAX + 7, sizeof(x), x);
	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_OK);
	/* A second template list is one too many. */
	kx_msg_put(&m, XFRMA_TMPL, sizeof(struct xfrm_user_tmpl), buf + 64);
	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_EMALFORMED);

	/* No template: the family comes from the selector, which is v4
	 * while the addresses were v6; still parsed, as v4. */
	nlh = acquire_msg(buf, sizeof(buf), 0);
	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_OK);
	ck_assert_uint_eq(ev.reqid, 0);
	ck_assert_uint_eq(ev.dst.family, IKE_AF_INET);
}
END_TEST

START_TEST(event_malformed)
{
	struct nlmsghdr *nlh;
	struct nlattr *a;
	struct kx_event ev;
	size_t fixed = MNL_ALIGN(sizeof(struct xfrm_user_acquire));

	/* Truncated fixed part. */
	nlh = acquire_msg(buf, sizeof(buf), 0);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + sizeof(struct xfrm_user_acquire) - 1;
	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_EMALFORMED);
	nlh->nlmsg_len = 8;
	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_EMALFORMED);

	/* Template attribute shorter than a template. */
	nlh = acquire_msg(buf, sizeof(buf), 1);
	a = (struct nlattr *)((uint8_t *)mnl_nlmsg_get_payload(nlh) + fixed);
	a->nla_len = MNL_ATTR_HDRLEN + 10;
	nlh->nlmsg_len = (uint32_t)(MNL_NLMSG_HDRLEN + fixed + MNL_ALIGN(a->nla_len));
	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_EMALFORMED);
	/* Template list not a whole number of templates. */
	nlh = acquire_msg(buf, sizeof(buf), 1);
	a = (struct nlattr *)((uint8_t *)mnl_nlmsg_get_payload(nlh) + fixed);
	a->nla_len = (uint16_t)(MNL_ATTR_HDRLEN + sizeof(struct xfrm_user_tmpl) + 4);
	nlh->nlmsg_len = (uint32_t)(MNL_NLMSG_HDRLEN + fixed + MNL_ALIGN(a->nla_len));
	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_EMALFORMED);
	/* Attribute longer than the message. */
	nlh = acquire_msg(buf, sizeof(buf), 1);
	a = (struct nlattr *)((uint8_t *)mnl_nlmsg_get_payload(nlh) + fixed);
	a->nla_len += 4;
	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_EMALFORMED);
	/* Attribute header cut short, and a zero-length header. */
	nlh = acquire_msg(buf, sizeof(buf), 0);
	nlh->nlmsg_len += 2;
	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_EMALFORMED);
	nlh = acquire_msg(buf, sizeof(buf), 0);
	memset((uint8_t *)nlh + nlh->nlmsg_len, 0, 4);
	nlh->nlmsg_len += 4;
	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_EMALFORMED);
	/* Not an event. */
	nlh = acquire_msg(buf, sizeof(buf), 1);
	nlh->nlmsg_type = XFRM_MSG_NEWSA;
	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_ENOENT);
}
END_TEST

START_TEST(event_expire_mapping)
{
	struct xfrm_user_expire e;
	struct xfrm_user_mapping mp;
	struct nlmsghdr *nlh = NULL;
	struct kx_event ev;
	struct kx_msg m;

	memset(&e, 0, sizeof(e));
	e.state.family = AF_INET;
	inet_pton(AF_INET, "198.51.100.7", &e.state.id.daddr);
	inet_pton(AF_INET, "192.0.2.1", &e.state.saddr);
	e.state.id.spi = htonl(0xc0000042);
	e.state.id.proto = IPPROTO_ESP;
	e.state.reqid = KX_REQID_BASE + 8;
	e.hard = 0;
	kx_msg_init(&m, buf, sizeof(buf), XFRM_MSG_EXPIRE, 0, 0);
	memcpy(kx_msg_fixed(&m, sizeof(e)), &e, sizeof(e));
	ck_assert_int_eq(kx_msg_done(&m, &nlh), IKE_OK);
	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_OK);
	ck_assert_int_eq(ev.type, KX_EV_EXPIRE_SOFT);
	ck_assert_uint_eq(ev.spi, 0xc0000042);
	ck_assert_uint_eq(ev.reqid, KX_REQID_BASE + 8);
	ck_assert_uint_eq(ev.dst.addr[0], 198);
	ck_assert_uint_eq(ev.src.addr[0], 192);
	e.hard = 1;
	memcpy(mnl_nlmsg_get_payload(nlh), &e, sizeof(e));
	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_OK);
	ck_assert_int_eq(ev.type, KX_EV_EXPIRE_HARD);
	e.state.family = 0;
	memcpy(mnl_nlmsg_get_payload(nlh), &e, sizeof(e));
	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_EMALFORMED);

	memset(&mp, 0, sizeof(mp));
	mp.id.family = AF_INET;
	mp.id.proto = IPPROTO_ESP;
	mp.id.spi = htonl(0xc0000043);
	inet_pton(AF_INET, "192.0.2.1", &mp.id.daddr);
	inet_pton(AF_INET, "198.51.100.7", &mp.old_saddr);
	inet_pton(AF_INET, "203.0.113.5", &mp.new_saddr);
	mp.old_sport = htons(4500);
	mp.new_sport = htons(61000);
	mp.reqid = KX_REQID_BASE + 1;
	kx_msg_init(&m, buf, sizeof(buf), XFRM_MSG_MAPPING, 0, 0);
	memcpy(kx_msg_fixed(&m, sizeof(mp)), &mp, sizeof(mp));
	ck_assert_int_eq(kx_msg_done(&m, &nlh), IKE_OK);
	ck_assert_int_eq(kx_parse_event(nlh, &ev), IKE_OK);
	ck_assert_int_eq(ev.type, KX_EV_MAPPING);
	ck_assert_uint_eq(ev.spi, 0xc0000043);
	ck_assert_uint_eq(ev.src.port, 4500);
	ck_assert_uint_eq(ev.new_src.port, 61000);
	ck_assert_uint_eq(ev.new_src.addr[0], 203);
	ck_assert_uint_eq(ev.src.addr[0], 198);
	ck_assert_uint_eq(ev.dst.addr[0], 192);
}
END_TEST

static int n_cb;

static void
count_cb(void *ctx, const struct kx_event *ev)
{
	(void)ctx;
	ck_assert_int_eq(ev->type, KX_EV_ACQUIRE);
	n_cb++;
}

START_TEST(event_walk)
{
	struct nlmsghdr *a, *b, *c;
	uint64_t drops = 0;
	size_t len;

	/* An acquire, a message of another type, a truncated acquire. */
	a = acquire_msg(buf, sizeof(buf), 1);
	len = a->nlmsg_len;
	b = acquire_msg(buf + len, sizeof(buf) - len, 1);
	b->nlmsg_type = XFRM_MSG_NEWPOLICY;
	len += b->nlmsg_len;
	c = acquire_msg(buf + len, sizeof(buf) - len, 0);
	c->nlmsg_len = MNL_NLMSG_HDRLEN + 8;
	len += c->nlmsg_len;
	n_cb = 0;
	ck_assert_int_eq(kx_event_walk(buf, len, count_cb, NULL, &drops), 1);
	ck_assert_int_eq(n_cb, 1);
	ck_assert_uint_eq(drops, 1);
	/* A buffer that ends inside a message header. */
	ck_assert_int_eq(kx_event_walk(buf, a->nlmsg_len + 6, count_cb, NULL,
	    &drops), 1);
	ck_assert_uint_eq(drops, 2);
}
END_TEST

static struct nlmsghdr *
err_msg(uint8_t *b, size_t size, uint32_t seq, int error, const char *text)
{
	struct nlmsgerr e;
	struct nlmsghdr *nlh = NULL;
	struct kx_msg m;

	memset(&e, 0, sizeof(e));
	e.error = error;
	e.msg.nlmsg_len = 200;		/* the request's, not echoed (capped) */
	e.msg.nlmsg_seq = seq;
	kx_msg_init(&m, b, size, NLMSG_ERROR, 0, seq);
	memcpy(kx_msg_fixed(&m, sizeof(e)), &e, sizeof(e));
	if (text != NULL) {
		m.nlh->nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS;
		kx_msg_put(&m, NLMSGERR_ATTR_MSG, strlen(text) + 1, text);
	}
	ck_assert_int_eq(kx_msg_done(&m, &nlh), IKE_OK);
	return nlh;
}

static int n_data;

static int
data_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	n_data++;
	return nlh->nlmsg_type == 0x7777 ? IKE_EKERNEL : IKE_OK;
}

START_TEST(replies)
{
	struct nlmsghdr *nlh, *d;
	char emsg[64];
	struct kx_msg m;
	size_t len;

	nlh = err_msg(buf, sizeof(buf), 5, 0, NULL);
	ck_assert_int_eq(kx_reply(buf, nlh->nlmsg_len, 5, KX_WANT_ACK, NULL,
	    NULL, emsg, sizeof(emsg)), 0);
	/* Someone else's sequence number: not ours, keep reading. */
	ck_assert_int_eq(kx_reply(buf, nlh->nlmsg_len, 6, KX_WANT_ACK, NULL,
	    NULL, emsg, sizeof(emsg)), 1);

	emsg[0] = '\0';
	nlh = err_msg(buf, sizeof(buf), 5, -EEXIST, "Requested thing exists");
	ck_assert_int_eq(kx_reply(buf, nlh->nlmsg_len, 5, KX_WANT_ACK, NULL,
	    NULL, emsg, sizeof(emsg)), -EEXIST);
	ck_assert_str_eq(emsg, "Requested thing exists");
	emsg[0] = '\0';
	nlh = err_msg(buf, sizeof(buf), 5, -ESRCH, NULL);
	ck_assert_int_eq(kx_reply(buf, nlh->nlmsg_len, 5, KX_WANT_ACK, NULL,
	    NULL, emsg, sizeof(emsg)), -ESRCH);
	ck_assert_str_eq(emsg, "");
	nlh = err_msg(buf, sizeof(buf), 5, 7, NULL);
	ck_assert_int_eq(kx_reply(buf, nlh->nlmsg_len, 5, KX_WANT_ACK, NULL,
	    NULL, emsg, sizeof(emsg)), IKE_EMALFORMED);
	nlh = err_msg(buf, sizeof(buf), 5, -EEXIST, NULL);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 8;
	ck_assert_int_eq(kx_reply(buf, nlh->nlmsg_len, 5, KX_WANT_ACK, NULL,
	    NULL, emsg, sizeof(emsg)), IKE_EMALFORMED);

	/* A dump: two data messages, then DONE. */
	kx_msg_init(&m, buf, sizeof(buf), XFRM_MSG_NEWSA, NLM_F_MULTI, 9);
	kx_msg_fixed(&m, 8);
	d = m.nlh;
	len = d->nlmsg_len;
	memcpy(buf + len, d, len);
	kx_msg_init(&m, buf + 2 * len, sizeof(buf) - 2 * len, NLMSG_DONE,
	    NLM_F_MULTI, 9);
	kx_msg_fixed(&m, 4);
	n_data = 0;
	ck_assert_int_eq(kx_reply(buf, 2 * len, 9, KX_WANT_DUMP, data_cb, NULL,
	    emsg, sizeof(emsg)), 1);
	ck_assert_int_eq(n_data, 2);
	n_data = 0;
	ck_assert_int_eq(kx_reply(buf, 2 * len + m.nlh->nlmsg_len, 9,
	    KX_WANT_DUMP, data_cb, NULL, emsg, sizeof(emsg)), 0);
	ck_assert_int_eq(n_data, 2);
	/* One reply wanted: the first data message ends it. */
	n_data = 0;
	ck_assert_int_eq(kx_reply(buf, 2 * len, 9, KX_WANT_ONE, data_cb, NULL,
	    emsg, sizeof(emsg)), 0);
	ck_assert_int_eq(n_data, 1);
	/* The callback's error stops the walk. */
	d->nlmsg_type = 0x7777;
	ck_assert_int_eq(kx_reply(buf, 2 * len, 9, KX_WANT_DUMP, data_cb, NULL,
	    emsg, sizeof(emsg)), IKE_EKERNEL);
	/* A partial message at the end. */
	d->nlmsg_type = XFRM_MSG_NEWSA;
	ck_assert_int_eq(kx_reply(buf, len + 6, 9, KX_WANT_DUMP, NULL, NULL,
	    emsg, sizeof(emsg)), IKE_EMALFORMED);
}
END_TEST

START_TEST(writer_limits)
{
	struct kx_msg m;
	struct nlmsghdr *nlh = NULL;
	uint8_t small[8];

	kx_msg_init(&m, small, sizeof(small), XFRM_MSG_GETSA, 0, 1);
	ck_assert_int_eq(kx_msg_done(&m, &nlh), IKE_EBUFFULL);
	kx_msg_init(&m, buf, 64, XFRM_MSG_GETSA, 0, 1);
	ck_assert_ptr_nonnull(kx_msg_fixed(&m, 40));
	ck_assert_ptr_null(kx_msg_attr(&m, XFRMA_SA, 8));	/* 16+40+12 > 64 */
	ck_assert_ptr_null(kx_msg_fixed(&m, 1));		/* sticky */
	ck_assert_int_eq(kx_msg_done(&m, &nlh), IKE_EBUFFULL);
	kx_msg_init(&m, buf, sizeof(buf), XFRM_MSG_GETSA, 0, 1);
	ck_assert_ptr_null(kx_msg_attr(&m, XFRMA_SA, 70000));
	ck_assert_int_eq(kx_msg_done(&m, &nlh), IKE_EBUFFULL);
	kx_msg_init(&m, buf, 64, XFRM_MSG_GETSA, 0, 1);
	kx_msg_put(&m, XFRMA_SA, 3, "abc");
	ck_assert_int_eq(kx_msg_done(&m, &nlh), IKE_OK);
	ck_assert_uint_eq(nlh->nlmsg_len, MNL_NLMSG_HDRLEN + 8);
	ck_assert_uint_eq(kx_af(IKE_AF_INET6), AF_INET6);
	ck_assert_uint_eq(kx_af(0), 0);
	ck_assert_uint_eq(kx_family(AF_INET), IKE_AF_INET);
	ck_assert_uint_eq(kx_family(AF_UNIX), 0);
	ck_assert_uint_eq(kx_ipproto(IKE_PROTO_AH), IPPROTO_AH);
	ck_assert_uint_eq(kx_ikeproto(IPPROTO_COMP), 0);
}
END_TEST

static Suite *
kx_suite(void)
{
	Suite *s = suite_create("kx");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, build_gcm);
	tcase_add_test(tc, build_cbc_v6_esn_encap);
	tcase_add_test(tc, build_wide_window);
	tcase_add_test(tc, build_selector);
	tcase_add_test(tc, build_rejects);
	tcase_add_test(tc, alg_table);
	tcase_add_test(tc, libike_esp_names);
	tcase_add_test(tc, parse_sa_back);
	tcase_add_test(tc, build_ids);
	tcase_add_test(tc, policy_round_trip);
	tcase_add_test(tc, policy_ownership);
	tcase_add_test(tc, policy_id);
	tcase_add_test(tc, selector_round_trip);
	tcase_add_test(tc, event_acquire);
	tcase_add_test(tc, event_malformed);
	tcase_add_test(tc, event_expire_mapping);
	tcase_add_test(tc, event_walk);
	tcase_add_test(tc, replies);
	tcase_add_test(tc, writer_limits);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(kx_suite)
