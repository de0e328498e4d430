# SPDX-License-Identifier: ISC
# strongSwan as the peer: helpers to run charon in a network namespace with
# its whole configuration under a test directory, and to drive it with
# swanctl.  Sourced after test/kernel/lib.sh (the interop runner and the
# vector capture do that); uses daemon_start and wait_log from there.
#
# A charon gets an explicit plugin list (never resolve: it would rewrite
# /etc/resolv.conf, which in the guest is the host's file), its own VICI
# socket, a private /run, and a file log with IKE and CHILD keys at level 4.

CHARON=${CHARON:-/usr/lib/ipsec/charon}
CHARON_PLUGINS="random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey curve25519 aes sha1 sha2 hmac gcm kdf gmp kernel-netlink socket-default vici"

# charon_conf DIR NAME [FRAGMENT_SIZE]: write DIR/strongswan.conf for a
# charon called NAME whose swanctl files are in DIR/swanctl.  Retransmits
# only after a minute: a busy guest is slow, and a test wants one copy of
# each message.
charon_conf() {
	mkdir -p "$1/swanctl"/{x509,x509ca,x509ocsp,x509aa,x509ac,x509crl,pubkey,private,rsa,ecdsa,bliss,pkcs8,pkcs12}
	cat >"$1/strongswan.conf" <<-CONF
	charon {
		load = $CHARON_PLUGINS
		install_routes = no
		install_virtual_ip = no
		retransmit_timeout = 60
		retransmit_tries = 1
		threads = 6
		fragment_size = ${3:-1280}
		plugins {
			vici {
				socket = unix://$1/charon.vici
			}
		}
		syslog {
			daemon {
				default = -1
			}
		}
		filelog {
			$2 {
				path = $1/charon.log
				time_format = %T
				time_add_ms = yes
				flush_line = yes
				default = 1
				ike = 4
				chd = 4
				cfg = 2
				net = 2
				enc = 1
			}
		}
	}
	swanctl {
		load = pem pkcs1 pkcs8 x509 revocation constraints pubkey openssl random
		socket = unix://$1/charon.vici
	}
	CONF
}

# charon_set DIR KEY VALUE: set charon.KEY in DIR/strongswan.conf (a
# setting charon_conf wrote is replaced, another one is added); fails
# when the file does not say so afterwards.
charon_set() {
	local f=$1/strongswan.conf
	if grep -q "^$2 = " "$f"; then
		sed -i "s|^$2 = .*|$2 = $3|" "$f"
	else
		sed -i "s|^charon {\$|&\n$2 = $3|" "$f"
	fi
	grep -qx "$2 = $3" "$f" || { echo "charon_set: $2 not set in $f" >&2; return 1; }
}

# swan DIR COMMAND ARGS...: swanctl against the charon configured in DIR
# (the --uri option must come after the command).
swan() {
	local dir=$1 cmd=$2
	shift 2
	STRONGSWAN_CONF=$dir/strongswan.conf SWANCTL_DIR=$dir/swanctl \
		swanctl "$cmd" "$@" --uri "unix://$dir/charon.vici"
}

# charon_start NS DIR: start charon in NS with DIR/strongswan.conf (see
# charon_conf) and load DIR/swanctl/swanctl.conf; its output goes to
# $T/charon-NS.log, its log to DIR/charon.log.
charon_start() {
	local ns=$1 dir=$2 i
	STRONGSWAN_CONF=$dir/strongswan.conf daemon_start "$ns" "charon-$ns" \
		"$CHARON"
	for ((i = 0; i < 300; i++)); do
		[ -S "$dir/charon.vici" ] && break
		sleep 0.1
	done
	if ! swan "$dir" --load-all --noprompt >"$dir/load.log" 2>&1; then
		echo "charon_start: loading the configuration in $ns failed:" >&2
		cat "$dir/load.log" "$T/charon-$ns.log" >&2
		return 1
	fi
}

# charon_stop NS: stop the charon of NS.
charon_stop() {
	daemon_stop "charon-$1"
}

