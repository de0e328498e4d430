# SPDX-License-Identifier: ISC
sakerctl sun list-sas
swan "$T/moon" --list-sas
xfrm_dump sun
sakerctl sun down gw
charon_stop moon
sakerd_stop sun
