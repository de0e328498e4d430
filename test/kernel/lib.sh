# SPDX-License-Identifier: ISC
# Helpers for kernel and interop scenarios, sourced by test/kernel/run
# before a scenario's pre.sh, eval lines and post.sh: the standard
# topology of network namespaces, daemons started in a namespace with a
# private /run, waiting for log lines, packet captures and XFRM dumps.
# Every function is exported, so eval commands run in a namespace can use
# them too.  Scenario files see $T (the scenario's scratch directory),
# $SCENARIO_DIR, $TOP (the source tree) and $BUILD_DIR.

: "${SAKERD:=$BUILD_DIR/daemon/sakerd}"
: "${SAKERCTL:=$BUILD_DIR/sakerctl/sakerctl}"
export SAKERD SAKERCTL

# in_ns NS CMD...: run CMD in network namespace NS ("" or "-": the runner's).
in_ns() {
	local ns=$1
	shift
	if [ -z "$ns" ] || [ "$ns" = - ]; then
		"$@"
	else
		ip netns exec "$ns" "$@"
	fi
}

# ns_batch NS: run the ip commands on stdin (one per line, without the
# leading "ip") in namespace NS ("-": the runner's) with one ip process.
# Starting a process is slow in the guest: batch where it is easy.
ns_batch() {
	if [ "$1" = - ]; then
		ip -b -
	else
		ip -n "$1" -b -
	fi
}

# ns_add NS...: create namespaces with loopback up and forwarding on.
ns_add() {
	local ns
	for ns; do echo "netns add $ns"; done | ns_batch -
	for ns; do
		ip netns exec "$ns" sh -c 'ip link set lo up &&
			echo 1 >/proc/sys/net/ipv4/ip_forward &&
			echo 1 >/proc/sys/net/ipv6/conf/all/forwarding'
	done
}

# link_add NS1 IF1 ADDR1 NS2 IF2 ADDR2: a veth pair between two namespaces,
# each end with an address in prefix notation, both ends up.
link_add() {
	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4"
	printf 'addr add %s dev %s\nlink set %s up\n' "$3" "$2" "$2" | ns_batch "$1"
	printf 'addr add %s dev %s\nlink set %s up\n' "$6" "$5" "$5" | ns_batch "$4"
}

# topo_std: the site-to-site topology every scenario starts from.
#
#   alice 10.1.0.10 -- 10.1.0.1 moon 192.0.2.1 == 192.0.2.2 sun 10.2.0.1 -- 10.2.0.10 bob
#
# moon and sun are the gateways (eth0 outside, eth1 inside); alice and bob
# are hosts on their inner networks 10.1.0.0/16 and 10.2.0.0/16.  Each
# gateway's default route points at the other, so traffic between the
# inner networks flows in clear text unless IPsec takes it: checks must
# prove ESP on the wire, not only that a ping passes.  IPv6 outside:
# 2001:db8::1 (moon), 2001:db8::2 (sun).
topo_std() {
	ns_add moon sun alice bob
	ns_batch - <<-EOB
	link add eth0 netns moon type veth peer name eth0 netns sun
	link add eth0 netns alice type veth peer name eth1 netns moon
	link add eth0 netns bob type veth peer name eth1 netns sun
	EOB
	ns_batch moon <<-EOB
	addr add 192.0.2.1/24 dev eth0
	addr add 2001:db8::1/64 dev eth0 nodad
	addr add 10.1.0.1/16 dev eth1
	link set eth0 up
	link set eth1 up
	route add default via 192.0.2.2
	EOB
	ns_batch sun <<-EOB
	addr add 192.0.2.2/24 dev eth0
	addr add 2001:db8::2/64 dev eth0 nodad
	addr add 10.2.0.1/16 dev eth1
	link set eth0 up
	link set eth1 up
	route add default via 192.0.2.1
	EOB
	ns_batch alice <<-EOB
	addr add 10.1.0.10/16 dev eth0
	link set eth0 up
	route add default via 10.1.0.1
	EOB
	ns_batch bob <<-EOB
	addr add 10.2.0.10/16 dev eth0
	link set eth0 up
	route add default via 10.2.0.1
	EOB
}

