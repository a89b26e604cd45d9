/*
 * utf8.c - UTF-8 checks and escaping for the terminal and the log
 * (utf8.h).  Below util and log: it allocates nothing and logs nothing,
 * so log.c can escape every line without using util.c, which logs.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "utf8.h"

/*
 * The length of the well-formed UTF-8 character at s[0..len), which does
 * not start with an ASCII byte; 0 if it is not one.
 */
static size_t
utf8_seq(const unsigned char *s, size_t len)
{
	size_t n, k;
	uint32_t cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 1;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 2;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 3;
		cp = s[0] & 0x07;
	} else
		return 0;
	for (k = 1; k <= n; k++) {
		if (k >= len || (s[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n + 1;
}

int
utf8_valid(const char *str, size_t len, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_seq(s + i, len - i)) == 0) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

/*
 * Bytes a terminal acts on or a log reader would trip over: C0 controls,
 * DEL, and C1 controls (U+0080 to U+009F, which some terminals take as
 * CSI and friends) become \xHH, one escape per byte.  A byte that does
 * not begin a well-formed character is escaped the same way, so what is
 * shown is always valid UTF-8.  The backslash itself is left alone: this
 * is for eyes, not for a parser to undo.
 */
size_t
str_escape(char *out, size_t n, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t o = 0, len = strlen(str), i = 0, k, w;
	int esc;

	if (n == 0)
		return 0;
	while (i < len) {
		if (s[i] < 0x80) {
			w = 1;
			esc = s[i] < 0x20 || s[i] == 0x7f;
		} else if ((w = utf8_seq(s + i, len - i)) == 0) {
			w = 1;
			esc = 1;
		} else
			esc = w == 2 && s[i] == 0xc2 && s[i + 1] < 0xa0;
		/* whole escapes and whole characters only */
		if (o + (esc ? 4 * w : w) >= n)
			break;
		for (k = 0; k < w; k++, i++) {
			if (!esc) {
				out[o++] = (char)s[i];
				continue;
			}
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[s[i] >> 4];
			out[o++] = hex[s[i] & 0xf];
		}
	}
	out[o] = '\0';
	return o;
}

size_t
utf8_nlen(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n && s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			count++;
	return count;
}

size_t
utf8_len(const char *s)
{
	return utf8_nlen(s, (size_t)-1);
}
