/* SPDX-License-Identifier: ISC */
/*
 * sakerctl.h - sakerctl's command line: its verbs, which are the control
 * verbs of the protocol's table (ctl_proto.h), run against sakerd by
 * ctl_client.c, and the offline verbs that need no daemon (decode); its
 * usage; and the dispatch from the command line to a verb.
 */
#ifndef SAKER_SAKERCTL_SAKERCTL_H
#define SAKER_SAKERCTL_SAKERCTL_H

#include <stdio.h>

/* The usage line, every verb with its help line, and the options. */
void	sakerctl_usage(FILE *);

/* 1 if verb is one of the offline verbs, which sakerd does not serve. */
int	sakerctl_offline(const char *verb);

/*
 * Runs sakerctl's command line (argv[0] the program's name): options
 * before the verb are moved after it, where the verb reads them.
 * Returns the exit status: 0 done, 1 failed, 2 bad usage.
 */
int	sakerctl_main(int argc, char **argv);

#endif /* SAKER_SAKERCTL_SAKERCTL_H */
