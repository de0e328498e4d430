#!/bin/bash
# SPDX-License-Identifier: ISC
# Two sakerd over loopback authenticating with certificates from a PKI
# test/mkca makes: the YAML credentials section and per-end certs, key
# and cacerts (relative paths), --check refusing a key that does not
# match its certificate, sakerctl list-certs (text and --json) with a
# lint warning, an IKE SA established by signatures both ways, and a
# reload with an expired certificate refused while the old credentials
# stay.  Private network namespace; needs root, skipped (77) otherwise.
set -u

. "$(dirname "$0")/lib.sh"
saker_netns "$@"
saker_tmp loopcert

"$srcdir/test/mkca" "$tmp/pki" || fail "mkca"

# conf NAME LOCAL REMOTE LPORT RPORT CERT KEY RID START LNET RNET
# (paths relative to the config file)
conf() {
	cat >"$tmp/$1.yaml" <<YAML
sakerd:
  port: $4
  natt-port: $(($4 + 1))
  log-level: debug
credentials:
  cacerts: [pki/ca.pem]
  crls: [pki/crl.pem]
connections:
  $1:
    local: { addrs: [$2], auth: pubkey, certs: [pki/$6], key: pki/$7 }
    remote: { addrs: [$3], port: $5, id: "$8", auth: pubkey, cacerts: [pki/ca.pem] }
    proposals: [aes256gcm16-prfsha256-x25519]
    children:
      $1-net:
        local-ts: [10.${10}.0.0/16]
        remote-ts: [10.${11}.0.0/16]
        esp-proposals: [aes256gcm16]
        start: $9
YAML
}
ctl() { "$SAKERCTL" "$@"; }

conf a 127.0.0.1 127.0.0.2 15500 16500 gw.pem gw.key alice@example.net none 1 2
sed -i 's/    local: {/    local: { id: gw.example.net,/' "$tmp/a.yaml"
conf b 127.0.0.2 127.0.0.1 16500 15500 ecdsa.pem ecdsa.key gw.example.net none 2 1
sed -i 's/    local: {/    local: { id: alice@example.net,/' "$tmp/b.yaml"
A="--socket $tmp/a.sock"
B="--socket $tmp/b.sock"

"$SAKERD" --check -c "$tmp/a.yaml" >"$tmp/check.out" 2>&1 ||
	fail "--check on a valid file: $(cat "$tmp/check.out")"
sed 's#key: pki/gw.key#key: pki/rsa.key#' "$tmp/a.yaml" >"$tmp/badkey.yaml"
if "$SAKERD" --check -c "$tmp/badkey.yaml" >"$tmp/check.out" 2>&1; then
	fail "--check accepted a key that is not the certificate's"
fi
grep -q "no loaded private key matches this certificate" "$tmp/check.out" ||
	fail "--check bad key: $(cat "$tmp/check.out")"

"$SAKERD" -f -c "$tmp/a.yaml" $A >"$tmp/a.log" 2>&1 &
pids+=($!)
"$SAKERD" -f -c "$tmp/b.yaml" $B >"$tmp/b.log" 2>&1 &
pids+=($!)
for i in $(seq 50); do
	[ -S "$tmp/a.sock" ] && [ -S "$tmp/b.sock" ] && break
	sleep 0.1
done
ctl list-certs $A >"$tmp/certs.out" || fail "list-certs: $(cat "$tmp/certs.out")"
grep -q "^$tmp/pki/gw.pem" "$tmp/certs.out" || fail "list-certs: $(cat "$tmp/certs.out")"
grep -q "altnames   dns:gw.example.net" "$tmp/certs.out" ||
	fail "list-certs SAN: $(cat "$tmp/certs.out")"
grep -q "key        ECDSA-P256, private key loaded" "$tmp/certs.out" ||
	fail "list-certs key: $(cat "$tmp/certs.out")"
grep -q "^CA $tmp/pki/ca.pem" "$tmp/certs.out" ||
	fail "list-certs CA: $(cat "$tmp/certs.out")"
grep -q "no lint findings" "$tmp/certs.out" || fail "lint: $(cat "$tmp/certs.out")"
ctl list-certs --json $B >"$tmp/certs.json" || fail "list-certs --json"
grep -q '"has_private_key": true' "$tmp/certs.json" &&
	grep -q '"findings": \[\]' "$tmp/certs.json" ||
	fail "list-certs --json: $(cat "$tmp/certs.json")"
# b's client certificate lacks serverAuth: a gateway that accepts anyone
# with it is warned about, not refused.
sed 's/remote: { addrs: \[127.0.0.1\], /remote: { /' "$tmp/b.yaml" >"$tmp/b-any.yaml"
"$SAKERD" --check -c "$tmp/b-any.yaml" >"$tmp/check.out" 2>&1 ||
	fail "--check refused a warning: $(cat "$tmp/check.out")"
grep -q "ecdsa.pem: no serverAuth extended key usage" "$tmp/check.out" ||
	fail "--check warning: $(cat "$tmp/check.out")"

ctl up b $B || fail "up b"
for i in $(seq 50); do
	ctl list-sas $A | grep -q "ESTABLISHED" && break
	sleep 0.1
done
ctl list-sas $A | grep -q "^a\[[0-9]*\]  ESTABLISHED" ||
	fail "no IKE SA on a: $(ctl list-sas $A)"
grep -q "authentication of 'alice@example.net' with ECDSA-SHA256 signature successful" \
	"$tmp/a.log" || fail "a did not authenticate b by signature"
grep -q "authentication of 'gw.example.net' with ECDSA-SHA256 signature successful" \
	"$tmp/b.log" || fail "b did not authenticate a by signature"

# Reload with an expired certificate: refused, the old credentials stay.
cp "$tmp/a.yaml" "$tmp/a.good"
sed -i 's#certs: \[pki/gw.pem\], key: pki/gw.key#certs: [pki/expired.pem], key: pki/expired.key#' "$tmp/a.yaml"
ctl reload $A 2>"$tmp/err.out" && fail "reload with an expired certificate"
grep -q "expired.pem: certificate expired on 2020-01-01" "$tmp/err.out" ||
	fail "reload error: $(cat "$tmp/err.out")"
ctl list-certs $A | grep -q "^$tmp/pki/gw.pem" || fail "old credentials lost"
ctl list-sas $A | grep -q "ESTABLISHED" || fail "SA lost after a bad reload"

kill -TERM "${pids[0]}" "${pids[1]}"
wait "${pids[0]}" || fail "sakerd a exit status $?"
wait "${pids[1]}" || fail "sakerd b exit status $?"
pids=()
echo "loopback-cert: ok"
