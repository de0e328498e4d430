/* SPDX-License-Identifier: ISC */
/*
 * cfg_kw.c - the keyword tables of the config model's enums and the
 * lookups in them, by keyword and by value.  Where swanctl.conf has a
 * word for the same setting, the table uses it.
 */
#include <stdio.h>
#include <string.h>

#include "ike.h"
#include "iana.h"
#include "cfg.h"
#include "cfg_kw.h"
#include "plugin.h"

#define KW_TABLE(name, ...)						\
	static const struct cfg_kw name##_kw[] = { __VA_ARGS__ };	\
	const struct cfg_kw_table name = {				\
		name##_kw, sizeof(name##_kw) / sizeof(name##_kw[0])	\
	}

KW_TABLE(cfg_kw_start,
	{ "none",	IKE_START_NONE },
	{ "trap",	IKE_START_TRAP },
	{ "start",	IKE_START_START });

KW_TABLE(cfg_kw_dpd_action,
	{ "clear",	IKE_ACTION_NONE },
	{ "trap",	IKE_ACTION_TRAP },
	{ "restart",	IKE_ACTION_START });

KW_TABLE(cfg_kw_close_action,
	{ "none",	IKE_ACTION_NONE },
	{ "trap",	IKE_ACTION_TRAP },
	{ "start",	IKE_ACTION_START });

KW_TABLE(cfg_kw_mode,
	{ "tunnel",	KX_MODE_TUNNEL },
	{ "transport",	KX_MODE_TRANSPORT });

KW_TABLE(cfg_kw_auth,
	{ "psk",	IKE_AUTH_PSK },
	{ "pubkey",	IKE_CFG_AUTH_PUBKEY });

KW_TABLE(cfg_kw_unique,
	{ "replace",	IKE_UNIQUE_REPLACE },
	{ "no",		IKE_UNIQUE_NO },
	{ "never",	IKE_UNIQUE_NEVER },
	{ "keep",	IKE_UNIQUE_KEEP });

KW_TABLE(cfg_kw_fragmentation,
	{ "yes",	IKE_FRAG_YES },
	{ "accept",	IKE_FRAG_ACCEPT },
	{ "no",		IKE_FRAG_NO });

KW_TABLE(cfg_kw_log_level,
	{ "error",	IKE_LOG_ERROR },
	{ "warn",	IKE_LOG_WARN },
	{ "info",	IKE_LOG_INFO },
	{ "debug",	IKE_LOG_DEBUG },
	{ "trace",	IKE_LOG_TRACE });

KW_TABLE(cfg_kw_yesno,
	{ "no",		0 },
	{ "yes",	1 });

const char *
cfg_kw_name(const struct cfg_kw_table *t, int value)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->kw[i].value == value)
			return t->kw[i].name;
	return NULL;
}

int
cfg_kw_value(const struct cfg_kw_table *t, const char *name, int *out)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->kw[i].name, name) == 0) {
			*out = t->kw[i].value;
			return IKE_OK;
		}
	return IKE_ENOENT;
}

const char *
cfg_kw_list(const struct cfg_kw_table *t, char *buf, size_t len)
{
	size_t i, off = 0;

	if (len > 0)
		buf[0] = '\0';
	for (i = 0; i < t->n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
		    i ? ", " : "", t->kw[i].name);
	return buf;
}
