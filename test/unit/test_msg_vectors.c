/* SPDX-License-Identifier: ISC */
/*
 * test_msg_vectors.c - the codec against every datagram of real strongSwan
 * handshakes (test/vectors/strongswan/): each message scans, passes the
 * payload rules, and every payload parses; encrypted ones are decrypted
 * with the keys strongSwan logged (fragments reassembled), and their inner
 * chain must list exactly the payloads messages.txt names.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "codec_test.h"
#include "cry.h"
#include "iana.h"
#include "msg.h"
#include "names.h"
#include "pld.h"
#include "rules.h"
#include "vec_strongswan.h"

#define MAXMSG		8192

static struct vec keys;
static char casedir[512];

static const char *
srcdir(void)
{
	const char *s = getenv("srcdir");

	return s != NULL ? s : ".";
}

static const struct kv *
key(const char *sa, const char *what)
{
	char prefix[16];

	snprintf(prefix, sizeof(prefix), "%s.", sa);
	return vec_get(&keys, prefix, what);
}

/* The IKE SA ("ike1", "ike2") whose SPIs the header carries. */
static const char *
find_sa(const struct msg_hdr *h)
{
	static char sa[8];
	int i;

	for (i = 1; i <= 9; i++) {
		const struct kv *ki, *kr;
		struct wire_r ri, rr;

		snprintf(sa, sizeof(sa), "ike%d", i);
		ki = key(sa, "SPIi");
		kr = key(sa, "SPIr");
		if (ki == NULL || kr == NULL)
			break;
		ri = wire_r_init(ki->val, ki->len);
		rr = wire_r_init(kr->val, kr->len);
		if (wire_r_u64(&ri) == h->spi_i && wire_r_u64(&rr) == h->spi_r)
			return sa;
	}
	return NULL;
}

/* The SK keys of one direction, from the IKE SA's proposal text, such as
 * "IKE:AES_GCM_16_256/PRF_HMAC_SHA2_256/CURVE_25519". */
static struct cry_sk *
sk_for(const struct msg_hdr *h)
{
	const char *sa = find_sa(h);
	int from_i = (h->flags & IKE_FLAG_INITIATOR) != 0;
	const struct kv *prop, *ek, *ak = NULL;
	struct ike_bytes e, a = { NULL, 0 };
	uint16_t encr, integ = IKE_INTEG_NONE;
	unsigned bits = 0;
	struct cry_sk *sk;

	ck_assert_ptr_nonnull(sa);
	prop = key(sa, "proposal");
	ck_assert_ptr_nonnull(prop);
	if (sscanf(prop->text, "IKE:AES_GCM_16_%u/", &bits) == 1)
		encr = IKE_ENCR_AES_GCM_16;
	else if (sscanf(prop->text, "IKE:AES_CBC_%u/", &bits) == 1)
		encr = IKE_ENCR_AES_CBC;
	else
		ck_abort_msg("proposal %s not known to this test", prop->text);
	if (strstr(prop->text, "/HMAC_SHA2_256_128/") != NULL)
		integ = IKE_INTEG_HMAC_SHA2_256_128;
	ek = key(sa, from_i ? "SK_ei" : "SK_er");
	if (integ != IKE_INTEG_NONE)
		ak = key(sa, from_i ? "SK_ai" : "SK_ar");
	ck_assert_ptr_nonnull(ek);
	e.ptr = ek->val;
	e.len = ek->len;
	if (ak != NULL) {
		a.ptr = ak->val;
		a.len = ak->len;
	}
	ck_assert_int_eq(cry_sk_new(encr, (uint16_t)bits, integ, e, a, &sk), IKE_OK);
	return sk;
}

