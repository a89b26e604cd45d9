/*
 * diag.c - the diagnostic list of diag.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "util.h"

void
diag_add(struct diag_list *dl, const char *file, int line, int col,
    const char *fmt, ...)
{
	struct diag *d;
	va_list ap;

	if (dl->n == dl->cap) {
		dl->cap = dl->cap ? dl->cap * 2 : 8;
		dl->v = xreallocarray(dl->v, dl->cap, sizeof(*dl->v));
	}
	d = &dl->v[dl->n++];
	d->file = xstrdup(file);
	d->line = line;
	d->col = col;
	va_start(ap, fmt);
	if (vasprintf(&d->msg, fmt, ap) < 0)
		d->msg = NULL;
	va_end(ap);
	if (d->msg == NULL)
		d->msg = xstrdup("out of memory");
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

		if (d->line > 0 && d->col > 0)
			fprintf(fp, "%s%s:%d:%d: %s\n", prefix, file,
			    d->line, d->col, msg);
		else if (d->line > 0)
			fprintf(fp, "%s%s:%d: %s\n", prefix, file, d->line,
			    msg);
		else
			fprintf(fp, "%s%s: %s\n", prefix, file, msg);
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
