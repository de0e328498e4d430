#!/bin/bash
# SPDX-License-Identifier: ISC
# Two sakerd on one host over loopback, each on its own IKE ports and
# control socket, driven with sakerctl: --check on a good and a bad file,
# start-up, status, list-conns, up, an IKE SA established between the
# two, reload with an invalid file (rejected, the old config stays) and a
# valid one, log-level, down, and a clean exit on SIGTERM.  It runs in a
# private network namespace (so kernel state cannot touch the host's);
# where the kernel has no ESP the Child SA cannot be installed, which the
# test accepts and shows.  Needs root; skipped (77) otherwise.
set -u

. "$(dirname "$0")/lib.sh"
saker_netns "$@"
saker_tmp loopback

# conf NAME LOCAL REMOTE LPORT RPORT LID RID START LNET RNET
conf() {
	cat >"$tmp/$1.yaml" <<YAML
sakerd:
  port: $4
  natt-port: $(($4 + 1))
  log-level: debug
connections:
  $1:
    local: { addrs: [$2], id: $6, auth: psk }
    remote: { addrs: [$3], port: $5, id: $7, auth: psk }
    proposals: [aes256gcm16-prfsha256-x25519]
    children:
      $1-net:
        local-ts: [10.$9.0.0/16]
        remote-ts: [10.${10}.0.0/16]
        esp-proposals: [aes256gcm16]
        mode: tunnel
        start: $8
secrets:
  - { ids: [$6, $7], psk: "loopback test key, not secret" }
YAML
}

ctl() { "$SAKERCTL" "$@"; }

conf a 127.0.0.1 127.0.0.2 15500 16500 a.test b.test none 1 2
# A second connection on a whose proposal b does not accept.
sed -i 's/^secrets:/  c:\n    local: { addrs: [127.0.0.1], id: a.test, auth: psk }\n    remote: { addrs: [127.0.0.2], port: 16500, id: b.test, auth: psk }\n    proposals: [aes128-sha256-modp2048]\n    children:\n      c-net: { local-ts: [10.3.0.0\/16], remote-ts: [10.2.0.0\/16], esp-proposals: [aes128-sha256] }\nsecrets:/' "$tmp/a.yaml"
conf b 127.0.0.2 127.0.0.1 16500 15500 b.test a.test none 2 1
A="--socket $tmp/a.sock"
B="--socket $tmp/b.sock"

# --check: a good file, and a broken one named with line and column.
"$SAKERD" --check -c "$tmp/a.yaml" >"$tmp/check.out" 2>&1 ||
	fail "--check on a valid file: $(cat "$tmp/check.out")"
printf 'connections:\n  x:\n    bogus: 1\n' >"$tmp/bad.yaml"
if "$SAKERD" --check -c "$tmp/bad.yaml" >"$tmp/check.out" 2>&1; then
	fail "--check accepted an invalid file"
fi
grep -q "^$tmp/bad.yaml:[0-9]*:[0-9]*: " "$tmp/check.out" ||
	fail "--check error not file:line:col: $(cat "$tmp/check.out")"

# A daemon that is not running.
out=$(ctl status $A 2>&1) && fail "status without a daemon succeeded"
case $out in
*"sakerd is not running (connect $tmp/a.sock: No such file or directory)"*) ;;
*) fail "dead daemon message: $out" ;;
esac

"$SAKERD" -f -c "$tmp/a.yaml" $A >"$tmp/a.log" 2>&1 &
pids+=($!)
"$SAKERD" -f -c "$tmp/b.yaml" $B >"$tmp/b.log" 2>&1 &
pids+=($!)
for i in $(seq 50); do
	[ -S "$tmp/a.sock" ] && [ -S "$tmp/b.sock" ] && break
	sleep 0.1
done
ctl status $A >"$tmp/status.out" || fail "status: $(cat "$tmp/status.out")"
grep -q "IKE ports    15500, NAT-T 15501" "$tmp/status.out" ||
	fail "status: $(cat "$tmp/status.out")"
