/*
 * report_paused.h - the cohort report's list of paused members and until
 * when (a date, or until someone resumes them), in the report's text,
 * JSON and HTML forms.  Pure: a struct report in, bytes out.
 */
#ifndef REFREADY_REPORT_PAUSED_H
#define REFREADY_REPORT_PAUSED_H

#include <jansson.h>

#include "buf.h"
#include "report.h"

/* appends the section "Paused ..." with one aligned line per member */
void	report_paused_text(struct buf *, const struct report *);
/* [{email, name, until: "YYYY-MM-DD" or null}]; caller decrefs */
json_t	*report_paused_json(const struct report *);
/* appends an h2 and a table (or a sentence when no one is paused) */
void	report_paused_html(struct buf *, const struct report *);

#endif
