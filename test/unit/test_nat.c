/* SPDX-License-Identifier: ISC */
/*
 * test_nat.c - NAT traversal between two engines (RFC 7296 2.23, RFC
 * 3948): NAT detection hashes, detection of a NAT in front of either
 * side, the move to port 4500 with the non-ESP marker, UDP-encapsulated
 * Child SAs in kernel-mem, keepalives only from behind the NAT, encap:
 * yes without a NAT, a peer starting on 4500, and NAT mapping changes
 * (authenticated IKE messages and kernel MAPPING events) moving the
 * kernel SAs, only on the side not behind the NAT.
 *
 * The network between the two is simulated here: the branch (client,
 * 10.0.0.2) sits behind a NAT whose public address is 192.0.2.99; the
 * NAT gives its port 500 and 4500 public ports of the test's choosing.
 */
#include "engine_test.h"
#include "natd.h"

#define NAT_PUB		"192.0.2.99"

static const struct tconf srv = {
	.name = "hq-branch", .laddr = "192.0.2.1", .raddr = NAT_PUB,
	.lid = "hq.example.net", .rid = "branch.example.net",
	.ike = { "aes256gcm16-prfsha256-x25519" }, .esp = { "aes256gcm16" },
	.lts = { "10.1.0.0/16" }, .rts = { "10.2.0.0/16" },
};
static const struct tconf cli = {
	.name = "branch-hq", .laddr = "10.0.0.2", .raddr = "192.0.2.1",
	.lid = "branch.example.net", .rid = "hq.example.net",
	.ike = { "aes256gcm16-prfsha256-x25519" }, .esp = { "aes256gcm16" },
	.lts = { "10.2.0.0/16" }, .rts = { "10.1.0.0/16" },
};
/* The same two without a NAT: the server expects the branch itself. */
static const struct tconf srv_direct = {
	.name = "hq-branch", .laddr = "192.0.2.1", .raddr = "192.0.2.2",
	.lid = "hq.example.net", .rid = "branch.example.net",
	.ike = { "aes256gcm16-prfsha256-x25519" }, .esp = { "aes256gcm16" },
	.lts = { "10.1.0.0/16" }, .rts = { "10.2.0.0/16" },
};
static const struct tconf cli_direct = {
	.name = "branch-hq", .laddr = "192.0.2.2", .raddr = "192.0.2.1",
	.lid = "branch.example.net", .rid = "hq.example.net",
	.ike = { "aes256gcm16-prfsha256-x25519" }, .esp = { "aes256gcm16" },
	.lts = { "10.2.0.0/16" }, .rts = { "10.1.0.0/16" },
};

/* The NAT: private source port -> public port, or no NAT at all. */
struct tnat {
	int		 on;
	uint16_t	 map500, map4500;	/* public ports */
	size_t		 keepalives;		/* 0xFF bytes seen from the client */
	size_t		 bare_500;		/* datagrams on 500 after NAT-T */
};

static uint16_t
nat_pub_port(const struct tnat *n, uint16_t priv)
{
	return priv == 500 ? n->map500 : n->map4500;
}

/*
 * Moves what from queued to to.  Every datagram to or from port 4500
 * must ask for the non-ESP marker, keepalives excepted (one 0xFF byte,
 * no marker); the marker is what the daemon adds, so the engine sees the
 * message without it.  c2s: from is the client.
 */
static size_t
t_nat_deliver(struct tpeer *from, struct tpeer *to, struct tnat *n, int c2s,
    uint64_t now)
{
	size_t i, count = from->out.n_dg;
	struct ike_addr src, dst, pub;

	t_addr(NAT_PUB, &pub);
	for (i = 0; i < count; i++) {
		struct ike_datagram *d = &from->out.dg[i];
		int natt = d->local.port == 4500 || d->remote.port == 4500;

		src = d->local;
		dst = d->remote;
		if (d->len == 1) {
			ck_assert_uint_eq(d->data[0], 0xff);
			ck_assert_int_eq(d->non_esp_marker, 0);
			ck_assert_uint_eq(d->local.port, 4500);
			if (c2s)
				n->keepalives++;
			continue;
		}
		ck_assert_int_eq(d->non_esp_marker, natt);
		if (n->on && c2s) {
			pub.port = nat_pub_port(n, src.port);
			src = pub;
		} else if (n->on) {
			/* Back through the NAT: only to a mapped port. */
			ck_assert(dst.port == n->map500 || dst.port == n->map4500);
			ck_assert_int_eq(memcmp(dst.addr, pub.addr, 4), 0);
			t_addr(cli.laddr, &dst);
			dst.port = dst.port == n->map500 ? 500 : 4500;
		}
		ck_assert_int_eq(ike_engine_input(to->eng, now, &dst, &src,
		    d->data, d->len, &to->out), IKE_OK);
	}
	ike_out_reset(&from->out);
	return count;
}

