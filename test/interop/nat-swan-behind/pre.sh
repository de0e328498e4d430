# SPDX-License-Identifier: ISC
topo_nat carol
capture_start nat eth0 nat-out
sakerd_start moon
charon_conf "$T/carol" carol
charon_set "$T/carol" keep_alive 2s
cp -r "$SCENARIO_DIR/hosts/carol/." "$T/carol/swanctl/"
charon_start carol "$T/carol"
charon_up "$T/carol" net
wait_log "$T/sakerd-moon.log" "CHILD_SA net.* established" 30
ip netns exec moon ip xfrm state | awk '$1 == "proto" { print $4 }' | sort >"$T/spis-before"
