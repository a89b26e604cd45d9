/*
 * cohort_json.h - cohorts as JSON: the list with each one's counts, and
 * what an import did.  `cohort list --json` and `cohort import --json`
 * print these, and the API answers them, so both say the same.
 */
#ifndef REFREADY_COHORT_JSON_H
#define REFREADY_COHORT_JSON_H

#include <jansson.h>

#include "cohort.h"
#include "cohort_csv.h"
#include "cohort_store.h"
#include "db.h"

/*
 * Every cohort, oldest webinar first: name, webinar (UTC, RFC 3339),
 * webinar_local ("2026-11-20 12:00 America/New_York"), start,
 * skip_dates (or null) and the counts of cohort show.  A new reference,
 * or NULL after a database failure (logged).
 */
json_t	*cohort_json_list(struct db *);

/*
 * An import of csv into cohort c: the rows and people read, host rows
 * skipped, people added, updated and unchanged (or that would be, with
 * dry_run), and each rejected row and each warning with its line.
 */
json_t	*cohort_json_import(const struct cohort *c,
	    const struct cohort_csv *csv, const struct cohort_import_counts *,
	    int dry_run);

#endif
