# SPDX-License-Identifier: ISC
# Liveness and on-demand tunnels (DPD, trap, close-action): sources, tests, scenarios.
libike_libike_a_SOURCES += libike/live.c
