/* SPDX-License-Identifier: ISC */
/*
 * engine_test.h - two libike engines wired together in memory, each over
 * its own kernel-mem, with a deterministic RNG, a virtual clock and a
 * captured log: the harness of the test_engine_* tests.  A test builds
 * the two configs, runs the conversation (t_run) or steps it datagram by
 * datagram (t_deliver, t_drop), and looks at logs, kernels and SAs.
 */
#ifndef SAKER_ENGINE_TEST_H
#define SAKER_ENGINE_TEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "cfg.h"
#include "iana.h"
#include "ike.h"
#include "km.h"
#include "plugin.h"
#include "rng_test.h"

#define T_LOG_MAX	4096
#define T_LINE		512

struct tpeer {
	const char		*name;
	struct ike_engine	*eng;
	struct km		*km;
	struct ike_out		 out;
	uint64_t		 rng;
	char			 (*log)[T_LINE];
	size_t			 n_log;
};

/* One side's connection, as a site-to-site config writes it. */
struct tconf {
	const char	*name;		/* connection, default "hq-branch" */
	const char	*child;		/* default "lan" */
	const char	*laddr, *raddr;
	const char	*lid, *rid;	/* NULL: no ID (the address) */
	const char	*ike[4], *esp[4];
	const char	*lts[4], *rts[4];	/* NULL-terminated; none: dynamic */
	int		 mode;		/* KX_MODE_TUNNEL (default) or TRANSPORT */
	const char	*psk;		/* default "correct horse battery" */
	const char	*psk_ids[2];	/* default: lid and rid */
	uint32_t	 retransmit_ms, retransmit_tries;
	enum ike_start	 start;		/* default IKE_START_START */
	/* Called with the config and environment before the engine is
	 * made (credentials, say); NULL: nothing. */
	void		(*prepare)(struct ike_config *, struct ike_env *, void *);
	void		*prepare_arg;
};

/* The two sites of the tests: hq (192.0.2.1, 10.1.0.0/16) and branch
 * (192.0.2.2, 10.2.0.0/16), AES-GCM with X25519, a PSK between them. */
static const struct tconf hq = {
	.name = "hq-branch", .laddr = "192.0.2.1", .raddr = "192.0.2.2",
	.lid = "hq.example.net", .rid = "branch.example.net",
	.ike = { "aes256gcm16-prfsha256-x25519" }, .esp = { "aes256gcm16" },
	.lts = { "10.1.0.0/16" }, .rts = { "10.2.0.0/16" },
};
static const struct tconf branch = {
	.name = "branch-hq", .laddr = "192.0.2.2", .raddr = "192.0.2.1",
	.lid = "branch.example.net", .rid = "hq.example.net",
	.ike = { "aes256gcm16-prfsha256-x25519" }, .esp = { "aes256gcm16" },
	.lts = { "10.2.0.0/16" }, .rts = { "10.1.0.0/16" },
};

static inline void
t_log(void *ctx, enum ike_log_level lvl, const char *subsys, const char *sa,
    const char *fmt, va_list ap)
{
	struct tpeer *p = ctx;
	char *line;
	int n;

	(void)subsys;
	if (p->n_log >= T_LOG_MAX)
		return;
	line = p->log[p->n_log++];
	n = snprintf(line, T_LINE, "%s %s ", lvl <= IKE_LOG_WARN ? "W" : "-",
	    sa ? sa : "-");
	vsnprintf(line + n, T_LINE - (size_t)n, fmt, ap);
	if (getenv("ENGINE_TEST_VERBOSE") != NULL)
		fprintf(stderr, "%s: %s\n", p->name, line);
}

/* The first log line containing s, or NULL. */
static inline const char *
t_logged(const struct tpeer *p, const char *s)
{
	size_t i;

	for (i = 0; i < p->n_log; i++)
		if (strstr(p->log[i], s) != NULL)
			return p->log[i];
	return NULL;
}

static inline size_t
t_count_logged(const struct tpeer *p, const char *s)
{
	size_t i, n = 0;

	for (i = 0; i < p->n_log; i++)
		n += strstr(p->log[i], s) != NULL;
	return n;
}

static inline void
t_addr(const char *text, struct ike_addr *a)
{
	ck_assert_int_eq(ike_addr_parse(text, a), IKE_OK);
}

static inline void
t_id(const char *text, struct ike_id *id)
{
	memset(id, 0, sizeof(*id));
	ck_assert_int_eq(ike_id_parse(text, id), IKE_OK);
}

