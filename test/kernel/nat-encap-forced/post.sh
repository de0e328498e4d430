# SPDX-License-Identifier: ISC
xfrm_dump moon
xfrm_dump sun
tcpdump -n -r "$T/moon-out.pcap" 2>/dev/null | tail -20
sakerd_stop moon
sakerd_stop sun
for f in "$T"/sakerd-*.log; do echo "--- $f"; cat "$f"; done
