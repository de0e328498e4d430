/* SPDX-License-Identifier: ISC */
/*
 * prop.c - proposal selection and its explanation.  RFC 7296 2.7: the
 * responder accepts one proposal from the initiator's list and returns it
 * with one transform of each type; 3.3.6: a proposal with a transform
 * type the responder does not know is not acceptable.  When nothing
 * matches, the reason names both lists and the first transform type (in
 * ENCR, INTEG, PRF, KE, ESN order) where the closest pair of proposals
 * parted.
 */
#include <stdio.h>
#include <string.h>

#include "iana.h"
#include "names.h"
#include "prop.h"

/* Transform types in the order logs show them and matching checks them. */
static const uint8_t prop_types[] = {
	IKE_XF_ENCR, IKE_XF_INTEG, IKE_XF_PRF, IKE_XF_KE, IKE_XF_ESN,
};
#define PROP_NTYPES	(sizeof(prop_types) / sizeof(prop_types[0]))

/*
 * The transforms of one type in a proposal, in order.  INTEG, KE and ESN
 * default to NONE (0) when absent: an AEAD proposal without INTEG, an ESP
 * proposal without PFS or without ESN means just that.
 */
static size_t
prop_list(const struct ike_proposal *p, uint8_t type, struct ike_xform *out)
{
	size_t i, n = 0;

	for (i = 0; i < p->n_xf && n < IKE_CFG_MAX_XF; i++)
		if (p->xf[i].type == type)
			out[n++] = p->xf[i];
	if (n == 0 && (type == IKE_XF_INTEG || type == IKE_XF_KE ||
	    (type == IKE_XF_ESN && p->proto == IKE_PROTO_ESP))) {
		out[0].type = type;
		out[0].id = 0;
		out[0].keylen = 0;
		n = 1;
	}
	return n;
}

static int
prop_xf_eq(const struct ike_xform *a, const struct ike_xform *b)
{
	return a->id == b->id && a->keylen == b->keylen;
}

static int
prop_has(const struct ike_xform *l, size_t n, uint16_t id, struct ike_xform *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (l[i].id == id) {
			*out = l[i];
			return 1;
		}
	}
	return 0;
}

static int
prop_known_types(const struct ike_proposal *p)
{
	size_t i;

	for (i = 0; i < p->n_xf; i++)
		if (p->xf[i].type < IKE_XF_ENCR || p->xf[i].type > IKE_XF_ESN)
			return 0;
	return 1;
}

/*
 * Matches one peer proposal against one of ours.  Returns the number of
 * types matched before the first failure (PROP_NTYPES on success) and
 * fills *sel as far as it got.
 */
static size_t
prop_match(const struct ike_proposal *peer, const struct ike_proposal *ours,
    uint16_t ke_hint, struct prop_sel *sel)
{
	struct ike_xform pl[IKE_CFG_MAX_XF], ol[IKE_CFG_MAX_XF], pick;
	size_t t, i, j, np, no;
	int found;

	memset(sel, 0, sizeof(*sel));
	sel->proto = peer->proto;
	if (peer->proto != ours->proto)
		return 0;
	for (t = 0; t < PROP_NTYPES; t++) {
		uint8_t type = prop_types[t];

		np = prop_list(peer, type, pl);
		no = prop_list(ours, type, ol);
		if (np == 0 && no == 0)
			continue;	/* e.g. PRF in ESP */
		found = 0;
		memset(&pick, 0, sizeof(pick));
		if (type == IKE_XF_KE && ke_hint != 0 &&
		    prop_has(pl, np, ke_hint, &pick) &&
		    prop_has(ol, no, ke_hint, &pick))
			found = 1;
		for (i = 0; i < np && !found; i++) {
			for (j = 0; j < no && !found; j++) {
				if (prop_xf_eq(&pl[i], &ol[j])) {
					pick = pl[i];
					found = 1;
				}
			}
		}
		if (!found)
			return t;
		pick.type = type;
		switch (type) {
		case IKE_XF_ENCR:	sel->encr = pick; break;
		case IKE_XF_INTEG:	sel->integ = pick; break;
		case IKE_XF_PRF:	sel->prf = pick; break;
		case IKE_XF_KE:		sel->ke = pick; break;
		case IKE_XF_ESN:	sel->esn = pick; break;
		}
	}
	return PROP_NTYPES;
}

