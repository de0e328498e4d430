/* SPDX-License-Identifier: ISC */
/*
 * names.h - IANA names of IKEv2 numbers, for logs and the decode tool.
 * The tables (names.c) are generated at build time by genmap.sh from the
 * name comments in iana.h, so a constant added there gets its name here.
 *
 * Unknown values: names_get() returns NULL; names_str() formats
 * "UNKNOWN_<value>" into the caller's buffer (NAMES_BUFLEN is always
 * enough) and returns it, so it never fails.
 */
#ifndef SAKER_NAMES_H
#define SAKER_NAMES_H

#include <stddef.h>
#include <stdint.h>

enum names_map {
	NAMES_EXCHANGE,		/* IKE_X_ */
	NAMES_PAYLOAD,		/* IKE_PL_ */
	NAMES_PROTO,		/* IKE_PROTO_ */
	NAMES_XF_TYPE,		/* IKE_XF_ */
	NAMES_XATTR,		/* IKE_XATTR_ */
	NAMES_ENCR,		/* IKE_ENCR_ */
	NAMES_PRF,		/* IKE_PRF_ */
	NAMES_INTEG,		/* IKE_INTEG_ */
	NAMES_KE,		/* IKE_KE_ */
	NAMES_ESN,		/* IKE_ESN_ */
	NAMES_ID,		/* IKE_ID_ */
	NAMES_CERT,		/* IKE_CERT_ */
	NAMES_AUTH,		/* IKE_AUTH_ */
	NAMES_HASH,		/* IKE_HASH_ */
	NAMES_NOTIFY,		/* IKE_N_ */
	NAMES_TS,		/* IKE_TS_ */
	NAMES_CFG,		/* IKE_CFG_ */
	NAMES_CA,		/* IKE_CA_ */
	NAMES_N_MAPS
};

#define NAMES_BUFLEN	24

/* The generated tables (names.c), one per map, in iana.h order. */
struct names_entry {
	unsigned	 v;
	const char	*name;
};
struct names_table {
	const struct names_entry *e;
	size_t		 n;
};
extern const struct names_table names_tables[NAMES_N_MAPS];

/* The IANA name of v in map, or NULL. */
const char *names_get(enum names_map map, unsigned v);
/* The name, or "UNKNOWN_<v>" written into buf (len >= NAMES_BUFLEN). */
const char *names_str(enum names_map map, unsigned v, char *buf, size_t len);
/* The map of the transform IDs of transform type xftype, or -1. */
int	    names_xform_map(unsigned xftype);
/* The name of transform id of type xftype, or "UNKNOWN_<id>" in buf. */
const char *names_xform_id(unsigned xftype, unsigned id, char *buf, size_t len);
/* Reverse lookup: the value named name in map, or -1. */
long	    names_value(enum names_map map, const char *name);

#endif /* SAKER_NAMES_H */
