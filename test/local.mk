# SPDX-License-Identifier: ISC
# The tests beyond test/unit and test/fuzz: the runners, the daemon tests
# that make check runs, the kernel-test launcher (User-Mode Linux or host
# netns), the kernel and interop scenarios with their runners, the test
# PKI maker, and sample messages.  Directories are distributed whole.
EXTRA_DIST += test/install-deps test/run-all test/demo test/mkca

# Two sakerd over loopback in a private network namespace, with PSKs and
# with certificates (root only); the road-warrior example configs load
# with the test PKI's files.  lib.sh is what the daemon tests share.
TESTS += test/daemon/loopback.sh test/daemon/loopback-cert.sh \
	test/daemon/rw-examples.sh
EXTRA_DIST += test/daemon/lib.sh test/daemon/loopback.sh \
	test/daemon/loopback-cert.sh test/daemon/rw-examples.sh

# sakerd started with relative paths exits cleanly (in a tree built with
# --enable-sanitizers, without a leak); root only.
TESTS += test/daemon/relative-paths.sh
EXTRA_DIST += test/daemon/relative-paths.sh

# Who else may read or change sakerd's files: configuration, hook
# scripts, pid file (root only).
TESTS += test/daemon/file-modes.sh
EXTRA_DIST += test/daemon/file-modes.sh

# The control socket flooded by another user's idle and trickling
# clients still serves root (root only).
TESTS += test/daemon/ctl-flood.sh
EXTRA_DIST += test/daemon/ctl-flood.sh

# kernel-xfrm against the real kernel (root; see
# test/kernel/kx-selftest/description): built with the rest, run only by
# the kernel scenarios.  Named after its source, as the scenario's
# directory takes the other name in an in-tree build.
noinst_PROGRAMS += test/kernel/kx_selftest
test_kernel_kx_selftest_SOURCES = test/kernel/kx_selftest.c
test_kernel_kx_selftest_CPPFLAGS = $(KX_CPPFLAGS)
test_kernel_kx_selftest_LDADD = $(KX_LIBS)
EXTRA_DIST += test/kernel/kx-selftest/description test/kernel/kx-selftest/eval

# The launcher, the kernel scenario runner and its scenarios: sakerd's
# life cycle, IPv6 outside and inside, the failures of a PSK tunnel
# explained, road warriors, NAT traversal, rekeying, liveness, hostile
# networks and pools.
EXTRA_DIST += test/uml/uml-run \
	test/kernel/README test/kernel/run test/kernel/lib.sh \
	test/kernel/esp-smoke test/kernel/sakerd-lifecycle \
	test/kernel/ipv6-transport test/kernel/ipv6-inside \
	test/kernel/failures-explained test/kernel/roadwarrior \
	test/kernel/nat-traversal test/kernel/nat-encap-forced \
	test/kernel/rekey-ping test/kernel/dpd-dead-peer test/kernel/dpd-restart \
	test/kernel/trap-on-demand test/kernel/netem-loss \
	test/kernel/ike-fragments test/kernel/ike-cookies test/kernel/rw-psk-pool

# The interop runner and its scenarios with strongSwan as the peer.
EXTRA_DIST += test/interop/run test/interop/lib.sh \
	test/interop/saker-init-gcm test/interop/saker-resp-gcm \
	test/interop/saker-init-cbc test/interop/saker-resp-cbc \
	test/interop/saker-init-invalid-ke test/interop/saker-resp-invalid-ke \
	test/interop/saker-init-chacha-ipv6 \
	test/interop/cert-saker-init test/interop/cert-saker-resp \
	test/interop/rw-saker-gateway test/interop/rw-saker-client \
	test/interop/nat-swan-behind test/interop/nat-saker-behind \
	test/interop/dpd-charon-killed test/interop/dpd-saker-killed \
	test/interop/frag-saker-init test/interop/frag-cookie-saker-resp \
	test/interop/rekey-by-strongswan test/interop/rekey-by-saker \
	test/interop/rekey-collision

# Sample messages: the codec's vectors, and strongSwan's captured
# handshakes with the tools that capture and convert them.
EXTRA_DIST += test/vectors/codec test/vectors/capture-strongswan \
	test/vectors/ike-vectors test/vectors/strongswan

# The layering of libike (libike/LAYERS, libike/README.md): a file calls
# files of its own layer or lower, never in a cycle.  The checker reads
# the libike sources under $(srcdir), which make check exports.
TESTS += test/check-layers
EXTRA_DIST += test/check-layers libike/LAYERS libike/README.md

# The checker itself, on a made-up tree of three files.
TESTS += test/check-layers-selftest
EXTRA_DIST += test/check-layers-selftest
