# SPDX-License-Identifier: ISC
# The kernel-test launcher (User-Mode Linux or host netns), the kernel and
# interop scenario runners, and strongSwan's captured handshakes.
EXTRA_DIST += test/uml/uml-run
