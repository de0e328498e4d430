# SPDX-License-Identifier: ISC
# Benchmarks: not tests.  `make bench` builds them and runs bench_sas for
# BENCH_N IKE SAs (default 10000); neither make nor make check does.
EXTRA_PROGRAMS = test/bench/bench_sas
test_bench_bench_sas_SOURCES = test/bench/bench_sas.c
test_bench_bench_sas_CPPFLAGS = $(KM_CPPFLAGS) -I$(top_srcdir)/test/unit
test_bench_bench_sas_LDADD = plugins/kernel-mem/libkm.a libike/libike.a $(IKE_LIBS)
CLEANFILES += $(EXTRA_PROGRAMS)

BENCH_N = 10000
.PHONY: bench
bench: test/bench/bench_sas$(EXEEXT)
	test/bench/bench_sas$(EXEEXT) $(BENCH_N)
