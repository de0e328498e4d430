/* SPDX-License-Identifier: ISC */
/*
 * cfg.h - the config model: connections, their children and secrets, as
 * the daemon's YAML loader builds them and the engine uses them.  Plain
 * data; ike_config_free() releases a whole config and wipes its secrets.
 */
#ifndef SAKER_CFG_H
#define SAKER_CFG_H

#include "addr.h"
#include "ike.h"

#define IKE_CFG_NAME_MAX	64
#define IKE_CFG_MAX_XF		32	/* transforms in one proposal */
#define IKE_CFG_MAX_PROPOSALS	16
#define IKE_CFG_MAX_TS		16
#define IKE_CFG_MAX_ADDRS	8
#define IKE_CFG_MAX_CERTS	8	/* certificate files of one end */
#define IKE_CFG_MAX_CREDS	16	/* files or directories per kind */
#define IKE_CFG_PATH_MAX	256

/* auth: pubkey - a signature with the key of an X.509 certificate, by any
 * AUTH method the keys allow (1, 9, 10, 11 or 14). */
#define IKE_CFG_AUTH_PUBKEY	14	/* IKE_AUTH_DIGITAL_SIG */

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
/* What happens to a child when its peer is found dead (dpd-action) or
 * closes it (close-action): nothing, a trap for it, or a new attempt. */
enum ike_action { IKE_ACTION_NONE, IKE_ACTION_TRAP, IKE_ACTION_START };

/* IKE fragmentation (RFC 7383) of a connection: announce it and fragment
 * big messages (yes, the default), announce it and only reassemble
 * (accept), or neither (no). */
enum ike_frag_mode { IKE_FRAG_YES, IKE_FRAG_ACCEPT, IKE_FRAG_NO };

struct ike_end_cfg {
	struct ike_addr	 addrs[IKE_CFG_MAX_ADDRS];	/* none = any (%any) */
	size_t		 n_addrs;
	struct ike_id	 id;		/* type 0: any (remote) / the address */
	uint8_t		 auth;		/* IKE_AUTH_PSK or IKE_CFG_AUTH_PUBKEY */
	/*
	 * auth: pubkey.  local: the certificate files we may present (none:
	 * any loaded certificate with its key that holds our ID) and the
	 * private key file for them (empty: found among the loaded keys by
	 * its public key).  remote: the CA certificate files the peer's
	 * chain must reach (none: any loaded CA).  Absolute paths.
	 */
	char		 certs[IKE_CFG_MAX_CERTS][IKE_CFG_PATH_MAX];
	size_t		 n_certs;
	char		 key[IKE_CFG_PATH_MAX];
	char		 cacerts[IKE_CFG_MAX_CERTS][IKE_CFG_PATH_MAX];
	size_t		 n_cacerts;
};

/*
 * A traffic selector whose family is IKE_TS_DYNAMIC stands for the address
 * the IKE SA uses on that side ("dynamic" in swanctl.conf); its proto and
 * port range still apply.  A child always has at least one selector on
 * each side: the loader fills in a dynamic one when none is configured.
 */
#define IKE_TS_DYNAMIC	0

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
	enum ike_action	 dpd_action, close_action;	/* default NONE */
	/* Rekey jitter (the soft limit is rekey_time minus up to rand_time)
	 * and volume limits, soft (rekey) and hard (life); 0 = none. */
	uint32_t	 rand_time;
	uint64_t	 rekey_bytes, life_bytes, rekey_packets, life_packets;
	struct ike_child_cfg *next;
};

/*
 * Virtual IPs.  A pool hands out addresses from ranges of one or both
 * families, with DNS servers to push (RFC 7296 3.15.1); a connection
 * names the pools its clients get addresses from.  A client connection
 * lists the virtual IPs it asks for: the unspecified address of a family
 * (0.0.0.0, ::) asks for any address of it.
 */
#define IKE_CFG_MAX_RANGES	8	/* ranges in one pool */
#define IKE_CFG_MAX_DNS		4	/* DNS servers of one pool */
#define IKE_CFG_MAX_POOLS	4	/* pools of one connection */
#define IKE_CFG_MAX_VIPS	2	/* virtual IPs asked for */
#define IKE_CFG_HOOK_MAX	256

/* start..end inclusive; one family. */
struct ike_pool_range {
	uint8_t		 family;
	uint8_t		 start[16], end[16];
};

struct ike_pool_cfg {
	char		 name[IKE_CFG_NAME_MAX];
	struct ike_pool_range ranges[IKE_CFG_MAX_RANGES];
	size_t		 n_ranges;
	struct ike_addr	 dns[IKE_CFG_MAX_DNS];
	size_t		 n_dns;
	struct ike_pool_cfg *next;
};

