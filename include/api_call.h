/*
 * api_call.h - one authenticated request to the JSON API, and what every
 * endpoint answers with (api_call.c): api.c makes the call, the endpoint
 * files (api_enroll.c, api_cohort.c) answer it.
 */
#ifndef REFREADY_API_CALL_H
#define REFREADY_API_CALL_H

#include <time.h>

#include <jansson.h>

#include "db.h"
#include "http.h"

struct app;

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
/* 413 as the API says it, msg ending in a newline or not */
void	api_too_big(struct http_resp *, const char *msg);
/* 500 after a failure already logged */
void	api_failed(struct api_call *);
/*
 * The body as a JSON object (empty_ok: none is {}), after checking its
 * Content-Type; NULL after answering 400.
 */
json_t	*api_body(struct api_call *, int empty_ok);
/* 1 if the Content-Type is type (parameters such as charset aside) */
int	api_ctype_is(const struct http_req *, const char *type);

#endif
