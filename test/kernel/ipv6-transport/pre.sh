# SPDX-License-Identifier: ISC
topo_std
sakerd_start sun
sakerd_start moon
wait_log "$T/sakerd-moon.log" "CHILD_SA .* established" 30
# IKE and neighbour discovery go in clear text between the same addresses
capture_start moon eth0 moon-out not udp port 500 and not \( icmp6 and ip6[40] \>= 133 and ip6[40] \<= 137 \)
