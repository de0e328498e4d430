# SPDX-License-Identifier: ISC
topo_std
# sd NS CONF LOG: sakerd in NS with a private /run and a pid file (signals
# go to the pid in the file, the daemon itself), logging to $T/LOG.log.
sd() {
	in_ns $1 unshare -m --propagation private sh -c \
		'mount -t tmpfs -o mode=755 tmpfs /run && exec "$@"' sd \
		$SAKERD -f -c $2 --socket $T/$1.sock --pidfile $T/$1.pid \
		--log-level debug >$T/$3.log 2>&1 </dev/null &
	for i in $(seq 100); do [ -S $T/$1.sock ] && break; sleep 0.1; done
}
export -f sd
sd sun $TOP/conf/site-to-site-branch.yaml sun1
sd moon $TOP/conf/site-to-site.yaml moon1
wait_log $T/moon1.log "CHILD_SA .* established" 30
capture_start moon eth0 moon-out
