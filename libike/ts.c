/* SPDX-License-Identifier: ISC */
/*
 * ts.c - traffic selectors: the range arithmetic behind RFC 7296 2.9
 * narrowing, the initiator's subset check, the conversion of a selector
 * pair into the kernel's prefix selector, and the text used in logs.
 * Addresses are kept in network order, so memcmp orders them.
 */
#include <stdio.h>
#include <string.h>

#include "cfg.h"
#include "ts.h"

void
ts_any(uint8_t family, struct ike_ts *out)
{
	memset(out, 0, sizeof(*out));
	out->family = family;
	out->port_lo = 0;
	out->port_hi = 65535;
	memset(out->end, 0xff, ike_addr_len(family));
}

void
ts_host(const struct ike_addr *a, struct ike_ts *out)
{
	size_t alen = ike_addr_len(a->family);

	ts_any(a->family, out);
	memcpy(out->start, a->addr, alen);
	memcpy(out->end, a->addr, alen);
}

bool
ts_intersect(const struct ike_ts *a, const struct ike_ts *b, struct ike_ts *out)
{
	size_t alen = ike_addr_len(a->family);
	struct ike_ts r;

	if (alen == 0 || a->family != b->family)
		return false;
	if (a->proto != 0 && b->proto != 0 && a->proto != b->proto)
		return false;
	memset(&r, 0, sizeof(r));
	r.family = a->family;
	r.proto = a->proto != 0 ? a->proto : b->proto;
	r.port_lo = a->port_lo > b->port_lo ? a->port_lo : b->port_lo;
	r.port_hi = a->port_hi < b->port_hi ? a->port_hi : b->port_hi;
	if (r.port_lo > r.port_hi)
		return false;
	memcpy(r.start, memcmp(a->start, b->start, alen) > 0 ? a->start : b->start, alen);
	memcpy(r.end, memcmp(a->end, b->end, alen) < 0 ? a->end : b->end, alen);
	if (memcmp(r.start, r.end, alen) > 0)
		return false;
	*out = r;
	return true;
}

bool
ts_within(const struct ike_ts *a, const struct ike_ts *b)
{
	size_t alen = ike_addr_len(a->family);

	if (alen == 0 || a->family != b->family)
		return false;
	if (b->proto != 0 && a->proto != b->proto)
		return false;
	if (a->port_lo < b->port_lo || a->port_hi > b->port_hi)
		return false;
	return memcmp(a->start, b->start, alen) >= 0 &&
	    memcmp(a->end, b->end, alen) <= 0;
}

static bool
ts_covered(const struct ike_ts *t, const struct ike_ts *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ts_within(t, &set[i]))
			return true;
	return false;
}

int
ts_narrow(const struct ike_ts *peer, size_t n_peer, const struct ike_ts *ours,
    size_t n_ours, struct ike_ts *out, size_t cap, size_t *n_out)
{
	struct ike_ts r;
	size_t i, j, n = 0;

	for (i = 0; i < n_peer; i++) {
		for (j = 0; j < n_ours && n < cap; j++) {
			if (!ts_intersect(&peer[i], &ours[j], &r))
				continue;
			if (ts_covered(&r, out, n))
				continue;
			out[n++] = r;
		}
	}
	*n_out = n;
	return n > 0 ? IKE_OK : IKE_ETS;
}

bool
ts_subset(const struct ike_ts *sub, size_t n_sub, const struct ike_ts *set,
    size_t n_set)
{
	size_t i;

	if (n_sub == 0)
		return false;
	for (i = 0; i < n_sub; i++)
		if (!ts_covered(&sub[i], set, n_set))
			return false;
	return true;
}

/* The covering prefix of [start, end]: the network of start under the
 * longest prefix both ends share. */
static void
ts_prefix(const struct ike_ts *t, uint8_t *net, uint8_t *plen)
{
	size_t alen = ike_addr_len(t->family), i;
	unsigned bits = 0;
	uint8_t diff;

	for (i = 0; i < alen; i++) {
		diff = t->start[i] ^ t->end[i];
		if (diff == 0) {
			bits += 8;
			continue;
		}
		while (!(diff & 0x80)) {
			bits++;
			diff <<= 1;
		}
		break;
	}
	memset(net, 0, 16);
	for (i = 0; i < alen; i++) {
		unsigned keep = bits > i * 8 ? bits - i * 8 : 0;
		uint8_t mask = keep >= 8 ? 0xff : (uint8_t)(0xff << (8 - keep));

		net[i] = t->start[i] & mask;
	}
	*plen = (uint8_t)bits;
}

/* A port range as the kernel takes it: one port, or any. */
static uint16_t
ts_port(const struct ike_ts *t)
{
	return t->port_lo == t->port_hi ? t->port_lo : 0;
}

int
ts_to_sel(const struct ike_ts *src, const struct ike_ts *dst, struct kx_sel *out)
{
	if (src->family != dst->family || ike_addr_len(src->family) == 0)
		return IKE_EINVAL;
	memset(out, 0, sizeof(*out));
	out->family = src->family;
	/* One protocol for both directions; a narrowed pair agrees. */
	out->proto = src->proto != 0 ? src->proto : dst->proto;
	ts_prefix(src, out->src, &out->src_plen);
	ts_prefix(dst, out->dst, &out->dst_plen);
	out->sport = ts_port(src);
	out->dport = ts_port(dst);
	return IKE_OK;
}

void
ts_addr_format(uint8_t family, const uint8_t *addr, char *buf, size_t len)
{
	struct ike_addr a;

	if (len == 0)
		return;
	memset(&a, 0, sizeof(a));
	a.family = family;
	memcpy(a.addr, addr, ike_addr_len(family));
	if (ike_addr_format(&a, buf, len) == IKE_EINVAL)
		snprintf(buf, len, "?");
}

void
ts_format(const struct ike_ts *t, size_t n, char *buf, size_t len)
{
	size_t i, off = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < n && off + 1 < len; i++) {
		if (i > 0)
			off += (size_t)snprintf(buf + off, len - off, " ");
		if (off + 1 >= len)
			break;
		ike_ts_format(&t[i], buf + off, len - off);
		off += strlen(buf + off);
	}
}
