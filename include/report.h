/*
 * report.h - how a cohort is doing (SPEC section 6): the funnel from
 * registration to enrollment, where its members stand in the plan, their
 * emails, their done marks by plan day, their scorecard before and after,
 * and who is falling behind.
 *
 * report_build reads everything once into struct report; report_fmt.c
 * writes it as text, CSV, JSON or HTML.  "now" is passed in, so a report
 * for a given database and clock is always the same.
 */
#ifndef REFREADY_REPORT_H
#define REFREADY_REPORT_H

#include <stddef.h>
#include <time.h>

#include "cohort.h"
#include "curriculum.h"
#include "db.h"

/*
 * Falling behind: an active member on plan day BEHIND_DAYS + 1 or later
 * with no done mark on any of the BEHIND_DAYS plan days before today's.
 */
#define REPORT_BEHIND_DAYS	3

struct report_person {
	long long	 person_id;
	long long	 enrollment_id;		/* 0: not enrolled */
	char		*email;
	char		*name;
	int		 registered;		/* on an imported list */
	time_t		 registered_at;		/* 0: not known */
	int		 late;			/* registered after it began */
	int		 attended;		/* -1 no record, 0, 1 */
	long		 minutes;
	time_t		 first_join;		/* 0: none */
	time_t		 last_leave;
	char		 state[16];		/* "" if not enrolled */
	/* enrollment_paused_until: 0, 1 until resumed, 2 until the date */
	int		 paused;
	struct date	 paused_until;		/* the first day back */
	struct date	 start;
	int		 plan_day;
	unsigned char	 done[CUR_DAYS];
	int		 ndone;
	int		 last_done;	/* latest done day before today's */
	int		 sent, failed, skipped;
	int		 attempts;
	int		 base_index, last_index;	/* -1: no attempt */
	char		*band;				/* latest; NULL */
	double		*base_cat, *last_cat;	/* per category; -1 none */
	int		 behind;
};

struct report_category {
	const char	*id;
	const char	*title;
	double		 baseline, latest;	/* means 0-100; -1 none */
	long		 nbaseline, nlatest;
};

struct report_band {
	char	*name;
	long	 people;
};

struct report {
	struct cohort			 cohort;
	time_t				 now;
	struct report_person		*people;	/* by person id */
	size_t				 npeople;
	/* the funnel */
	long				 registered, attended, not_attended;
	long				 late, walk_ins, enrolled;
	double				 attended_rate, enrolled_rate;
	/* the latest enrollment of each member */
	long				 active, paused, unsubscribed;
	long				 bounced, complained;
	long				 completed, unenrolled;
	long				 sent, failed, skipped;
	/* among members still in the plan who reached each day */
	long				 done_by_day[CUR_DAYS];
	long				 reached_by_day[CUR_DAYS];
	double				 completion_by_day[CUR_DAYS];
	double				 completion;	/* all days */
	/* first and latest scorecard attempt of each member */
	struct report_category		*categories;
	size_t				 ncategories;
	long				 scored, retaken;
	double				 index_baseline, index_latest;
	struct report_band		*bands;
	size_t				 nbands;
	long				 behind;
};

/*
 * Reads cohort c's report at now; the curriculum gives the scorecard's
 * categories and bands, and must outlive the report (the categories
 * point at its names).  0, or -1 on a database failure (logged).
 * Release with report_free either way.
 */
int	report_build(struct db *, const struct curriculum *,
	    const struct cohort *c, time_t now, struct report *);
void	report_free(struct report *);

/* a share as a percentage with one decimal; 0 when of is 0 */
double	report_rate(long part, long of);

#endif
