/* SPDX-License-Identifier: ISC */
/*
 * sa.c - IKE SAs: the tables that find them (by local SPI, by the
 * initiator's SPI, by sa_id, by connection name and by peer ID; hash
 * tables, so that no lookup walks every SA), their life cycle (creation,
 * failure, death, freeing), the lists of SAs touched in the current call
 * (whose deadline the engine reads again) and of dead ones (freed when
 * it ends), and the reliability rules of RFC 7296 2.1-2.4 that belong to
 * one SA: the outstanding request kept for retransmission with
 * exponential backoff and a give-up limit, the last response kept for
 * answering duplicate requests, and the half-open expiry of responder
 * SAs that never see IKE_AUTH.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "cookie.h"
#include "cry.h"
#include "eng.h"
#include "iana.h"
#include "keys.h"
#include "names.h"
#include "sa.h"
#include "xout.h"

/* Keyed, so that the SPIs and IDs peers choose spread like ours. */
static uint64_t
sa_hash64(const struct ike_engine *eng, uint64_t v)
{
	return htab_hash(eng->eng_hkey, &v, sizeof(v));
}

uint64_t
sa_spi_local(const struct ike_sa *sa)
{
	return sa->sa_initiator ? sa->sa_spi_i : sa->sa_spi_r;
}

struct ike_sa *
sa_find_local(struct ike_engine *eng, uint64_t spi)
{
	struct htab_node *n;
	struct ike_sa *sa;

	for (n = htab_first(&eng->eng_by_spi, sa_hash64(eng, spi)); n != NULL;
	    n = htab_next(n)) {
		sa = HTAB_ENTRY(n, struct ike_sa, sa_hn_spi);
		if (sa_spi_local(sa) == spi)
			return sa;
	}
	return NULL;
}

struct ike_sa *
sa_find_init(struct ike_engine *eng, uint64_t spi_i, const struct ike_addr *remote)
{
	struct htab_node *n;
	struct ike_sa *sa;

	for (n = htab_first(&eng->eng_by_ispi, sa_hash64(eng, spi_i)); n != NULL;
	    n = htab_next(n)) {
		sa = HTAB_ENTRY(n, struct ike_sa, sa_hn_ispi);
		if (sa->sa_spi_i == spi_i && ike_addr_eq(&sa->sa_remote, remote))
			return sa;
	}
	return NULL;
}

/* ---- SAs by connection and by peer ---------------------------------------- */

static uint64_t
sa_name_hash(const struct ike_engine *eng, const char *name)
{
	return htab_hash(eng->eng_hkey, name, strlen(name));
}

struct ike_sa *
sa_conn_first(struct ike_engine *eng, const char *conn)
{
	struct htab_node *n;
	struct ike_sa *sa;

	if (conn == NULL || conn[0] == '\0')
		return NULL;
	for (n = htab_first(&eng->eng_by_conn, sa_name_hash(eng, conn));
	    n != NULL; n = htab_next(n)) {
		sa = HTAB_ENTRY(n, struct ike_sa, sa_hn_conn);
		if (strcmp(sa->sa_conn_name, conn) == 0)
			return sa;
	}
	return NULL;
}

/* Into the list of its connection name, in order of sa_id, newest
 * first: a new SA goes to the front, where the search for a place ends
 * at once; only a responder bound late (sa_bind_conn) looks further. */
static void
sa_conn_join(struct ike_sa *sa)
{
	struct ike_engine *eng = sa->sa_eng;
	struct ike_sa *head = sa_conn_first(eng, sa->sa_conn_name), *p;

	sa->sa_cprev = sa->sa_cnext = NULL;
	if (sa->sa_conn_name[0] == '\0')
		return;
	if (head == NULL) {
		htab_add(&eng->eng_by_conn, &sa->sa_hn_conn,
		    sa_name_hash(eng, sa->sa_conn_name));
		return;
	}
	if (sa->sa_id > head->sa_id) {
		htab_replace(&head->sa_hn_conn, &sa->sa_hn_conn);
		sa->sa_cnext = head;
		head->sa_cprev = sa;
		return;
	}
	for (p = head; p->sa_cnext != NULL && p->sa_cnext->sa_id > sa->sa_id;
	    p = p->sa_cnext)
		;
	sa->sa_cnext = p->sa_cnext;
	sa->sa_cprev = p;
	if (p->sa_cnext != NULL)
		p->sa_cnext->sa_cprev = sa;
	p->sa_cnext = sa;
}

