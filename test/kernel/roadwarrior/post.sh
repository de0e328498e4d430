# SPDX-License-Identifier: ISC
for ns in gw alice bob carol mallory; do
	echo "--- $ns"
	sakerctl "$ns" list-sas
	sakerctl "$ns" list-conns
	xfrm_dump "$ns"
	ip -n "$ns" addr show
	ip -n "$ns" route show table all | grep -v -e '^local' -e '^multicast' -e '^fe80' -e 'fe80::'
done
sakerctl gw leases
for ns in alice bob carol mallory gw; do
	sakerd_stop "$ns"
done
for f in "$T"/sakerd-*.log; do echo "--- $f"; cat "$f"; done
