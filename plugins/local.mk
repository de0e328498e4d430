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
