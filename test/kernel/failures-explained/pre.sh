# SPDX-License-Identifier: ISC
topo_std
sakerd_start sun
sakerd_start moon
wait_log "$T/sakerd-moon.log" "CHILD_SA lan\{[0-9]+\} established" 30
# the working tunnel's kernel state, to compare with at the end
in_ns moon ip xfrm state | grep -o "spi 0x[0-9a-f]*" | sort >"$T/moon-spis"
in_ns sun ip xfrm state | grep -o "spi 0x[0-9a-f]*" | sort >"$T/sun-spis"
in_ns moon ip xfrm policy >"$T/moon-policies"
in_ns sun ip xfrm policy >"$T/sun-policies"
test "$(wc -l <"$T/moon-spis")" = 2
capture_start moon eth0 moon-out
# kernel_only_good NS: the namespace holds the working tunnel's two SAs
# and the policies it had at the start (the working tunnel's and
# sakerd's IKE socket bypass), nothing more.
kernel_only_good() {
	local ns=$1
	ip netns exec "$ns" ip xfrm state | grep -o "spi 0x[0-9a-f]*" | sort |
		cmp -s - "$T/$ns-spis" || { echo "$ns: SAs changed"; return 1; }
	if ! ip netns exec "$ns" ip xfrm policy | diff "$T/$ns-policies" -; then
		echo "$ns: policies changed"
		return 1
	fi
	echo "$ns: only the working tunnel"
}
export -f kernel_only_good
# failure CONN: sakerctl up CONN on moon, then wait until moon has logged
# why it failed (the connection's last failure in list-conns).
failure() {
	sakerctl moon up "$1" || return 1
	local i
	for ((i = 0; i < 150; i++)); do
		sakerctl moon list-conns | awk -v c="$1" '$1 == c { s = 1; next }
			/^[^ ]/ { s = 0 } s && $1 == "failed" { f = 1 } END { exit !f }' &&
			return 0
		sleep 0.1
	done
	echo "failure: $1 did not fail" >&2
	return 1
}
export -f failure
# conn_failure NS CONN: the "failed" line of CONN in NS's list-conns.
conn_failure() {
	sakerctl "$1" list-conns | awk -v c="$2" '$1 == c { s = 1; next }
		/^[^ ]/ { s = 0 } s && $1 == "failed"'
}
export -f conn_failure
