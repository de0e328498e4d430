# SPDX-License-Identifier: ISC
topo_std
capture_start moon eth0 moon-out
capture_start sun eth0 sun-out
sakerd_start sun
sakerd_start moon
wait_log "$T/sakerd-moon.log" "CHILD_SA .* established" 30
