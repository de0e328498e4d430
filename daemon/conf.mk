# SPDX-License-Identifier: ISC
# The config model's parsing in libike, the daemon's YAML loader, their
# tests and fuzz target.
libike_libike_a_SOURCES += libike/cfg.c libike/cfg_addr.c
noinst_HEADERS += libike/cfg_int.h

check_PROGRAMS += test/unit/test_cfg
test_unit_test_cfg_SOURCES = test/unit/test_cfg.c
test_unit_test_cfg_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_cfg_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_cfg
