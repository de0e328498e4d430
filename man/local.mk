# SPDX-License-Identifier: ISC
dist_man_MANS += man/saker.yaml.5
