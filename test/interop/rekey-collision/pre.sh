# SPDX-License-Identifier: ISC
# As s2s_start moon, with charon retransmitting after 2 s: when both
# requests of a collision carry the same message ID, charon drops the
# answer to its own that arrives while it still handles ours, and only
# its retransmission completes its rekey (strongSwan 5.9.8).
topo_std
charon_conf "$T/sun" sun
charon_set "$T/sun" retransmit_timeout 2
charon_set "$T/sun" retransmit_tries 3
cp -r "$SCENARIO_DIR/hosts/sun/." "$T/sun/swanctl/"
charon_start sun "$T/sun"
sakerd_start moon
capture_start moon eth0 moon-out
capture_start sun eth0 sun-out
sakerctl moon up net
wait_log "$T/sun/charon.log" 'CHILD_SA net\{[0-9]+\} established' 30
