# SPDX-License-Identifier: ISC
s2s_stop sun
