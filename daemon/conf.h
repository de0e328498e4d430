/* SPDX-License-Identifier: ISC */
/*
 * conf.h - sakerd's configuration loader: reads the YAML file described
 * in saker.yaml(5) with libyaml and builds libike's config model
 * (struct ike_config in cfg.h).  Used by `sakerd --check`, at start-up
 * and on reload; a file that fails to load leaves the caller's running
 * config untouched, since nothing is returned on error.
 */
#ifndef SAKER_CONF_H
#define SAKER_CONF_H

#include <stddef.h>

struct ike_config;

/* Limits that keep a hostile file from costing much (see saker.yaml(5)). */
#define CONF_MAX_FILE		(1024 * 1024)	/* bytes */
#define CONF_MAX_DEPTH		16		/* nested collections */
#define CONF_MAX_NODES		65536		/* scalars + collections */
#define CONF_MAX_ITEMS		1024		/* entries in one collection */
#define CONF_MAX_SCALAR		4096		/* bytes in one scalar */

/*
 * Loads the config in the file at path.  On success stores a new config
 * in *out (the caller frees it with ike_config_free()) and returns IKE_OK.
 * On failure *out is left alone and err (size errlen) holds one line:
 * "path:line:column: reason" (both 1-based) for anything wrong in the
 * file, or "path: reason" when it cannot be read.  Returns IKE_EINVAL for
 * a bad file, IKE_ENOMEM, or the negative errno of open/read (IKE_ENOENT
 * when the file does not exist).
 */
int	conf_load_file(const char *path, struct ike_config **out,
	    char *err, size_t errlen);

/*
 * The same for len bytes at buf (need not be terminated); name is the
 * file name used in messages and in each connection's origin.
 */
int	conf_load_buffer(const char *name, const char *buf, size_t len,
	    struct ike_config **out, char *err, size_t errlen);

#endif /* SAKER_CONF_H */
