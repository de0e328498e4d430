/* SPDX-License-Identifier: ISC */
/*
 * kx_sa.c - SAs over XFRM, one function per message type: ALLOCSPI
 * (larval state with a random SPI), NEWSA and UPDSA (algorithms, keys,
 * mode, reqid, replay window or ESN, UDP encapsulation, lifetimes),
 * DELSA, GETSA (counters read back), and the flush of SAs in saker's
 * reqid range.  The algorithm table checks kernel names and key sizes
 * before anything is sent, so a wrong proposal mapping fails with a
 * reason instead of the kernel's bare EINVAL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/udp.h>

#include "addr.h"
#include "iana.h"
#include "kx_int.h"

#define KX_ALLOC_TRIES	8

enum kx_alg_kind { KX_AEAD, KX_ENCR, KX_INTEG };

/* Kernel algorithm names saker uses for ESP; key sizes include the salt
 * or nonce the kernel expects at the end of the key. */
static const struct kx_alg_def {
	const char	*name;
	enum kx_alg_kind kind;
	uint16_t	 key_bits[3];	/* 0 = unused slot */
	uint16_t	 tag_bits[3];	/* ICV (AEAD) or truncation (integ) */
} kx_algs[] = {
	/* RFC 4106 4: AES-GCM key plus a 32-bit salt; ICV 8, 12, 16 */
	{ "rfc4106(gcm(aes))", KX_AEAD, { 160, 224, 288 }, { 64, 96, 128 } },
	/* RFC 7634 2: ChaCha20 key plus a 32-bit salt, 16-octet tag */
	{ "rfc7539esp(chacha20,poly1305)", KX_AEAD, { 288 }, { 128 } },
	/* RFC 4309 4: AES-CCM key plus a 24-bit salt */
	{ "rfc4309(ccm(aes))", KX_AEAD, { 152, 216, 280 }, { 64, 96, 128 } },
	/* RFC 3602 */
	{ "cbc(aes)", KX_ENCR, { 128, 192, 256 }, { 0 } },
	/* RFC 3686 5.1: AES-CTR key plus a 32-bit nonce */
	{ "rfc3686(ctr(aes))", KX_ENCR, { 160, 224, 288 }, { 0 } },
	/* RFC 4868 2.1: HMAC-SHA-256-128, -384-192, -512-256 */
	{ "hmac(sha256)", KX_INTEG, { 256 }, { 128 } },
	{ "hmac(sha384)", KX_INTEG, { 384 }, { 192 } },
	{ "hmac(sha512)", KX_INTEG, { 512 }, { 256 } },
	/* RFC 2404, for peers that still insist on it */
	{ "hmac(sha1)", KX_INTEG, { 160 }, { 96 } },
};

static const struct kx_alg_def *
alg_find(const char *name, enum kx_alg_kind kind)
{
	size_t i;

	for (i = 0; i < sizeof(kx_algs) / sizeof(kx_algs[0]); i++)
		if (kx_algs[i].kind == kind && strcmp(kx_algs[i].name, name) == 0)
			return &kx_algs[i];
	return NULL;
}

static int
in_list(const uint16_t *l, size_t bits)
{
	size_t i;

	for (i = 0; i < 3; i++)
		if (l[i] != 0 && l[i] == bits)
			return 1;
	return 0;
}

static int
name_ok(const char *name, size_t max)
{
	return memchr(name, '\0', max) != NULL;
}

/* Checks one algorithm against the table: its kind, key and tag sizes. */
static int
alg_one(const char *name, enum kx_alg_kind kind, size_t key_len,
    uint16_t tag, char *why, size_t whylen)
{
	const struct kx_alg_def *d = alg_find(name, kind);

	if (d == NULL) {
		snprintf(why, whylen, "unknown algorithm %s", name);
		return IKE_EUNSUPPORTED;
	}
	if (key_len > SIZE_MAX / 8 || !in_list(d->key_bits, key_len * 8)) {
		snprintf(why, whylen, "%s: no %zu-bit keys", name, key_len * 8);
		return IKE_EINVAL;
	}
	if (tag != 0 && !in_list(d->tag_bits, tag)) {
		snprintf(why, whylen, "%s: no %u-bit ICV", name, tag);
		return IKE_EINVAL;
	}
	return IKE_OK;
}

