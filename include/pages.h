/*
 * pages.h - the daemon's routes (SPEC section 4): the calendar feed, the
 * personal page and its done buttons, unsubscribe, health and metrics.
 *
 * pages_handle is the http_handler the daemon installs; its argument is
 * the struct app.  A GET or HEAD never changes anything: mail scanners
 * open every link in a message.  Unknown routes and tokens are 404 with
 * no hint, a wrong method 405, a malformed form 400.
 */
#ifndef REFREADY_PAGES_H
#define REFREADY_PAGES_H

#include "buf.h"
#include "http.h"

void	pages_handle(void *app, const struct http_req *, struct http_resp *);

/*
 * The page shell every HTML answer shares: a doctype, a viewport for
 * phones, the style sheet and a title (escaped).  extra_css may be NULL.
 */
void	pages_open(struct buf *, const char *title, const char *extra_css);
void	pages_close(struct buf *);

/* appends s escaped for HTML text or an attribute value */
void	pages_esc(struct buf *, const char *s);

/*
 * For the route files (pages.c, pages_person.c).  app is a struct app,
 * tok a token-shaped path word; each handler fills in the answer.
 */
struct app;
struct form;
void	pages_person(struct app *, const struct http_req *,
	    struct http_resp *, const char *tok);
void	pages_mark_day(struct app *, const struct http_req *,
	    struct http_resp *, const char *tok, const char *day);
void	pages_scorecard(struct app *, const struct http_req *,
	    struct http_resp *, const char *tok);

/* a plain-text answer, and the common ones */
void	pages_plain(struct http_resp *, int status, const char *text);
void	pages_not_found(struct http_resp *);
/* 404 as a short page: this link is no longer valid, ask for a new one */
void	pages_link_gone(struct http_resp *);
void	pages_bad_method(struct http_resp *, const char *allow);
void	pages_server_error(struct http_resp *);
/* 1 if the request's method is method */
int	pages_is(const struct http_req *, const char *method);
/* a POSTed urlencoded form into f; -1 after answering 400 */
int	pages_read_form(const struct http_req *, struct http_resp *,
	    struct form *f);

#endif
