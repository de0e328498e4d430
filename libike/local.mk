# SPDX-License-Identifier: ISC
noinst_HEADERS += libike/ike.h libike/iana.h libike/plugin.h libike/cfg.h
libike_libike_a_SOURCES += libike/err.c libike/buf.c
