# SPDX-License-Identifier: ISC
topo_std
# IPv6 on the inner networks; each gateway's IPv6 default route points at
# the other, so clear text would pass too unless IPsec takes it.
ns_batch moon <<-EOB
addr add fd01::1/64 dev eth1 nodad
route add default via 2001:db8::2
EOB
ns_batch sun <<-EOB
addr add fd02::1/64 dev eth1 nodad
route add default via 2001:db8::1
EOB
ns_batch alice <<-EOB
addr add fd01::10/64 dev eth0 nodad
route add default via fd01::1
EOB
ns_batch bob <<-EOB
addr add fd02::10/64 dev eth0 nodad
route add default via fd02::1
EOB
sakerd_start sun
sakerd_start moon
wait_log "$T/sakerd-moon.log" "CHILD_SA .* established" 30
capture_start moon eth0 moon-out
