# SPDX-License-Identifier: ISC
topo_rw
rw_pki
rw_example_gw moon
rw_example_client carol carol
rw_example_client dave dave
rw_example_client erin erin erin.der erin-key.der
sakerd_start moon "$T/moon.yaml"
for c in carol dave erin; do
	capture_start "$c" eth0 "$c-out"
done
for c in carol dave erin; do
	sakerd_start "$c" "$T/$c.yaml"
done
for c in carol dave erin; do
	wait_log "$T/sakerd-$c.log" "CHILD_SA net\{[0-9]+\} established" 30
done
rw_sakerd mallory

# refused NAME: sakerctl up NAME on mallory, then wait until mallory's
# list-conns shows why it failed.
refused() {
	sakerctl mallory up "$1" || return 1
	local i
	for ((i = 0; i < 150; i++)); do
		conn_failure mallory "$1" | grep -q . && return 0
		sleep 0.1
	done
	echo "refused: $1 did not fail" >&2
	return 1
}
# conn_failure NS CONN: the "failed" line of CONN in NS's list-conns.
conn_failure() {
	sakerctl "$1" list-conns | awk -v c="$2" '$1 == c { s = 1; next }
		/^[^ ]/ { s = 0 } s && $1 == "failed"'
}
# lease ID: moon's lease line for ID.
lease() {
	sakerctl moon leases | grep -F "$1"
}
export -f refused conn_failure lease
# until SECS CMD...: poll CMD every 0.1 s until it succeeds, at most SECS.
until_ok() {
	local i
	for ((i = 0; i < $1 * 10; i++)); do
		"${@:2}" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "until_ok: '${*:2}' still fails after $1 s" >&2
	return 1
}
# gone ID: moon lists no SA with ID.
gone() {
	! sakerctl moon list-sas | grep -qF "$1"
}
export -f until_ok gone
vip carol >"$T/carol-vip"
