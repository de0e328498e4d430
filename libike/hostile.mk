# SPDX-License-Identifier: ISC
# Hostile networks (cookies, IKE fragmentation): sources, tests, scenarios.

# Reassembly against strongSwan's fragments and our own (frag.c alone).
check_PROGRAMS += test/unit/test_frag
test_unit_test_frag_SOURCES = test/unit/test_frag.c test/unit/vec_strongswan.c
test_unit_test_frag_CPPFLAGS = $(AM_CPPFLAGS) \
	-DSTRONGSWAN_VECTORS='"$(abs_top_srcdir)/test/vectors/strongswan"'
test_unit_test_frag_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_frag_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_frag

# Cookies and fragmentation between two engines.
check_PROGRAMS += test/unit/test_engine_hostile
test_unit_test_engine_hostile_SOURCES = test/unit/test_engine_hostile.c
test_unit_test_engine_hostile_CPPFLAGS = $(KM_CPPFLAGS)
test_unit_test_engine_hostile_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_engine_hostile_LDADD = $(ENGINE_TEST_LDADD)
TESTS += test/unit/test_engine_hostile

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
