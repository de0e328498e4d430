# SPDX-License-Identifier: ISC
topo_rw
rw_pki
rw_charon gw "$SCENARIO_DIR/gateway.conf" ca.pem=x509ca/ca.pem \
	gw.pem=x509/gw.pem gw.key=private/gw.key
rw_example_client alice alice@example.net ecdsa.pem ecdsa.key
rw_example_client bob bob@example.net rsa.pem rsa.key
rw_example_client carol carol@example.net ed25519.pem ed25519.key
rw_clients alice bob carol
vip alice >"$T/alice-vip"
