# SPDX-License-Identifier: ISC
topo_nat carol
capture_start nat eth0 nat-out
charon_site moon
sakerd_start carol
wait_log "$T/sakerd-carol.log" "CHILD_SA .* established" 30
ip netns exec moon ip xfrm state | awk '$1 == "proto" { print $4 }' | sort >"$T/spis-before"
