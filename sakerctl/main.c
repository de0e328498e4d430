/* SPDX-License-Identifier: ISC */
/*
 * main.c - sakerctl's main(); the verbs live in the library
 * (sakerctl.c), so that the unit tests reach them.
 */
#include "sakerctl/sakerctl.h"

int
main(int argc, char **argv)
{
	return sakerctl_main(argc, argv);
}
