# SPDX-License-Identifier: ISC
sakerctl moon list-sas
xfrm_dump moon
sakerd_stop moon
