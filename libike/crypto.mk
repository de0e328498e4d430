# SPDX-License-Identifier: ISC
# Crypto: PRFs, key exchange, SK payload protection, ESP algorithm table,
# the IKEv2 key schedule.

# libFuzzer harness for SK decryption, built by 'make fuzz' (test/fuzz/
# local.mk) with its seeds in test/fuzz/corpus/fuzz_sk_decrypt/.
FUZZ_TARGETS += test/fuzz/fuzz_sk_decrypt
EXTRA_DIST += test/fuzz/fuzz_sk_decrypt.c
