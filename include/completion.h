/*
 * completion.h - the completion summary: one email at the send time of
 * the day after Day 30 (the plan's own rules: zone, pacing, skipped
 * dates), queued in the transaction that records Day 30's lesson.  It
 * says how many tasks were done, the longest streak of plan days done in
 * a row, the readiness index from baseline to latest with its band, the
 * three weakest categories and the plan days that build them, and offers
 * the 90 days after (the follow-on's opt-in on the personal page).
 */
#ifndef REFREADY_COMPLETION_H
#define REFREADY_COMPLETION_H

#include <time.h>

#include "curriculum.h"
#include "enrollment.h"
#include "kindctx.h"

/* pure: the longest run of consecutive plan days marked done */
int	completion_longest_streak(const int done[CUR_DAYS]);

/*
 * Pure: when e's summary is due: the send time of the plan day after
 * Day 30, or now when that has passed (or cannot be worked out).
 */
time_t	completion_due(const struct enrollment *e, time_t now);

/*
 * Queues e's summary (ledger ('completion', 1), due at completion_due)
 * inside the caller's write transaction; once only.  0 or -1.
 */
int	completion_queue(struct db *, const struct enrollment *e, time_t now);

/*
 * Fills the summary's fields for e (see kindctx.h): 0; -2 when the
 * database could not be read.  Without a database (a preview's sample
 * person), sample marks and answers stand in.
 */
int	completion_fill(const struct kind_ctx *, const struct enrollment *e,
	    int lkey, struct kind_vars *, const char **why);

#endif
