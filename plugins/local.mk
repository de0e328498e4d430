# SPDX-License-Identifier: ISC
# Kernel plugins: kernel-mem (in memory, for tests and benchmarks) and
# kernel-xfrm (netlink XFRM over libmnl).

noinst_LIBRARIES += plugins/kernel-mem/libkm.a
plugins_kernel_mem_libkm_a_SOURCES = plugins/kernel-mem/km.c
noinst_HEADERS += plugins/kernel-mem/km.h
KM_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/kernel-mem

check_PROGRAMS += test/unit/test_km
test_unit_test_km_SOURCES = test/unit/test_km.c
test_unit_test_km_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_km_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_km_LDADD = plugins/kernel-mem/libkm.a libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_km

noinst_LIBRARIES += plugins/kernel-xfrm/libkx.a
plugins_kernel_xfrm_libkx_a_SOURCES = plugins/kernel-xfrm/kx_nl.c \
	plugins/kernel-xfrm/kx_sa.c plugins/kernel-xfrm/kx_pol.c \
	plugins/kernel-xfrm/kx_event.c
plugins_kernel_xfrm_libkx_a_CFLAGS = $(AM_CFLAGS) $(MNL_CFLAGS)
noinst_HEADERS += plugins/kernel-xfrm/kx.h plugins/kernel-xfrm/kx_int.h
KX_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/kernel-xfrm
KX_LIBS = plugins/kernel-xfrm/libkx.a libike/libike.a $(IKE_LIBS) $(MNL_LIBS)

# Against the real kernel (root; see test/kernel/kx-selftest/description):
# built with the rest, run only by the kernel scenarios.
noinst_PROGRAMS += test/kernel/kx-selftest
test_kernel_kx_selftest_SOURCES = test/kernel/kx_selftest.c
test_kernel_kx_selftest_CPPFLAGS = $(KX_CPPFLAGS)
test_kernel_kx_selftest_LDADD = $(KX_LIBS)

check_PROGRAMS += test/unit/test_kx
test_unit_test_kx_SOURCES = test/unit/test_kx.c
test_unit_test_kx_CPPFLAGS = $(KX_CPPFLAGS)
test_unit_test_kx_CFLAGS = $(UNIT_CFLAGS) $(MNL_CFLAGS)
test_unit_test_kx_LDADD = $(KX_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_kx
EXTRA_DIST += test/kernel/kx-selftest/description test/kernel/kx-selftest/eval
