# SPDX-License-Identifier: ISC
# Virtual IPs: address pools, configuration payloads, leases, client side.
plugins_kernel_xfrm_libkx_a_SOURCES += plugins/kernel-xfrm/kx_vip.c

daemon_libconf_a_SOURCES += daemon/conf_pool.c
daemon_libsakerd_a_SOURCES += daemon/ctl_show_vip.c
daemon_sakerd_SOURCES += daemon/ctl_vip.c

EXTRA_DIST += test/kernel/rw-psk-pool
