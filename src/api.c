/*
 * api.c - the JSON API's door: the key, the route table and the shape of
 * every answer (see api.h).  The endpoints are in api_enroll.c and
 * api_cohort.c.
 *
 * The key is checked before anything else, so a client without one
 * learns nothing, not even which routes exist.  The pages' forms rely on
 * the browser's same-origin rules and on the person's token in the path;
 * the API relies on the key alone, which a browser never sends by itself
 * (it is a header the client must set, not a cookie), so a page on
 * another site cannot make a browser call the API: the API needs no
 * Origin or CSRF check, and has none.  What it shares with the pages is
 * the listener's guard (http_guard.c, iplimit.c): connections per client
 * address, the deadline for a request's headers and the body limits.
 *
 * Keys never reach the log: a request is logged by the key's name.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api.h"
#include "api_call.h"
#include "api_cohort.h"
#include "api_enroll.h"
#include "api_json.h"
#include "apikey.h"
#include "app.h"
#include "log.h"
#include "util.h"

#define API_PREFIX	"/api/"

typedef void (*api_fn)(struct api_call *);

/*
 * "/api/v1/cohorts/NAME/report": a prefix, then (with word) one path
 * word, an email or a cohort name, which may hold anything but must not
 * be empty, then the suffix.  The first match wins, so the routes with
 * a suffix come before the bare word.
 */
static const struct api_route {
	const char	*prefix;
	int		 word;
	const char	*suffix;
	const char	*allow;
	api_fn		 fn;
} routes[] = {
	{ "/api/v1/enrollments",	0, "",		"POST",	api_enroll },
	{ "/api/v1/enrollments/",	1, "/pause",	"POST",	api_pause },
	{ "/api/v1/enrollments/",	1, "/resume",	"POST",	api_resume },
	{ "/api/v1/enrollments/",	1, "/unenroll",	"POST",	api_unenroll },
	{ "/api/v1/enrollments/",	1, "",		"GET, HEAD", api_person },
	{ "/api/v1/cohorts",		0, "",		"GET, HEAD", api_cohorts },
	{ "/api/v1/cohorts/",		1, "/report",	"GET, HEAD", api_report },
	{ "/api/v1/cohorts/",		1, "/import",	"POST",	api_import },
};
#define NROUTES	(sizeof(routes) / sizeof(routes[0]))

int
api_is(const char *path)
{
	return strncmp(path, API_PREFIX, sizeof(API_PREFIX) - 1) == 0;
}

size_t
api_body_max(const char *method, const char *path)
{
	size_t n = strlen(path), s = sizeof("/import") - 1;

	if (strcmp(method, "POST") == 0 && n > s &&
	    strcmp(path + n - s, "/import") == 0)
		return API_IMPORT_MAX;
	return HTTP_MAXBODY;
}

/* ---- the door --------------------------------------------------------- */

/*
 * "Bearer KEY" (RFC 6750: the scheme in any case, then spaces); 0 with
 * the key's name, or -1 having answered: 401 the same for no key, a
 * malformed header and a bad or revoked key, so none can be told apart.
 */
static int
authorize(struct api_call *c, char *name, size_t n)
{
	const char *h = http_req_header(c->rq, "Authorization"), *k;
	size_t len;
	int r = 1;

	if (h && strncasecmp(h, "Bearer ", 7) == 0) {
		k = h + 7 + strspn(h + 7, " ");
		len = strcspn(k, " \t");
		if (k[len + strspn(k + len, " \t")] == '\0')
			r = apikey_check(c->db, k, len, c->now, name, n);
	}
	if (r == 0)
		return 0;
	if (r == -1) {
		api_failed(c);
		return -1;
	}
	api_error(c, 401, NULL, "a valid API key is required (Authorization: "
	    "Bearer KEY; see 'refready apikey create')");
	c->rs->www_auth = "Bearer realm=\"refready\"";
	log_debug("api: a request without a valid key refused");
	return -1;
}

/* the route path names, with its word cut out into *word; NULL: none */
static const struct api_route *
find_route(const char *path, char **word)
{
	const struct api_route *r;
	size_t i, pl, sl, n = strlen(path);

	*word = NULL;
	for (i = 0; i < NROUTES; i++) {
		r = &routes[i];
		pl = strlen(r->prefix);
		sl = strlen(r->suffix);
		if (strncmp(path, r->prefix, pl) != 0)
			continue;
		if (!r->word) {
			if (path[pl] == '\0')
				return r;
			continue;
		}
		if (n > pl + sl && strcmp(path + n - sl, r->suffix) == 0) {
			*word = xstrndup(path + pl, n - pl - sl);
			return r;
		}
	}
	return NULL;
}

/* 1 if method is one of allow's words ("GET, HEAD") */
static int
allowed(const char *allow, const char *method)
{
	size_t n;

	for (; *allow; allow += n, allow += strspn(allow, ", ")) {
		n = strcspn(allow, ", ");
		if (n == strlen(method) && strncmp(allow, method, n) == 0)
			return 1;
	}
	return 0;
}

void
api_handle(struct app *a, const struct http_req *rq, struct http_resp *rs)
{
	const struct api_route *r;
	struct api_call c;
	char name[APIKEY_NAME_MAX + 1], *word = NULL;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.rq = rq;
	c.rs = rs;
	c.now = app_now(a);
	if ((c.db = app_db(a)) == NULL) {
		api_failed(&c);
		return;
	}
	if (authorize(&c, name, sizeof(name)) == -1)
		return;
	c.key = name;
	if ((r = find_route(rq->path, &word)) == NULL)
		api_error(&c, 404, NULL, "no such API route (see "
		    "refready(8))");
	else if (!allowed(r->allow, rq->method)) {
		api_error(&c, 405, NULL, "method %s not allowed here (%s)",
		    rq->method, r->allow);
		rs->allow = r->allow;
	} else {
		c.word = word;
		r->fn(&c);
	}
	free(word);
}
