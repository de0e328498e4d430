/* SPDX-License-Identifier: ISC */
/*
 * cookie.c - stateless cookies and the bounds on half-open IKE SAs (RFC
 * 7296 2.6).  A responder under an IKE_SA_INIT flood must not keep state
 * for requests whose source address is forged: past a number of half-open
 * SAs (in total, or from one address) it answers with N(COOKIE) alone and
 * only makes an SA for a request that returns the cookie, which proves
 * the initiator receives at its address.  The cookie is
 *	version | SHA-256(Ni | IPi | SPIi | secret)
 * with a random secret replaced every COOKIE_ROTATE_MS; the version byte
 * says which secret made it, and the previous one is still accepted for a
 * short while so that a handshake under way survives the change.  Past
 * half_open_max half-open SAs even requests with good cookies are dropped,
 * which bounds the memory an attacker with real addresses can take.
 */
#include <stdlib.h>
#include <string.h>

#include "cookie.h"
#include "cry.h"
#include "eng.h"
#include "iana.h"
#include "sa.h"
#include "wire.h"
#include "xsend.h"

/* ---- per-address counters ------------------------------------------------ */

void
cookie_state_free(struct cookie_state *ck)
{
	struct cookie_ip *ci;
	size_t i;

	for (i = 0; i < COOKIE_IP_BUCKETS; i++) {
		while ((ci = ck->ck_ip[i]) != NULL) {
			ck->ck_ip[i] = ci->ci_next;
			free(ci);
		}
	}
	ike_memzero(ck, sizeof(*ck));
}

/* ---- the cookie itself ------------------------------------------------------ */

/* Replaces the secret when it is missing or too old. */
static int
cookie_rotate(struct ike_engine *eng)
{
	struct cookie_state *ck = &eng->eng_cookie;
	int err;

	if (ck->ck_have && eng->eng_now < ck->ck_born + COOKIE_ROTATE_MS)
		return IKE_OK;
	if (ck->ck_have) {
		memcpy(ck->ck_prev, ck->ck_secret, sizeof(ck->ck_prev));
		ck->ck_have_prev = true;
	}
	if ((err = eng_rng(eng, ck->ck_secret, sizeof(ck->ck_secret))) < 0) {
		ck->ck_have = false;
		return err;
	}
	ck->ck_version++;
	ck->ck_have = true;
	ck->ck_born = eng->eng_now;
	return IKE_OK;
}

static int
cookie_hash(const uint8_t *secret, uint8_t version, uint64_t spi_i,
    struct ike_bytes ni, const struct ike_addr *remote, uint8_t *out)
{
	uint8_t spi[8], fam = remote->family;
	struct ike_bytes in[5];

	ike_put_be64(spi, spi_i);
	in[0] = ni;
	in[1] = (struct ike_bytes){ &fam, 1 };
	in[2] = (struct ike_bytes){ remote->addr, ike_addr_len(remote->family) };
	in[3] = (struct ike_bytes){ spi, sizeof(spi) };
	in[4] = (struct ike_bytes){ secret, COOKIE_SECRET_LEN };
	out[0] = version;
	return cry_hash(CRY_SHA256, in, 5, out + 1);
}

int
cookie_make(struct ike_engine *eng, uint64_t spi_i, struct ike_bytes ni,
    const struct ike_addr *remote, uint8_t *out)
{
	int err;

	if ((err = cookie_rotate(eng)) < 0)
		return err;
	return cookie_hash(eng->eng_cookie.ck_secret, eng->eng_cookie.ck_version,
	    spi_i, ni, remote, out);
}

int
cookie_valid(struct ike_engine *eng, uint64_t spi_i, struct ike_bytes ni,
    const struct ike_addr *remote, struct ike_bytes cookie)
{
	struct cookie_state *ck = &eng->eng_cookie;
	uint8_t want[COOKIE_LEN];
	const uint8_t *secret;
	int ok;

	if (cookie_rotate(eng) < 0 || cookie.len != COOKIE_LEN)
		return 0;
	if (cookie.ptr[0] == ck->ck_version)
		secret = ck->ck_secret;
	else if (cookie.ptr[0] == (uint8_t)(ck->ck_version - 1) &&
	    ck->ck_have_prev && eng->eng_now < ck->ck_born + COOKIE_PREV_MS)
		secret = ck->ck_prev;
	else
		return 0;
	if (cookie_hash(secret, cookie.ptr[0], spi_i, ni, remote, want) < 0)
		return 0;
	ok = ike_memeq_ct(want, cookie.ptr, COOKIE_LEN);
	ike_memzero(want, sizeof(want));
	return ok;
}

/* ---- admission ---------------------------------------------------------------- */

