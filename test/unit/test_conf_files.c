/* SPDX-License-Identifier: ISC */
/*
 * test_conf_files.c - who else may read or change the files a config
 * names: the config and private keys (reading and writing), certificates
 * and directories of them (writing), each file named once; hook scripts
 * writable by others, or below a directory others may write to, refused
 * unless that directory is sticky; a missing hook warned about.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_main.h"
#include "ike.h"
#include "cfg.h"
#include "conf.h"

static char dir[48];

struct found {
	char	 msg[16][512];
	int	 sev[16];
	size_t	 n;
};

static void
collect(void *arg, enum conf_finding sev, const char *msg)
{
	struct found *f = arg;

	if (f->n < 16) {
		snprintf(f->msg[f->n], sizeof(f->msg[0]), "%s", msg);
		f->sev[f->n++] = (int)sev;
	}
}

/* dir/name, in a buffer of its own until the next call but one. */
static const char *
at(const char *name)
{
	static char buf[2][128];
	static int i;

	i = !i;
	snprintf(buf[i], sizeof(buf[i]), "%s%s%s", dir, *name ? "/" : "", name);
	return buf[i];
}

static void
mode(const char *name, mode_t m)
{
	ck_assert_int_eq(chmod(at(name), m), 0);
}

/* dir/name with mode m (a directory when name ends in '/'); an existing
 * file is emptied, an existing directory kept. */
static void
make(const char *name, mode_t m)
{
	char p[128];
	size_t n = strlen(name);
	FILE *f;

	snprintf(p, sizeof(p), "%s", at(name));
	if (name[n - 1] == '/') {
		p[strlen(p) - 1] = '\0';
		ck_assert(mkdir(p, 0700) == 0 || errno == EEXIST);
	} else {
		f = fopen(p, "w");
		ck_assert_ptr_nonnull(f);
		fputs("#!/bin/sh\n", f);
		fclose(f);
	}
	ck_assert_int_eq(chmod(p, m), 0);
}

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/saker-files-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Writes the config (mode 0600) that names the test's files, loads it
 * and checks it; returns the number of errors, the findings in *f. */
static size_t
check(const char *hook, struct found *f)
{
	char yaml[2048], path[96];
	struct ike_config *cfg = NULL;
	FILE *fp;
	size_t ret;
	int n;

	n = snprintf(yaml, sizeof(yaml),
	    "credentials:\n"
	    "  keys: [%s/keys]\n"
	    "  cacerts: [%s/ca.pem]\n"
	    "connections:\n"
	    "  c:\n"
	    "    local: { id: a.test, auth: pubkey, key: %s/keys/a.key,\n"
	    "             certs: [%s/a.pem] }\n"
	    "    remote: { addrs: [192.0.2.1], id: b.test, auth: pubkey }\n"
	    "%s%s%s"
	    "    children:\n"
	    "      net: { remote-ts: [10.1.0.0/16] }\n",
	    dir, dir, dir, dir, hook ? "    hook: " : "", hook ? hook : "",
	    hook ? "\n" : "");
	ck_assert_int_lt(n, (int)sizeof(yaml));
	ck_assert_int_eq(conf_load_buffer("t.yaml", yaml, (size_t)n, &cfg, NULL,
	    0), 0);
	snprintf(path, sizeof(path), "%s", at("saker.yaml"));
	if (access(path, F_OK) < 0) {
		fp = fopen(path, "w");
		ck_assert_ptr_nonnull(fp);
		fclose(fp);
		chmod(path, 0600);
	}
	memset(f, 0, sizeof(*f));
	ret = conf_check_files(path, cfg, collect, f);
	ike_config_free(cfg);
	return ret;
}

static void
want(const struct found *f, size_t i, int sev, const char *name,
    const char *text)
{
	char w[256];

	ck_assert_msg(i < f->n, "finding %zu of %zu", i, f->n);
	snprintf(w, sizeof(w), "%s/%s: %s", dir, name, text);
	ck_assert_msg(strncmp(f->msg[i], w, strlen(w)) == 0 ||
	    (strncmp(f->msg[i], "hook ", 5) == 0 &&
	    strncmp(f->msg[i] + 5, w, strlen(w)) == 0),
	    "got '%s', want '%s'", f->msg[i], w);
	ck_assert_int_eq(f->sev[i], sev);
}

/* The config with hook is refused, for a reason that says text. */
static void
refused(const char *hook, const char *text)
{
	struct found f;

	ck_assert_uint_eq(check(hook, &f), 1);
	ck_assert_uint_eq(f.n, 1);
	ck_assert_int_eq(f.sev[0], CONF_ERROR);
	ck_assert_msg(strstr(f.msg[0], text) != NULL, "got '%s', want '%s'",
	    f.msg[0], text);
}

