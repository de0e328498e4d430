# SPDX-License-Identifier: ISC
# libFuzzer harnesses.  `make fuzz` builds every entry of FUZZ_TARGETS with
# clang, compiling the libike sources it needs directly (not the gcc-built
# libike.a) so that everything is instrumented.

# Writes the sample messages (decode vectors and fuzz seeds).
check_PROGRAMS += test/fuzz/mkseeds
test_fuzz_mkseeds_SOURCES = test/fuzz/mkseeds.c
test_fuzz_mkseeds_LDADD = libike/libike.a $(IKE_LIBS)
