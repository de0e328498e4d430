/* SPDX-License-Identifier: ISC */
/*
 * decode.h - `sakerctl decode`: one IKE datagram from a file (raw or hex,
 * with or without the non-ESP marker) as a tree of header and payloads
 * with their IANA names, printed as indented text or as JSON.  The tree
 * is built once as JSON (jansson) and the text form is printed from it,
 * so both show the same fields.
 */
#ifndef SAKER_SAKERCTL_DECODE_H
#define SAKER_SAKERCTL_DECODE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Reads a datagram from buf: hex text (hex digits, whitespace and ':'
 * only, as from a capture tool) is converted, anything else is taken as
 * raw bytes.  A leading non-ESP marker (4 zero bytes, RFC 3948 2.2) is
 * stripped and reported through *marker.  Returns 0 with the datagram
 * in *out (malloc'ed) and its length in *outlen, or -1 with a reason in
 * err.
 */
int	decode_input(const uint8_t *buf, size_t len, uint8_t **out,
	    size_t *outlen, int *marker, char *err, size_t errlen);

/*
 * Decodes one datagram into a JSON object (*out, caller decrefs).
 * Returns 0 for a well-formed message, -1 when the message or one of its
 * payloads is malformed: *out then holds what could be decoded and an
 * "error" member with the reason.
 */
int	decode_datagram(const uint8_t *pkt, size_t len, json_t **out);

/* Prints the tree as indented "key: value" text. */
void	decode_print_text(FILE *, const json_t *);

/* `sakerctl decode FILE [--json]`: 0, 1 on a malformed message, 2 on a
 * usage or file error. */
int	decode_main(int argc, char **argv);

#endif /* SAKER_SAKERCTL_DECODE_H */
