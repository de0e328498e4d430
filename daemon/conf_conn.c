/* SPDX-License-Identifier: ISC */
/*
 * conf_conn.c - the "connections" section: each connection's two ends
 * (addresses, identity, authentication, port), IKE proposals, lifetimes,
 * retransmission and NAT traversal, and its children (traffic selectors, ESP
 * proposals, mode, start action, lifetimes, replay window), with the
 * defaults saker.yaml(5) documents and the checks that need more than
 * one key.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike.h"
#include "iana.h"
#include "cfg.h"
#include "plugin.h"
#include "conf_int.h"

#define IKE_REKEY_DEFAULT	(4 * 3600)	/* strongSwan's defaults */
#define CHILD_REKEY_DEFAULT	3600
#define REPLAY_WINDOW_DEFAULT	32
#define REPLAY_WINDOW_MAX	32768		/* XFRMA_REPLAY_ESN_MAX bytes * 8 */

/* A rekey-time / life-time / rand-time triple while it is read. */
struct lifetimes {
	const struct cnode *rekey_key, *life_key, *rand_key;
	uint32_t	 rekey, life, rand;
};

static int
read_lifetime(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, struct lifetimes *lt)
{
	if (strcmp(k->str, "rekey-time") == 0) {
		lt->rekey_key = k;
		return conf_duration(ctx, k, v, 0, &lt->rekey);
	}
	if (strcmp(k->str, "rand-time") == 0) {
		lt->rand_key = k;
		return conf_duration(ctx, k, v, 0, &lt->rand);
	}
	lt->life_key = k;
	return conf_duration(ctx, k, v, 0, &lt->life);
}

/*
 * rand-time takes up to that much off each rekey-time at random, so that
 * both ends do not rekey at once; by default the time between rekey-time
 * and life-time (strongSwan), and it must stay below rekey-time.
 */
static int
finish_rand(struct conf_ctx *ctx, struct lifetimes *lt, uint32_t *rand)
{
	if (lt->rand_key == NULL)
		lt->rand = lt->life > lt->rekey && lt->rekey != 0 ?
		    lt->life - lt->rekey : 0;
	if (lt->rekey != 0 && lt->rand >= lt->rekey) {
		if (lt->rand_key != NULL)
			return conf_err(ctx, lt->rand_key, "rand-time (%us) must "
			    "be shorter than rekey-time (%us)", lt->rand,
			    lt->rekey);
		lt->rand = lt->rekey / 2;
	}
	*rand = lt->rand;
	return IKE_OK;
}

/* A rekey-bytes/life-bytes (or -packets) pair: life defaults to rekey
 * plus 10%, and must be above it. */
static int
finish_volume(struct conf_ctx *ctx, const struct cnode *life_key,
    uint64_t rekey, uint64_t *life)
{
	if (life_key == NULL && rekey != 0)
		*life = rekey + rekey / 10 > rekey ? rekey + rekey / 10 : UINT64_MAX;
	if (*life != 0 && rekey >= *life && life_key == NULL)
		*life = 0;	/* rekey at the very top: no hard limit */
	if (*life != 0 && rekey >= *life)
		return conf_err(ctx, life_key, "'%s' (%llu) must be more than "
		    "the rekey limit (%llu)", life_key->str,
		    (unsigned long long)*life, (unsigned long long)rekey);
	return IKE_OK;
}

/*
 * strongSwan's rules: life-time defaults to rekey-time plus 10%; given
 * alone it sets rekey-time to 90% of it; given both, life must be longer.
 * 0 turns rekeying (or the hard limit) off.
 */
static int
finish_lifetimes(struct conf_ctx *ctx, struct lifetimes *lt, uint32_t def,
    uint32_t *rekey, uint32_t *life)
{
	if (lt->rekey_key == NULL && lt->life_key == NULL) {
		lt->rekey = def;
		lt->life = def + def / 10;
	} else if (lt->life_key == NULL) {
		lt->life = lt->rekey + lt->rekey / 10;
		if (lt->life < lt->rekey)
			lt->life = UINT32_MAX;
	} else if (lt->rekey_key == NULL) {
		lt->rekey = lt->life == 0 ? def : lt->life - lt->life / 10;
	} else if (lt->life != 0 && lt->rekey >= lt->life) {
		return conf_err(ctx, lt->life_key, "life-time (%us) must be "
		    "longer than rekey-time (%us)", lt->life, lt->rekey);
	}
	*rekey = lt->rekey;
	*life = lt->life;
	return IKE_OK;
}

