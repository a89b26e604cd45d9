/*
 * util.h - small helpers every module needs: allocation that cannot return
 * NULL (out of memory is fatal, as in OpenBSD's xmalloc), bounded file
 * reading, UTF-8 checks, escaping for the terminal and strict number
 * parsing.
 */
#ifndef REFREADY_UTIL_H
#define REFREADY_UTIL_H

#include <stddef.h>

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

/* 1 if s[0..len) is well-formed UTF-8; *bad gets the offset of the error */
int	 utf8_valid(const char *s, size_t len, size_t *bad);
/* number of code points in a valid UTF-8 string, or in its first n bytes */
size_t	 utf8_len(const char *s);
size_t	 utf8_nlen(const char *s, size_t n);

/* a copy of s with every control character (CR, LF, tab...) a space */
char	*xstrdup_flat(const char *s);

/*
 * s made safe to show on a terminal or write to a log: C0 controls, DEL,
 * C1 controls and bytes that are not UTF-8 become "\xHH" (ESC is "\x1b");
 * valid UTF-8 (accents, CJK) is kept.  str_escape writes at most n
 * bytes with the NUL, never cutting an escape or a character, and returns
 * the length written; xstrdup_escaped returns a malloc'd copy (caller
 * frees).  Every line of the log goes through it (log.c), and commands use
 * it for data they print as text; machine formats (JSON, CSV, iCalendar,
 * HTML) keep their own escaping.
 */
size_t	 str_escape(char *out, size_t n, const char *s);
/*
 * A server's reply for the log: every word with an '@' becomes
 * "(address)", since servers echo the recipient and addresses stay out
 * of the log at info level.  out gets at most n bytes with the NUL.
 */
void	 str_mask_addresses(char *out, size_t n, const char *in);
char	*xstrdup_escaped(const char *s);

/* edit distance ignoring ASCII case, for "did you mean"; SIZE_MAX when
 * either word is 64 bytes or longer */
size_t	 str_distance(const char *, const char *);

/* strict decimal parse of all of s into [min,max]; 0 on success */
int	 parse_long(const char *s, long min, long max, long *out);

#endif
