/*
 * catchup.h - the catch-up box: when a person has CATCHUP_MIN or more
 * open tasks on plan days before today's, today's lesson email (both
 * parts) and their page start with a short box naming the oldest open
 * ones, with a link to the page.  Nothing when they are up to date, and
 * no extra email ever.
 *
 * The marks come with the enrollment (done_before), so the box costs a
 * lesson no query; a person who is up to date costs a bit count.
 */
#ifndef REFREADY_CATCHUP_H
#define REFREADY_CATCHUP_H

#include "curriculum.h"
#include "enrollment.h"
#include "render.h"

#define CATCHUP_MIN	3

/*
 * Pure: the open tasks among days 1..day - 1 given their done marks (bit
 * day - 1): returns how many, with the oldest CATCHUP_MIN in out.
 */
int	catchup_oldest(unsigned done, int day, int out[CATCHUP_MIN]);

struct catchup {
	char	*text;
	char	*html;
};

/*
 * The box for a lesson of day whose earlier marks are done, linking
 * page_url: sets v's {{catch_up}} (text and HTML) when CATCHUP_MIN or
 * more are open, else leaves it empty.  Release with catchup_free.
 */
void	catchup_set(struct catchup *, const struct curriculum *,
	    unsigned done, int day, const char *page_url,
	    struct render_vars *v);
void	catchup_free(struct catchup *);

#endif
