# SPDX-License-Identifier: ISC
xfrm_dump moon
xfrm_dump carol
in_ns carol ip route show table 220
sakerctl moon leases
sakerd_stop carol
sakerd_stop dave
sakerd_stop moon
# nothing of the clients' is left behind
in_ns carol ip -o addr show dev eth0
in_ns carol ip rule
for f in "$T"/sakerd-*.log "$T/hook.log"; do echo "--- $f"; cat "$f"; done
