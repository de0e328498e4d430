/* SPDX-License-Identifier: ISC */
/*
 * cfg_kw.h - the keywords of the config model's enums, one table per enum.
 * saker.yaml writes them (start: trap), the control protocol shows them
 * and log lines say them; the YAML loader, sakerd's control output and its
 * log lines all take them from here, so that each is spelled once.  The
 * order of a table is the order in which messages list its keywords.
 */
#ifndef SAKER_CFG_KW_H
#define SAKER_CFG_KW_H

#include <stddef.h>

struct cfg_kw {
	const char	*name;
	int		 value;
};

struct cfg_kw_table {
	const struct cfg_kw	*kw;
	size_t			 n;
};

/* A child's start: none, trap, start (enum ike_start). */
extern const struct cfg_kw_table cfg_kw_start;
/* A child's dpd-action: clear, trap, restart (enum ike_action). */
extern const struct cfg_kw_table cfg_kw_dpd_action;
/* A child's close-action: none, trap, start (enum ike_action). */
extern const struct cfg_kw_table cfg_kw_close_action;
/* A child's mode: tunnel, transport (enum kx_mode). */
extern const struct cfg_kw_table cfg_kw_mode;
/* An end's auth: psk (IKE_AUTH_PSK), pubkey (IKE_CFG_AUTH_PUBKEY). */
extern const struct cfg_kw_table cfg_kw_auth;
/* A connection's unique: replace, no, never, keep (enum ike_unique). */
extern const struct cfg_kw_table cfg_kw_unique;
/* A connection's fragmentation: yes, accept, no (enum ike_frag_mode). */
extern const struct cfg_kw_table cfg_kw_fragmentation;
/* log-level: error, warn, info, debug, trace (enum ike_log_level). */
extern const struct cfg_kw_table cfg_kw_log_level;
/* The yes/no settings (encap, rfc7427): no (0), yes (1). */
extern const struct cfg_kw_table cfg_kw_yesno;

/* The keyword of value in t; NULL when t has none. */
const char *cfg_kw_name(const struct cfg_kw_table *t, int value);
/* 0 with the value of the keyword name (case matters) in *out, or
 * IKE_ENOENT when t has no such keyword. */
int	cfg_kw_value(const struct cfg_kw_table *t, const char *name, int *out);
/* t's keywords in order, joined by ", " ("none, trap, start"), into buf
 * (cut to len); returns buf. */
const char *cfg_kw_list(const struct cfg_kw_table *t, char *buf, size_t len);

#endif /* SAKER_CFG_KW_H */