static void
t_nat_run(struct tpeer *c, struct tpeer *s, struct tnat *n, uint64_t now)
{
	int rounds = 0;

	while (c->out.n_dg > 0 || s->out.n_dg > 0) {
		ck_assert_int_lt(rounds++, 50);
		t_nat_deliver(c, s, n, 1, now);
		t_nat_deliver(s, c, n, 0, now);
	}
}

/* Sets encap and keepalive on a peer's one connection. */
static void
t_nat_cfg(struct tpeer *p, const struct tconf *t, int encap,
    uint32_t keepalive_ms, int keepalive_off)
{
	struct ike_config *cfg = t_config(t);

	cfg->conns->encap = encap;
	cfg->conns->keepalive_ms = keepalive_ms;
	cfg->conns->keepalive_off = keepalive_off;
	ck_assert_int_eq(ike_engine_set_config(p->eng, 0, cfg, &p->out), IKE_OK);
}

/* Brings the tunnel up through n; c initiates. */
static void
t_nat_up(struct tpeer *c, struct tpeer *s, struct tnat *n)
{
	struct t_sa a, b;

	ck_assert_int_eq(ike_engine_start_all(c->eng, 0, &c->out), IKE_OK);
	t_nat_run(c, s, n, 1);
	t_sa(c, &a);
	t_sa(s, &b);
	ck_assert_str_eq(a.info.state, "ESTABLISHED");
	ck_assert_str_eq(b.info.state, "ESTABLISHED");
	ck_assert_uint_eq(a.info.n_children, 1);
	ck_assert_str_eq(a.child[0].state, "INSTALLED");
	ck_assert_str_eq(b.child[0].state, "INSTALLED");
}

/* The kernel SA (dst, spi) has encapsulation with these ports or none. */
static const struct kx_sa *
t_encap_is(struct tpeer *p, const struct ike_addr *dst, uint32_t spi,
    int encap, uint16_t sport, uint16_t dport)
{
	const struct kx_sa *k = km_find_sa(p->km, dst, spi, IKE_PROTO_ESP);

	ck_assert_msg(k != NULL, "%s: no SA %08x", p->name, spi);
	ck_assert_int_eq(k->encap, encap);
	if (encap) {
		ck_assert_uint_eq(k->src.port, sport);
		ck_assert_uint_eq(k->dst.port, dport);
	}
	return k;
}

/* ---- the hashes ------------------------------------------------------------ */

/* RFC 7296 2.23: SHA-1(SPIi | SPIr | IP | port).  The expected value is
 * SHA-1 of 0102030405060708 0000000000000000 c0000201 01f4, computed
 * with another SHA-1 implementation; a different port or SPI changes it. */
START_TEST(natd_hash_values)
{
	static const uint8_t want[NATD_HASH_LEN] = {
		0x64, 0x4b, 0x45, 0x75, 0x45, 0x5b, 0xd6, 0xfc, 0xc1, 0xef,
		0xe2, 0xbe, 0x81, 0x62, 0xa9, 0x21, 0x8e, 0x44, 0x8e, 0x5f,
	};
	uint8_t got[NATD_HASH_LEN];
	struct ike_bytes h = { got, sizeof(got) };
	struct ike_addr a;

	t_addr("192.0.2.1", &a);
	a.port = 500;
	ck_assert_int_eq(natd_hash(0x0102030405060708ULL, 0, &a, got), IKE_OK);
	ck_assert_mem_eq(got, want, sizeof(want));
	ck_assert_int_eq(natd_match(0x0102030405060708ULL, 0, &a, &h, 1), 1);
	a.port = 4500;
	ck_assert_int_eq(natd_match(0x0102030405060708ULL, 0, &a, &h, 1), 0);
	a.port = 500;
	ck_assert_int_eq(natd_match(0x0102030405060708ULL, 1, &a, &h, 1), 0);
	a.family = 0;
	ck_assert_int_eq(natd_hash(1, 2, &a, got), IKE_EINVAL);
}
END_TEST

