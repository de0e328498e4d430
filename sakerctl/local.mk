# SPDX-License-Identifier: ISC
# sakerctl: its verbs (sakerctl.c), the control verbs' client side
# (ctl_client.c) and the offline `decode` verb.  sakerctl/libsakerctl.a
# holds all but main(), so that unit tests link the verbs themselves; the
# control protocol comes from daemon/libsakerd.a.
noinst_LIBRARIES += sakerctl/libsakerctl.a
sakerctl_libsakerctl_a_SOURCES = sakerctl/sakerctl.c sakerctl/ctl_client.c \
	sakerctl/decode.c
sakerctl_libsakerctl_a_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
noinst_HEADERS += sakerctl/sakerctl.h sakerctl/ctl_client.h sakerctl/decode.h

bin_PROGRAMS += sakerctl/sakerctl
sakerctl_sakerctl_SOURCES = sakerctl/main.c
sakerctl_sakerctl_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
sakerctl_sakerctl_LDADD = sakerctl/libsakerctl.a daemon/libsakerd.a \
	libike/libike.a $(JANSSON_LIBS) $(IKE_LIBS)
