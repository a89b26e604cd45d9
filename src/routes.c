/*
 * routes.c - the daemon's routes (see routes.h): one table from paths to
 * the pages' handlers, and the few small routes of their own: the
 * calendar feeds, unsubscribe, health and metrics.
 *
 * Every participant route starts with a token of TOKEN_LEN base64url
 * characters; anything else in that place is a 404 before the database is
 * asked.  The feed and the personal page are read-only; the done buttons,
 * the plan changes (pages_plan.c) and unsubscribe are POSTs that answer
 * with a redirect or a page.
 *
 * Paths under /api/ belong to the JSON API (api.c), which route() hands
 * them to whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "api_call.h"
#include "app.h"
#include "cohort_feed.h"
#include "enrollment.h"
#include "feed.h"
#include "feedcache.h"
#include "log.h"
#include "metrics.h"
#include "pages.h"
#include "pages_join.h"
#include "pages_person.h"
#include "pages_plan.h"
#include "routes.h"
#include "tz.h"
#include "util.h"

/*
 * A person's feed may be kept by their own calendar app only: a shared
 * cache (a company proxy) could go on serving it after the link was
 * rotated.  A cohort's webinar calendar is the same for everyone.
 */
#define FEED_CACHE_PERSON	"private, max-age=300"
#define FEED_CACHE_COHORT	"public, max-age=300"

/*
 * Matches path against prefix TOKEN rest: copies the token and returns
 * what follows it, or NULL when path does not start with prefix and a
 * token-shaped word.
 */