/* ---- detection --------------------------------------------------------------- */

/*
 *   branch 10.0.0.2 --NAT 192.0.2.99-- hq 192.0.2.1
 *
 *   IKE_SA_INIT on 500 (no marker), NAT-D both ways
 *   IKE_AUTH and everything after on 4500 with the marker
 */
START_TEST(behind_nat_client)
{
	struct tnat n = { .on = 1, .map500 = 500, .map4500 = 31000 };
	struct tpeer c, s;
	struct ike_addr pub, cpriv, saddr;
	struct t_sa a, b;

	t_peer_init(&c, "branch", 1, &cli);
	t_peer_init(&s, "hq", 2, &srv);
	t_nat_up(&c, &s, &n);
	ck_assert_ptr_nonnull(t_logged(&c, "NAT detected: we are behind a NAT"));
	ck_assert_ptr_nonnull(t_logged(&s, "NAT detected: the peer is behind a NAT"));
	ck_assert_ptr_nonnull(t_logged(&s, "peer moved to 192.0.2.99[31000]"));
	t_sa(&c, &a);
	t_sa(&s, &b);
	ck_assert(a.info.nat_local && !a.info.nat_remote && !a.info.nat_fake);
	ck_assert(!b.info.nat_local && b.info.nat_remote && !b.info.nat_fake);
	ck_assert(a.info.encap && b.info.encap);
	ck_assert_uint_eq(a.info.local.port, 4500);
	ck_assert_uint_eq(a.info.remote.port, 4500);
	ck_assert_uint_eq(b.info.local.port, 4500);
	ck_assert_uint_eq(b.info.remote.port, 31000);
	/* ESP in UDP on the IKE SA's ports, as each side sees them. */
	t_addr(NAT_PUB, &pub);
	t_addr("10.0.0.2", &cpriv);
	t_addr("192.0.2.1", &saddr);
	t_encap_is(&c, &cpriv, a.child[0].spi_in, 1, 4500, 4500);
	t_encap_is(&c, &saddr, a.child[0].spi_out, 1, 4500, 4500);
	t_encap_is(&s, &saddr, b.child[0].spi_in, 1, 31000, 4500);
	t_encap_is(&s, &pub, b.child[0].spi_out, 1, 4500, 31000);
	t_same_sa(&c, &s, &saddr, a.child[0].spi_out);
	t_peer_free(&c);
	t_peer_free(&s);
}
END_TEST

/* No NAT: no encapsulation, IKE stays on 500. */
START_TEST(no_nat)
{
	struct tnat n = { 0 };
	struct tpeer c, s;
	struct ike_addr saddr;
	struct t_sa a, b;

	t_peer_init(&c, "branch", 1, &cli_direct);
	t_peer_init(&s, "hq", 2, &srv_direct);
	t_nat_up(&c, &s, &n);
	ck_assert_ptr_null(t_logged(&c, "NAT"));
	ck_assert_ptr_null(t_logged(&s, "NAT"));
	t_sa(&c, &a);
	t_sa(&s, &b);
	ck_assert(!a.info.nat_local && !a.info.nat_remote && !a.info.encap);
	ck_assert(!b.info.nat_local && !b.info.nat_remote && !b.info.encap);
	ck_assert_uint_eq(a.info.remote.port, 500);
	t_addr("192.0.2.1", &saddr);
	t_encap_is(&s, &saddr, b.child[0].spi_in, 0, 0, 0);
	/* Nobody keeps a mapping open that does not exist. */
	ike_engine_tick(c.eng, 600000, &c.out);
	ike_engine_tick(s.eng, 600000, &s.out);
	ck_assert_uint_eq(c.out.n_dg + s.out.n_dg, 0);
	t_peer_free(&c);
	t_peer_free(&s);
}
END_TEST

/* A peer that hides its address behind NAT-D values matching nothing is
 * seen as behind a NAT, whoever it is: here the initiator fakes (encap:
 * yes), then the responder does. */