int
kx_alg_check(const struct kx_alg *a, char *why, size_t whylen)
{
	int ret;

	if (!name_ok(a->aead, sizeof(a->aead)) ||
	    !name_ok(a->encr, sizeof(a->encr)) ||
	    !name_ok(a->integ, sizeof(a->integ))) {
		snprintf(why, whylen, "algorithm name not terminated");
		return IKE_EINVAL;
	}
	if (a->aead[0] != '\0') {
		if (a->encr[0] != '\0' || a->integ[0] != '\0') {
			snprintf(why, whylen, "AEAD %s with another algorithm",
			    a->aead);
			return IKE_EINVAL;
		}
		return alg_one(a->aead, KX_AEAD, a->enc_key.len, a->icv_bits,
		    why, whylen);
	}
	if (a->encr[0] == '\0') {
		snprintf(why, whylen, "no encryption algorithm");
		return IKE_EINVAL;
	}
	ret = alg_one(a->encr, KX_ENCR, a->enc_key.len, 0, why, whylen);
	if (ret == IKE_OK && a->integ[0] != '\0')
		ret = alg_one(a->integ, KX_INTEG, a->int_key.len, a->trunc_bits,
		    why, whylen);
	return ret;
}

/* The default tag length of an algorithm: the largest in the table. */
static uint16_t
alg_tag(const char *name, enum kx_alg_kind kind, uint16_t asked)
{
	const struct kx_alg_def *d = alg_find(name, kind);
	uint16_t t = 0;
	size_t i;

	if (asked != 0 || d == NULL)
		return asked;
	for (i = 0; i < 3; i++)
		if (d->tag_bits[i] > t)
			t = d->tag_bits[i];
	return t;
}

static int
addr_ok(const struct ike_addr *a, const struct ike_addr *b)
{
	return kx_af(a->family) != 0 && a->family == b->family;
}

/* The usersa_info common to ALLOCSPI, NEWSA and UPDSA. */
static void
sa_info(const struct kx_sa *sa, struct xfrm_usersa_info *p)
{
	memset(p, 0, sizeof(*p));
	kx_addr_put(&sa->dst, &p->id.daddr);
	kx_addr_put(&sa->src, &p->saddr);
	p->id.spi = htonl(sa->spi);
	p->id.proto = kx_ipproto(sa->proto);
	p->family = (uint16_t)kx_af(sa->dst.family);
	p->reqid = sa->reqid;
	p->mode = sa->mode == KX_MODE_TUNNEL ? XFRM_MODE_TUNNEL :
	    XFRM_MODE_TRANSPORT;
}

int
kx_build_allocspi(void *buf, size_t size, uint32_t seq,
    const struct kx_op *op, struct nlmsghdr **out)
{
	struct xfrm_userspi_info u;
	struct kx_msg m;
	void *p;

	if (!addr_ok(&op->sa.dst, &op->sa.src) || kx_ipproto(op->sa.proto) == 0)
		return IKE_EINVAL;
	memset(&u, 0, sizeof(u));
	sa_info(&op->sa, &u.info);
	u.info.id.spi = 0;
	u.min = op->spi_min ? op->spi_min : KX_SPI_MIN;
	u.max = op->spi_max ? op->spi_max : UINT32_MAX;
	if (u.min > u.max)
		return IKE_EINVAL;
	kx_msg_init(&m, buf, size, XFRM_MSG_ALLOCSPI, 0, seq);
	if ((p = kx_msg_fixed(&m, sizeof(u))) != NULL)
		memcpy(p, &u, sizeof(u));
	return kx_msg_done(&m, out);
}

/* Puts one algorithm attribute: header struct, then the key. */
static void
put_alg(struct kx_msg *m, uint16_t type, const void *hdr, size_t hlen,
    struct ike_bytes key)
{
	uint8_t *p = kx_msg_attr(m, type, hlen + key.len);

	if (p == NULL)
		return;
	memcpy(p, hdr, hlen);
	if (key.len > 0)
		memcpy(p + hlen, key.ptr, key.len);
}

