/*
 * colwidth.h - how many terminal columns UTF-8 text takes, for tables
 * that line up with "José Muñoz" (a combining accent takes none) and
 * "李小龍" (each character takes two).
 */
#ifndef REFREADY_COLWIDTH_H
#define REFREADY_COLWIDTH_H

#include <stddef.h>

/* the columns s takes on a terminal; a byte that is not UTF-8 takes 1 */
size_t	colwidth(const char *s);

/*
 * s escaped for a terminal (str_escape), fitted to exactly width columns:
 * padded with spaces (before it when right is set), or, when it is
 * wider, cut at a character and ended with "…" so a cut never passes for
 * the whole value.  The caller frees the result.
 */
char	*colwidth_cell(const char *s, int width, int right);

#endif
