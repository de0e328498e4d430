/* SPDX-License-Identifier: ISC */
/*
 * test_keys_strongswan.c - the key schedule and SK decryption against
 * handshakes between two strongSwan charon daemons, captured with charon's
 * keys logged (test/vectors/strongswan/CASE/: keys.txt and the datagrams
 * NN-exchange-request|response-i2r|r2i.bin).  For every case: SKEYSEED and
 * SK_* derived here from the logged nonces, SPIs and shared secret equal
 * charon's, a rekeyed IKE SA's too, Child SA keys from KEYMAT; every
 * encrypted datagram (SK, and SKF fragments reassembled) verifies and
 * decrypts with the derived keys into a payload chain the codec parses,
 * IKE_AUTH with the payloads it must carry; and for PSK cases the AUTH
 * values both sides sent check with the known PSK.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "cry.h"
#include "iana.h"
#include "keys.h"
#include "msg.h"
#include "vec_strongswan.h"

#ifndef STRONGSWAN_VECTORS
#error STRONGSWAN_VECTORS must name the vector directory
#endif

/* The PSK the capture script configures on both charons. */
static const char vector_psk[] = "saker test vector PSK, not a secret";

#define MAX_MSGS	64

static struct ike_bytes
vec_bytes(const struct vec *v, const char *prefix, const char *name)
{
	const struct kv *e = vec_get(v, prefix, name);

	ck_assert_msg(e != NULL && e->val != NULL, "%s: no %s%s", v->dir, prefix, name);
	return (struct ike_bytes){ e->val, e->len };
}

static uint64_t
be64(struct ike_bytes b)
{
	uint64_t x = 0;
	size_t i;

	ck_assert_uint_eq(b.len, 8);
	for (i = 0; i < 8; i++)
		x = x << 8 | b.ptr[i];
	return x;
}

/* strongSwan's proposal keywords, as "selected proposal:" prints them. */
static const struct {
	const char	*name;
	int		 kind;		/* 0 encr, 1 integ, 2 prf */
	uint16_t	 id, keybits;
} tokens[] = {
	{ "AES_GCM_16_128", 0, IKE_ENCR_AES_GCM_16, 128 },
	{ "AES_GCM_16_192", 0, IKE_ENCR_AES_GCM_16, 192 },
	{ "AES_GCM_16_256", 0, IKE_ENCR_AES_GCM_16, 256 },
	{ "AES_CBC_128", 0, IKE_ENCR_AES_CBC, 128 },
	{ "AES_CBC_192", 0, IKE_ENCR_AES_CBC, 192 },
	{ "AES_CBC_256", 0, IKE_ENCR_AES_CBC, 256 },
	{ "CHACHA20_POLY1305", 0, IKE_ENCR_CHACHA20_POLY1305, 0 },
	{ "CHACHA20_POLY1305_256", 0, IKE_ENCR_CHACHA20_POLY1305, 0 },
	{ "HMAC_SHA1_96", 1, IKE_INTEG_HMAC_SHA1_96, 0 },
	{ "HMAC_SHA2_256_128", 1, IKE_INTEG_HMAC_SHA2_256_128, 0 },
	{ "HMAC_SHA2_384_192", 1, IKE_INTEG_HMAC_SHA2_384_192, 0 },
	{ "HMAC_SHA2_512_256", 1, IKE_INTEG_HMAC_SHA2_512_256, 0 },
	{ "PRF_HMAC_SHA1", 2, IKE_PRF_HMAC_SHA1, 0 },
	{ "PRF_HMAC_SHA2_256", 2, IKE_PRF_HMAC_SHA2_256, 0 },
	{ "PRF_HMAC_SHA2_384", 2, IKE_PRF_HMAC_SHA2_384, 0 },
	{ "PRF_HMAC_SHA2_512", 2, IKE_PRF_HMAC_SHA2_512, 0 },
};

static struct keys_suite
suite_of(const char *proposal)
{
	struct keys_suite s = { 0, 0, 0, IKE_INTEG_NONE };
	char buf[160], *tok, *save = NULL;
	const char *p = strchr(proposal, ':');
	size_t i;
	int have_encr = 0;

	snprintf(buf, sizeof(buf), "%s", p != NULL ? p + 1 : proposal);
	for (tok = strtok_r(buf, "/", &save); tok != NULL; tok = strtok_r(NULL, "/", &save))
		for (i = 0; i < sizeof(tokens) / sizeof(tokens[0]); i++) {
			if (strcmp(tok, tokens[i].name) != 0)
				continue;
			if (tokens[i].kind == 0) {
				s.encr = tokens[i].id;
				s.keybits = tokens[i].keybits;
				have_encr = 1;
			} else if (tokens[i].kind == 1) {
				s.integ = tokens[i].id;
			} else {
				s.prf = tokens[i].id;
			}
		}
	ck_assert_msg(have_encr, "no known cipher in \"%s\"", proposal);
	return s;
}

