/* SPDX-License-Identifier: ISC */
/*
 * check_main.h - the main() shared by the unit tests: each test file
 * defines its suite function and uses UNIT_MAIN(suite_fn).
 */
#ifndef SAKER_CHECK_MAIN_H
#define SAKER_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

#define UNIT_MAIN(suite_fn)						\
int main(void)								\
{									\
	SRunner *sr = srunner_create(suite_fn());			\
	int failed;							\
	srunner_run_all(sr, CK_NORMAL);					\
	failed = srunner_ntests_failed(sr);				\
	srunner_free(sr);						\
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;		\
}

#endif
