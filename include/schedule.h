/*
 * schedule.h - plan-day dates and due times (SPEC section 5), pure.
 *
 * Day N is the N-th usable local date from the start date: every date
 * with daily pacing, Monday to Friday with weekday pacing, and never a
 * date inside a pause or a skipped one (a holiday, an operator's date).
 * So pausing shifts every remaining day, emails and calendar alike, by
 * the paused days.  Days already queued keep the dates they were sent
 * on, whatever the rules say now: only the later ones move.  Nothing
 * here reads the clock.
 */
#ifndef REFREADY_SCHEDULE_H
#define REFREADY_SCHEDULE_H

#include <stddef.h>
#include <time.h>

#include "clock.h"
#include "holiday.h"

/*
 * a paused span of local dates: [from, until), or from onwards if open;
 * resumed marks one a resume ended early, which the dates treat alike
 */
struct sched_pause {
	struct date	from;
	struct date	until;
	int		open;
	int		resumed;
};

struct sched_plan {
	struct date			 start;
	int				 weekdays;	/* else daily */
	const struct sched_pause	*pauses;
	size_t				 npauses;
	/* skipped dates: the configuration's, the cohort's (NULL: none) */
	const struct hol_set		*skip[2];
	/* days 1..nfixed are queued: their dates, in order, never move */
	const struct date		*fixed;
	int				 nfixed;
};

/*
 * The local date of plan day (1-30).  Returns 0, or -1 when the day falls
 * inside or after an open pause (it has no date yet).
 */
int	sched_day_date(const struct sched_plan *, int day, struct date *out);

/* the UTC instant day is due: send_minutes past midnight in zone */
int	sched_due(const struct sched_plan *, const char *zone,
	    int send_minutes, int day, time_t *out);

/*
 * The plan day a person is on at local date today: the last day whose
 * date is on or before today (0 before the first, at most ndays).
 */
int	sched_day_on(const struct sched_plan *, struct date today, int ndays);

#endif