static void
prop_why(const struct ike_proposal *peer, size_t n_peer,
    const struct ike_proposal *ours, size_t n_ours, const char *what,
    char *why, size_t whylen)
{
	char theirs[PROP_WHY_MAX / 2], mine[PROP_WHY_MAX / 2];

	if (why == NULL || whylen == 0)
		return;
	prop_format(peer, n_peer, theirs, sizeof(theirs));
	prop_format(ours, n_ours, mine, sizeof(mine));
	snprintf(why, whylen, "peer offered %s, we accept %s: %s",
	    n_peer ? theirs : "nothing", n_ours ? mine : "nothing", what);
}

int
prop_select(const struct ike_proposal *peer, size_t n_peer,
    const struct ike_proposal *ours, size_t n_ours, uint16_t ke_hint,
    struct prop_sel *sel, size_t *peer_idx, char *why, size_t whylen)
{
	struct prop_sel s;
	size_t i, j, got, best = 0;
	int best_type = -1, unknown = 0, proto_seen = 0;
	char what[64], nb[NAMES_BUFLEN];

	for (i = 0; i < n_peer; i++) {
		if (!prop_known_types(&peer[i])) {
			unknown = 1;
			continue;
		}
		for (j = 0; j < n_ours; j++) {
			if (peer[i].proto != ours[j].proto)
				continue;
			proto_seen = 1;
			got = prop_match(&peer[i], &ours[j], ke_hint, &s);
			if (got == PROP_NTYPES) {
				*sel = s;
				if (peer_idx != NULL)
					*peer_idx = i;
				return IKE_OK;
			}
			if (best_type < 0 || got > best) {
				best = got;
				best_type = prop_types[got];
			}
		}
	}
	if (best_type >= 0)
		snprintf(what, sizeof(what), "no match in %s",
		    names_str(NAMES_XF_TYPE, (unsigned)best_type, nb, sizeof(nb)));
	else if (unknown && !proto_seen)
		snprintf(what, sizeof(what), "unknown transform type");
	else
		snprintf(what, sizeof(what), "no proposal for this protocol");
	prop_why(peer, n_peer, ours, n_ours, what, why, whylen);
	return IKE_ENOPROPOSAL;
}

int
prop_accept(const struct ike_proposal *resp, const struct ike_proposal *ours,
    size_t n_ours, struct prop_sel *sel, char *why, size_t whylen)
{
	size_t t, i, n;

	/* RFC 7296 3.3.6: the answer holds one transform of each type. */
	for (t = 0; t < PROP_NTYPES; t++) {
		n = 0;
		for (i = 0; i < resp->n_xf; i++)
			if (resp->xf[i].type == prop_types[t])
				n++;
		if (n > 1) {
			prop_why(resp, 1, ours, n_ours,
			    "answer has several transforms of one type", why,
			    whylen);
			return IKE_ENOPROPOSAL;
		}
	}
	return prop_select(resp, 1, ours, n_ours, 0, sel, NULL, why, whylen);
}

static void
prop_add(struct ike_proposal *p, const struct ike_xform *x)
{
	if (x->type != 0 && p->n_xf < IKE_CFG_MAX_XF)
		p->xf[p->n_xf++] = *x;
}

void
prop_sel_to_proposal(const struct prop_sel *s, struct ike_proposal *out)
{
	struct ike_xform esn = { IKE_XF_ESN, IKE_ESN_NO, 0 };

	memset(out, 0, sizeof(*out));
	out->proto = s->proto;
	prop_add(out, &s->encr);
	prop_add(out, &s->prf);
	if (s->integ.id != IKE_INTEG_NONE)
		prop_add(out, &s->integ);
	if (s->ke.id != IKE_KE_NONE)
		prop_add(out, &s->ke);
	if (s->proto == IKE_PROTO_ESP)
		prop_add(out, s->esn.type ? &s->esn : &esn);
	prop_sel_format(s, out->text, sizeof(out->text));
}

int
prop_has_xf(const struct ike_proposal *p, size_t n, uint8_t type, uint16_t id)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < p[i].n_xf; j++)
			if (p[i].xf[j].type == type && p[i].xf[j].id == id)
				return 1;
	return 0;
}

