# SPDX-License-Identifier: ISC
dist_man_MANS += man/sakerd.8 man/sakerctl.8
dist_man_MANS += man/saker.yaml.5
