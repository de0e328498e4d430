/* SPDX-License-Identifier: ISC */
/*
 * fuzz_msg.c - libFuzzer harness for everything that reads an IKE
 * message: msg_parse(), rules_check(), every payload parser on the
 * payloads it finds, the SK/SKF views, and msg_parse_inner() on the SK
 * body taken as plaintext (past a 16-byte IV, before a 16-byte ICV), as if
 * decryption had succeeded.  Each payload that parses is built again and
 * parsed again: the second build must equal the first, and the rebuilt
 * message must scan to the same payload list.  A mismatch aborts.
 */
#include <stdlib.h>
#include <string.h>

#include "iana.h"
#include "msg.h"
#include "pld.h"
#include "rules.h"

#define FAKE_IV		16
#define FAKE_ICV	16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bigger structs are static: libFuzzer runs one input at a time. */
static struct pld_sa sa, sa2;
static struct pld_ts ts, ts2;
static struct pld_cp cp, cp2;
static uint8_t out1[70000], out2[70000];

static void
check(int cond)
{
	if (!cond)
		abort();
}

/* Builds a parsed struct twice (the second time from a re-parse of the
 * first build) and insists both builds are equal. */
#define ROUND_TRIP(parse, build, first, second) do {			\
	struct wire_w w1, w2;						\
									\
	wire_w_init(&w1, out1, sizeof(out1));				\
	check(build(&w1, (first)) == 0);				\
	check(parse(wire_w_bytes_view(&w1), (second)) == 0);		\
	wire_w_init(&w2, out2, sizeof(out2));				\
	check(build(&w2, (second)) == 0);				\
	check(w1.len == w2.len && memcmp(out1, out2, w1.len) == 0);	\
} while (0)

static void
payload(const struct msg *m, const struct msg_pl *pl)
{
	struct ike_bytes b = pl->body;

	switch (pl->type) {
	case IKE_PL_SA:
		if (pld_sa_parse(b, &sa) == 0) {
			size_t i, n;

			for (i = 0; i < sa.n_prop; i++) {
				const struct pld_xform *x = pld_sa_xforms(&sa, i, &n);
				struct pld_xattr a;
				size_t j;

				for (j = 0; j < n; j++) {
					struct wire_r r = wire_r_view(x[j].attrs);

					while (pld_xattr_next(&r, &a) == 1)
						;
				}
			}
			ROUND_TRIP(pld_sa_parse, pld_sa_build, &sa, &sa2);
		}
		break;
	case IKE_PL_KE: {
		struct pld_ke k, k2;

		if (pld_ke_parse(b, &k) == 0)
			ROUND_TRIP(pld_ke_parse, pld_ke_build, &k, &k2);
		break;
	}
	case IKE_PL_IDI:
	case IKE_PL_IDR: {
		struct pld_id id, id2;
		struct ike_id own = { 0, { NULL, 0 } };

		if (pld_id_parse(b, &id) == 0) {
			ROUND_TRIP(pld_id_parse, pld_id_build, &id, &id2);
			if (pld_id_to_ike(&id, &own) == 0) {
				struct pld_id back = pld_id_from_ike(&own);

				check(back.type == id.type && back.data.len == id.data.len);
				ike_buf_free(&own.data);
			}
		}
		break;
	}
	case IKE_PL_CERT: {
		struct pld_cert c, c2;

		if (pld_cert_parse(b, &c) == 0)
			ROUND_TRIP(pld_cert_parse, pld_cert_build, &c, &c2);
		break;
	}
	case IKE_PL_CERTREQ: {
		struct pld_cert c, c2;

		if (pld_certreq_parse(b, &c) == 0)
			ROUND_TRIP(pld_certreq_parse, pld_certreq_build, &c, &c2);
		break;
	}
	case IKE_PL_AUTH: {
		struct pld_auth a, a2;

		if (pld_auth_parse(b, &a) == 0)
			ROUND_TRIP(pld_auth_parse, pld_auth_build, &a, &a2);
		break;
	}
	case IKE_PL_NONCE: {
		struct pld_nonce n, n2;

		if (pld_nonce_parse(b, &n) == 0)
			ROUND_TRIP(pld_nonce_parse, pld_nonce_build, &n, &n2);
		break;
	}
	case IKE_PL_NOTIFY: {
		struct pld_notify n, n2;

		if (pld_notify_parse(b, &n) == 0) {
			(void)pld_notify_is_error(n.type);
			ROUND_TRIP(pld_notify_parse, pld_notify_build, &n, &n2);
		}
		break;
	}
	case IKE_PL_DELETE: {
		struct pld_delete d, d2;

		if (pld_delete_parse(b, &d) == 0) {
			size_t i;

			for (i = 0; i <= d.n_spi; i++)
				(void)pld_delete_spi32(&d, i);
			ROUND_TRIP(pld_delete_parse, pld_delete_build, &d, &d2);
		}
		break;
	}
	case IKE_PL_VENDOR: {
		struct pld_vendor v, v2;

		if (pld_vendor_parse(b, &v) == 0)
			ROUND_TRIP(pld_vendor_parse, pld_vendor_build, &v, &v2);
		break;
	}
	case IKE_PL_TSI:
	case IKE_PL_TSR:
		/* Selectors of unknown types are skipped, so the rebuild is
		 * only comparable when there were none. */
		if (pld_ts_parse(b, &ts) == 0 && ts.n > 0)
			ROUND_TRIP(pld_ts_parse, pld_ts_build, &ts, &ts2);
		break;
	case IKE_PL_CP:
		if (pld_cp_parse(b, &cp) == 0)
			ROUND_TRIP(pld_cp_parse, pld_cp_build, &cp, &cp2);
		break;
	case IKE_PL_EAP: {
		struct pld_eap e, e2;

		if (pld_eap_parse(b, &e) == 0)
			ROUND_TRIP(pld_eap_parse, pld_eap_build, &e, &e2);
		break;
	}
	case IKE_PL_SK:
	case IKE_PL_SKF: {
		struct msg_sk sk;

		if (msg_sk(m, &sk) == 0)
			check(sk.aad.ptr + sk.aad.len == sk.data.ptr);
		break;
	}
	default:
		break;
	}
}

