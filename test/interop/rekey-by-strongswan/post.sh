# SPDX-License-Identifier: ISC
grep -h "collision\|TEMPORARY_FAILURE\|rekeyed as" "$T/sakerd-moon.log" || true
s2s_stop moon