static void
sa_conn_leave(struct ike_sa *sa)
{
	struct ike_sa *next = sa->sa_cnext;

	if (htab_linked(&sa->sa_hn_conn)) {
		/* The head: the next one stands for the name now. */
		if (next != NULL) {
			htab_replace(&sa->sa_hn_conn, &next->sa_hn_conn);
			next->sa_cprev = NULL;
		} else {
			htab_del(&sa->sa_eng->eng_by_conn, &sa->sa_hn_conn);
		}
	} else if (sa->sa_cprev != NULL) {
		sa->sa_cprev->sa_cnext = next;
		if (next != NULL)
			next->sa_cprev = sa->sa_cprev;
	}
	sa->sa_cnext = sa->sa_cprev = NULL;
}

/* An ID by its type and bytes; a connection name stands for the peer of
 * an initiator that does not know its ID yet (type 0, no ID's). */
static uint64_t
sa_peer_hash(const struct ike_engine *eng, const struct ike_id *id,
    const char *conn)
{
	if (id == NULL)
		return sa_name_hash(eng, conn);
	return htab_hash(eng->eng_hkey, id->data.ptr, id->data.len) ^
	    ((uint64_t)id->type * 0x9e3779b97f4a7c15ULL);
}

void
sa_peer_index(struct ike_sa *sa)
{
	struct ike_engine *eng = sa->sa_eng;

	htab_del(&eng->eng_by_peer, &sa->sa_hn_peer);
	if (sa->sa_rid.type != 0)
		htab_add(&eng->eng_by_peer, &sa->sa_hn_peer,
		    sa_peer_hash(eng, &sa->sa_rid, NULL));
	else if (sa->sa_initiator && sa->sa_conn_name[0] != '\0')
		htab_add(&eng->eng_by_peer, &sa->sa_hn_peer,
		    sa_peer_hash(eng, NULL, sa->sa_conn_name));
}

struct ike_sa *
sa_by_peer(struct ike_engine *eng, const struct ike_id *id, const char *conn,
    struct ike_sa *after)
{
	struct htab_node *n;
	struct ike_sa *sa;

	if (after != NULL)
		n = htab_next(&after->sa_hn_peer);
	else if (id != NULL && id->type == 0)
		return NULL;
	else
		n = htab_first(&eng->eng_by_peer, sa_peer_hash(eng, id, conn));
	for (; n != NULL; n = htab_next(n)) {
		sa = HTAB_ENTRY(n, struct ike_sa, sa_hn_peer);
		if (id != NULL ? sa->sa_rid.type != 0 &&
		    ike_id_eq(&sa->sa_rid, id) : sa->sa_rid.type == 0 &&
		    strcmp(sa->sa_conn_name, conn) == 0)
			return sa;
	}
	return NULL;
}

void
sa_bind_conn(struct ike_sa *sa, const struct ike_conn_cfg *conn)
{
	const char *name = conn != NULL ? conn->name : "";

	sa->sa_conn = conn;
	if (strcmp(sa->sa_conn_name, name) != 0 || (name[0] != '\0' &&
	    !htab_linked(&sa->sa_hn_conn) && sa->sa_cprev == NULL)) {
		sa_conn_leave(sa);
		snprintf(sa->sa_conn_name, sizeof(sa->sa_conn_name), "%s", name);
		sa_conn_join(sa);
		sa_peer_index(sa);
	}
	if (conn == NULL)
		snprintf(sa->sa_name, sizeof(sa->sa_name), "[%u]", sa->sa_id);
	else
		snprintf(sa->sa_name, sizeof(sa->sa_name), "%s[%u]", conn->name,
		    sa->sa_id);
}

