# SPDX-License-Identifier: ISC
# Plugins: kernel-mem (in memory, for tests and benchmarks), kernel-xfrm
# (netlink XFRM over libmnl) and creds (certificates, keys and signatures
# over GnuTLS).

noinst_LIBRARIES += plugins/kernel-mem/libkm.a
plugins_kernel_mem_libkm_a_SOURCES = plugins/kernel-mem/km.c
noinst_HEADERS += plugins/kernel-mem/km.h
KM_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/kernel-mem

noinst_LIBRARIES += plugins/kernel-xfrm/libkx.a
plugins_kernel_xfrm_libkx_a_SOURCES = plugins/kernel-xfrm/kx_nl.c \
	plugins/kernel-xfrm/kx_sa.c plugins/kernel-xfrm/kx_pol.c \
	plugins/kernel-xfrm/kx_event.c plugins/kernel-xfrm/kx_vip.c
plugins_kernel_xfrm_libkx_a_CFLAGS = $(AM_CFLAGS) $(MNL_CFLAGS)
noinst_HEADERS += plugins/kernel-xfrm/kx.h plugins/kernel-xfrm/kx_int.h
KX_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/kernel-xfrm
KX_LIBS = plugins/kernel-xfrm/libkx.a libike/libike.a $(IKE_LIBS) $(MNL_LIBS)

noinst_LIBRARIES += plugins/creds/libcreds.a
plugins_creds_libcreds_a_SOURCES = plugins/creds/cr_load.c \
	plugins/creds/cr_id.c plugins/creds/cr_auth.c plugins/creds/cr_lint.c
plugins_creds_libcreds_a_CFLAGS = $(AM_CFLAGS) $(GNUTLS_CFLAGS)
noinst_HEADERS += plugins/creds/creds.h plugins/creds/cr_int.h
CREDS_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/creds
plugins_creds_libcreds_a_CPPFLAGS = $(CREDS_CPPFLAGS)
CREDS_LIBS = plugins/creds/libcreds.a libike/libike.a $(IKE_LIBS)
