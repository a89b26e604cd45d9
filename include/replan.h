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

#include <time.h>

#include "db.h"
#include "enrollment.h"

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
