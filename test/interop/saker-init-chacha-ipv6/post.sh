# SPDX-License-Identifier: ISC
sakerctl moon list-sas
swan "$T/sun" --list-sas
xfrm_dump moon
sakerctl moon down gw
charon_stop sun
sakerd_stop moon
