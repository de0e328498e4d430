/* SPDX-License-Identifier: ISC */
/*
 * bench_sas.c - what one responder engine pays per IKE SA as it holds
 * more of them.  A responder engine over kernel-mem serves a road-warrior
 * connection; initiators (a fresh libike engine with its own kernel-mem
 * for each SA, each from its own source address in 198.18.0.0/15) bring
 * up one IKE SA with one Child SA each, PSK and X25519 with AES-GCM,
 * one after the other in one process.  The responder is driven as sakerd
 * drives it: each datagram goes to ike_engine_input(), ike_engine_tick()
 * runs when ike_engine_next_timer() says so, and next_timer is asked
 * after every call.  Its connection rekeys after 4 h and checks liveness
 * after 5 min, so every established SA keeps a timer; the virtual clock
 * moves 1 ms every 10 SAs, so none of them fires during the run.
 *
 * For each block of 1,000 SAs it prints CPU time (getrusage, user +
 * system) per SA: spent inside the responder's engine calls, the part
 * of that spent in the responder's kernel-mem (timed by a shim around
 * its one function), the rest (libike itself), and the whole process
 * (initiators included); then the heap the process holds per SA more
 * than before the block (mallinfo2: in-use arena and mmapped chunks),
 * which is the responder's engine and kernel-mem, as initiators are
 * freed once their SA is up.
 *
 * Usage: bench_sas [N]   (N IKE SAs, default 10000).  Each road warrior
 * gets a reqid of its own from saker's range (KX_REQID_SPAN), which caps
 * N at 65,535.
 * Not a test: `make bench` builds it and runs it; nothing checks the
 * numbers, but it stops with an error if an SA fails to come up.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>

#include "cfg.h"
#include "iana.h"
#include "ike.h"
#include "km.h"
#include "plugin.h"
#include "rng_test.h"

#define BENCH_BLOCK	1000
#define BENCH_ROUNDS	16		/* datagram rounds per handshake */
#define BENCH_PSK	"bench secret, shared by all"
#define BENCH_GW	"192.0.2.1"
#define BENCH_NETS	"10.0.0.0/8"

