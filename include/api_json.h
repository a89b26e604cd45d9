/*
 * api_json.h - reading the JSON API's request bodies, pure: bytes in, the
 * fields out or the problem with them (tests/fuzz/fuzz_api.c drives it).
 *
 * Strict, so that a client's mistake is named rather than guessed at:
 * the body is one JSON object (jansson, duplicate keys refused), every
 * field has one type, and a field this API does not know is an error,
 * not ignored (a typo such as "sendat" would otherwise enroll someone
 * on the default send time without a word).
 */
#ifndef REFREADY_API_JSON_H
#define REFREADY_API_JSON_H

#include <stddef.h>

#include <jansson.h>

#include "enroll.h"

#define API_PROBLEM_LEN	256

/* what is wrong with a request: the status it earns, the message, the field */
struct api_problem {
	int		 status;		/* 400 or 422 */
	char		 msg[API_PROBLEM_LEN];
	const char	*field;			/* NULL: no one field */
};

/*
 * body (len bytes) as one JSON object into *root (the caller decrefs);
 * an empty body is an empty object when empty_ok.  0, or -1 with p set
 * (400: not JSON, a duplicate key, not an object).
 */
int	api_json_object(const char *body, size_t len, int empty_ok,
	    json_t **root, struct api_problem *p);

/*
 * The fields of POST /api/v1/enrollments: email, name, tz, send_at,
 * start, pacing, cohort (strings) and resubscribe (true or false).  The
 * strings in *in point into o.  0, or -1 with p set (422).
 */
int	api_json_enroll(json_t *o, struct enroll_in *in, struct api_problem *p);

/*
 * The fields of a pause (until, a string, may be absent: *until NULL).
 * 0, or -1 with p set (422).
 */
int	api_json_pause(json_t *o, const char **until, struct api_problem *p);

/* a body that takes no fields: {} or none; 0, or -1 with p set (422) */
int	api_json_none(json_t *o, struct api_problem *p);

#endif
