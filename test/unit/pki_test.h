/* SPDX-License-Identifier: ISC */
/*
 * pki_test.h - a throw-away PKI for the tests that need certificates:
 * test/mkca (MKCA, set by the build) writes it into a fresh directory
 * once per test case (an unchecked fixture, run in the parent process),
 * which is removed afterwards.  Nothing of it is ever committed.
 */
#ifndef SAKER_PKI_TEST_H
#define SAKER_PKI_TEST_H

#include <stdio.h>
#include <stdlib.h>

static char pki[64];

static inline void
pki_make(void)
{
	char cmd[256];

	snprintf(pki, sizeof(pki), "/tmp/saker-pki-XXXXXX");
	if (mkdtemp(pki) == NULL)
		abort();
	snprintf(cmd, sizeof(cmd), "%s %s", MKCA, pki);
	if (system(cmd) != 0)
		abort();
}

static inline void
pki_remove(void)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", pki);
	if (system(cmd) != 0)
		abort();
}

#endif
