/*
 * cohort.h - webinar cohorts, the pure part: a cohort's webinar time and
 * plan start, and the mapping of webinar-platform CSV rows to people
 * (SPEC section 6).
 *
 * Nothing here reads a file, the clock or the database.  cohort_csv.c
 * turns bytes into rows of cells; this module turns a header row into
 * columns and a data row into one struct cohort_row (or a reason to
 * reject it); cohort_set.c merges the rows into people, and
 * cohort_store.c writes the people to the database.
 */
#ifndef REFREADY_COHORT_H
#define REFREADY_COHORT_H

#include <stddef.h>
#include <time.h>

#include "clock.h"

#define COHORT_NAME_MAX		100	/* characters */
#define COHORT_PERSON_NAME_MAX	200	/* characters, as enroll allows */
#define COHORT_ZONE_MAX		64
#define COHORT_KEY_MAX		40	/* an attendance session key */
#define COHORT_MAX_MINUTES	(7 * 24 * 60)

/* a cohort: one webinar and the plan start of the people from it */
struct cohort {
	long long	 id;
	char		*name;
	time_t		 webinar_at;
	char		*webinar_tz;
	struct date	 start;		/* the plan's day 1, a local date */
	time_t		 created_at;
	char		*skip_dates;	/* its members' own; NULL: none */
	/* the webinar as registrants see it (cohort_webinar.h); NULL: none */
	char		*title;
	char		*join_url;
	char		*replay_url;
	/* its calendar event's SEQUENCE and LAST-MODIFIED (0: created_at) */
	int		 sequence;
	time_t		 modified_at;
};

void	cohort_free(struct cohort *);
/* dst becomes a copy of src, with strings of its own */
void	cohort_copy(struct cohort *dst, const struct cohort *src);

/*
 * A cohort name: 1 to COHORT_NAME_MAX characters of UTF-8, no control
 * characters, not only spaces.  1 if valid.
 */
int	cohort_name_valid(const char *);

/*
 * "YYYY-MM-DD HH:MM ZONE" (one or more spaces between) into the local
 * date, minutes after midnight and zone name (zone must be known).
 * 0 on success, -1 if malformed or the zone is unknown.
 */
int	cohort_parse_webinar(const char *, struct date *, int *minutes,
	    char zone[COHORT_ZONE_MAX]);

/* the webinar's local date and minutes after midnight in its own zone */
void	cohort_webinar_local(const struct cohort *, struct date *,
	    int *minutes);
/* "2026-11-20 12:00 America/New_York"; long: "Friday, November 20, ..." */
void	cohort_webinar_str(const struct cohort *, int long_form, char *out,
	    size_t n);

/* the plan start for a webinar on local date d: the next Monday after */
struct date cohort_default_start(struct date d);

/*
 * The late-join policy.  A person joining a cohort at now starts on the
 * cohort's start date if their day 1 there (send_minutes local time in
 * zone) is still ahead; otherwise on their own day 1: the next send time.
 * 0, or -1 if zone is unknown.
 */
int	cohort_start_for(const struct cohort *, const char *zone,
	    int send_minutes, time_t now, struct date *out);

/* the columns a webinar export may have */
enum cohort_col {
	COHORT_COL_EMAIL,
	COHORT_COL_FIRST,
	COHORT_COL_LAST,
	COHORT_COL_NAME,
	COHORT_COL_REGISTERED,
	COHORT_COL_ATTENDED,
	COHORT_COL_JOIN,
	COHORT_COL_LEAVE,
	COHORT_COL_MINUTES,
	COHORT_COL_TZ,
	COHORT_NCOLS
};

/* the column's name as it appears in messages ("Join Time") */
const char	*cohort_col_name(enum cohort_col);

/*
 * The column a header cell names, compared ignoring case, spaces and
 * punctuation ("E-mail Address", "Time in Session (minutes)"); -1 if it
 * names none of them.
 */
int	cohort_header_col(const char *cell);

/*
 * A time from an export, in ISO 8601 ("2026-11-20T11:58:01Z",
 * "2026-11-20 11:58:01", with or without an offset or seconds) or a
 * platform's own form ("11/20/2026 11:58:01 AM", "Nov 20, 2026 11:58 AM",
 * "November 20, 2026 11:58:01").  A time without an offset is read in
 * zone.  0 on success, -1 if malformed.
 */
int	cohort_parse_time(const char *, const char *zone, time_t *out);

/* one data row, mapped */
struct cohort_row {
	char	*email;		/* trimmed; never NULL once mapped */
	char	*name;		/* "" if none; one line */
	char	*tz;		/* NULL if none */
	time_t	 registered_at;	/* 0: not given */
	int	 attended;	/* -1 not said, 0 no, 1 yes */
	time_t	 join_at;	/* 0: not given */
	time_t	 leave_at;	/* 0: not given */
	long	 minutes;	/* -1: not given */
	/* a cell that did not cost the row (a bad time zone), or NULL */
	char	*warning;
};

/*
 * Maps the cells of a data row.  col[c] is the index of column c in
 * cells, or -1 if the file has none.  Returns 0 with out filled (release
 * with cohort_row_free), or -1 with *why set to the reason the row is
 * rejected (caller frees).
 */
int	cohort_map_row(const int col[COHORT_NCOLS], char *const *cells,
	    size_t ncells, const char *zone, struct cohort_row *out,
	    char **why);
void	cohort_row_free(struct cohort_row *);

#endif
