# SPDX-License-Identifier: ISC
# The kernel-test launcher (User-Mode Linux or host netns), the kernel and
# interop scenario runners, and strongSwan's captured handshakes.
EXTRA_DIST += test/uml/uml-run
EXTRA_DIST += test/kernel/README test/kernel/run test/kernel/lib.sh \
	test/kernel/esp-smoke/description test/kernel/esp-smoke/pre.sh \
	test/kernel/esp-smoke/eval test/kernel/esp-smoke/post.sh
EXTRA_DIST += test/interop/lib.sh test/vectors/capture-strongswan \
	test/vectors/ike-vectors test/vectors/strongswan
