/*
 * replan.h - keeping stored plans in step with the plan's rules: when
 * the next lesson is due, and the date the calendar shows for each day.
 *
 * A day's stored date (task.date) changes only with its SEQUENCE, so a
 * calendar app that already has the event takes the new date.  Days
 * already queued keep their dates: only the later ones move.
 */
#ifndef REFREADY_REPLAN_H
#define REFREADY_REPLAN_H

#include <stddef.h>
#include <time.h>

#include "db.h"
#include "enrollment.h"

/*
 * Puts the configuration's skipped dates (US holidays if us, and the
 * checked ranges of dates) in force for every plan from now on
 * (enrollment_plan); plans already stored move at the next scheduler
 * pass (replan_if_changed).
 */
void	replan_use_skips(int us, char *const *dates, size_t n);
/* the set in force; NULL before replan_use_skips */
const struct hol_set *replan_skips(void);

/*
 * Recomputes e's next due time and the dates of its days from next_day
 * on, raising the SEQUENCE of each day whose date moved.  Caller holds a
 * write transaction.  0 or -1.
 */
int	replan(struct db *, struct enrollment *, time_t now);

/*
 * When the configuration's skipped dates in force differ from those the
 * stored plans were made with, replans every open plan in one
 * transaction (first filling in the dates of days queued before dates
 * were kept).  The number replanned, 0 when nothing changed, or -1.
 */
long	replan_if_changed(struct db *, time_t now);

#endif
