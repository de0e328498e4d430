# SPDX-License-Identifier: ISC
# The wire codec: bounds-checked reader/writer, payloads, messages, payload
# rules and the IANA names generated from iana.h.
noinst_HEADERS += libike/wire.h libike/pld.h libike/msg.h libike/rules.h \
	libike/names.h
