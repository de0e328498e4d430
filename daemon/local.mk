# SPDX-License-Identifier: ISC

# sakerctl, and its offline `decode` verb.
bin_PROGRAMS += daemon/sakerctl
daemon_sakerctl_SOURCES = daemon/sakerctl.c daemon/decode.c
daemon_sakerctl_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
daemon_sakerctl_LDADD = libike/libike.a $(JANSSON_LIBS) $(IKE_LIBS)
noinst_HEADERS += daemon/decode.h
TESTS += test/unit/decode-samples.sh
EXTRA_DIST += test/unit/decode-samples.sh test/vectors/codec