static const char *
token_in(const char *path, const char *prefix, char tok[TOKEN_LEN + 1])
{
	size_t pl = strlen(prefix), n;

	if (strncmp(path, prefix, pl) != 0)
		return NULL;
	path += pl;
	n = strspn(path, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_");
	if (n != TOKEN_LEN)
		return NULL;
	memcpy(tok, path, TOKEN_LEN);
	tok[TOKEN_LEN] = '\0';
	return path + TOKEN_LEN;
}

/* ---- the calendar feed ------------------------------------------------ */

/*
 * A calendar in rs->body with its ETag set: the headers every feed
 * carries, and 304 (returning 1) when If-None-Match names that ETag; the
 * ETag is the bytes', so it alone decides.
 */
static int
calendar_answer(const struct http_req *rq, struct http_resp *rs,
    const char *cache)
{
	const char *inm = http_req_header(rq, "If-None-Match");

	rs->status = 200;
	rs->ctype = "text/calendar; charset=utf-8";
	rs->cache = cache;
	if (inm == NULL || (strstr(inm, rs->etag) == NULL &&
	    strcmp(inm, "*") != 0))
		return 0;
	rs->status = 304;
	buf_reset(&rs->body);
	return 1;
}

static void
feed(struct app *a, const struct http_req *rq, struct http_resp *rs,
    const char *tok)
{
	struct app_conf *c = NULL;
	struct enrollment e;
	struct feed_day days[CUR_DAYS];
	struct feed_weeks fw;
	unsigned char key[FEEDCACHE_HASHLEN], hash[FEEDCACHE_HASHLEN];
	const char *todo = http_req_arg(rq, "todos");
	struct db *db;
	unsigned long epoch;
	char *body = NULL;
	int todos = todo && strcmp(todo, "1") == 0, r;

	memset(&e, 0, sizeof(e));
	if (!pages_is(rq, "GET") && !pages_is(rq, "HEAD")) {
		pages_bad_method(rs, "GET, HEAD");
		return;
	}
	if ((db = app_db(a)) == NULL || token_hash(tok, TOKEN_LEN, key) ==
	    -1) {
		pages_server_error(rs);
		return;
	}
	c = app_conf_get(a);
	/* read before the data: a change after it raises it again */
	epoch = app_epoch(a);
	if (feedcache_fresh(a->feeds, key, todos, epoch, c->gen, &rs->body,
	    rs->etag))
		goto found;
	if ((r = enrollment_by_token(db, TOKEN_FEED, tok, TOKEN_LEN, &e))
	    != 0) {
		r == 1 ? pages_not_found(rs) : pages_server_error(rs);
		goto out;
	}
	if (feed_days(db, e.id, days) == -1 ||
	    feed_weeks(db, &c->cur, &e, app_now(a), &fw) == -1) {
		pages_server_error(rs);
		goto out;
	}
	feed_inputs_hash(&e, days, &fw, c->cfg.base_url, c->gen, todos,
	    hash);
	if (!feedcache_get(a->feeds, key, todos, hash, epoch, c->gen,
	    &rs->body, rs->etag)) {
		body = feed_render(&c->cur, &e, days, &fw, c->cfg.base_url,
		    a->key, todos);
		feed_etag(body, strlen(body), rs->etag);
		feedcache_put(a->feeds, key, todos, hash, epoch, c->gen, body,
		    strlen(body), rs->etag);
		buf_addstr(&rs->body, body);
		a->m.feed_builds++;
	}
found:
	a->m.feed_requests++;
	if (calendar_answer(rq, rs, FEED_CACHE_PERSON))
		a->m.feed_not_modified++;
out:
	free(body);
	app_conf_put(a, c);
	enrollment_free(&e);
}

/* a cohort's webinar calendar: small and rarely asked for, built each time */
static void
cohort_feed(struct app *a, const struct http_req *rq, struct http_resp *rs,
    const char *tok)
{
	struct app_conf *c;
	struct db *db;
	long long id;
	char *body;
	int r;

	if (!pages_is(rq, "GET") && !pages_is(rq, "HEAD")) {
		pages_bad_method(rs, "GET, HEAD");
		return;
	}
	if ((db = app_db(a)) == NULL) {
		pages_server_error(rs);
		return;
	}
	if ((r = cohort_feed_lookup(db, tok, TOKEN_LEN, &id)) != 0) {
		r == 1 ? pages_not_found(rs) : pages_server_error(rs);
		return;
	}
	c = app_conf_get(a);
	body = cohort_feed_for(db, id, c->cfg.base_url, c->cur.title);
	app_conf_put(a, c);
	if (body == NULL) {
		pages_server_error(rs);
		return;
	}
	feed_etag(body, strlen(body), rs->etag);
	buf_addstr(&rs->body, body);
	free(body);
	calendar_answer(rq, rs, FEED_CACHE_COHORT);
}

/* ---- unsubscribe ------------------------------------------------------ */

/*
 * The same answer whatever the token: a page that names no one, so the
 * route tells a prober nothing.  Only a database failure differs (500,
 * so a mailbox provider's one-click POST is retried).
 *
 * The POST's body is not read at all: the token is the authorisation,
 * and RFC 8058 lets a receiver send "List-Unsubscribe=One-Click" as
 * multipart/form-data (which it SHOULD) or urlencoded (which it MAY), so
 * insisting on either form, or on that field, would only leave someone
 * subscribed who asked to leave.  http.c still bounds the body (413).
 */
static void
unsubscribe(struct app *a, const struct http_req *rq, struct http_resp *rs,
    const char *tok)
{
	struct app_conf *c;
	struct enrollment e;
	struct db *db;
	struct buf *b = &rs->body;
	int post = pages_is(rq, "POST"), r;

	if (!post && !pages_is(rq, "GET") && !pages_is(rq, "HEAD")) {
		pages_bad_method(rs, "GET, HEAD, POST");
		return;
	}
	if (post) {
		a->m.unsubscribes++;
		if ((db = app_db(a)) == NULL) {
			pages_server_error(rs);
			return;
		}
		r = enrollment_by_token(db, TOKEN_UNSUBSCRIBE, tok, TOKEN_LEN,
		    &e);
		if (r == -1 || (r == 0 && enrollment_unsubscribe(db, e.id,
		    app_now(a)) == -1)) {
			enrollment_free(&e);
			pages_server_error(rs);
			return;
		}
		if (r == 0) {
			app_wrote(a);
			log_info("unsubscribe: enrollment %lld unsubscribed",
			    e.id);
		}
		enrollment_free(&e);
	}
	c = app_conf_get(a);
	pages_open(b, post ? "Unsubscribed" : "Unsubscribe", NULL);
	buf_addstr(b, "<header class=\"top\"><h1>");
	pages_esc(b, c->cur.title);
	buf_addstr(b, "</h1></header><main><section>");
	if (post)
		buf_addstr(b, "<h2>You are unsubscribed</h2><p>No more lesson "
		    "emails will be sent to this address. Your personal page "
		    "and calendar keep working if you want to finish the "
		    "tasks on your own.</p>");
	else {
		buf_addstr(b, "<h2>Stop the lesson emails?</h2><p>Press the "
		    "button to stop all further emails from the plan. Nothing "
		    "changes until you do.</p><form method=\"post\" action=\"");
		/* relative: base_url's host need not be the one in use */
		buf_printf(b, "%s\"><input type=\"hidden\" "
		    "name=\"List-Unsubscribe\" value=\"One-Click\">"
		    "<button class=\"primary\" type=\"submit\">Unsubscribe"
		    "</button></form>", tok);
	}
	buf_addstr(b, "</section></main>");
	pages_close(b);
	app_conf_put(a, c);
	rs->status = 200;
	rs->ctype = "text/html; charset=utf-8";
}

/* ---- operations ------------------------------------------------------- */

static void
healthz(struct app *a, const struct http_req *rq, struct http_resp *rs)
{
	struct db *db;
	sqlite3_stmt *st;
	int ok = 0;

	if (!pages_is(rq, "GET") && !pages_is(rq, "HEAD")) {
		pages_bad_method(rs, "GET, HEAD");
		return;
	}
	if ((db = app_db(a)) != NULL && (st = db_cached(db,
	    "SELECT count(*) FROM enrollment WHERE id = 0")) != NULL) {
		ok = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
	}
	pages_plain(rs, ok ? 200 : 503, ok ? "ok\n" : "database unavailable\n");
}

/*
 * A scrape costs a full table scan, so by default only this machine (its
 * Prometheus, or one at the end of an SSH tunnel) may ask.  A request a
 * reverse proxy on this machine passed on comes from loopback too; the
 * forwarding header such a proxy adds gives it away (one that adds none
 * must not pass /metrics on: see refready(8)).
 */
static int
metrics_allowed(const struct app_conf *c, const struct http_req *rq)
{
	if (c->cfg.http_metrics == CFG_METRICS_PUBLIC)
		return 1;
	return rq->loopback && http_req_header(rq, "Forwarded") == NULL &&
	    http_req_header(rq, "X-Forwarded-For") == NULL &&
	    http_req_header(rq, "X-Real-IP") == NULL;
}

static void
metrics(struct app *a, const struct http_req *rq, struct http_resp *rs)
{
	struct app_conf *c = app_conf_get(a);
	enum cfg_metrics who = c->cfg.http_metrics;
	int allowed = metrics_allowed(c, rq);
	struct db *db;

	app_conf_put(a, c);
	if (who == CFG_METRICS_OFF) {
		pages_not_found(rs);
		return;
	}
	if (!allowed) {
		pages_plain(rs, 403, "metrics are served to loopback clients "
		    "only (see http.metrics)\n");
		return;
	}
	if (!pages_is(rq, "GET") && !pages_is(rq, "HEAD")) {
		pages_bad_method(rs, "GET, HEAD");
		return;
	}
	if ((db = app_db(a)) == NULL || metrics_render(a, db, &rs->body) ==
	    -1) {
		pages_server_error(rs);
		return;
	}
	rs->status = 200;
	rs->ctype = "text/plain; version=0.0.4; charset=utf-8";
}

/* ---- routing ---------------------------------------------------------- */

typedef void (*token_handler)(struct app *, const struct http_req *,
    struct http_resp *, const char *tok);

/* "/feed/TOKEN.ics", "/p/TOKEN/settings": prefix, token, suffix */
static const struct token_route {
	const char	*prefix;
	const char	*suffix;
	token_handler	 fn;
} token_routes[] = {
	{ "/feed/",		".ics",		feed },
	{ "/p/",		"",		pages_person },
	{ "/p/",		"/scorecard",	pages_scorecard },
	{ "/p/",		"/settings",	pages_plan_settings },
	{ "/p/",		"/pause",	pages_plan_pause },
	{ "/p/",		"/resume",	pages_plan_resume },
	{ "/p/",		"/followon",	pages_plan_followon },
	{ "/cohort/",		".ics",		cohort_feed },
	{ "/unsubscribe/",	"",		unsubscribe },
	{ "/confirm/",		"",		pages_confirm },
};

/* "64 KiB", "1 MiB" */
static void
size_words(size_t n, char *out, size_t len)
{
	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		snprintf(out, len, "%zu MiB", n / (1024 * 1024));
	else
		snprintf(out, len, "%zu KiB", n / 1024);
}

size_t
routes_body_max(const char *method, const char *path)
{
	return api_is(path) ? api_body_max(method, path) : HTTP_MAXBODY;
}

static void
route(struct app *a, const struct http_req *rq, struct http_resp *rs)
{
	char tok[TOKEN_LEN + 1], size[32], msg[96];
	const char *rest;
	size_t i;

	if (rq->too_big) {
		size_words(rq->body_max, size, sizeof(size));
		snprintf(msg, sizeof(msg), "request body too large (%s at "
		    "most)\n", size);
		if (api_is(rq->path))
			api_too_big(rs, msg);
		else
			pages_plain(rs, 413, msg);
		return;
	}
	/* the JSON API: its own routes, keys and error format (api.c) */
	if (api_is(rq->path)) {
		api_handle(a, rq, rs);
		return;
	}
	if (strcmp(rq->path, "/healthz") == 0) {
		healthz(a, rq, rs);
		return;
	}
	if (strcmp(rq->path, "/metrics") == 0) {
		metrics(a, rq, rs);
		return;
	}
	/* the public signup: /join, or /join/NAME for a cohort */
	if (strcmp(rq->path, "/join") == 0 || strncmp(rq->path, "/join/",
	    6) == 0) {
		if (rq->path[5] == '/' && rq->path[6] == '\0')
			pages_not_found(rs);
		else
			pages_join(a, rq, rs, rq->path[5] ? rq->path + 6 :
			    NULL);
		return;
	}
	for (i = 0; i < sizeof(token_routes) / sizeof(token_routes[0]); i++) {
		const struct token_route *r = &token_routes[i];

		if ((rest = token_in(rq->path, r->prefix, tok)) != NULL &&
		    strcmp(rest, r->suffix) == 0) {
			r->fn(a, rq, rs, tok);
			return;
		}
	}
	/* the one route with a word after the token: the day */
	if ((rest = token_in(rq->path, "/p/", tok)) != NULL &&
	    strncmp(rest, "/days/", 6) == 0)
		pages_mark_day(a, rq, rs, tok, rest + 6);
	else if (rest == NULL && strncmp(rq->path, "/p/", 3) == 0 &&
	    strchr(rq->path + 3, '/') == NULL)
		pages_link_gone(rs);	/* a page link cut short or mangled */
	else if (strncmp(rq->path, "/confirm/", 9) == 0 &&
	    strchr(rq->path + 9, '/') == NULL)
		pages_link_gone(rs);	/* so is a confirmation link */
	else
		pages_not_found(rs);
}

void
routes_handle(void *arg, const struct http_req *rq, struct http_resp *rs)
{
	struct app *a = arg;

	route(a, rq, rs);
	if (rs->status >= 500)
		a->m.status_5xx++;
	else if (rs->status >= 400)
		a->m.status_4xx++;
	/* never the path: it may hold a token */
	log_debug("http: %s %d", rq->method, rs->status);
}