static inline struct ike_config *
t_config(const struct tconf *t)
{
	struct ike_config *cfg = calloc(1, sizeof(*cfg));
	struct ike_conn_cfg *c = calloc(1, sizeof(*c));
	struct ike_child_cfg *ch = calloc(1, sizeof(*ch));
	struct ike_secret *s = calloc(1, sizeof(*s));
	const char *psk = t->psk ? t->psk : "correct horse battery";
	char err[128];
	size_t i;

	ck_assert(cfg && c && ch && s);
	cfg->port = 500;
	cfg->natt_port = 4500;
	cfg->conns = c;
	snprintf(c->name, sizeof(c->name), "%s", t->name ? t->name : "hq-branch");
	t_addr(t->laddr, &c->local.addrs[0]);
	c->local.n_addrs = 1;
	t_addr(t->raddr, &c->remote.addrs[0]);
	c->remote.n_addrs = 1;
	if (t->lid)
		t_id(t->lid, &c->local.id);
	if (t->rid)
		t_id(t->rid, &c->remote.id);
	c->local.auth = c->remote.auth = IKE_AUTH_PSK;
	for (i = 0; i < 4 && t->ike[i]; i++)
		ck_assert_msg(ike_proposal_parse(t->ike[i], IKE_PROTO_IKE,
		    &c->ike[c->n_ike++], err, sizeof(err)) == IKE_OK, "%s", err);
	c->retransmit_timeout_ms = t->retransmit_ms;
	c->retransmit_tries = t->retransmit_tries;
	c->children = ch;
	snprintf(ch->name, sizeof(ch->name), "%s", t->child ? t->child : "lan");
	for (i = 0; i < 4 && t->esp[i]; i++)
		ck_assert_msg(ike_proposal_parse(t->esp[i], IKE_PROTO_ESP,
		    &ch->esp[ch->n_esp++], err, sizeof(err)) == IKE_OK, "%s", err);
	for (i = 0; i < 4 && t->lts[i]; i++)
		ck_assert_int_eq(ike_ts_parse(t->lts[i], &ch->local_ts[ch->n_local_ts++],
		    err, sizeof(err)), IKE_OK);
	for (i = 0; i < 4 && t->rts[i]; i++)
		ck_assert_int_eq(ike_ts_parse(t->rts[i], &ch->remote_ts[ch->n_remote_ts++],
		    err, sizeof(err)), IKE_OK);
	if (ch->n_local_ts == 0)
		ck_assert_int_eq(ike_ts_parse("dynamic", &ch->local_ts[ch->n_local_ts++],
		    err, sizeof(err)), IKE_OK);
	if (ch->n_remote_ts == 0)
		ck_assert_int_eq(ike_ts_parse("dynamic", &ch->remote_ts[ch->n_remote_ts++],
		    err, sizeof(err)), IKE_OK);
	ch->mode = t->mode ? t->mode : KX_MODE_TUNNEL;
	if (t->mode == -1)
		ch->mode = KX_MODE_TRANSPORT;
	ch->start = t->start ? t->start : IKE_START_START;
	cfg->secrets = s;
	ck_assert_int_eq(ike_buf_set(&s->psk, psk, strlen(psk)), IKE_OK);
	if (t->psk_ids[0] || t->lid) {
		t_id(t->psk_ids[0] ? t->psk_ids[0] : t->lid, &s->ids[s->n_ids++]);
		if (t->psk_ids[1] || t->rid)
			t_id(t->psk_ids[1] ? t->psk_ids[1] : t->rid, &s->ids[s->n_ids++]);
	}
	return cfg;
}

/* The last failure recorded for conn on p is exactly want; returns it. */
static inline const char *
t_failure_is(const struct tpeer *p, const char *conn, const char *want)
{
	const char *f = ike_engine_last_failure(p->eng, conn);

	ck_assert_msg(f != NULL, "%s: no failure recorded for %s", p->name, conn);
	ck_assert_str_eq(f, want);
	return f;
}

/* Road warriors: a gateway with 10.1.0.0/16 behind it for clients
 * *@example.com (its test clears the remote address, to take any), and
 * a client of it at addr with ID id. */
#define T_RW_GW_ADDR	"192.0.2.1"
static const struct tconf rw_gw = {
	.name = "rw", .child = "net", .laddr = T_RW_GW_ADDR, .raddr = "0.0.0.0",
	.lid = "gw.example.com", .rid = "*@example.com",
	.ike = { "aes256gcm16-prfsha256-x25519" }, .esp = { "aes256gcm16" },
	.lts = { "10.1.0.0/16" },
};

static inline struct tconf
t_rw_client(const char *addr, const char *id)
{
	struct tconf c = {
		.name = "home", .child = "net", .laddr = addr,
		.raddr = T_RW_GW_ADDR, .lid = id, .rid = "gw.example.com",
		.ike = { "aes256gcm16-prfsha256-x25519" },
		.esp = { "aes256gcm16" }, .rts = { "10.1.0.0/16" },
	};

	return c;
}

/* Transport mode in struct tconf (KX_MODE_TRANSPORT is 0, the default). */
#define T_TRANSPORT	(-1)