grep -q "^  overflow     0 datagrams dropped by the kernel" "$tmp/status.out" ||
	fail "status: $(cat "$tmp/status.out")"
[ "$(stat -c %a "$tmp/a.sock")" = 660 ] || fail "socket mode"
ctl list-conns $A | grep -q "a-net    tunnel, start none" ||
	fail "list-conns: $(ctl list-conns $A)"
ctl list-conns --json $A | grep -q '"name": "a"' || fail "list-conns --json"

# A second daemon on the same socket refuses to start (and flushes nothing).
if "$SAKERD" -f -c "$tmp/a.yaml" $A >"$tmp/second.log" 2>&1; then
	fail "a second sakerd on the same socket started"
fi
grep -q "another sakerd" "$tmp/second.log" || fail "second: $(cat "$tmp/second.log")"

ctl up nope $A 2>"$tmp/err.out" && fail "up of an unknown connection"
grep -q 'no connection or child named "nope"' "$tmp/err.out" ||
	fail "up nope: $(cat "$tmp/err.out")"
ctl up a $A || fail "up a"
# The failure explains itself in list-conns.
ctl up c $A >/dev/null || fail "up c"
for i in $(seq 50); do
	ctl list-conns $A | grep -q "failed" && break
	sleep 0.1
done
ctl list-conns $A | grep -iq "^  failed   .*proposal" ||
	fail "no proposal failure in list-conns: $(ctl list-conns $A)"
ctl list-conns $A | grep "failed"
for i in $(seq 50); do
	ctl list-sas $A | grep -q "ESTABLISHED" && break
	sleep 0.1
done
ctl list-sas $A >"$tmp/sas.out"
grep -q "^a\[[0-9]*\]  ESTABLISHED" "$tmp/sas.out" ||
	fail "no IKE SA on a: $(cat "$tmp/sas.out")"
ctl list-sas $B | grep -q "^b\[[0-9]*\]  ESTABLISHED" ||
	fail "no IKE SA on b: $(ctl list-sas $B)"
cat "$tmp/sas.out"
ctl list-sas --json $A | grep -q '"spi_i"' || fail "list-sas --json"

# Reload: a broken file is refused with its position, the old config stays.
cp "$tmp/a.yaml" "$tmp/a.good"
printf 'connections: [\n' >"$tmp/a.yaml"
ctl reload $A 2>"$tmp/err.out" && fail "reload of an invalid file"
grep -q "$tmp/a.yaml:[0-9]*:[0-9]*: " "$tmp/err.out" ||
	fail "reload error: $(cat "$tmp/err.out")"
ctl list-sas $A | grep -q "ESTABLISHED" || fail "SA lost after a bad reload"
cp "$tmp/a.good" "$tmp/a.yaml"
ctl reload $A >/dev/null || fail "reload"
kill -HUP "${pids[0]}"
sleep 0.2
grep -q "reloaded $tmp/a.yaml" "$tmp/a.log" || fail "SIGHUP reload"

ctl log-level trace $A | grep -q "log level trace" || fail "log-level"
ctl log-level loud $A 2>/dev/null; [ $? = 2 ] || fail "log-level loud exit"

ctl down a $A || fail "down a"
for i in $(seq 50); do
	ctl list-sas $A | grep -q "no IKE SAs" && break
	sleep 0.1
done
ctl list-sas $A | grep -q "no IKE SAs" || fail "SA still there after down"

kill -TERM "${pids[0]}" "${pids[1]}"
wait "${pids[0]}" || fail "sakerd a exit status $?"
wait "${pids[1]}" || fail "sakerd b exit status $?"
pids=()
[ -e "$tmp/a.sock" ] && fail "control socket left behind"
if ip xfrm state | grep -q . || ip xfrm policy | grep -q .; then
	fail "kernel state left: $(ip xfrm state; ip xfrm policy)"
fi
echo "loopback: ok"
