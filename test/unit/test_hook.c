/* SPDX-License-Identifier: ISC */
/*
 * test_hook.c - the hook script of a virtual-IP event: its argument and
 * environment as the script sees them, no descriptors but 0-2, no zombie
 * left behind, and a script that cannot run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "addr.h"
#include "check_main.h"
#include "daemon/hook.h"

static char dir[48], script[96], out[96];

static void
setup(void)
{
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/saker-hook-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(script, sizeof(script), "%s/hook", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	/* Writes what it got, then renames, so that a file seen is whole. */
	f = fopen(script, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "#!/bin/sh\n{ echo \"arg $# $1\"; env | sort; "
	    "ls /proc/self/fd | sort -n | tr '\\n' ' '; echo; } >%s.tmp\n"
	    "mv %s.tmp %s\n", out, out, out);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(script, 0755), 0);
}

static void
teardown(void)
{
	unlink(out);
	unlink(script);
	rmdir(dir);
}

/* What the detached script wrote, once it is there (within 10 s). */
static char *
wait_out(void)
{
	static char buf[4096];
	FILE *f = NULL;
	size_t n;
	int i;

	for (i = 0; i < 1000 && (f = fopen(out, "r")) == NULL; i++)
		usleep(10000);
	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Runs the hook for an event of conn "rw", SA "rw[7]", from peer with
 * identity peer_id; returns what the script wrote. */
static char *
run(enum ike_event_type type, const char *peer, const char *peer_id,
    const struct ike_vip_info *vip)
{
	struct ike_id id;
	struct ike_event ev = {
		.type = type, .conn = "rw", .sa = "rw[7]", .peer_id = &id,
		.vip = vip,
	};

	ck_assert_int_eq(ike_addr_parse(peer, &ev.peer), 0);
	ck_assert_int_eq(ike_id_parse(peer_id, &id), 0);
	hook_vip_event(script, &ev);
	ike_id_free(&id);
	/* The script was not left for us to reap. */
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
	return wait_out();
}

/* Each of want[] must be a whole line of text. */
static void
has_lines(const char *text, const char *const *want, size_t n)
{
	const char *p;
	size_t i, len;

	for (i = 0; i < n; i++) {
		len = strlen(want[i]);
		for (p = text; (p = strstr(p, want[i])) != NULL; p++)
			if ((p == text || p[-1] == '\n') && p[len] == '\n')
				break;
		ck_assert_msg(p != NULL, "no line \"%s\" in:\n%s", want[i], text);
	}
}

START_TEST(test_vip_up)
{
	static const char *const want[] = {
		"arg 1 up", "SAKER_EVENT=up", "SAKER_CONN=rw", "SAKER_SA=rw[7]",
		"SAKER_VIP=10.3.0.10 fd00::10", "SAKER_DNS=10.3.0.1",
		"SAKER_PEER=198.51.100.7", "SAKER_PEER_ID=carol@example.net",
		"SAKER_ROLE=gateway", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
		"0 1 2 3 ",	/* descriptors: 0-2, and 3 for the ls itself */
	};
	struct ike_vip_info vip;
	char *got;

	memset(&vip, 0, sizeof(vip));
	ck_assert_int_eq(ike_addr_parse("10.3.0.10", &vip.vips[0]), 0);
	ck_assert_int_eq(ike_addr_parse("fd00::10", &vip.vips[1]), 0);
	vip.n_vips = 2;
	ck_assert_int_eq(ike_addr_parse("10.3.0.1", &vip.dns[0]), 0);
	vip.n_dns = 1;
	got = run(IKE_EV_VIP_UP, "198.51.100.7", "carol@example.net", &vip);
	has_lines(got, want, sizeof(want) / sizeof(want[0]));
	ck_assert_ptr_null(strstr(got, "HOME="));
}
END_TEST

START_TEST(test_vip_down_client)
{
	static const char *const want[] = {
		"arg 1 down", "SAKER_EVENT=down", "SAKER_VIP=", "SAKER_DNS=",
		"SAKER_ROLE=client",
	};
	struct ike_vip_info vip;

	memset(&vip, 0, sizeof(vip));
	vip.local = 1;
	has_lines(run(IKE_EV_VIP_DOWN, "192.0.2.1", "gw.example.net", &vip),
	    want, sizeof(want) / sizeof(want[0]));
}
END_TEST

START_TEST(test_spawn_missing)
{
	char *argv[] = { (char *)"none", NULL }, *envp[] = { NULL };
	char path[128];

	/* The fork succeeds; the script's absence shows only in its status,
	 * which nobody waits for. */
	snprintf(path, sizeof(path), "%s/does-not-exist", dir);
	ck_assert_int_eq(hook_spawn(path, argv, envp), 0);
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
}
END_TEST

static Suite *
hook_suite(void)
{
	Suite *s = suite_create("hook");
	TCase *tc = tcase_create("hook");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_vip_up);
	tcase_add_test(tc, test_vip_down_client);
	tcase_add_test(tc, test_spawn_missing);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(hook_suite)
