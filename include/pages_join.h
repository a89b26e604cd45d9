/*
 * pages_join.h - the public signup (pages_join.c): the form at /join and
 * /join/NAME, and the confirmation link /confirm/TOKEN.
 */
#ifndef REFREADY_PAGES_JOIN_H
#define REFREADY_PAGES_JOIN_H

#include "http.h"

struct app;

void	pages_join(struct app *, const struct http_req *,
	    struct http_resp *, const char *name);
void	pages_confirm(struct app *, const struct http_req *,
	    struct http_resp *, const char *tok);

#endif
