/*
 * jpos.c - positions of values in valid JSON text (see jpos.h).
 *
 * The input has already been accepted by jansson, so this reader trusts
 * the grammar and only tracks where it is; it still never reads past the
 * end, whatever it is given.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jpos.h"
#include "util.h"

struct cur {
	const char	*p, *end;
	int		 line, col;
};

static void
adv(struct cur *c)
{
	if (c->p >= c->end)
		return;
	if (*c->p == '\n') {
		c->line++;
		c->col = 1;
	} else if (((unsigned char)*c->p & 0xc0) != 0x80)
		c->col++;
	c->p++;
}

static void
skip_ws(struct cur *c)
{
	while (c->p < c->end && strchr(" \t\r\n", *c->p) != NULL && *c->p)
		adv(c);
}

/* at an opening quote: moves past the closing one */
static void
skip_string(struct cur *c)
{
	adv(c);
	while (c->p < c->end && *c->p != '"') {
		if (*c->p == '\\')
			adv(c);
		adv(c);
	}
	adv(c);
}

static void
skip_value(struct cur *c, int depth)
{
	char open, close;

	skip_ws(c);
	if (c->p >= c->end)
		return;
	if (*c->p == '"') {
		skip_string(c);
		return;
	}
	if (*c->p != '{' && *c->p != '[') {
		while (c->p < c->end && strchr(",]} \t\r\n", *c->p) == NULL)
			adv(c);
		return;
	}
	open = *c->p;
	close = open == '{' ? '}' : ']';
	adv(c);
	if (depth > 4096)
		return;
	for (;;) {
		skip_ws(c);
		if (c->p >= c->end)
			return;
		if (*c->p == close) {
			adv(c);
			return;
		}
		if (*c->p == ',') {
			adv(c);
			continue;
		}
		{
			const char *before = c->p;

			if (open == '{') {
				skip_string(c);		/* key */
				skip_ws(c);
				adv(c);			/* ':' */
			}
			skip_value(c, depth + 1);
			/* not valid JSON after all: never spin in place */
			if (c->p == before)
				adv(c);
		}
	}
}

/* does the raw key at c (an opening quote) equal name[0..n)? */
static int
key_is(const struct cur *c, const char *name, size_t n)
{
	const char *k = c->p + 1;

	if ((size_t)(c->end - k) < n + 1)
		return 0;
	return memcmp(k, name, n) == 0 && k[n] == '"';
}

/*
 * Moves into the member called name[0..n) of the object at c.
 * Returns 0 when found, leaving c at the value.
 */
static int
enter_key(struct cur *c, const char *name, size_t n, struct jpos *pos)
{
	const char *before;

	skip_ws(c);
	if (c->p >= c->end || *c->p != '{')
		return -1;
	adv(c);
	for (;;) {
		int match, kl, kc;

		skip_ws(c);
		if (c->p >= c->end || *c->p != '"')
			return -1;	/* '}' or garbage: not found */
		match = key_is(c, name, n);
		kl = c->line;
		kc = c->col;
		skip_string(c);
		skip_ws(c);
		adv(c);			/* ':' */
		skip_ws(c);
		if (match) {
			pos->key_line = kl;
			pos->key_col = kc;
			return 0;
		}
		before = c->p;
		skip_value(c, 0);
		if (c->p == before)
			return -1;		/* not JSON: give up */
		skip_ws(c);
		if (c->p < c->end && *c->p == ',')
			adv(c);
	}
}

static int
enter_index(struct cur *c, long idx, struct jpos *pos)
{
	const char *before;
	long i;

	skip_ws(c);
	if (c->p >= c->end || *c->p != '[')
		return -1;
	adv(c);
	for (i = 0; ; i++) {
		skip_ws(c);
		if (c->p >= c->end || *c->p == ']')
			return -1;
		if (i == idx) {
			pos->key_line = pos->key_col = 0;
			return 0;
		}
		before = c->p;
		skip_value(c, 0);
		if (c->p == before)
			return -1;		/* not JSON: give up */
		skip_ws(c);
		if (c->p < c->end && *c->p == ',')
			adv(c);
	}
}

int
jpos_find(const char *text, size_t len, const char *path, struct jpos *pos)
{
	struct cur c = { text, text + len, 1, 1 };
	const char *s = path;

	/* skip a UTF-8 byte order mark the way a reader would not see it */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		c.p += 3;
	memset(pos, 0, sizeof(*pos));
	skip_ws(&c);
	pos->line = c.line;
	pos->col = c.col;
	while (*s) {
		int r;

		if (*s == '[') {
			long idx = 0;

			/*
			 * An index too big for a long saturates (found by
			 * fuzzing: it overflowed); no array is that long,
			 * so the lookup fails as it should.
			 */
			for (s++; *s >= '0' && *s <= '9'; s++)
				idx = idx > (LONG_MAX - 9) / 10 ? LONG_MAX :
				    idx * 10 + (*s - '0');
			if (*s == ']')
				s++;
			r = enter_index(&c, idx, pos);
		} else {
			char name[256];
			size_t n = 0;

			if (*s == '.')
				s++;
			/* a key holding '.', '[' or ']' is written "\\." */
			for (; *s && *s != '.' && *s != '['; s++) {
				if (*s == '\\' && s[1])
					s++;
				if (n < sizeof(name) - 1)
					name[n++] = *s;
			}
			r = enter_key(&c, name, n, pos);
		}
		if (r == -1)
			return -1;
		skip_ws(&c);
		pos->line = c.line;
		pos->col = c.col;
	}
	return 0;
}

static void	report(struct jdoc *, int, const char *, int, const char *,
		    va_list) __attribute__((format(printf, 5, 0)));

static void
report(struct jdoc *doc, int warning, const char *path, int at_key,
    const char *fmt, va_list ap)
{
	struct jpos pos;
	char *msg;
	int line, col;

	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	jpos_find(doc->text, doc->len, path, &pos);
	line = at_key && pos.key_line ? pos.key_line : pos.line;
	col = at_key && pos.key_line ? pos.key_col : pos.col;
	if (warning)
		diag_warn(doc->dl, doc->file, line, col, "%s", msg ? msg : fmt);
	else
		diag_add(doc->dl, doc->file, line, col, "%s", msg ? msg : fmt);
	free(msg);
}

void
jpos_report(struct jdoc *doc, const char *path, int at_key, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(doc, 0, path, at_key, fmt, ap);
	va_end(ap);
	doc->errors++;
}

void
jpos_warn(struct jdoc *doc, const char *path, int at_key, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(doc, 1, path, at_key, fmt, ap);
	va_end(ap);
}

char *
jpos_escape(const char *key)
{
	char *out = xmalloc(2 * strlen(key) + 1), *o = out;

	for (; *key; key++) {
		if (strchr(".[]\\", *key))
			*o++ = '\\';
		*o++ = *key;
	}
	*o = '\0';
	return out;
}
