# SPDX-License-Identifier: ISC
xfrm_dump moon
xfrm_dump sun
sakerd_stop moon
sakerd_stop sun
for f in "$T"/sakerd-*.log; do echo "--- $f"; cat "$f"; done
