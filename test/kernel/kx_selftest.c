/* SPDX-License-Identifier: ISC */
/*
 * kx_selftest.c - kernel-xfrm against a real kernel.  Run as root; it
 * moves itself into fresh network namespaces first, so the host's XFRM
 * state is never touched.  Where the kernel has no ESP (only XFRM), the
 * SA checks are skipped and counted as such: SPI allocation, policies,
 * ACQUIRE events and the flush of owned state still run.  With ESP (in
 * User-Mode Linux, or a distribution kernel) it also installs SAs of each
 * algorithm family over IPv4 and IPv6, reads counters back after real
 * traffic, updates and moves SAs, waits for soft and hard EXPIREs, and
 * makes a MAPPING event happen between two namespaces.  Each check is
 * one line; the last line is "N passed, N failed, N skipped".
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/udp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "iana.h"
#include "kx.h"

static int passed, failed, skipped;

static void
check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s ", ok ? "ok  " : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

static void
skip(const char *what)
{
	printf("skip %s\n", what);
	skipped++;
}

/* Runs a shell command; its exit status. */
static int
sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Runs a shell command and keeps its output in out. */
static void
sh_out(char *out, size_t len, const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	size_t n = 0;
	FILE *f;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	out[0] = '\0';
	if ((f = popen(cmd, "r")) == NULL)
		return;
	while (n + 1 < len && !feof(f)) {
		size_t r = fread(out + n, 1, len - n - 1, f);

		if (r == 0)
			break;
		n += r;
	}
	out[n] = '\0';
	pclose(f);
}

static struct ike_addr
addr(const char *s, uint16_t port)
{
	struct ike_addr a = { .port = port };

	if (inet_pton(AF_INET, s, a.addr) == 1)
		a.family = IKE_AF_INET;
	else if (inet_pton(AF_INET6, s, a.addr) == 1)
		a.family = IKE_AF_INET6;
	else
		abort();
	return a;
}

static struct kx_sel
sel(const char *src, uint8_t splen, const char *dst, uint8_t dplen)
{
	struct ike_addr s = addr(src, 0), d = addr(dst, 0);
	struct kx_sel x = { .family = s.family, .src_plen = splen,
	    .dst_plen = dplen };

	memcpy(x.src, s.addr, 16);
	memcpy(x.dst, d.addr, 16);
	return x;
}

static struct kx *kx;

static int
op(struct kx_op *o)
{
	int ret = kx_kernel.op(kx, o);

	if (ret < 0 && kx_last_error(kx)[0] != '\0')
		printf("     (%s)\n", kx_last_error(kx));
	return ret;
}

/* Event collection. */
#define MAX_EV 32
static struct kx_event evs[MAX_EV];
static size_t n_ev;

static void
ev_cb(void *ctx, const struct kx_event *ev)
{
	(void)ctx;
	if (n_ev < MAX_EV)
		evs[n_ev++] = *ev;
}

/* Waits up to ms for an event of the given type on k; 1 if one came.
 * The limits are generous: a loaded host slows a UML guest's timers. */
static int
wait_event(struct kx *k, enum kx_event_type type, int ms, struct kx_event *out)
{
	struct timespec t0, t;
	size_t i;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = { .fd = kx_event_fd(k), .events = POLLIN };
		long el;

		for (i = 0; i < n_ev; i++) {
			if (evs[i].type == type) {
				*out = evs[i];
				memmove(&evs[i], &evs[i + 1],
				    (n_ev - i - 1) * sizeof(evs[0]));
				n_ev--;
				return 1;
			}
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		el = (t.tv_sec - t0.tv_sec) * 1000 +
		    (t.tv_nsec - t0.tv_nsec) / 1000000;
		if (el >= ms)
			return 0;
		if (poll(&p, 1, (int)(ms - el)) > 0)
			kx_event_dispatch(k, ev_cb, NULL);
	}
}

static const uint8_t keybytes[64] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x10, 0x32, 0x54, 0x76,
	0x98, 0xba, 0xdc, 0xfe, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00, 0x0f, 0x1e, 0x2d, 0x3c,
	0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0,
	0x13, 0x57, 0x9b, 0xdf, 0x24, 0x68, 0xac, 0xe0, 0x02, 0x46, 0x8a, 0xce,
	0x35, 0x79, 0xbd, 0xf1,
};

enum fam { GCM, CHACHA, CBC256, CBC384, CBC512 };

