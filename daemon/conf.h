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

/* A finding of conf_check_files(), one line naming the file. */
enum conf_finding { CONF_WARN, CONF_ERROR };
typedef void (*conf_finding_fn)(void *arg, enum conf_finding sev,
    const char *msg);

/*
 * Checks who else may read or change the files behind cfg, loaded from
 * path (NULL: not checked): the configuration and private keys must not be
 * readable or writable by group or others, certificates, CA certificates
 * and CRLs (and the directories named for them) not writable (warnings);
 * a hook script must not be writable by others, nor any directory above
 * it unless sticky (errors; group-writable is a warning).  A hook that
 * does not exist is a warning; other missing files are left to the
 * credentials loader.  Calls fn once per finding; returns the number of
 * errors.
 */
size_t	conf_check_files(const char *path, const struct ike_config *cfg,
	    conf_finding_fn fn, void *arg);

#endif /* SAKER_CONF_H */
