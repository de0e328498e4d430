/* SPDX-License-Identifier: ISC */
/*
 * sakerctl.c - the command-line tool: one table of verbs, each with its
 * handler and a line of help, and the main() that dispatches to them.
 * Verbs that talk to sakerd go through the control socket; `decode`
 * works offline on a captured datagram.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sakerctl/ctl_client.h"
#include "sakerctl/decode.h"

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
	{ "leases", ctl_verb,
	  "leases                 address pools and their leases" },
	{ "list-certs", ctl_verb,
	  "list-certs             certificates and keys loaded, lint findings" },
	{ "decode", decode_main,
	  "decode FILE [--json]   show one IKE datagram (raw or hex, - for stdin)" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: sakerctl [--socket PATH] [--json] COMMAND [ARGS]\n"
	    "\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %s\n", cmds[i].help);
	fprintf(f, "\n  --socket PATH   control socket (default %s)\n"
	    "  --json          print the daemon's JSON\n", CTL_SOCKET_DEFAULT);
}

/*
 * Options given before the command (`sakerctl --socket PATH status`) are
 * moved after it, where each verb parses them.  Returns the new argc, or
 * -1 when an option lacks its value.
 */
static int
hoist_options(int argc, char **argv, char **out)
{
	int i = 1, n = 0, nopt = 0, j;
	char *opts[8];

	while (i < argc && nopt < 6 && (strcmp(argv[i], "--json") == 0 ||
	    strcmp(argv[i], "--socket") == 0 ||
	    strncmp(argv[i], "--socket=", 9) == 0)) {
		if (strcmp(argv[i], "--socket") == 0) {
			if (i + 1 >= argc)
				return -1;
			opts[nopt++] = argv[i++];
		}
		opts[nopt++] = argv[i++];
	}
	for (; i < argc; i++)
		out[n++] = argv[i];
	for (j = 0; j < nopt; j++)
		out[n++] = opts[j];
	out[n] = NULL;
	return n;
}

int
main(int argc, char **argv)
{
	char **av;
	size_t i;
	int ac, ret;

	av = calloc((size_t)argc + 1, sizeof(*av));
	if (av == NULL)
		return 1;
	ac = hoist_options(argc, argv, av);
	if (ac < 1) {
		usage(stderr);
		free(av);
		return 2;
	}
	if (strcmp(av[0], "-h") == 0 || strcmp(av[0], "--help") == 0 ||
	    strcmp(av[0], "help") == 0) {
		usage(stdout);
		free(av);
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(av[0], cmds[i].name) == 0) {
			ret = cmds[i].run(ac, av);
			free(av);
			return ret;
		}
	}
	fprintf(stderr, "sakerctl: unknown command '%s'\n", av[0]);
	usage(stderr);
	free(av);
	return 2;
}
