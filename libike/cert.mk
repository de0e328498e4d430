# SPDX-License-Identifier: ISC
# The engine's side of certificates: CERT, CERTREQ and signature AUTH
# (no GnuTLS types in its interface; plugins/creds does the crypto).
libike_libike_a_SOURCES += libike/xchg_cert.c