static void
assert_key(const struct vec *v, const char *pfx, const char *name,
    const struct ike_buf *got)
{
	const struct kv *e = vec_get(v, pfx, name);

	/* charon logs no SK_ai/SK_ar for AEAD: ours are empty then. */
	if (e == NULL) {
		ck_assert_msg(got->len == 0, "%s: %s%s missing", v->dir, pfx, name);
		return;
	}
	ck_assert_msg(got->len == e->len && memcmp(got->ptr, e->val, e->len) == 0,
	    "%s: %s%s differs from charon's", v->dir, pfx, name);
}

static void
assert_ike_keys(const struct vec *v, const char *pfx, const struct keys_ike *k)
{
	assert_key(v, pfx, "SK_d", &k->ks_d);
	assert_key(v, pfx, "SK_ai", &k->ks_ai);
	assert_key(v, pfx, "SK_ar", &k->ks_ar);
	assert_key(v, pfx, "SK_ei", &k->ks_ei);
	assert_key(v, pfx, "SK_er", &k->ks_er);
	assert_key(v, pfx, "SK_pi", &k->ks_pi);
	assert_key(v, pfx, "SK_pr", &k->ks_pr);
}

/* The IKE SAs of a case: ike1 from IKE_SA_INIT, ike2 from a rekey. */
struct ike_sa_vec {
	struct keys_ike	*k;
	uint64_t	 spi_i, spi_r;
	struct ike_bytes ni, nr;
};

static size_t
derive_ike_sas(const struct vec *v, struct ike_sa_vec *sas, size_t max)
{
	size_t n = 0;

	for (n = 0; n < max; n++) {
		char pfx[16];
		const struct kv *prop;
		struct keys_suite s;
		struct ike_bytes g, seed;
		uint8_t mine[CRY_PRF_MAX];

		snprintf(pfx, sizeof(pfx), "ike%zu.", n + 1);
		if ((prop = vec_get(v, pfx, "proposal")) == NULL)
			break;
		s = suite_of(prop->text);
		sas[n].spi_i = be64(vec_bytes(v, pfx, "SPIi"));
		sas[n].spi_r = be64(vec_bytes(v, pfx, "SPIr"));
		sas[n].ni = vec_bytes(v, pfx, "Ni");
		sas[n].nr = vec_bytes(v, pfx, "Nr");
		g = vec_bytes(v, pfx, "g_ir");
		seed = vec_bytes(v, pfx, "SKEYSEED");
		if (n == 0) {
			/* RFC 7296 2.14 */
			ck_assert_int_eq(keys_skeyseed(s.prf, g, sas[n].ni, sas[n].nr, mine), IKE_OK);
			ck_assert_msg(seed.len == cry_prf_len(s.prf) &&
			    memcmp(mine, seed.ptr, seed.len) == 0,
			    "%s: SKEYSEED differs from charon's", v->dir);
			ck_assert_int_eq(keys_ike_derive(&s, g, sas[n].ni, sas[n].nr,
			    sas[n].spi_i, sas[n].spi_r, &sas[n].k), IKE_OK);
		} else {
			/* RFC 7296 2.18, from the SA it replaces. */
			ck_assert_int_eq(keys_ike_rekey(sas[n - 1].k, &s, g, sas[n].ni,
			    sas[n].nr, sas[n].spi_i, sas[n].spi_r, &sas[n].k), IKE_OK);
		}
		assert_ike_keys(v, pfx, sas[n].k);
	}
	ck_assert_msg(n > 0, "%s: no IKE SA in keys.txt", v->dir);
	return n;
}