/* CPU time of the process so far, in microseconds. */
static uint64_t
cpu_us(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 +
	    (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

/* Heap in use: the arena and the chunks malloc mapped on their own. */
static uint64_t
heap_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();

	return (uint64_t)mi.uordblks + (uint64_t)mi.hblkhd;
}

static void
die(const char *what, int err)
{
	fprintf(stderr, "bench_sas: %s: %s\n", what, ike_strerror(err));
	exit(1);
}

/* The responder's kernel: kernel-mem behind a shim that keeps its time. */
struct bench_kernel {
	struct km	*km;
	uint64_t	 us;
};

static int
bench_kernel_op(void *ctx, struct kx_op *op)
{
	struct bench_kernel *k = ctx;
	uint64_t t0 = cpu_us();
	int err = km_kernel.op(k->km, op);

	k->us += cpu_us() - t0;
	return err;
}

static const struct ike_kernel bench_kernel = {
	.name = "kernel-mem (timed)",
	.op = bench_kernel_op,
};

/* One side of the conversation. */
struct peer {
	struct ike_engine	*eng;
	struct km		*km;
	struct ike_out		 out;
	uint64_t		 rng;
};

static void
parse_prop(const char *text, uint8_t proto, struct ike_proposal *p)
{
	char why[128];

	if (ike_proposal_parse(text, proto, p, why, sizeof(why)) != IKE_OK) {
		fprintf(stderr, "bench_sas: %s: %s\n", text, why);
		exit(1);
	}
}

static void
parse_ts(const char *text, struct ike_ts *ts)
{
	char why[128];

	if (ike_ts_parse(text, ts, why, sizeof(why)) != IKE_OK) {
		fprintf(stderr, "bench_sas: %s: %s\n", text, why);
		exit(1);
	}
}

static void
parse_id(const char *text, struct ike_id *id)
{
	int err;

	memset(id, 0, sizeof(*id));
	if ((err = ike_id_parse(text, id)) != IKE_OK)
		die(text, err);
}

/*
 * One connection with one child and a PSK for everyone.  The gateway's
 * (raddr and rid NULL) takes any peer address and ID; an initiator's
 * names its own address and ID and the gateway's.
 */
static struct ike_config *
bench_config(const char *name, const char *laddr, const char *raddr,
    const char *lid, const char *rid, const char *lts, const char *rts)
{
	struct ike_config *cfg = calloc(1, sizeof(*cfg));
	struct ike_conn_cfg *c = calloc(1, sizeof(*c));
	struct ike_child_cfg *ch = calloc(1, sizeof(*ch));
	struct ike_secret *s = calloc(1, sizeof(*s));
	int err;

	if (cfg == NULL || c == NULL || ch == NULL || s == NULL)
		die("config", IKE_ENOMEM);
	cfg->port = 500;
	cfg->natt_port = 4500;
	cfg->conns = c;
	cfg->secrets = s;
	snprintf(c->name, sizeof(c->name), "%s", name);
	if ((err = ike_addr_parse(laddr, &c->local.addrs[c->local.n_addrs++])) < 0)
		die(laddr, err);
	if (raddr != NULL &&
	    (err = ike_addr_parse(raddr, &c->remote.addrs[c->remote.n_addrs++])) < 0)
		die(raddr, err);
	parse_id(lid, &c->local.id);
	if (rid != NULL)
		parse_id(rid, &c->remote.id);
	c->local.auth = c->remote.auth = IKE_AUTH_PSK;
	parse_prop("aes256gcm16-prfsha256-x25519", IKE_PROTO_IKE, &c->ike[c->n_ike++]);
	c->rekey_time = 4 * 3600;
	c->dpd_delay_ms = 300000;
	c->children = ch;
	snprintf(ch->name, sizeof(ch->name), "net");
	parse_prop("aes256gcm16", IKE_PROTO_ESP, &ch->esp[ch->n_esp++]);
	parse_ts(lts, &ch->local_ts[ch->n_local_ts++]);
	parse_ts(rts, &ch->remote_ts[ch->n_remote_ts++]);
	ch->mode = KX_MODE_TUNNEL;
	ch->start = IKE_START_NONE;
	ch->rekey_time = 3600;
	ch->life_time = 4000;
	if ((err = ike_buf_set(&s->psk, BENCH_PSK, strlen(BENCH_PSK))) < 0)
		die("psk", err);
	return cfg;
}

static void
peer_init(struct peer *p, uint64_t seed, const struct ike_kernel *kernel,
    void *kernel_ctx, struct ike_config *cfg)
{
	struct ike_env env;
	int err;

	memset(p, 0, sizeof(*p));
	p->rng = seed;
	if ((err = km_new(t_rng, &p->rng, &p->km)) < 0)
		die("km_new", err);
	memset(&env, 0, sizeof(env));
	env.rng = t_rng;
	env.rng_ctx = &p->rng;
	env.kernel = kernel != NULL ? kernel : &km_kernel;
	env.kernel_ctx = kernel != NULL ? kernel_ctx : p->km;
	if ((err = ike_engine_new(&env, &p->eng)) < 0)
		die("ike_engine_new", err);
	if ((err = ike_engine_set_config(p->eng, 0, cfg, &p->out)) < 0)
		die("ike_engine_set_config", err);
}

static void
peer_free(struct peer *p)
{
	ike_engine_free(p->eng);
	km_free(p->km);
	ike_out_free(&p->out);
}

/* The responder's side of the loop, timed: tick when due, the datagram,
 * then the next timer, as sakerd's loop does. */
static uint64_t resp_us;

static void
resp_input(struct peer *r, uint64_t now, const struct ike_datagram *d)
{
	uint64_t t0 = cpu_us();
	int err;

	if (ike_engine_next_timer(r->eng) <= now &&
	    (err = ike_engine_tick(r->eng, now, &r->out)) < 0)
		die("ike_engine_tick", err);
	/* The datagram goes from the initiator's local to its remote. */
	if ((err = ike_engine_input(r->eng, now, &d->remote, &d->local,
	    d->data, d->len, &r->out)) < 0)
		die("ike_engine_input", err);
	(void)ike_engine_next_timer(r->eng);
	resp_us += cpu_us() - t0;
}

/* Hands what from has queued to the initiator's engine. */
static void
init_input(struct peer *from, struct peer *to, uint64_t now)
{
	size_t i;
	int err;

	for (i = 0; i < from->out.n_dg; i++) {
		const struct ike_datagram *d = &from->out.dg[i];

		if ((err = ike_engine_input(to->eng, now, &d->remote, &d->local,
		    d->data, d->len, &to->out)) < 0)
			die("initiator input", err);
	}
	ike_out_reset(&from->out);
}

/* Initiator number i (from 0) brings up its IKE SA and Child SA. */
static void
bench_one(struct peer *r, size_t i, uint64_t now)
{
	char addr[32], id[64];
	uint32_t host = 0xc6120000u + (uint32_t)i + 1;	/* 198.18.0.0/15 */
	struct ike_stats st;
	struct peer p;
	size_t n, round;
	int err;

	snprintf(addr, sizeof(addr), "%u.%u.%u.%u", host >> 24,
	    (host >> 16) & 0xff, (host >> 8) & 0xff, host & 0xff);
	snprintf(id, sizeof(id), "c%zu.bench.example", i);
	peer_init(&p, 1000 + i, NULL, NULL, bench_config("gw", addr, BENCH_GW,
	    id, "gw.bench.example", "dynamic", BENCH_NETS));
	if ((err = ike_engine_initiate(p.eng, now, "gw", &p.out)) < 0)
		die("ike_engine_initiate", err);
	for (round = 0; p.out.n_dg > 0 || r->out.n_dg > 0; round++) {
		if (round == BENCH_ROUNDS) {
			fprintf(stderr, "bench_sas: SA %zu: no end to the "
			    "conversation\n", i);
			exit(1);
		}
		for (n = 0; n < p.out.n_dg; n++)
			resp_input(r, now, &p.out.dg[n]);
		ike_out_reset(&p.out);
		init_input(r, &p, now);
	}
	ike_engine_stats(p.eng, &st);
	if (st.ike_sas != 1 || st.child_sas != 1) {
		fprintf(stderr, "bench_sas: SA %zu: %llu IKE SAs and %llu Child "
		    "SAs on the initiator\n", i, (unsigned long long)st.ike_sas,
		    (unsigned long long)st.child_sas);
		exit(1);
	}
	peer_free(&p);
}

int
main(int argc, char **argv)
{
	struct bench_kernel bk = { NULL, 0 };
	uint64_t proc0, resp0, km0, heap0, proc, resp, kmus, heap;
	struct ike_stats st;
	struct peer r;
	size_t n = 10000, i, blocks;

	if (argc > 1)
		n = strtoul(argv[1], NULL, 10);
	/* One reqid per peer, from saker's range (not its first). */
	if (n == 0 || n > KX_REQID_SPAN - 1) {
		fprintf(stderr, "usage: bench_sas [N]  (1 to %u IKE SAs, one "
		    "reqid each)\n", KX_REQID_SPAN - 1);
		return 2;
	}
	peer_init(&r, 1, &bench_kernel, &bk, bench_config("rw", BENCH_GW,
	    NULL, "gw.bench.example", NULL, BENCH_NETS, "dynamic"));
	bk.km = r.km;
	printf("# bench_sas: %zu IKE SAs with one Child SA each (PSK, X25519, "
	    "AES-GCM-256), one responder engine over kernel-mem\n", n);
	printf("# CPU us per SA (getrusage) in each block of %d SAs: inside the "
	    "responder's engine calls (input, tick, next_timer),\n# the part of "
	    "that in its kernel-mem, the rest (libike), the whole process; "
	    "heap bytes held per SA more\n", BENCH_BLOCK);
	printf("%8s %10s %10s %10s %10s %10s\n", "SAs", "engine", "kernel-mem",
	    "libike", "process", "heap B/SA");
	fflush(stdout);
	blocks = (n + BENCH_BLOCK - 1) / BENCH_BLOCK;
	for (i = 0; i < n;) {
		size_t end = i + BENCH_BLOCK < n ? i + BENCH_BLOCK : n, cnt = end - i;

		proc0 = cpu_us();
		resp0 = resp_us;
		km0 = bk.us;
		heap0 = heap_bytes();
		for (; i < end; i++)
			bench_one(&r, i, i / 10);
		proc = cpu_us() - proc0;
		resp = resp_us - resp0;
		kmus = bk.us - km0;
		heap = heap_bytes() - heap0;
		printf("%8zu %10.1f %10.1f %10.1f %10.1f %10.0f\n", end,
		    (double)resp / cnt, (double)kmus / cnt,
		    (double)(resp - kmus) / cnt, (double)proc / cnt,
		    (double)(int64_t)heap / cnt);
		fflush(stdout);
	}
	ike_engine_stats(r.eng, &st);
	if (st.ike_sas != n || st.child_sas != n) {
		fprintf(stderr, "bench_sas: the responder holds %llu IKE SAs and "
		    "%llu Child SAs, not %zu\n", (unsigned long long)st.ike_sas,
		    (unsigned long long)st.child_sas, n);
		return 1;
	}
	printf("# %zu blocks; the responder holds %zu IKE SAs, %zu Child SAs, "
	    "%zu kernel SAs and %zu policies\n", blocks, (size_t)st.ike_sas,
	    (size_t)st.child_sas, km_sa_count(r.km), km_policy_count(r.km));
	peer_free(&r);
	return 0;
}
