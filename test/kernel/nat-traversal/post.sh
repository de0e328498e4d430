# SPDX-License-Identifier: ISC
xfrm_dump moon
xfrm_dump carol
in_ns nat conntrack -L 2>&1 | head -20
tcpdump -n -r "$T/nat-out.pcap" 2>/dev/null | tail -40
for ns in moon carol dave; do sakerctl "$ns" list-sas; done
sakerd_stop carol
sakerd_stop dave
sakerd_stop moon
for f in "$T"/sakerd-*.log; do echo "--- $f"; cat "$f"; done
