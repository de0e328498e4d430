# SPDX-License-Identifier: ISC
topo_std
rw_pki
sakerd_start sun "$(rw_conf "$SCENARIO_DIR/hosts/sun/saker.yaml" "$T/sun.yaml")"
rw_charon moon "$SCENARIO_DIR/hosts/moon/swanctl.conf" ca.pem=x509ca/ca.pem \
	ecdsa.pem=x509/moon.pem ecdsa.key=private/moon.key -- "rsa_pss = yes"
capture_start moon eth0 moon-out
capture_start sun eth0 sun-out
charon_up "$T/moon" net