/* One end of a connection. */

struct end_ctx {
	struct ike_end_cfg	*end;
	uint16_t		*port;
};

static int
end_addrs(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	struct ike_end_cfg *end = ((struct end_ctx *)obj)->end;
	const struct cnode *items[IKE_CFG_MAX_ADDRS];
	size_t n, i;
	int ret;

	if ((ret = conf_list(ctx, k, v, items, IKE_CFG_MAX_ADDRS, &n)) != IKE_OK)
		return ret;
	for (i = 0; i < n; i++) {
		if (strcmp(items[i]->str, "%any") == 0) {
			if (n > 1)
				return conf_err(ctx, items[i], "%%any cannot be "
				    "combined with other addresses");
			continue;
		}
		if (ike_addr_parse(items[i]->str, &end->addrs[end->n_addrs]) != IKE_OK)
			return conf_err(ctx, items[i], "'%s' is not an IPv4 or "
			    "IPv6 address (nor %%any)", items[i]->str);
		end->n_addrs++;
	}
	return IKE_OK;
}

static int
end_id(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	struct ike_end_cfg *end = ((struct end_ctx *)obj)->end;
	const char *s = NULL;
	int ret;

	if ((ret = conf_scalar(ctx, k, v, &s)) != IKE_OK)
		return ret;
	ret = ike_id_parse(s, &end->id);
	if (ret == IKE_EINVAL)
		return conf_err(ctx, v, "invalid identity '%s'", s);
	return ret;
}

static int
end_auth(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	struct ike_end_cfg *end = ((struct end_ctx *)obj)->end;
	int m, ret;

	if ((ret = conf_enum(ctx, k, v, &cfg_kw_auth, &m)) != IKE_OK)
		return ret;
	end->auth = (uint8_t)m;
	return IKE_OK;
}

static int
end_port(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	uint32_t port;
	int ret;

	if ((ret = conf_uint(ctx, k, v, 1, 65535, &port)) != IKE_OK)
		return ret;
	*((struct end_ctx *)obj)->port = (uint16_t)port;
	return IKE_OK;
}

static int
end_certs(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	return conf_end_certs(ctx, k, v, ((struct end_ctx *)obj)->end);
}

/* Children. */

struct child_ctx {
	struct ike_child_cfg	*ch;
	struct lifetimes	 lt;
	const struct cnode	*esp_key;
	const struct cnode	*life_bytes_key, *life_packets_key;
};

static int
child_ts(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	struct ike_child_cfg *ch = ((struct child_ctx *)obj)->ch;
	int local = strcmp(k->str, "local-ts") == 0;
	struct ike_ts *ts = local ? ch->local_ts : ch->remote_ts;
	size_t *n_ts = local ? &ch->n_local_ts : &ch->n_remote_ts;
	const struct cnode *items[IKE_CFG_MAX_TS];
	char why[256];
	size_t n, i;
	int ret;

	if ((ret = conf_list(ctx, k, v, items, IKE_CFG_MAX_TS, &n)) != IKE_OK)
		return ret;
	for (i = 0; i < n; i++)
		if (ike_ts_parse(items[i]->str, &ts[i], why, sizeof(why)) != IKE_OK)
			return conf_err(ctx, items[i], "%s", why);
	*n_ts = n;
	return IKE_OK;
}

static int
child_esp(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	struct child_ctx *cc = obj;

	cc->esp_key = k;
	return conf_proposals(ctx, k, v, IKE_PROTO_ESP, cc->ch->esp,
	    &cc->ch->n_esp);
}

static int
child_mode(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	return conf_enum(ctx, k, v, &cfg_kw_mode,
	    &((struct child_ctx *)obj)->ch->mode);
}

static int
child_start(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	int s, ret;

	if ((ret = conf_enum(ctx, k, v, &cfg_kw_start, &s)) != IKE_OK)
		return ret;
	((struct child_ctx *)obj)->ch->start = (enum ike_start)s;
	return IKE_OK;
}

/* dpd-action (clear | trap | restart) and close-action (none | trap |
 * start), swanctl.conf's words for the same enum ike_action. */
static int
child_action(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, void *obj)
{
	struct ike_child_cfg *ch = ((struct child_ctx *)obj)->ch;
	bool is_dpd = strcmp(k->str, "dpd-action") == 0;
	int a, ret;

	if ((ret = conf_enum(ctx, k, v, is_dpd ? &cfg_kw_dpd_action :
	    &cfg_kw_close_action, &a)) != IKE_OK)
		return ret;
	*(is_dpd ? &ch->dpd_action : &ch->close_action) = (enum ike_action)a;
	return IKE_OK;
}

