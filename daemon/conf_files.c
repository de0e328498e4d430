/* SPDX-License-Identifier: ISC */
/*
 * conf_files.c - who else may read or change the files a configuration
 * names: the configuration itself and the private keys (secrets: nobody
 * but the owner should read or write them), the certificates, CA
 * certificates and CRLs (public, but trusted: nobody but the owner should
 * write them), with every file of a directory named, and the hook scripts,
 * which sakerd runs as root.  A hook that others may change, or that lies
 * below a directory others may write to, is an error; everything else
 * found is a warning.  Like OpenSSH's checks of its keys and iked's of
 * its configuration, and for the same reason: a secret others can read is
 * no longer one, and a script others can change runs their code as root.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ike.h"
#include "cfg.h"
#include "daemon/conf.h"

/* What a file is to sakerd, which says which of its modes matter, and
 * its name in messages, for one file and for a directory of them. */
struct cf_kind {
	int		 secret;	/* reading matters too, not only writing */
	const char	*one, *many;
};

static const struct cf_kind cf_config = { 1,
	"the configuration, which may hold pre-shared keys", NULL };
static const struct cf_kind cf_key = { 1, "a private key", "private keys" };
static const struct cf_kind cf_cert = { 0, "a certificate", "certificates" };
static const struct cf_kind cf_ca = { 0, "a trusted CA certificate",
	"trusted CA certificates" };
static const struct cf_kind cf_crl = { 0, "a revocation list",
	"revocation lists" };

struct cf_ctx {
	conf_finding_fn	 fn;
	void		*arg;
	size_t		 errors;
	char		**seen;	/* paths checked, each once */
	size_t		 n_seen, cap_seen;
};

