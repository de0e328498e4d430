/* SPDX-License-Identifier: ISC */
/* test_km.c - kernel-mem: SPI allocation, SA and policy rules, flush of
 * owned state, counters, simulated events and injected failures. */
#include <string.h>

#include "check_main.h"
#include "iana.h"
#include "km.h"

static struct ike_addr
v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port)
{
	struct ike_addr x = { .family = IKE_AF_INET, .port = port };

	x.addr[0] = a; x.addr[1] = b; x.addr[2] = c; x.addr[3] = d;
	return x;
}

static struct kx_sel
sel4(uint8_t s3, uint8_t s_plen, uint8_t d3, uint8_t d_plen)
{
	struct kx_sel s = { .family = IKE_AF_INET, .src_plen = s_plen,
	    .dst_plen = d_plen };

	s.src[0] = 10; s.src[1] = 1; s.src[2] = s3;
	s.dst[0] = 10; s.dst[1] = 2; s.dst[2] = d3;
	return s;
}

static const uint8_t key[36] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };

static struct kx_op
gcm_sa(uint32_t spi, uint32_t reqid)
{
	struct kx_op op = { .type = KX_ADD_SA };

	op.sa.src = v4(192, 0, 2, 1, 0);
	op.sa.dst = v4(198, 51, 100, 1, 0);
	op.sa.spi = spi;
	op.sa.proto = IKE_PROTO_ESP;
	op.sa.mode = KX_MODE_TUNNEL;
	op.sa.reqid = reqid;
	op.sa.replay_window = 32;
	strcpy(op.sa.alg.aead, "rfc4106(gcm(aes))");
	op.sa.alg.icv_bits = 128;
	op.sa.alg.enc_key = (struct ike_bytes){ key, sizeof(key) };
	return op;
}

static struct kx_op
out_policy(uint32_t reqid, uint8_t d3)
{
	struct kx_op op = { .type = KX_ADD_POLICY };

	op.pol.sel = sel4(0, 16, d3, 24);
	op.pol.dir = KX_DIR_OUT;
	op.pol.mode = KX_MODE_TUNNEL;
	op.pol.tmpl_src = v4(192, 0, 2, 1, 0);
	op.pol.tmpl_dst = v4(198, 51, 100, 1, 0);
	op.pol.reqid = reqid;
	op.pol.priority = KX_PRIO_BASE;
	op.pol.proto = IKE_PROTO_ESP;
	return op;
}

static struct km *
mk(void)
{
	struct km *km = NULL;

	ck_assert_int_eq(km_new(NULL, NULL, &km), IKE_OK);
	return km;
}

static int
kop(struct km *km, struct kx_op *op)
{
	return km_kernel.op(km, op);
}

START_TEST(spi_counter_unique)
{
	struct km *km = mk();
	struct kx_op op = { .type = KX_ALLOC_SPI };
	uint32_t seen[8];
	int i, j;

	op.sa.src = v4(192, 0, 2, 1, 0);
	op.sa.dst = v4(192, 0, 2, 2, 0);
	op.sa.proto = IKE_PROTO_ESP;
	op.sa.reqid = KX_REQID_BASE;
	for (i = 0; i < 8; i++) {
		op.sa.spi = 0;
		ck_assert_int_eq(kop(km, &op), IKE_OK);
		ck_assert_uint_ge(op.sa.spi, 0x100);
		for (j = 0; j < i; j++)
			ck_assert_uint_ne(seen[j], op.sa.spi);
		seen[i] = op.sa.spi;
	}
	ck_assert_uint_eq(km_larval_count(km), 8);
	ck_assert_uint_eq(km_sa_count(km), 0);
	km_free(km);
}
END_TEST

START_TEST(spi_range_full)
{
	struct km *km = mk();
	struct kx_op op = { .type = KX_ALLOC_SPI, .spi_min = 0x1000,
	    .spi_max = 0x1002 };
	int i;

	op.sa.dst = v4(192, 0, 2, 2, 0);
	op.sa.src = v4(192, 0, 2, 1, 0);
	op.sa.proto = IKE_PROTO_ESP;
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(kop(km, &op), IKE_OK);
		ck_assert_uint_ge(op.sa.spi, 0x1000);
		ck_assert_uint_le(op.sa.spi, 0x1002);
	}
	ck_assert_int_eq(kop(km, &op), IKE_ENOSPC);
	/* Another destination has its own SPI space. */
	op.sa.dst = v4(192, 0, 2, 3, 0);
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	op.spi_min = 5;
	op.spi_max = 4;
	ck_assert_int_eq(kop(km, &op), IKE_EINVAL);
	km_free(km);
}
END_TEST

