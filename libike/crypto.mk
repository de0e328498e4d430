# SPDX-License-Identifier: ISC
# Crypto: PRFs, key exchange, SK payload protection, ESP algorithm table,
# the IKEv2 key schedule.

noinst_HEADERS += test/unit/cry_test.h
check_PROGRAMS += test/unit/test_cry_hash
test_unit_test_cry_hash_SOURCES = test/unit/test_cry_hash.c
test_unit_test_cry_hash_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_cry_hash_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_cry_hash

check_PROGRAMS += test/unit/test_cry_dh
test_unit_test_cry_dh_SOURCES = test/unit/test_cry_dh.c
test_unit_test_cry_dh_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_cry_dh_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_cry_dh

check_PROGRAMS += test/unit/test_cry_sk
test_unit_test_cry_sk_SOURCES = test/unit/test_cry_sk.c
test_unit_test_cry_sk_CFLAGS = $(UNIT_CFLAGS) $(GNUTLS_CFLAGS)
test_unit_test_cry_sk_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_cry_sk

check_PROGRAMS += test/unit/test_keys
test_unit_test_keys_SOURCES = test/unit/test_keys.c
test_unit_test_keys_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_keys_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_keys

check_PROGRAMS += test/unit/test_cry_esp
test_unit_test_cry_esp_SOURCES = test/unit/test_cry_esp.c
test_unit_test_cry_esp_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_cry_esp_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_cry_esp

# libFuzzer harness for SK decryption, built by 'make fuzz' (test/fuzz/
# local.mk) with its seeds in test/fuzz/corpus/fuzz_sk_decrypt/.
FUZZ_TARGETS += test/fuzz/fuzz_sk_decrypt
EXTRA_DIST += test/fuzz/fuzz_sk_decrypt.c

# Key schedule and SK decryption against captured strongSwan handshakes
# (the vectors under test/vectors/strongswan/ are shipped by test/uml.mk).
check_PROGRAMS += test/unit/test_keys_strongswan
noinst_HEADERS += test/unit/vec_strongswan.h
test_unit_test_keys_strongswan_SOURCES = test/unit/test_keys_strongswan.c \
	test/unit/vec_strongswan.c
test_unit_test_keys_strongswan_CPPFLAGS = $(AM_CPPFLAGS) \
	-DSTRONGSWAN_VECTORS='"$(abs_top_srcdir)/test/vectors/strongswan"'
test_unit_test_keys_strongswan_CFLAGS = $(UNIT_CFLAGS)
test_unit_test_keys_strongswan_LDADD = libike/libike.a $(IKE_LIBS) $(UNIT_LIBS)
TESTS += test/unit/test_keys_strongswan