static void
put_algs(struct kx_msg *m, const struct kx_alg *a)
{
	if (a->aead[0] != '\0') {
		struct xfrm_algo_aead h = { 0 };

		snprintf(h.alg_name, sizeof(h.alg_name), "%s", a->aead);
		h.alg_key_len = (unsigned)(a->enc_key.len * 8);
		h.alg_icv_len = alg_tag(a->aead, KX_AEAD, a->icv_bits);
		put_alg(m, XFRMA_ALG_AEAD, &h, sizeof(h), a->enc_key);
		return;
	}
	{
		struct xfrm_algo h = { 0 };

		snprintf(h.alg_name, sizeof(h.alg_name), "%s", a->encr);
		h.alg_key_len = (unsigned)(a->enc_key.len * 8);
		put_alg(m, XFRMA_ALG_CRYPT, &h, sizeof(h), a->enc_key);
	}
	if (a->integ[0] != '\0') {
		struct xfrm_algo_auth h = { 0 };

		snprintf(h.alg_name, sizeof(h.alg_name), "%s", a->integ);
		h.alg_key_len = (unsigned)(a->int_key.len * 8);
		h.alg_trunc_len = alg_tag(a->integ, KX_INTEG, a->trunc_bits);
		put_alg(m, XFRMA_ALG_AUTH_TRUNC, &h, sizeof(h), a->int_key);
	}
}

int
kx_build_sa(void *buf, size_t size, uint32_t seq, uint16_t type,
    const struct kx_sa *sa, struct nlmsghdr **out)
{
	struct xfrm_usersa_info p;
	uint32_t window = sa->replay_window;
	char why[96];
	struct kx_msg m;
	void *fixed;
	int ret;

	if (!addr_ok(&sa->dst, &sa->src) || kx_ipproto(sa->proto) == 0 ||
	    sa->spi == 0 || window > KX_REPLAY_MAX ||
	    (sa->mode != KX_MODE_TUNNEL && sa->mode != KX_MODE_TRANSPORT) ||
	    (sa->encap && (sa->src.port == 0 || sa->dst.port == 0)))
		return IKE_EINVAL;
	if (sa->sel.family != 0 && kx_af(sa->sel.family) == 0)
		return IKE_EINVAL;
	if ((ret = kx_alg_check(&sa->alg, why, sizeof(why))) != IKE_OK)
		return ret;

	sa_info(sa, &p);
	/* Tunnel mode without a selector: the SA carries any inner traffic,
	 * of either family; the policies decide what goes in. */
	if (sa->sel.family != 0)
		kx_sel_put(&sa->sel, &p.sel);
	else if (sa->mode == KX_MODE_TUNNEL)
		p.flags |= XFRM_STATE_AF_UNSPEC;
	p.lft.soft_byte_limit = kx_lim(sa->soft_bytes);
	p.lft.hard_byte_limit = kx_lim(sa->hard_bytes);
	p.lft.soft_packet_limit = kx_lim(sa->soft_packets);
	p.lft.hard_packet_limit = kx_lim(sa->hard_packets);
	p.lft.soft_add_expires_seconds = sa->soft_secs;
	p.lft.hard_add_expires_seconds = sa->hard_secs;
	if (sa->esn) {
		p.flags |= XFRM_STATE_ESN;
		if (window == 0)
			window = 32;
	}
	/* The legacy replay state has a 32-bit bitmap; wider windows and
	 * ESN (RFC 4303 2.2.1) need the ESN replay state. */
	if (!sa->esn && window <= 32)
		p.replay_window = (uint8_t)window;

	kx_msg_init(&m, buf, size, type, NLM_F_ACK, seq);
	if ((fixed = kx_msg_fixed(&m, sizeof(p))) != NULL)
		memcpy(fixed, &p, sizeof(p));
	put_algs(&m, &sa->alg);
	if (sa->esn || window > 32) {
		struct xfrm_replay_state_esn r = { 0 };
		uint8_t *rp;

		r.replay_window = window;
		r.bmp_len = (window + 31) / 32;
		rp = kx_msg_attr(&m, XFRMA_REPLAY_ESN_VAL,
		    sizeof(r) + r.bmp_len * sizeof(uint32_t));
		if (rp != NULL)
			memcpy(rp, &r, sizeof(r));
	}
	if (sa->encap) {
		/* RFC 3948: ESP in UDP, ports of the IKE SA */
		struct xfrm_encap_tmpl e = { 0 };

		e.encap_type = UDP_ENCAP_ESPINUDP;
		e.encap_sport = htons(sa->src.port);
		e.encap_dport = htons(sa->dst.port);
		kx_msg_put(&m, XFRMA_ENCAP, sizeof(e), &e);
	}
	return kx_msg_done(&m, out);
}

int
kx_build_sa_id(void *buf, size_t size, uint32_t seq, uint16_t type,
    const struct ike_addr *dst, uint32_t spi, uint8_t proto,
    struct nlmsghdr **out)
{
	struct xfrm_usersa_id id;
	struct kx_msg m;
	void *p;

