# SPDX-License-Identifier: ISC
# The kernel-test launcher (User-Mode Linux or host netns), the kernel and
# interop scenario runners with their scenarios, and strongSwan's captured
# handshakes.  Directories are distributed whole.
EXTRA_DIST += test/uml/uml-run \
	test/kernel/README test/kernel/run test/kernel/lib.sh \
	test/kernel/esp-smoke \
	test/interop/run test/interop/lib.sh \
	test/interop/saker-init-gcm test/interop/saker-resp-gcm \
	test/interop/saker-init-cbc test/interop/saker-resp-cbc \
	test/interop/saker-init-invalid-ke test/interop/saker-resp-invalid-ke \
	test/interop/saker-init-chacha-ipv6 \
	test/vectors/capture-strongswan test/vectors/ike-vectors \
	test/vectors/strongswan
