/*
 * form.c - strict decoding of urlencoded forms (see form.h).
 */
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "util.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* decodes s[0..len) ('+' is a space); NULL when malformed */
static char *
decode(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		int hi, lo;

		if (s[i] == '+') {
			out[o++] = ' ';
			continue;
		}
		if (s[i] != '%') {
			out[o++] = s[i];
			continue;
		}
		if (len - i < 3)
			goto bad;
		if ((hi = hexval((unsigned char)s[i + 1])) == -1 ||
		    (lo = hexval((unsigned char)s[i + 2])) == -1)
			goto bad;
		out[o++] = (char)(hi << 4 | lo);
		i += 2;
	}
	out[o] = '\0';
	/* a NUL or invalid UTF-8 is never a value a person typed */
	if (memchr(out, '\0', o) || !utf8_valid(out, o, NULL))
		goto bad;
	return out;
bad:
	free(out);
	return NULL;
}

int
form_parse(struct form *form, const char *s, size_t len)
{
	size_t i = 0;

	memset(form, 0, sizeof(*form));
	while (i < len) {
		const char *p = s + i, *amp, *eq;
		size_t plen;
		char *name, *value;

		amp = memchr(p, '&', len - i);
		plen = amp ? (size_t)(amp - p) : len - i;
		i += plen + 1;
		if (plen == 0)
			continue;	/* "a=1&&b=2" */
		eq = memchr(p, '=', plen);
		if (eq == NULL || eq == p || form->n == FORM_MAXFIELDS)
			goto bad;
		name = decode(p, (size_t)(eq - p));
		value = decode(eq + 1, plen - (size_t)(eq - p) - 1);
		if (name == NULL || value == NULL || form_get(form, name)) {
			free(name);
			free(value);
			goto bad;
		}
		form->f[form->n].name = name;
		form->f[form->n].value = value;
		form->n++;
	}
	return 0;
bad:
	form_free(form);
	return -1;
}

void
form_free(struct form *form)
{
	size_t i;

	for (i = 0; i < form->n; i++) {
		free(form->f[i].name);
		free(form->f[i].value);
	}
	form->n = 0;
}

const char *
form_get(const struct form *form, const char *name)
{
	size_t i;

	for (i = 0; i < form->n; i++)
		if (strcmp(form->f[i].name, name) == 0)
			return form->f[i].value;
	return NULL;
}

const char *
form_lookup(void *arg, const char *name)
{
	return form_get(arg, name);
}
