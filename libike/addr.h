/* SPDX-License-Identifier: ISC */
/*
 * addr.h - libike's value types (addr.c): addresses compared and formatted
 * in one place, identities, and the text forms of both and of traffic
 * selectors.  No socket headers: struct ike_addr is libike's own (ike.h).
 */
#ifndef SAKER_ADDR_H
#define SAKER_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike.h"

/* Bytes of an address of family: 4, 16, or 0 for an unknown family. */
size_t	ike_addr_len(uint8_t family);
/* Same family and address; ike_addr_eq also wants the same port. */
bool	ike_addr_host_eq(const struct ike_addr *, const struct ike_addr *);
bool	ike_addr_eq(const struct ike_addr *, const struct ike_addr *);
/* "192.0.2.1[500]", "2001:db8::1[4500]"; never fails, always terminated. */
void	ike_addr_format_port(const struct ike_addr *, char *buf, size_t len);

/*
 * Text forms of addresses and traffic selectors, without socket headers.
 * ike_addr_parse accepts dotted IPv4 and RFC 4291 IPv6 text (no zone); the
 * port is set to 0.  ike_addr_format writes RFC 5952 text.  Both return
 * IKE_EINVAL on bad input; format returns IKE_ENOSPC when len is too small.
 */
int	ike_addr_parse(const char *text, struct ike_addr *out);
int	ike_addr_format(const struct ike_addr *, char *buf, size_t len);
/* The value of one hex digit (either case), -1 if c is not one. */
int	ike_hex_digit(int c);

/*
 * A traffic selector as swanctl.conf writes it: "10.1.0.0/16",
 * "2001:db8::/64", "192.0.2.1" (one host), "10.0.0.1-10.0.0.9" (range) or
 * "dynamic" (family IKE_TS_DYNAMIC), each optionally followed by
 * "[proto]" or "[proto/port]" where proto is a name (tcp, udp, icmp,
 * ipv6-icmp, sctp, gre, esp), a number or %any, and port a number, a
 * range "lo-hi" or %any.  Host bits under the prefix are cleared as
 * strongSwan does.  IKE_EINVAL with the reason in err.
 */
int	ike_ts_parse(const char *text, struct ike_ts *out, char *err, size_t errlen);
/* Formats a selector in the form ike_ts_parse reads.  IKE_ENOSPC. */
int	ike_ts_format(const struct ike_ts *, char *buf, size_t len);


/*
 * Parses an ID as swanctl.conf does: "%any" (type 0), an IPv4 or IPv6
 * address, "@#hex" (KEY_ID), "@name" (FQDN, even if it holds '@' or '='),
 * a distinguished name "C=CH, O=Org, CN=host" (DER_ASN1_DN, RDNs in the
 * order written, as strongSwan and certificate subjects list them),
 * "user@example.net" (RFC822_ADDR), anything else FQDN.  The prefixes
 * "fqdn:", "email:" and "dn:" force a type.  *out is overwritten (free it
 * first); IKE_EINVAL on bad input, IKE_ENOMEM.
 */
int	ike_id_parse(const char *text, struct ike_id *out);
/* Formats an ID for logs and messages, in the form ike_id_parse reads;
 * bytes that are not printable are written as \xNN.  Always terminates
 * buf; IKE_ENOSPC when truncated. */
int	ike_id_format(const struct ike_id *, char *buf, size_t len);

/* 1 if the IDs are equal (type and bytes; FQDN and RFC822 compare without
 * case, as DNS names do).  A type 0 ID equals only another type 0. */
int	ike_id_eq(const struct ike_id *, const struct ike_id *);
/* Deep copy; *dst is overwritten (free it first).  IKE_ENOMEM. */
int	ike_id_copy(struct ike_id *dst, const struct ike_id *src);
void	ike_id_free(struct ike_id *);		/* NULL ok; leaves type 0 */
/* An address as an ID (RFC 7296 3.5 ID_IPV4_ADDR / ID_IPV6_ADDR): a view
 * into a, not owned. */
void	ike_id_of_addr(const struct ike_addr *a, struct ike_id *out);

#endif /* SAKER_ADDR_H */
