/*
 * report_fmt.h - a cohort report written out (SPEC section 6): aligned
 * text for a terminal, CSV with one row per person, JSON (documented in
 * refready(8)), and one self-contained HTML page with SVG charts and no
 * scripts or outside files.  Pure: a struct report in, bytes out.
 */
#ifndef REFREADY_REPORT_FMT_H
#define REFREADY_REPORT_FMT_H

#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "report.h"

enum report_format {
	REPORT_TEXT,
	REPORT_CSV,
	REPORT_JSON,
	REPORT_HTML
};

#define REPORT_MAX	(256 * 1024 * 1024)	/* bytes of output */

/* "text", "csv", "json" or "html"; 0, or -1 for anything else */
int	report_fmt_parse(const char *, enum report_format *);

/* appends r in format to out; 0, or -1 when out's maximum is reached */
int	report_fmt_one(struct buf *out, const struct report *r,
	    enum report_format);

/* appends the n reports compared side by side */
int	report_fmt_all(struct buf *out, const struct report *v, size_t n,
	    enum report_format);

/* r as the JSON object refready(8) documents; caller decrefs */
json_t	*report_fmt_json(const struct report *r);

#endif
