/* SPDX-License-Identifier: ISC */
/*
 * cfg.h - the config model: connections, their children and secrets, as
 * the daemon's YAML loader builds them and the engine uses them.  Plain
 * data; ike_config_free() releases a whole config and wipes its secrets.
 */
#ifndef SAKER_CFG_H
#define SAKER_CFG_H

#include "ike.h"

#define IKE_CFG_NAME_MAX	64
#define IKE_CFG_MAX_XF		32	/* transforms in one proposal */
#define IKE_CFG_MAX_PROPOSALS	16
#define IKE_CFG_MAX_TS		16
#define IKE_CFG_MAX_ADDRS	8

/* One transform, with its key length attribute (0 when none). */
struct ike_xform {
	uint8_t		type;		/* IKE_XF_* */
	uint16_t	id;		/* IKE_ENCR_*, IKE_PRF_*, ... */
	uint16_t	keylen;		/* bits, 0 = no attribute */
};

/* A proposal as a keyword string gives it ("aes256gcm16-prfsha256-x25519"):
 * several transforms of one type are alternatives. */
struct ike_proposal {
	uint8_t		 proto;		/* IKE_PROTO_IKE or IKE_PROTO_ESP */
	struct ike_xform xf[IKE_CFG_MAX_XF];
	size_t		 n_xf;
	char		 text[128];	/* the keyword string, for logs */
};

enum ike_start { IKE_START_NONE, IKE_START_TRAP, IKE_START_START };

struct ike_end_cfg {
	struct ike_addr	 addrs[IKE_CFG_MAX_ADDRS];	/* none = any */
	size_t		 n_addrs;
	struct ike_id	 id;		/* type 0: any (remote) / the address */
	uint8_t		 auth;		/* IKE_AUTH_PSK, ... */
};

struct ike_child_cfg {
	char		 name[IKE_CFG_NAME_MAX];
	struct ike_ts	 local_ts[IKE_CFG_MAX_TS], remote_ts[IKE_CFG_MAX_TS];
	size_t		 n_local_ts, n_remote_ts;
	struct ike_proposal esp[IKE_CFG_MAX_PROPOSALS];
	size_t		 n_esp;
	int		 mode;		/* enum kx_mode */
	enum ike_start	 start;
	uint32_t	 rekey_time, life_time;	/* seconds, 0 = none */
	uint32_t	 replay_window;
	struct ike_child_cfg *next;
};

struct ike_conn_cfg {
	char		 name[IKE_CFG_NAME_MAX];
	struct ike_end_cfg local, remote;
	uint16_t	 local_port, remote_port;	/* 0 = 500 */
	struct ike_proposal ike[IKE_CFG_MAX_PROPOSALS];
	size_t		 n_ike;
	uint32_t	 rekey_time, life_time;	/* seconds, 0 = none */
	uint32_t	 retransmit_timeout_ms;	/* first retransmit, default 2000 */
	uint32_t	 retransmit_tries;	/* then give up, default 5 */
	struct ike_child_cfg *children;
	struct ike_conn_cfg *next;
	/* where it was defined, for messages: "file:line" */
	char		 origin[128];
};

struct ike_secret {
	struct ike_id	 ids[8];
	size_t		 n_ids;		/* 0: any */
	struct ike_buf	 psk;
	struct ike_secret *next;
};

struct ike_config {
	struct ike_conn_cfg *conns;
	struct ike_secret *secrets;
	uint16_t	 port, natt_port;	/* IKE ports, default 500/4500 */
	char		 socket_group[64];	/* control socket group, "" = root */
	int		 log_level;		/* enum ike_log_level */
};

void	ike_config_free(struct ike_config *);	/* NULL ok; wipes PSKs */
const struct ike_conn_cfg *ike_config_conn(const struct ike_config *, const char *name);

/* Parses one proposal keyword string for proto into *out; on error returns
 * IKE_EINVAL and writes the reason into err (size errlen). */
int	ike_proposal_parse(const char *text, uint8_t proto,
	    struct ike_proposal *out, char *err, size_t errlen);
/* Parses an ID as swanctl.conf does: IP address, user@fqdn, fqdn, or
 * "@fqdn"/"@#hex" forms. */
int	ike_id_parse(const char *text, struct ike_id *out);
/* Formats an ID for logs. */
int	ike_id_format(const struct ike_id *, char *buf, size_t len);

#endif /* SAKER_CFG_H */