/* Child SAs: KEYMAT = prf+(SK_d, seed), seed as charon logged it. */
static size_t
check_children(const struct vec *v, struct ike_sa_vec *sas, size_t n_sa)
{
	size_t n, i;

	for (n = 0; ; n++) {
		char pfx[16];
		const struct kv *prop;
		struct keys_suite s;
		struct ike_bytes seed, none = { NULL, 0 };
		int matched = 0;

		snprintf(pfx, sizeof(pfx), "child%zu.", n + 1);
		if ((prop = vec_get(v, pfx, "proposal")) == NULL)
			break;
		s = suite_of(prop->text);
		seed = vec_bytes(v, pfx, "seed");
		/* The creating IKE SA is not written down; the one whose SK_d
		 * gives charon's keys is it, and one must. */
		for (i = 0; i < n_sa && !matched; i++) {
			struct keys_child *c;
			struct ike_bytes ei = vec_bytes(v, pfx, "encr_i");
			struct ike_bytes er = vec_bytes(v, pfx, "encr_r");
			const struct kv *ii = vec_get(v, pfx, "integ_i");
			const struct kv *ir = vec_get(v, pfx, "integ_r");

			ck_assert_int_eq(keys_child_derive(sas[i].k, &s, none, seed, none, &c), IKE_OK);
			matched = c->kc_enc_i.len == ei.len &&
			    memcmp(c->kc_enc_i.ptr, ei.ptr, ei.len) == 0 &&
			    c->kc_enc_r.len == er.len &&
			    memcmp(c->kc_enc_r.ptr, er.ptr, er.len) == 0 &&
			    (ii == NULL ? c->kc_int_i.len == 0 :
			    c->kc_int_i.len == ii->len && memcmp(c->kc_int_i.ptr, ii->val, ii->len) == 0) &&
			    (ir == NULL ? c->kc_int_r.len == 0 :
			    c->kc_int_r.len == ir->len && memcmp(c->kc_int_r.ptr, ir->val, ir->len) == 0);
			if (matched && i == 0 && n == 0)
				/* The first Child SA: seed is Ni | Nr of IKE_SA_INIT. */
				ck_assert(seed.len == sas[0].ni.len + sas[0].nr.len &&
				    memcmp(seed.ptr, sas[0].ni.ptr, sas[0].ni.len) == 0);
			keys_child_free(c);
		}
		ck_assert_msg(matched, "%s: %s keys differ from charon's", v->dir, pfx);
	}
	return n;
}

struct datagram {
	char		 name[64];
	uint8_t		*buf;
	const uint8_t	*pkt;		/* without the non-ESP marker */
	size_t		 len;
};

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct datagram *)a)->name, ((const struct datagram *)b)->name);
}

static size_t
load_datagrams(const char *dir, struct datagram *d, size_t max)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	ck_assert_ptr_nonnull(dh);
	while ((e = readdir(dh)) != NULL) {
		size_t l = strlen(e->d_name);
		char path[700];

		if (l < 8 || strcmp(e->d_name + l - 4, ".bin") != 0)
			continue;
		ck_assert_uint_lt(n, max);
		snprintf(d[n].name, sizeof(d[n].name), "%s", e->d_name);
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		d[n].buf = vec_read_file(path, &d[n].len);
		ck_assert_ptr_nonnull(d[n].buf);
		d[n].pkt = d[n].buf;
		/* Port 4500: the non-ESP marker; an SPIi is never zero. */
		if (d[n].len > 4 && memcmp(d[n].buf, "\0\0\0\0", 4) == 0) {
			d[n].pkt += 4;
			d[n].len -= 4;
		}
		n++;
	}
	closedir(dh);
	qsort(d, n, sizeof(d[0]), name_cmp);
	return n;
}

static const struct msg_pl *
first_inner(const struct msg *m)
{
	size_t i;

	for (i = 0; i < m->n_pl; i++)
		if (m->pl[i].inner)
			return &m->pl[i];
	return NULL;
}

