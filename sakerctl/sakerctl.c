/* SPDX-License-Identifier: ISC */
/*
 * sakerctl.c - the command-line tool's verbs and their dispatch.  The
 * control verbs come from the protocol's one table (ctl_proto.c), so that
 * sakerctl offers every command sakerd serves and no other; the offline
 * verbs are sakerctl's own, each with its handler and a line of help.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sakerctl/ctl_client.h"
#include "sakerctl/decode.h"
#include "sakerctl/sakerctl.h"

struct sakerctl_verb {
	const char	*name;
	const char	*args;		/* as the help shows them */
	int		(*run)(int argc, char **argv);	/* argv[0] is the verb */
	const char	*help;
};

/* The verbs that need no daemon. */
static const struct sakerctl_verb offline_verbs[] = {
	{ "decode", "FILE [--json]", decode_main,
	  "show one IKE datagram (raw or hex, - for stdin)" },
};
#define NOFFLINE	(sizeof(offline_verbs) / sizeof(offline_verbs[0]))

static const struct sakerctl_verb *
offline_find(const char *verb)
{
	size_t i;

	for (i = 0; i < NOFFLINE; i++)
		if (strcmp(verb, offline_verbs[i].name) == 0)
			return &offline_verbs[i];
	return NULL;
}

int
sakerctl_offline(const char *verb)
{
	return offline_find(verb) != NULL;
}

/* "  VERB ARGS   help" */
static void
help_line(FILE *f, const char *name, const char *args, const char *help)
{
	char use[64];

	snprintf(use, sizeof(use), "%s%s%s", name, *args ? " " : "", args);
	fprintf(f, "  %-22s %s\n", use, help);
}

void
sakerctl_usage(FILE *f)
{
	const struct ctl_verb *v;
	size_t i;

	fprintf(f, "usage: sakerctl [--socket PATH] [--json] COMMAND [ARGS]\n"
	    "\ncommands:\n");
	for (i = 0; (v = ctl_verb((enum ctl_cmd)i)) != NULL; i++)
		help_line(f, v->name, ctl_args_usage(v->args), v->help);
	for (i = 0; i < NOFFLINE; i++)
		help_line(f, offline_verbs[i].name, offline_verbs[i].args,
		    offline_verbs[i].help);
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
sakerctl_main(int argc, char **argv)
{
	const struct sakerctl_verb *v;
	char **av;
	int ac, ret;

	av = calloc((size_t)argc + 1, sizeof(*av));
	if (av == NULL)
		return 1;
	ac = hoist_options(argc, argv, av);
	if (ac < 1) {
		sakerctl_usage(stderr);
		ret = 2;
	} else if (strcmp(av[0], "-h") == 0 || strcmp(av[0], "--help") == 0 ||
	    strcmp(av[0], "help") == 0) {
		sakerctl_usage(stdout);
		ret = 0;
	} else if (ctl_client_has(av[0]))
		ret = ctl_client_run(ac, av, stdout, stderr);
	else if ((v = offline_find(av[0])) != NULL)
		ret = v->run(ac, av);
	else {
		fprintf(stderr, "sakerctl: unknown command '%s'\n", av[0]);
		sakerctl_usage(stderr);
		ret = 2;
	}
	free(av);
	return ret;
}