static int
child_lifetime(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, void *obj)
{
	return read_lifetime(ctx, k, v, &((struct child_ctx *)obj)->lt);
}

static int
child_volume(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, void *obj)
{
	struct child_ctx *cc = obj;
	struct ike_child_cfg *ch = cc->ch;

	if (strcmp(k->str, "rekey-bytes") == 0)
		return conf_volume(ctx, k, v, &ch->rekey_bytes);
	if (strcmp(k->str, "rekey-packets") == 0)
		return conf_volume(ctx, k, v, &ch->rekey_packets);
	if (strcmp(k->str, "life-bytes") == 0) {
		cc->life_bytes_key = k;
		return conf_volume(ctx, k, v, &ch->life_bytes);
	}
	cc->life_packets_key = k;
	return conf_volume(ctx, k, v, &ch->life_packets);
}

static int
child_replay(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, void *obj)
{
	return conf_uint(ctx, k, v, 0, REPLAY_WINDOW_MAX,
	    &((struct child_ctx *)obj)->ch->replay_window);
}

static const struct conf_key child_keys[] = {
	{ "local-ts", child_ts, 0 },
	{ "remote-ts", child_ts, 0 },
	{ "esp-proposals", child_esp, 0 },
	{ "mode", child_mode, 0 },
	{ "start", child_start, 0 },
	{ "rekey-time", child_lifetime, 0 },
	{ "life-time", child_lifetime, 0 },
	{ "rand-time", child_lifetime, 0 },
	{ "rekey-bytes", child_volume, 0 },
	{ "life-bytes", child_volume, 0 },
	{ "rekey-packets", child_volume, 0 },
	{ "life-packets", child_volume, 0 },
	{ "replay-window", child_replay, 0 },
	{ "dpd-action", child_action, 0 },
	{ "close-action", child_action, 0 },
};

static void
ts_dynamic(struct ike_ts *ts, size_t *n)
{
	memset(ts, 0, sizeof(*ts));
	ts->family = IKE_TS_DYNAMIC;
	ts->port_hi = 65535;
	*n = 1;
}

static int
read_child(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    struct ike_child_cfg *ch)
{
	struct child_ctx cc = { ch, { NULL, NULL, NULL, 0, 0, 0 }, NULL, NULL,
	    NULL };
	char what[IKE_CFG_NAME_MAX + 16];
	int ret;

	if ((ret = conf_name(ctx, k, "child name", ch->name,
	    sizeof(ch->name))) != IKE_OK)
		return ret;
	ch->mode = KX_MODE_TUNNEL;
	ch->start = IKE_START_NONE;
	ch->replay_window = REPLAY_WINDOW_DEFAULT;
	snprintf(what, sizeof(what), "child '%s'", ch->name);
	if ((ret = conf_map(ctx, k, what, v, child_keys,
	    sizeof(child_keys) / sizeof(child_keys[0]), &cc)) != IKE_OK)
		return ret;
	/* swanctl.conf: no selectors means the IKE SA's own addresses. */
	if (ch->n_local_ts == 0)
		ts_dynamic(&ch->local_ts[0], &ch->n_local_ts);
	if (ch->n_remote_ts == 0)
		ts_dynamic(&ch->remote_ts[0], &ch->n_remote_ts);
	if (ch->n_esp == 0 &&
	    (ret = conf_default_proposals(IKE_PROTO_ESP, ch->esp, &ch->n_esp)) != IKE_OK)
		return ret;
	if ((ret = finish_lifetimes(ctx, &cc.lt, CHILD_REKEY_DEFAULT,
	    &ch->rekey_time, &ch->life_time)) != IKE_OK ||
	    (ret = finish_rand(ctx, &cc.lt, &ch->rand_time)) != IKE_OK ||
	    (ret = finish_volume(ctx, cc.life_bytes_key, ch->rekey_bytes,
	    &ch->life_bytes)) != IKE_OK)
		return ret;
	return finish_volume(ctx, cc.life_packets_key, ch->rekey_packets,
	    &ch->life_packets);
}

/* Connections. */

struct conn_ctx {
	struct ike_conn_cfg	*c;
	struct lifetimes	 lt;
	const struct cnode	*remote_key;
};

