/* SPDX-License-Identifier: ISC */
/* test_rules.c - the per-exchange payload rules, walked row by row. */
#include <stdio.h>

#include "check_main.h"
#include "codec_test.h"
#include "iana.h"
#include "msg.h"
#include "pld.h"
#include "rules.h"

/* A payload to put in a test message: type, and a notify type for N. */
struct spec {
	uint8_t		type;
	uint16_t	ntype;
};

#define MAXSPEC	64
struct shape {
	struct spec	outer[MAXSPEC], inner[MAXSPEC];
	size_t		n_outer, n_inner;
	int		sk;		/* add an SK with the inner chain */
};

static struct msg m;
static uint8_t dgram[8192], plain[8192];
static char why[160];

static void
add(struct msg_builder *b, const struct spec *s)
{
	static const uint8_t zero[16];
	struct ike_bytes body = { zero, sizeof(zero) };

	ck_assert_int_eq(msg_pl_begin(b, s->type, 0), IKE_OK);
	if (s->type == IKE_PL_NOTIFY) {
		struct pld_notify n = { 0, s->ntype, { NULL, 0 }, body };

		pld_notify_build(msg_w(b), &n);
	} else
		wire_w_view(msg_w(b), body);
	ck_assert_int_eq(msg_pl_end(b), IKE_OK);
}

/* Builds, parses (and for SK "decrypts": the body is the plaintext) and
 * checks the rules. */
static int
check_shape(uint8_t exchange, int response, const struct shape *sh)
{
	struct msg_hdr h = { 1, 2, 0, IKE_VERSION_2, exchange,
	    response ? IKE_FLAG_RESPONSE : IKE_FLAG_INITIATOR, 5, 0 };
	struct msg_builder b;
	struct msg_seal seal;
	struct wire_w w;
	size_t i;

	wire_w_init(&w, dgram, sizeof(dgram));
	ck_assert_int_eq(msg_build_begin(&b, &w, &h), IKE_OK);
	for (i = 0; i < sh->n_outer; i++)
		add(&b, &sh->outer[i]);
	if (sh->sk) {
		struct ike_bytes p;

		msg_sk_begin(&b);
		for (i = 0; i < sh->n_inner; i++)
			add(&b, &sh->inner[i]);
		p = msg_sk_plain(&b);
		if (p.len > 0)
			memcpy(plain, p.ptr, p.len);
		ck_assert_int_eq(msg_sk_seal(&b, p.len, &seal), IKE_OK);
		if (p.len > 0)
			memcpy(seal.body, plain, p.len);
	} else
		ck_assert_int_eq(msg_build_end(&b), IKE_OK);
	msg_builder_free(&b);
	ck_assert_int_eq(msg_parse(dgram, w.len, &m), IKE_OK);
	if (sh->sk) {
		struct msg_sk sk;

		ck_assert_int_eq(msg_sk(&m, &sk), IKE_OK);
		ck_assert_int_eq(msg_parse_inner(&m, sk.data.ptr, sk.data.len), IKE_OK);
	}
	return rules_check(&m, why, sizeof(why));
}

static void
push(struct shape *sh, int inner, uint8_t type, uint16_t ntype)
{
	struct spec *s = inner ? &sh->inner[sh->n_inner++] : &sh->outer[sh->n_outer++];

	ck_assert_uint_le(sh->n_inner, MAXSPEC);
	ck_assert_uint_le(sh->n_outer, MAXSPEC);
	s->type = type;
	s->ntype = ntype;
}

static void
push_mask(struct shape *sh, int inner, uint32_t mask)
{
	uint8_t t;

	for (t = 33; t < 64; t++)
		if (mask & RULES_PL(t))
			push(sh, inner, t, IKE_N_NAT_DETECTION_SOURCE_IP);
}

static uint32_t
lowest(uint32_t mask)
{
	return mask & (~mask + 1);
}

/* The smallest message a row accepts: required payloads, the first of
 * any_of, and where a together group is required, all of it. */
