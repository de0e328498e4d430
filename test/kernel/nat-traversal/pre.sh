# SPDX-License-Identifier: ISC
topo_nat carol dave
capture_start nat eth0 nat-out
capture_start moon eth0 moon-out
sakerd_start moon
sakerd_start carol
sakerd_start dave
wait_log "$T/sakerd-carol.log" "CHILD_SA .* established" 30
wait_log "$T/sakerd-dave.log" "CHILD_SA .* established" 30
wait_log "$T/sakerd-moon.log" "CHILD_SA dave-net.* established" 30
wait_log "$T/sakerd-moon.log" "CHILD_SA carol-net.* established" 30
# moon's inbound SPIs, to compare after the NAT mapping changed
ip netns exec moon ip xfrm state | awk '$1 == "src" { s = $2 } $1 == "proto" && s == "192.0.2.99" { print $4 }' | sort >"$T/spis-before"
