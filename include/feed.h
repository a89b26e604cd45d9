/*
 * feed.h - a participant's calendar (SPEC section 5), built with libical:
 * one all-day VEVENT per dated plan day, optionally a VTODO each.
 *
 * Everything that identifies or dates an item comes from data: UIDs from
 * (enrollment, day), SEQUENCE and LAST-MODIFIED from the task row, which
 * changes only when the item does (a done mark, a date moved by a pause),
 * so the bytes, and the ETag derived from them, stay the same between
 * changes.
 */
#ifndef REFREADY_FEED_H
#define REFREADY_FEED_H

#include <time.h>

#include "curriculum.h"
#include "enrollment.h"

struct feed_day {
	int	done;
	time_t	done_at;
	int	sequence;
	time_t	modified_at;	/* 0: never changed */
};

/*
 * The twelve weeks after the plan, for someone who opted in: each
 * week's task as an all-day event on the week's first day.  The strings
 * are the curriculum's.
 */
struct feed_week {
	int		 week;
	struct date	 date;
	const char	*task;
	const char	*category;
	int		 sequence;
	time_t		 modified_at;
};

struct feed_weeks {
	struct feed_week	 w[12];
	int			 n;
};

/*
 * e's weeks at now (n 0 when they did not opt in); 0, or -1 on a
 * database failure.  Once mail to them has stopped, only the weeks
 * already sent are kept.
 */
int	feed_weeks(struct db *, const struct curriculum *,
	    const struct enrollment *, time_t now, struct feed_weeks *);

/*
 * The iCalendar text (CRLF, folded) for e; caller frees.  page_url goes
 * into each item; todos adds VTODOs for task apps; fw (or NULL) adds
 * the weeks after the plan.
 */
char	*feed_build(const struct curriculum *, const struct enrollment *,
	    const struct feed_day days[CUR_DAYS], const struct feed_weeks *fw,
	    const char *page_url, const char *domain, int todos);

/*
 * The whole feed for e as the daemon serves it and `refready feed` prints
 * it (the same bytes): its tasks read from db, its page link derived from
 * key.  NULL on a database failure; caller frees.
 */
char	*feed_for(struct db *, const struct curriculum *,
	    const struct enrollment *, const char *base_url,
	    const unsigned char key[TOKEN_SECRET_LEN], time_t now, int todos);

/* feed_for's second half: the feed from task rows already read */
char	*feed_render(const struct curriculum *, const struct enrollment *,
	    const struct feed_day days[CUR_DAYS], const struct feed_weeks *fw,
	    const char *base_url, const unsigned char key[TOKEN_SECRET_LEN],
	    int todos);

/*
 * A hash of every input of feed_render but the curriculum, which gen
 * stands for: equal hashes mean equal feeds (see feedcache.h).
 */
void	feed_inputs_hash(const struct enrollment *,
	    const struct feed_day days[CUR_DAYS], const struct feed_weeks *fw,
	    const char *base_url, unsigned gen, int todos,
	    unsigned char out[32]);

/* the task rows of enrollment id, for feed_build; 0 or -1 */
int	feed_days(struct db *, long long id, struct feed_day days[CUR_DAYS]);

/* a strong ETag for body: "\"" 32 hex digits "\"" */
void	feed_etag(const char *body, size_t len, char out[40]);

#endif