/* What a second IKE SA between the same IDs does (strongSwan's values):
 * replace the old one, keep it and refuse the new, or allow both (no:
 * INITIAL_CONTACT still replaces; never: not even that). */
enum ike_unique { IKE_UNIQUE_REPLACE, IKE_UNIQUE_NO, IKE_UNIQUE_NEVER,
	IKE_UNIQUE_KEEP };

struct ike_conn_cfg {
	char		 name[IKE_CFG_NAME_MAX];
	struct ike_end_cfg local, remote;
	uint16_t	 local_port, remote_port;	/* 0 = the config's port */
	struct ike_proposal ike[IKE_CFG_MAX_PROPOSALS];
	size_t		 n_ike;
	uint32_t	 rekey_time, life_time;	/* seconds, 0 = none */
	/* Rekey jitter (seconds taken off rekey_time at random) and
	 * make-before-break reauthentication; 0 = none. */
	uint32_t	 rand_time, reauth_time;
	uint32_t	 retransmit_timeout_ms;	/* first retransmit, default 2000 */
	uint32_t	 retransmit_tries;	/* then give up, default 5 */
	double		 retransmit_base;	/* backoff factor, default 2 */
	uint32_t	 dpd_delay_ms;		/* liveness check after this
						   long without traffic; 0 = off */
	uint32_t	 dpd_timeout_ms;	/* dead without an answer after
						   this long; 0 = retransmission
						   decides */
	/* NAT traversal (RFC 7296 2.23, RFC 3948) */
	int		 encap;			/* force UDP encapsulation */
	uint32_t	 keepalive_ms;		/* NAT keepalives, 0 = 20 s */
	int		 keepalive_off;		/* send no NAT keepalives */
	uint8_t		 fragmentation;		/* enum ike_frag_mode, default yes */
	struct ike_child_cfg *children;
	/* road warriors: pools (gateway), virtual IPs asked for (client),
	 * unique IDs, and the script run when virtual IPs come and go */
	char		 pools[IKE_CFG_MAX_POOLS][IKE_CFG_NAME_MAX];
	size_t		 n_pools;
	struct ike_addr	 vips[IKE_CFG_MAX_VIPS];
	size_t		 n_vips;
	enum ike_unique	 unique;
	char		 hook[IKE_CFG_HOOK_MAX];	/* "" = none */
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

/*
 * The daemon-wide credentials (swanctl's x509/, x509ca/, private/ and
 * x509crl/ directories): each entry is a file or a directory whose files
 * are all loaded.  Absolute paths.
 */
struct ike_cred_cfg {
	char		 certs[IKE_CFG_MAX_CREDS][IKE_CFG_PATH_MAX];
	size_t		 n_certs;
	char		 cacerts[IKE_CFG_MAX_CREDS][IKE_CFG_PATH_MAX];
	size_t		 n_cacerts;
	char		 keys[IKE_CFG_MAX_CREDS][IKE_CFG_PATH_MAX];
	size_t		 n_keys;
	char		 crls[IKE_CFG_MAX_CREDS][IKE_CFG_PATH_MAX];
	size_t		 n_crls;
	/* 1: neither announce nor use RFC 7427 signatures (AUTH method 14),
	 * only RSA method 1 and ECDSA methods 9-11, as for old peers. */
	int		 no_rfc7427;
};

struct ike_config {
	struct ike_conn_cfg *conns;
	struct ike_secret *secrets;
	struct ike_pool_cfg *pools;
	uint16_t	 port, natt_port;	/* IKE ports, default 500/4500 */
	char		 socket_group[64];	/* control socket group, "" = root */
	int		 log_level;		/* enum ike_log_level */
	/* Retransmission defaults of connections that set none (0 = the
	 * engine's: 2 s, 5 tries, base 2). */
	uint32_t	 retransmit_timeout_ms, retransmit_tries;
	double		 retransmit_base;
	struct ike_cred_cfg creds;
	/*
	 * Hostile networks, daemon-wide; 0 takes the built-in default.
	 * Cookies (RFC 7296 2.6) are demanded from the cookie_threshold-th
	 * half-open IKE SA on (1: always), and from the cookie_threshold_ip-th
	 * from one address; past half_open_max half-open SAs, or
	 * half_open_max_ip from one address, IKE_SA_INIT requests are dropped
	 * even with a valid cookie.  fragment_size is the largest IP datagram an
	 * IKE fragment (RFC 7383) may make.
	 */
	uint32_t	 cookie_threshold, cookie_threshold_ip;
	uint32_t	 half_open_max;
	uint32_t	 half_open_max_ip;
	uint32_t	 fragment_size;
};

void	ike_config_free(struct ike_config *);	/* NULL ok; wipes PSKs */
const struct ike_conn_cfg *ike_config_conn(const struct ike_config *, const char *name);
const struct ike_pool_cfg *ike_config_pool(const struct ike_config *, const char *name);

/*
 * A pool's addresses: a range "10.3.0.10-10.3.0.200" (both ends given),
 * a subnet "10.3.0.0/24" (without its network address, and for IPv4
 * shorter than /31 without its broadcast address), or one address.
 * IKE_EINVAL with the reason in err.
 */
int	ike_pool_range_parse(const char *text, struct ike_pool_range *out,
	    char *err, size_t errlen);

/*
 * Parses one proposal keyword string for proto (IKE_PROTO_IKE or
 * IKE_PROTO_ESP) into *out, with swanctl.conf's keywords joined by '-':
 *   encryption  aes128 aes192 aes256 (AES-CBC), aes128gcm16 aes256gcm16
 *               (also gcm12, gcm8, and "gcm" alone = gcm16), chacha20poly1305
 *   integrity   sha1 sha256 sha384 sha512 (HMAC, truncated per RFC 4868)
 *   prf         prfsha1 prfsha256 prfsha384 prfsha512 (IKE only)
 *   key exch.   modp2048 modp3072 modp4096 ecp256 ecp384 ecp521
 *               x25519 (curve25519) x448 (curve448)
 *   esn         esn noesn (ESP only; noesn when neither is given)
 * An IKE proposal needs encryption, a PRF and a key exchange method, and
 * integrity unless its ciphers are AEAD.  Without a prf keyword the
 * integrity keywords give the PRFs of the same hash (strongSwan); with
 * AEAD ciphers they are then used only for that and dropped.  An ESP
 * proposal needs encryption, and integrity unless AEAD; key exchange
 * methods there are PFS groups.  AEAD and non-AEAD ciphers cannot share a
 * proposal, nor can AEAD ciphers and integrity otherwise.  Transforms are
 * stored grouped by type, in the order written.  On error returns
 * IKE_EINVAL and writes the reason, naming the keyword, into err.
 */
int	ike_proposal_parse(const char *text, uint8_t proto,
	    struct ike_proposal *out, char *err, size_t errlen);

/*
 * The PSK for an IKE SA between local and remote, as strongSwan picks it:
 * each side scores 4 when a secret lists its ID, 1 when the secret lists
 * %any, 0 otherwise; a secret without IDs scores 1 for both.  The best
 * total above 0 wins, the first in the file among equals.  NULL when
 * nothing matches.
 */
const struct ike_secret *ike_config_psk(const struct ike_config *,
	    const struct ike_id *local, const struct ike_id *remote);

/*
 * 1 if the configured ID cfg accepts the peer's ID: type 0 (%any)
 * accepts all, an ID without wildcards the equal one (ike_id_eq).  A
 * '*' in an FQDN or RFC822 ID stands for any run of characters
 * ("*.example.com", "*@example.com", case ignored); an RDN value "*" of
 * a DN stands for any value of that attribute ("C=CH, O=Org, CN=*"):
 * the peer's DN must have the same attributes in the same order.
 */
int	ike_id_match(const struct ike_id *cfg, const struct ike_id *peer);
/* 1 if the ID holds a wildcard as ike_id_match reads them. */
int	ike_id_is_pattern(const struct ike_id *);

/* The connection called name, or the one with a child called name (that
 * child in *child, else NULL there).  NULL when none is. */
const struct ike_conn_cfg *ike_config_find(const struct ike_config *,
	    const char *name, const struct ike_child_cfg **child);
/* The child of conn called name, or NULL. */
const struct ike_child_cfg *ike_conn_child(const struct ike_conn_cfg *,
	    const char *name);
/* The i-th best connection (from 0) for a pair of addresses, exact
 * addresses before "any"; NULL past the end. */
const struct ike_conn_cfg *ike_config_conn_by_addrs(const struct ike_config *,
	    const struct ike_addr *local, const struct ike_addr *remote, size_t i);
/* Our ID on conn: the configured one, else our address (a view: out->data
 * is not owned). */
void	ike_conn_local_id(const struct ike_conn_cfg *, const struct ike_addr *local,
	    struct ike_id *out);
/* What differs between two versions of a connection that an existing SA
 * was negotiated with ("remote id, traffic selectors of lan"), written to
 * buf; 0 when nothing that matters to a running SA changed. */
size_t	ike_conn_diff(const struct ike_conn_cfg *, const struct ike_conn_cfg *,
	    char *buf, size_t len);

/* The NAT-T port of the config (4500 by default; cfg may be NULL). */
uint16_t ike_config_natt_port(const struct ike_config *);

#endif /* SAKER_CFG_H */
