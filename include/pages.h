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

#include <time.h>

#include "buf.h"
#include "http.h"

void	pages_handle(void *app, const struct http_req *, struct http_resp *);
/* http_limits.body_max: the API's CSV import takes more than a form */
size_t	pages_body_max(const char *method, const char *path);

/*
 * The page shell every HTML answer shares: a doctype, a viewport for
 * phones, the style sheet and a title (escaped).  extra_css may be NULL.
 */
void	pages_open(struct buf *, const char *title, const char *extra_css);
void	pages_close(struct buf *);

/* appends s escaped for HTML text or an attribute value */
void	pages_esc(struct buf *, const char *s);

/*
 * For the route files (pages.c, pages_person.c, pages_settings.c),
 * which pages.c's route table names.  app is a struct app,
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

void	pages_settings(struct app *, const struct http_req *,
	    struct http_resp *, const char *tok);
void	pages_pause(struct app *, const struct http_req *,
	    struct http_resp *, const char *tok);
void	pages_resume(struct app *, const struct http_req *,
	    struct http_resp *, const char *tok);

/*
 * What a settings POST sent and what was wrong with it, to show the
 * page again (422) with the problems marked.  A NULL value shows what
 * is stored; PS_OTHER's problem is a refusal that is no field's.
 */
enum { PS_SEND_AT, PS_TZ, PS_DAYS, PS_OTHER, PS_NFIELDS };
struct pages_settings {
	const char	*value[PS_NFIELDS];
	const char	*problem[PS_NFIELDS];
};
/* 1 when in holds a problem */
int	pages_settings_bad(const struct pages_settings *in);

/*
 * The personal page of tok, answered with status; in (NULL for a GET)
 * is a settings POST shown again, which also means the document is one
 * level below the page, so the page's forms say "../".
 */
void	pages_person_show(struct app *, struct http_resp *, const char *tok,
	    const struct pages_settings *in, int status);

/*
 * The "Your settings" section (pages_settings.c): send time and zone,
 * pause or resume, for a plan that still has lessons to send.  up and
 * tok make the forms' relative actions (see pages_person_show).
 */
struct enrollment;
extern const char pages_settings_css[];
void	pages_settings_section(struct buf *, const struct app *,
	    const struct enrollment *, time_t now, const char *up,
	    const char *tok, const struct pages_settings *in);

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
