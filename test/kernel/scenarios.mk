# Kernel scenarios beyond the daemon's life cycle (run by test/kernel/run):
# IPv6 outside and inside, and the failures of a PSK tunnel explained.
EXTRA_DIST += test/kernel/ipv6-transport test/kernel/ipv6-inside \
	test/kernel/failures-explained
