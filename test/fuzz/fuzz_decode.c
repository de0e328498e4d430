/* SPDX-License-Identifier: ISC */
/*
 * fuzz_decode.c - libFuzzer harness for `sakerctl decode`, which reads
 * files: input detection (hex or raw, non-ESP marker), the decoded tree
 * and both of its printed forms.
 */
#include <stdio.h>
#include <stdlib.h>

#include "sakerctl/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	uint8_t *pkt;
	size_t len;
	int marker;
	char err[128], *s;
	json_t *tree;

	if (null == NULL && (null = fopen("/dev/null", "w")) == NULL)
		abort();
	if (decode_input(data, size, &pkt, &len, &marker, err, sizeof(err)) != 0)
		return 0;
	(void)decode_datagram(pkt, len, &tree);
	free(pkt);
	if (tree == NULL)
		abort();
	decode_print_text(null, tree);
	s = json_dumps(tree, 0);
	if (s == NULL)
		abort();
	free(s);
	json_decref(tree);
	return 0;
}
