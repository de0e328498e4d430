# SPDX-License-Identifier: ISC
topo_std
sakerd_start sun "$TOP/conf/site-to-site-branch.yaml"
sakerd_start moon "$TOP/conf/site-to-site.yaml"
wait_log "$T/sakerd-moon.log" "CHILD_SA .* established" 30
capture_start moon eth0 moon-out