# charon_up DIR CHILD: initiate CHILD (and its IKE SA); fails if it fails.
charon_up() {
	swan "$1" --initiate --child "$2" >>"$1/swanctl.log" 2>&1
}

# charon_down DIR IKE: terminate the IKE SA of connection IKE.
charon_down() {
	swan "$1" --terminate --ike "$2" >>"$1/swanctl.log" 2>&1
}

# charon_site NS: a charon in NS named after it, configured in $T/NS with
# the scenario's hosts/NS/swanctl.conf (and x509 files beside it), started.
charon_site() {
	charon_conf "$T/$1" "$1"
	cp -r "$SCENARIO_DIR/hosts/$1/." "$T/$1/swanctl/"
	charon_start "$1" "$T/$1"
}

# s2s_start SAKER_NS: the set-up of the site-to-site interop scenarios:
# the standard topology, sakerd on gateway SAKER_NS (moon or sun) with
# hosts/SAKER_NS/saker.yaml, charon on the other with its
# hosts/NS/swanctl.conf (the responder starts first), captures of what
# each gateway sends (moon-out, sun-out), and the Child SA "net"
# initiated from moon, whichever of the two runs there.
s2s_start() {
	local sk=$1
	topo_std
	if [ "$sk" = moon ]; then
		charon_site sun
		sakerd_start moon
	else
		sakerd_start sun
		charon_site moon
	fi
	capture_start moon eth0 moon-out
	capture_start sun eth0 sun-out
	if [ "$sk" = moon ]; then
		sakerctl moon up net
		wait_log "$T/sun/charon.log" 'CHILD_SA net\{[0-9]+\} established' 30
	else
		charon_up "$T/moon" net
	fi
}

# s2s_stop SAKER_NS: both sides' SAs and saker's XFRM state into the log,
# connection "gw" down, both daemons stopped; fails unless sakerd exits
# cleanly.
s2s_stop() {
	local sk=$1 sw=sun
	[ "$sk" = moon ] || sw=moon
	sakerctl "$sk" list-sas
	swan "$T/$sw" --list-sas
	xfrm_dump "$sk"
	sakerctl "$sk" down gw
	charon_stop "$sw"
	sakerd_stop "$sk"
}

# ---- road warrior -----------------------------------------------------------

# rw_charon NS CONF FILE=DIR/NAME... -- STRONGSWAN.CONF-LINES...: a
# charon in NS for the road-warrior scenarios, configured in $T/NS: CONF
# as its swanctl.conf with @NAME@ replaced by NS, each FILE of the test
# PKI (rw_pki) copied to swanctl/DIR/NAME (e.g. ca.pem=x509ca/ca.pem),
# and after "--" lines that amend strongswan.conf's charon section (e.g.
# "rsa_pss = yes").
# It installs the virtual IPs it receives.  Name servers it receives
# are written to $T/NS/resolv.conf by the resolve plugin, loaded only
# when the system has no resolvconf(8): charon would run that instead,
# and change the host's DNS set-up.  Started, not yet initiating.
rw_charon() {
	local ns=$1 dir=$T/$1 f plugins=$CHARON_PLUGINS
	charon_conf "$dir" "$ns"
	sed "s/@NAME@/$ns/g" "$2" >"$dir/swanctl/swanctl.conf"
	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		f=$1
		shift
		cp "$PKI/${f%%=*}" "$dir/swanctl/${f#*=}"
	done
	[ $# = 0 ] || shift
	[ -e /sbin/resolvconf ] || plugins="$plugins resolve"
	: >"$dir/resolv.conf"
	{
		echo "charon {"
		echo "	load = $plugins"
		echo "	install_virtual_ip = yes"
		printf '\tplugins {\n\t\tresolve {\n\t\t\tfile = %s\n\t\t}\n\t}\n' \
			"$dir/resolv.conf"
		printf '\t%s\n' "$@"
		echo "}"
	} >>"$dir/strongswan.conf"
	charon_start "$ns" "$dir"
}

export CHARON CHARON_PLUGINS
export -f charon_conf charon_set swan charon_start charon_stop charon_up charon_down \
	charon_site s2s_start s2s_stop rw_charon
