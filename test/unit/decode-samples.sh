#!/bin/sh
# SPDX-License-Identifier: ISC
# decode-samples.sh - `sakerctl decode` over sample messages: the codec's
# vectors (which must still be what the message builder produces, byte
# for byte) and, when present, real captures of other implementations.
# Each must decode as hex, as raw bytes and with a non-ESP marker, in
# text and JSON; broken variants must fail with a message and status 1.
# Run from the build directory (make check does); srcdir names the source.
set -eu
srcdir=${srcdir:-.}
ctl=./sakerctl/sakerctl
vec=$srcdir/test/vectors/codec
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() { echo "FAIL: $*" >&2; exit 1; }
unhex() { perl -0777 -ne 's/[^0-9a-fA-F]//g; print pack("H*", $_)' "$1"; }
# patch FILE OFFSET BYTE: writes FILE with one byte replaced to stdout.
patch() { perl -0777 -ne "substr(\$_, $2, 1) = chr($3); print" "$1"; }
expect() {	# expect FILE PATTERN...: the text decode shows each pattern
	f=$1; shift
	"$ctl" decode "$f" >"$tmp/out" || fail "decode $f"
	for p in "$@"; do
		grep -q -- "$p" "$tmp/out" || fail "$f: no '$p' in output"
	done
}
bad() {		# bad FILE PATTERN: decode fails with status 1 and says why
	set +e
	"$ctl" decode "$1" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	set -e
	[ "$rc" -eq 1 ] || fail "$1: status $rc, want 1"
	grep -q -- "$2" "$tmp/err" || fail "$1: no '$2' in: $(cat "$tmp/err")"
	"$ctl" decode "$1" --json >"$tmp/out" 2>/dev/null && fail "$1: --json succeeded"
	grep -q '"error"' "$tmp/out" || fail "$1: no error member in JSON"
}

# The builder still produces the committed vectors.
mkdir "$tmp/gen"
./test/fuzz/mkseeds "$tmp/gen"
n=0
for f in "$vec"/*.hex; do
	cmp -s "$f" "$tmp/gen/${f##*/}" || fail "builder output differs from $f"
	n=$((n + 1))
done
[ "$n" -eq "$(ls "$tmp/gen" | wc -l)" ] || fail "vectors and builder output differ in number"

# Every sample decodes in every input form.
for f in "$vec"/*.hex "$srcdir"/test/vectors/strongswan/*/*.bin; do
	[ -f "$f" ] || continue
	case $f in
	*.hex)	b=$tmp/${f##*/}.bin
		unhex "$f" >"$b" ;;
	*)	# Captured on port 4500 with the marker: decode it as is, then
		# work on the datagram without it.
		expect "$f" "exchange:"
		b=$tmp/$(echo "$f" | tr / _)
		perl -0777 -ne 's/^\0\0\0\0//; print' "$f" >"$b"
		perl -0777 -ne 'print unpack("H*", $_)' "$b" >"$b.hex"
		f=$b.hex ;;
	esac
	printf '\000\000\000\000' >"$b.marker"
	cat "$b" >>"$b.marker"
	expect "$f" "exchange:" "rules: ok"
	expect "$b" "exchange:" "non_esp_marker: no"
	expect "$b.marker" "non_esp_marker: yes"
	"$ctl" decode "$f" --json >"$tmp/json" || fail "decode --json $f"
	if command -v python3 >/dev/null; then
		python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/json" ||
			fail "$f: invalid JSON"
	fi
	"$ctl" decode - <"$b" >/dev/null || fail "decode from stdin $f"
done

# What the samples must show.
expect "$vec/ike_sa_init_req.hex" "IKE_SA_INIT request" "AES_GCM_16, key_length: 256" \
	"PRF_HMAC_SHA2_384" "CURVE25519" "MODP_2048" "AUTH_HMAC_SHA2_256_128" \
	"NAT_DETECTION_SOURCE_IP" "hashes: SHA2_256, SHA2_384, SHA2_512, IDENTITY" \
	"vendor_id:" "flags: INITIATOR"
expect "$vec/ike_sa_init_resp.hex" "CERTREQ" "authorities:" "MULTIPLE_AUTH_SUPPORTED"
expect "$vec/ike_sa_init_invalid_ke.hex" "INVALID_KE_PAYLOAD" "group: MODP_2048"
expect "$vec/ike_sa_init_cookie.hex" "notify: COOKIE"
expect "$vec/ike_auth_req.hex" "type: SK" "encrypted: yes" "first_inner: IDi" \
	"encrypted_length: 507"
expect "$vec/ike_auth_skf.hex" "type: SKF" "fragment: 1" "fragments: 2"
expect "$vec/informational_empty.hex" "INFORMATIONAL response" "first_inner: NONE"

# Broken messages.
r=$tmp/init.bin
unhex "$vec/ike_sa_init_req.hex" >"$r"
len=$(wc -c <"$r")
head -c $((len - 1)) "$r" >"$tmp/truncated"
bad "$tmp/truncated" "message truncated"
cp "$r" "$tmp/trailing"
printf 'x' >>"$tmp/trailing"
bad "$tmp/trailing" "trailing bytes"
patch "$r" 17 16 >"$tmp/version"
bad "$tmp/version" "unsupported IKE major version"
# Header names type 60 and the first payload carries the critical bit.
patch "$r" 16 60 >"$tmp/crit1"
patch "$tmp/crit1" 29 128 >"$tmp/crit"
bad "$tmp/crit" "unsupported critical payload: type 60"
# The same without the critical bit: skipped, the rest decodes.
expect "$tmp/crit1" "unknown: yes" "type: KE"
# SA payload with a transform count that does not match.
patch "$r" 39 7 >"$tmp/count"
bad "$tmp/count" "SA payload: malformed message"
printf 'abc' >"$tmp/oddhex"
bad "$tmp/oddhex" "odd number of hex digits"
: >"$tmp/empty"
bad "$tmp/empty" "empty input"
set +e
"$ctl" decode "$tmp/does-not-exist" 2>"$tmp/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || fail "missing file: status $rc, want 2"
grep -q "No such file" "$tmp/err" || fail "missing file: $(cat "$tmp/err")"
"$ctl" decode >/dev/null 2>&1 && fail "decode without a file succeeded"
"$ctl" frobnicate >/dev/null 2>&1 && fail "unknown command succeeded"
"$ctl" --help | grep -q "decode FILE" || fail "help does not list decode"
echo "decoded $n vectors and $(ls "$srcdir"/test/vectors/strongswan/*/*.bin 2>/dev/null | wc -l) captures"
