# SPDX-License-Identifier: ISC
# libike, saker's IKEv2 protocol library: every source and header, by
# layer from the bottom (libike/LAYERS, libike/README.md).  Its unit tests
# are declared in test/unit/local.mk.
noinst_HEADERS += libike/ike.h libike/plugin.h libike/iana.h libike/names.h \
	libike/err.h libike/addr.h libike/wire.h libike/pld.h libike/msg.h \
	libike/rules.h libike/ts.h libike/prop.h libike/natd.h libike/cry.h \
	libike/cfg.h libike/keys.h libike/eng.h libike/kpol.h libike/xout.h \
	libike/sa.h libike/child.h libike/nat.h libike/vip.h libike/trap.h \
	libike/pool.h libike/live.h libike/frag.h libike/cookie.h \
	libike/xsend.h libike/xchg.h libike/work.h libike/cfg_kw.h \
	libike/htab.h libike/timer.h

# Codec and crypto.
libike_libike_a_SOURCES += libike/err.c libike/buf.c libike/addr.c \
	libike/wire.c libike/msg.c libike/rules.c libike/names_lookup.c \
	libike/pld_sa.c libike/pld_id.c libike/pld_notify.c libike/pld_ts.c \
	libike/pld_cp.c libike/pld_misc.c libike/ts.c libike/prop.c \
	libike/natd.c libike/cry_hash.c libike/cry_dh.c libike/cry_sk.c \
	libike/cry_esp.c
# The model: config, environment, keys, kernel policies, payload lists,
# hash tables.
libike_libike_a_SOURCES += libike/cfg.c libike/cfg_kw.c libike/cfg_rw.c \
	libike/eng_env.c libike/keys.c libike/kpol.c libike/xout.c \
	libike/htab.c
# SA state, and the heap of SA deadlines.
libike_libike_a_SOURCES += libike/sa.c libike/child.c libike/nat.c \
	libike/vip.c libike/frag.c libike/trap.c libike/pool.c libike/live.c \
	libike/sa_end.c libike/timer.c
# Messages out, the exchange steps, work and dispatch, the engine.
libike_libike_a_SOURCES += libike/xsend.c libike/xchg_init.c \
	libike/xchg_auth.c libike/xchg_cert.c libike/xchg_child.c \
	libike/xchg_info.c libike/xchg_rekey.c libike/xchg.c libike/work.c \
	libike/initiate.c libike/cookie.c libike/engine.c

# names.c is generated from the name comments in iana.h.
nodist_libike_libike_a_SOURCES = libike/names.c
EXTRA_DIST += libike/genmap.sh
CLEANFILES += libike/names.c
libike/names.c: $(top_srcdir)/libike/iana.h $(top_srcdir)/libike/genmap.sh
	$(AM_V_GEN)$(MKDIR_P) libike && \
	$(SHELL) $(top_srcdir)/libike/genmap.sh $(top_srcdir)/libike/iana.h >$@.tmp && \
	mv $@.tmp $@
