# SPDX-License-Identifier: ISC
# NAT traversal: sources, unit tests and kernel/interop scenarios.

# NAT traversal between two engines over kernel-mem.
check_PROGRAMS += test/unit/test_nat
test_unit_test_nat_SOURCES = test/unit/test_nat.c
test_unit_test_nat_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_nat_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_nat_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_nat

# Kernel scenarios (UML): two clients behind a masquerading NAT, and
# encap: yes without a NAT.
EXTRA_DIST += test/kernel/nat-traversal test/kernel/nat-encap-forced

# Interop with strongSwan (UML): each behind the NAT in turn.
EXTRA_DIST += test/interop/nat-swan-behind test/interop/nat-saker-behind
