# SPDX-License-Identifier: ISC
xfrm_dump moon
xfrm_dump sun
sakerctl moon list-sas
sakerd_stop moon
sakerd_stop sun
for f in "$T"/sakerd-*.log; do echo "--- $f"; cat "$f"; done
