/*
 * pages_plan.h - the participant changing their plan from the personal
 * page: POST /p/TOKEN/settings (send_at, tz), /pause (days) and /resume,
 * answered 303 back to the page or 422 with the problems marked.
 *
 * Handlers for routes.c's table: app is a struct app, tok a token-shaped
 * path word.
 */
#ifndef REFREADY_PAGES_PLAN_H
#define REFREADY_PAGES_PLAN_H

#include "http.h"

struct app;

void	pages_plan_settings(struct app *, const struct http_req *,
	    struct http_resp *, const char *tok);
void	pages_plan_pause(struct app *, const struct http_req *,
	    struct http_resp *, const char *tok);
void	pages_plan_resume(struct app *, const struct http_req *,
	    struct http_resp *, const char *tok);
void	pages_plan_followon(struct app *, const struct http_req *,
	    struct http_resp *, const char *tok);

#endif
