/* SPDX-License-Identifier: ISC */
/*
 * test_net.c - the IKE sockets over loopback: the local address of each
 * datagram (IP_PKTINFO / IPV6_PKTINFO) on receive and as the source on
 * send, the NAT-T port's non-ESP marker stripped and prepended,
 * keepalives and marker-less packets dropped and counted, and datagrams
 * the kernel dropped for want of receive buffer counted.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check_main.h"
#include "cfg.h"
#include "daemon/loop.h"
#include "daemon/net.h"

struct got {
	int		 n;
	struct ike_addr	 local, remote;
	uint8_t		 pkt[256];
	size_t		 len;
};

static void
on_recv(void *ctx, const struct ike_addr *local, const struct ike_addr *remote,
    const uint8_t *pkt, size_t len)
{
	struct got *g = ctx;

	g->n++;
	g->local = *local;
	g->remote = *remote;
	g->len = len < sizeof(g->pkt) ? len : sizeof(g->pkt);
	memcpy(g->pkt, pkt, g->len);
}

struct fix {
	struct loop	*l;
	struct net	*n;
	struct got	 got;
	uint16_t	 port, natt;
};

/* Opens a net on free ports (others may run tests at the same time). */
static void
fix_open(struct fix *f, struct net_cfg *cfg)
{
	char err[128];
	int i, ret = -1;

	memset(f, 0, sizeof(*f));
	ck_assert_int_eq(loop_new(&f->l), 0);
	srand((unsigned)getpid());
	for (i = 0; i < 50; i++) {
		f->port = (uint16_t)(20000 + rand() % 20000);
		f->natt = f->port + 1;
		cfg->port = f->port;
		cfg->natt_port = f->natt;
		ret = net_new(f->l, cfg, on_recv, &f->got, &f->n, err, sizeof(err));
		if (ret != -EADDRINUSE)
			break;
	}
	ck_assert_msg(ret == 0, "net_new: %s", err);
	ck_assert_uint_eq(net_port(f->n), f->port);
	ck_assert_uint_eq(net_natt_port(f->n), f->natt);
}

static void
fix_close(struct fix *f)
{
	net_free(f->n);
	loop_free(f->l);
}

/* Runs the loop until `want` datagrams arrived or a second passed. */
static void
pump(struct fix *f, int want)
{
	uint64_t end = loop_now() + 1000;

	while (f->got.n < want && loop_now() < end)
		loop_run_once(f->l, 50);
	/* Give stray datagrams a moment to show up as well. */
	loop_run_once(f->l, 20);
}

static int
peer_socket(int af, const char *addr, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd;

	memset(&ss, 0, sizeof(ss));
	fd = socket(af, SOCK_DGRAM, 0);
	ck_assert_int_ge(fd, 0);
	if (af == AF_INET) {
		struct sockaddr_in *s = (struct sockaddr_in *)&ss;
		s->sin_family = AF_INET;
		inet_pton(AF_INET, addr, &s->sin_addr);
		sl = sizeof(*s);
	} else {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)&ss;
		s->sin6_family = AF_INET6;
		inet_pton(AF_INET6, addr, &s->sin6_addr);
		sl = sizeof(*s);
	}
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&ss, sl), 0);
	sl = sizeof(ss);
	getsockname(fd, (struct sockaddr *)&ss, &sl);
	*port = ntohs(af == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port :
	    ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

static void
peer_send(int fd, int af, const char *to, uint16_t port, const void *p, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl;

	memset(&ss, 0, sizeof(ss));
	if (af == AF_INET) {
		struct sockaddr_in *s = (struct sockaddr_in *)&ss;
		s->sin_family = AF_INET;
		s->sin_port = htons(port);
		inet_pton(AF_INET, to, &s->sin_addr);
		sl = sizeof(*s);
	} else {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)&ss;
		s->sin6_family = AF_INET6;
		s->sin6_port = htons(port);
		inet_pton(AF_INET6, to, &s->sin6_addr);
		sl = sizeof(*s);
	}
	ck_assert_int_eq(sendto(fd, p, len, 0, (struct sockaddr *)&ss, sl),
	    (ssize_t)len);
}

