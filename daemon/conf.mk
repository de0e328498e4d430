# SPDX-License-Identifier: ISC
# The config model's parsing in libike, the daemon's YAML loader, their
# tests and fuzz target.

check_PROGRAMS += test/unit/test_cfg
test_unit_test_cfg_SOURCES = test/unit/test_cfg.c
test_unit_test_cfg_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_cfg_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_cfg

# The YAML loader as a library, so that sakerd, its tests and the fuzz
# target link the same objects: link $(CONF_LIBS) before libike.
noinst_LIBRARIES += daemon/libconf.a
daemon_libconf_a_SOURCES = daemon/conf_yaml.c daemon/conf_val.c daemon/conf_conn.c
daemon_libconf_a_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS)
noinst_HEADERS += daemon/conf.h daemon/conf_int.h
CONF_LIBS = daemon/libconf.a $(YAML_LIBS)

check_PROGRAMS += test/unit/test_conf_yaml
test_unit_test_conf_yaml_SOURCES = test/unit/test_conf_yaml.c
test_unit_test_conf_yaml_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon \
	-DCONF_DIR='"$(top_srcdir)/conf"'
test_unit_test_conf_yaml_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_conf_yaml_LDADD = $(CONF_LIBS) libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_conf_yaml

# libFuzzer harness for the loader, built by `make fuzz` (test/fuzz/local.mk)
# with the loader's sources compiled in; seeds in test/fuzz/corpus/fuzz_conf
# (the examples in conf/ and a file using every key), dictionary
# test/fuzz/conf.dict.
FUZZ_TARGETS += test/fuzz/fuzz_conf
FUZZ_EXTRA_SRCS += $(daemon_libconf_a_SOURCES)
EXTRA_DIST += test/fuzz/fuzz_conf.c test/fuzz/conf.dict
