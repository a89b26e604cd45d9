/*
 * cohort_csv.h - reading a webinar platform's CSV export (libcsv) into
 * people, pure: bytes in, people and rejected rows out.
 *
 * The bytes may come in chunks of any size.  A UTF-8 byte-order mark,
 * CRLF line ends, and quoted fields holding commas, quotes and line
 * breaks all work.  Line numbers are physical lines of the file (a field
 * with two line breaks in it moves the next row down by two), so an
 * operator can find a rejected row in an editor.
 *
 * Exports often begin with a preamble (Zoom's "Attendee Report", the
 * topic, the host), and may hold several sections, each with its own
 * header row.  A header row is one with an email column and no address in
 * it; rows before the first are preamble.  A row of one cell is a section
 * title, and the rows of a "Host" or "Panelist" section are not attendees
 * and are skipped.  After the first header, another is looked for only at
 * the top of a section (after a blank line, a row of empty cells or a
 * title): anywhere else a row is data, so a registrant whose first name is
 * "Email" is a person, not new column names for the rest of the file.
 */
#ifndef REFREADY_COHORT_CSV_H
#define REFREADY_COHORT_CSV_H

#include <stddef.h>

#include "cohort.h"
#include "cohort_set.h"

#define COHORT_CSV_MAX_FIELDS	256
#define COHORT_CSV_MAX_FIELD	(64 * 1024)

struct cohort_reject {
	int	 line;
	char	*why;
};

struct cohort_csv_state;

struct cohort_csv {
	const char		*zone;		/* times without an offset */
	struct cohort_set	 people;
	struct cohort_reject	*rejects;
	size_t			 nrejects;
	struct cohort_reject	*warnings;	/* rows kept all the same */
	size_t			 nwarnings;
	long			 rows;		/* data rows read */
	long			 skipped;	/* host and panelist rows */
	int			 header_line;	/* 0: none yet */
	int			 col[COHORT_NCOLS];	/* -1: absent */
	int			 lines;		/* physical lines read */
	/* set when the input is not a CSV export: import nothing */
	char			*error;
	struct cohort_csv_state	*st;
};

/* zone must outlive c */
void	cohort_csv_init(struct cohort_csv *, const char *zone);
/* 0, or -1 once c->error is set (the rest of the input is ignored) */
int	cohort_csv_feed(struct cohort_csv *, const void *data, size_t len);
/* the end of the input; 0, or -1 with c->error set */
int	cohort_csv_end(struct cohort_csv *);
void	cohort_csv_free(struct cohort_csv *);

#endif
