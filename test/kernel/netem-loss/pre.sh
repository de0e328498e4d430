# SPDX-License-Identifier: ISC
topo_std
# Neighbours known for good: lost ARP packets would only add seconds of
# silence before the first IKE message gets through.
in_ns moon ip neigh replace 192.0.2.2 dev eth0 nud permanent lladdr \
	"$(in_ns sun cat /sys/class/net/eth0/address)"
in_ns sun ip neigh replace 192.0.2.1 dev eth0 nud permanent lladdr \
	"$(in_ns moon cat /sys/class/net/eth0/address)"
in_ns moon tc qdisc add dev eth0 root netem loss 30%
in_ns sun tc qdisc add dev eth0 root netem loss 30%
sakerd_start sun
sakerd_start moon
until_ok 40 eval 'sakerctl moon list-sas | grep -q INSTALLED'
for i in 1 2; do
	sakerctl moon down moon-sun
	until_ok 20 eval '! sakerctl moon list-sas | grep -q "^moon-sun"'
	sakerctl moon up moon-sun
	until_ok 40 eval 'sakerctl moon list-sas | grep -q INSTALLED'
done
echo "up three times"