/* Receives one datagram on a plain socket: its bytes and source. */
static ssize_t
peer_recv(int fd, uint8_t *buf, size_t len, char *from, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	struct timeval tv = { 1, 0 };
	ssize_t n;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	n = recvfrom(fd, buf, len, 0, (struct sockaddr *)&ss, &sl);
	if (n < 0)
		return n;
	if (ss.ss_family == AF_INET) {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, from, 64);
		*port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	} else {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, from, 64);
		*port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	}
	return n;
}

static void
fill_ike(uint8_t *p, size_t len, uint8_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i);
	p[0] = 0x11;	/* a non-zero first SPI byte */
}

static const char *
addr_str(const struct ike_addr *a, char *buf)
{
	return net_addr_str(a, buf, 64);
}

START_TEST(test_ike_port_pktinfo)
{
	struct net_cfg cfg = { .no_ipv6 = 1 };
	uint8_t pkt[40];
	struct fix f;
	char a[64];
	uint16_t pport;
	int fd;

	fix_open(&f, &cfg);
	fd = peer_socket(AF_INET, "127.0.0.1", &pport);
	fill_ike(pkt, sizeof(pkt), 1);
	/* Sent to 127.0.0.2: the wildcard socket must report that address. */
	peer_send(fd, AF_INET, "127.0.0.2", f.port, pkt, sizeof(pkt));
	pump(&f, 1);
	ck_assert_int_eq(f.got.n, 1);
	ck_assert_uint_eq(f.got.len, sizeof(pkt));
	ck_assert_mem_eq(f.got.pkt, pkt, sizeof(pkt));
	ck_assert_uint_eq(f.got.local.family, IKE_AF_INET);
	ck_assert_str_eq(addr_str(&f.got.local, a), "127.0.0.2");
	ck_assert_uint_eq(f.got.local.port, f.port);
	ck_assert_str_eq(addr_str(&f.got.remote, a), "127.0.0.1");
	ck_assert_uint_eq(f.got.remote.port, pport);
	close(fd);
	fix_close(&f);
}
END_TEST

START_TEST(test_send_from_local)
{
	struct net_cfg cfg = { .no_ipv6 = 1 };
	struct ike_datagram dg;
	uint8_t pkt[40], buf[128];
	struct fix f;
	char from[64];
	uint16_t pport, sport;
	ssize_t n;
	int fd;

	fix_open(&f, &cfg);
	fd = peer_socket(AF_INET, "127.0.0.1", &pport);
	fill_ike(pkt, sizeof(pkt), 2);
	memset(&dg, 0, sizeof(dg));
	ck_assert_int_eq(ike_addr_parse("127.0.0.3", &dg.local), 0);
	dg.local.port = f.port;
	ck_assert_int_eq(ike_addr_parse("127.0.0.1", &dg.remote), 0);
	dg.remote.port = pport;
	dg.data = pkt;
	dg.len = sizeof(pkt);
	/* IKE port: no marker, source 127.0.0.3:port. */
	ck_assert_int_eq(net_send(f.n, &dg), 0);
	n = peer_recv(fd, buf, sizeof(buf), from, &sport);
	ck_assert_int_eq(n, sizeof(pkt));
	ck_assert_mem_eq(buf, pkt, sizeof(pkt));
	ck_assert_str_eq(from, "127.0.0.3");
	ck_assert_uint_eq(sport, f.port);
	/* NAT-T: marker prepended, source port natt. */
	dg.local.port = f.natt;
	dg.non_esp_marker = 1;
	ck_assert_int_eq(net_send(f.n, &dg), 0);
	n = peer_recv(fd, buf, sizeof(buf), from, &sport);
	ck_assert_int_eq(n, 4 + sizeof(pkt));
	ck_assert_mem_eq(buf, "\0\0\0\0", 4);
	ck_assert_mem_eq(buf + 4, pkt, sizeof(pkt));
	ck_assert_str_eq(from, "127.0.0.3");
	ck_assert_uint_eq(sport, f.natt);
	/* A NAT keepalive from the NAT-T port: one 0xFF byte, no marker
	 * (RFC 3948 2.3). */
	dg.non_esp_marker = 0;
	dg.data = (uint8_t *)"\xff";
	dg.len = 1;
	ck_assert_int_eq(net_send(f.n, &dg), 0);
	n = peer_recv(fd, buf, sizeof(buf), from, &sport);
	ck_assert_int_eq(n, 1);
	ck_assert_uint_eq(buf[0], 0xff);
	ck_assert_uint_eq(sport, f.natt);
	/* No IPv6 socket: refused, counted. */
	ck_assert_int_eq(ike_addr_parse("::1", &dg.local), 0);
	ck_assert_int_eq(ike_addr_parse("::1", &dg.remote), 0);
	dg.remote.port = pport;
	ck_assert_int_eq(net_send(f.n, &dg), -ENOENT);
	/* Mixed families: refused. */
	ck_assert_int_eq(ike_addr_parse("127.0.0.1", &dg.remote), 0);
	ck_assert_int_eq(net_send(f.n, &dg), -EAFNOSUPPORT);
	struct net_stats st;
	net_get_stats(f.n, &st);
	ck_assert_uint_eq(st.tx, 3);
	ck_assert_uint_eq(st.tx_errors, 2);
	close(fd);
	fix_close(&f);
}
END_TEST

