# SPDX-License-Identifier: ISC
topo_std
rw_pki
rw_charon sun "$SCENARIO_DIR/hosts/sun/swanctl.conf" ca.pem=x509ca/ca.pem \
	rsa.pem=x509/sun.pem rsa.key=private/sun.key
sakerd_start moon "$(rw_conf "$SCENARIO_DIR/hosts/moon/saker.yaml" "$T/moon.yaml")"
capture_start moon eth0 moon-out
capture_start sun eth0 sun-out
sakerctl moon up net
wait_log "$T/sun/charon.log" 'CHILD_SA net\{[0-9]+\} established' 30
