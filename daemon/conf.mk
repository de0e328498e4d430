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

# libFuzzer harness for the loader (built by `make fuzz` with clang).
# Seeds: conf/*.yaml; dictionary: test/fuzz/conf.dict.
FUZZ_TARGETS += test/fuzz/fuzz_conf
EXTRA_DIST += test/fuzz/fuzz_conf.c test/fuzz/conf.dict
CLEANFILES += test/fuzz/fuzz_conf
FUZZ_CONF_SRCS = test/fuzz/fuzz_conf.c $(daemon_libconf_a_SOURCES) \
	libike/cfg.c libike/cfg_addr.c libike/buf.c libike/err.c
test/fuzz/fuzz_conf: $(FUZZ_CONF_SRCS:%=$(srcdir)/%) $(srcdir)/daemon/conf.h \
	$(srcdir)/daemon/conf_int.h $(srcdir)/libike/cfg.h
	@$(MKDIR_P) test/fuzz
	$(AM_V_CCLD)$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined \
	    -std=gnu11 -D_GNU_SOURCE -I$(top_builddir) -I$(top_srcdir) \
	    -I$(top_srcdir)/libike -I$(top_srcdir)/daemon $(YAML_CFLAGS) \
	    $(GNUTLS_CFLAGS) -o $@ $(FUZZ_CONF_SRCS:%=$(srcdir)/%) \
	    $(YAML_LIBS) $(GNUTLS_LIBS)