/* A config limit, or its default when unset (0). */
static uint32_t
cookie_limit(uint32_t v, uint32_t def)
{
	return v != 0 ? v : def;
}

/* Checks the request's cookie, or demands one. */
static enum cookie_verdict
cookie_demand(struct ike_engine *eng, const uint8_t *pkt, size_t len,
    const struct ike_addr *local, const struct ike_addr *remote,
    const char *peer, uint32_t half, uint32_t from_ip, struct ike_out *out)
{
	enum cookie_verdict v = COOKIE_DROPPED;
	const struct msg_pl *npl;
	struct pld_nonce nonce;
	struct pld_notify n;
	uint8_t c[COOKIE_LEN];
	struct msg *m;
	int err;

	if ((m = malloc(sizeof(*m))) == NULL)
		return COOKIE_DROPPED;
	if ((err = msg_parse(pkt, len, m)) < 0 ||
	    (npl = msg_find(m, IKE_PL_NONCE, 0)) == NULL ||
	    (err = pld_nonce_parse(npl->body, &nonce)) < 0) {
		eng_drop(eng, NULL, "IKE_SA_INIT from %s without a usable "
		    "nonce: %s", peer, ike_strerror(err < 0 ? err :
		    IKE_EMALFORMED));
		goto out;
	}
	if (msg_find_notify(m, IKE_N_COOKIE, &n)) {
		if (cookie_valid(eng, m->hdr.spi_i, nonce.data, remote, n.data)) {
			v = COOKIE_PASS;
			goto out;
		}
		/* RFC 7296 2.6: a wrong cookie is ignored; the request is
		 * answered as if it had none. */
		eng_log_limited(eng, IKE_LOG_DEBUG, NULL, "IKE_SA_INIT from %s "
		    "with a cookie that is not ours or too old", peer);
	}
	if (cookie_make(eng, m->hdr.spi_i, nonce.data, remote, c) < 0) {
		eng_drop(eng, NULL, "IKE_SA_INIT from %s: cannot make a cookie",
		    peer);
		goto out;
	}
	eng_log_limited(eng, IKE_LOG_INFO, NULL, "demanding a COOKIE from %s "
	    "(%u half-open IKE SAs, %u from that address)", peer, half, from_ip);
	if (xsend_stateless_notify(eng, &m->hdr, local, remote, IKE_N_COOKIE, c,
	    sizeof(c), out) == IKE_OK)
		v = COOKIE_ANSWERED;
out:
	free(m);
	return v;
}

enum cookie_verdict
cookie_admit(struct ike_engine *eng, const uint8_t *pkt, size_t len,
    const struct ike_addr *local, const struct ike_addr *remote,
    struct ike_out *out)
{
	static const struct ike_config none;
	const struct ike_config *cfg = eng->eng_cfg ? eng->eng_cfg : &none;
	uint32_t half = (uint32_t)eng->eng_stats.half_open;
	uint32_t from_ip = sa_ho_count_of(eng, remote);
	uint32_t max = cookie_limit(cfg->half_open_max, ENG_HALF_OPEN_MAX);
	uint32_t max_ip = cookie_limit(cfg->half_open_max_ip,
	    ENG_HALF_OPEN_MAX_IP);
	enum cookie_verdict v = COOKIE_PASS;
	char peer[64];

	ike_addr_format_port(remote, peer, sizeof(peer));
	/* The new SA would be the (half + 1)-th, the (from_ip + 1)-th from
	 * its address: a threshold of 1 demands cookies always. */
	if (half + 1 >= cookie_limit(cfg->cookie_threshold, COOKIE_THRESHOLD) ||
	    from_ip + 1 >= cookie_limit(cfg->cookie_threshold_ip,
	    COOKIE_THRESHOLD_IP))
		v = cookie_demand(eng, pkt, len, local, remote, peer, half,
		    from_ip, out);
	if (v == COOKIE_PASS && half >= max) {
		/* A drop like eng_drop()'s, but one an operator should see. */
		eng->eng_stats.dropped++;
		eng_log_limited(eng, IKE_LOG_WARN, NULL, "too many half-open "
		    "IKE SAs (%u), dropping IKE_SA_INIT from %s", half, peer);
		v = COOKIE_DROPPED;
	}
	if (v == COOKIE_PASS && from_ip >= max_ip) {
		/* One address that answers cookies must not take every
		 * half-open slot: others still get in. */
		eng->eng_stats.dropped++;
		eng->eng_stats.limited++;
		eng_log_limited(eng, IKE_LOG_WARN, NULL, "too many half-open "
		    "IKE SAs from %s (%u), dropping its IKE_SA_INIT", peer,
		    from_ip);
		v = COOKIE_DROPPED;
	}
	return v;
}
