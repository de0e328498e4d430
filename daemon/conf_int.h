/* SPDX-License-Identifier: ISC */
/*
 * conf_int.h - what the loader's files share: the small tree the YAML
 * events are read into (conf_yaml.c), the error context, and the value
 * readers (conf_val.c) that the section readers (conf_yaml.c for the
 * top level, sakerd and secrets, conf_conn.c for connections) use.
 */
#ifndef SAKER_CONF_INT_H
#define SAKER_CONF_INT_H

#include <stddef.h>
#include <stdint.h>

#include "ike.h"
#include "cfg.h"
#include "cfg_kw.h"

enum cnode_kind { CN_SCALAR, CN_SEQ, CN_MAP };

/* One YAML node.  A map's kids are key, value, key, value... */
struct cnode {
	enum cnode_kind	 kind;
	unsigned	 line, col;	/* 1-based */
	char		*str;		/* scalar text, NUL-terminated */
	size_t		 len;
	struct cnode	**kids;
	size_t		 n_kids;
};

struct conf_ctx {
	const char	*name;		/* file name for messages */
	char		*err;
	size_t		 errlen;
	struct ike_config *cfg;		/* being built */
	/* pool names connections use, checked at the end */
#define CONF_MAX_POOL_REFS	256
	const struct cnode *pool_refs[CONF_MAX_POOL_REFS];
	size_t		 n_pool_refs;
};

/* "name:line:col: reason" at node n; returns IKE_EINVAL. */
int	conf_err(struct conf_ctx *, const struct cnode *n, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * A mapping read against a table of keys: each known key's value goes to
 * its reader with obj; an unknown key is an error that lists the known
 * ones; a key marked required that is missing is an error at owner
 * (the node that names the mapping), with what naming it in the text.
 */
typedef int (*conf_key_fn)(struct conf_ctx *, const struct cnode *key,
    const struct cnode *val, void *obj);
struct conf_key {
	const char	*name;
	conf_key_fn	 fn;
	int		 required;
};
int	conf_map(struct conf_ctx *, const struct cnode *owner, const char *what,
	    const struct cnode *map, const struct conf_key *keys, size_t n_keys,
	    void *obj);

/* Value readers: each checks the node's kind and range and names the key
 * (key->str) in its message. */
int	conf_scalar(struct conf_ctx *, const struct cnode *key,
	    const struct cnode *val, const char **out);
int	conf_string(struct conf_ctx *, const struct cnode *key,
	    const struct cnode *val, char *buf, size_t size);
int	conf_name(struct conf_ctx *, const struct cnode *n, const char *what,
	    char *buf, size_t size);
int	conf_uint(struct conf_ctx *, const struct cnode *key,
	    const struct cnode *val, uint32_t min, uint32_t max, uint32_t *out);
/* "90s", "30m", "1h", "1d" or seconds; with ms, also "500ms" and the
 * result is in milliseconds. */
int	conf_duration(struct conf_ctx *, const struct cnode *key,
	    const struct cnode *val, int ms, uint32_t *out);
/* A volume: a number, optionally with k, m or g (binary: 1024^n), as
 * byte and packet limits are written. */
int	conf_volume(struct conf_ctx *, const struct cnode *key,
	    const struct cnode *val, uint64_t *out);
/* One of the keywords of t; its value goes to *out. */
int	conf_enum(struct conf_ctx *, const struct cnode *key,
	    const struct cnode *val, const struct cfg_kw_table *t, int *out);
/* A sequence of scalars, or one scalar standing for a list of one: the
 * items are returned in items (borrowed), at most max of them. */
int	conf_list(struct conf_ctx *, const struct cnode *key,
	    const struct cnode *val, const struct cnode **items, size_t max,
	    size_t *n);

/* retransmit-timeout (100ms..10m), retransmit-tries (1..100) or
 * retransmit-base (1..10, a decimal), by the key's name. */
int	conf_retransmit(struct conf_ctx *, const struct cnode *key,
	    const struct cnode *val, uint32_t *timeout_ms, uint32_t *tries,
	    double *base);

/* Reads a proposal list into props (at most IKE_CFG_MAX_PROPOSALS). */
int	conf_proposals(struct conf_ctx *, const struct cnode *key,
	    const struct cnode *val, uint8_t proto, struct ike_proposal *props,
	    size_t *n);
/* Fills in the default proposals for proto. */
int	conf_default_proposals(uint8_t proto, struct ike_proposal *props,
	    size_t *n);

/* The "connections" section (conf_conn.c). */
int	conf_connections(struct conf_ctx *, const struct cnode *key,
	    const struct cnode *val, void *obj);

/* Road warriors (conf_pool.c): the "pools" section; a connection's
 * pools, vips, unique and hook keys; the check that the pools a
 * connection names exist. */
int	conf_pools(struct conf_ctx *, const struct cnode *key,
	    const struct cnode *val, void *obj);
int	conf_conn_rw(struct conf_ctx *, const struct cnode *key,
	    const struct cnode *val, struct ike_conn_cfg *);
int	conf_check_pools(struct conf_ctx *);
/* Certificates (conf_creds.c): the "credentials" section, and an end's
 * "certs", "key" (local) and "cacerts" (remote) keys. */
int	conf_credentials(struct conf_ctx *, const struct cnode *key,
	    const struct cnode *val, void *obj);
int	conf_end_certs(struct conf_ctx *, const struct cnode *key,
	    const struct cnode *val, struct ike_end_cfg *end);

#endif /* SAKER_CONF_INT_H */
