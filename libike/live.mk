# SPDX-License-Identifier: ISC
# Liveness and on-demand tunnels (DPD, trap, close-action): scenarios.

# Kernel scenarios: dead peers (clear, trap, restart), on-demand tunnels,
# a handshake through packet loss.
EXTRA_DIST += test/kernel/dpd-dead-peer test/kernel/dpd-restart \
	test/kernel/trap-on-demand test/kernel/netem-loss

# Interoperability: dead peer detection both ways with strongSwan.
EXTRA_DIST += test/interop/dpd-charon-killed test/interop/dpd-saker-killed
