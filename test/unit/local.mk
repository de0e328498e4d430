# SPDX-License-Identifier: ISC
noinst_HEADERS += test/unit/check_main.h

check_PROGRAMS += test/unit/test_err
test_unit_test_err_SOURCES = test/unit/test_err.c
test_unit_test_err_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_err_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_err

check_PROGRAMS += test/unit/test_cfg_kw
test_unit_test_cfg_kw_SOURCES = test/unit/test_cfg_kw.c
test_unit_test_cfg_kw_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_cfg_kw_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_cfg_kw
