# SPDX-License-Identifier: ISC
sakerctl moon list-sas
swan "$T/carol" --list-sas
xfrm_dump moon
tcpdump -n -r "$T/nat-out.pcap" 2>/dev/null | tail -30
charon_down "$T/carol" moon
charon_stop carol
sakerd_stop moon
cat "$T/sakerd-moon.log"