static void
minimal(const struct rules_row *r, struct shape *sh)
{
	uint32_t need = r->required | lowest(r->any_of);

	if (need & r->together)
		need |= r->together;
	memset(sh, 0, sizeof(*sh));
	sh->sk = r->encrypted;
	push_mask(sh, r->encrypted, need);
}

START_TEST(table_is_sane)
{
	size_t i, j;

	ck_assert_uint_eq(rules_table_len, 8);
	for (i = 0; i < rules_table_len; i++) {
		const struct rules_row *r = &rules_table[i];

		ck_assert_ptr_nonnull(r->what);
		ck_assert_ptr_eq(rules_find(r->exchange, r->response), r);
		/* What is required or counted is also allowed. */
		ck_assert_uint_eq((r->required | r->any_of | r->together | r->once) &
		    ~(r->outer | r->inner), 0);
		/* Encrypted rows allow nothing outside SK, others no inner. */
		ck_assert(r->encrypted ? r->outer == 0 : r->inner == 0);
		for (j = i + 1; j < rules_table_len; j++)
			ck_assert(r->exchange != rules_table[j].exchange ||
			    r->response != rules_table[j].response);
	}
	ck_assert_ptr_null(rules_find(IKE_X_IKE_INTERMEDIATE, 0));
}
END_TEST

START_TEST(walk_rows)
{
	size_t i;
	uint8_t t;

	for (i = 0; i < rules_table_len; i++) {
		const struct rules_row *r = &rules_table[i];
		uint32_t allowed = r->encrypted ? r->inner : r->outer;
		struct shape base, sh;

		minimal(r, &base);
		ck_assert_msg(check_shape(r->exchange, r->response, &base) == IKE_OK,
		    "%s minimal: %s", r->what, why);
		for (t = 33; t <= IKE_PL_EAP; t++) {
			uint32_t bit = RULES_PL(t);

			if (t == IKE_PL_SK)
				continue;
			/* Each required payload missing. */
			if (r->required & bit) {
				size_t k;

				memset(&sh, 0, sizeof(sh));
				sh.sk = base.sk;
				for (k = 0; k < (sh.sk ? base.n_inner : base.n_outer); k++) {
					const struct spec *s = sh.sk ? &base.inner[k] : &base.outer[k];

					if (s->type != t)
						push(&sh, sh.sk, s->type, s->ntype);
				}
				ck_assert_msg(check_shape(r->exchange, r->response, &sh) == IKE_ERULES,
				    "%s without %u accepted", r->what, t);
				ck_assert_ptr_nonnull(strstr(why, "missing"));
			}
			/* A payload the row does not allow. */
			sh = base;
			push(&sh, sh.sk, t, IKE_N_NAT_DETECTION_SOURCE_IP);
			if (r->together & bit)
				push_mask(&sh, sh.sk, r->together & ~bit &
				    ~(r->required | lowest(r->any_of)));
			if (!(allowed & bit)) {
				ck_assert_msg(check_shape(r->exchange, r->response, &sh) == IKE_ERULES,
				    "%s with %u accepted", r->what, t);
				ck_assert_ptr_nonnull(strstr(why, "not allowed"));
				continue;
			}
			/* One more of an allowed payload. */
			if (r->once & bit) {
				push(&sh, sh.sk, t, 0);
				ck_assert_msg(check_shape(r->exchange, r->response, &sh) == IKE_ERULES,
				    "%s with two %u accepted", r->what, t);
				ck_assert_ptr_nonnull(strstr(why, "more than one"));
			} else {
				push(&sh, sh.sk, t, IKE_N_NAT_DETECTION_SOURCE_IP);
				ck_assert_msg(check_shape(r->exchange, r->response, &sh) == IKE_OK,
				    "%s with many %u: %s", r->what, t, why);
			}
			/* An allowed payload outside SK. */
			if (r->encrypted) {
				sh = base;
				push(&sh, 0, t, IKE_N_NAT_DETECTION_SOURCE_IP);
				ck_assert_int_eq(check_shape(r->exchange, r->response, &sh), IKE_ERULES);
				ck_assert_ptr_nonnull(strstr(why, "outside SK"));
			}
		}
		/* Encryption. */
		sh = base;
		if (r->encrypted) {
			sh.sk = 0;
			ck_assert_int_eq(check_shape(r->exchange, r->response, &sh), IKE_ERULES);
			ck_assert_ptr_nonnull(strstr(why, "not encrypted"));
		} else {
			sh.sk = 1;
			ck_assert_int_eq(check_shape(r->exchange, r->response, &sh), IKE_ERULES);
		}
	}
}
END_TEST

