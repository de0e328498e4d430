/* SPDX-License-Identifier: ISC */
/*
 * eng_env.c - the engine's environment, used by every engine file: logging
 * (plain and rate-limited), dropped-datagram accounting, the last failure
 * of each connection, the output list, randomness, the kernel plugin and
 * the small lookups the config gives (ports).  It calls nothing above the
 * config model.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eng.h"
#include "iana.h"
#include "sa.h"

static void
eng_vlog(struct ike_engine *eng, enum ike_log_level lvl, const char *sa,
    const char *fmt, va_list ap)
{
	if (eng->eng_env.log != NULL)
		eng->eng_env.log(eng->eng_env.log_ctx, lvl, "ike", sa, fmt, ap);
}

void
eng_log(struct ike_engine *eng, enum ike_log_level lvl, const char *sa,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	eng_vlog(eng, lvl, sa, fmt, ap);
	va_end(ap);
}

/* A window of ENG_LOG_WINDOW_MS lets ENG_LOG_BURST lines through; the next
 * window first says how many were held back. */
static bool
eng_log_allowed(struct ike_engine *eng)
{
	if (eng->eng_log_window == 0 ||
	    eng->eng_now >= eng->eng_log_window + ENG_LOG_WINDOW_MS) {
		if (eng->eng_log_suppressed > 0)
			eng_log(eng, IKE_LOG_DEBUG, NULL,
			    "%u similar messages suppressed",
			    eng->eng_log_suppressed);
		eng->eng_log_window = eng->eng_now ? eng->eng_now : 1;
		eng->eng_log_count = 0;
		eng->eng_log_suppressed = 0;
	}
	if (eng->eng_log_count >= ENG_LOG_BURST) {
		eng->eng_log_suppressed++;
		return false;
	}
	eng->eng_log_count++;
	return true;
}

void
eng_log_limited(struct ike_engine *eng, enum ike_log_level lvl,
    const char *sa, const char *fmt, ...)
{
	va_list ap;

	if (!eng_log_allowed(eng))
		return;
	va_start(ap, fmt);
	eng_vlog(eng, lvl, sa, fmt, ap);
	va_end(ap);
}

void
eng_drop(struct ike_engine *eng, const char *sa, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	eng->eng_stats.dropped++;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	eng_log_limited(eng, IKE_LOG_DEBUG, sa, "dropped: %s", why);
}

void
eng_set_failure(struct ike_engine *eng, const char *conn, const char *why)
{
	struct eng_failure *f;

	if (conn == NULL || conn[0] == '\0')
		return;
	for (f = eng->eng_failures; f != NULL; f = f->f_next)
		if (strcmp(f->f_conn, conn) == 0)
			break;
	if (f == NULL) {
		if ((f = calloc(1, sizeof(*f))) == NULL)
			return;
		snprintf(f->f_conn, sizeof(f->f_conn), "%s", conn);
		f->f_next = eng->eng_failures;
		eng->eng_failures = f;
	}
	snprintf(f->f_why, sizeof(f->f_why), "%s", why);
}

void
eng_id_format(const struct ike_id *id, char *buf, size_t len)
{
	if (len == 0)
		return;
	buf[0] = '\0';
	if (id->type == 0) {
		snprintf(buf, len, "%%any");
		return;
	}
	if (ike_id_format(id, buf, len) < 0)
		snprintf(buf, len, "(id type %u)", id->type);
}

int
eng_out_push(struct ike_out *out, const struct ike_addr *local,
    const struct ike_addr *remote, const uint8_t *data, size_t len, int marker)
{
	struct ike_datagram *dg;
	uint8_t *copy;

	if (out->n_dg == out->cap_dg) {
		size_t cap = out->cap_dg ? out->cap_dg * 2 : 4;

		dg = realloc(out->dg, cap * sizeof(*dg));
		if (dg == NULL)
			return IKE_ENOMEM;
		out->dg = dg;
		out->cap_dg = cap;
	}
	if ((copy = malloc(len ? len : 1)) == NULL)
		return IKE_ENOMEM;
	memcpy(copy, data, len);
	dg = &out->dg[out->n_dg++];
	dg->local = *local;
	dg->remote = *remote;
	dg->data = copy;
	dg->len = len;
	dg->non_esp_marker = marker;
	return IKE_OK;
}

void
ike_out_reset(struct ike_out *out)
{
	size_t i;

	if (out == NULL)
		return;
	for (i = 0; i < out->n_dg; i++)
		free(out->dg[i].data);
	out->n_dg = 0;
}

