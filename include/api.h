/*
 * api.h - the JSON API under /api/v1/ (issue 16, point 2), for a CRM or
 * an automation tool: enroll, read, pause, resume and unenroll people,
 * list cohorts, read a cohort's report and import a webinar export.
 *
 * Every request carries "Authorization: Bearer KEY", a key made with
 * `refready apikey create` (apikey.c); without one, or with a bad or
 * revoked one, the answer is the same 401.  Answers are JSON, errors
 * {"error": "..."} (with "field" when one field is at fault): 400 a
 * malformed body or the wrong Content-Type, 401, 404, 405 (with Allow),
 * 409 a change the person's state refuses (already enrolled, already
 * paused, on the suppression list), 413, 422 a bad field.
 *
 * Each endpoint calls the same functions as the command it mirrors
 * (enroll.c, enrollment.c, person_json.c, cohort_json.c, report.c), so
 * the API and the command line apply the same rules and say the same.
 */
#ifndef REFREADY_API_H
#define REFREADY_API_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "http.h"

/* the most bytes of CSV POST .../import takes: about 10,000 rows */
#define API_IMPORT_MAX	(1024 * 1024)

struct app;

/* 1 when path is the API's (starts "/api/") */
int	api_is(const char *path);
/* answers a request under /api/ */
void	api_handle(struct app *, const struct http_req *, struct http_resp *);
/* the body limit of a request under /api/ (see http_limits) */
size_t	api_body_max(const char *method, const char *path);

#endif
