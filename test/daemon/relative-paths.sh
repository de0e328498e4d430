#!/bin/bash
# SPDX-License-Identifier: ISC
# sakerd started from the configuration's directory with relative paths
# (`sakerd -f -c saker.yaml --socket s.sock --pidfile s.pid`), as an
# operator trying a file out would: it answers on the socket, shows the
# paths made absolute, and exits 0 on SIGTERM with nothing on stderr from
# the sanitizers.  In a tree built with --enable-sanitizers this is where
# a leak at exit shows (LeakSanitizer turns it into exit status 1).  It
# runs in a private network namespace; needs root, skipped (77) otherwise.
set -u

. "$(dirname "$0")/lib.sh"
saker_netns "$@"
saker_tmp relative

if grep -q __asan_init "$SAKERD"; then
	echo "sakerd is built with AddressSanitizer"
fi
cat >"$tmp/saker.yaml" <<YAML
sakerd:
  port: 17500
  natt-port: 17501
connections:
  rel:
    local: { addrs: [127.0.0.1], id: rel.test, auth: psk }
    remote: { addrs: [127.0.0.2], id: peer.test, auth: psk }
    proposals: [aes256gcm16-prfsha256-x25519]
    children:
      rel-net: { local-ts: [10.1.0.0/16], remote-ts: [10.2.0.0/16] }
secrets:
  - { ids: [rel.test, peer.test], psk: "relative paths test key" }
YAML

cd "$tmp" || exit 1
sakerd_up s.sock "$tmp/sakerd.log" -c saker.yaml --pidfile s.pid
pid=${pids[0]}
"$SAKERCTL" status --socket s.sock >"$tmp/status.out" 2>&1 ||
	fail "status: $(cat "$tmp/status.out")"
grep -q "^  config       $tmp/saker.yaml$" "$tmp/status.out" ||
	fail "config path not absolute: $(cat "$tmp/status.out")"
grep -q "^  socket       $tmp/s.sock$" "$tmp/status.out" ||
	fail "socket path not absolute: $(cat "$tmp/status.out")"
[ "$(cat "$tmp/s.pid")" = "$pid" ] || fail "pid file: $(cat "$tmp/s.pid")"
# The configuration is read again on reload, by its absolute path.
"$SAKERCTL" reload --socket s.sock >/dev/null 2>&1 || fail "reload"

kill -TERM "$pid"
wait "$pid"
st=$?
pids=()
[ "$st" = 0 ] || fail "exit status $st after SIGTERM"
if grep -q "Sanitizer\|runtime error" "$tmp/sakerd.log"; then
	fail "sanitizer report: $(cat "$tmp/sakerd.log")"
fi
[ -e "$tmp/s.sock" ] && fail "control socket left behind"
[ -e "$tmp/s.pid" ] && fail "pid file left behind"
echo "relative-paths: ok"
