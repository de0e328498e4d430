# SPDX-License-Identifier: ISC
xfrm_dump moon
capture_stop moon-out
