# SPDX-License-Identifier: ISC
topo_std
sakerd_start sun
charon_site moon
capture_start moon eth0 moon-out
capture_start sun eth0 sun-out
charon_up "$T/moon" net
