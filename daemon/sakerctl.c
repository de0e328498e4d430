/* SPDX-License-Identifier: ISC */
/*
 * sakerctl.c - the command-line tool: one table of verbs, each with its
 * handler and a line of help, and the main() that dispatches to them.
 * Verbs that talk to sakerd go through the control socket; `decode`
 * works offline on a captured datagram.
 */
#include <stdio.h>
#include <string.h>

#include "decode.h"

struct sakerctl_cmd {
	const char	*name;
	int		(*run)(int argc, char **argv);	/* argv[0] is the verb */
	const char	*help;
};

static const struct sakerctl_cmd cmds[] = {
	{ "decode", decode_main,
	  "decode FILE [--json]   show one IKE datagram (raw or hex, - for stdin)" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: sakerctl COMMAND [ARGS]\n\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %s\n", cmds[i].help);
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].run(argc - 1, argv + 1);
	fprintf(stderr, "sakerctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