struct entry {
	const char	*name;
	mode_t		 mode;
};

static void
make_all(const struct entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		make(e[i].name, e[i].mode);
}

START_TEST(secrets_and_certs)
{
	static const struct entry private[] = {
		{ "keys/", 0755 }, { "keys/a.key", 0600 }, { "keys/b.key", 0600 },
		{ "a.pem", 0644 }, { "ca.pem", 0444 },
	}, loose[] = {
		{ "saker.yaml", 0640 }, { "keys/c.key", 0604 },
		{ "keys/a.key", 0660 }, { "a.pem", 0664 }, { "keys/", 0757 },
	};
	struct found f;

	make_all(private, sizeof(private) / sizeof(private[0]));
	ck_assert_uint_eq(check(NULL, &f), 0);
	ck_assert_uint_eq(f.n, 0);
	/* a.key is named twice: one finding. */
	make_all(loose, sizeof(loose) / sizeof(loose[0]));
	ck_assert_uint_eq(check(NULL, &f), 0);
	ck_assert_uint_eq(f.n, 5);
	want(&f, 0, CONF_WARN, "saker.yaml", "mode 0640: readable by group; "
	    "it is the configuration");
	want(&f, 1, CONF_WARN, "keys", "mode 0757: writable by others; the "
	    "private keys in it could be replaced");
	/* In a directory, in the order readdir gives. */
	ck_assert(strstr(f.msg[2], "/keys/a.key: mode 0660: readable and "
	    "writable by group; it is a private key (chmod 600)") ||
	    strstr(f.msg[3], "/keys/a.key: mode 0660: readable and "
	    "writable by group; it is a private key (chmod 600)"));
	ck_assert(strstr(f.msg[2], "/keys/c.key: mode 0604: readable by "
	    "others") || strstr(f.msg[3], "/keys/c.key: mode 0604: readable "
	    "by others"));
	/* Certificates are public: only writing matters. */
	want(&f, 4, CONF_WARN, "a.pem", "mode 0664: writable by group; it is "
	    "a certificate (chmod go-w)");
}
END_TEST

START_TEST(hooks)
{
	char hook[96], link[96];
	struct found f;

	make("keys/", 0700);
	make("bin/", 0755);
	make("bin/hook", 0755);
	snprintf(hook, sizeof(hook), "%s", at("bin/hook"));
	ck_assert_uint_eq(check(hook, &f), 0);
	ck_assert_uint_eq(f.n, 0);
	/* Group-writable: a warning; writable by others: refused. */
	mode("bin/hook", 0775);
	ck_assert_uint_eq(check(hook, &f), 0);
	want(&f, 0, CONF_WARN, "bin/hook", "mode 0775: writable by group, and "
	    "sakerd runs it as root");
	mode("bin/hook", 0757);
	refused(hook, "bin/hook: mode 0757: writable by others, and sakerd "
	    "would run it as root");
	/* A link to it is no better. */
	mode("bin/hook", 0755);
	snprintf(link, sizeof(link), "%s", at("link"));
	ck_assert_int_eq(symlink(hook, link), 0);
	ck_assert_uint_eq(check(link, &f), 0);
	mode("bin/hook", 0777);
	refused(link, "link: /tmp/");
	refused(link, "bin/hook: mode 0777: writable by group and others");
	mode("bin/hook", 0755);
	/* Its directory, or one above, writable by others: refused ... */
	mode("bin", 0777);
	refused(hook, "bin/hook: directory /tmp/");
	refused(hook, "/bin (mode 0777) is writable by others");
	mode("bin", 0755);
	mode("", 0757);
	refused(hook, " (mode 0757) is writable by others");
	/* ... unless sticky: others cannot replace what is not theirs. */
	mode("", 01777);
	ck_assert_uint_eq(check(hook, &f), 0);
	ck_assert_uint_eq(f.n, 0);
	mode("", 0700);
	/* Missing: a warning, the script may come later. */
	snprintf(hook, sizeof(hook), "%s", at("bin/none"));
	ck_assert_uint_eq(check(hook, &f), 0);
	want(&f, 0, CONF_WARN, "bin/none", "No such file or directory");
}
END_TEST

static Suite *
conf_files_suite(void)
{
	Suite *s = suite_create("conf_files");
	TCase *tc = tcase_create("conf_files");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, secrets_and_certs);
	tcase_add_test(tc, hooks);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(conf_files_suite)
