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
/* 413 as the API says it, msg ending in a newline or not */
void	api_too_big(struct http_resp *, const char *msg);

/* ---- for the endpoint files (api_enroll.c, api_cohort.c) ---------------- */

/* one authenticated request */
struct api_call {
	struct app		*a;
	const struct http_req	*rq;
	struct http_resp	*rs;
	struct db		*db;		/* this thread's connection */
	time_t			 now;		/* the daemon's clock */
	const char		*word;		/* the EMAIL or NAME in the path */
	const char		*key;		/* the key's name, for the log */
};

/* o (taken over) as the answer, pretty-printed as the commands print */
void	api_answer(struct api_call *, int status, json_t *o);
/* {"error": msg} (and "field" unless NULL) with status */
void	api_error(struct api_call *, int status, const char *field,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* 500 after a failure already logged */
void	api_failed(struct api_call *);
/*
 * The body as a JSON object (empty_ok: none is {}), after checking its
 * Content-Type; NULL after answering 400.
 */
json_t	*api_body(struct api_call *, int empty_ok);
/* 1 if the Content-Type is type (parameters such as charset aside) */
int	api_ctype_is(const struct http_req *, const char *type);

void	api_enroll(struct api_call *);
void	api_person(struct api_call *);
void	api_pause(struct api_call *);
void	api_resume(struct api_call *);
void	api_unenroll(struct api_call *);
void	api_cohorts(struct api_call *);
void	api_report(struct api_call *);
void	api_import(struct api_call *);

#endif
