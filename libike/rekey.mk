# SPDX-License-Identifier: ISC
# Rekeying and lifetimes: sources, unit tests and scenarios.
