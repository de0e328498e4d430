# SPDX-License-Identifier: ISC
# sakerd, and the pieces it shares with sakerctl.  daemon/libsakerd.a
# holds what needs no engine (log, loop, sockets, control protocol, its
# server and the human form of its results, hook scripts), so unit tests
# and sakerctl link it alone.
noinst_LIBRARIES += daemon/libsakerd.a
daemon_libsakerd_a_SOURCES = daemon/log.c daemon/loop.c daemon/net.c \
	daemon/ctl_proto.c daemon/ctl.c daemon/ctl_show.c daemon/ctl_show_vip.c \
	daemon/hook.c
daemon_libsakerd_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
noinst_HEADERS += daemon/log.h daemon/loop.h daemon/net.h daemon/ctl_proto.h \
	daemon/ctl.h daemon/ctl_show.h daemon/hook.h

# The YAML loader as a library, with the check of who may read or change
# the files a config names, so that sakerd, its tests and the fuzz
# target link the same objects: link $(CONF_LIBS) before libike.
noinst_LIBRARIES += daemon/libconf.a
daemon_libconf_a_SOURCES = daemon/conf_yaml.c daemon/conf_val.c \
	daemon/conf_conn.c daemon/conf_creds.c daemon/conf_pool.c \
	daemon/conf_files.c
daemon_libconf_a_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS)
noinst_HEADERS += daemon/conf.h daemon/conf_int.h
CONF_LIBS = daemon/libconf.a $(YAML_LIBS)

# sakerd: main, the control commands, and everything above; it loads and
# lints credentials (plugins/creds) and serves list-certs.
sbin_PROGRAMS += daemon/sakerd
daemon_sakerd_SOURCES = daemon/main.c daemon/ctl_cmd.c daemon/ctl_vip.c
daemon_sakerd_CPPFLAGS = $(KX_CPPFLAGS) -I$(top_srcdir)/plugins/creds
daemon_sakerd_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
daemon_sakerd_LDADD = daemon/libsakerd.a $(CONF_LIBS) \
	plugins/kernel-xfrm/libkx.a plugins/creds/libcreds.a libike/libike.a \
	$(JANSSON_LIBS) $(IKE_LIBS) $(MNL_LIBS)
noinst_HEADERS += daemon/sakerd.h