	if (kx_af(dst->family) == 0 || kx_ipproto(proto) == 0)
		return IKE_EINVAL;
	memset(&id, 0, sizeof(id));
	kx_addr_put(dst, &id.daddr);
	id.spi = htonl(spi);
	id.family = (uint16_t)kx_af(dst->family);
	id.proto = kx_ipproto(proto);
	kx_msg_init(&m, buf, size, type,
	    type == XFRM_MSG_DELSA ? NLM_F_ACK : 0, seq);
	if ((p = kx_msg_fixed(&m, sizeof(id))) != NULL)
		memcpy(p, &id, sizeof(id));
	return kx_msg_done(&m, out);
}

int
kx_parse_sa(const struct nlmsghdr *nlh, struct kx_sa *sa,
    struct kx_stats *st, int *larval)
{
	const struct nlattr *tb[XFRMA_MAX + 1];
	struct xfrm_usersa_info p;
	uint8_t fam;
	int ret;

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA &&
	    nlh->nlmsg_type != XFRM_MSG_UPDSA)
		return IKE_EMALFORMED;
	if ((ret = kx_attrs(nlh, sizeof(p), tb)) != IKE_OK)
		return ret;
	memcpy(&p, mnl_nlmsg_get_payload(nlh), sizeof(p));
	if ((fam = kx_family(p.family)) == 0)
		return IKE_EMALFORMED;
	memset(sa, 0, sizeof(*sa));
	kx_addr_get(fam, &p.id.daddr, &sa->dst);
	kx_addr_get(fam, &p.saddr, &sa->src);
	sa->spi = ntohl(p.id.spi);
	sa->proto = kx_ikeproto(p.id.proto);
	sa->mode = p.mode == XFRM_MODE_TUNNEL ? KX_MODE_TUNNEL :
	    KX_MODE_TRANSPORT;
	sa->reqid = p.reqid;
	sa->replay_window = p.replay_window;
	sa->esn = (p.flags & XFRM_STATE_ESN) != 0;
	kx_sel_get(&p.sel, &sa->sel);
	sa->soft_bytes = p.lft.soft_byte_limit == XFRM_INF ? 0 : p.lft.soft_byte_limit;
	sa->hard_bytes = p.lft.hard_byte_limit == XFRM_INF ? 0 : p.lft.hard_byte_limit;
	sa->soft_packets = p.lft.soft_packet_limit == XFRM_INF ? 0 : p.lft.soft_packet_limit;
	sa->hard_packets = p.lft.hard_packet_limit == XFRM_INF ? 0 : p.lft.hard_packet_limit;
	sa->soft_secs = p.lft.soft_add_expires_seconds;
	sa->hard_secs = p.lft.hard_add_expires_seconds;
	if (tb[XFRMA_REPLAY_ESN_VAL] != NULL) {
		struct xfrm_replay_state_esn r;

		memcpy(&r, mnl_attr_get_payload(tb[XFRMA_REPLAY_ESN_VAL]), sizeof(r));
		sa->replay_window = r.replay_window;
	}
	if (tb[XFRMA_ENCAP] != NULL) {
		struct xfrm_encap_tmpl e;

		memcpy(&e, mnl_attr_get_payload(tb[XFRMA_ENCAP]), sizeof(e));
		sa->encap = 1;
		sa->src.port = ntohs(e.encap_sport);
		sa->dst.port = ntohs(e.encap_dport);
	}
	if (st != NULL) {
		st->bytes = p.curlft.bytes;
		st->packets = p.curlft.packets;
		st->add_time = p.curlft.add_time;
		st->use_time = p.curlft.use_time;
	}
	if (larval != NULL)
		*larval = tb[XFRMA_ALG_AEAD] == NULL && tb[XFRMA_ALG_CRYPT] == NULL &&
		    tb[XFRMA_ALG_AUTH] == NULL && tb[XFRMA_ALG_AUTH_TRUNC] == NULL &&
		    tb[XFRMA_ALG_COMP] == NULL;
	return IKE_OK;
}