static struct kx_op
sa_op(enum fam f, const char *src, const char *dst, uint32_t spi,
    uint32_t reqid)
{
	struct kx_op o = { .type = KX_ADD_SA };
	struct kx_alg *a = &o.sa.alg;

	o.sa.src = addr(src, 0);
	o.sa.dst = addr(dst, 0);
	o.sa.spi = spi;
	o.sa.proto = IKE_PROTO_ESP;
	o.sa.mode = KX_MODE_TUNNEL;
	o.sa.reqid = reqid;
	o.sa.replay_window = 32;
	switch (f) {
	case GCM:
		strcpy(a->aead, "rfc4106(gcm(aes))");
		a->icv_bits = 128;
		a->enc_key = (struct ike_bytes){ keybytes, 36 };
		break;
	case CHACHA:
		strcpy(a->aead, "rfc7539esp(chacha20,poly1305)");
		a->icv_bits = 128;
		a->enc_key = (struct ike_bytes){ keybytes, 36 };
		break;
	case CBC256:
	case CBC384:
	case CBC512:
		strcpy(a->encr, "cbc(aes)");
		a->enc_key = (struct ike_bytes){ keybytes, 32 };
		snprintf(a->integ, sizeof(a->integ), "hmac(sha%d)",
		    f == CBC256 ? 256 : f == CBC384 ? 384 : 512);
		a->trunc_bits = f == CBC256 ? 128 : f == CBC384 ? 192 : 256;
		a->int_key = (struct ike_bytes){ keybytes,
		    f == CBC256 ? 32 : f == CBC384 ? 48 : 64 };
		break;
	}
	return o;
}

static struct kx_op
pol_op(const char *s, uint8_t sp, const char *d, uint8_t dp, enum kx_dir dir,
    const char *ts, const char *td, uint32_t reqid)
{
	struct kx_op o = { .type = KX_ADD_POLICY };

	o.pol.sel = sel(s, sp, d, dp);
	o.pol.dir = dir;
	o.pol.mode = KX_MODE_TUNNEL;
	o.pol.tmpl_src = addr(ts, 0);
	o.pol.tmpl_dst = addr(td, 0);
	o.pol.reqid = reqid;
	o.pol.proto = IKE_PROTO_ESP;
	return o;
}

static uint32_t
rq(uint32_t n)
{
	return KX_REQID_BASE + n;
}

/* Sends one UDP datagram from src to dst:port (to trigger policies). */
static void
send_udp(const char *src, const char *dst, uint16_t port, int count)
{
	struct ike_addr s = addr(src, 0), d = addr(dst, 0);
	int af = s.family == IKE_AF_INET ? AF_INET : AF_INET6, fd, i;
	struct sockaddr_storage ss, ds;
	socklen_t len;

	memset(&ss, 0, sizeof(ss));
	memset(&ds, 0, sizeof(ds));
	if (af == AF_INET) {
		struct sockaddr_in *a = (void *)&ss, *b = (void *)&ds;

		a->sin_family = b->sin_family = AF_INET;
		memcpy(&a->sin_addr, s.addr, 4);
		memcpy(&b->sin_addr, d.addr, 4);
		b->sin_port = htons(port);
		len = sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (void *)&ss, *b = (void *)&ds;

		a->sin6_family = b->sin6_family = AF_INET6;
		memcpy(&a->sin6_addr, s.addr, 16);
		memcpy(&b->sin6_addr, d.addr, 16);
		b->sin6_port = htons(port);
		len = sizeof(*a);
	}
	if ((fd = socket(af, SOCK_DGRAM, 0)) < 0)
		return;
	if (bind(fd, (void *)&ss, len) == 0)
		for (i = 0; i < count; i++)
			(void)sendto(fd, "saker", 5, MSG_DONTWAIT, (void *)&ds, len);
	close(fd);
}