/* A generator that always returns the same bytes: the allocator must
 * still find a free SPI. */
static int
stuck_rng(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	memset(buf, 0x42, len);
	return IKE_OK;
}

static int
broken_rng(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx; (void)buf; (void)len;
	return IKE_EINVAL;
}

START_TEST(spi_rng)
{
	struct km *km = NULL;
	struct kx_op op = { .type = KX_ALLOC_SPI };
	uint32_t first;

	ck_assert_int_eq(km_new(stuck_rng, NULL, &km), IKE_OK);
	op.sa.dst = v4(192, 0, 2, 2, 0);
	op.sa.src = v4(192, 0, 2, 1, 0);
	op.sa.proto = IKE_PROTO_ESP;
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	first = op.sa.spi;
	ck_assert_uint_eq(first, 0x100 + 0x42424242u % (0xffffffffu - 0x100 + 1));
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	ck_assert_uint_ne(op.sa.spi, first);
	km_free(km);

	ck_assert_int_eq(km_new(broken_rng, NULL, &km), IKE_OK);
	ck_assert_int_eq(kop(km, &op), IKE_EINVAL);
	ck_assert_uint_eq(km_larval_count(km), 0);
	km_free(km);
}
END_TEST

START_TEST(sa_lifecycle)
{
	struct km *km = mk();
	struct kx_op op = gcm_sa(0xc0000001, KX_REQID_BASE + 1), q;
	const struct kx_sa *sa;

	km_set_time(km, 1000);
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	ck_assert_int_eq(kop(km, &op), IKE_EEXIST);
	ck_assert_uint_eq(km_sa_count(km), 1);

	sa = km_find_sa(km, &op.sa.dst, 0xc0000001, IKE_PROTO_ESP);
	ck_assert_ptr_nonnull(sa);
	/* The key is a copy, not the caller's buffer. */
	ck_assert_ptr_ne(sa->alg.enc_key.ptr, key);
	ck_assert_mem_eq(sa->alg.enc_key.ptr, key, sizeof(key));
	ck_assert_str_eq(sa->alg.aead, "rfc4106(gcm(aes))");
	ck_assert_ptr_eq(km_sa_at(km, 0), sa);
	ck_assert_ptr_null(km_sa_at(km, 1));
	ck_assert_ptr_null(km_find_sa(km, &op.sa.src, 0xc0000001, IKE_PROTO_ESP));
	ck_assert_ptr_null(km_find_sa(km, &op.sa.dst, 0xc0000001, IKE_PROTO_AH));

	q = op;
	q.type = KX_QUERY_SA;
	ck_assert_int_eq(kop(km, &q), IKE_OK);
	ck_assert_uint_eq(q.stats.bytes, 0);
	ck_assert_uint_eq(q.stats.add_time, 1000);
	km_set_time(km, 1005);
	ck_assert_int_eq(km_traffic(km, &op.sa.dst, 0xc0000001, IKE_PROTO_ESP,
	    1500, 3), IKE_OK);
	ck_assert_int_eq(km_traffic(km, &op.sa.dst, 0xc0000001, IKE_PROTO_ESP,
	    500, 1), IKE_OK);
	ck_assert_int_eq(kop(km, &q), IKE_OK);
	ck_assert_uint_eq(q.stats.bytes, 2000);
	ck_assert_uint_eq(q.stats.packets, 4);
	ck_assert_uint_eq(q.stats.use_time, 1005);
	ck_assert_int_eq(km_traffic(km, &op.sa.dst, 7, IKE_PROTO_ESP, 1, 1),
	    IKE_ENOENT);

	q.type = KX_DEL_SA;
	ck_assert_int_eq(kop(km, &q), IKE_OK);
	ck_assert_int_eq(kop(km, &q), IKE_ENOENT);
	q.type = KX_QUERY_SA;
	ck_assert_int_eq(kop(km, &q), IKE_ENOENT);
	ck_assert_uint_eq(km_sa_count(km), 0);
	km_free(km);
}
END_TEST