START_TEST(encap_forced)
{
	struct tnat n = { 0 };
	struct ike_addr saddr, caddr;
	struct tpeer c, s;
	struct t_sa a, b;
	int resp;

	for (resp = 0; resp <= 1; resp++) {
		t_peer_init(&c, "branch", 1, &cli_direct);
		t_peer_init(&s, "hq", 2, &srv_direct);
		t_nat_cfg(resp ? &s : &c, resp ? &srv_direct : &cli_direct, 1, 0, 0);
		t_nat_up(&c, &s, &n);
		t_sa(&c, &a);
		t_sa(&s, &b);
		ck_assert(a.info.encap && b.info.encap);
		ck_assert(!a.info.nat_local && !b.info.nat_local);
		ck_assert_int_eq(a.info.nat_fake, !resp);
		ck_assert_int_eq(b.info.nat_fake, resp);
		ck_assert_int_eq(a.info.nat_remote, resp);
		ck_assert_int_eq(b.info.nat_remote, !resp);
		ck_assert_ptr_nonnull(t_logged(resp ? &s : &c,
		    "no NAT, faking one (encap: yes)"));
		ck_assert_uint_eq(a.info.remote.port, 4500);
		ck_assert_uint_eq(b.info.remote.port, 4500);
		t_addr("192.0.2.1", &saddr);
		t_addr("192.0.2.2", &caddr);
		t_encap_is(&s, &saddr, b.child[0].spi_in, 1, 4500, 4500);
		t_encap_is(&c, &caddr, a.child[0].spi_in, 1, 4500, 4500);
		/* No real NAT: no keepalives from either side. */
		ike_engine_tick(c.eng, 600000, &c.out);
		ike_engine_tick(s.eng, 600000, &s.out);
		ck_assert_uint_eq(c.out.n_dg + s.out.n_dg, 0);
		t_peer_free(&c);
		t_peer_free(&s);
	}
}
END_TEST

/* An initiator whose remote port is 4500 starts there, with the marker
 * from its first message on. */
START_TEST(start_on_4500)
{
	struct tnat n = { .on = 1, .map500 = 500, .map4500 = 4500 };
	struct ike_config *cfg = t_config(&cli);
	struct tpeer c, s;
	struct t_sa a, b;

	t_peer_init(&c, "branch", 1, &cli);
	t_peer_init(&s, "hq", 2, &srv);
	cfg->conns->remote_port = 4500;
	ck_assert_int_eq(ike_engine_set_config(c.eng, 0, cfg, &c.out), IKE_OK);
	ck_assert_int_eq(ike_engine_start_all(c.eng, 0, &c.out), IKE_OK);
	ck_assert_uint_eq(c.out.n_dg, 1);
	ck_assert_uint_eq(c.out.dg[0].local.port, 4500);
	ck_assert_int_eq(c.out.dg[0].non_esp_marker, 1);
	t_nat_run(&c, &s, &n, 1);
	t_sa(&c, &a);
	t_sa(&s, &b);
	ck_assert_str_eq(b.info.state, "ESTABLISHED");
	ck_assert(a.info.nat_local && b.info.nat_remote && b.info.encap);
	ck_assert_uint_eq(b.info.remote.port, 4500);
	t_peer_free(&c);
	t_peer_free(&s);
}
END_TEST

/* ---- keepalives --------------------------------------------------------------- */

START_TEST(keepalives)
{
	struct tnat n = { .on = 1, .map500 = 500, .map4500 = 31000 };
	struct tpeer c, s;
	uint64_t t;

	/* Default: every 20 s from the client only. */
	t_peer_init(&c, "branch", 1, &cli);
	t_peer_init(&s, "hq", 2, &srv);
	t_nat_up(&c, &s, &n);
	ck_assert_uint_eq(ike_engine_next_timer(c.eng), 1 + 20000);
	for (t = 1000; t <= 61000; t += 1000) {
		ike_engine_tick(c.eng, t, &c.out);
		ike_engine_tick(s.eng, t, &s.out);
		t_nat_run(&c, &s, &n, t);
	}
	ck_assert_uint_eq(n.keepalives, 3);
	t_peer_free(&c);
	t_peer_free(&s);

	/* keepalive: 5s */
	n.keepalives = 0;
	t_peer_init(&c, "branch", 1, &cli);
	t_peer_init(&s, "hq", 2, &srv);
	t_nat_cfg(&c, &cli, 0, 5000, 0);
	t_nat_up(&c, &s, &n);
	for (t = 1000; t <= 21000; t += 1000) {
		ike_engine_tick(c.eng, t, &c.out);
		t_nat_run(&c, &s, &n, t);
	}
	ck_assert_uint_eq(n.keepalives, 4);
	t_peer_free(&c);
	t_peer_free(&s);

	/* keepalive: no */
	n.keepalives = 0;
	t_peer_init(&c, "branch", 1, &cli);
	t_peer_init(&s, "hq", 2, &srv);
	t_nat_cfg(&c, &cli, 0, 0, 1);
	t_nat_up(&c, &s, &n);
	ike_engine_tick(c.eng, 600000, &c.out);
	ck_assert_uint_eq(c.out.n_dg, 0);
	t_peer_free(&c);
	t_peer_free(&s);
}
END_TEST

