# SPDX-License-Identifier: ISC
# libFuzzer harnesses.  `make fuzz` builds every entry of FUZZ_TARGETS with
# clang, compiling the libike sources it needs directly (not the gcc-built
# libike.a) so that everything is instrumented.

# Writes the sample messages (decode vectors and fuzz seeds).
check_PROGRAMS += test/fuzz/mkseeds
test_fuzz_mkseeds_SOURCES = test/fuzz/mkseeds.c
test_fuzz_mkseeds_LDADD = libike/libike.a $(IKE_LIBS)

# `make fuzz`: libike (and FUZZ_EXTRA_SRCS) is compiled once with clang
# into test/fuzz/libike-fuzz.a, then each harness test/fuzz/fuzz_X.c is
# linked against it.  Other areas add harnesses with
#	FUZZ_TARGETS += test/fuzz/fuzz_x
# and seed corpora in test/fuzz/corpus/fuzz_x/ (test/run-fuzz-short runs
# them all).
FUZZ_TARGETS += test/fuzz/fuzz_msg test/fuzz/fuzz_decode
FUZZ_TARGETS += test/fuzz/fuzz_sk_decrypt test/fuzz/fuzz_frag
EXTRA_DIST += test/fuzz/fuzz_sk_decrypt.c test/fuzz/fuzz_frag.c
FUZZ_EXTRA_SRCS += sakerctl/decode.c

# The control protocol: the harness compiles ctl_proto.c and log.c into
# itself, as 'make fuzz' links only libike and jansson.
FUZZ_TARGETS += test/fuzz/fuzz_ctl
EXTRA_DIST += test/fuzz/fuzz_ctl.c test/fuzz/corpus/fuzz_ctl

# The YAML loader, with its sources compiled in; seeds in
# test/fuzz/corpus/fuzz_conf (the examples in conf/ and a file using every
# key), dictionary test/fuzz/conf.dict.
FUZZ_TARGETS += test/fuzz/fuzz_conf
FUZZ_EXTRA_SRCS += $(daemon_libconf_a_SOURCES)
EXTRA_DIST += test/fuzz/fuzz_conf.c test/fuzz/conf.dict
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS = -std=gnu11 -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN)
FUZZ_CPPFLAGS = -I$(top_builddir) -I$(top_srcdir) -I$(top_srcdir)/libike \
	-D_GNU_SOURCE -DHAVE_CONFIG_H $(GNUTLS_CFLAGS) $(NETTLE_CFLAGS) \
	$(JANSSON_CFLAGS) $(YAML_CFLAGS)
FUZZ_LIBS = $(IKE_LIBS) $(JANSSON_LIBS) $(YAML_LIBS)
FUZZ_LIB = test/fuzz/libike-fuzz.a
EXTRA_DIST += test/fuzz/fuzz_msg.c test/fuzz/fuzz_decode.c test/fuzz/corpus test/run-fuzz-short
CLEANFILES += $(FUZZ_TARGETS) $(FUZZ_LIB) test/fuzz/obj/*.o

fuzz: $(nodist_libike_libike_a_SOURCES)
	@if test -z "$(CLANG)"; then \
	  echo "make fuzz: clang not found; install the Debian package clang" >&2; \
	  exit 1; fi
	@set -e; $(MKDIR_P) test/fuzz/obj; objs=; \
	for s in $(libike_libike_a_SOURCES) $(FUZZ_EXTRA_SRCS) \
	    $(nodist_libike_libike_a_SOURCES); do \
	  case $$s in *.c) ;; *) continue ;; esac; \
	  if test -f "$$s"; then src=$$s; else src=$(srcdir)/$$s; fi; \
	  o=test/fuzz/obj/`echo "$$s" | tr / _`.o; \
	  echo "  CLANG    $$o"; \
	  $(CLANG) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
	    -c -o $$o $$src; \
	  objs="$$objs $$o"; \
	done; \
	rm -f $(FUZZ_LIB); $(AR) $(ARFLAGS) $(FUZZ_LIB) $$objs; $(RANLIB) $(FUZZ_LIB)
	@set -e; for t in $(FUZZ_TARGETS); do \
	  echo "  CLANG    $$t"; \
	  $(CLANG) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer \
	    -o $$t $(srcdir)/$$t.c $(FUZZ_LIB) $(FUZZ_LIBS); \
	done

# The harness list, for test/run-fuzz-short.
fuzz-targets:
	@echo $(FUZZ_TARGETS)

.PHONY: fuzz fuzz-targets
