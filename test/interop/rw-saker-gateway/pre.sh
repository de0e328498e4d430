# SPDX-License-Identifier: ISC
topo_rw
rw_pki
rw_example_gw gw
sakerd_start gw "$T/gw.yaml"
# client NS CERT: strongSwan on NS with the test PKI's CERT(.pem, .key)
client() {
	local extra=()
	[ "$2" != rsa ] || extra=("rsa_pss = yes")
	rw_charon "$1" "$SCENARIO_DIR/client.conf" ca.pem=x509ca/ca.pem \
		"$2.pem=x509/client.pem" "$2.key=private/client.key" -- "${extra[@]}"
	capture_start "$1" eth0 "$1-out"
}
client alice ecdsa
client bob rsa
client carol ed25519
for c in alice bob carol; do
	charon_up "$T/$c" net
done
vip alice >"$T/alice-vip"