/* ---- mapping changes ----------------------------------------------------------- */

/*
 * The NAT forgets the client's mapping and gives it port 31001.  The
 * client's next request (a Child SA rekey) arrives from there: the
 * server follows it, IKE and kernel SAs alike; the SPIs stay.
 */
START_TEST(mapping_change_by_ike)
{
	struct tnat n = { .on = 1, .map500 = 500, .map4500 = 31000 };
	struct ike_addr pub, saddr;
	struct tpeer c, s;
	struct kx_event ev;
	struct t_sa a, b;

	t_peer_init(&c, "branch", 1, &cli);
	t_peer_init(&s, "hq", 2, &srv);
	t_nat_up(&c, &s, &n);
	t_sa(&s, &b);
	t_addr(NAT_PUB, &pub);
	t_addr("192.0.2.1", &saddr);
	n.map4500 = 31001;
	t_sa(&c, &a);
	ck_assert_int_eq(km_expire(c.km, &a.info.local, a.child[0].spi_in,
	    IKE_PROTO_ESP, 0, &ev), IKE_OK);
	ck_assert_int_eq(ike_engine_kernel_event(c.eng, 100, &ev, &c.out), IKE_OK);
	t_nat_run(&c, &s, &n, 100);
	ck_assert_ptr_nonnull(t_logged(&s, "NAT mapping of the peer changed "
	    "from 192.0.2.99[31000] to 192.0.2.99[31001] (authenticated IKE "
	    "message): 1 CHILD_SA(s) updated"));
	/* The old child was moved (both its SAs), then replaced by the
	 * rekey; the answers and the new child went to the new port. */
	ck_assert_uint_eq(km_op_count(s.km, KX_UPDATE_SA), 2);
	t_sa(&s, &b);
	ck_assert_uint_eq(b.info.remote.port, 31001);
	ck_assert_uint_eq(b.info.n_children, 1);
	t_encap_is(&s, &saddr, b.child[0].spi_in, 1, 31001, 4500);
	t_encap_is(&s, &pub, b.child[0].spi_out, 1, 4500, 31001);
	t_peer_free(&c);
	t_peer_free(&s);
}
END_TEST

/* The kernel saw ESP of ours come from a new address and port: the
 * server moves the SAs (anew at the new destination) and the policies'
 * templates; the client, behind the NAT, ignores such events. */
