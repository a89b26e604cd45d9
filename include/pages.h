/*
 * pages.h - what every page of the daemon shares: the HTML shell,
 * escaping, the common answers (404, 405, 500, a plain text) and reading
 * a posted form.  Below every page's file (pages_person.c, pages_plan.c,
 * pages_settings.c, score_page.c...) and the route table (routes.c).
 *
 * A GET or HEAD never changes anything: mail scanners open every link in
 * a message.  Unknown routes and tokens are 404 with no hint, a wrong
 * method 405, a malformed form 400.
 */
#ifndef REFREADY_PAGES_H
#define REFREADY_PAGES_H

#include "buf.h"
#include "http.h"

/*
 * The page shell every HTML answer shares: a doctype, a viewport for
 * phones, the style sheet and a title (escaped).  extra_css may be NULL.
 */
void	pages_open(struct buf *, const char *title, const char *extra_css);
void	pages_close(struct buf *);

/* appends s escaped for HTML text or an attribute value */
void	pages_esc(struct buf *, const char *s);

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
struct form;
int	pages_read_form(const struct http_req *, struct http_resp *,
	    struct form *f);

#endif