# topo_nat [CLIENT...]: clients behind a masquerading NAT and a public
# responder (default client: carol).
#
#   carol 10.0.1.2 -- 10.0.1.1 nat 192.0.2.99 == 192.0.2.1 moon 10.1.0.1
#   dave  10.0.2.2 -- 10.0.2.1 /
#
# The n-th client (from 1) is 10.0.n.2 behind the NAT's eth<n>; the NAT
# masquerades what leaves its eth0 (iptables-legacy: the UML guest's
# kernel has no nftables NAT).  moon's network 10.1.0.0/16 is a dummy
# interface holding 10.1.0.1; its default route goes back to the NAT, so
# a reply that misses the tunnel leaves in clear text and is seen there.
topo_nat() {
	local c n=1
	[ $# -gt 0 ] || set -- carol
	ns_add moon nat "$@"
	link_add nat eth0 192.0.2.99/24 moon eth0 192.0.2.1/24
	for c; do
		link_add nat eth$n 10.0.$n.1/24 "$c" eth0 10.0.$n.2/24
		echo "route add default via 10.0.$n.1" | ns_batch "$c"
		n=$((n + 1))
	done
	ns_batch moon <<-EOB
	link add eth1 type dummy
	addr add 10.1.0.1/16 dev eth1
	link set eth1 up
	route add default via 192.0.2.99
	EOB
	in_ns nat iptables-legacy -t nat -A POSTROUTING -o eth0 -j MASQUERADE
	# conntrack -F needs conntrack's netlink interface.
	[ -z "${UML_RUN_GUEST:-}" ] || /run/m/modprobe nf_conntrack_netlink
}

# nat_remap: the NAT forgets its mappings and hands out new UDP ports
# (20000-20999) from now on, as a NAT that restarted would.
nat_remap() {
	in_ns nat iptables-legacy -t nat -R POSTROUTING 1 -o eth0 -p udp \
		-j MASQUERADE --to-ports 20000-20999 && in_ns nat conntrack -F
}

# alive PID: true while PID runs (a zombie counts as ended).
alive() {
	local s
	s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	s=${s##*) }
	[ "${s%% *}" != Z ]
}

# pid_track PID NAME: remember a background process; the runner kills
# whatever is still running after post.sh.
pid_track() {
	echo "$1 $2 ${3:-$1}" >>"$T/pids"
}

# pid_of NAME: the pid recorded for NAME.
pid_of() {
	awk -v n="$1" '$2 == n { p = $1 } END { if (p) print p; else exit 1 }' \
		"$T/pids" 2>/dev/null
}

# daemon_start NS NAME CMD...: run CMD in namespace NS in the background,
# in its own mount namespace with a private tmpfs on /run, output to
# $T/NAME.log.  The daemon cannot touch the /run of the runner or of
# other daemons.
daemon_start() {
	local ns=$1 name=$2 wrapper i
	shift 2
	rm -f "$T/$name.pid"
	# ip netns exec may fork: the daemon writes its own pid (sh execs it).
	in_ns "$ns" unshare -m --propagation private sh -c \
		'echo $$ >"$0.pid" && mount -t tmpfs -o mode=755 tmpfs /run && exec "$@"' \
		"$T/$name" "$@" >"$T/$name.log" 2>&1 </dev/null &
	wrapper=$!
	for ((i = 0; i < 100; i++)); do
		[ -s "$T/$name.pid" ] && break
		sleep 0.05
	done
	pid_track "$(cat "$T/$name.pid" 2>/dev/null || echo "$wrapper")" "$name" "$wrapper"
}

# daemon_stop NAME [SECONDS]: SIGTERM, then SIGKILL after SECONDS (5).
# Called from the shell that started the daemon (pre.sh, post.sh), it
# returns the daemon's exit status (137 when it had to be killed).
daemon_stop() {
	local pid i
	pid=$(pid_of "$1") || return 1
	kill -TERM "$pid" 2>/dev/null
	for ((i = 0; i < ${2:-5} * 10; i++)); do
		alive "$pid" || break
		sleep 0.1
	done
	if alive "$pid"; then
		echo "daemon_stop: $1 ignored SIGTERM, killed" >&2
		kill -KILL "$pid"
	fi
	# The exit status of the daemon, through the process started for it.
	wait "$(awk -v n="$1" '$2 == n { w = $3 } END { print w }' "$T/pids")" 2>/dev/null
}

# wait_log FILE REGEX [SECONDS]: wait until a line of FILE matches the
# extended REGEX (default 10 s); prints the line.  Fails on timeout.
wait_log() {
	local i
	for ((i = 0; i < ${3:-10} * 10; i++)); do
		grep -E -m1 -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "wait_log: no line matching '$2' in $1 after ${3:-10}s" >&2
	return 1
}

# sakerd_start NS [CONFIG]: start sakerd in NS with CONFIG (default
# hosts/NS/saker.yaml of the scenario), its control socket at
# $T/NS.sock and its log in $T/sakerd-NS.log; waits until it listens.
# sakerd warns about a configuration others may read (it holds the
# pre-shared keys): one in $T is made private, any other is run from a
# private copy, $T/sakerd-NS.yaml.
sakerd_start() {
	local ns=$1 conf=${2:-$SCENARIO_DIR/hosts/$1/saker.yaml}
	case $conf in
	"$T"/*) chmod go-rwx "$conf" ;;
	*) install -m 600 "$conf" "$T/sakerd-$ns.yaml" && conf=$T/sakerd-$ns.yaml ;;
	esac
	daemon_start "$ns" "sakerd-$ns" "$SAKERD" -f -c "$conf" \
		--socket "$T/$ns.sock" --log-level debug
	local i
	for ((i = 0; i < 100; i++)); do
		[ -S "$T/$ns.sock" ] && return 0
		alive "$(pid_of "sakerd-$ns")" || break
		sleep 0.1
	done
	echo "sakerd_start: sakerd in $ns did not come up:" >&2
	cat "$T/sakerd-$ns.log" >&2
	return 1
}

# sakerd_stop NS: stop the sakerd of NS; fails if it did not exit cleanly.
sakerd_stop() {
	daemon_stop "sakerd-$1"
}

# sakerctl NS ARGS...: talk to the sakerd of NS.
sakerctl() {
	local ns=$1
	shift
	"$SAKERCTL" "$@" --socket "$T/$ns.sock"
}

# xfrm_dump NS: the namespace's SAs with counters and its policies.
xfrm_dump() {
	in_ns "$1" ip -s xfrm state
	in_ns "$1" ip xfrm policy
}

# capture_start NS IFACE NAME [FILTER...]: capture packets NS sends out of
# IFACE into $T/NAME.pcap.  Outbound only: decrypted inbound packets show
# up on the outer interface too, and would look like clear text.
capture_start() {
	local ns=$1 ifc=$2 name=$3 i
	shift 3
	in_ns "$ns" tcpdump -n -i "$ifc" -Q out --immediate-mode -U \
		-w "$T/$name.pcap" "$@" >"$T/$name.tcpdump" 2>&1 &
	pid_track $! "tcpdump-$name"
	for ((i = 0; i < 50; i++)); do
		grep -q 'listening on' "$T/$name.tcpdump" && return 0
		sleep 0.1
	done
	echo "capture_start: tcpdump did not start:" >&2
	cat "$T/$name.tcpdump" >&2
	return 1
}

# capture_stop NAME: end a capture; its packets are then complete.
capture_stop() {
	local pid
	pid=$(pid_of "tcpdump-$1") || return 1
	kill -TERM "$pid" 2>/dev/null || return 0
	local i
	for ((i = 0; i < 50; i++)); do
		alive "$pid" || return 0
		sleep 0.1
	done
	echo "capture_stop: tcpdump $1 ignored SIGTERM" >&2
	kill -KILL "$pid"
	return 1
}

# capture_show NAME: stop the capture if still running, print its packets
# one a line (tcpdump -n), e.g. for an eval line to match ESP against.
capture_show() {
	capture_stop "$1"
	tcpdump -n -r "$T/$1.pcap" 2>/dev/null
}

# expect_esp_only NAME INNER: fails unless capture NAME holds ESP (or
# UDP-encapsulated ESP on 4500) and no packet to or from the inner
# address INNER in clear text.
expect_esp_only() {
	local out
	out=$(capture_show "$1")
	if ! grep -Eq 'ESP\(spi=|UDP-encap|\.4500 > .*\.4500: ' <<<"$out"; then
		echo "expect_esp_only: no ESP in capture $1" >&2
		return 1
	fi
	if grep -F -- " $2" <<<"$out" | grep -Fq -- " > "; then
		echo "expect_esp_only: clear text for $2 in capture $1:" >&2
		grep -F -- "$2" <<<"$out" >&2
		return 1
	fi
	return 0
}

export -f topo_nat nat_remap
export -f in_ns ns_batch alive ns_add link_add topo_std pid_track pid_of daemon_start \
	daemon_stop wait_log sakerd_start sakerd_stop sakerctl xfrm_dump \
	capture_start capture_stop capture_show expect_esp_only

# ---- road warrior -----------------------------------------------------------

# topo_rw: the road-warrior topology.
#
#   alice   198.51.100.10 -- .1  \
#   bob     198.51.100.26 -- .17  inet 192.0.2.254 == 192.0.2.1 gw 10.1.0.1 -- 10.1.0.10 venus
#   carol   198.51.100.42 -- .33  |
#   mallory 198.51.100.58 -- .49 /
#
# gw is the gateway (eth0 outside, eth1 inside) with venus on its inner
# network 10.1.0.0/16; alice, bob, carol and mallory are clients, each on
# its own /28 (eth0) behind the router inet, their default route.  inet
# has no route to 10.0.0.0/8: a client's packet for the inner network
# that IPsec does not take dies there.  The clients' virtual IPs come
# from 10.3.0.0/16; venus's default route is gw, gw's is inet.
topo_rw() {
	local c i=0
	# Few processes (each costs in the guest): only gw and inet
	# forward, so only they need a process inside for the sysctl.
	{
		for c in gw inet venus alice bob carol mallory; do
			echo "netns add $c"
		done
		echo "link add eth0 netns gw type veth peer name eth0 netns inet"
		echo "link add eth0 netns venus type veth peer name eth1 netns gw"
		for c in alice bob carol mallory; do
			i=$((i + 1))
			echo "link add eth0 netns $c type veth peer name eth$i netns inet"
		done
	} | ns_batch -
	ns_batch gw <<-EOB
	link set lo up
	addr add 192.0.2.1/24 dev eth0
	addr add 10.1.0.1/16 dev eth1
	link set eth0 up
	link set eth1 up
	route add default via 192.0.2.254
	EOB
	ns_batch venus <<-EOB
	link set lo up
	addr add 10.1.0.10/16 dev eth0
	link set eth0 up
	route add default via 10.1.0.1
	EOB
	{
		echo "link set lo up"
		echo "addr add 192.0.2.254/24 dev eth0"
		echo "link set eth0 up"
		for i in 1 2 3 4; do
			echo "addr add 198.51.100.$((i * 16 - 15))/28 dev eth$i"
			echo "link set eth$i up"
		done
	} | ns_batch inet
	i=0
	for c in alice bob carol mallory; do
		i=$((i + 1))
		printf '%s\n' "link set lo up" \
			"addr add 198.51.100.$((i * 16 - 6))/28 dev eth0" \
			"link set eth0 up" \
			"route add default via 198.51.100.$((i * 16 - 15))" | ns_batch "$c"
	done
	for c in gw inet; do
		ip netns exec "$c" sysctl -qw net.ipv4.ip_forward=1
	done
}

# rw_pki: the test PKI of test/mkca in $BUILD_DIR/test-ca; sets and
# exports PKI to that directory.  Made once and reused for 20 days, or
# until test/mkca changes: RSA keys take long in a busy guest.
rw_pki() {
	PKI=$BUILD_DIR/test-ca
	export PKI
	if [ "$PKI/stamp" -nt "$TOP/test/mkca" ] &&
		[ -n "$(find "$PKI/stamp" -mtime -20)" ]; then
		return 0
	fi
	rm -rf "$PKI.new"
	"$TOP/test/mkca" "$PKI.new" >/dev/null
	touch "$PKI.new/stamp"
	rm -rf "$PKI"
	mv "$PKI.new" "$PKI"
}

# rw_conf SRC DST: copies a configuration, with @PKI@ replaced by the test
# PKI's directory (rw_pki first); prints DST.
rw_conf() {
	sed "s|@PKI@|$PKI|g" "$1" >"$2"
	echo "$2"
}

# rw_sakerd NS: sakerd in NS with the scenario's hosts/NS/saker.yaml
# after rw_conf, copied to $T/NS.yaml.
rw_sakerd() {
	sakerd_start "$1" "$(rw_conf "$SCENARIO_DIR/hosts/$1/saker.yaml" "$T/$1.yaml")"
}

# rw_example_gw NS: $T/NS.yaml, conf/roadwarrior-gateway.yaml with the
# test PKI's files (rw_pki) in place of those under /etc/saker.
rw_example_gw() {
	sed -e "s|/etc/saker/x509ca/ca.pem|$PKI/ca.pem|g" \
		-e "s|/etc/saker/x509crl/ca.crl|$PKI/crl.pem|g" \
		-e "s|/etc/saker/x509/gw.pem|$PKI/gw.pem|g" \
		-e "s|/etc/saker/private/gw.key|$PKI/gw.key|g" \
		"$TOP/conf/roadwarrior-gateway.yaml" >"$T/$1.yaml"
}

# rw_example_client NS ID CERT KEY: $T/NS.yaml, conf/roadwarrior-client.yaml
# made the client with ID alice's (alice@example.net) replaced, and the test
# PKI's files in place of those under /etc/saker: CERT and KEY (e.g.
# rsa.pem, rsa.key) for alice's certificate and key.  The client's local
# end also gets the address of NS's eth0: sakerd cannot yet find the
# source address towards a peer by itself, and initiates only from a
# configured one.
rw_example_client() {
	local addr
	addr=$(ip -n "$1" -o -4 addr show dev eth0 | awk '{ sub("/.*", "", $4); print $4 }')
	sed -e "s|/etc/saker/x509ca/ca.pem|$PKI/ca.pem|g" \
		-e "s|/etc/saker/x509/alice.pem|$PKI/$3|g" \
		-e "s|/etc/saker/private/alice.key|$PKI/$4|g" \
		-e "s/alice@example\.net/$2/g" \
		-e "s|^    local:\$|&\n      addrs: [$addr]|" \
		"$TOP/conf/roadwarrior-client.yaml" >"$T/$1.yaml"
}

# rw_clients NS...: for each client NS, a capture of what it sends out of
# eth0 (NS-out), then its sakerd with $T/NS.yaml; waits until each has
# its Child SA "net".
rw_clients() {
	local c
	for c; do
		capture_start "$c" eth0 "$c-out"
	done
	for c; do
		sakerd_start "$c" "$T/$c.yaml"
	done
	for c; do
		wait_log "$T/sakerd-$c.log" "CHILD_SA net\{[0-9]+\} established" 30
	done
}

# vip NS: the virtual IP (from 10.3.0.0/16) on an interface of NS; fails
# when there is none.
vip() {
	ip -n "$1" -o -4 addr show | awk '{ sub("/.*", "", $4) }
		$4 ~ /^10\.3\./ { print $4; f = 1; exit } END { exit !f }'
}

# until_ok SECS CMD...: polls CMD every 0.1 s until it succeeds, at most
# SECS seconds; fails (saying so) when it never did.
until_ok() {
	local i
	for ((i = 0; i < $1 * 10; i++)); do
		"${@:2}" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "until_ok: '${*:2}' still fails after $1 s" >&2
	return 1
}

# sa_gone NS ID: the sakerd of NS lists no SA with the peer ID.
sa_gone() {
	! sakerctl "$1" list-sas | grep -qF "$2"
}

export -f topo_rw rw_pki rw_conf rw_sakerd rw_example_gw \
	rw_example_client rw_clients vip until_ok sa_gone
