/* SPDX-License-Identifier: ISC */
/*
 * nat.c - NAT traversal for the engine (RFC 7296 2.23, RFC 3948): the
 * NAT detection notifies of IKE_SA_INIT and what follows from them (who
 * is behind a NAT, the move to the NAT-T port, UDP encapsulation of the
 * Child SAs), "encap: yes" which fakes our source hash so that both sides
 * encapsulate even without a NAT, keepalives from the side behind the
 * NAT, and NAT mapping changes: an authenticated IKE message or an
 * authenticated ESP packet (the kernel's XFRM_MSG_MAPPING) from a new
 * address or port moves the IKE SA and its kernel SAs there.  The hashes
 * themselves are natd.c's.
 */
#include <stdio.h>
#include <string.h>

#include "child.h"
#include "eng.h"
#include "iana.h"
#include "nat.h"
#include "natd.h"
#include "sa.h"
#include "xout.h"

#define NAT_KEEPALIVE_BYTE	0xff	/* RFC 3948 2.3 */

static bool
nat_forced(const struct ike_sa *sa)
{
	return sa->sa_conn != NULL && sa->sa_conn->encap;
}

/* N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP). */
int
nat_natd_add(struct ike_sa *sa, struct xchg_out *x)
{
	uint8_t h[NATD_HASH_LEN];
	int err;

	/*
	 * encap: yes.  A source hash that matches no address makes the
	 * peer believe we are behind a NAT (RFC 7296 2.23), so both sides
	 * use UDP encapsulation, as strongSwan's encap option does.  The
	 * responder fakes only for an initiator that sent NAT-D itself
	 * (nat_natd_check decided that already).
	 */
	if (sa->sa_initiator && nat_forced(sa))
		sa->sa_nat.fake = true;
	if (sa->sa_nat.fake)
		err = eng_rng(sa->sa_eng, h, sizeof(h));
	else
		err = natd_hash(sa->sa_spi_i, sa->sa_spi_r, &sa->sa_local, h);
	if (err < 0)
		return err;
	xout_notify(x, 0, IKE_N_NAT_DETECTION_SOURCE_IP, NULL, 0, h, sizeof(h));
	if ((err = natd_hash(sa->sa_spi_i, sa->sa_spi_r, &sa->sa_remote, h)) < 0)
		return err;
	return xout_notify(x, 0, IKE_N_NAT_DETECTION_DESTINATION_IP, NULL, 0, h,
	    sizeof(h));
}

/* Records whether either side is behind a NAT.  Peers that send no NAT
 * detection notifies get no verdict, and no faked encapsulation either:
 * they would not expect UDP-encapsulated ESP. */
void
nat_natd_check(struct ike_sa *sa, const struct msg *m)
{
	struct ike_bytes src[8], dst[8];
	const struct msg_pl *pl;
	struct pld_notify n;
	size_t i, ns = 0, nd = 0;

	for (i = 0; (pl = msg_find(m, IKE_PL_NOTIFY, i)) != NULL; i++) {
		if (pld_notify_parse(pl->body, &n) < 0)
			continue;
		if (n.type == IKE_N_NAT_DETECTION_SOURCE_IP && ns < 8)
			src[ns++] = n.data;
		else if (n.type == IKE_N_NAT_DETECTION_DESTINATION_IP && nd < 8)
			dst[nd++] = n.data;
	}
	if (ns == 0 || nd == 0) {
		if (sa->sa_nat.fake)
			eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "peer "
			    "does not do NAT detection: no UDP encapsulation "
			    "despite encap: yes");
		sa->sa_nat.fake = false;
		return;
	}
	if (!sa->sa_initiator && nat_forced(sa))
		sa->sa_nat.fake = true;
	/*
	 * The peer hashed its own address (source) and ours (destination)
	 * as it sees them, with the SPIs of this message's header (the
	 * responder's is zero in the request).  No source value matching
	 * the address the datagram came from means a NAT in front of the
	 * peer, or a peer pretending there is one (its encap option): the
	 * two look alike and are treated alike.
	 */
	sa->sa_nat.remote = natd_match(m->hdr.spi_i, m->hdr.spi_r,
	    &sa->sa_remote, src, ns) == 0;
	sa->sa_nat.local = natd_match(m->hdr.spi_i, m->hdr.spi_r,
	    &sa->sa_local, dst, nd) == 0;
	if (!sa_udp_encap(sa))
		return;
	if (sa->sa_nat.local || sa->sa_nat.remote)
		eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "NAT detected: "
		    "%s behind a NAT, using UDP encapsulation on port %u",
		    sa->sa_nat.local && sa->sa_nat.remote ? "both sides are" :
		    sa->sa_nat.local ? "we are" : "the peer is",
		    ike_config_natt_port(sa->sa_eng->eng_cfg));
	else
		eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "no NAT, "
		    "faking one (encap: yes): using UDP encapsulation on "
		    "port %u", ike_config_natt_port(sa->sa_eng->eng_cfg));
	/* RFC 7296 2.23: the initiator moves to the NAT-T port for
	 * IKE_AUTH; the responder follows when that message arrives. */
	if (sa->sa_initiator) {
		sa->sa_local.port = ike_config_natt_port(sa->sa_eng->eng_cfg);
		sa->sa_remote.port = ike_config_natt_port(sa->sa_eng->eng_cfg);
	}
}

static uint32_t
nat_keepalive_ms(const struct ike_sa *sa)
{
	if (sa->sa_conn != NULL && sa->sa_conn->keepalive_ms != 0)
		return sa->sa_conn->keepalive_ms;
	return ENG_KEEPALIVE_MS;
}

