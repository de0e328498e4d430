# SPDX-License-Identifier: ISC
# s2s_start moon, with charon's fragment_size at 576
topo_std
charon_conf "$T/sun" sun 576
cp -r "$SCENARIO_DIR/hosts/sun/." "$T/sun/swanctl/"
charon_start sun "$T/sun"
sakerd_start moon
capture_start moon eth0 moon-out
capture_start sun eth0 sun-out
sakerctl moon up net
wait_log "$T/sun/charon.log" 'CHILD_SA net\{[0-9]+\} established' 30
