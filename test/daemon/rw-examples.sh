#!/bin/bash
# SPDX-License-Identifier: ISC
# The road-warrior example configurations are real: with the files they
# name under /etc/saker taken from a fresh test PKI (test/mkca),
# conf/roadwarrior-gateway.yaml and conf/roadwarrior-client.yaml (made
# each test client's) pass `sakerd --check`.  Their certificates are
# checked too: the gateway's configuration is refused when its
# certificate is one the CA did not issue, or when its key is not the
# certificate's, and the reason names the file.  Skipped (77) without
# certtool.
set -u

. "$(dirname "$0")/lib.sh"
command -v certtool >/dev/null || { echo "no certtool: skipped"; exit 77; }
saker_tmp rw-examples
"$srcdir/test/mkca" "$tmp/pki" >/dev/null || { echo "FAIL: test/mkca"; exit 1; }
pki=$tmp/pki
fails=0

# Every failure is told, then the test fails (lib.sh's fail() stops).
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# gateway OUT CERT KEY: the gateway example with the PKI's files.
gateway() {
	sed -e "s|/etc/saker/x509ca/ca.pem|$pki/ca.pem|g" \
		-e "s|/etc/saker/x509crl/ca.crl|$pki/crl.pem|g" \
		-e "s|/etc/saker/x509/gw.pem|$pki/$2|g" \
		-e "s|/etc/saker/private/gw.key|$pki/$3|g" \
		"$srcdir/conf/roadwarrior-gateway.yaml" >"$1"
}

# client OUT ID CERT KEY: the client example made ID's.
client() {
	sed -e "s|/etc/saker/x509ca/ca.pem|$pki/ca.pem|g" \
		-e "s|/etc/saker/x509/alice.pem|$pki/$3|g" \
		-e "s|/etc/saker/private/alice.key|$pki/$4|g" \
		-e "s/alice@example\.net/$2/g" \
		"$srcdir/conf/roadwarrior-client.yaml" >"$1"
}

# Every file the examples name is replaced: nothing under /etc/saker is
# left to load.
gateway "$tmp/gw.yaml" gw.pem gw.key
client "$tmp/alice.yaml" alice@example.net ecdsa.pem ecdsa.key
client "$tmp/bob.yaml" bob@example.net rsa.pem rsa.key
client "$tmp/carol.yaml" carol@example.net ed25519.der ed25519.key.der
for f in gw alice bob carol; do
	! grep -n /etc/saker "$tmp/$f.yaml" | grep -v '^[0-9]*:#' ||
		fail "$f.yaml still names files under /etc/saker"
	check_ok "$tmp/$f.yaml"
done

# A gateway certificate from another CA, and a key that is not the
# certificate's, are errors.
gateway "$tmp/other.yaml" otherca.pem otherca.key
check_refused "$tmp/other.yaml" "otherca\.pem"
gateway "$tmp/wrongkey.yaml" gw.pem ecdsa.key
check_refused "$tmp/wrongkey.yaml" "gw\.pem|ecdsa\.key"

if [ $fails -gt 0 ]; then
	echo "$fails failed"
	exit 1
fi
echo "road-warrior examples: ok"
