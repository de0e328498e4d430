# SPDX-License-Identifier: ISC
# Credentials over GnuTLS (certificates, keys, signatures): sources and tests.