static int
count_lines(const char *cmd_fmt, const char *needle)
{
	char out[16384];
	const char *p;
	int n = 0;

	sh_out(out, sizeof(out), "%s", cmd_fmt);
	for (p = out; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void
setup_ns(void)
{
	if (unshare(CLONE_NEWNET) < 0) {
		perror("unshare(CLONE_NEWNET)");
		exit(2);
	}
	if (sh("ip link set lo up && "
	    "ip link add v0 type veth peer name v1 && "
	    "ip link set v0 up && ip link set v1 up && "
	    "ip addr add 192.0.2.1/24 dev v0 && "
	    "ip addr add 2001:db8::1/64 dev v0 nodad && "
	    "ip addr add 10.0.0.1/24 dev lo && "
	    "ip addr add fd00:1::1/64 dev lo nodad && "
	    "ip route add 10.1.0.0/24 dev v0 && "
	    "ip -6 route add fd00:2::/64 dev v0 && "
	    "ip neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev v0 && "
	    "ip -6 neigh add 2001:db8::2 lladdr 02:00:00:00:00:02 dev v0") != 0) {
		fprintf(stderr, "namespace set-up failed\n");
		exit(2);
	}
}

static void
test_alloc_spi(void)
{
	struct kx_op a = { .type = KX_ALLOC_SPI }, b;
	char cmd[128];
	int ret;

	a.sa.src = addr("192.0.2.2", 0);
	a.sa.dst = addr("192.0.2.1", 0);
	a.sa.proto = IKE_PROTO_ESP;
	a.sa.reqid = rq(1);
	b = a;
	ret = op(&a);
	check(ret == IKE_OK && a.sa.spi >= 0x100, "ALLOCSPI v4: spi 0x%08x", a.sa.spi);
	ret = op(&b);
	check(ret == IKE_OK && b.sa.spi != a.sa.spi, "ALLOCSPI v4 again: another spi 0x%08x", b.sa.spi);
	snprintf(cmd, sizeof(cmd), "ip xfrm state list spi 0x%08x", a.sa.spi);
	check(count_lines(cmd, "reqid 1514864641") == 1, "larval state with saker's reqid is in the kernel");

	a = (struct kx_op){ .type = KX_ALLOC_SPI, .spi_min = 0xc0001000,
	    .spi_max = 0xc0001001 };
	a.sa.src = addr("2001:db8::2", 0);
	a.sa.dst = addr("2001:db8::1", 0);
	a.sa.proto = IKE_PROTO_ESP;
	a.sa.reqid = rq(2);
	b = a;
	ret = op(&a);
	check(ret == IKE_OK && a.sa.spi >= 0xc0001000 && a.sa.spi <= 0xc0001001,
	    "ALLOCSPI v6 in [0xc0001000, 0xc0001001]: 0x%08x", a.sa.spi);
	ret = op(&b);
	check(ret == IKE_OK && b.sa.spi != a.sa.spi && b.sa.spi >= 0xc0001000 &&
	    b.sa.spi <= 0xc0001001, "ALLOCSPI v6 second of two: 0x%08x", b.sa.spi);
	check(op(&b) < 0, "ALLOCSPI v6 with the range used up fails");
	a.spi_min = 5;
	a.spi_max = 4;
	check(op(&a) == IKE_EINVAL, "ALLOCSPI with min > max: IKE_EINVAL");
}

static void
test_policies(void)
{
	struct kx_op o, d;
	char out[16384];

	o = pol_op("10.5.0.0", 16, "10.6.0.0", 16, KX_DIR_OUT, "192.0.2.1",
	    "192.0.2.2", rq(10));
	check(op(&o) == IKE_OK, "NEWPOLICY out v4 tunnel");
	check(op(&o) == IKE_EEXIST, "NEWPOLICY out v4 again: IKE_EEXIST");
	o = pol_op("10.6.0.0", 16, "10.5.0.0", 16, KX_DIR_IN, "192.0.2.2",
	    "192.0.2.1", rq(10));
	check(op(&o) == IKE_OK, "NEWPOLICY in v4 tunnel");
	o.pol.dir = KX_DIR_FWD;
	check(op(&o) == IKE_OK, "NEWPOLICY fwd v4 tunnel");
	o = pol_op("fd00:5::", 64, "fd00:6::", 64, KX_DIR_OUT, "2001:db8::1",
	    "2001:db8::2", rq(11));
	o.pol.sel.proto = 6;
	o.pol.sel.dport = 443;
	o.pol.priority = KX_PRIO_BASE + 7;
	check(op(&o) == IKE_OK, "NEWPOLICY out v6 tunnel, tcp/443, priority");
	/* IPv4 traffic in an IPv6 tunnel */
	o = pol_op("10.7.0.0", 24, "10.8.0.0", 24, KX_DIR_OUT, "2001:db8::1",
	    "2001:db8::2", rq(12));
	check(op(&o) == IKE_OK, "NEWPOLICY out v4 over v6");
	o = pol_op("192.0.2.1", 32, "192.0.2.3", 32, KX_DIR_OUT, "192.0.2.1",
	    "192.0.2.3", rq(13));
	o.pol.mode = KX_MODE_TRANSPORT;
	memset(&o.pol.tmpl_src, 0, sizeof(o.pol.tmpl_src));
	memset(&o.pol.tmpl_dst, 0, sizeof(o.pol.tmpl_dst));
	check(op(&o) == IKE_OK, "NEWPOLICY out v4 transport");

	sh_out(out, sizeof(out), "ip xfrm policy list");
	check(strstr(out, "src 10.5.0.0/16 dst 10.6.0.0/16 \n\tdir out priority 8192") != NULL &&
	    strstr(out, "tmpl src 192.0.2.1 dst 192.0.2.2\n\t\tproto esp reqid 1514864650 mode tunnel") != NULL,
	    "kernel shows the out policy with its template");
	check(strstr(out, "dir fwd priority 8192") != NULL &&
	    strstr(out, "dir in priority 8192") != NULL, "kernel shows in and fwd policies");
	check(strstr(out, "src fd00:5::/64 dst fd00:6::/64 proto tcp dport 443") != NULL &&
	    strstr(out, "priority 8199") != NULL, "kernel shows the v6 policy with ports and priority");
	check(strstr(out, "tmpl src 2001:db8::1 dst 2001:db8::2\n\t\tproto esp reqid 1514864652 mode tunnel") != NULL,
	    "kernel shows the v4-over-v6 template");
	check(strstr(out, "proto esp reqid 1514864653 mode transport") != NULL,
	    "kernel shows the transport template");

	d = (struct kx_op){ .type = KX_DEL_POLICY };
	d.pol.sel = sel("10.6.0.0", 16, "10.5.0.0", 16);
	d.pol.dir = KX_DIR_FWD;
	check(op(&d) == IKE_OK, "DELPOLICY fwd");
	check(op(&d) == IKE_ENOENT, "DELPOLICY fwd again: IKE_ENOENT");
	d.pol.dir = KX_DIR_IN;
	check(op(&d) == IKE_OK, "DELPOLICY in (same selector, other direction)");
	check(count_lines("ip xfrm policy list", "10.6.0.0/16 dst 10.5.0.0/16") == 0,
	    "both are gone from the kernel");
}

static void
test_acquire(void)
{
	struct kx_op o;
	struct kx_event ev;
	int got;

	o = pol_op("10.0.0.0", 24, "10.1.0.0", 24, KX_DIR_OUT, "192.0.2.1",
	    "192.0.2.2", rq(20));
	check(op(&o) == IKE_OK, "NEWPOLICY out for an acquire");
	n_ev = 0;
	send_udp("10.0.0.1", "10.1.0.5", 9, 1);
	got = wait_event(kx, KX_EV_ACQUIRE, 5000, &ev);
	check(got, "ACQUIRE arrives for a v4 packet");
	if (got) {
		struct kx_sel want = sel("10.0.0.1", 32, "10.1.0.5", 32);

		check(ev.reqid == rq(20) && ev.proto == IKE_PROTO_ESP,
		    "ACQUIRE names the reqid and ESP (reqid 0x%08x)", ev.reqid);
		check(memcmp(ev.dst.addr, addr("192.0.2.2", 0).addr, 4) == 0 &&
		    memcmp(ev.src.addr, addr("192.0.2.1", 0).addr, 4) == 0 &&
		    ev.dst.family == IKE_AF_INET, "ACQUIRE has the tunnel endpoints");
		check(ev.sel.family == IKE_AF_INET && memcmp(ev.sel.dst, want.dst, 4) == 0 &&
		    memcmp(ev.sel.src, want.src, 4) == 0 && ev.sel.dst_plen == 32 &&
		    ev.sel.proto == IPPROTO_UDP && ev.sel.dport == 9,
		    "ACQUIRE has the packet's selector (udp dport %u)", ev.sel.dport);
	}
	o = pol_op("fd00:1::", 64, "fd00:2::", 64, KX_DIR_OUT, "2001:db8::1",
	    "2001:db8::2", rq(21));
	check(op(&o) == IKE_OK, "NEWPOLICY out v6 for an acquire");
	send_udp("fd00:1::1", "fd00:2::5", 53, 1);
	got = wait_event(kx, KX_EV_ACQUIRE, 5000, &ev);
	check(got && ev.reqid == rq(21) && ev.dst.family == IKE_AF_INET6 &&
	    memcmp(ev.dst.addr, addr("2001:db8::2", 0).addr, 16) == 0 &&
	    ev.sel.family == IKE_AF_INET6 && ev.sel.dport == 53,
	    "ACQUIRE arrives for a v6 packet with v6 endpoints and selector");
}

static int
foreign_present(int esp)
{
	int ok = count_lines("ip xfrm policy list", "reqid 7 mode tunnel") == 1 &&
	    count_lines("ip xfrm policy list", "src 10.99.1.0/24 dst 10.99.2.0/24") == 1 &&
	    count_lines("ip xfrm policy list", "src 10.99.3.0/24 dst 10.99.4.0/24") == 1 &&
	    count_lines("ip xfrm state list", "reqid 7 ") >= 1;

	if (esp)
		ok = ok && count_lines("ip xfrm state list", "spi 0x00007777") == 1;
	return ok;
}

static void
test_flush(int esp)
{
	struct kx_op f = { .type = KX_FLUSH_OWNED };

	/* Someone else's state: a policy and a larval state with reqid 7, a
	 * template-less policy at another priority, and with ESP a real SA
	 * with a reqid next to saker's range. */
	sh("ip xfrm policy add src 10.99.0.0/24 dst 10.99.9.0/24 dir out "
	    "priority 8192 tmpl src 192.0.2.1 dst 192.0.2.9 proto esp reqid 7 mode tunnel");
	sh("ip xfrm policy add src 10.99.1.0/24 dst 10.99.2.0/24 dir in priority 100");
	/* ... and one inside the priority band saker uses, without a
	 * template: saker's policies always have one. */
	sh("ip xfrm policy add src 10.99.3.0/24 dst 10.99.4.0/24 dir in priority %u",
	    KX_PRIO_BASE + 0x100);
	sh("ip xfrm state allocspi src 192.0.2.9 dst 192.0.2.1 proto esp reqid 7 >/dev/null");
	if (esp)
		sh("ip xfrm state add src 192.0.2.1 dst 192.0.2.9 proto esp spi 0x7777 "
		    "reqid %u mode tunnel aead 'rfc4106(gcm(aes))' "
		    "0x0102030405060708090a0b0c0d0e0f1011121314 128",
		    KX_REQID_BASE + KX_REQID_SPAN);
	check(foreign_present(esp), "foreign policies and states are in place");
	check(count_lines("ip xfrm policy list", "reqid 15148646") > 0 &&
	    count_lines("ip xfrm state list", "reqid 15148646") > 0,
	    "saker's policies and states are in place");
	check(op(&f) == IKE_OK, "FLUSH_OWNED");
	check(count_lines("ip xfrm policy list", "reqid 15148646") == 0,
	    "no saker policy is left");
	/* Acquire states (SPI 0) cannot be named by DELSA; they carry no
	 * keys and the kernel drops them after xfrm_acq_expires. */
	check(count_lines("ip xfrm state list", "reqid 15148646") ==
	    count_lines("ip xfrm state list", "spi 0x00000000 reqid 15148646"),
	    "no saker state with an SPI is left");
	check(foreign_present(esp), "foreign policies and states survived");
	check(op(&f) == IKE_OK, "FLUSH_OWNED with nothing to flush");
	sh("ip xfrm policy flush; ip xfrm state flush");
}

/*
 * The routing rule to table 220 that a virtual IP's routes need may
 * belong to another daemon already: saker adds its own beside it (marked
 * with its route protocol) and never removes the other one, neither when
 * its last route goes nor when it flushes what a crashed instance left.
 */
static void
test_foreign_rule(void)
{
	struct kx_op o = { .type = KX_ADD_ROUTE }, f = { .type = KX_FLUSH_OWNED };
	struct kx_op v;

	sh("ip link add kr0 type dummy && ip link set kr0 up && "
	    "ip addr add 192.0.2.1/24 dev kr0");
	sh("ip rule add priority 220 table 220 protocol static");
	check(count_lines("ip rule list", "220:") == 1,
	    "another daemon's rule to table 220 is in place");
	o.vip.addr = addr("10.3.0.10", 0);
	o.vip.plen = 32;
	o.vip.local = addr("192.0.2.1", 0);
	o.vip.peer = addr("192.0.2.9", 0);
	inet_pton(AF_INET, "10.1.0.0", o.vip.dst);
	o.vip.dst_plen = 16;
	v = o;
	v.type = KX_ADD_VIP;
	check(op(&v) == IKE_OK, "a virtual IP on the interface");
	check(op(&o) == IKE_OK, "a route from a virtual IP into table 220");
	o.type = KX_DEL_ROUTE;
	check(op(&o) == IKE_OK, "the route removed again");
	check(count_lines("ip rule list", "220:") == 1 &&
	    count_lines("ip rule list", "proto static") == 1,
	    "the other daemon's rule survived the last route");
	o.type = KX_ADD_ROUTE;
	check(op(&o) == IKE_OK, "the route again, as a crashed instance left it");
	check(op(&f) == IKE_OK, "FLUSH_OWNED");
	check(count_lines("ip route list table 220", "10.1.0.0/16") == 0,
	    "saker's route is flushed");
	check(count_lines("ip rule list", "220:") == 1 &&
	    count_lines("ip rule list", "proto static") == 1,
	    "the other daemon's rule survived the flush");
	v.type = KX_DEL_VIP;
	check(op(&v) == IKE_OK, "the virtual IP removed");
	sh("ip rule del priority 220 table 220 protocol static; "
	    "ip link del kr0");
}

/* Returns 1 if the kernel takes an ESP SA. */
static int
probe_esp(void)
{
	struct kx_op o = sa_op(GCM, "192.0.2.1", "192.0.2.99", 0x99999999, rq(99));
	int ret = kx_kernel.op(kx, &o);

	if (ret != IKE_OK) {
		printf("note: no ESP in this kernel (%s): SA checks are skipped\n",
		    kx_last_error(kx));
		return 0;
	}
	o.type = KX_DEL_SA;
	kx_kernel.op(kx, &o);
	return 1;
}

static void
sa_family_check(enum fam f, const char *name, const char *src,
    const char *dst, uint32_t spi, const char *expect)
{
	struct kx_op o = sa_op(f, src, dst, spi, rq(30)), q;
	char cmd[160], out[4096];

	check(op(&o) == IKE_OK, "NEWSA %s", name);
	check(op(&o) == IKE_EEXIST, "NEWSA %s again: IKE_EEXIST", name);
	snprintf(cmd, sizeof(cmd), "ip xfrm state get src %s dst %s proto esp spi 0x%08x",
	    src, dst, spi);
	sh_out(out, sizeof(out), "%s", cmd);
	check(strstr(out, expect) != NULL, "kernel shows %s: %s", name, expect);
	q = o;
	q.type = KX_QUERY_SA;
	check(op(&q) == IKE_OK && q.stats.packets == 0 && q.stats.add_time > 0,
	    "GETSA %s: no packets yet, add_time set", name);
	q.type = KX_DEL_SA;
	check(op(&q) == IKE_OK, "DELSA %s", name);
	check(op(&q) == IKE_ENOENT, "DELSA %s again: IKE_ENOENT", name);
	q.type = KX_QUERY_SA;
	check(op(&q) == IKE_ENOENT, "GETSA %s deleted: IKE_ENOENT", name);
}

static void
test_sas(void)
{
	struct kx_op o, q, a;
	char out[4096];

	sa_family_check(GCM, "AES-GCM-16 v4", "192.0.2.1", "192.0.2.2", 0xc1000001,
	    "aead rfc4106(gcm(aes)) 0x0123456789abcdef1032547698badcfe"
	    "112233445566778899aabbccddeeff000f1e2d3c 128");
	sa_family_check(CHACHA, "ChaCha20-Poly1305 v4", "192.0.2.1", "192.0.2.2",
	    0xc1000002, "aead rfc7539esp(chacha20,poly1305)");
	sa_family_check(CBC256, "AES-CBC+HMAC-SHA-256 v4", "192.0.2.1", "192.0.2.2",
	    0xc1000003, "auth-trunc hmac(sha256) 0x0123456789abcdef1032547698badcfe"
	    "112233445566778899aabbccddeeff00 128");
	sa_family_check(CBC384, "AES-CBC+HMAC-SHA-384 v6", "2001:db8::1", "2001:db8::2",
	    0xc1000004, "hmac(sha384)");
	sa_family_check(CBC512, "AES-CBC+HMAC-SHA-512 v6", "2001:db8::1", "2001:db8::2",
	    0xc1000005, "hmac(sha512)");
	sa_family_check(GCM, "AES-GCM-16 v6", "2001:db8::1", "2001:db8::2", 0xc1000006,
	    "rfc4106(gcm(aes))");

	/* ESN with a wide window */
	o = sa_op(GCM, "192.0.2.1", "192.0.2.2", 0xc1000010, rq(31));
	o.sa.esn = 1;
	o.sa.replay_window = 128;
	check(op(&o) == IKE_OK, "NEWSA with ESN and a 128-packet window");
	sh_out(out, sizeof(out), "ip xfrm state get src 192.0.2.1 dst 192.0.2.2 proto esp spi 0xc1000010");
	check(strstr(out, "flag af-unspec esn\n") != NULL &&
	    strstr(out, "replay_window 128, bitmap-length 4") != NULL,
	    "kernel shows esn and the window");

	/* A wide window without ESN, and lifetimes */
	o = sa_op(CBC256, "192.0.2.1", "192.0.2.2", 0xc1000011, rq(31));
	o.sa.replay_window = 1024;
	o.sa.soft_bytes = 1000000;
	o.sa.hard_bytes = 2000000;
	o.sa.soft_secs = 3000;
	o.sa.hard_secs = 3600;
	check(op(&o) == IKE_OK, "NEWSA with a 1024-packet window and lifetimes");
	sh_out(out, sizeof(out), "ip -s xfrm state get src 192.0.2.1 dst 192.0.2.2 proto esp spi 0xc1000011");
	check(strstr(out, "flag af-unspec") != NULL &&
	    strstr(out, "af-unspec esn") == NULL &&
	    strstr(out, "replay_window 1024, bitmap-length 32") != NULL,
	    "kernel shows the window without esn");
	check(strstr(out, "soft 1000000(bytes), hard 2000000(bytes)") != NULL &&
	    strstr(out, "expire add: soft 3000(sec), hard 3600(sec)") != NULL,
	    "kernel shows the lifetimes");

	/* UDP encapsulation, then an in-place update of its ports */
	o = sa_op(GCM, "192.0.2.1", "192.0.2.2", 0xc1000012, rq(32));
	o.sa.encap = 1;
	o.sa.src.port = 4500;
	o.sa.dst.port = 4500;
	check(op(&o) == IKE_OK, "NEWSA with UDP encapsulation");
	sh_out(out, sizeof(out), "ip xfrm state get src 192.0.2.1 dst 192.0.2.2 proto esp spi 0xc1000012");
	check(strstr(out, "encap type espinudp sport 4500 dport 4500") != NULL,
	    "kernel shows espinudp 4500 -> 4500");
	q = o;
	q.type = KX_UPDATE_SA;
	q.sa.dst.port = 31337;
	q.sa.hard_secs = 600;
	check(op(&q) == IKE_OK, "UPDSA: new peer port and a lifetime");
	sh_out(out, sizeof(out), "ip xfrm state get src 192.0.2.1 dst 192.0.2.2 proto esp spi 0xc1000012");
	check(strstr(out, "encap type espinudp sport 4500 dport 31337") != NULL,
	    "kernel shows the new port");
	q.sa.encap = 0;
	check(op(&q) < 0, "UPDSA dropping encapsulation in place is refused");

	/* Moving to a new peer address */
	q = o;
	q.type = KX_UPDATE_SA;
	q.old_src = o.sa.src;
	q.old_dst = o.sa.dst;
	q.sa.dst = addr("192.0.2.3", 4500);
	check(op(&q) == IKE_OK, "UPDATE_SA to a new destination");
	check(count_lines("ip xfrm state list", "spi 0xc1000012") == 1 &&
	    count_lines("ip xfrm state list", "dst 192.0.2.3\n\tproto esp spi 0xc1000012") == 1,
	    "the SA now lives at 192.0.2.3 only");
	q = o;
	q.type = KX_UPDATE_SA;
	q.sa.spi = 0xc10000ff;
	check(op(&q) == IKE_ENOENT, "UPDSA of a missing SA: IKE_ENOENT");

	/* Transport mode with a selector */
	o = sa_op(GCM, "192.0.2.1", "192.0.2.3", 0xc1000013, rq(33));
	o.sa.mode = KX_MODE_TRANSPORT;
	o.sa.sel = sel("192.0.2.1", 32, "192.0.2.3", 32);
	o.sa.sel.proto = 17;
	check(op(&o) == IKE_OK, "NEWSA transport mode with a selector");
	sh_out(out, sizeof(out), "ip xfrm state get src 192.0.2.1 dst 192.0.2.3 proto esp spi 0xc1000013");
	check(strstr(out, "mode transport") != NULL &&
	    strstr(out, "sel src 192.0.2.1/32 dst 192.0.2.3/32 proto udp") != NULL,
	    "kernel shows transport mode and the selector");

	/* An SPI from ALLOCSPI becomes the SA */
	a = (struct kx_op){ .type = KX_ALLOC_SPI };
	a.sa.src = addr("192.0.2.2", 0);
	a.sa.dst = addr("192.0.2.1", 0);
	a.sa.proto = IKE_PROTO_ESP;
	a.sa.reqid = rq(34);
	/* No mode, as the engine asks: the tunnel SA fills it anyway. */
	check(op(&a) == IKE_OK, "ALLOCSPI for an inbound SA");
	o = sa_op(GCM, "192.0.2.2", "192.0.2.1", a.sa.spi, rq(34));
	check(op(&o) == IKE_OK, "NEWSA on the allocated SPI fills the larval state");
	q = o;
	q.type = KX_QUERY_SA;
	check(op(&q) == IKE_OK, "GETSA finds it complete");
	check(op(&o) == IKE_EEXIST, "NEWSA on it again: IKE_EEXIST");
	check(count_lines("ip xfrm state list", "reqid 1514864674") == 1,
	    "one state for the SPI, not two");

	/* An algorithm the table does not know, a bad key size */
	o = sa_op(GCM, "192.0.2.1", "192.0.2.2", 0xc1000020, rq(35));
	strcpy(o.sa.alg.aead, "rfc4106(gcm(nope))");
	check(op(&o) == IKE_EUNSUPPORTED, "unknown algorithm: IKE_EUNSUPPORTED");
	o = sa_op(GCM, "192.0.2.1", "192.0.2.2", 0xc1000020, rq(35));
	o.sa.alg.enc_key.len = 17;
	check(op(&o) == IKE_EINVAL, "odd key size: IKE_EINVAL");
	sh("ip xfrm state flush; ip xfrm policy flush");
}

/* Sends count packets from src to dst through a fresh policy and SA, and
 * reads the SA's counters back. */
static void
traffic(enum fam f, const char *net_s, const char *net_d, uint8_t plen,
    const char *src, const char *dst, const char *tsrc, const char *tdst,
    uint32_t spi, int count)
{
	struct kx_op p, o, q;
	int ret;

	p = pol_op(net_s, plen, net_d, plen, KX_DIR_OUT, tsrc, tdst, rq(40));
	o = sa_op(f, tsrc, tdst, spi, rq(40));
	check(op(&p) == IKE_OK && op(&o) == IKE_OK, "policy and SA to %s", dst);
	send_udp(src, dst, 9, count);
	usleep(200000);
	q = o;
	q.type = KX_QUERY_SA;
	ret = op(&q);
	check(ret == IKE_OK && q.stats.packets == (uint64_t)count &&
	    q.stats.bytes > 0 && q.stats.use_time > 0,
	    "GETSA counts %llu packets (want %d), %llu bytes",
	    (unsigned long long)q.stats.packets, count,
	    (unsigned long long)q.stats.bytes);
	sh("ip xfrm state flush; ip xfrm policy flush");
}

static void
test_traffic(void)
{
	traffic(GCM, "10.0.0.0", "10.1.0.0", 24, "10.0.0.1", "10.1.0.5",
	    "192.0.2.1", "192.0.2.2", 0xc2000001, 5);
	traffic(CHACHA, "fd00:1::", "fd00:2::", 64, "fd00:1::1", "fd00:2::5",
	    "2001:db8::1", "2001:db8::2", 0xc2000002, 3);
}

static void
test_expire(void)
{
	struct kx_op o = sa_op(GCM, "192.0.2.1", "192.0.2.2", 0xc3000001, rq(50));
	struct kx_event ev;
	int got;

	o.sa.soft_secs = 1;
	o.sa.hard_secs = 2;
	n_ev = 0;
	check(op(&o) == IKE_OK, "NEWSA with 1 s soft and 2 s hard lifetimes");
	got = wait_event(kx, KX_EV_EXPIRE_SOFT, 15000, &ev);
	check(got && ev.spi == 0xc3000001 && ev.reqid == rq(50) &&
	    ev.proto == IKE_PROTO_ESP && ev.dst.family == IKE_AF_INET &&
	    memcmp(ev.dst.addr, o.sa.dst.addr, 4) == 0 &&
	    memcmp(ev.src.addr, o.sa.src.addr, 4) == 0,
	    "soft EXPIRE names the SA");
	got = wait_event(kx, KX_EV_EXPIRE_HARD, 15000, &ev);
	check(got && ev.spi == 0xc3000001, "hard EXPIRE follows");
	o.type = KX_QUERY_SA;
	check(op(&o) == IKE_ENOENT, "the kernel removed the SA at its hard limit");
}

/*
 * A MAPPING event: namespace B holds an encapsulated inbound SA that
 * expects the peer on port 4501, A sends through the same SA from 4500;
 * B's kernel decrypts and reports the new port.
 */
static void
test_mapping(void)
{
	int fa = open("/proc/self/ns/net", O_RDONLY), fb = -1, us = -1;
	struct kx *kxb = NULL;
	struct kx_op o, p;
	struct kx_event ev;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(4500) };
	int one = UDP_ENCAP_ESPINUDP, got;

	if (fa < 0 || unshare(CLONE_NEWNET) < 0 ||
	    (fb = open("/proc/self/ns/net", O_RDONLY)) < 0) {
		check(0, "second namespace for MAPPING");
		goto out;
	}
	/* In B: its side of a veth pair, kx, and an encapsulation socket. */
	if (sh("ip link set lo up") != 0 || kx_new(&kxb) != IKE_OK) {
		check(0, "kx in the second namespace");
		goto back;
	}
	us = socket(AF_INET, SOCK_DGRAM, 0);
	if (us < 0 || bind(us, (void *)&sin, sizeof(sin)) < 0 ||
	    setsockopt(us, IPPROTO_UDP, UDP_ENCAP, &one, sizeof(one)) < 0) {
		check(0, "UDP encapsulation socket in B");
		goto back;
	}
back:
	setns(fa, CLONE_NEWNET);
	if (kxb == NULL || us < 0)
		goto out;
	check(sh("ip link add m0 type veth peer name m1 netns /proc/%d/fd/%d && "
	    "ip link set m0 up && ip addr add 198.51.100.1/24 dev m0",
	    (int)getpid(), fb) == 0, "veth pair between the namespaces");
	setns(fb, CLONE_NEWNET);
	sh("ip link set m1 up && ip addr add 198.51.100.2/24 dev m1");
	/* B's SA: expects the peer at port 4501 */
	o = sa_op(GCM, "198.51.100.1", "198.51.100.2", 0xc4000001, rq(60));
	o.sa.encap = 1;
	o.sa.src.port = 4501;
	o.sa.dst.port = 4500;
	check(kx_kernel.op(kxb, &o) == IKE_OK, "B: inbound SA expecting port 4501");
	setns(fa, CLONE_NEWNET);
	/* A's SA: the same, but really from 4500 */
	o.sa.src.port = 4500;
	p = pol_op("10.0.0.0", 24, "10.2.0.0", 24, KX_DIR_OUT, "198.51.100.1",
	    "198.51.100.2", rq(60));
	sh("ip route add 10.2.0.0/24 dev m0");
	check(op(&o) == IKE_OK && op(&p) == IKE_OK, "A: outbound SA from port 4500 and policy");
	usleep(300000);		/* veth carrier, neighbours */
	send_udp("10.0.0.1", "10.2.0.7", 9, 1);
	n_ev = 0;
	got = wait_event(kxb, KX_EV_MAPPING, 10000, &ev);
	check(got, "MAPPING arrives in B");
	if (got)
		check(ev.spi == 0xc4000001 && ev.reqid == rq(60) &&
		    ev.src.port == 4501 && ev.new_src.port == 4500 &&
		    memcmp(ev.new_src.addr, o.sa.src.addr, 4) == 0 &&
		    memcmp(ev.dst.addr, o.sa.dst.addr, 4) == 0,
		    "MAPPING says port 4501 -> %u for the SA", ev.new_src.port);
	sh("ip xfrm state flush; ip xfrm policy flush");
out:
	if (us >= 0)
		close(us);
	kx_free(kxb);
	if (fb >= 0)
		close(fb);
	if (fa >= 0)
		close(fa);
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	int esp, ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && strcmp(argv[1], "--here") != 0) {
		fprintf(stderr, "usage: kx_selftest [--here]\n"
		    "  runs in a fresh network namespace unless --here\n");
		return 2;
	}
	if (argc == 1)
		setup_ns();
	if ((ret = kx_new(&kx)) != IKE_OK) {
		fprintf(stderr, "kx_new: %s\n", strerror(-ret));
		return 2;
	}
	esp = probe_esp();
	test_alloc_spi();
	test_policies();
	test_acquire();
	test_flush(esp);
	test_foreign_rule();
	if (esp) {
		test_sas();
		test_traffic();
		test_expire();
		test_mapping();
	} else {
		skip("SAs of each algorithm family, ESN, encapsulation, update, move");
		skip("counters after traffic");
		skip("soft and hard EXPIRE");
		skip("MAPPING");
	}
	kx_free(kx);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%d passed, %d failed, %d skipped in %.1f s\n", passed, failed,
	    skipped, (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return failed ? 1 : 0;
}
