# SPDX-License-Identifier: ISC
# Credentials over GnuTLS (certificates, keys, signatures): sources and tests.

noinst_HEADERS += plugins/creds/creds.h test/unit/pki_test.h
EXTRA_DIST += test/mkca

noinst_LIBRARIES += plugins/creds/libcreds.a
plugins_creds_libcreds_a_SOURCES = plugins/creds/cr_load.c \
	plugins/creds/cr_id.c plugins/creds/cr_auth.c plugins/creds/cr_lint.c
plugins_creds_libcreds_a_CFLAGS = $(AM_CFLAGS) $(GNUTLS_CFLAGS)
noinst_HEADERS += plugins/creds/cr_int.h
CREDS_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/creds
plugins_creds_libcreds_a_CPPFLAGS = $(CREDS_CPPFLAGS)
CREDS_LIBS = plugins/creds/libcreds.a libike/libike.a $(IKE_LIBS)

check_PROGRAMS += test/unit/test_creds
test_unit_test_creds_SOURCES = test/unit/test_creds.c
test_unit_test_creds_CPPFLAGS = $(CREDS_CPPFLAGS) -DMKCA='"$(abs_top_srcdir)/test/mkca"'
test_unit_test_creds_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_creds_LDADD = $(CREDS_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_creds

check_PROGRAMS += test/unit/test_engine_cert
test_unit_test_engine_cert_SOURCES = test/unit/test_engine_cert.c
test_unit_test_engine_cert_CPPFLAGS = $(CREDS_CPPFLAGS) $(KM_CPPFLAGS) \
	-DMKCA='"$(abs_top_srcdir)/test/mkca"'
test_unit_test_engine_cert_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_cert_LDADD = plugins/creds/libcreds.a \
	plugins/kernel-mem/libkm.a libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_engine_cert

# The config's credentials section and per-end certificate keys.
daemon_libconf_a_SOURCES += daemon/conf_creds.c
# sakerd loads and lints credentials and serves list-certs.
daemon_sakerd_CPPFLAGS += -I$(top_srcdir)/plugins/creds
daemon_sakerd_LDADD += plugins/creds/libcreds.a libike/libike.a $(IKE_LIBS)

# Two sakerd over loopback with certificates (root only).
TESTS += test/daemon/loopback-cert.sh
EXTRA_DIST += test/daemon/loopback-cert.sh

check_PROGRAMS += test/unit/test_conf_creds
test_unit_test_conf_creds_SOURCES = test/unit/test_conf_creds.c
test_unit_test_conf_creds_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
test_unit_test_conf_creds_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_conf_creds_LDADD = $(CONF_LIBS) libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_conf_creds
EXTRA_DIST += test/interop/cert-saker-init test/interop/cert-saker-resp
