# SPDX-License-Identifier: ISC
# Road-warrior scenarios, test CA and interop.
EXTRA_DIST += test/kernel/roadwarrior
EXTRA_DIST += test/interop/rw-saker-gateway test/interop/rw-saker-client
# The road-warrior example configs, installed beside the site-to-site
# ones, and their test: they load with the test PKI's files.
rwexamplesdir = $(docdir)/examples
dist_rwexamples_DATA = conf/roadwarrior-gateway.yaml conf/roadwarrior-client.yaml
TESTS += test/daemon/rw-examples.sh
EXTRA_DIST += test/daemon/rw-examples.sh
