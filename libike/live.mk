# SPDX-License-Identifier: ISC
# Liveness and on-demand tunnels (DPD, trap, close-action): sources, tests, scenarios.

check_PROGRAMS += test/unit/test_engine_live
test_unit_test_engine_live_SOURCES = test/unit/test_engine_live.c
test_unit_test_engine_live_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_live_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_live_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_live

# Kernel scenarios: dead peers (clear, trap, restart), on-demand tunnels,
# a handshake through packet loss.
EXTRA_DIST += test/kernel/dpd-dead-peer test/kernel/dpd-restart \
	test/kernel/trap-on-demand test/kernel/netem-loss

# Interoperability: dead peer detection both ways with strongSwan.
EXTRA_DIST += test/interop/dpd-charon-killed test/interop/dpd-saker-killed