START_TEST(mapping_change_by_kernel)
{
	struct tnat n = { .on = 1, .map500 = 500, .map4500 = 31000 };
	struct ike_addr pub, pub2, saddr;
	const struct kx_policy *pol;
	struct tpeer c, s;
	struct kx_event ev;
	struct t_sa a, b;
	size_t i, found = 0;

	t_peer_init(&c, "branch", 1, &cli);
	t_peer_init(&s, "hq", 2, &srv);
	t_nat_up(&c, &s, &n);
	t_sa(&s, &b);
	t_addr(NAT_PUB, &pub);
	t_addr("192.0.2.1", &saddr);

	/* Port only: in place. */
	memset(&ev, 0, sizeof(ev));
	ev.type = KX_EV_MAPPING;
	ev.spi = b.child[0].spi_in;
	ev.proto = IKE_PROTO_ESP;
	ev.dst = saddr;
	ev.src = pub;
	ev.src.port = 31000;
	ev.new_src = pub;
	ev.new_src.port = 40000;
	ck_assert_int_eq(ike_engine_kernel_event(s.eng, 50, &ev, &s.out), IKE_OK);
	t_encap_is(&s, &saddr, b.child[0].spi_in, 1, 40000, 4500);
	t_encap_is(&s, &pub, b.child[0].spi_out, 1, 4500, 40000);
	t_sa(&s, &b);
	ck_assert_uint_eq(b.info.remote.port, 40000);
	ck_assert_ptr_nonnull(t_logged(&s, "kernel mapping event"));
	/* The same event again changes nothing. */
	ck_assert_int_eq(ike_engine_kernel_event(s.eng, 51, &ev, &s.out), IKE_OK);
	ck_assert_uint_eq(t_count_logged(&s, "NAT mapping of the peer changed"), 1);

	/* A new public address: the outbound SA is reinstalled there and
	 * the templates follow. */
	t_addr("198.51.100.7", &pub2);
	ev.new_src = pub2;
	ev.new_src.port = 40001;
	ck_assert_int_eq(ike_engine_kernel_event(s.eng, 52, &ev, &s.out), IKE_OK);
	ck_assert_ptr_null(km_find_sa(s.km, &pub, b.child[0].spi_out, IKE_PROTO_ESP));
	t_encap_is(&s, &pub2, b.child[0].spi_out, 1, 4500, 40001);
	t_encap_is(&s, &saddr, b.child[0].spi_in, 1, 40001, 4500);
	for (i = 0; (pol = km_policy_at(s.km, i)) != NULL; i++) {
		const struct ike_addr *peer = pol->dir == KX_DIR_OUT ?
		    &pol->tmpl_dst : &pol->tmpl_src;

		ck_assert_int_eq(memcmp(peer->addr, pub2.addr, 4), 0);
		found++;
	}
	ck_assert_uint_eq(found, 3);

	/* An unknown SPI, and the client behind the NAT: ignored. */
	ev.spi = 0x12345678;
	ck_assert_int_eq(ike_engine_kernel_event(s.eng, 53, &ev, &s.out), IKE_OK);
	t_sa(&c, &a);
	ev.spi = a.child[0].spi_in;
	t_addr("10.0.0.2", &ev.dst);
	ck_assert_int_eq(ike_engine_kernel_event(c.eng, 53, &ev, &c.out), IKE_OK);
	ck_assert_ptr_nonnull(t_logged(&c, "ignored: we are behind a NAT"));
	t_sa(&c, &a);
	ck_assert_uint_eq(a.info.remote.port, 4500);
	ck_assert_int_eq(memcmp(a.info.remote.addr, saddr.addr, 4), 0);
	t_peer_free(&c);
	t_peer_free(&s);
}
END_TEST

/* A client behind the NAT does not follow an authenticated message that
 * comes from another address of the server (RFC 7296 2.23). */
START_TEST(no_follow_behind_nat)
{
	struct tnat n = { .on = 1, .map500 = 500, .map4500 = 31000 };
	struct tpeer c, s;
	struct t_sa a;
	size_t i;

	t_peer_init(&c, "branch", 1, &cli);
	t_peer_init(&s, "hq", 2, &srv);
	t_nat_up(&c, &s, &n);
	/* The server asks to delete the IKE SA; its request seems to come
	 * from port 4501. */
	ck_assert_int_eq(ike_engine_terminate(s.eng, 10, "hq-branch", &s.out),
	    IKE_OK);
	ck_assert_uint_eq(s.out.n_dg, 1);
	for (i = 0; i < s.out.n_dg; i++) {
		struct ike_datagram *d = &s.out.dg[i];
		struct ike_addr dst;

		t_addr("10.0.0.2", &dst);
		dst.port = 4500;
		d->local.port = 4501;
		ck_assert_int_eq(ike_engine_input(c.eng, 10, &dst, &d->local,
		    d->data, d->len, &c.out), IKE_OK);
	}
	ck_assert_ptr_nonnull(t_logged(&c, "not following it (we are behind a NAT)"));
	/* The answer went to where the SA was, not to 4501. */
	ck_assert_uint_eq(c.out.n_dg, 1);
	ck_assert_uint_eq(c.out.dg[0].remote.port, 4500);
	t_sa(&c, &a);
	ck_assert_int_eq(a.n, 0);
	t_peer_free(&c);
	t_peer_free(&s);
}
END_TEST

static Suite *
nat_suite(void)
{
	Suite *s = suite_create("nat");
	TCase *tc = tcase_create("nat");

	tcase_add_test(tc, natd_hash_values);
	tcase_add_test(tc, behind_nat_client);
	tcase_add_test(tc, no_nat);
	tcase_add_test(tc, encap_forced);
	tcase_add_test(tc, start_on_4500);
	tcase_add_test(tc, keepalives);
	tcase_add_test(tc, mapping_change_by_ike);
	tcase_add_test(tc, mapping_change_by_kernel);
	tcase_add_test(tc, no_follow_behind_nat);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(nat_suite)