static int
conn_end(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	static const struct conf_key local_keys[] = {
		{ "addrs", end_addrs, 0 },
		{ "id", end_id, 0 },
		{ "auth", end_auth, 1 },
		{ "port", end_port, 0 },
		{ "certs", end_certs, 0 },
		{ "key", end_certs, 0 },
	};
	/* The peer's identity must be stated (%any to accept any), so that
	 * a PSK is never offered to whoever asks. */
	static const struct conf_key remote_keys[] = {
		{ "addrs", end_addrs, 0 },
		{ "id", end_id, 1 },
		{ "auth", end_auth, 1 },
		{ "port", end_port, 0 },
		{ "cacerts", end_certs, 0 },
	};
	struct conn_ctx *cc = obj;
	int local = strcmp(k->str, "local") == 0;
	struct end_ctx ec = {
		local ? &cc->c->local : &cc->c->remote,
		local ? &cc->c->local_port : &cc->c->remote_port,
	};

	if (!local)
		cc->remote_key = k;
	return conf_map(ctx, k, k->str, v, local ? local_keys : remote_keys,
	    local ? sizeof(local_keys) / sizeof(local_keys[0]) :
	    sizeof(remote_keys) / sizeof(remote_keys[0]), &ec);
}

static int
conn_proposals(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, void *obj)
{
	struct ike_conn_cfg *c = ((struct conn_ctx *)obj)->c;

	return conf_proposals(ctx, k, v, IKE_PROTO_IKE, c->ike, &c->n_ike);
}

static int
conn_lifetime(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, void *obj)
{
	return read_lifetime(ctx, k, v, &((struct conn_ctx *)obj)->lt);
}

static int
conn_reauth(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, void *obj)
{
	return conf_duration(ctx, k, v, 0, &((struct conn_ctx *)obj)->c->reauth_time);
}

static int
conn_retransmit(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, void *obj)
{
	struct ike_conn_cfg *c = ((struct conn_ctx *)obj)->c;

	return conf_retransmit(ctx, k, v, &c->retransmit_timeout_ms,
	    &c->retransmit_tries, &c->retransmit_base);
}

/* dpd-delay and dpd-timeout: durations down to 100ms, 0 = off. */
static int
conn_dpd(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	struct ike_conn_cfg *c = ((struct conn_ctx *)obj)->c;
	uint32_t *ms = strcmp(k->str, "dpd-delay") == 0 ? &c->dpd_delay_ms :
	    &c->dpd_timeout_ms;
	int ret;

	if ((ret = conf_duration(ctx, k, v, 1, ms)) != IKE_OK)
		return ret;
	if (*ms != 0 && *ms < 100)
		return conf_err(ctx, v, "'%s' must be 0 (off) or at least "
		    "100ms", k->str);
	return IKE_OK;
}

/* NAT traversal: encap forces UDP encapsulation (swanctl.conf's encap);
 * keepalive is the interval of NAT keepalives (strongSwan's keep_alive),
 * "no" or 0 for none. */
static int
conn_nat(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	struct ike_conn_cfg *c = ((struct conn_ctx *)obj)->c;
	int ret;

	if (strcmp(k->str, "encap") == 0)
		return conf_enum(ctx, k, v, &cfg_kw_yesno, &c->encap);
	if (v->kind == CN_SCALAR && strcmp(v->str, "no") == 0) {
		c->keepalive_off = 1;
		return IKE_OK;
	}
	if ((ret = conf_duration(ctx, k, v, 1, &c->keepalive_ms)) != IKE_OK)
		return ret;
	if (c->keepalive_ms == 0) {
		c->keepalive_off = 1;
		return IKE_OK;
	}
	if (c->keepalive_ms < 1000 || c->keepalive_ms > 3600000)
		return conf_err(ctx, v, "'keepalive' must be from 1s to 1h, or "
		    "no (or 0) for none");
	return IKE_OK;
}

static int
conn_fragmentation(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, void *obj)
{
	int m, ret;

	if ((ret = conf_enum(ctx, k, v, &cfg_kw_fragmentation, &m)) != IKE_OK)
		return ret;
	((struct conn_ctx *)obj)->c->fragmentation = (uint8_t)m;
	return IKE_OK;
}

static int
conn_children(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, void *obj)
{
	struct ike_child_cfg **tail = &((struct conn_ctx *)obj)->c->children, *ch;
	size_t i;
	int ret;

	if (v->kind != CN_MAP)
		return conf_err(ctx, v, "'children' must be a mapping of child "
		    "names");
	if (v->n_kids == 0)
		return conf_err(ctx, v, "'children' is empty");
	for (i = 0; i + 1 < v->n_kids; i += 2) {
		if ((ch = calloc(1, sizeof(*ch))) == NULL)
			return IKE_ENOMEM;
		*tail = ch;
		tail = &ch->next;
		ret = read_child(ctx, v->kids[i], v->kids[i + 1], ch);
		if (ret != IKE_OK)
			return ret;
	}
	return IKE_OK;
}

