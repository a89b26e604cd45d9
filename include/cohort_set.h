/*
 * cohort_set.h - the people of one import, merged from its rows, pure.
 *
 * A person who joined the webinar three times is three rows and one
 * person: the minutes added up, the first join and the last leave, each
 * join kept under a key that is the same when the file is imported again.
 * Addresses are compared ignoring case.
 */
#ifndef REFREADY_COHORT_SET_H
#define REFREADY_COHORT_SET_H

#include <stddef.h>
#include <time.h>

#include "cohort.h"

/* one join of the webinar (or the one no-show record) */
struct cohort_join {
	char	key[COHORT_KEY_MAX];	/* stable within an export */
	int	attended;
	time_t	join_at;		/* 0: not known */
	time_t	leave_at;
	long	minutes;
};

/* one person, merged from all of their rows */
struct cohort_person {
	char			*email;
	char			*name;		/* the first one given, or "" */
	char			*tz;		/* NULL if none */
	time_t			 registered_at;	/* the earliest; 0 if none */
	int			 attended;	/* -1 not said, 0, 1 */
	long			 minutes;	/* over the attended joins */
	time_t			 first_join;	/* 0 if none */
	time_t			 last_leave;
	int			 line;		/* where first seen */
	struct cohort_join	*joins;
	size_t			 njoins;
	size_t			 nkeyless;	/* joins without a join time */
	int			 skip;		/* the caller's: not imported */
};

/* people by address (compared ignoring case), in first-seen order */
struct cohort_set {
	struct cohort_person	*v;
	size_t			 n;
	size_t			 cap;
	size_t			*slots;		/* hash of indexes + 1 */
	size_t			 nslots;
};

void	cohort_set_init(struct cohort_set *);
void	cohort_set_free(struct cohort_set *);
/* adds row, seen at line, to its person (new or found) */
void	cohort_set_add(struct cohort_set *, const struct cohort_row *,
	    int line);
/* the person with email, or NULL */
const struct cohort_person *cohort_set_find(const struct cohort_set *,
	    const char *email);

#endif
