# SPDX-License-Identifier: ISC
s2s_start moon
