# SPDX-License-Identifier: ISC
ns_add moon carol dave alice
ns_batch - <<-EOB
link add eth0 netns carol type veth peer name eth0 netns moon
link add eth0 netns dave type veth peer name eth2 netns moon
link add eth0 netns alice type veth peer name eth1 netns moon
EOB
# Replies to the virtual IPs leave moon only through the tunnels: the
# route is there so that the kernel has one to transform.
ns_batch moon <<-EOB
addr add 192.0.2.1/24 dev eth0
addr add 198.51.100.1/24 dev eth2
addr add 10.1.0.1/16 dev eth1
link set eth0 up
link set eth1 up
link set eth2 up
route add 10.3.0.0/24 dev eth0
EOB
# The clients have no route to 10.1.0.0/16 of their own.
ns_batch carol <<-EOB
addr add 192.0.2.10/24 dev eth0
link set eth0 up
EOB
ns_batch dave <<-EOB
addr add 198.51.100.10/24 dev eth0
link set eth0 up
EOB
ns_batch alice <<-EOB
addr add 10.1.0.10/16 dev eth0
link set eth0 up
route add default via 10.1.0.1
EOB
cat >"$T/hook.sh" <<-'EOH'
#!/bin/sh
echo "$1 $SAKER_ROLE $SAKER_CONN vip=$SAKER_VIP dns=$SAKER_DNS peer=$SAKER_PEER" >>"$(dirname "$0")/hook.log"
EOH
chmod +x "$T/hook.sh"
for c in carol dave; do
	sed "s|@T@|$T|g" "$SCENARIO_DIR/hosts/$c/saker.yaml" >"$T/$c.yaml"
done
sakerd_start moon
# One after the other, so that carol gets the first address.
sakerd_start carol "$T/carol.yaml"
wait_log "$T/sakerd-carol.log" "CHILD_SA .* established" 30
sakerd_start dave "$T/dave.yaml"
wait_log "$T/sakerd-dave.log" "CHILD_SA .* established" 30
capture_start carol eth0 carol-out
