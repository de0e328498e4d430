# SPDX-License-Identifier: ISC
# Road-warrior scenarios, test CA and interop.
EXTRA_DIST += test/kernel/roadwarrior
EXTRA_DIST += test/interop/rw-saker-gateway test/interop/rw-saker-client
