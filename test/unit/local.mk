# SPDX-License-Identifier: ISC
# The unit tests (check), one program per module, and the decode samples.
noinst_HEADERS += test/unit/check_main.h

# libike's modules that need nothing else.
check_PROGRAMS += test/unit/test_err
test_unit_test_err_SOURCES = test/unit/test_err.c
test_unit_test_err_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_err_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_err

check_PROGRAMS += test/unit/test_cfg
test_unit_test_cfg_SOURCES = test/unit/test_cfg.c
test_unit_test_cfg_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_cfg_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_cfg

check_PROGRAMS += test/unit/test_cfg_kw
test_unit_test_cfg_kw_SOURCES = test/unit/test_cfg_kw.c
test_unit_test_cfg_kw_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_cfg_kw_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_cfg_kw

# The plugins: kernel-mem, kernel-xfrm (without a kernel), creds (with a
# test PKI made by test/mkca), and the engine's certificate exchanges
# between two engines over kernel-mem.
noinst_HEADERS += test/unit/pki_test.h

check_PROGRAMS += test/unit/test_km
test_unit_test_km_SOURCES = test/unit/test_km.c
test_unit_test_km_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_km_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_km_LDADD = plugins/kernel-mem/libkm.a libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_km

check_PROGRAMS += test/unit/test_kx
test_unit_test_kx_SOURCES = test/unit/test_kx.c
test_unit_test_kx_CPPFLAGS = $(KX_CPPFLAGS)
test_unit_test_kx_CFLAGS = $(UNIT_CFLAGS) $(MNL_CFLAGS)
test_unit_test_kx_LDADD = $(KX_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_kx

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

# The daemon: its library (log, loop, sockets, control protocol and
# server, hook scripts), sakerctl's control verbs, and the YAML loader.
DAEMON_UNIT_CFLAGS = $(UNIT_CFLAGS) $(JANSSON_CFLAGS)
DAEMON_UNIT_LIBS = daemon/libsakerd.a libike/libike.a $(JANSSON_LIBS) \
	$(IKE_LIBS) $(UNIT_LIBS)

check_PROGRAMS += test/unit/test_log test/unit/test_loop test/unit/test_net \
	test/unit/test_ctl_proto test/unit/test_ctl \
	test/unit/test_ctl_client test/unit/test_hook
TESTS += test/unit/test_log test/unit/test_loop test/unit/test_net \
	test/unit/test_ctl_proto test/unit/test_ctl \
	test/unit/test_ctl_client test/unit/test_hook
test_unit_test_log_SOURCES = test/unit/test_log.c
test_unit_test_log_CFLAGS = $(DAEMON_UNIT_CFLAGS)
test_unit_test_log_LDADD = $(DAEMON_UNIT_LIBS)
test_unit_test_loop_SOURCES = test/unit/test_loop.c
test_unit_test_loop_CFLAGS = $(DAEMON_UNIT_CFLAGS)
test_unit_test_loop_LDADD = $(DAEMON_UNIT_LIBS)
test_unit_test_net_SOURCES = test/unit/test_net.c
test_unit_test_net_CFLAGS = $(DAEMON_UNIT_CFLAGS)
test_unit_test_net_LDADD = $(DAEMON_UNIT_LIBS)
test_unit_test_ctl_proto_SOURCES = test/unit/test_ctl_proto.c
test_unit_test_ctl_proto_CFLAGS = $(DAEMON_UNIT_CFLAGS)
test_unit_test_ctl_proto_LDADD = $(DAEMON_UNIT_LIBS)
test_unit_test_ctl_SOURCES = test/unit/test_ctl.c
test_unit_test_ctl_CFLAGS = $(DAEMON_UNIT_CFLAGS)
test_unit_test_ctl_LDADD = $(DAEMON_UNIT_LIBS)
test_unit_test_ctl_client_SOURCES = test/unit/test_ctl_client.c
test_unit_test_ctl_client_CFLAGS = $(DAEMON_UNIT_CFLAGS)
test_unit_test_ctl_client_LDADD = sakerctl/libsakerctl.a $(DAEMON_UNIT_LIBS)
test_unit_test_hook_SOURCES = test/unit/test_hook.c
test_unit_test_hook_CFLAGS = $(DAEMON_UNIT_CFLAGS)
test_unit_test_hook_LDADD = $(DAEMON_UNIT_LIBS)

CONF_UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
CONF_UNIT_LIBS = $(CONF_LIBS) libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)

check_PROGRAMS += test/unit/test_conf_yaml
test_unit_test_conf_yaml_SOURCES = test/unit/test_conf_yaml.c
test_unit_test_conf_yaml_CPPFLAGS = $(CONF_UNIT_CPPFLAGS) \
	-DCONF_DIR='"$(top_srcdir)/conf"'
test_unit_test_conf_yaml_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_conf_yaml_LDADD = $(CONF_UNIT_LIBS)
TESTS += test/unit/test_conf_yaml

check_PROGRAMS += test/unit/test_conf_creds test/unit/test_conf_pool
TESTS += test/unit/test_conf_creds test/unit/test_conf_pool
test_unit_test_conf_creds_SOURCES = test/unit/test_conf_creds.c
test_unit_test_conf_creds_CPPFLAGS = $(CONF_UNIT_CPPFLAGS)
test_unit_test_conf_creds_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_conf_creds_LDADD = $(CONF_UNIT_LIBS)
test_unit_test_conf_pool_SOURCES = test/unit/test_conf_pool.c
test_unit_test_conf_pool_CPPFLAGS = $(CONF_UNIT_CPPFLAGS)
test_unit_test_conf_pool_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_conf_pool_LDADD = $(CONF_UNIT_LIBS)

# `sakerctl decode` over the codec's vectors and strongSwan's captures.
TESTS += test/unit/decode-samples.sh
EXTRA_DIST += test/unit/decode-samples.sh
