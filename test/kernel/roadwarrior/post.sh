# SPDX-License-Identifier: ISC
for ns in moon carol dave erin mallory; do
	echo "--- $ns"
	sakerctl "$ns" list-sas
	sakerctl "$ns" list-conns
	xfrm_dump "$ns"
	ip -n "$ns" addr show
done
sakerctl moon leases
for ns in carol dave erin mallory moon; do
	sakerd_stop "$ns"
done
for f in "$T"/sakerd-*.log; do echo "--- $f"; cat "$f"; done
