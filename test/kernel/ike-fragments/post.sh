# SPDX-License-Identifier: ISC
xfrm_dump moon
in_ns mid iptables-legacy -L FORWARD -v -x -n
tcpdump -n -v -r "$T/moon-out.pcap" 2>/dev/null | head -60
tcpdump -n -v -r "$T/sun-out.pcap" 2>/dev/null | head -40
sakerd_stop moon
sakerd_stop sun
for f in "$T"/sakerd-*.log; do echo "--- $f"; cat "$f"; done