int
sa_pick_spi(struct ike_engine *eng, uint64_t *out)
{
	uint64_t spi;
	int err;

	/* A random SPI, unique among ours (RFC 7296 2.6: and not zero). */
	do {
		if ((err = eng_rng(eng, &spi, sizeof(spi))) < 0)
			return err;
	} while (spi == 0 || sa_find_local(eng, spi) != NULL);
	*out = spi;
	return IKE_OK;
}

struct ike_sa *
sa_by_id(struct ike_engine *eng, uint32_t id)
{
	struct htab_node *n;
	struct ike_sa *sa;

	for (n = htab_first(&eng->eng_by_id, sa_hash64(eng, id)); n != NULL;
	    n = htab_next(n)) {
		sa = HTAB_ENTRY(n, struct ike_sa, sa_hn_id);
		if (sa->sa_id == id && sa->sa_state != SA_S_DEAD)
			return sa;
	}
	return NULL;
}

int
sa_new(struct ike_engine *eng, bool initiator, const struct ike_conn_cfg *conn,
    uint64_t spi_i, const struct ike_addr *local, const struct ike_addr *remote,
    uint64_t now, struct ike_sa **out)
{
	struct ike_sa *sa;
	uint64_t spi;
	int err;

	/* An initiator rekeying an IKE SA has announced its SPI already. */
	if (initiator && spi_i != 0)
		spi = spi_i;
	else if ((err = sa_pick_spi(eng, &spi)) < 0)
		return err;
	/* Room in the heap for every SA's deadline, so that setting one
	 * never fails later. */
	if ((err = timer_reserve(&eng->eng_timers, eng->eng_n_sas + 1)) < 0)
		return err;
	if ((sa = calloc(1, sizeof(*sa))) == NULL)
		return IKE_ENOMEM;
	sa->sa_eng = eng;
	sa->sa_id = eng->eng_next_sa_id++;
	sa->sa_initiator = initiator;
	sa->sa_state = initiator ? SA_S_INIT_SENT : SA_S_NEW;
	if (initiator) {
		sa->sa_spi_i = spi;
	} else {
		sa->sa_spi_i = spi_i;
		sa->sa_spi_r = spi;
	}
	sa->sa_local = *local;
	sa->sa_remote = *remote;
	sa->sa_created = now;
	sa_bind_conn(sa, conn);
	sa->sa_next = eng->eng_sas;
	if (sa->sa_next != NULL)
		sa->sa_next->sa_pprev = &sa->sa_next;
	sa->sa_pprev = &eng->eng_sas;
	eng->eng_sas = sa;
	eng->eng_n_sas++;
	htab_add(&eng->eng_by_spi, &sa->sa_hn_spi, sa_hash64(eng, spi));
	htab_add(&eng->eng_by_id, &sa->sa_hn_id, sa_hash64(eng, sa->sa_id));
	if (!initiator)
		htab_add(&eng->eng_by_ispi, &sa->sa_hn_ispi,
		    sa_hash64(eng, spi_i));
	sa_touch(sa);
	*out = sa;
	return IKE_OK;
}

void
sa_set_half_open(struct ike_sa *sa, bool on)
{
	struct ike_engine *eng = sa->sa_eng;

	if (on == sa->sa_half_open)
		return;
	sa->sa_half_open = on;
	if (on) {
		eng->eng_stats.half_open++;
		sa->sa_ho_addr = sa->sa_remote;
		sa_ho_count(eng, &sa->sa_ho_addr, 1);
		sa->sa_expire = eng->eng_now + ENG_HALF_OPEN_MS;
	} else {
		eng->eng_stats.half_open--;
		sa_ho_count(eng, &sa->sa_ho_addr, -1);
		sa->sa_expire = 0;
	}
}