/* PSK AUTH of one IKE_AUTH message (RFC 7296 2.15). */
static void
check_psk_auth(const struct vec *v, const struct msg *m, const struct ike_sa_vec *sa,
    const struct datagram *init_req, const struct datagram *init_resp)
{
	int req = !msg_is_response(&m->hdr);
	const struct msg_pl *id = msg_find(m, req ? IKE_PL_IDI : IKE_PL_IDR, 0);
	const struct msg_pl *auth = msg_find(m, IKE_PL_AUTH, 0);
	struct ike_bytes psk = { (const uint8_t *)vector_psk, sizeof(vector_psk) - 1 };
	struct ike_bytes wrong = { (const uint8_t *)vector_psk, sizeof(vector_psk) - 2 };
	struct ike_bytes data;
	struct ike_buf oct = { 0 };
	uint16_t prf = sa->k->ks_suite.prf;

	ck_assert_ptr_nonnull(id);
	ck_assert_ptr_nonnull(auth);
	ck_assert_ptr_nonnull(req ? init_req : init_resp);
	ck_assert_uint_gt(auth->body.len, 4);
	ck_assert_uint_eq(auth->body.ptr[0], IKE_AUTH_PSK);
	data = (struct ike_bytes){ auth->body.ptr + 4, auth->body.len - 4 };
	ck_assert_int_eq(keys_auth_octets(prf,
	    ike_buf_view(req ? &sa->k->ks_pi : &sa->k->ks_pr),
	    req ? (struct ike_bytes){ init_req->pkt, init_req->len } :
	    (struct ike_bytes){ init_resp->pkt, init_resp->len },
	    req ? sa->nr : sa->ni, id->body, &oct), IKE_OK);
	ck_assert_msg(keys_auth_psk_verify(prf, psk, ike_buf_view(&oct), data) == IKE_OK,
	    "%s: charon's %s AUTH does not verify", v->dir, req ? "initiator" : "responder");
	/* Where the capture wrote the octets and AUTH values down, ours
	 * are the same bytes. */
	{
		const struct kv *o = vec_get(v, "ike1.", req ? "auth_octets_i" : "auth_octets_r");
		const struct kv *a = vec_get(v, "ike1.", req ? "auth_i" : "auth_r");
		const struct kv *p = vec_get(v, "", "psk");
		uint8_t mine[CRY_PRF_MAX];

		if (p != NULL)
			ck_assert(p->len == psk.len && memcmp(p->val, psk.ptr, psk.len) == 0);
		if (o != NULL)
			ck_assert_msg(o->len == oct.len && memcmp(o->val, oct.ptr, oct.len) == 0,
			    "%s: signed octets differ", v->dir);
		ck_assert_int_eq(keys_auth_psk(prf, psk, ike_buf_view(&oct), mine), IKE_OK);
		ck_assert(data.len == cry_prf_len(prf) && memcmp(mine, data.ptr, data.len) == 0);
		if (a != NULL)
			ck_assert(a->len == data.len && memcmp(a->val, mine, a->len) == 0);
	}
	ck_assert_int_eq(keys_auth_psk_verify(prf, wrong, ike_buf_view(&oct), data), IKE_EAUTH);
	ike_buf_free(&oct);
}

/* Decrypts every protected datagram; returns how many IKE_AUTH messages
 * were checked. */
