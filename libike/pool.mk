# SPDX-License-Identifier: ISC
# Virtual IPs: address pools, configuration payloads, leases, client side.
libike_libike_a_SOURCES += libike/pool.c libike/vip.c libike/cfg_rw.c
plugins_kernel_xfrm_libkx_a_SOURCES += plugins/kernel-xfrm/kx_vip.c