START_TEST(error_responses)
{
	static const uint16_t waivers[] = { IKE_N_NO_PROPOSAL_CHOSEN,
	    IKE_N_INVALID_KE_PAYLOAD, IKE_N_COOKIE, IKE_N_INVALID_SYNTAX };
	struct shape sh;
	size_t i;

	for (i = 0; i < sizeof(waivers) / sizeof(waivers[0]); i++) {
		memset(&sh, 0, sizeof(sh));
		push(&sh, 0, IKE_PL_NOTIFY, waivers[i]);
		ck_assert_msg(check_shape(IKE_X_IKE_SA_INIT, 1, &sh) == IKE_OK,
		    "%u: %s", waivers[i], why);
	}
	/* A status notify alone is not an answer. */
	memset(&sh, 0, sizeof(sh));
	push(&sh, 0, IKE_PL_NOTIFY, IKE_N_NAT_DETECTION_SOURCE_IP);
	ck_assert_int_eq(check_shape(IKE_X_IKE_SA_INIT, 1, &sh), IKE_ERULES);
	ck_assert_str_eq(why, "IKE_SA_INIT response: SA missing");
	/* The waiver is for responses only. */
	memset(&sh, 0, sizeof(sh));
	push(&sh, 0, IKE_PL_NOTIFY, IKE_N_NO_PROPOSAL_CHOSEN);
	ck_assert_int_eq(check_shape(IKE_X_IKE_SA_INIT, 0, &sh), IKE_ERULES);
	/* IKE_AUTH: N(AUTHENTICATION_FAILED) alone. */
	memset(&sh, 0, sizeof(sh));
	sh.sk = 1;
	push(&sh, 1, IKE_PL_NOTIFY, IKE_N_AUTHENTICATION_FAILED);
	ck_assert_int_eq(check_shape(IKE_X_IKE_AUTH, 1, &sh), IKE_OK);
	/* CREATE_CHILD_SA: N(TS_UNACCEPTABLE) alone. */
	memset(&sh, 0, sizeof(sh));
	sh.sk = 1;
	push(&sh, 1, IKE_PL_NOTIFY, IKE_N_TS_UNACCEPTABLE);
	ck_assert_int_eq(check_shape(IKE_X_CREATE_CHILD_SA, 1, &sh), IKE_OK);
}
END_TEST