int
sa_fail(struct ike_sa *sa, int err, const char *fmt, ...)
{
	char why[ENG_WHY_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	eng_log(sa->sa_eng, IKE_LOG_WARN, sa->sa_name, "%s", why);
	/*
	 * A responder that has not matched the peer's ID yet only guessed
	 * the connection from the addresses: the failure is that
	 * connection's only when no other one could have been meant, so a
	 * stranger's failed attempt never marks a working tunnel as failed.
	 */
	if (!sa->sa_conn_guess || ike_config_conn_by_addrs(sa->sa_eng->eng_cfg,
	    &sa->sa_local, &sa->sa_remote, 1) == NULL)
		eng_set_failure(sa->sa_eng, sa->sa_conn_name, why);
	return err;
}

void
sa_request_done(struct ike_sa *sa)
{
	ike_buf_free(&sa->sa_req);
	sa->sa_req_kind = REQ_NONE;
	sa->sa_req_tries = 0;
	sa->sa_req_due = 0;
	sa->sa_req_last = false;
}

/* ---- timers --------------------------------------------------------------- */

bool
sa_has_child(const struct ike_sa *sa, const struct ike_child_cfg *cfg)
{
	const struct child_sa *ch;

	for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next)
		if (ch->ch_cfg == cfg && ch->ch_state != CH_S_DELETING)
			return true;
	return false;
}

/* Queues a Child SA to be created on sa (once).  False when full. */
bool
sa_want_child(struct ike_sa *sa, const struct ike_child_cfg *cfg)
{
	size_t i;

	for (i = 0; i < sa->sa_cc.n_want; i++)
		if (sa->sa_cc.want[i] == cfg)
			return true;
	if (sa->sa_cc.n_want == sizeof(sa->sa_cc.want) / sizeof(sa->sa_cc.want[0]))
		return false;
	sa->sa_cc.want[sa->sa_cc.n_want++] = cfg;
	/* Its work is due now. */
	sa_touch(sa);
	return true;
}

struct ike_sa *
sa_of_conn(struct ike_engine *eng, const struct ike_conn_cfg *conn)
{
	struct ike_sa *sa;

	/* Not one that a rekey or reauthentication replaced. */
	for (sa = sa_conn_first(eng, conn->name); sa != NULL; sa = sa->sa_cnext)
		if (sa->sa_state != SA_S_DEAD && sa->sa_conn == conn &&
		    sa->sa_rk.new == 0 && !sa->sa_rk.redundant)
			return sa;
	return NULL;
}

void
sa_child_fail(struct ike_sa *sa, const char *child, const char *fmt, ...)
{
	char why[ENG_WHY_MAX], line[ENG_WHY_MAX + 80];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "CHILD_SA %s%snot established: %s", child,
	    child[0] ? " " : "", why);
	eng_log(sa->sa_eng, IKE_LOG_WARN, sa->sa_name, "%s", line);
	eng_set_failure(sa->sa_eng, sa->sa_conn_name, line);
}

bool
sa_udp_encap(const struct ike_sa *sa)
{
	return sa->sa_nat.local || sa->sa_nat.remote || sa->sa_nat.fake;
}

static size_t
sa_ho_hash(const struct ike_addr *a)
{
	uint32_t h = 2166136261u;	/* FNV-1a over family and address */
	size_t i, n = ike_addr_len(a->family);

	h = (h ^ a->family) * 16777619u;
	for (i = 0; i < n; i++)
		h = (h ^ a->addr[i]) * 16777619u;
	return h & (COOKIE_IP_BUCKETS - 1);
}

static struct cookie_ip **
sa_ho_find(struct cookie_state *ck, const struct ike_addr *a)
{
	struct cookie_ip **pp = &ck->ck_ip[sa_ho_hash(a)];

	for (; *pp != NULL; pp = &(*pp)->ci_next)
		if ((*pp)->ci_family == a->family && memcmp((*pp)->ci_addr,
		    a->addr, ike_addr_len(a->family)) == 0)
			break;
	return pp;
}

void
sa_ho_count(struct ike_engine *eng, const struct ike_addr *a, int delta)
{
	struct cookie_ip **pp = sa_ho_find(&eng->eng_cookie, a), *ci = *pp;

	if (delta > 0) {
		if (ci == NULL) {
			/* Without memory the address goes uncounted; the
			 * total still bounds everything. */
			if ((ci = calloc(1, sizeof(*ci))) == NULL)
				return;
			ci->ci_family = a->family;
			memcpy(ci->ci_addr, a->addr, sizeof(ci->ci_addr));
			*pp = ci;
		}
		ci->ci_n++;
		return;
	}
	if (ci == NULL)
		return;
	if (--ci->ci_n == 0) {
		*pp = ci->ci_next;
		free(ci);
	}
}

