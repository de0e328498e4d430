# SPDX-License-Identifier: ISC
# NAT traversal: sources, unit tests and kernel/interop scenarios.
libike_libike_a_SOURCES += libike/nat.c
