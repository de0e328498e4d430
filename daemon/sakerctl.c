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
#include "daemon/ctl_client.h"

struct sakerctl_cmd {
	const char	*name;
	int		(*run)(int argc, char **argv);	/* argv[0] is the verb */
	const char	*help;
};

/* The verbs that talk to sakerd (ctl_client.c). */
static int
ctl_verb(int argc, char **argv)
{
	return ctl_client_run(argc, argv, stdout, stderr);
}

static const struct sakerctl_cmd cmds[] = {
	{ "status", ctl_verb,
	  "status                 the daemon's state and counters" },
	{ "list-conns", ctl_verb,
	  "list-conns             connections loaded, with their last failure" },
	{ "list-sas", ctl_verb,
	  "list-sas               IKE SAs and Child SAs" },
	{ "up", ctl_verb,
	  "up NAME                initiate a connection (or one child)" },
	{ "down", ctl_verb,
	  "down NAME              delete a connection's (or a child's) SAs" },
	{ "reload", ctl_verb,
	  "reload                 re-read the configuration file" },
	{ "log-level", ctl_verb,
	  "log-level LEVEL        error, warn, info, debug or trace" },
	{ "decode", decode_main,
	  "decode FILE [--json]   show one IKE datagram (raw or hex, - for stdin)" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: sakerctl COMMAND [ARGS] [--socket PATH] [--json]\n"
	    "\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %s\n", cmds[i].help);
	fprintf(f, "\n  --socket PATH   control socket (default %s)\n"
	    "  --json          print the daemon's JSON\n", CTL_SOCKET_DEFAULT);
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
