# SPDX-License-Identifier: ISC
# NAT traversal: sources, unit tests and kernel/interop scenarios.
