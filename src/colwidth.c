/*
 * colwidth.c - terminal columns of UTF-8 text (see colwidth.h).
 *
 * Not wcwidth(3): it answers per the current locale, and a daemon under
 * systemd or a container runs in "C", where every non-ASCII character
 * is "unprintable" (-1); even with a UTF-8 locale the answer depends on
 * the C library's tables.  A table of the ranges that matter for names
 * (combining marks, East Asian wide and fullwidth forms, emoji) gives the
 * same table everywhere, which the tests can then rely on.
 */
#include <stdlib.h>
#include <string.h>

#include "colwidth.h"
#include "util.h"

struct range {
	unsigned long	lo, hi;
};

/* zero width: combining marks, joiners, variation selectors */
static const struct range zero[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x0e31, 0x0e31 },
	{ 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e }, { 0x1ab0, 0x1aff },
	{ 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x20d0, 0x20ff },
	{ 0x302a, 0x302f }, { 0x3099, 0x309a }, { 0xfe00, 0xfe0f },
	{ 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff }, { 0xe0100, 0xe01ef },
};

/* two columns: East Asian Wide and Fullwidth (UAX #11), emoji */
static const struct range wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2e80, 0x303e },
	{ 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
	{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
	{ 0x1f900, 0x1f9ff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

static int
in(const struct range *r, size_t n, unsigned long cp)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cp >= r[i].lo && cp <= r[i].hi)
			return 1;
	return 0;
}

/*
 * The character at s: its width in columns, and its length in bytes
 * in *len.  A byte that starts no valid sequence is one column, alone.
 */
static int
char_width(const unsigned char *s, size_t *len)
{
	unsigned long cp;
	size_t n, i;

	if (s[0] < 0x80) {
		*len = 1;
		return 1;
	}
	n = s[0] >= 0xf0 && s[0] < 0xf5 ? 4 : s[0] >= 0xe0 ? 3 :
	    s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;
	cp = n == 4 ? s[0] & 0x07 : n == 3 ? s[0] & 0x0f : s[0] & 0x1f;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			break;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (n == 0 || i < n) {
		*len = 1;
		return 1;
	}
	*len = n;
	if (in(zero, sizeof(zero) / sizeof(zero[0]), cp))
		return 0;
	return in(wide, sizeof(wide) / sizeof(wide[0]), cp) ? 2 : 1;
}

size_t
colwidth(const char *s)
{
	size_t w = 0, len;

	for (; *s; s += len)
		w += (size_t)char_width((const unsigned char *)s, &len);
	return w;
}

char *
colwidth_cell(const char *s, int width, int right)
{
	static const char ellipsis[] = "\xe2\x80\xa6";	/* U+2026, 1 column */
	char *e = xstrdup_escaped(s), *out;
	size_t len, cut = 0, w = colwidth(e), used = 0;
	int cw;

	if (width < 1)
		width = 1;
	if (w > (size_t)width) {
		/* keep what fits in width - 1, then the ellipsis */
		while (e[cut]) {
			cw = char_width((unsigned char *)e + cut, &len);
			if (used + (size_t)cw > (size_t)width - 1)
				break;
			used += (size_t)cw;
			cut += len;
		}
		/* a combining mark after the cut belongs to the kept part */
		while (e[cut] && char_width((unsigned char *)e + cut, &len) ==
		    0)
			cut += len;
		out = xasprintf("%.*s%s%*s", (int)cut, e, ellipsis,
		    width - 1 - (int)used, "");
	} else if (right)
		out = xasprintf("%*s%s", width - (int)w, "", e);
	else
		out = xasprintf("%s%*s", e, width - (int)w, "");
	free(e);
	return out;
}
