# SPDX-License-Identifier: ISC
# Crypto: PRFs, key exchange, SK payload protection, ESP algorithm table,
# the IKEv2 key schedule.
noinst_HEADERS += libike/cry.h libike/keys.h
CRYPTO_SOURCES = libike/cry_hash.c libike/cry_dh.c libike/cry_sk.c \
	libike/cry_esp.c libike/keys.c
libike_libike_a_SOURCES += $(CRYPTO_SOURCES)

# libFuzzer harness for SK decryption, built by 'make fuzz' (test/fuzz/
# local.mk) with its seeds in test/fuzz/corpus/fuzz_sk_decrypt/.
FUZZ_TARGETS += test/fuzz/fuzz_sk_decrypt
EXTRA_DIST += test/fuzz/fuzz_sk_decrypt.c
