/*
 * util.h - small helpers every module needs: allocation that cannot return
 * NULL (out of memory is fatal, as in OpenBSD's xmalloc), bounded file
 * reading, UTF-8 checks and escaping for the terminal (utf8.h, included
 * here) and strict number parsing.
 */
#ifndef REFREADY_UTIL_H
#define REFREADY_UTIL_H

#include <stddef.h>

#include "utf8.h"

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* returns a malloc'd string; caller frees */
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

/*
 * Reads a whole file of at most max bytes into a NUL-terminated malloc'd
 * buffer (caller frees).  Returns NULL with errno set on failure; EFBIG
 * when the file is larger than max.
 */
char	*file_read(const char *path, size_t max, size_t *lenp);

/* mkdir -p of the directory part of path (nothing if there is none) */
int	 mkdir_parent(const char *path, unsigned mode);

/* a copy of s with every control character (CR, LF, tab...) a space */
char	*xstrdup_flat(const char *s);

/*
 * A server's reply for the log: every word with an '@' becomes
 * "(address)", since servers echo the recipient and addresses stay out
 * of the log at info level.  out gets at most n bytes with the NUL.
 */
void	 str_mask_addresses(char *out, size_t n, const char *in);
/* str_escape (utf8.h) into a malloc'd copy; caller frees */
char	*xstrdup_escaped(const char *s);

/* edit distance ignoring ASCII case, for "did you mean"; SIZE_MAX when
 * either word is 64 bytes or longer */
size_t	 str_distance(const char *, const char *);

/* strict decimal parse of all of s into [min,max]; 0 on success */
int	 parse_long(const char *s, long min, long max, long *out);

#endif
