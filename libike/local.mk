# SPDX-License-Identifier: ISC
noinst_HEADERS += libike/ike.h libike/iana.h libike/plugin.h
