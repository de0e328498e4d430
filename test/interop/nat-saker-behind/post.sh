# SPDX-License-Identifier: ISC
sakerctl carol list-sas
swan "$T/moon" --list-sas
xfrm_dump carol
tcpdump -n -r "$T/nat-out.pcap" 2>/dev/null | tail -30
sakerctl carol down moon
charon_stop moon
sakerd_stop carol
cat "$T/sakerd-carol.log"
