/*
 * cohort_feed.h - a cohort's calendar for its registrants (SPEC sections
 * 4 and 6), built with libical: the webinar as a timed event in its own
 * zone, with that zone's VTIMEZONE, and the plan's first day as an
 * all-day event.
 *
 * `refready cohort feed NAME` prints it and the daemon serves it at
 * GET /cohort/TOKEN.ics: the same bytes, since both call cohort_feed_for.
 * Nothing in it comes from the clock: UIDs come from the cohort's id,
 * DTSTAMP from when the cohort was created, so the bytes (and an ETag
 * made from them with feed_etag) change only when the cohort does.
 */
#ifndef REFREADY_COHORT_FEED_H
#define REFREADY_COHORT_FEED_H

#include <stddef.h>

#include "cohort.h"
#include "db.h"

#define COHORT_WEBINAR_MINUTES	60	/* the event's length */

/*
 * The iCalendar text (CRLF, folded) for c; domain goes into the UIDs,
 * program_title (NULL: a default) names the plan.  Caller frees.
 */
char	*cohort_feed_build(const struct cohort *, const char *domain,
	    const char *program_title);

/*
 * The cohort whose feed token is token[0..len) (the path segment before
 * ".ics"): 0 with *id set, 1 if no cohort has it (answer 404), -1 on a
 * database failure.  Text that cannot be a token costs no query.
 */
int	cohort_feed_lookup(struct db *, const char *token, size_t len,
	    long long *id);

/*
 * The feed of cohort id as served: UIDs carry base_url's host.  NULL if
 * there is no such cohort or the database failed (logged); caller frees.
 */
char	*cohort_feed_for(struct db *, long long id, const char *base_url,
	    const char *program_title);

#endif
