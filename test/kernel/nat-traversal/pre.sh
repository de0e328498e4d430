# SPDX-License-Identifier: ISC
# carol 10.0.1.2 -- 10.0.1.1 nat 192.0.2.99 == 192.0.2.1 moon 10.1.0.1
# dave  10.0.2.2 -- 10.0.2.1 /
ns_add moon nat carol dave
link_add nat eth0 192.0.2.99/24 moon eth0 192.0.2.1/24
link_add nat eth1 10.0.1.1/24 carol eth0 10.0.1.2/24
link_add nat eth2 10.0.2.1/24 dave eth0 10.0.2.2/24
ns_batch moon <<EOB
link add eth1 type dummy
addr add 10.1.0.1/16 dev eth1
link set eth1 up
route add default via 192.0.2.99
EOB
echo "route add default via 10.0.1.1" | ns_batch carol
echo "route add default via 10.0.2.1" | ns_batch dave
# conntrack -F needs the netlink interface of conntrack.
[ -z "${UML_RUN_GUEST:-}" ] || /run/m/modprobe nf_conntrack_netlink
in_ns nat iptables-legacy -t nat -A POSTROUTING -o eth0 -j MASQUERADE
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
