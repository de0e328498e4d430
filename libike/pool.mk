# SPDX-License-Identifier: ISC
# Virtual IPs: address pools, configuration payloads, leases, client side.
plugins_kernel_xfrm_libkx_a_SOURCES += plugins/kernel-xfrm/kx_vip.c

check_PROGRAMS += test/unit/test_engine_rw
test_unit_test_engine_rw_SOURCES = test/unit/test_engine_rw.c
test_unit_test_engine_rw_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_rw_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_rw_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_rw

check_PROGRAMS += test/unit/test_pool
test_unit_test_pool_SOURCES = test/unit/test_pool.c
test_unit_test_pool_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_pool_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_pool
daemon_libconf_a_SOURCES += daemon/conf_pool.c
daemon_libsakerd_a_SOURCES += daemon/ctl_show_vip.c
daemon_sakerd_SOURCES += daemon/ctl_vip.c

check_PROGRAMS += test/unit/test_conf_pool
test_unit_test_conf_pool_SOURCES = test/unit/test_conf_pool.c
test_unit_test_conf_pool_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemon
test_unit_test_conf_pool_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_conf_pool_LDADD = $(CONF_LIBS) libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_conf_pool
EXTRA_DIST += test/kernel/rw-psk-pool