START_TEST(test_natt_marker)
{
	struct net_cfg cfg = { .no_ipv6 = 1 };
	uint8_t pkt[44], ka = 0xff, esp[3] = { 1, 2, 3 };
	struct net_stats st;
	struct fix f;
	uint16_t pport;
	int fd;

	fix_open(&f, &cfg);
	fd = peer_socket(AF_INET, "127.0.0.1", &pport);
	/* Keepalive, a short marker-less packet, a marker with a too-short
	 * IKE header, then one good IKE message. */
	peer_send(fd, AF_INET, "127.0.0.1", f.natt, &ka, 1);
	peer_send(fd, AF_INET, "127.0.0.1", f.natt, esp, sizeof(esp));
	memset(pkt, 0, sizeof(pkt));
	peer_send(fd, AF_INET, "127.0.0.1", f.natt, pkt, 4 + 10);
	fill_ike(pkt + 4, sizeof(pkt) - 4, 3);
	peer_send(fd, AF_INET, "127.0.0.1", f.natt, pkt, sizeof(pkt));
	pump(&f, 1);
	ck_assert_int_eq(f.got.n, 1);
	ck_assert_uint_eq(f.got.len, sizeof(pkt) - 4);
	ck_assert_mem_eq(f.got.pkt, pkt + 4, sizeof(pkt) - 4);
	ck_assert_uint_eq(f.got.local.port, f.natt);
	net_get_stats(f.n, &st);
	ck_assert_uint_eq(st.rx, 1);
	/* With UDP_ENCAP the kernel eats keepalives itself. */
	ck_assert_uint_le(st.rx_keepalive, 1);
	ck_assert_uint_eq(st.rx_no_marker, 1);
	ck_assert_uint_eq(st.rx_short, 1);
	close(fd);
	fix_close(&f);
}
END_TEST

/* Without UDP_ENCAP the kernel hands ESP-looking packets up: net drops
 * them, and a short IKE header on the IKE port too. */
