# SPDX-License-Identifier: ISC
# The IKEv2 engine: SA tables, the exchange table and its steps, proposal
# selection, traffic selectors, NAT detection.

check_PROGRAMS += test/unit/test_ts
test_unit_test_ts_SOURCES = test/unit/test_ts.c
test_unit_test_ts_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_ts_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_ts

check_PROGRAMS += test/unit/test_prop
test_unit_test_prop_SOURCES = test/unit/test_prop.c
test_unit_test_prop_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_prop_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_prop

# Whole handshakes between two engines over kernel-mem.
noinst_HEADERS += test/unit/engine_test.h test/unit/rng_test.h
ENGINE_TEST_LDADD = plugins/kernel-mem/libkm.a libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)

check_PROGRAMS += test/unit/test_engine_handshake
test_unit_test_engine_handshake_SOURCES = test/unit/test_engine_handshake.c
test_unit_test_engine_handshake_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_handshake_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_handshake_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_handshake

check_PROGRAMS += test/unit/test_engine_fail
test_unit_test_engine_fail_SOURCES = test/unit/test_engine_fail.c
test_unit_test_engine_fail_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_fail_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_fail_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_fail

check_PROGRAMS += test/unit/test_engine_reliab
test_unit_test_engine_reliab_SOURCES = test/unit/test_engine_reliab.c
test_unit_test_engine_reliab_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_reliab_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_reliab_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_reliab

check_PROGRAMS += test/unit/test_engine_xchg
test_unit_test_engine_xchg_SOURCES = test/unit/test_engine_xchg.c
test_unit_test_engine_xchg_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_xchg_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_xchg_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_xchg

check_PROGRAMS += test/unit/test_engine_child
test_unit_test_engine_child_SOURCES = test/unit/test_engine_child.c
test_unit_test_engine_child_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_child_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_child_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_child