void
ike_out_free(struct ike_out *out)
{
	if (out == NULL)
		return;
	ike_out_reset(out);
	free(out->dg);
	out->dg = NULL;
	out->cap_dg = 0;
}

int
eng_rng(struct ike_engine *eng, void *buf, size_t len)
{
	return eng->eng_env.rng(eng->eng_env.rng_ctx, buf, len);
}

int
eng_kernel(struct ike_engine *eng, struct kx_op *op)
{
	if (eng->eng_env.kernel == NULL || eng->eng_env.kernel->op == NULL)
		return IKE_EKERNEL;
	return eng->eng_env.kernel->op(eng->eng_env.kernel_ctx, op);
}

uint16_t
eng_port(const struct ike_engine *eng, uint16_t port)
{
	if (port != 0)
		return port;
	return eng->eng_cfg != NULL && eng->eng_cfg->port != 0 ?
	    eng->eng_cfg->port : 500;
}

/* Counters of one direction from the kernel; zeros when it cannot say. */
void
eng_query(struct ike_engine *eng, const struct ike_addr *dst, uint32_t spi,
    uint64_t *bytes, uint64_t *packets)
{
	struct kx_op op;

	memset(&op, 0, sizeof(op));
	op.type = KX_QUERY_SA;
	op.sa.dst = *dst;
	op.sa.spi = spi;
	op.sa.proto = IKE_PROTO_ESP;
	if (eng_kernel(eng, &op) == IKE_OK) {
		*bytes = op.stats.bytes;
		*packets = op.stats.packets;
	}
}

/* ---- events ---------------------------------------------------------------- */

struct eng_event {
	struct eng_event	*e_next;
	struct ike_event	 e_ev;		/* pointers into the copies below */
	char			 e_conn[IKE_CFG_NAME_MAX];
	char			 e_sa[ENG_NAME_MAX];
	struct ike_id		 e_peer_id;
	struct ike_vip_info	 e_vip;
};

void
eng_event(struct ike_engine *eng, const struct ike_event *ev)
{
	struct eng_event *e;

	if (eng->eng_env.event == NULL)
		return;
	if ((e = calloc(1, sizeof(*e))) == NULL) {
		eng_log(eng, IKE_LOG_ERROR, ev->sa, "event for the hook lost: "
		    "out of memory");
		return;
	}
	snprintf(e->e_conn, sizeof(e->e_conn), "%s", ev->conn ? ev->conn : "");
	snprintf(e->e_sa, sizeof(e->e_sa), "%s", ev->sa ? ev->sa : "");
	if (ev->peer_id != NULL && ike_id_copy(&e->e_peer_id, ev->peer_id) < 0) {
		free(e);
		eng_log(eng, IKE_LOG_ERROR, ev->sa, "event for the hook lost: "
		    "out of memory");
		return;
	}
	if (ev->vip != NULL)
		e->e_vip = *ev->vip;
	e->e_ev = *ev;
	e->e_ev.conn = e->e_conn;
	e->e_ev.sa = e->e_sa;
	e->e_ev.peer_id = &e->e_peer_id;
	e->e_ev.vip = &e->e_vip;
	if (eng->eng_events == NULL)
		eng->eng_events_tail = &eng->eng_events;
	*eng->eng_events_tail = e;
	eng->eng_events_tail = &e->e_next;
}

static void
eng_event_free(struct eng_event *e)
{
	ike_id_free(&e->e_peer_id);
	free(e);
}

void
eng_events_deliver(struct ike_engine *eng)
{
	struct eng_event *e;

	/* The hook may call back into nothing of ours, but take each
	 * event off the queue before handing it over all the same. */
	while ((e = eng->eng_events) != NULL) {
		eng->eng_events = e->e_next;
		eng->eng_env.event(eng->eng_env.event_ctx, &e->e_ev);
		eng_event_free(e);
	}
}

void
eng_events_free(struct ike_engine *eng)
{
	struct eng_event *e;

	while ((e = eng->eng_events) != NULL) {
		eng->eng_events = e->e_next;
		eng_event_free(e);
	}
}

/* ---- jobs ------------------------------------------------------------------ */

int
eng_job_ke(struct ike_engine *eng, uint16_t group, struct ike_bytes peer_ke,
    struct keys_ke_job *j)
{
	memset(j, 0, sizeof(*j));
	j->group = group;
	j->peer_ke = peer_ke;
	j->nonce_len = ENG_NONCE_LEN;
	j->rng = eng->eng_env.rng;
	j->rng_ctx = eng->eng_env.rng_ctx;
	/* Run here and now.  This is the one place a worker thread will
	 * take it over and answer IKE_EPENDING until the result is in. */
	return keys_ke_run(j);
}
