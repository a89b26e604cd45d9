/*
 * followon.h - the twelve weeks after the plan, as policy: pure
 * functions of their arguments (no database, no clock, no files), so
 * that the email, the calendar, the page, `status` and `preview` all
 * work a week out the same way.
 *
 * The rules:
 *
 *  - Week 1 is due at the person's next send time after they opt in
 *    (today when it is still ahead, else tomorrow: the rule a new
 *    enrollment's Day 1 follows); week N falls 7 * (N - 1) days after
 *    week 1's local date, at the send time.
 *  - A week takes its category from the person's scorecard attempt that
 *    was latest when the week fell due: its three weakest categories in
 *    turn (week 1 the weakest, week 2 the second, week 3 the third,
 *    week 4 the weakest again), and fewer when fewer are weak.  A week
 *    not yet due takes the latest attempt, so a retake in week 6 changes
 *    weeks 7 to 12 and no week already sent.  Fixing the attempt at the
 *    due time, not at the moment the message happens to be built, means
 *    a retried or rebuilt week is the same week, and the calendar, the
 *    page and the email agree.
 *  - With no attempt, or no weak category (all at 100), the weeks go
 *    through the scorecard's categories in order.
 *  - The task rotates: the Nth time round the weak categories takes each
 *    one's Nth task, so the three categories with four tasks each give
 *    twelve different weeks.
 *  - Weeks 6 and 12 ask for a scorecard retake.
 */
#ifndef REFREADY_FOLLOWON_H
#define REFREADY_FOLLOWON_H

#include <stddef.h>
#include <time.h>

#include "clock.h"
#include "scorecard.h"

#define FOLLOWON_WEEKS	12

/* 1 for the weeks that ask for a scorecard retake (6 and 12) */
int	followon_retake(int week);

/*
 * The category (an index into the scorecard's) for week 1..12, from the
 * weakest categories of the attempt in force (nweakest 0 to 3).
 */
size_t	followon_category(const size_t *weakest, size_t nweakest,
	    size_t ncategories, int week);

/* which of the category's ntasks (at least 1) week takes */
size_t	followon_task(size_t nweakest, size_t ncategories, size_t ntasks,
	    int week);

/* the local date of week, from week 1's */
struct date followon_week_date(struct date first, int week);

/*
 * The statements of category c that v scored lowest, below 4 (N/A and
 * unanswered ones left out), as indexes into the category's items;
 * ties are all given, in the scorecard's order.  Returns how many (at
 * most max); 0 when every answered statement is at 4.
 */
size_t	followon_lowest(const struct cur_scorecard *, const int *v, size_t c,
	    size_t *items, size_t max);

/* one scorecard attempt as the weeks read it */
struct followon_attempt {
	time_t	 taken_at;
	size_t	 weakest[SCORE_WEAKEST];
	size_t	 nweakest;
};

/* one week as worked out at some moment */
struct followon_week {
	int	 week;
	time_t	 due_at;
	long	 attempt;	/* into the attempts, or -1: none */
	size_t	 category;
	size_t	 task;
	int	 sequence;	/* times its category or task changed */
	time_t	 modified_at;	/* when it last did, or the opt-in */
};

/*
 * Works out week (1..12), due at due_at, for someone who opted in at
 * opted_in_at and has the attempts given (oldest first) at now.
 * ntasks gives each category's number of tasks.  The attempt in force
 * is the latest taken by due_at (or by now, for a week still ahead);
 * each attempt after the opt-in that changed the week's category or
 * task raises its sequence, as a calendar needs.
 */
void	followon_week_at(const struct followon_attempt *, size_t nattempts,
	    size_t ncategories, const size_t *ntasks, time_t opted_in_at,
	    time_t due_at, time_t now, int week, struct followon_week *);

#endif