START_TEST(test_natt_no_encap)
{
	struct net_cfg cfg = { .no_ipv6 = 1, .no_encap = 1 };
	uint8_t pkt[40];
	struct net_stats st;
	struct fix f;
	uint16_t pport;
	int fd;

	fix_open(&f, &cfg);
	fd = peer_socket(AF_INET, "127.0.0.1", &pport);
	uint8_t ka = 0xff;
	fill_ike(pkt, sizeof(pkt), 4);
	peer_send(fd, AF_INET, "127.0.0.1", f.natt, &ka, 1);
	peer_send(fd, AF_INET, "127.0.0.1", f.natt, pkt, sizeof(pkt));
	peer_send(fd, AF_INET, "127.0.0.1", f.port, pkt, 27);
	peer_send(fd, AF_INET, "127.0.0.1", f.port, pkt, sizeof(pkt));
	pump(&f, 1);
	ck_assert_int_eq(f.got.n, 1);
	ck_assert_uint_eq(f.got.local.port, f.port);
	net_get_stats(f.n, &st);
	ck_assert_uint_eq(st.rx_no_marker, 1);
	ck_assert_uint_eq(st.rx_short, 1);
	ck_assert_uint_eq(st.rx_keepalive, 1);
	close(fd);
	fix_close(&f);
}
END_TEST

START_TEST(test_ipv6)
{
	struct net_cfg cfg = { 0 };
	struct ike_datagram dg;
	uint8_t pkt[48], buf[128];
	struct fix f;
	char a[64], from[64];
	uint16_t pport, sport;
	int fd;

	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	if (fd < 0)
		return;		/* no IPv6 in this kernel */
	close(fd);
	fix_open(&f, &cfg);
	fd = peer_socket(AF_INET6, "::1", &pport);
	memset(buf, 0, 4);
	fill_ike(buf + 4, sizeof(pkt), 5);
	peer_send(fd, AF_INET6, "::1", f.natt, buf, 4 + sizeof(pkt));
	pump(&f, 1);
	ck_assert_int_eq(f.got.n, 1);
	ck_assert_uint_eq(f.got.local.family, IKE_AF_INET6);
	ck_assert_str_eq(addr_str(&f.got.local, a), "::1");
	ck_assert_uint_eq(f.got.local.port, f.natt);
	ck_assert_uint_eq(f.got.remote.port, pport);
	ck_assert_mem_eq(f.got.pkt, buf + 4, sizeof(pkt));
	/* Reply from the address it came to. */
	memset(&dg, 0, sizeof(dg));
	dg.local = f.got.local;
	dg.remote = f.got.remote;
	dg.non_esp_marker = 1;
	memcpy(pkt, f.got.pkt, sizeof(pkt));
	dg.data = pkt;
	dg.len = sizeof(pkt);
	ck_assert_int_eq(net_send(f.n, &dg), 0);
	ck_assert_int_eq(peer_recv(fd, buf, sizeof(buf), from, &sport),
	    4 + sizeof(pkt));
	ck_assert_str_eq(from, "::1");
	ck_assert_uint_eq(sport, f.natt);
	ck_assert_mem_eq(buf + 4, pkt, sizeof(pkt));
	close(fd);
	fix_close(&f);
}
END_TEST

/* Bound to one address: datagrams to another loopback address do not
 * arrive, and sending from an address not bound is refused. */
START_TEST(test_bind_addrs)
{
	struct net_cfg cfg = { .n_binds = 1 };
	struct ike_datagram dg;
	uint8_t pkt[40];
	struct fix f;
	char a[64];
	uint16_t pport;
	int fd;

	ck_assert_int_eq(ike_addr_parse("127.0.0.5", &cfg.binds[0]), 0);
	fix_open(&f, &cfg);
	fd = peer_socket(AF_INET, "127.0.0.1", &pport);
	fill_ike(pkt, sizeof(pkt), 6);
	peer_send(fd, AF_INET, "127.0.0.6", f.port, pkt, sizeof(pkt));
	peer_send(fd, AF_INET, "127.0.0.5", f.port, pkt, sizeof(pkt));
	pump(&f, 1);
	ck_assert_int_eq(f.got.n, 1);
	ck_assert_str_eq(addr_str(&f.got.local, a), "127.0.0.5");
	memset(&dg, 0, sizeof(dg));
	ck_assert_int_eq(ike_addr_parse("127.0.0.6", &dg.local), 0);
	dg.local.port = f.port;
	dg.remote = f.got.remote;
	dg.data = pkt;
	dg.len = sizeof(pkt);
	ck_assert_int_eq(net_send(f.n, &dg), -ENOENT);
	dg.local = f.got.local;
	ck_assert_int_eq(net_send(f.n, &dg), 0);
	close(fd);
	fix_close(&f);
}
END_TEST

