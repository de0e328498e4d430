# SPDX-License-Identifier: ISC
# Crypto: PRFs, key exchange, SK payload protection, ESP algorithm table,
# the IKEv2 key schedule.
noinst_HEADERS += libike/cry.h libike/keys.h
