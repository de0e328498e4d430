# SPDX-License-Identifier: ISC
# lib.sh - what the daemon tests share, sourced from the script's own
# directory: the private network namespace they run sakerd in, the
# build's binaries, a scratch directory removed at exit with the daemons
# started there, fail(), which shows the logs kept there, and the
# verdicts of `sakerd --check`.

builddir=$(cd "${builddir:-.}" && pwd)
srcdir=${srcdir:-.}
SAKERD=$builddir/daemon/sakerd
SAKERCTL=$builddir/sakerctl/sakerctl

# saker_netns "$@": skips the test (77) unless root; else runs the script
# again in a network namespace of its own (so that kernel state cannot
# touch the host's), with 127.0.0.1 and 127.0.0.2 up on loopback.
saker_netns() {
	if [ "$(id -u)" != 0 ]; then
		echo "not root: skipped"
		exit 77
	fi
	if [ -z "${SAKER_IN_NETNS:-}" ]; then
		export SAKER_IN_NETNS=1
		exec unshare --net -- "$0" "$@"
	fi
	ip link set lo up
	ip addr add 127.0.0.2/8 dev lo 2>/dev/null || true
}

# saker_tmp NAME: $tmp, a fresh directory; the processes whose ids the
# test appends to pids are killed, and $tmp removed, on exit.  Files are
# created private from then on, as sakerd wants its configuration.
saker_tmp() {
	umask 077
	tmp=$(mktemp -d "/tmp/saker-$1.XXXXXX")
	pids=()
	trap saker_cleanup EXIT
}

saker_cleanup() {
	local p
	for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
	rm -rf "$tmp"
}

# sakerd_up SOCKET LOG ARGS...: `sakerd -f --socket SOCKET ARGS...` in
# the background, its output in LOG, its pid appended to pids; waits
# until it listens, and fails when it does not within 10 s.
sakerd_up() {
	local sock=$1 log=$2 i
	shift 2
	"$SAKERD" -f --socket "$sock" "$@" >"$log" 2>&1 &
	pids+=($!)
	for i in $(seq 100); do
		[ -S "$sock" ] && return 0
		kill -0 "${pids[-1]}" 2>/dev/null || break
		sleep 0.1
	done
	fail "sakerd did not come up"
}

# fail MESSAGE: the test failed; shows the end of every log in $tmp.
fail() {
	local f
	echo "FAIL: $*"
	for f in "$tmp"/*.log; do
		[ -e "$f" ] || continue
		echo "--- $f"
		tail -30 "$f"
	done
	exit 1
}

# check_ok FILE [REGEX]: `sakerd --check` accepts FILE (and says REGEX);
# what it said is left in $check_out.
check_ok() {
	check_out=$("$SAKERD" --check -c "$1" 2>&1) ||
		fail "--check refused $1: $check_out"
	grep -q ": ok$" <<<"$check_out" ||
		fail "--check said no ok for $1: $check_out"
	if [ -n "${2:-}" ] && ! grep -Eq -- "$2" <<<"$check_out"; then
		fail "--check on $1 without '$2': $check_out"
	fi
}

# check_refused FILE REGEX: `sakerd --check` refuses FILE, saying REGEX.
check_refused() {
	local out
	if out=$("$SAKERD" --check -c "$1" 2>&1); then
		fail "--check accepted $1: $out"
	elif ! grep -Eq -- "$2" <<<"$out"; then
		fail "--check refused $1 without '$2': $out"
	fi
}
