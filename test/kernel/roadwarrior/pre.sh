# SPDX-License-Identifier: ISC
topo_rw
rw_pki
rw_example_gw gw
rw_example_client alice alice@example.net ecdsa.pem ecdsa.key
rw_example_client bob bob@example.net rsa.pem rsa.key
rw_example_client carol carol@example.net ed25519.der ed25519.key.der
# alice's connection runs a hook, which writes what it is told beside it
printf '#!/bin/sh\n{ echo "--- $1"; env | grep "^SAKER_" | sort; } >>"$0.log"\n' \
	>"$T/alice-hook"
chmod 755 "$T/alice-hook"
sed -i "s|^    vips: .*|&\n    hook: $T/alice-hook|" "$T/alice.yaml"
sakerd_start gw "$T/gw.yaml"
rw_clients alice bob carol
rw_sakerd mallory
vip alice >"$T/alice-vip"

# refused CONN: sakerctl up CONN on mallory, then wait until mallory's
# list-conns shows why it failed.
refused() {
	sakerctl mallory up "$1" || return 1
	until_ok 15 conn_failure mallory "$1"
}
# conn_failure NS CONN: the "failed" line of CONN in NS's list-conns;
# fails when there is none.
conn_failure() {
	sakerctl "$1" list-conns | awk -v c="$2" '$1 == c { s = 1; next }
		/^[^ ]/ { s = 0 } s && $1 == "failed" { print; f = 1 }
		END { exit !f }'
}
# lease ID: the gateway's lease line for ID.
lease() {
	sakerctl gw leases | grep -F "$1"
}
export -f refused conn_failure lease