static const char *
addr_str(const struct ike_addr *a, char *buf, size_t len)
{
	if (inet_ntop(kx_af(a->family), a->addr, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

/* "NEWSA 0xc0000001 -> 192.0.2.1" for error messages. */
static void
what_sa(char *buf, size_t len, const char *msg, const struct ike_addr *dst,
    uint32_t spi)
{
	char a[64];

	snprintf(buf, len, "%s spi 0x%08x dst %s", msg, spi,
	    addr_str(dst, a, sizeof(a)));
}

static int
enoent(int ret)
{
	return ret == -ESRCH ? IKE_ENOENT : ret;
}

struct sa_reply {
	struct kx_sa	 sa;
	struct kx_stats	 st;
	int		 larval;
};

static int
sa_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct sa_reply *r = data;

	return kx_parse_sa(nlh, &r->sa, &r->st, &r->larval);
}

int
kx_sa_alloc_spi(struct kx *kx, struct kx_op *op)
{
	_Alignas(8) uint8_t buf[KX_SEND_SIZE];
	struct sa_reply r;
	struct nlmsghdr *nlh = NULL;
	char what[128];
	int ret, tries;

	what_sa(what, sizeof(what), "ALLOCSPI", &op->sa.dst, 0);
	/* The kernel draws a bounded number of random SPIs from the range
	 * and gives up with ENOENT when all were taken, even if others are
	 * free: in a small range, ask again. */
	for (tries = 0; tries < KX_ALLOC_TRIES; tries++) {
		memset(&r, 0, sizeof(r));
		ret = kx_build_allocspi(buf, sizeof(buf), ++kx->kx_seq, op, &nlh);
		ret = kx_send_built(kx, ret, nlh, KX_WANT_ONE, sa_reply_cb, &r,
		    what);
		if (ret != -ENOENT)
			break;
	}
	if (ret < 0)
		return ret;
	if (r.sa.spi == 0) {
		kx_seterr(kx, "%s: no SPI in the reply", what);
		return IKE_EKERNEL;
	}
	op->sa.spi = r.sa.spi;
	return IKE_OK;
}

static int
sa_get(struct kx *kx, const struct ike_addr *dst, uint32_t spi, uint8_t proto,
    struct sa_reply *r)
{
	_Alignas(8) uint8_t buf[KX_SEND_SIZE];
	struct nlmsghdr *nlh = NULL;
	char what[128];
	int ret;

	what_sa(what, sizeof(what), "GETSA", dst, spi);
	memset(r, 0, sizeof(*r));
	ret = kx_build_sa_id(buf, sizeof(buf), ++kx->kx_seq, XFRM_MSG_GETSA,
	    dst, spi, proto, &nlh);
	return enoent(kx_send_built(kx, ret, nlh, KX_WANT_ONE, sa_reply_cb, r,
	    what));
}

static int
sa_send(struct kx *kx, uint16_t type, const struct kx_sa *sa)
{
	_Alignas(8) uint8_t buf[KX_SEND_SIZE];
	struct nlmsghdr *nlh = NULL;
	char what[128], why[96] = "";
	int ret;

	what_sa(what, sizeof(what), type == XFRM_MSG_NEWSA ? "NEWSA" : "UPDSA",
	    &sa->dst, sa->spi);
	ret = kx_build_sa(buf, sizeof(buf), ++kx->kx_seq, type, sa, &nlh);
	if (ret != IKE_OK && kx_alg_check(&sa->alg, why, sizeof(why)) != IKE_OK) {
		kx_seterr(kx, "%s: %s", what, why);
		return ret;
	}
	return kx_send_built(kx, ret, nlh, KX_WANT_ACK, NULL, NULL, what);
}

int
kx_sa_add(struct kx *kx, const struct kx_sa *sa)
{
	struct sa_reply r;
	int ret;

	ret = sa_send(kx, XFRM_MSG_NEWSA, sa);
	if (ret != -EEXIST)
		return ret;
	/* An SPI from ALLOCSPI sits in a larval state: NEWSA collides with
	 * it and UPDSA fills it.  It may expire in between: then NEWSA. */
	if (sa_get(kx, &sa->dst, sa->spi, sa->proto, &r) != IKE_OK || !r.larval) {
		kx_seterr(kx, "NEWSA spi 0x%08x: SA exists", sa->spi);
		return IKE_EEXIST;
	}
	ret = sa_send(kx, XFRM_MSG_UPDSA, sa);
	if (ret == -ESRCH)
		ret = sa_send(kx, XFRM_MSG_NEWSA, sa);
	return ret;
}

int
kx_sa_update(struct kx *kx, const struct kx_op *op)
{
	const struct kx_sa *sa = &op->sa;
	struct sa_reply r;
	int ret;

	if (op->old_dst.family == 0 || (ike_addr_host_eq(&op->old_dst, &sa->dst) &&
	    ike_addr_host_eq(&op->old_src, &sa->src))) {
		/* In place: the kernel takes new encapsulation ports and
		 * lifetimes, but cannot add or drop encapsulation. */
		if ((ret = sa_get(kx, &sa->dst, sa->spi, sa->proto, &r)) < 0)
			return ret;
		if (r.larval)
			return IKE_ENOENT;
		return enoent(sa_send(kx, XFRM_MSG_UPDSA, sa));
	}
	/* New addresses: the kernel names an SA by its destination, so the
	 * SA is installed anew and the old one removed.  With the same
	 * destination the two would collide: remove first. */
	if ((ret = sa_get(kx, &op->old_dst, sa->spi, sa->proto, &r)) < 0)
		return ret;
	if (ike_addr_host_eq(&op->old_dst, &sa->dst)) {
		if ((ret = kx_sa_del(kx, &op->old_dst, sa->spi, sa->proto)) < 0)
			return ret;
		return kx_sa_add(kx, sa);
	}
	if ((ret = kx_sa_add(kx, sa)) < 0)
		return ret;
	return kx_sa_del(kx, &op->old_dst, sa->spi, sa->proto);
}

int
kx_sa_del(struct kx *kx, const struct ike_addr *dst, uint32_t spi, uint8_t proto)
{
	_Alignas(8) uint8_t buf[KX_SEND_SIZE];
	struct nlmsghdr *nlh = NULL;
	char what[128];
	int ret;

	what_sa(what, sizeof(what), "DELSA", dst, spi);
	ret = kx_build_sa_id(buf, sizeof(buf), ++kx->kx_seq, XFRM_MSG_DELSA,
	    dst, spi, proto, &nlh);
	return enoent(kx_send_built(kx, ret, nlh, KX_WANT_ACK, NULL, NULL, what));
}

int
kx_sa_query(struct kx *kx, struct kx_op *op)
{
	struct sa_reply r;
	int ret;

	ret = sa_get(kx, &op->sa.dst, op->sa.spi, op->sa.proto, &r);
	if (ret < 0)
		return ret;
	if (r.larval)
		return IKE_ENOENT;
	op->stats = r.st;
	return IKE_OK;
}

/* SAs found by the dump, deleted once it is over. */
struct sa_list {
	struct xfrm_usersa_id	*ids;
	size_t			 n, cap;
};

static int
sa_list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct sa_list *l = data;
	struct xfrm_usersa_info p;
	struct xfrm_usersa_id *id;

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(p))
		return IKE_OK;
	memcpy(&p, mnl_nlmsg_get_payload(nlh), sizeof(p));
	/* Acquire states have no SPI yet: DELSA cannot name them.  They
	 * hold no keys and the kernel drops them after its acquire
	 * timeout (net.core.xfrm_acq_expires). */
	if (!KX_REQID_OURS(p.reqid) || p.id.spi == 0)
		return IKE_OK;
	if (kx_grow((void **)&l->ids, &l->cap, l->n, sizeof(*l->ids)) < 0)
		return IKE_ENOMEM;
	id = &l->ids[l->n++];
	memset(id, 0, sizeof(*id));
	id->daddr = p.id.daddr;
	id->spi = p.id.spi;
	id->family = p.family;
	id->proto = p.id.proto;
	return IKE_OK;
}

