# SPDX-License-Identifier: ISC
topo_std
sakerd_start sun
sakerd_start moon
wait_log "$T/sakerd-moon.log" "CHILD_SA .* established" 30
capture_start moon eth0 moon-out
# The SPIs of the first Child SA and IKE SA, to compare at the end.
ip netns exec moon ip xfrm state | awk '/spi/ {print $4}' > "$T/spis-before"
sakerctl moon list-sas --json | grep -o '"spi_i": "[0-9a-f]*"' > "$T/ike-before"
