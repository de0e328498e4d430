# SPDX-License-Identifier: ISC
# Hostile networks (cookies, IKE fragmentation): sources, tests, scenarios.
