# SPDX-License-Identifier: ISC
# Hostile networks (cookies, IKE fragmentation): fuzz harness, scenarios.

# libFuzzer harness for fragment reassembly (seeds: strongSwan's real
# fragments in test/fuzz/corpus/fuzz_frag/).
FUZZ_TARGETS += test/fuzz/fuzz_frag
EXTRA_DIST += test/fuzz/fuzz_frag.c

# Kernel scenarios: IKE_AUTH in fragments across a path that drops IP
# fragments; a responder that demands cookies.
EXTRA_DIST += test/kernel/ike-fragments test/kernel/ike-cookies

# Interop with strongSwan: fragments both ways in both roles, and a
# strongSwan initiator answering saker's cookie.
EXTRA_DIST += test/interop/frag-saker-init test/interop/frag-cookie-saker-resp
