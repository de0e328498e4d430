# SPDX-License-Identifier: ISC
# NAT traversal: kernel and interop scenarios.

# Kernel scenarios (UML): two clients behind a masquerading NAT, and
# encap: yes without a NAT.
EXTRA_DIST += test/kernel/nat-traversal test/kernel/nat-encap-forced

# Interop with strongSwan (UML): each behind the NAT in turn.
EXTRA_DIST += test/interop/nat-swan-behind test/interop/nat-saker-behind
