# SPDX-License-Identifier: ISC
# The IKEv2 engine: SA tables, exchanges, proposals, traffic selectors.
noinst_HEADERS += libike/ts.h libike/prop.h libike/natd.h
libike_libike_a_SOURCES += libike/ts.c

check_PROGRAMS += test/unit/test_ts
test_unit_test_ts_SOURCES = test/unit/test_ts.c
test_unit_test_ts_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_ts_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_ts
