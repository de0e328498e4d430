# SPDX-License-Identifier: ISC
# Example configs, tested by test/unit/test_conf_yaml (site-to-site) and
# test/daemon/rw-examples.sh (road warriors), and installed as
# documentation.
examplesdir = $(docdir)/examples
dist_examples_DATA = conf/site-to-site.yaml conf/site-to-site-branch.yaml \
	conf/roadwarrior-gateway.yaml conf/roadwarrior-client.yaml
