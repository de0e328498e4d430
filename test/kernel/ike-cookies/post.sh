# SPDX-License-Identifier: ISC
tcpdump -n -v -r "$T/moon-out.pcap" 'udp port 500' 2>/dev/null | head -40
tcpdump -n -v -r "$T/sun-out.pcap" 'udp port 500' 2>/dev/null | head -40
sakerctl sun status
sakerd_stop moon
sakerd_stop sun
for f in "$T"/sakerd-*.log; do echo "--- $f"; cat "$f"; done
