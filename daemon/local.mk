# SPDX-License-Identifier: ISC
# sakerd, and the pieces it shares with sakerctl.  daemon/libsakerd.a
# holds what needs no engine (log, loop, sockets, control protocol, its
# server and the human form of its results, hook scripts), so unit tests
# and sakerctl link it alone.
noinst_LIBRARIES += daemon/libsakerd.a
daemon_libsakerd_a_SOURCES = daemon/log.c daemon/loop.c daemon/net.c \
	daemon/ctl_proto.c daemon/ctl.c daemon/ctl_show.c daemon/hook.c
daemon_libsakerd_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
noinst_HEADERS += daemon/log.h daemon/loop.h daemon/net.h daemon/ctl_proto.h \
	daemon/ctl.h daemon/ctl_show.h daemon/hook.h

# sakerd: main, the control commands, and everything above.
sbin_PROGRAMS += daemon/sakerd
daemon_sakerd_SOURCES = daemon/main.c daemon/ctl_cmd.c
daemon_sakerd_CPPFLAGS = $(KX_CPPFLAGS)
daemon_sakerd_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
daemon_sakerd_LDADD = daemon/libsakerd.a $(CONF_LIBS) \
	plugins/kernel-xfrm/libkx.a libike/libike.a $(JANSSON_LIBS) \
	$(IKE_LIBS) $(MNL_LIBS)
noinst_HEADERS += daemon/sakerd.h

# The kernel scenario of sakerd's life cycle (run by test/kernel/run).
EXTRA_DIST += test/kernel/sakerd-lifecycle

# Two sakerd over loopback in a private network namespace (root only).
TESTS += test/daemon/loopback.sh
EXTRA_DIST += test/daemon/loopback.sh

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

# libFuzzer harness for the control protocol (built by 'make fuzz'); it
# compiles ctl_proto.c and log.c into itself, as 'make fuzz' links only
# libike and jansson.
FUZZ_TARGETS += test/fuzz/fuzz_ctl
EXTRA_DIST += test/fuzz/fuzz_ctl.c test/fuzz/corpus/fuzz_ctl
