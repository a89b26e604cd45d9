/*
 * api_call.c - what every endpoint of the JSON API shares (see
 * api_call.h): the shape of its answers and errors, and the reading of a
 * request's JSON body.  Below api.c (the door and the route table) and
 * the endpoint files, which all use it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_call.h"
#include "api_json.h"
#include "log.h"
#include "util.h"

#define API_JSON	"application/json"

/* ---- answers -------------------------------------------------------- */

static void
answer_json(struct http_resp *rs, int status, json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(2));

	buf_reset(&rs->body);
	rs->status = status;
	rs->ctype = API_JSON;
	if (s == NULL || buf_addstr(&rs->body, s) == -1 ||
	    buf_addc(&rs->body, '\n') == -1) {
		/* only a body over HTTP_MAXPAGE: http.c answers 500 */
		log_warnx("api: an answer of status %d could not be written",
		    status);
	}
	free(s);
	json_decref(o);
}

void
api_answer(struct api_call *c, int status, json_t *o)
{
	answer_json(c->rs, status, o);
}

static void
error_v(struct http_resp *rs, int status, const char *field,
    const char *fmt, va_list ap)
{
	char msg[512];
	size_t bad;
	json_t *o;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	msg[strcspn(msg, "\n")] = '\0';
	/* a long value cut inside a character: end before it */
	if (!utf8_valid(msg, strlen(msg), &bad))
		msg[bad] = '\0';
	o = json_pack("{s:s}", "error", msg);
	if (field)
		json_object_set_new(o, "field", json_string(field));
	answer_json(rs, status, o);
}

void
api_error(struct api_call *c, int status, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_v(c->rs, status, field, fmt, ap);
	va_end(ap);
}

static void
resp_error(struct http_resp *rs, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
resp_error(struct http_resp *rs, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_v(rs, status, NULL, fmt, ap);
	va_end(ap);
}

void
api_failed(struct api_call *c)
{
	api_error(c, 500, NULL, "the server could not answer; try again "
	    "later");
}

void
api_too_big(struct http_resp *rs, const char *msg)
{
	resp_error(rs, 413, "%s", msg);
}

/* ---- bodies ----------------------------------------------------------- */

int
api_ctype_is(const struct http_req *rq, const char *type)
{
	const char *ct = http_req_header(rq, "Content-Type");
	size_t n = strlen(type);

	return ct && strncasecmp(ct, type, n) == 0 && (ct[n] == '\0' ||
	    ct[n] == ';' || ct[n] == ' ' || ct[n] == '\t');
}

json_t *
api_body(struct api_call *c, int empty_ok)
{
	struct api_problem p;
	json_t *o;

	if (!(empty_ok && c->rq->bodylen == 0) &&
	    !api_ctype_is(c->rq, API_JSON)) {
		api_error(c, 400, NULL, "expected Content-Type: %s", API_JSON);
		return NULL;
	}
	if (api_json_object(c->rq->body, c->rq->bodylen, empty_ok, &o,
	    &p) == -1) {
		api_error(c, p.status, p.field, "%s", p.msg);
		return NULL;
	}
	return o;
}

