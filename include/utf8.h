/*
 * utf8.h - UTF-8 checks and escaping for the terminal and the log,
 * pure functions below util and log (util.h includes this header).
 */
#ifndef REFREADY_UTF8_H
#define REFREADY_UTF8_H

#include <stddef.h>

/* 1 if s[0..len) is well-formed UTF-8; *bad gets the offset of the error */
int	 utf8_valid(const char *s, size_t len, size_t *bad);
/* number of code points in a valid UTF-8 string, or in its first n bytes */
size_t	 utf8_len(const char *s);
size_t	 utf8_nlen(const char *s, size_t n);

/*
 * s made safe to show on a terminal or write to a log: C0 controls, DEL,
 * C1 controls and bytes that are not UTF-8 become "\xHH" (ESC is "\x1b");
 * valid UTF-8 (accents, CJK) is kept.  str_escape writes at most n
 * bytes with the NUL, never cutting an escape or a character, and returns
 * the length written; xstrdup_escaped (util.h) returns a malloc'd copy
 * (caller frees).  Every line of the log goes through it (log.c), and commands use
 * it for data they print as text; machine formats (JSON, CSV, iCalendar,
 * HTML) keep their own escaping.
 */
size_t	 str_escape(char *out, size_t n, const char *s);

#endif