static inline void
t_peer_init(struct tpeer *p, const char *name, uint64_t seed,
    const struct tconf *t)
{
	struct ike_config *cfg;
	struct ike_env env;

	memset(p, 0, sizeof(*p));
	p->name = name;
	p->rng = seed;
	p->log = calloc(T_LOG_MAX, T_LINE);
	ck_assert_ptr_nonnull(p->log);
	ck_assert_int_eq(km_new(t_rng, &p->rng, &p->km), IKE_OK);
	memset(&env, 0, sizeof(env));
	env.rng = t_rng;
	env.rng_ctx = &p->rng;
	env.log = t_log;
	env.log_ctx = p;
	env.kernel = &km_kernel;
	env.kernel_ctx = p->km;
	cfg = t_config(t);
	if (t->prepare != NULL)
		t->prepare(cfg, &env, t->prepare_arg);
	ck_assert_int_eq(ike_engine_new(&env, &p->eng), IKE_OK);
	ck_assert_int_eq(ike_engine_set_config(p->eng, 0, cfg, &p->out),
	    IKE_OK);
}

static inline void
t_peer_free(struct tpeer *p)
{
	ike_engine_free(p->eng);
	km_free(p->km);
	ike_out_free(&p->out);
	free(p->log);
}

/* Appends a copy of d to out. */
static inline int
eng_test_push(struct ike_out *out, const struct ike_datagram *d)
{
	struct ike_datagram *n;

	if (out->n_dg == out->cap_dg) {
		out->cap_dg = out->cap_dg ? 2 * out->cap_dg : 8;
		out->dg = realloc(out->dg, out->cap_dg * sizeof(*out->dg));
		ck_assert_ptr_nonnull(out->dg);
	}
	n = &out->dg[out->n_dg++];
	*n = *d;
	n->data = malloc(d->len);
	ck_assert_ptr_nonnull(n->data);
	memcpy(n->data, d->data, d->len);
	return IKE_OK;
}

/* Copies the datagrams from has queued, and clears its queue. */
static inline size_t
t_take(struct tpeer *from, struct ike_out *held)
{
	size_t i, n = from->out.n_dg;

	for (i = 0; i < n; i++) {
		struct ike_datagram *d = &from->out.dg[i];

		ck_assert_int_eq(d->non_esp_marker, 0);
		ck_assert_int_eq(eng_test_push(held, d), IKE_OK);
	}
	ike_out_reset(&from->out);
	return n;
}

/* Hands the datagrams in held to `to`, as its network would. */
static inline void
t_give(struct ike_out *held, struct tpeer *to, uint64_t now)
{
	size_t i;

	for (i = 0; i < held->n_dg; i++) {
		struct ike_datagram *d = &held->dg[i];

		ck_assert_int_eq(ike_engine_input(to->eng, now, &d->remote,
		    &d->local, d->data, d->len, &to->out), IKE_OK);
	}
}

/* Delivers what from has queued to to; returns how many datagrams. */
static inline size_t
t_deliver(struct tpeer *from, struct tpeer *to, uint64_t now)
{
	struct ike_out held = { 0 };
	size_t n = t_take(from, &held);

	t_give(&held, to, now);
	ike_out_free(&held);
	return n;
}

/* Loses what from has queued; returns how many datagrams. */
static inline size_t
t_drop(struct tpeer *from)
{
	size_t n = from->out.n_dg;

	ike_out_reset(&from->out);
	return n;
}

/* Runs the conversation until both are quiet. */
static inline void
t_run(struct tpeer *a, struct tpeer *b, uint64_t now)
{
	int rounds = 0;

	while (a->out.n_dg > 0 || b->out.n_dg > 0) {
		ck_assert_int_lt(rounds++, 50);
		t_deliver(a, b, now);
		t_deliver(b, a, now);
	}
}

/* ---- looking at SAs ------------------------------------------------------ */

struct t_sa {
	int		 n;
	struct ike_sa_info info;
	struct ike_child_info child[4];
	struct ike_ts	 lts[4], rts[4];
	char		 state[32], cstate[4][32];
};

static inline void
t_sa_cb(void *ctx, const struct ike_sa_info *info)
{
	struct t_sa *t = ctx;
	size_t i;

	if (t->n++ > 0)
		return;
	t->info = *info;
	snprintf(t->state, sizeof(t->state), "%s", info->state);
	t->info.state = t->state;
	for (i = 0; i < info->n_children && i < 4; i++) {
		t->child[i] = info->children[i];
		snprintf(t->cstate[i], sizeof(t->cstate[i]), "%s",
		    info->children[i].state);
		t->child[i].state = t->cstate[i];
	}
	t->info.children = t->child;
	if (info->n_children > 0) {
		memcpy(t->lts, info->children[0].local_ts,
		    info->children[0].n_local_ts * sizeof(struct ike_ts));
		memcpy(t->rts, info->children[0].remote_ts,
		    info->children[0].n_remote_ts * sizeof(struct ike_ts));
	}
}

