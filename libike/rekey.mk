# SPDX-License-Identifier: ISC
# Rekeying and lifetimes: kernel and interop scenarios.

# Rekeying under traffic in a real kernel.
EXTRA_DIST += test/kernel/rekey-ping

# Rekeying against strongSwan.
EXTRA_DIST += test/interop/rekey-by-strongswan test/interop/rekey-by-saker \
	test/interop/rekey-collision