uint32_t
sa_ho_count_of(const struct ike_engine *eng, const struct ike_addr *a)
{
	struct cookie_ip **pp = sa_ho_find(
	    (struct cookie_state *)&eng->eng_cookie, a);

	return *pp != NULL ? (*pp)->ci_n : 0;
}

int
sa_auth_octets(struct ike_sa *sa, bool ours, struct ike_bytes id_body,
    struct ike_buf *out)
{
	const struct keys_ike *k = sa->sa_keys;
	bool i = sa->sa_initiator == ours;	/* the initiator's AUTH */

	return keys_auth_octets(sa->sa_sel.prf.id,
	    ike_buf_view(i ? &k->ks_pi : &k->ks_pr),
	    ike_buf_view(i ? &sa->sa_init_i : &sa->sa_init_r),
	    ike_buf_view(i ? &sa->sa_nr : &sa->sa_ni), id_body, out);
}

void
sa_seen(struct ike_sa *sa, uint64_t now)
{
	sa->sa_last_seen = now;
}

/* ---- deadlines and death -------------------------------------------------- */

static void
sa_untouch(struct ike_sa *sa)
{
	if (sa->sa_tpprev == NULL)
		return;
	*sa->sa_tpprev = sa->sa_tnext;
	if (sa->sa_tnext != NULL)
		sa->sa_tnext->sa_tpprev = sa->sa_tpprev;
	sa->sa_tnext = NULL;
	sa->sa_tpprev = NULL;
}

void
sa_touch(struct ike_sa *sa)
{
	struct ike_engine *eng = sa->sa_eng;

	if (sa->sa_tpprev != NULL || sa->sa_state == SA_S_DEAD)
		return;
	sa->sa_tnext = eng->eng_touched;
	if (sa->sa_tnext != NULL)
		sa->sa_tnext->sa_tpprev = &sa->sa_tnext;
	sa->sa_tpprev = &eng->eng_touched;
	eng->eng_touched = sa;
}

struct ike_sa *
sa_untouch_next(struct ike_engine *eng)
{
	struct ike_sa *sa = eng->eng_touched;

	if (sa != NULL)
		sa_untouch(sa);
	return sa;
}

void
sa_set_dead(struct ike_sa *sa)
{
	struct ike_engine *eng = sa->sa_eng;

	/* Every way to the dead state comes here, once. */
	if (sa->sa_state == SA_S_DEAD)
		return;
	sa->sa_state = SA_S_DEAD;
	timer_del(&eng->eng_timers, &sa->sa_timer);
	sa_untouch(sa);
	sa->sa_dnext = eng->eng_dead;
	eng->eng_dead = sa;
}

void
sa_unhash(struct ike_sa *sa)
{
	struct ike_engine *eng = sa->sa_eng;

	if (sa->sa_pprev != NULL) {
		*sa->sa_pprev = sa->sa_next;
		if (sa->sa_next != NULL)
			sa->sa_next->sa_pprev = sa->sa_pprev;
		sa->sa_pprev = NULL;
		eng->eng_n_sas--;
	}
	htab_del(&eng->eng_by_spi, &sa->sa_hn_spi);
	htab_del(&eng->eng_by_ispi, &sa->sa_hn_ispi);
	htab_del(&eng->eng_by_id, &sa->sa_hn_id);
	htab_del(&eng->eng_by_peer, &sa->sa_hn_peer);
	sa_conn_leave(sa);
	timer_del(&eng->eng_timers, &sa->sa_timer);
	sa_untouch(sa);
}

void
sa_request_hash(const struct msg *m, uint8_t out[SA_REQ_HASH_LEN])
{
	if (cry_hash(CRY_SHA256, &m->raw, 1, out) < 0)
		memset(out, 0, SA_REQ_HASH_LEN);
}

void
sa_note_request(struct ike_sa *sa, const struct msg *m)
{
	sa_request_hash(m, sa->sa_rx_hash);
}