static size_t
check_messages(const struct vec *v, struct ike_sa_vec *sas, size_t n_sa, int psk,
    size_t *n_enc)
{
	static struct datagram d[MAX_MSGS];
	static struct msg m;
	static uint8_t frag[65536], plain[65536], scratch[65536];
	const struct datagram *init_req = NULL, *init_resp = NULL;
	size_t n = load_datagrams(v->dir, d, MAX_MSGS), i, j, fraglen = 0, n_auth = 0;
	uint8_t first = 0;

	ck_assert_msg(n >= 4, "%s: only %zu datagrams", v->dir, n);
	for (i = 0; i < n; i++) {
		struct ike_sa_vec *sa = NULL;
		struct cry_sk *sk;
		struct msg_sk s;
		size_t plen;

		ck_assert_msg(msg_parse(d[i].pkt, d[i].len, &m) == IKE_OK, "%s/%s: does not parse",
		    v->dir, d[i].name);
		if (m.hdr.exchange == IKE_X_IKE_SA_INIT) {
			if (msg_is_response(&m.hdr))
				init_resp = &d[i];
			else
				init_req = &d[i];
			continue;
		}
		ck_assert_msg(msg_sk(&m, &s) == IKE_OK, "%s/%s: not encrypted", v->dir, d[i].name);
		for (j = 0; j < n_sa; j++)
			if (sas[j].spi_i == m.hdr.spi_i && sas[j].spi_r == m.hdr.spi_r)
				sa = &sas[j];
		ck_assert_msg(sa != NULL, "%s/%s: no IKE SA with its SPIs", v->dir, d[i].name);
		sk = (m.hdr.flags & IKE_FLAG_INITIATOR) ? sa->k->ks_sk_i : sa->k->ks_sk_r;
		ck_assert_msg(cry_sk_decrypt(sk, s.aad, s.data, plain, sizeof(plain), &plen) == IKE_OK,
		    "%s/%s: does not verify and decrypt", v->dir, d[i].name);
		(*n_enc)++;
		/* The other direction's keys must not open it. */
		ck_assert_int_eq(cry_sk_decrypt(sk == sa->k->ks_sk_i ? sa->k->ks_sk_r : sa->k->ks_sk_i,
		    s.aad, s.data, scratch, sizeof(scratch), &j), IKE_EINTEGRITY);

		if (s.type == IKE_PL_SKF) {
			/* RFC 7383 2.6: reassemble in fragment order. */
			if (s.frag_num == 1) {
				fraglen = 0;
				first = s.first;
			}
			ck_assert_uint_le(fraglen + plen, sizeof(frag));
			memcpy(frag + fraglen, plain, plen);
			fraglen += plen;
			if (s.frag_num != s.frag_total)
				continue;
			ck_assert_msg(msg_parse_inner_first(&m, first, frag, fraglen) == IKE_OK,
			    "%s/%s: reassembled chain does not parse", v->dir, d[i].name);
		} else {
			ck_assert_msg(msg_parse_inner(&m, plain, plen) == IKE_OK,
			    "%s/%s: inner chain does not parse", v->dir, d[i].name);
		}
		if (m.hdr.exchange != IKE_X_IKE_AUTH)
			continue;
		/* IKE_AUTH: IDi first in the request, IDr in the response;
		 * AUTH, SA, TSi and TSr in both. */
		{
			const struct msg_pl *f = first_inner(&m);
			int req = !msg_is_response(&m.hdr);

			ck_assert_ptr_nonnull(f);
			ck_assert_msg(f->type == (req ? IKE_PL_IDI : IKE_PL_IDR),
			    "%s/%s: first inner payload %u", v->dir, d[i].name, f->type);
			ck_assert_uint_eq(msg_count(&m, IKE_PL_AUTH), 1);
			ck_assert_uint_eq(msg_count(&m, IKE_PL_SA), 1);
			ck_assert_uint_eq(msg_count(&m, IKE_PL_TSI), 1);
			ck_assert_uint_eq(msg_count(&m, IKE_PL_TSR), 1);
			if (psk)
				check_psk_auth(v, &m, sa, init_req, init_resp);
			n_auth++;
		}
	}
	for (i = 0; i < n; i++)
		free(d[i].buf);
	return n_auth;
}

START_TEST(strongswan_handshakes)
{
	DIR *dh = opendir(STRONGSWAN_VECTORS);
	struct dirent *e;
	size_t cases = 0;

	ck_assert_msg(dh != NULL, "no vector directory %s", STRONGSWAN_VECTORS);
	while ((e = readdir(dh)) != NULL) {
		static struct vec v;
		struct ike_sa_vec sas[4];
		char dir[600], keys[700];
		size_t n_sa, i, n_child, n_auth, n_enc = 0;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", STRONGSWAN_VECTORS, e->d_name);
		snprintf(keys, sizeof(keys), "%s/keys.txt", dir);
		if ((f = fopen(keys, "r")) == NULL)
			continue;
		fclose(f);
		vec_load(&v, dir);
		memset(sas, 0, sizeof(sas));
		n_sa = derive_ike_sas(&v, sas, 4);
		n_child = check_children(&v, sas, n_sa);
		n_auth = check_messages(&v, sas, n_sa, strstr(e->d_name, "psk") != NULL, &n_enc);
		ck_assert_msg(n_auth >= 2, "%s: %zu IKE_AUTH messages", dir, n_auth);
		ck_assert_msg(n_child >= 1, "%s: no Child SA", dir);
		printf("%s: %zu IKE SAs, %zu Child SAs, %zu encrypted datagrams, "
		    "%zu IKE_AUTH messages checked\n", e->d_name, n_sa, n_child, n_enc, n_auth);
		for (i = 0; i < n_sa; i++)
			keys_ike_free(sas[i].k);
		vec_free(&v);
		cases++;
	}
	closedir(dh);
	ck_assert_msg(cases > 0, "no captured handshake under %s", STRONGSWAN_VECTORS);
}
END_TEST

static Suite *
strongswan_suite(void)
{
	Suite *s = suite_create("keys_strongswan");
	TCase *tc = tcase_create("strongswan");

	tcase_add_test(tc, strongswan_handshakes);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(strongswan_suite)
