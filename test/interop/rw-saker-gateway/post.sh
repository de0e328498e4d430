# SPDX-License-Identifier: ISC
for c in alice bob carol; do
	swan "$T/$c" --list-sas
done
sakerctl gw list-sas
sakerctl gw leases
xfrm_dump gw
for c in alice bob carol; do
	charon_stop "$c"
done
sakerd_stop gw
cat "$T/sakerd-gw.log"
