# SPDX-License-Identifier: ISC
# Rekeying and lifetimes: sources, unit tests and scenarios.

check_PROGRAMS += test/unit/test_engine_rekey
test_unit_test_engine_rekey_SOURCES = test/unit/test_engine_rekey.c
test_unit_test_engine_rekey_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_rekey_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_rekey_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_rekey

# Rekeying under traffic in a real kernel.
EXTRA_DIST += test/kernel/rekey-ping

# Rekeying against strongSwan.
EXTRA_DIST += test/interop/rekey-by-strongswan test/interop/rekey-by-saker \
	test/interop/rekey-collision