/* The first IKE SA of p (t->n counts them all). */
static inline void
t_sa(struct tpeer *p, struct t_sa *t)
{
	memset(t, 0, sizeof(*t));
	ck_assert_int_eq(ike_engine_foreach_sa(p->eng, t_sa_cb, t), IKE_OK);
}

/* The ESP SA keyed (dst, spi) must be in both kernels with the same keys
 * and algorithms. */
static inline void
t_same_sa(struct tpeer *a, struct tpeer *b, const struct ike_addr *dst,
    uint32_t spi)
{
	const struct kx_sa *x = km_find_sa(a->km, dst, spi, IKE_PROTO_ESP);
	const struct kx_sa *y = km_find_sa(b->km, dst, spi, IKE_PROTO_ESP);

	ck_assert_ptr_nonnull(x);
	ck_assert_ptr_nonnull(y);
	ck_assert_uint_eq(x->alg.enc_key.len, y->alg.enc_key.len);
	ck_assert_uint_gt(x->alg.enc_key.len, 0);
	ck_assert(memcmp(x->alg.enc_key.ptr, y->alg.enc_key.ptr,
	    x->alg.enc_key.len) == 0);
	ck_assert_uint_eq(x->alg.int_key.len, y->alg.int_key.len);
	if (x->alg.int_key.len)
		ck_assert(memcmp(x->alg.int_key.ptr, y->alg.int_key.ptr,
		    x->alg.int_key.len) == 0);
	ck_assert_str_eq(x->alg.aead, y->alg.aead);
	ck_assert_str_eq(x->alg.encr, y->alg.encr);
	ck_assert_str_eq(x->alg.integ, y->alg.integ);
	ck_assert_uint_eq(x->mode, y->mode);
	ck_assert_uint_eq(x->esn, y->esn);
}

/* Both sides up with one Child SA; kernels hold matching state. */
static inline void
t_check_up(struct tpeer *a, struct tpeer *b, size_t pols)
{
	struct t_sa sa, sb;

	t_sa(a, &sa);
	t_sa(b, &sb);
	ck_assert_int_eq(sa.n, 1);
	ck_assert_int_eq(sb.n, 1);
	ck_assert_str_eq(sa.info.state, "ESTABLISHED");
	ck_assert_str_eq(sb.info.state, "ESTABLISHED");
	ck_assert_uint_eq(sa.info.spi_i, sb.info.spi_i);
	ck_assert_uint_eq(sa.info.spi_r, sb.info.spi_r);
	ck_assert_uint_eq(sa.info.n_children, 1);
	ck_assert_uint_eq(sb.info.n_children, 1);
	ck_assert_str_eq(sa.child[0].state, "INSTALLED");
	ck_assert_str_eq(sb.child[0].state, "INSTALLED");
	/* Crosswise: what one receives on, the other sends to. */
	ck_assert_uint_eq(sa.child[0].spi_in, sb.child[0].spi_out);
	ck_assert_uint_eq(sa.child[0].spi_out, sb.child[0].spi_in);
	ck_assert_uint_eq(km_sa_count(a->km), 2);
	ck_assert_uint_eq(km_sa_count(b->km), 2);
	ck_assert_uint_eq(km_policy_count(a->km), pols);
	ck_assert_uint_eq(km_policy_count(b->km), pols);
	ck_assert_uint_eq(km_larval_count(a->km), 0);
	ck_assert_uint_eq(km_larval_count(b->km), 0);
	t_same_sa(a, b, &sa.info.local, sa.child[0].spi_in);
	t_same_sa(a, b, &sb.info.local, sb.child[0].spi_in);
}

/* A soft expire of the inbound SA of p's first Child SA, as the kernel
 * reports it. */
static inline void
t_soft_expire(struct tpeer *p, uint64_t now)
{
	struct kx_event ev;
	struct t_sa s;

	t_sa(p, &s);
	ck_assert_int_eq(km_expire(p->km, &s.info.local, s.child[0].spi_in,
	    IKE_PROTO_ESP, 0, &ev), IKE_OK);
	ck_assert_int_eq(ike_engine_kernel_event(p->eng, now, &ev, &p->out), IKE_OK);
}

static inline void
t_check_empty(struct tpeer *p)
{
	struct t_sa s;

	t_sa(p, &s);
	ck_assert_int_eq(s.n, 0);
	ck_assert_uint_eq(km_sa_count(p->km), 0);
	ck_assert_uint_eq(km_larval_count(p->km), 0);
	ck_assert_uint_eq(km_policy_count(p->km), 0);
}

#endif /* SAKER_ENGINE_TEST_H */
