# SPDX-License-Identifier: ISC
# The config model: its parsing (cfg.c), the text forms of addresses and
# identities (addr.c) and the keywords of its enums (cfg_kw.c).
libike_libike_a_SOURCES += libike/cfg.c libike/addr.c libike/cfg_kw.c
noinst_HEADERS += libike/err.h libike/addr.h libike/cfg_kw.h
