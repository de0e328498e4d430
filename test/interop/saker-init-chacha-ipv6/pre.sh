# SPDX-License-Identifier: ISC
topo_std
charon_site sun
sakerd_start moon
capture_start moon eth0 moon-out
capture_start sun eth0 sun-out
sakerctl moon up net
wait_log "$T/sun/charon.log" 'CHILD_SA net\{[0-9]+\} established' 30
