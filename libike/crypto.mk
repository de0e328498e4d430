# SPDX-License-Identifier: ISC
# Crypto: PRFs, key exchange, SK payload protection, ESP algorithm table,
# the IKEv2 key schedule.
noinst_HEADERS += libike/cry.h libike/keys.h
libike_libike_a_SOURCES += libike/cry_hash.c libike/cry_dh.c libike/cry_sk.c \
	libike/cry_esp.c libike/keys.c
