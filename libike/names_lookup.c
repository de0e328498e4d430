/* SPDX-License-Identifier: ISC */
/*
 * names_lookup.c - lookups in the IANA name tables that genmap.sh
 * generates into names.c from iana.h.
 */
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "iana.h"

const char *
names_get(enum names_map map, unsigned v)
{
	const struct names_table *t;
	size_t i;

	if ((unsigned)map >= NAMES_N_MAPS)
		return NULL;
	t = &names_tables[map];
	for (i = 0; i < t->n; i++)
		if (t->e[i].v == v)
			return t->e[i].name;
	return NULL;
}

const char *
names_str(enum names_map map, unsigned v, char *buf, size_t len)
{
	const char *n = names_get(map, v);

	if (n != NULL)
		return n;
	snprintf(buf, len, "UNKNOWN_%u", v);
	return buf;
}

int
names_xform_map(unsigned xftype)
{
	switch (xftype) {
	case IKE_XF_ENCR:	return NAMES_ENCR;
	case IKE_XF_PRF:	return NAMES_PRF;
	case IKE_XF_INTEG:	return NAMES_INTEG;
	case IKE_XF_KE:		return NAMES_KE;
	case IKE_XF_ESN:	return NAMES_ESN;
	default:		return -1;
	}
}

const char *
names_xform_id(unsigned xftype, unsigned id, char *buf, size_t len)
{
	int map = names_xform_map(xftype);

	if (map < 0) {
		snprintf(buf, len, "UNKNOWN_%u", id);
		return buf;
	}
	return names_str((enum names_map)map, id, buf, len);
}

long
names_value(enum names_map map, const char *name)
{
	const struct names_table *t;
	size_t i;

	if ((unsigned)map >= NAMES_N_MAPS || name == NULL)
		return -1;
	t = &names_tables[map];
	for (i = 0; i < t->n; i++)
		if (strcmp(t->e[i].name, name) == 0)
			return (long)t->e[i].v;
	return -1;
}