int
kx_sa_flush_owned(struct kx *kx)
{
	_Alignas(8) uint8_t buf[KX_SEND_SIZE];
	struct sa_list l = { 0 };
	struct nlmsghdr *nlh = NULL;
	int ret, first = IKE_OK;
	size_t i;

	ret = kx_dump(kx, XFRM_MSG_GETSA, sa_list_cb, &l, "dump SAs");
	for (i = 0; ret >= 0 && i < l.n; i++) {
		struct kx_msg m;
		void *p;

		kx_msg_init(&m, buf, sizeof(buf), XFRM_MSG_DELSA, NLM_F_ACK,
		    ++kx->kx_seq);
		if ((p = kx_msg_fixed(&m, sizeof(l.ids[i]))) != NULL)
			memcpy(p, &l.ids[i], sizeof(l.ids[i]));
		if (kx_msg_done(&m, &nlh) != IKE_OK)
			continue;
		/* Gone already (expired, or deleted by its own daemon) is
		 * fine; remember the first real failure. */
		ret = enoent(kx_request(kx, nlh, KX_WANT_ACK, NULL, NULL,
		    "flush: DELSA"));
		if (ret < 0 && ret != IKE_ENOENT && first == IKE_OK)
			first = ret;
		ret = IKE_OK;
	}
	free(l.ids);
	return ret < 0 ? ret : first;
}
