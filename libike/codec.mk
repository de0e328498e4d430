# SPDX-License-Identifier: ISC
# The wire codec: bounds-checked reader/writer, payloads, messages, payload
# rules and the IANA names generated from iana.h.
noinst_HEADERS += libike/wire.h libike/pld.h libike/msg.h libike/rules.h \
	libike/names.h
CODEC_SOURCES = libike/wire.c libike/msg.c libike/rules.c \
	libike/pld_sa.c libike/pld_id.c libike/pld_notify.c libike/pld_ts.c \
	libike/pld_cp.c libike/pld_misc.c libike/names_lookup.c
libike_libike_a_SOURCES += $(CODEC_SOURCES)

# names.c is generated from the name comments in iana.h.
nodist_libike_libike_a_SOURCES = libike/names.c
EXTRA_DIST += libike/genmap.sh
CLEANFILES += libike/names.c
libike/names.c: $(top_srcdir)/libike/iana.h $(top_srcdir)/libike/genmap.sh
	$(AM_V_GEN)$(MKDIR_P) libike && \
	$(SHELL) $(top_srcdir)/libike/genmap.sh $(top_srcdir)/libike/iana.h >$@.tmp && \
	mv $@.tmp $@
