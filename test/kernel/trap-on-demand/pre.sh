# SPDX-License-Identifier: ISC
topo_std
sakerd_start sun
sakerd_start moon
wait_log "$T/sakerd-moon.log" "trap installed for net" 10
# before any traffic: the trap's policies, no SA
ip netns exec moon ip xfrm state | wc -l >"$T/states-before"
ip netns exec moon ip xfrm policy >"$T/policies-before"
capture_start moon eth0 moon-out
# several pings while it comes up; one of them eventually passes
in_ns alice ping -c 12 -i 0.25 -W 3 10.2.0.10 >"$T/ping1" 2>&1 || true