START_TEST(sa_after_alloc)
{
	struct km *km = mk();
	struct kx_op a = { .type = KX_ALLOC_SPI }, op;

	a.sa.src = v4(198, 51, 100, 1, 0);
	a.sa.dst = v4(192, 0, 2, 1, 0);
	a.sa.proto = IKE_PROTO_ESP;
	a.sa.reqid = KX_REQID_BASE + 2;
	ck_assert_int_eq(kop(km, &a), IKE_OK);
	/* The larval SPI is not an SA yet. */
	ck_assert_ptr_null(km_find_sa(km, &a.sa.dst, a.sa.spi, IKE_PROTO_ESP));
	op = gcm_sa(a.sa.spi, a.sa.reqid);
	op.sa.src = a.sa.src;
	op.sa.dst = a.sa.dst;
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	ck_assert_uint_eq(km_sa_count(km), 1);
	ck_assert_uint_eq(km_larval_count(km), 0);
	ck_assert_int_eq(kop(km, &op), IKE_EEXIST);
	km_free(km);
}
END_TEST

START_TEST(sa_invalid)
{
	struct km *km = mk();
	struct kx_op op;

	op = gcm_sa(0, KX_REQID_BASE);
	ck_assert_int_eq(kop(km, &op), IKE_EINVAL);		/* spi 0 */
	op = gcm_sa(0x1234, KX_REQID_BASE);
	op.sa.dst.family = IKE_AF_INET6;
	ck_assert_int_eq(kop(km, &op), IKE_EINVAL);		/* mixed families */
	op = gcm_sa(0x1234, KX_REQID_BASE);
	strcpy(op.sa.alg.encr, "cbc(aes)");
	ck_assert_int_eq(kop(km, &op), IKE_EINVAL);		/* aead + encr */
	op = gcm_sa(0x1234, KX_REQID_BASE);
	op.sa.alg.aead[0] = '\0';
	ck_assert_int_eq(kop(km, &op), IKE_EINVAL);		/* no cipher */
	strcpy(op.sa.alg.encr, "cbc(aes)");
	strcpy(op.sa.alg.integ, "hmac(sha256)");
	ck_assert_int_eq(kop(km, &op), IKE_EINVAL);		/* no int key */
	op.sa.alg.int_key = (struct ike_bytes){ key, 32 };
	op.sa.alg.trunc_bits = 128;
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	op = gcm_sa(0x1235, KX_REQID_BASE);
	op.sa.encap = 1;
	ck_assert_int_eq(kop(km, &op), IKE_EINVAL);		/* encap w/o ports */
	op.sa.src.port = op.sa.dst.port = 4500;
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	ck_assert_uint_eq(km_sa_count(km), 2);
	km_free(km);
}
END_TEST

START_TEST(sa_update)
{
	struct km *km = mk();
	struct kx_op op = gcm_sa(0x2000, KX_REQID_BASE), u;
	const struct kx_sa *sa;

	op.sa.encap = 1;
	op.sa.src.port = op.sa.dst.port = 4500;
	ck_assert_int_eq(kop(km, &op), IKE_OK);

	/* In place: new ports and lifetimes. */
	u = op;
	u.type = KX_UPDATE_SA;
	u.sa.dst.port = 31337;
	u.sa.hard_secs = 3600;
	ck_assert_int_eq(kop(km, &u), IKE_OK);
	sa = km_find_sa(km, &op.sa.dst, 0x2000, IKE_PROTO_ESP);
	ck_assert_uint_eq(sa->dst.port, 31337);
	ck_assert_uint_eq(sa->hard_secs, 3600);
	u.sa.encap = 0;
	ck_assert_int_eq(kop(km, &u), IKE_EINVAL);

	/* Moved: the SA is found at its old address. */
	u = op;
	u.type = KX_UPDATE_SA;
	u.old_src = op.sa.src;
	u.old_dst = op.sa.dst;
	u.sa.dst = v4(203, 0, 113, 9, 4500);
	u.sa.encap = 0;
	ck_assert_int_eq(kop(km, &u), IKE_OK);
	ck_assert_ptr_null(km_find_sa(km, &op.sa.dst, 0x2000, IKE_PROTO_ESP));
	sa = km_find_sa(km, &u.sa.dst, 0x2000, IKE_PROTO_ESP);
	ck_assert_ptr_nonnull(sa);
	ck_assert_int_eq(sa->encap, 0);
	ck_assert_mem_eq(sa->alg.enc_key.ptr, key, sizeof(key));
	ck_assert_int_eq(kop(km, &u), IKE_ENOENT);	/* not there any more */

	u = gcm_sa(0x9999, KX_REQID_BASE);
	u.type = KX_UPDATE_SA;
	ck_assert_int_eq(kop(km, &u), IKE_ENOENT);
	km_free(km);
}
END_TEST

