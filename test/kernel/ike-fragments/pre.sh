# SPDX-License-Identifier: ISC
# moon 192.0.2.1 -- 192.0.2.254 mid 198.51.100.254 -- 198.51.100.1 sun
#  10.1.0.1/16 (dummy)                               10.2.0.1/16 (dummy)
ns_add moon mid sun
link_add moon eth0 192.0.2.1/24 mid eth0 192.0.2.254/24
link_add mid eth1 198.51.100.254/24 sun eth0 198.51.100.1/24
ns_batch moon <<EOB
link set eth0 mtu 576
link add eth1 type dummy
addr add 10.1.0.1/16 dev eth1
link set eth1 up
route add default via 192.0.2.254
EOB
ns_batch sun <<EOB
link set eth0 mtu 576
link add eth1 type dummy
addr add 10.2.0.1/16 dev eth1
link set eth1 up
route add default via 198.51.100.254
EOB
ns_batch mid <<EOB
link set eth0 mtu 576
link set eth1 mtu 576
EOB
in_ns mid iptables-legacy -A FORWARD -f -j DROP
# The path really drops what a sender cuts into IP fragments.
in_ns moon ping -c 1 -W 2 -s 300 198.51.100.1 >/dev/null
! in_ns moon ping -c 1 -W 2 -M dont -s 1000 198.51.100.1 >/dev/null
in_ns mid iptables-legacy -L FORWARD -v -x -n | awk '$3 == "DROP" { print $1 }' >"$T/dropped-before"
# moon and sun authenticate with RSA certificates under the test PKI's
# intermediate CA, which both send.
rw_pki
capture_start moon eth0 moon-out
capture_start sun eth0 sun-out
rw_sakerd sun
rw_sakerd moon
wait_log "$T/sakerd-moon.log" "CHILD_SA .* established" 30
