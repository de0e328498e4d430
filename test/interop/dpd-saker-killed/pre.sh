# SPDX-License-Identifier: ISC
topo_std
sakerd_start sun
# charon with short retransmissions, so that it gives up in seconds
charon_conf "$T/moon" moon
charon_set "$T/moon" retransmit_timeout 1
charon_set "$T/moon" retransmit_tries 2
cp -r "$SCENARIO_DIR/hosts/moon/." "$T/moon/swanctl/"
charon_start moon "$T/moon"
charon_up "$T/moon" net
wait_log "$T/sakerd-sun.log" "received INFORMATIONAL request" 10
wait_log "$T/sakerd-sun.log" "received INFORMATIONAL response" 10
kill -9 "$(pid_of sakerd-sun)"
wait_log "$T/moon/charon.log" "giving up after 2 retransmits" 20
sleep 1
