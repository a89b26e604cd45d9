/*
 * diag.c - the diagnostic list of diag.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "util.h"

static void	vadd(struct diag_list *, int, const char *, int, int,
		    const char *, va_list)
		    __attribute__((format(printf, 6, 0)));

static void
vadd(struct diag_list *dl, int warning, const char *file, int line, int col,
    const char *fmt, va_list ap)
{
	struct diag *d;

	if (dl->n == dl->cap) {
		dl->cap = dl->cap ? dl->cap * 2 : 8;
		dl->v = xreallocarray(dl->v, dl->cap, sizeof(*dl->v));
	}
	d = &dl->v[dl->n++];
	d->file = xstrdup(file);
	d->line = line;
	d->col = col;
	d->warning = warning;
	if (vasprintf(&d->msg, fmt, ap) < 0)
		d->msg = NULL;
	if (d->msg == NULL)
		d->msg = xstrdup("out of memory");
}

void
diag_add(struct diag_list *dl, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(dl, 0, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_warn(struct diag_list *dl, const char *file, int line, int col,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(dl, 1, file, line, col, fmt, ap);
	va_end(ap);
}

size_t
diag_errors(const struct diag_list *dl)
{
	size_t i, n = 0;

	for (i = 0; i < dl->n; i++)
		n += !dl->v[i].warning;
	return n;
}

/* messages quote the file's own values: escaped as the log's lines are */
void
diag_print(const struct diag_list *dl, FILE *fp, const char *prefix)
{
	size_t i;

	for (i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->v[i];
		char *file = xstrdup_escaped(d->file);
		char *msg = xstrdup_escaped(d->msg);
		const char *w = d->warning ? "warning: " : "";

		if (d->line > 0 && d->col > 0)
			fprintf(fp, "%s%s:%d:%d: %s%s\n", prefix, file,
			    d->line, d->col, w, msg);
		else if (d->line > 0)
			fprintf(fp, "%s%s:%d: %s%s\n", prefix, file, d->line,
			    w, msg);
		else
			fprintf(fp, "%s%s: %s%s\n", prefix, file, w, msg);
		free(msg);
		free(file);
	}
}

void
diag_free(struct diag_list *dl)
{
	size_t i;

	for (i = 0; i < dl->n; i++) {
		free(dl->v[i].file);
		free(dl->v[i].msg);
	}
	free(dl->v);
	dl->v = NULL;
	dl->n = dl->cap = 0;
}