static int
conn_rw(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    void *obj)
{
	return conf_conn_rw(ctx, k, v, ((struct conn_ctx *)obj)->c);
}

static const struct conf_key conn_keys[] = {
	{ "local", conn_end, 1 },
	{ "remote", conn_end, 1 },
	{ "proposals", conn_proposals, 0 },
	{ "rekey-time", conn_lifetime, 0 },
	{ "life-time", conn_lifetime, 0 },
	{ "rand-time", conn_lifetime, 0 },
	{ "reauth-time", conn_reauth, 0 },
	{ "retransmit-timeout", conn_retransmit, 0 },
	{ "retransmit-tries", conn_retransmit, 0 },
	{ "retransmit-base", conn_retransmit, 0 },
	{ "dpd-delay", conn_dpd, 0 },
	{ "dpd-timeout", conn_dpd, 0 },
	{ "encap", conn_nat, 0 },
	{ "keepalive", conn_nat, 0 },
	{ "fragmentation", conn_fragmentation, 0 },
	{ "children", conn_children, 1 },
	{ "pools", conn_rw, 0 },
	{ "vips", conn_rw, 0 },
	{ "unique", conn_rw, 0 },
	{ "hook", conn_rw, 0 },
};

/* Checks that need the whole connection. */
static int
conn_check(struct conf_ctx *ctx, const struct cnode *k,
    const struct conn_ctx *cc)
{
	const struct ike_child_cfg *ch;

	/* Initiating (start) and installing trap policies both need the
	 * peer's address. */
	for (ch = cc->c->children; ch != NULL; ch = ch->next)
		if (ch->start != IKE_START_NONE && cc->c->remote.n_addrs == 0)
			return conf_err(ctx, cc->remote_key != NULL ?
			    cc->remote_key : k, "child '%s' has start: %s but "
			    "the remote end has no addrs to reach",
			    ch->name, cfg_kw_name(&cfg_kw_start, ch->start));
	return IKE_OK;
}

static int
read_conn(struct conf_ctx *ctx, const struct cnode *k, const struct cnode *v,
    struct ike_conn_cfg *c)
{
	struct conn_ctx cc = { c, { NULL, NULL, NULL, 0, 0, 0 }, NULL };
	char what[IKE_CFG_NAME_MAX + 16];
	int ret;

	if ((ret = conf_name(ctx, k, "connection name", c->name,
	    sizeof(c->name))) != IKE_OK)
		return ret;
	snprintf(c->origin, sizeof(c->origin), "%s:%u", ctx->name, k->line);
	snprintf(what, sizeof(what), "connection '%s'", c->name);
	if ((ret = conf_map(ctx, k, what, v, conn_keys,
	    sizeof(conn_keys) / sizeof(conn_keys[0]), &cc)) != IKE_OK)
		return ret;
	if (c->n_ike == 0 &&
	    (ret = conf_default_proposals(IKE_PROTO_IKE, c->ike, &c->n_ike)) != IKE_OK)
		return ret;
	if ((ret = finish_lifetimes(ctx, &cc.lt, IKE_REKEY_DEFAULT,
	    &c->rekey_time, &c->life_time)) != IKE_OK ||
	    (ret = finish_rand(ctx, &cc.lt, &c->rand_time)) != IKE_OK)
		return ret;
	return conn_check(ctx, k, &cc);
}

int
conf_connections(struct conf_ctx *ctx, const struct cnode *k,
    const struct cnode *v, void *obj)
{
	struct ike_conn_cfg **tail = &ctx->cfg->conns, *c;
	size_t i;
	int ret;

	(void)obj;
	if (v->kind != CN_MAP)
		return conf_err(ctx, v, "'%s' must be a mapping of connection "
		    "names", k->str);
	for (i = 0; i + 1 < v->n_kids; i += 2) {
		if ((c = calloc(1, sizeof(*c))) == NULL)
			return IKE_ENOMEM;
		*tail = c;
		tail = &c->next;
		ret = read_conn(ctx, v->kids[i], v->kids[i + 1], c);
		if (ret != IKE_OK)
			return ret;
	}
	return IKE_OK;
}
