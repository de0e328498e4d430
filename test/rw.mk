# SPDX-License-Identifier: ISC
# Road-warrior scenarios, test CA and interop.
EXTRA_DIST += test/kernel/roadwarrior
