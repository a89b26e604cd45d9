/*
 * pages_person.h - the participant's own pages: the personal page, its
 * done buttons, and the scorecard's form and result.
 *
 * Handlers for routes.c's table: app is a struct app, tok a token-shaped
 * path word; each fills in the answer.
 */
#ifndef REFREADY_PAGES_PERSON_H
#define REFREADY_PAGES_PERSON_H

#include "http.h"
#include "pages_settings.h"

struct app;

/* GET /p/TOKEN */
void	pages_person(struct app *, const struct http_req *,
	    struct http_resp *, const char *tok);
/* POST /p/TOKEN/days/N */
void	pages_mark_day(struct app *, const struct http_req *,
	    struct http_resp *, const char *tok, const char *day);
/* GET and POST /p/TOKEN/scorecard */
void	pages_scorecard(struct app *, const struct http_req *,
	    struct http_resp *, const char *tok);

/*
 * The personal page of tok, answered with status; in (NULL for a GET)
 * is a settings POST shown again, which also means the document is one
 * level below the page, so the page's forms say "../".
 */
void	pages_person_show(struct app *, struct http_resp *, const char *tok,
	    const struct pages_settings *in, int status);

#endif
