# SPDX-License-Identifier: ISC
# s2s_start sun, with charon's fragment_size at 576
topo_std
sakerd_start sun
charon_conf "$T/moon" moon 576
cp -r "$SCENARIO_DIR/hosts/moon/." "$T/moon/swanctl/"
charon_start moon "$T/moon"
capture_start moon eth0 moon-out
capture_start sun eth0 sun-out
charon_up "$T/moon" net
