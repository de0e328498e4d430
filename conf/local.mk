# SPDX-License-Identifier: ISC
# Example configs, tested by test/unit/test_conf_yaml and installed as
# documentation.
examplesdir = $(docdir)/examples
dist_examples_DATA = conf/site-to-site.yaml conf/site-to-site-branch.yaml
