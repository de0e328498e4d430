EXTRA_DIST += test/install-deps test/run-all test/demo

# The layering of libike (libike/LAYERS, libike/README.md): a file calls
# files of its own layer or lower, never in a cycle.  The checker reads
# the libike sources under $(srcdir), which make check exports.
TESTS += test/check-layers
EXTRA_DIST += test/check-layers libike/LAYERS libike/README.md

# The checker itself, on a made-up tree of three files.
TESTS += test/check-layers-selftest
EXTRA_DIST += test/check-layers-selftest
