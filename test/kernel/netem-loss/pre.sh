# SPDX-License-Identifier: ISC
topo_std
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
