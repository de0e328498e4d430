# SPDX-License-Identifier: ISC
# Hostile networks (cookies, IKE fragmentation): sources, tests, scenarios.
noinst_HEADERS += libike/cookie.h libike/frag.h
libike_libike_a_SOURCES += libike/cookie.c libike/frag.c