/* Every known payload of m from index `from` parses. */
static void
parse_all(const struct msg *m, size_t from)
{
	static struct pld_sa sa;
	static struct pld_ts ts;
	static struct pld_cp cp;
	size_t i;

	for (i = from; i < m->n_pl; i++) {
		const struct msg_pl *pl = &m->pl[i];
		union {
			struct pld_ke ke;
			struct pld_id id;
			struct pld_cert cert;
			struct pld_auth auth;
			struct pld_nonce nonce;
			struct pld_notify n;
			struct pld_delete d;
			struct pld_vendor v;
			struct pld_eap eap;
			struct pld_skf skf;
		} u;
		int ret;

		ck_assert_msg(pl->known, "unknown payload %u", pl->type);
		switch (pl->type) {
		case IKE_PL_SA:		ret = pld_sa_parse(pl->body, &sa); break;
		case IKE_PL_KE:		ret = pld_ke_parse(pl->body, &u.ke); break;
		case IKE_PL_IDI:
		case IKE_PL_IDR:	ret = pld_id_parse(pl->body, &u.id); break;
		case IKE_PL_CERT:	ret = pld_cert_parse(pl->body, &u.cert); break;
		case IKE_PL_CERTREQ:	ret = pld_certreq_parse(pl->body, &u.cert); break;
		case IKE_PL_AUTH:	ret = pld_auth_parse(pl->body, &u.auth); break;
		case IKE_PL_NONCE:	ret = pld_nonce_parse(pl->body, &u.nonce); break;
		case IKE_PL_NOTIFY:	ret = pld_notify_parse(pl->body, &u.n); break;
		case IKE_PL_DELETE:	ret = pld_delete_parse(pl->body, &u.d); break;
		case IKE_PL_VENDOR:	ret = pld_vendor_parse(pl->body, &u.v); break;
		case IKE_PL_TSI:
		case IKE_PL_TSR:	ret = pld_ts_parse(pl->body, &ts);
					ck_assert_uint_eq(ts.n_other, 0); break;
		case IKE_PL_CP:		ret = pld_cp_parse(pl->body, &cp); break;
		case IKE_PL_EAP:	ret = pld_eap_parse(pl->body, &u.eap); break;
		case IKE_PL_SKF:	ret = pld_skf_parse(pl->body, &u.skf); break;
		default:		ret = IKE_OK; break;		/* SK */
		}
		ck_assert_msg(ret == IKE_OK, "%s: payload %u: %s", casedir,
		    pl->type, ike_strerror(ret));
	}
}

/* The payload list as messages.txt writes it: "SA KE Nonce N". */
static void
list_types(const struct msg *m, size_t from, char *buf, size_t len)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = from; i < m->n_pl && used < len; i++) {
		const char *n = m->pl[i].type == IKE_PL_NONCE ? "Nonce" :
		    names_get(NAMES_PAYLOAD, m->pl[i].type);

		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    used > 0 ? " " : "", n != NULL ? n : "?");
	}
	if (from >= m->n_pl)
		snprintf(buf, len, "empty");
}

