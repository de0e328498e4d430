EXTRA_DIST += test/install-deps test/run-all test/demo