static void cf_report(struct cf_ctx *, enum conf_finding, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
cf_report(struct cf_ctx *c, enum conf_finding sev, const char *fmt, ...)
{
	char msg[2 * PATH_MAX + 256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (sev == CONF_ERROR)
		c->errors++;
	c->fn(c->arg, sev, msg);
}

/* 1 when path was checked before; else remembers it and returns 0. */
static int
cf_seen(struct cf_ctx *c, const char *path)
{
	char **n;
	size_t i;

	for (i = 0; i < c->n_seen; i++)
		if (strcmp(c->seen[i], path) == 0)
			return 1;
	if (c->n_seen == c->cap_seen) {
		n = realloc(c->seen, (c->cap_seen ? 2 * c->cap_seen : 16) *
		    sizeof(*n));
		if (n == NULL)
			return 0;	/* checked again, no harm */
		c->seen = n;
		c->cap_seen = c->cap_seen ? 2 * c->cap_seen : 16;
	}
	if ((c->seen[c->n_seen] = strdup(path)) != NULL)
		c->n_seen++;
	return 0;
}

/* "group", "others", "group and others" for the bits of m among g and o;
 * NULL for none. */
static const char *
cf_who(mode_t m, mode_t g, mode_t o)
{
	if ((m & g) && (m & o))
		return "group and others";
	if (m & g)
		return "group";
	if (m & o)
		return "others";
	return NULL;
}

/*
 * "readable by group, writable by others" and the like for what mode m
 * gives group and others (reading only when reads is set); "" for nothing.
 */
static const char *
cf_access(mode_t m, int reads, char *buf, size_t len)
{
	const char *r = reads ? cf_who(m, S_IRGRP, S_IROTH) : NULL;
	const char *w = cf_who(m, S_IWGRP, S_IWOTH);

	if (r != NULL && w != NULL && strcmp(r, w) == 0)
		snprintf(buf, len, "readable and writable by %s", r);
	else if (r != NULL && w != NULL)
		snprintf(buf, len, "readable by %s, writable by %s", r, w);
	else if (r != NULL || w != NULL)
		snprintf(buf, len, "%s by %s", r ? "readable" : "writable",
		    r ? r : w);
	else
		buf[0] = '\0';
	return buf;
}

/* One file (or directory) of kind k. */
static void
cf_mode(struct cf_ctx *c, const char *path, const struct stat *st,
    const struct cf_kind *k)
{
	char acc[96];
	int dir = S_ISDIR(st->st_mode);

	/* A directory's entries may be listed; only writing one matters. */
	cf_access(st->st_mode, k->secret && !dir, acc, sizeof(acc));
	if (acc[0] == '\0')
		return;
	if (dir)
		cf_report(c, CONF_WARN, "%s: mode %04o: %s; the %s in it "
		    "could be replaced (chmod go-w)", path,
		    (unsigned)(st->st_mode & 07777), acc, k->many);
	else
		cf_report(c, CONF_WARN, "%s: mode %04o: %s; it is %s "
		    "(chmod %s)", path, (unsigned)(st->st_mode & 07777), acc,
		    k->one, k->secret ? "600" : "go-w");
}

/* A file, or a directory and the regular files in it; missing ones are
 * the credentials loader's to report. */
static void
cf_cred(struct cf_ctx *c, const char *path, const struct cf_kind *k)
{
	char sub[PATH_MAX];
	struct dirent *e;
	struct stat st;
	DIR *d;

	if (path[0] == '\0' || cf_seen(c, path) || stat(path, &st) < 0)
		return;
	cf_mode(c, path, &st, k);
	if (!S_ISDIR(st.st_mode) || (d = opendir(path)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) >=
		    (int)sizeof(sub) || stat(sub, &st) < 0 ||
		    !S_ISREG(st.st_mode) || cf_seen(c, sub))
			continue;
		cf_mode(c, sub, &st, k);
	}
	closedir(d);
}

static void
cf_creds(struct cf_ctx *c, const char (*paths)[IKE_CFG_PATH_MAX], size_t n,
    const struct cf_kind *k)
{
	size_t i;

	for (i = 0; i < n; i++)
		cf_cred(c, paths[i], k);
}

/*
 * The hook script path: the file it resolves to must not be writable by
 * others, nor any directory above it unless that directory is sticky
 * (like /tmp: others cannot rename or remove what is not theirs there).
 */
static void
cf_hook(struct cf_ctx *c, const char *path)
{
	char real[PATH_MAX], at[PATH_MAX + 8], acc[96], *slash;
	struct stat st, dst;

	if (path[0] == '\0' || cf_seen(c, path))
		return;
	if (realpath(path, real) == NULL || stat(real, &st) < 0) {
		cf_report(c, CONF_WARN, "hook %s: %s", path, strerror(errno));
		return;
	}
	/* "hook /usr/local/sbin/x: " or, through a link, also the target. */
	if (strcmp(real, path) == 0)
		snprintf(at, sizeof(at), "%s", path);
	else
		snprintf(at, sizeof(at), "%s: %s", path, real);
	if (!S_ISREG(st.st_mode))
		cf_report(c, CONF_WARN, "hook %s: not a regular file", at);
	cf_access(st.st_mode, 0, acc, sizeof(acc));
	if (st.st_mode & S_IWOTH)
		cf_report(c, CONF_ERROR, "hook %s: mode %04o: %s, and sakerd "
		    "would run it as root", at, (unsigned)(st.st_mode & 07777),
		    acc);
	else if (st.st_mode & S_IWGRP)
		cf_report(c, CONF_WARN, "hook %s: mode %04o: %s, and sakerd "
		    "runs it as root (chmod go-w)", at,
		    (unsigned)(st.st_mode & 07777), acc);
	/* Up the tree: real is absolute and has no "." or ".." left. */
	while ((slash = strrchr(real, '/')) != NULL) {
		*slash = '\0';
		if (stat(real[0] ? real : "/", &dst) < 0)
			break;
		if ((dst.st_mode & S_IWOTH) && !(dst.st_mode & S_ISVTX))
			cf_report(c, CONF_ERROR, "hook %s: directory %s (mode "
			    "%04o) is writable by others, and sakerd would "
			    "run the hook as root", path, real[0] ? real : "/",
			    (unsigned)(dst.st_mode & 07777));
		if (slash == real)
			break;
	}
}

size_t
conf_check_files(const char *path, const struct ike_config *cfg,
    conf_finding_fn fn, void *arg)
{
	const struct ike_conn_cfg *conn;
	struct cf_ctx c = { .fn = fn, .arg = arg };
	struct stat st;

	if (path != NULL && stat(path, &st) == 0)
		cf_mode(&c, path, &st, &cf_config);
	cf_creds(&c, cfg->creds.keys, cfg->creds.n_keys, &cf_key);
	for (conn = cfg->conns; conn != NULL; conn = conn->next)
		cf_cred(&c, conn->local.key, &cf_key);
	cf_creds(&c, cfg->creds.certs, cfg->creds.n_certs, &cf_cert);
	cf_creds(&c, cfg->creds.cacerts, cfg->creds.n_cacerts, &cf_ca);
	cf_creds(&c, cfg->creds.crls, cfg->creds.n_crls, &cf_crl);
	for (conn = cfg->conns; conn != NULL; conn = conn->next) {
		cf_creds(&c, conn->local.certs, conn->local.n_certs, &cf_cert);
		cf_creds(&c, conn->remote.cacerts, conn->remote.n_cacerts,
		    &cf_ca);
		cf_hook(&c, conn->hook);
	}
	while (c.n_seen > 0)
		free(c.seen[--c.n_seen]);
	free(c.seen);
	return c.errors;
}
