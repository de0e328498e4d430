# SPDX-License-Identifier: ISC
xfrm_dump moon
xfrm_dump sun
for f in $T/moon1.log $T/sun1.log $T/moon2.log $T/sun2.log; do echo "--- $f"; cat $f; done