START_TEST(policy_rules)
{
	struct km *km = mk();
	struct kx_op op = out_policy(KX_REQID_BASE, 0), d;
	const struct kx_policy *p;

	ck_assert_int_eq(kop(km, &op), IKE_OK);
	ck_assert_int_eq(kop(km, &op), IKE_EEXIST);
	/* Same selector, other direction: a different policy. */
	op.pol.dir = KX_DIR_FWD;
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	op.pol.dir = KX_DIR_IN;
	op.pol.sel.dport = 80;
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	ck_assert_uint_eq(km_policy_count(km), 3);

	p = km_find_policy(km, &op.pol.sel, KX_DIR_IN);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->sel.dport, 80);
	ck_assert_uint_eq(p->priority, KX_PRIO_BASE);
	op.pol.sel.dport = 81;
	op.pol.priority = 0;
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	ck_assert_uint_eq(km_find_policy(km, &op.pol.sel, KX_DIR_IN)->priority,
	    KX_PRIO_BASE);
	ck_assert_int_eq(kop(km, &(struct kx_op){ .type = KX_DEL_POLICY,
	    .pol = op.pol }), IKE_OK);
	op.pol.sel.dport = 80;
	ck_assert_ptr_null(km_find_policy(km, &op.pol.sel, KX_DIR_OUT));
	ck_assert_ptr_eq(km_policy_at(km, 2), p);
	ck_assert_ptr_null(km_policy_at(km, 3));

	d = op;
	d.type = KX_DEL_POLICY;
	ck_assert_int_eq(kop(km, &d), IKE_OK);
	ck_assert_int_eq(kop(km, &d), IKE_ENOENT);
	ck_assert_uint_eq(km_policy_count(km), 2);

	op.pol.sel.dst_plen = 33;
	ck_assert_int_eq(kop(km, &op), IKE_EINVAL);
	op.pol.sel.dst_plen = 24;
	op.pol.tmpl_dst.family = IKE_AF_INET6;
	ck_assert_int_eq(kop(km, &op), IKE_EINVAL);
	km_free(km);
}
END_TEST

START_TEST(flush_owned_only)
{
	struct km *km = mk();
	struct kx_op op, f = { .type = KX_FLUSH_OWNED };

	op = gcm_sa(0x3001, KX_REQID_BASE);
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	op = gcm_sa(0x3002, KX_REQID_BASE + KX_REQID_SPAN - 1);
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	op = gcm_sa(0x3003, 7);				/* someone else's */
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	op = gcm_sa(0x3004, KX_REQID_BASE + KX_REQID_SPAN);	/* just outside */
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	op = out_policy(KX_REQID_BASE + 5, 0);
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	op = out_policy(9, 1);
	ck_assert_int_eq(kop(km, &op), IKE_OK);
	op = (struct kx_op){ .type = KX_ALLOC_SPI };
	op.sa.src = v4(192, 0, 2, 1, 0);
	op.sa.dst = v4(192, 0, 2, 9, 0);
	op.sa.proto = IKE_PROTO_ESP;
	op.sa.reqid = KX_REQID_BASE + 3;
	ck_assert_int_eq(kop(km, &op), IKE_OK);

	ck_assert_int_eq(kop(km, &f), IKE_OK);
	ck_assert_uint_eq(km_sa_count(km), 2);
	ck_assert_uint_eq(km_larval_count(km), 0);
	ck_assert_uint_eq(km_policy_count(km), 1);
	ck_assert_uint_eq(km_sa_at(km, 0)->spi, 0x3003);
	ck_assert_uint_eq(km_sa_at(km, 1)->spi, 0x3004);
	ck_assert_uint_eq(km_policy_at(km, 0)->reqid, 9);
	ck_assert_int_eq(kop(km, &f), IKE_OK);		/* nothing left: fine */
	ck_assert_uint_eq(km_op_count(km, KX_FLUSH_OWNED), 2);
	km_free(km);
}
END_TEST

