# SPDX-License-Identifier: ISC
swan "$T/gw" --list-sas
swan "$T/gw" --list-pools --leases
for c in alice bob carol; do
	echo "--- $c"
	sakerctl "$c" list-sas
	xfrm_dump "$c"
	ip -n "$c" addr show
done
for c in alice bob carol; do
	sakerd_stop "$c"
done
charon_stop gw
for f in "$T"/sakerd-*.log; do echo "--- $f"; cat "$f"; done
