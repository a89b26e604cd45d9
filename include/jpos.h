/*
 * jpos.h - where in a JSON text a value stands.
 *
 * jansson reports line and column for syntax errors only; once a document
 * has parsed, its values carry no position.  A validator that finds an
 * unknown key or a value of the wrong type still owes the operator a
 * "FILE:LINE:COLUMN", so this module re-reads the (already valid) text
 * and finds the position of a value by its path.
 *
 * A path is a sequence of object keys and array indexes:
 * "mail.url", "days[3].task", "categories[0].items[2]".  The empty path is
 * the document itself.  A backslash makes the next character part of the
 * key: "mail\\.url" is the top-level key "mail.url".
 */
#ifndef REFREADY_JPOS_H
#define REFREADY_JPOS_H

#include <stddef.h>

#include "diag.h"

struct jpos {
	int	key_line, key_col;	/* the member's key (0 for elements) */
	int	line, col;		/* the value */
};

/*
 * Finds path in text[0..len), which must be valid JSON.  Lines and
 * columns count from 1, columns in characters as jansson counts them.
 * Returns 0 when found; -1 when not, with *pos set to the deepest
 * enclosing value that was found (so an error can still point near).
 */
int	jpos_find(const char *text, size_t len, const char *path,
	    struct jpos *pos);

/* key with '.', '[', ']' and '\\' escaped for a path (caller frees) */
char	*jpos_escape(const char *key);

/* a document being validated: where problems go and how many there were */
struct jdoc {
	const char		*file;
	const char		*text;
	size_t			 len;
	struct diag_list	*dl;
	int			 errors;
};

/*
 * Adds a diagnostic at the value found at path (at its key instead when
 * at_key is set and the value is an object member) and counts it.
 */
void	jpos_report(struct jdoc *, const char *path, int at_key,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* the same as a warning, which does not count as an error */
void	jpos_warn(struct jdoc *, const char *path, int at_key,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
