# SPDX-License-Identifier: ISC
# Credentials over GnuTLS (certificates, keys, signatures): sources and tests.

noinst_HEADERS += plugins/creds/creds.h
EXTRA_DIST += test/mkca
