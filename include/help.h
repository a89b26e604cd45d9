/*
 * help.h - the help texts: the grouped overview and each command's own
 * usage, options and examples.
 */
#ifndef REFREADY_HELP_H
#define REFREADY_HELP_H

#include <stdio.h>

/* what main.c's command table says about a command */
struct help_cmd {
	const char	*name;		/* "enroll", "cohort create" */
	const char	*args;		/* usage after the name */
	const char	*summary;	/* one line */
};

/* usage, the commands by group, the global options */
void	help_overview(FILE *, const struct help_cmd *, size_t);

/* one command's usage, summary, options and examples */
void	help_command(FILE *, const struct help_cmd *);

#endif
