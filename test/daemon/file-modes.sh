#!/bin/bash
# SPDX-License-Identifier: ISC
# Who else may read or change sakerd's files.  A configuration other
# users may read or write is warned about, naming the file and its mode,
# by `sakerd --check`, at start-up and on reload; a hook script others
# may change (or one in a directory they may write to) refuses the
# configuration, since sakerd runs it as root, while one only its group
# may change is warned about; a pid file path that is a symbolic link is
# refused and the link's target left alone.  Private network namespace;
# needs root, skipped (77) otherwise.
set -u

. "$(dirname "$0")/lib.sh"
saker_netns "$@"
saker_tmp modes

# conf FILE [HOOK]: a configuration with a pre-shared key (and a hook).
conf() {
	cat >"$1" <<YAML
sakerd:
  port: 18500
  natt-port: 18501
connections:
  gw:
    local: { addrs: [127.0.0.1], id: gw.test, auth: psk }
    remote: { id: "%any", auth: psk }
    proposals: [aes256gcm16-prfsha256-x25519]
    pools: [p]
${2:+    hook: $2}
    children:
      gw-net: { local-ts: [10.1.0.0/16] }
pools:
  p: { addresses: 10.3.0.0/24 }
secrets:
  - { ids: ["%any"], psk: "file modes test key" }
YAML
}

# quiet FILE: --check accepts FILE and says nothing but ok.
quiet() {
	check_ok "$1"
	[ "$check_out" = "$1: ok" ] || fail "--check on $1 said more: $check_out"
}

printf '#!/bin/sh\nexit 0\n' >"$tmp/hook"
chmod 700 "$tmp/hook"
conf "$tmp/ok.yaml" "$tmp/hook"
quiet "$tmp/ok.yaml"

# The configuration holds a pre-shared key: others must not read it.
cp "$tmp/ok.yaml" "$tmp/open.yaml"
chmod 666 "$tmp/open.yaml"
check_ok "$tmp/open.yaml" "^warn cfg $tmp/open.yaml: mode 0666: readable and writable by group and others"
chmod 640 "$tmp/open.yaml"
check_ok "$tmp/open.yaml" "^warn cfg $tmp/open.yaml: mode 0640: readable by group"

# Hook scripts run as root.
chmod 722 "$tmp/hook"
check_refused "$tmp/ok.yaml" "hook $tmp/hook: mode 0722: writable by group and others"
chmod 720 "$tmp/hook"
check_ok "$tmp/ok.yaml" "^warn cfg hook $tmp/hook: mode 0720: writable by group"
mkdir "$tmp/open" "$tmp/sticky"
cp -p "$tmp/hook" "$tmp/open/hook"
chmod 700 "$tmp/open/hook"
chmod 777 "$tmp/open"
conf "$tmp/open-dir.yaml" "$tmp/open/hook"
check_refused "$tmp/open-dir.yaml" "hook $tmp/open/hook: directory $tmp/open \(mode 0777\) is writable by others"
# In a sticky directory others cannot replace a file they do not own.
cp -p "$tmp/open/hook" "$tmp/sticky/hook"
chmod 1777 "$tmp/sticky"
conf "$tmp/sticky.yaml" "$tmp/sticky/hook"
quiet "$tmp/sticky.yaml"
# A link to a script others may change is as bad as the script.
ln -s "$tmp/hook" "$tmp/sticky/link"
chmod 702 "$tmp/hook"
conf "$tmp/link.yaml" "$tmp/sticky/link"
check_refused "$tmp/link.yaml" "hook $tmp/sticky/link: $tmp/hook: mode 0702: writable by others"
chmod 700 "$tmp/hook"

# Start-up and reload warn too; a reload that makes a hook unsafe is
# refused and the running configuration stays.
cp "$tmp/ok.yaml" "$tmp/run.yaml"
chmod 644 "$tmp/run.yaml"
sakerd_up "$tmp/s.sock" "$tmp/sakerd.log" -c "$tmp/run.yaml" \
	--pidfile "$tmp/s.pid"
grep -q "warn cfg $tmp/run.yaml: mode 0644: readable by group and others" \
	"$tmp/sakerd.log" || fail "no warning at start-up"
chmod 600 "$tmp/run.yaml"
"$SAKERCTL" reload --socket "$tmp/s.sock" >/dev/null || fail "reload"
[ "$(grep -c "run.yaml: mode" "$tmp/sakerd.log")" = 1 ] ||
	fail "warning at reload of a file that is now 0600"
chmod 604 "$tmp/run.yaml"
"$SAKERCTL" reload --socket "$tmp/s.sock" >/dev/null || fail "reload"
grep -q "warn cfg $tmp/run.yaml: mode 0604: readable by others" \
	"$tmp/sakerd.log" || fail "no warning at reload"
chmod 600 "$tmp/run.yaml"
chmod 706 "$tmp/hook"
if "$SAKERCTL" reload --socket "$tmp/s.sock" >"$tmp/reload.out" 2>&1; then
	fail "reload with a hook others may change"
fi
grep -q "hook $tmp/hook: mode 0706: writable by others" \
	"$tmp/reload.out" || fail "reload refused without the reason: $(cat "$tmp/reload.out")"
chmod 700 "$tmp/hook"
"$SAKERCTL" list-conns --socket "$tmp/s.sock" | grep -q "^gw" ||
	fail "running configuration lost"
kill -TERM "${pids[0]}"
wait "${pids[0]}" || fail "sakerd exit status $?"
pids=()

# A pid file path that is a symbolic link is not followed.
ln -s "$tmp/victim" "$tmp/link.pid"
echo "keep" >"$tmp/victim"
"$SAKERD" -f -c "$tmp/ok.yaml" --socket "$tmp/s2.sock" \
	--pidfile "$tmp/link.pid" >"$tmp/sakerd2.log" 2>&1 &
pids+=($!)
for i in $(seq 50); do
	kill -0 "${pids[0]}" 2>/dev/null || break
	sleep 0.1
done
if kill -0 "${pids[0]}" 2>/dev/null; then
	fail "sakerd started with a pid file that is a symbolic link"
fi
wait "${pids[0]}" && fail "sakerd exit status 0 with a symbolic link as pid file"
pids=()
grep -q "error daemon pid file $tmp/link.pid is a symbolic link" \
	"$tmp/sakerd2.log" || fail "pid file link: $(cat "$tmp/sakerd2.log")"
[ "$(cat "$tmp/victim")" = keep ] || fail "the link's target was written"
[ -L "$tmp/link.pid" ] || fail "the link was removed"
echo "file-modes: ok"