/* RFC 3948 2.3: only the side behind a NAT needs its mapping kept; a
 * faked NAT has no mapping to keep. */
void
nat_established(struct ike_sa *sa)
{
	if (!sa->sa_nat.local ||
	    (sa->sa_conn != NULL && sa->sa_conn->keepalive_off))
		return;
	sa->sa_nat.keepalive = sa->sa_eng->eng_now + nat_keepalive_ms(sa);
	if (sa->sa_nat.keepalive == 0)
		sa->sa_nat.keepalive = 1;
}

void
nat_keepalive_tick(struct ike_sa *sa, uint64_t now, struct ike_out *out)
{
	static const uint8_t keepalive = NAT_KEEPALIVE_BYTE;

	if (sa->sa_nat.keepalive == 0 || now < sa->sa_nat.keepalive)
		return;
	/* One 0xFF byte, without the non-ESP marker. */
	eng_out_push(out, &sa->sa_local, &sa->sa_remote, &keepalive, 1, 0);
	sa->sa_nat.keepalive = now + nat_keepalive_ms(sa);
}

static bool
nat_installed(const struct ike_sa *sa)
{
	const struct child_sa *ch;

	for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next)
		if (ch->ch_sa_in || ch->ch_sa_out)
			return true;
	return false;
}

/* The peer's NAT mapping is now remote: the IKE SA sends there, and
 * every Child SA's ESP goes there too. */
static void
nat_move(struct ike_sa *sa, const struct ike_addr *remote, const char *why)
{
	struct ike_addr old_local = sa->sa_local, old_remote = sa->sa_remote;
	char from[64], to[64];
	struct child_sa *ch;
	size_t n = 0, failed = 0;

	ike_addr_format_port(&old_remote, from, sizeof(from));
	ike_addr_format_port(remote, to, sizeof(to));
	sa->sa_remote = *remote;
	for (ch = sa->sa_children; ch != NULL; ch = ch->ch_next) {
		if (!ch->ch_sa_in && !ch->ch_sa_out)
			continue;
		n++;
		if (child_update(ch, &old_local, &old_remote) < 0)
			failed++;
	}
	eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "NAT mapping of the "
	    "peer changed from %s to %s (%s): %zu CHILD_SA(s) updated%s",
	    from, to, why, n - failed, failed ? ", some failed" : "");
}

/*
 * RFC 7296 2.23: a host not behind a NAT follows an authenticated
 * message from a new address or port (the peer's NAT lost its mapping);
 * a host behind a NAT does not, since one forged packet could then take
 * its SA away.  Only new messages get here: retransmitted requests were
 * answered from the cache, stale responses dropped.
 */
void
nat_float(struct ike_sa *sa, const struct ike_addr *local,
    const struct ike_addr *remote)
{
	uint16_t natt = ike_config_natt_port(sa->sa_eng->eng_cfg);
	char from[64];

	if (ike_addr_eq(local, &sa->sa_local) &&
	    ike_addr_eq(remote, &sa->sa_remote))
		return;
	if (!nat_installed(sa)) {
		/* Before any Child SA: the move to the NAT-T port (2.23),
		 * also made by peers that move there without a NAT (MOBIKE
		 * initiators, RFC 4555 3.3). */
		if (local->port != natt && remote->port != natt &&
		    !sa->sa_nat.remote)
			return;
		ike_addr_format_port(remote, from, sizeof(from));
		eng_log(sa->sa_eng, IKE_LOG_INFO, sa->sa_name, "peer moved to %s",
		    from);
		sa->sa_local = *local;
		sa->sa_remote = *remote;
		return;
	}
	ike_addr_format_port(remote, from, sizeof(from));
	if (!sa->sa_nat.remote || sa->sa_nat.local ||
	    !ike_addr_eq(local, &sa->sa_local)) {
		eng_log_limited(sa->sa_eng, IKE_LOG_DEBUG, sa->sa_name,
		    "authenticated message from %s: not following it (%s)",
		    from, sa->sa_nat.local ? "we are behind a NAT" :
		    !sa->sa_nat.remote ? "the peer is not behind a NAT" :
		    "it came to another of our addresses");
		return;
	}
	nat_move(sa, remote, "authenticated IKE message");
}

int
nat_mapping_event(struct ike_engine *eng, const struct kx_event *ev)
{
	struct child_sa *ch = child_by_spi_in(eng, &ev->dst, ev->spi);
	struct ike_sa *sa;
	char to[64];

	ike_addr_format_port(&ev->new_src, to, sizeof(to));
	if (ch == NULL) {
		eng_log_limited(eng, IKE_LOG_DEBUG, NULL, "kernel NAT mapping "
		    "change to %s for SPI %08x, which is no SA of ours", to,
		    ev->spi);
		return IKE_OK;
	}
	sa = ch->ch_sa;
	/* Its keepalives may move; the engine reads its deadline again. */
	sa_touch(sa);
	if (ike_addr_eq(&ev->new_src, &sa->sa_remote))
		return IKE_OK;		/* followed already */
	/* The kernel checked the ESP packet's ICV before it told us; the
	 * same rule as for IKE messages decides whether we follow it. */
	if (!sa_udp_encap(sa) || !sa->sa_nat.remote || sa->sa_nat.local ||
	    ev->new_src.family != sa->sa_remote.family) {
		eng_log_limited(eng, IKE_LOG_DEBUG, sa->sa_name, "kernel NAT "
		    "mapping change to %s ignored: %s", to,
		    sa->sa_nat.local ? "we are behind a NAT" :
		    "the peer is not behind a NAT");
		return IKE_OK;
	}
	nat_move(sa, &ev->new_src, "ESP from there, kernel mapping event");
	return IKE_OK;
}
