/*
 * routes.h - the daemon's routes (SPEC section 4): the calendar feeds,
 * the personal page and its forms, the scorecard, unsubscribe, health
 * and metrics, found in one table.
 *
 * routes_handle is the http_handler the daemon installs; its argument is
 * the struct app.
 */
#ifndef REFREADY_ROUTES_H
#define REFREADY_ROUTES_H

#include "http.h"

void	routes_handle(void *app, const struct http_req *, struct http_resp *);
/* http_limits.body_max: the API's CSV import takes more than a form */
size_t	routes_body_max(const char *method, const char *path);

#endif