/* Builds the message again from its outer payloads and scans it. */
static void
rebuild(const struct msg *m, size_t size)
{
	static struct msg again;
	struct msg_builder b;
	struct wire_w w;
	size_t i;

	if (m->sk >= 0)
		return;
	wire_w_init(&w, out1, sizeof(out1));
	check(msg_build_begin(&b, &w, &m->hdr) == 0);
	for (i = 0; i < m->n_pl; i++) {
		check(msg_pl_begin(&b, m->pl[i].type, m->pl[i].critical) == 0);
		check(wire_w_view(msg_w(&b), m->pl[i].body) == 0);
		check(msg_pl_end(&b) == 0);
	}
	check(msg_build_end(&b) == 0);
	msg_builder_free(&b);
	check(w.len == size);
	check(msg_parse(out1, w.len, &again) == 0);
	check(again.n_pl == m->n_pl);
	for (i = 0; i < m->n_pl; i++)
		check(again.pl[i].type == m->pl[i].type &&
		    again.pl[i].body.len == m->pl[i].body.len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct msg m;
	char why[160];
	size_t i;
	int ret;

	ret = msg_parse(data, size, &m);
	(void)rules_check(&m, why, sizeof(why));
	for (i = 0; i < m.n_pl; i++)
		if (m.pl[i].known)
			payload(&m, &m.pl[i]);
	if (ret != 0)
		return 0;
	rebuild(&m, size);
	if (m.sk >= 0) {
		struct msg_sk sk;
		size_t n = m.n_pl;

		if (msg_sk(&m, &sk) != 0 || sk.data.len < FAKE_IV + FAKE_ICV)
			return 0;
		ret = msg_parse_inner_first(&m, sk.first, sk.data.ptr + FAKE_IV,
		    sk.data.len - FAKE_IV - FAKE_ICV);
		(void)rules_check(&m, why, sizeof(why));
		for (i = n; i < m.n_pl; i++)
			if (m.pl[i].known)
				payload(&m, &m.pl[i]);
		(void)ret;
	}
	return 0;
}