/* A flood the loop does not keep up with: the kernel drops what does not
 * fit in the socket's receive buffer, and the count of those drops comes
 * with the next datagram read. */
START_TEST(test_rx_overflow)
{
	enum { N = 400 };
	struct net_cfg cfg = { .no_ipv6 = 1, .rcvbuf = 4096 };
	struct net_stats st;
	uint8_t pkt[200];
	struct fix f;
	uint16_t pport;
	int fd, i;

	fix_open(&f, &cfg);
	fd = peer_socket(AF_INET, "127.0.0.1", &pport);
	fill_ike(pkt, sizeof(pkt), 7);
	for (i = 0; i < N; i++)
		peer_send(fd, AF_INET, "127.0.0.1", f.port, pkt, sizeof(pkt));
	pump(&f, N);
	ck_assert_int_gt(f.got.n, 0);
	ck_assert_int_lt(f.got.n, N);
	/* The drops after the last datagram queued show with the next. */
	peer_send(fd, AF_INET, "127.0.0.1", f.port, pkt, sizeof(pkt));
	pump(&f, f.got.n + 1);
	net_get_stats(f.n, &st);
	ck_assert_uint_eq(st.rx, (uint64_t)f.got.n);
	ck_assert_uint_eq(st.rx_overflow, N + 1 - st.rx);
	/* Counted once: more datagrams add nothing while none is dropped. */
	peer_send(fd, AF_INET, "127.0.0.1", f.port, pkt, sizeof(pkt));
	pump(&f, f.got.n + 1);
	net_get_stats(f.n, &st);
	ck_assert_uint_eq(st.rx_overflow, N + 2 - st.rx);
	close(fd);
	fix_close(&f);
}
END_TEST

START_TEST(test_bad_cfg)
{
	struct net_cfg cfg = { .port = 30000, .natt_port = 30000 };
	struct loop *l;
	struct net *n = NULL;
	char err[128];

	ck_assert_int_eq(loop_new(&l), 0);
	ck_assert_int_eq(net_new(l, &cfg, on_recv, NULL, &n, err, sizeof(err)),
	    -EINVAL);
	ck_assert_ptr_null(n);
	ck_assert_ptr_nonnull(strstr(err, "both 30000"));
	loop_free(l);
}
END_TEST

START_TEST(test_addr_parse)
{
	struct ike_addr a;
	char buf[64];

	ck_assert_int_eq(ike_addr_parse("192.0.2.1", &a), 0);
	ck_assert_uint_eq(a.family, IKE_AF_INET);
	ck_assert_str_eq(net_addr_str(&a, buf, sizeof(buf)), "192.0.2.1");
	ck_assert_int_eq(ike_addr_parse("2001:db8::1", &a), 0);
	ck_assert_uint_eq(a.family, IKE_AF_INET6);
	ck_assert_str_eq(net_addr_str(&a, buf, sizeof(buf)), "2001:db8::1");
	memset(&a, 0, sizeof(a));
	ck_assert_str_eq(net_addr_str(&a, buf, sizeof(buf)), "%any");
}
END_TEST

static Suite *
net_suite(void)
{
	Suite *s = suite_create("net");
	TCase *tc = tcase_create("net");

	tcase_add_test(tc, test_ike_port_pktinfo);
	tcase_add_test(tc, test_send_from_local);
	tcase_add_test(tc, test_natt_marker);
	tcase_add_test(tc, test_natt_no_encap);
	tcase_add_test(tc, test_ipv6);
	tcase_add_test(tc, test_bind_addrs);
	tcase_add_test(tc, test_rx_overflow);
	tcase_add_test(tc, test_bad_cfg);
	tcase_add_test(tc, test_addr_parse);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(net_suite)