START_TEST(exchanges)
{
	struct shape sh;

	/* IKE_AUTH with a Child SA; then half of it. */
	memset(&sh, 0, sizeof(sh));
	sh.sk = 1;
	push_mask(&sh, 1, RULES_PL(IKE_PL_IDI) | RULES_PL(IKE_PL_AUTH) |
	    RULES_PL(IKE_PL_SA) | RULES_PL(IKE_PL_TSI) | RULES_PL(IKE_PL_TSR));
	push(&sh, 1, IKE_PL_CERT, 0);
	push(&sh, 1, IKE_PL_CERT, 0);
	ck_assert_msg(check_shape(IKE_X_IKE_AUTH, 0, &sh) == IKE_OK, "%s", why);
	sh.n_inner = 4;				/* drop TSr */
	ck_assert_int_eq(check_shape(IKE_X_IKE_AUTH, 0, &sh), IKE_ERULES);
	ck_assert_str_eq(why, "IKE_AUTH request: SA without TSr");
	/* IKE_AUTH request with EAP only (an EAP round). */
	memset(&sh, 0, sizeof(sh));
	sh.sk = 1;
	push(&sh, 1, IKE_PL_EAP, 0);
	ck_assert_int_eq(check_shape(IKE_X_IKE_AUTH, 0, &sh), IKE_OK);
	/* IKE_AUTH request with nothing that authenticates. */
	memset(&sh, 0, sizeof(sh));
	sh.sk = 1;
	push(&sh, 1, IKE_PL_NOTIFY, IKE_N_INITIAL_CONTACT);
	ck_assert_int_eq(check_shape(IKE_X_IKE_AUTH, 0, &sh), IKE_ERULES);
	ck_assert_str_eq(why, "IKE_AUTH request: needs one of IDi, AUTH, EAP");
	/* CREATE_CHILD_SA rekeying the IKE SA: SA, Ni, KE, no TS. */
	memset(&sh, 0, sizeof(sh));
	sh.sk = 1;
	push_mask(&sh, 1, RULES_PL(IKE_PL_SA) | RULES_PL(IKE_PL_NONCE) |
	    RULES_PL(IKE_PL_KE));
	ck_assert_int_eq(check_shape(IKE_X_CREATE_CHILD_SA, 0, &sh), IKE_OK);
	push(&sh, 1, IKE_PL_TSI, 0);
	ck_assert_int_eq(check_shape(IKE_X_CREATE_CHILD_SA, 0, &sh), IKE_ERULES);
	/* INFORMATIONAL: empty, deletes, notifies. */
	memset(&sh, 0, sizeof(sh));
	sh.sk = 1;
	ck_assert_int_eq(check_shape(IKE_X_INFORMATIONAL, 0, &sh), IKE_OK);
	ck_assert_int_eq(check_shape(IKE_X_INFORMATIONAL, 1, &sh), IKE_OK);
	push(&sh, 1, IKE_PL_DELETE, 0);
	push(&sh, 1, IKE_PL_DELETE, 0);
	ck_assert_int_eq(check_shape(IKE_X_INFORMATIONAL, 0, &sh), IKE_OK);
	/* Unsupported exchange. */
	ck_assert_int_eq(check_shape(IKE_X_IKE_INTERMEDIATE, 0, &sh), IKE_ERULES);
	ck_assert_str_eq(why, "exchange IKE_INTERMEDIATE not supported");
	ck_assert_int_eq(check_shape(99, 0, &sh), IKE_ERULES);
	ck_assert_str_eq(why, "exchange UNKNOWN_99 not supported");
}
END_TEST

START_TEST(before_decryption_and_unknown)
{
	static uint8_t buf[256];
	struct msg_hdr h = { 1, 2, 0, IKE_VERSION_2, IKE_X_IKE_AUTH,
	    IKE_FLAG_INITIATOR, 1, 0 };
	struct msg_builder b;
	struct msg_seal seal;
	struct wire_w w;

	/* Outer part only: SK present is enough until decrypted. */
	wire_w_init(&w, buf, sizeof(buf));
	msg_build_begin(&b, &w, &h);
	ck_assert_int_eq(msg_pl_begin(&b, 60, 0), IKE_OK);	/* unknown */
	msg_pl_end(&b);
	msg_sk_begin(&b);
	ck_assert_int_eq(msg_sk_seal(&b, 32, &seal), IKE_OK);
	msg_builder_free(&b);
	ck_assert_int_eq(msg_parse(buf, w.len, &m), IKE_OK);
	ck_assert_int_eq(rules_check(&m, NULL, 0), IKE_OK);
	/* Once decrypted, the empty inner chain lacks IDi/AUTH/EAP. */
	ck_assert_int_eq(msg_parse_inner(&m, NULL, 0), IKE_OK);
	ck_assert_int_eq(rules_check(&m, why, sizeof(why)), IKE_ERULES);
}
END_TEST

static Suite *
rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, table_is_sane);
	tcase_add_test(tc, walk_rows);
	tcase_add_test(tc, error_responses);
	tcase_add_test(tc, exchanges);
	tcase_add_test(tc, before_decryption_and_unknown);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(rules_suite)
