/* SPDX-License-Identifier: ISC */
/*
 * fuzz_ctl.c - libFuzzer target for the control protocol: arbitrary bytes
 * as a stream of request lines (framing, JSON, validation), and the same
 * bytes as a reply line.  A request that parses must build back into a
 * line that parses to the same request; nothing may crash or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/ctl_proto.h"

/* The daemon's sources are built into the harness itself, instrumented
 * like the rest: 'make fuzz' links harnesses with libike and jansson only. */
#include "daemon/ctl_proto.c"
#include "daemon/log.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_request(const char *line, size_t len)
{
	struct ctl_request req, again;
	char err[512], *built, *reply;
	size_t blen, rlen;

	if (ctl_request_parse(line, len, &req, err, sizeof(err)) < 0) {
		/* Every error must be sendable as a reply. */
		reply = ctl_reply_error(err, &rlen);
		if (reply == NULL)
			abort();
		free(reply);
		return;
	}
	built = ctl_request_build(&req, &blen);
	if (built == NULL)
		abort();
	if (ctl_request_parse(built, blen - 1, &again, err, sizeof(err)) < 0 ||
	    again.cmd != req.cmd || strcmp(again.name, req.name) != 0 ||
	    strcmp(again.level, req.level) != 0)
		abort();
	free(built);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctl_lines lines;
	char err[512], *line;
	json_t *res;
	size_t len;
	int r;

	/* Small limit so that the overflow path is reached too. */
	ctl_lines_init(&lines, 4096);
	if (ctl_lines_feed(&lines, data, size) == 0) {
		while ((r = ctl_lines_next(&lines, &line, &len)) == 1)
			check_request(line, len);
	}
	ctl_lines_free(&lines);

	check_request((const char *)data, size);
	r = ctl_reply_parse((const char *)data, size, &res, err, sizeof(err));
	if (r == 0)
		json_decref(res);
	return 0;
}
