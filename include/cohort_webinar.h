/*
 * cohort_webinar.h - what a registrant needs to join a cohort's webinar:
 * its title and its join and replay links.  The operator types them
 * (`cohort create|set --title --join-url --replay-url`), and they end up
 * in calendars and emails, so each is checked here first: a title is one
 * line of text, a link an absolute http(s) URL (read by libcurl's URL
 * parser), neither with control characters.  Pure: no database, no
 * network.
 */
#ifndef REFREADY_COHORT_WEBINAR_H
#define REFREADY_COHORT_WEBINAR_H

#include <jansson.h>

#include "buf.h"
#include "cohort.h"

#define COHORT_TITLE_MAX	200	/* characters */
#define COHORT_URL_MAX		2000	/* bytes, as browsers keep them */

/*
 * 0 if s is a good title (1 to COHORT_TITLE_MAX characters of UTF-8, no
 * control characters, not only spaces); else -1 with *why saying what
 * is wrong (static text).
 */
int	cohort_title_check(const char *s, const char **why);

/*
 * 0 if s is an absolute http:// or https:// URL with a host, at most
 * COHORT_URL_MAX bytes, with no spaces or control characters; else -1
 * with *why (static text).
 */
int	cohort_url_check(const char *s, const char **why);

/*
 * The link a registrant should follow now: the join link, or the replay
 * link when there is no join link; NULL when neither is set.
 */
const char	*cohort_webinar_link(const struct cohort *);

/*
 * Appends "PREFIXtitleCOLON  TITLE\n", "PREFIXjoinCOLON  URL\n" and
 * "PREFIXreplayCOLON  URL\n" for those set, escaped for a terminal, each
 * label and colon padded to width columns.
 */
void	cohort_webinar_text(struct buf *, const struct cohort *,
	    const char *prefix, const char *colon, int width);

/* sets "title", "join_url" and "replay_url" (null when unset) in o */
void	cohort_webinar_json(json_t *o, const struct cohort *);

#endif