uint16_t
prop_first_ke(const struct ike_proposal *p, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < p[i].n_xf; j++)
			if (p[i].xf[j].type == IKE_XF_KE && p[i].xf[j].id != 0)
				return p[i].xf[j].id;
	return 0;
}

/* One transform as logs show it: AES_CBC_128, HMAC_SHA2_256_128,
 * PRF_HMAC_SHA2_256, MODP_2048, ESN. */
static size_t
prop_xf_format(const struct ike_xform *x, char *buf, size_t len)
{
	char nb[NAMES_BUFLEN];
	const char *name = names_xform_id(x->type, x->id, nb, sizeof(nb));
	int n;

	if (x->type == IKE_XF_INTEG && strncmp(name, "AUTH_", 5) == 0)
		name += 5;
	if (x->keylen != 0)
		n = snprintf(buf, len, "%s_%u", name, x->keylen);
	else
		n = snprintf(buf, len, "%s", name);
	if (n < 0)
		return 0;
	return (size_t)n < len ? (size_t)n : len;
}

/* Appends text to buf at *off, keeping the NUL terminator. */
static void
prop_puts(char *buf, size_t len, size_t *off, const char *s)
{
	int n;

	if (*off + 1 >= len)
		return;
	n = snprintf(buf + *off, len - *off, "%s", s);
	if (n > 0)
		*off += (size_t)n < len - *off ? (size_t)n : len - *off - 1;
}

static void
prop_format_one(const struct ike_proposal *p, char *buf, size_t len, size_t *off)
{
	char x[64];
	size_t t, i;
	int first = 1;

	for (t = 0; t < PROP_NTYPES; t++) {
		for (i = 0; i < p->n_xf; i++) {
			if (p->xf[i].type != prop_types[t])
				continue;
			/* AEAD proposals may carry INTEG NONE; skip it. */
			if (p->xf[i].type == IKE_XF_INTEG && p->xf[i].id == 0)
				continue;
			prop_xf_format(&p->xf[i], x, sizeof(x));
			if (!first)
				prop_puts(buf, len, off, "/");
			prop_puts(buf, len, off, x);
			first = 0;
		}
	}
	if (first)
		prop_puts(buf, len, off, "(empty)");
}

void
prop_format(const struct ike_proposal *p, size_t n, char *buf, size_t len)
{
	size_t i, off = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			prop_puts(buf, len, &off, ", ");
		prop_format_one(&p[i], buf, len, &off);
	}
}

void
prop_sel_format(const struct prop_sel *s, char *buf, size_t len)
{
	struct ike_proposal p;
	size_t off = 0;

	memset(&p, 0, sizeof(p));
	p.proto = s->proto;
	prop_add(&p, &s->encr);
	prop_add(&p, &s->integ);
	prop_add(&p, &s->prf);
	if (s->ke.id != 0)
		prop_add(&p, &s->ke);
	if (s->esn.id != 0)
		prop_add(&p, &s->esn);
	if (len == 0)
		return;
	buf[0] = '\0';
	prop_format_one(&p, buf, len, &off);
}

size_t
prop_from_sa(const struct pld_sa *sa, struct ike_proposal *out, size_t cap,
    struct ike_bytes *spis, uint8_t *nums)
{
	const struct pld_xform *xf;
	size_t i, j, n;

	for (i = 0; i < sa->n_prop && i < cap; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].proto = sa->prop[i].proto;
		if (spis != NULL)
			spis[i] = sa->prop[i].spi;
		if (nums != NULL)
			nums[i] = sa->prop[i].num;
		xf = pld_sa_xforms(sa, i, &n);
		if (n > IKE_CFG_MAX_XF) {
			/* More than we can hold: not a proposal we accept. */
			out[i].xf[0].type = 0xff;
			out[i].n_xf = 1;
			continue;
		}
		for (j = 0; j < n; j++) {
			out[i].xf[j] = xf[j].xf;
			/* RFC 7296 3.3.6: unknown attributes spoil the proposal. */
			if (xf[j].n_unknown)
				out[i].xf[j].type = 0xff;
		}
		out[i].n_xf = n;
	}
	return i;
}
