/* SPDX-License-Identifier: ISC */
/*
 * sa.c - IKE SAs: the tables that find them by SPI, their life cycle
 * (creation, failure, death, freeing), and the reliability rules of RFC
 * 7296 2.1-2.4 that belong to one SA: the outstanding request kept for
 * retransmission with exponential backoff and a give-up limit, the last
 * response kept for answering duplicate requests, and the half-open
 * expiry of responder SAs that never see IKE_AUTH.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cry.h"
#include "iana.h"
#include "keys.h"
#include "names.h"
#include "sa.h"

static size_t
sa_hash(uint64_t spi)
{
	spi ^= spi >> 29;
	spi *= 0xbf58476d1ce4e5b9ULL;
	spi ^= spi >> 32;
	return (size_t)(spi & (ENG_HASH_SIZE - 1));
}

uint64_t
sa_spi_local(const struct ike_sa *sa)
{
	return sa->sa_initiator ? sa->sa_spi_i : sa->sa_spi_r;
}

struct ike_sa *
sa_find_local(struct ike_engine *eng, uint64_t spi)
{
	struct ike_sa *sa;

	for (sa = eng->eng_by_spi[sa_hash(spi)]; sa != NULL; sa = sa->sa_hnext)
		if (sa_spi_local(sa) == spi)
			return sa;
	return NULL;
}

struct ike_sa *
sa_find_init(struct ike_engine *eng, uint64_t spi_i, const struct ike_addr *remote)
{
	struct ike_sa *sa;

	for (sa = eng->eng_by_ispi[sa_hash(spi_i)]; sa != NULL; sa = sa->sa_inext)
		if (sa->sa_spi_i == spi_i && ike_addr_eq(&sa->sa_remote, remote))
			return sa;
	return NULL;
}

void
sa_bind_conn(struct ike_sa *sa, const struct ike_conn_cfg *conn)
{
	sa->sa_conn = conn;
	if (conn == NULL) {
		sa->sa_conn_name[0] = '\0';
		snprintf(sa->sa_name, sizeof(sa->sa_name), "[%u]", sa->sa_id);
		return;
	}
	snprintf(sa->sa_conn_name, sizeof(sa->sa_conn_name), "%s", conn->name);
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
	struct ike_sa *sa;

	for (sa = eng->eng_sas; sa != NULL; sa = sa->sa_next)
		if (sa->sa_id == id && sa->sa_state != SA_S_DEAD)
			return sa;
	return NULL;
}

int
sa_new(struct ike_engine *eng, bool initiator, const struct ike_conn_cfg *conn,
    uint64_t spi_i, const struct ike_addr *local, const struct ike_addr *remote,
    uint64_t now, struct ike_sa **out)
{
	struct ike_sa *sa;
	uint64_t spi;
	size_t h;
	int err;

	/* An initiator rekeying an IKE SA has announced its SPI already. */
	if (initiator && spi_i != 0)
		spi = spi_i;
	else if ((err = sa_pick_spi(eng, &spi)) < 0)
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
	eng->eng_sas = sa;
	h = sa_hash(spi);
	sa->sa_hnext = eng->eng_by_spi[h];
	eng->eng_by_spi[h] = sa;
	if (!initiator) {
		h = sa_hash(spi_i);
		sa->sa_inext = eng->eng_by_ispi[h];
		eng->eng_by_ispi[h] = sa;
	}
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
		cookie_count(eng, &sa->sa_ho_addr, 1);
		sa->sa_expire = eng->eng_now + ENG_HALF_OPEN_MS;
	} else {
		eng->eng_stats.half_open--;
		cookie_count(eng, &sa->sa_ho_addr, -1);
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

void
sa_kill(struct ike_sa *sa, const char *reason)
{
	if (sa->sa_state == SA_S_DEAD)
		return;
	if (reason != NULL)
		eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name,
		    "IKE SA %s deleted: %s", sa->sa_name, reason);
	while (sa->sa_children != NULL)
		child_destroy(sa->sa_children, NULL);
	vip_release(sa);
	sa->sa_pending = NULL;
	sa_set_half_open(sa, false);
	sa_request_done(sa);
	sa->sa_state = SA_S_DEAD;
}

static void
sa_unlink(struct ike_sa **head, struct ike_sa *sa, size_t link)
{
	struct ike_sa **pp;

	for (pp = head; *pp != NULL;
	    pp = (struct ike_sa **)((char *)*pp + link)) {
		if (*pp == sa) {
			*pp = *(struct ike_sa **)((char *)sa + link);
			return;
		}
	}
}

void
sa_reap(struct ike_engine *eng)
{
	struct ike_sa **pp = &eng->eng_sas, *sa;

	while ((sa = *pp) != NULL) {
		if (sa->sa_state != SA_S_DEAD) {
			pp = &sa->sa_next;
			continue;
		}
		*pp = sa->sa_next;
		sa_unlink(&eng->eng_by_spi[sa_hash(sa_spi_local(sa))], sa,
		    offsetof(struct ike_sa, sa_hnext));
		if (!sa->sa_initiator)
			sa_unlink(&eng->eng_by_ispi[sa_hash(sa->sa_spi_i)], sa,
			    offsetof(struct ike_sa, sa_inext));
		sa_free(sa);
	}
}

void
sa_free(struct ike_sa *sa)
{
	struct child_sa *ch;

	if (sa == NULL)
		return;
	while ((ch = sa->sa_children) != NULL) {
		sa->sa_children = ch->ch_next;
		child_free(ch);
	}
	sa_set_half_open(sa, false);
	frag_in_clear(sa);
	cry_dh_free(sa->sa_dh);
	keys_ike_free(sa->sa_keys);
	ike_buf_free(&sa->sa_ni);
	ike_buf_free(&sa->sa_nr);
	ike_buf_free(&sa->sa_init_i);
	ike_buf_free(&sa->sa_init_r);
	ike_buf_free(&sa->sa_cookie);
	ike_buf_free(&sa->sa_peer_certreq);
	ike_buf_free(&sa->sa_cni);
	cry_dh_free(sa->sa_cdh);
	ike_buf_free(&sa->sa_rk_ni);
	ike_buf_free(&sa->sa_rk_min);
	cry_dh_free(sa->sa_rk_dh);
	ike_id_free(&sa->sa_lid);
	ike_id_free(&sa->sa_rid);
	ike_buf_free(&sa->sa_req);
	ike_buf_free(&sa->sa_resp);
	ike_memzero(sa, sizeof(*sa));
	free(sa);
}

/* ---- timers --------------------------------------------------------------- */
