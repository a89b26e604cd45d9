/*
 * diag.h - a list of "FILE:LINE[:COLUMN]: problem" diagnostics.
 *
 * Validators (configuration, curriculum) report every problem they find
 * rather than stopping at the first, so an operator fixes a file in one
 * pass.  A line or column of 0 means "not known" and is left out.  A
 * warning is printed as "FILE:LINE:COLUMN: warning: problem" and does not
 * make the file invalid.
 */
#ifndef REFREADY_DIAG_H
#define REFREADY_DIAG_H

#include <stdio.h>
#include <stddef.h>

struct diag {
	char	*file;
	int	 line;
	int	 col;
	char	*msg;
	int	 warning;
};

struct diag_list {
	struct diag	*v;
	size_t		 n;
	size_t		 cap;
};

void	diag_add(struct diag_list *, const char *file, int line, int col,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* the same, for a warning */
void	diag_warn(struct diag_list *, const char *file, int line, int col,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* how many entries are problems rather than warnings */
size_t	diag_errors(const struct diag_list *);
/* writes one line per diagnostic, each preceded by prefix (may be "") */
void	diag_print(const struct diag_list *, FILE *, const char *prefix);
void	diag_free(struct diag_list *);

#endif
