/*
 * score_page.h - the scorecard's web pages as HTML fragments: the form
 * and the result.  The HTTP layer wraps them in the page shell (with
 * score_page_css in its <style>) and answers the request.
 *
 * Plain HTML and CSS: no script, readable on a phone, every value that
 * comes from the curriculum, the person or the request escaped.  Each
 * fragment starts with an <h1>.
 */
#ifndef REFREADY_SCORE_PAGE_H
#define REFREADY_SCORE_PAGE_H

#include "buf.h"
#include "curriculum.h"
#include "score_store.h"
#include "scorecard.h"

/* the CSS the fragments need; every class starts with "sc-" */
extern const char score_page_css[];

/*
 * The form: every category with its statements, the 0-4 scale as radio
 * buttons with their labels, N/A where the item allows it.  It posts to
 * action_url; each item is the field named by its id, "0" to "4" or
 * "na".  prev (score_nitems answers, or NULL) checks the answers given
 * before: the last attempt's, or the ones just submitted when the form
 * comes back with problems.  problems (or NULL) are listed at the top
 * and each is marked beside its item.
 */
void	score_page_form(struct buf *, const struct cur_scorecard *,
	    const char *action_url, const int *prev,
	    const struct score_problems *problems);

/*
 * The result of the latest attempt beside the first: the index as a big
 * number with its band and the band's advice, the change since the first
 * attempt, the gate items not met, an SVG bar chart and a table of the
 * category scores, and the three weakest categories with the plan days
 * (numbers and titles) that address them.  count is how many attempts
 * there are (1: first and latest are the same one).  Dates are shown in
 * zone tz (NULL: UTC).  form_url (or NULL) links to the form to take
 * the scorecard again.
 */
void	score_page_result(struct buf *, const struct curriculum *,
	    const struct score_attempt *first,
	    const struct score_attempt *latest, int count, const char *tz,
	    const char *form_url);

#endif