START_TEST(fail_next)
{
	struct km *km = mk();
	struct kx_op op = gcm_sa(0x4000, KX_REQID_BASE);

	km_fail_next(km, KX_ADD_SA, IKE_EKERNEL);
	ck_assert_int_eq(kop(km, &op), IKE_EKERNEL);
	ck_assert_uint_eq(km_sa_count(km), 0);
	ck_assert_int_eq(kop(km, &op), IKE_OK);		/* armed once */

	km_fail_next(km, KX_DEL_SA, IKE_ENOMEM);
	op.type = KX_QUERY_SA;
	ck_assert_int_eq(kop(km, &op), IKE_OK);		/* other type */
	op.type = KX_DEL_SA;
	ck_assert_int_eq(kop(km, &op), IKE_ENOMEM);
	ck_assert_uint_eq(km_sa_count(km), 1);

	km_fail_next(km, -1, IKE_EINVAL);
	op.type = KX_FLUSH_OWNED;
	ck_assert_int_eq(kop(km, &op), IKE_EINVAL);
	ck_assert_uint_eq(km_sa_count(km), 1);
	ck_assert_uint_eq(km_op_count(km, KX_ADD_SA), 2);
	ck_assert_uint_eq(km_op_count(km, KX_DEL_SA), 1);
	op.type = (enum kx_op_type)99;
	ck_assert_int_eq(kop(km, &op), IKE_EINVAL);
	km_free(km);
}
END_TEST

START_TEST(events)
{
	struct km *km = mk();
	struct kx_op op = gcm_sa(0x5000, KX_REQID_BASE + 4);
	struct kx_op pol = out_policy(KX_REQID_BASE + 4, 7);
	struct kx_sel pkt = sel4(3, 32, 7, 32);
	struct kx_event ev;

	pkt.src[3] = 5;
	pkt.dst[3] = 6;
	pkt.proto = 6;
	pkt.dport = 22;
	ck_assert_int_eq(km_acquire(km, &pkt, &ev), IKE_ENOENT);
	ck_assert_int_eq(kop(km, &pol), IKE_OK);
	ck_assert_int_eq(km_acquire(km, &pkt, &ev), IKE_OK);
	ck_assert_int_eq(ev.type, KX_EV_ACQUIRE);
	ck_assert_uint_eq(ev.reqid, KX_REQID_BASE + 4);
	ck_assert_uint_eq(ev.dst.addr[0], 198);
	ck_assert_uint_eq(ev.src.addr[0], 192);
	ck_assert_uint_eq(ev.sel.dport, 22);
	pkt.dst[2] = 8;					/* outside 10.2.7.0/24 */
	ck_assert_int_eq(km_acquire(km, &pkt, &ev), IKE_ENOENT);
	pkt.dst[2] = 7;

	ck_assert_int_eq(kop(km, &op), IKE_OK);
	ck_assert_int_eq(km_acquire(km, &pkt, &ev), IKE_EEXIST);

	ck_assert_int_eq(km_expire(km, &op.sa.dst, 0x5000, IKE_PROTO_ESP, 0, &ev),
	    IKE_OK);
	ck_assert_int_eq(ev.type, KX_EV_EXPIRE_SOFT);
	ck_assert_uint_eq(ev.spi, 0x5000);
	ck_assert_uint_eq(ev.reqid, KX_REQID_BASE + 4);
	ck_assert_uint_eq(km_sa_count(km), 1);
	ck_assert_int_eq(km_expire(km, &op.sa.dst, 0x5000, IKE_PROTO_ESP, 1, &ev),
	    IKE_OK);
	ck_assert_int_eq(ev.type, KX_EV_EXPIRE_HARD);
	ck_assert_uint_eq(km_sa_count(km), 0);
	ck_assert_int_eq(km_expire(km, &op.sa.dst, 0x5000, IKE_PROTO_ESP, 1, &ev),
	    IKE_ENOENT);
	km_free(km);
}
END_TEST

START_TEST(sel_compare)
{
	struct kx_sel a = sel4(1, 24, 2, 24), b = a;

	ck_assert(km_sel_eq(&a, &b));
	b.sport = 1;
	ck_assert(!km_sel_eq(&a, &b));
	b = a;
	b.dst[15] = 1;			/* beyond IPv4: ignored */
	ck_assert(km_sel_eq(&a, &b));
	b.family = IKE_AF_INET6;
	ck_assert(!km_sel_eq(&a, &b));
	km_free(NULL);
}
END_TEST

static Suite *
km_suite(void)
{
	Suite *s = suite_create("km");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, spi_counter_unique);
	tcase_add_test(tc, spi_range_full);
	tcase_add_test(tc, spi_rng);
	tcase_add_test(tc, sa_lifecycle);
	tcase_add_test(tc, sa_after_alloc);
	tcase_add_test(tc, sa_invalid);
	tcase_add_test(tc, sa_update);
	tcase_add_test(tc, policy_rules);
	tcase_add_test(tc, flush_owned_only);
	tcase_add_test(tc, fail_next);
	tcase_add_test(tc, events);
	tcase_add_test(tc, sel_compare);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(km_suite)