/* What messages.txt says the datagram carries, without "what: ". */
static void
expected(const char *file, char *buf, size_t len)
{
	char path[600], line[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/messages.txt", casedir);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	buf[0] = '\0';
	while (fgets(line, sizeof(line), f) != NULL) {
		char *p, *c;

		if (strncmp(line, file, strlen(file)) != 0)
			continue;
		line[strcspn(line, "\n")] = '\0';
		/* "<file>  N bytes, ID n, [what: ]types" */
		p = strstr(line, ", ID ");
		ck_assert_ptr_nonnull(p);
		p = strchr(p + 5, ',');
		ck_assert_ptr_nonnull(p);
		p += 2;
		if ((c = strchr(p, ':')) != NULL)
			p = c + 2;
		snprintf(buf, len, "%s", p);
	}
	fclose(f);
	ck_assert_msg(buf[0] != '\0', "%s not in messages.txt", file);
}

static int
binfile(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 4 && strcmp(d->d_name + n - 4, ".bin") == 0;
}

/* Decodes every datagram of one case; returns how many. */
static size_t
run_case(void)
{
	static uint8_t pkts[16][MAXMSG], plain[MAXMSG], frags[MAXMSG];
	static struct msg m;
	struct dirent **names;
	size_t frag_len = 0, done = 0;
	uint8_t frag_first = 0;
	int n, i;

	vec_load(&keys, casedir);
	n = scandir(casedir, &names, binfile, alphasort);
	ck_assert_int_gt(n, 0);
	for (i = 0; i < n; i++) {
		uint8_t *pkt = pkts[i % 16];
		char path[800], want[512], got[512], why[160];
		size_t len, off = 0, plen;
		struct msg_sk sk;
		struct cry_sk *cs;
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", casedir, names[i]->d_name);
		f = fopen(path, "rb");
		ck_assert_ptr_nonnull(f);
		len = fread(pkt, 1, MAXMSG, f);
		fclose(f);
		/* Port 4500 captures start with the non-ESP marker. */
		if (len > 4 && pkt[0] == 0 && pkt[1] == 0 && pkt[2] == 0 && pkt[3] == 0)
			off = 4;
		ck_assert_msg(msg_parse(pkt + off, len - off, &m) == IKE_OK, "%s", path);
		ck_assert_msg(rules_check(&m, why, sizeof(why)) == IKE_OK,
		    "%s: %s", path, why);
		parse_all(&m, 0);
		expected(names[i]->d_name, want, sizeof(want));
		if (m.sk < 0) {
			list_types(&m, 0, got, sizeof(got));
			ck_assert_msg(strcmp(got, want) == 0, "%s: %s, want %s",
			    path, got, want);
			free(names[i]);
			done++;
			continue;
		}
		ck_assert_int_eq(msg_sk(&m, &sk), IKE_OK);
		cs = sk_for(&m.hdr);
		ck_assert_msg(cry_sk_decrypt(cs, sk.aad, sk.data, plain,
		    sizeof(plain), &plen) == IKE_OK, "%s: decrypt", path);
		cry_sk_free(cs);
		if (sk.type == IKE_PL_SKF) {
			/* RFC 7383 2.6: reassemble in fragment order. */
			if (sk.frag_num == 1) {
				frag_len = 0;
				frag_first = sk.first;
			}
			ck_assert_uint_le(frag_len + plen, sizeof(frags));
			memcpy(frags + frag_len, plain, plen);
			frag_len += plen;
			if (sk.frag_num < sk.frag_total) {
				ck_assert_str_eq(want, "fragment");
				free(names[i]);
				done++;
				continue;
			}
			memcpy(plain, frags, frag_len);
			plen = frag_len;
			ck_assert_int_eq(msg_parse_inner_first(&m, frag_first,
			    plain, plen), IKE_OK);
		} else
			ck_assert_msg(msg_parse_inner(&m, plain, plen) == IKE_OK,
			    "%s: inner chain", path);
		ck_assert_msg(rules_check(&m, why, sizeof(why)) == IKE_OK,
		    "%s: %s", path, why);
		parse_all(&m, (size_t)m.sk + 1);
		list_types(&m, (size_t)m.sk + 1, got, sizeof(got));
		ck_assert_msg(strcmp(got, want) == 0, "%s: %s, want %s",
		    path, got, want);
		free(names[i]);
		done++;
	}
	free(names);
	vec_free(&keys);
	return done;
}

START_TEST(strongswan_cases)
{
	static const struct { const char *name; size_t n; } cases[] = {
		{ "psk-gcm-x25519", 16 },
		{ "psk-cbc-modp2048", 6 },
		{ "cert-frag", 11 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(casedir, sizeof(casedir), "%s/test/vectors/strongswan/%s",
		    srcdir(), cases[i].name);
		ck_assert_uint_eq(run_case(), cases[i].n);
	}
}
END_TEST

static Suite *
vectors_suite(void)
{
	Suite *s = suite_create("msg_vectors");
	TCase *tc = tcase_create("strongswan");

	tcase_add_test(tc, strongswan_cases);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(vectors_suite)
