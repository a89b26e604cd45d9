/*
 * pages.c - the daemon's routes (see pages.h).
 *
 * Every participant route starts with a token of TOKEN_LEN base64url
 * characters; anything else in that place is a 404 before the database is
 * asked.  The feed and the personal page are read-only; the done buttons
 * and unsubscribe are POSTs that answer with a redirect or a page.
 *
 * Pages are plain HTML with one small style sheet, no scripts and no
 * external files, laid out for a phone first.  Every value that comes
 * from data goes through pages_esc().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cohort_feed.h"
#include "enrollment.h"
#include "feed.h"
#include "feedcache.h"
#include "form.h"
#include "log.h"
#include "metrics.h"
#include "pages.h"
#include "score_page.h"
#include "score_store.h"
#include "tz.h"
#include "util.h"

#define FEED_CACHE	"public, max-age=300"

static const char css[] =
    "*{box-sizing:border-box}"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',"
    "Roboto,sans-serif;color:#1d2b33;background:#f4f6f7}"
    "main{max-width:46rem;margin:0 auto;padding:1rem}"
    "header.top{background:#2f6f8f;color:#fff;padding:1rem}"
    "header.top p{margin:.2rem 0 0;max-width:46rem;margin-inline:auto}"
    "header.top h1{margin:0 auto;max-width:46rem;font-size:1.35rem}"
    "section{background:#fff;border:1px solid #d5dde1;border-radius:8px;"
    "padding:1rem;margin:1rem 0}"
    "h2{font-size:1.15rem;margin:0 0 .5rem}"
    "a{color:#1f5a78}"
    ".note{background:#fff7e0;border-color:#e8c65c}"
    ".big{font-size:2rem;font-weight:700}"
    ".meter{height:.8rem;background:#dde5e9;border-radius:4px;"
    "overflow:hidden}"
    ".meter span{display:block;height:100%;background:#2f6f8f}"
    "ol.days{list-style:none;padding:0;margin:0}"
    "ol.days li{display:flex;gap:.75rem;align-items:flex-start;"
    "padding:.6rem 0;border-top:1px solid #e3e9ec}"
    "ol.days li.today{background:#eef6fa}"
    "ol.days .what{flex:1;min-width:0}"
    ".mark{font-weight:700;min-width:1.4rem;color:#8a9aa3}"
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}"
    ".done .mark{color:#1e6b3a}"
    ".small{font-size:.875rem;color:#4a5a63}"
    "button{font:inherit;padding:.45rem .8rem;border-radius:6px;"
    "border:1px solid #2f6f8f;background:#fff;color:#1f5a78;"
    "cursor:pointer;min-height:2.5rem}"
    "button.primary{background:#2f6f8f;color:#fff}"
    "form.inline{margin:0}"
    "article img{max-width:100%}"
    "summary{cursor:pointer;min-height:2.5rem;padding:.4rem 0}"
    "code,.url{word-break:break-all}";

void
pages_esc(struct buf *b, const char *s)
{
	buf_add_html(b, s, strlen(s));
}

void
pages_open(struct buf *b, const char *title, const char *extra_css)
{
	buf_addstr(b, "<!doctype html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">"
	    "<meta name=\"robots\" content=\"noindex, nofollow\">"
	    "<title>");
	pages_esc(b, title);
	buf_addstr(b, "</title><style>");
	buf_addstr(b, css);
	if (extra_css)
		buf_addstr(b, extra_css);
	buf_addstr(b, "</style></head><body>\n");
}

void
pages_close(struct buf *b)
{
	buf_addstr(b, "</body></html>\n");
}

/* ---- answers ---------------------------------------------------------- */

static void
plain(struct http_resp *rs, int status, const char *text)
{
	rs->status = status;
	rs->ctype = "text/plain; charset=utf-8";
	buf_reset(&rs->body);
	buf_addstr(&rs->body, text);
}

static void
not_found(struct http_resp *rs)
{
	plain(rs, 404, "not found\n");
}

static void
bad_method(struct http_resp *rs, const char *allow)
{
	plain(rs, 405, "method not allowed\n");
	rs->allow = allow;
}

static void
server_error(struct http_resp *rs)
{
	plain(rs, 500, "the server could not answer; try again later\n");
}

static int
is(const struct http_req *rq, const char *method)
{
	return strcmp(rq->method, method) == 0;
}

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

/* a POSTed urlencoded form; -1 after answering 400 */
static int
read_form(const struct http_req *rq, struct http_resp *rs, struct form *f)
{
	const char *ct = http_req_header(rq, "Content-Type");

	memset(f, 0, sizeof(*f));
	if (rq->bodylen && (ct == NULL || strncasecmp(ct,
	    "application/x-www-form-urlencoded", 33) != 0)) {
		plain(rs, 400, "expected a form "
		    "(application/x-www-form-urlencoded)\n");
		return -1;
	}
	if (form_parse(f, rq->body, rq->bodylen) == -1) {
		plain(rs, 400, "malformed form\n");
		return -1;
	}
	return 0;
}

/* ---- the calendar feed ------------------------------------------------ */

static void
feed(struct app *a, const struct http_req *rq, struct http_resp *rs,
    const char *tok)
{
	struct app_conf *c = NULL;
	struct enrollment e;
	struct feed_day days[CUR_DAYS];
	unsigned char key[FEEDCACHE_HASHLEN], hash[FEEDCACHE_HASHLEN];
	const char *todo = http_req_arg(rq, "todos"), *inm;
	struct db *db;
	unsigned long epoch;
	char *body = NULL;
	int todos = todo && strcmp(todo, "1") == 0, r;

	memset(&e, 0, sizeof(e));
	if (!is(rq, "GET") && !is(rq, "HEAD")) {
		bad_method(rs, "GET, HEAD");
		return;
	}
	if ((db = app_db(a)) == NULL || token_hash(tok, TOKEN_LEN, key) ==
	    -1) {
		server_error(rs);
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
		r == 1 ? not_found(rs) : server_error(rs);
		goto out;
	}
	if (feed_days(db, e.id, days) == -1) {
		server_error(rs);
		goto out;
	}
	feed_inputs_hash(&e, days, c->cfg.base_url, c->gen, todos, hash);
	if (!feedcache_get(a->feeds, key, todos, hash, epoch, c->gen,
	    &rs->body, rs->etag)) {
		body = feed_render(&c->cur, &e, days, c->cfg.base_url, a->key,
		    todos);
		feed_etag(body, strlen(body), rs->etag);
		feedcache_put(a->feeds, key, todos, hash, epoch, c->gen, body,
		    strlen(body), rs->etag);
		buf_addstr(&rs->body, body);
		a->m.feed_builds++;
	}
found:
	a->m.feed_requests++;
	rs->status = 200;
	rs->ctype = "text/calendar; charset=utf-8";
	rs->cache = FEED_CACHE;
	/* the ETag is the bytes': If-None-Match alone decides a 304 */
	if ((inm = http_req_header(rq, "If-None-Match")) != NULL &&
	    (strstr(inm, rs->etag) || strcmp(inm, "*") == 0)) {
		rs->status = 304;
		buf_reset(&rs->body);
		a->m.feed_not_modified++;
	}
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
	const char *inm;
	struct db *db;
	long long id;
	char *body;
	int r;

	if (!is(rq, "GET") && !is(rq, "HEAD")) {
		bad_method(rs, "GET, HEAD");
		return;
	}
	if ((db = app_db(a)) == NULL) {
		server_error(rs);
		return;
	}
	if ((r = cohort_feed_lookup(db, tok, TOKEN_LEN, &id)) != 0) {
		r == 1 ? not_found(rs) : server_error(rs);
		return;
	}
	c = app_conf_get(a);
	body = cohort_feed_for(db, id, c->cfg.base_url, c->cur.title);
	app_conf_put(a, c);
	if (body == NULL) {
		server_error(rs);
		return;
	}
	feed_etag(body, strlen(body), rs->etag);
	buf_addstr(&rs->body, body);
	free(body);
	rs->status = 200;
	rs->ctype = "text/calendar; charset=utf-8";
	rs->cache = FEED_CACHE;
	if ((inm = http_req_header(rq, "If-None-Match")) != NULL &&
	    (strstr(inm, rs->etag) || strcmp(inm, "*") == 0)) {
		rs->status = 304;
		buf_reset(&rs->body);
	}
}

/* ---- the personal page ------------------------------------------------ */

struct person {
	struct enrollment	 e;
	struct feed_day		 days[CUR_DAYS];
	struct token_links	 links;
	int			 today;		/* plan day, 0 before day 1 */
	int			 ndone;
	int			 streak;
};

static int
person_load(struct app *a, struct db *db, const char *tok,
    struct person *p)
{
	char page[TOKEN_LEN + 1], fd[TOKEN_LEN + 1], un[TOKEN_LEN + 1];
	struct app_conf *c;
	int done[CUR_DAYS], i, r;

	memset(p, 0, sizeof(*p));
	if ((r = enrollment_by_token(db, TOKEN_PAGE, tok, TOKEN_LEN, &p->e))
	    != 0)
		return r;
	if (feed_days(db, p->e.id, p->days) == -1) {
		enrollment_free(&p->e);
		return -1;
	}
	c = app_conf_get(a);
	enrollment_tokens(&p->e, a->key, page, fd, un);
	token_links(c->cfg.base_url, page, fd, un, &p->links);
	app_conf_put(a, c);
	p->today = enrollment_plan_day(&p->e, app_now(a));
	for (i = 0; i < CUR_DAYS; i++) {
		done[i] = p->days[i].done;
		p->ndone += done[i];
	}
	p->streak = enrollment_streak(done, p->today);
	return 0;
}

static const char *
first_name(const char *name, char *out, size_t n)
{
	size_t k = strcspn(name, " \t");

	snprintf(out, n, "%.*s", (int)k, name);
	return out;
}

static void
page_state(struct buf *b, const struct person *p,
    const struct sched_plan *plan)
{
	struct date d;
	char when[40];

	if (strcmp(p->e.state, "paused") == 0)
		buf_addstr(b, "<section class=\"note\"><p>Your plan is "
		    "<strong>paused</strong>: no lessons are sent and the "
		    "dates ahead move on when it resumes. Ask your coach to "
		    "resume it.</p></section>\n");
	else if (strcmp(p->e.state, "unsubscribed") == 0)
		buf_addstr(b, "<section class=\"note\"><p>You have "
		    "<strong>unsubscribed</strong>: no more lesson emails "
		    "will come. This page and your calendar keep working, so "
		    "you can still work through the tasks.</p></section>\n");
	else if (strcmp(p->e.state, "unenrolled") == 0)
		buf_addstr(b, "<section class=\"note\"><p>This plan has "
		    "been <strong>stopped</strong> and no more lessons will "
		    "be sent.</p></section>\n");
	else if (strcmp(p->e.state, "completed") == 0)
		buf_addstr(b, "<section class=\"note\"><p>Every lesson "
		    "has been sent. Finish any open tasks below and turn "
		    "your weakest areas into your 90-day plan.</p>"
		    "</section>\n");
	if (p->today == 0 && sched_day_date(plan, 1, &d) == 0) {
		clock_format_long(d, when);
		buf_addstr(b, "<section class=\"note\"><p>Your plan starts "
		    "on <strong>");
		pages_esc(b, when);
		buf_addstr(b, "</strong>; the first lesson arrives that "
		    "morning.</p></section>\n");
	}
}

static void
page_today(struct buf *b, const struct app_conf *c, const struct person *p,
    struct enrollment_vars *ev)
{
	const struct cur_day *d = &c->cur.days[p->today - 1];
	const struct cur_week *w = cur_week(&c->cur, d->week);
	struct buf lesson;
	int done = p->days[p->today - 1].done;

	buf_printf(b, "<section id=\"today\"><h2>Today: Day %d of %d",
	    p->today, CUR_DAYS);
	if (w) {
		buf_printf(b, " &middot; Week %d, ", w->number);
		pages_esc(b, w->title);
	}
	buf_addstr(b, "</h2><p class=\"big\" style=\"font-size:1.3rem\">");
	pages_esc(b, d->title);
	buf_addstr(b, "</p><p>");
	pages_esc(b, d->objective);
	buf_addstr(b, "</p><p><strong>Today's task:</strong> ");
	pages_esc(b, d->task);
	buf_printf(b, "</p><form class=\"inline\" method=\"post\" "
	    "action=\"%s/days/%d\"><input type=\"hidden\" name=\"done\" "
	    "value=\"%d\"><button class=\"%s\" type=\"submit\">%s</button>"
	    "</form></section>\n", p->links.page, p->today, !done,
	    done ? "" : "primary", done ? "&#10003; Done &middot; undo" :
	    "Mark today's task done");

	/* the lesson as in the email, merge fields filled and escaped */
	buf_init(&lesson, RENDER_MAX);
	if (render_fill(&lesson, c->lessons[p->today - 1].html, &ev->v, 1) ==
	    0) {
		/* long: folded, so the tasks stay in reach on a phone */
		buf_addstr(b, "<section><details><summary><strong>Read "
		    "today's lesson</strong> (the one in your email)</summary>"
		    "<article>");
		buf_add(b, lesson.data, lesson.len);
		buf_addstr(b, "</article></details></section>\n");
	}
	buf_free(&lesson);
}

/* the scorecard's reminder and the person's baseline, latest, change */
static void
page_scores(struct buf *b, struct db *db, const struct app_conf *c,
    const struct person *p, time_t now)
{
	const struct cur_scorecard *sc = &c->cur.scorecard;
	struct score_attempt first, latest;
	enum score_due due = score_store_due(db, &c->cur, &p->e, now);
	int n = 0;

	memset(&first, 0, sizeof(first));
	memset(&latest, 0, sizeof(latest));
	if (due != SCORE_DUE_NONE) {
		buf_addstr(b, "<section class=\"note\"><p><strong>");
		buf_addstr(b, due == SCORE_DUE_BASELINE ? "Take your baseline "
		    "scorecard." : "Time to retake your scorecard.");
		buf_addstr(b, "</strong> It takes about ten minutes and shows "
		    "which areas to work on first. <a href=\"");
		pages_esc(b, p->links.scorecard);
		buf_addstr(b, "\">Open the scorecard</a></p></section>\n");
	}
	if (score_store_load(db, sc, p->e.id, &n, &first, &latest) == -1 ||
	    n == 0)
		goto out;
	buf_printf(b, "<p>Readiness index: baseline <strong>%d</strong> (",
	    first.index);
	pages_esc(b, first.band);
	buf_addstr(b, ")");
	if (n > 1) {
		buf_printf(b, ", latest <strong>%d</strong> (", latest.index);
		pages_esc(b, latest.band);
		buf_printf(b, "), change <strong>%+d</strong>", latest.index -
		    first.index);
	}
	buf_addstr(b, " &middot; <a href=\"");
	pages_esc(b, p->links.scorecard);
	buf_addstr(b, "?result=1\">see the chart</a></p>");
out:
	score_attempt_free(&first);
	score_attempt_free(&latest);
}

static void
page_progress(struct buf *b, struct db *db, const struct app_conf *c,
    const struct person *p, time_t now)
{
	int pct = p->ndone * 100 / CUR_DAYS;

	buf_printf(b, "<section><h2>Your progress</h2>"
	    "<p><span class=\"big\">%d</span> of %d tasks done &middot; "
	    "streak: %d day%s in a row</p>"
	    "<div class=\"meter\" role=\"img\" aria-label=\"%d of %d tasks "
	    "done\"><span style=\"width:%d%%\"></span></div>",
	    p->ndone, CUR_DAYS, p->streak, p->streak == 1 ? "" : "s",
	    p->ndone, CUR_DAYS, pct);
	page_scores(b, db, c, p, now);
	buf_addstr(b, "</section>\n");
}

static void
page_days(struct buf *b, const struct app_conf *c, const struct person *p,
    const struct sched_plan *plan)
{
	int i, week = 0;

	buf_addstr(b, "<section id=\"tasks\"><h2>All 30 tasks</h2>"
	    "<p class=\"small\">Tick off any day, earlier ones too; your "
	    "calendar shows the marks at its next refresh.</p>"
	    "<ol class=\"days\">\n");
	for (i = 0; i < CUR_DAYS; i++) {
		const struct cur_day *d = &c->cur.days[i];
		int done = p->days[i].done;
		struct date when;
		char date[40];

		if (d->week != week) {
			const struct cur_week *w = cur_week(&c->cur, d->week);

			week = d->week;
			buf_printf(b, "<li><strong>Week %d", week);
			if (w) {
				buf_addstr(b, ": ");
				pages_esc(b, w->title);
			}
			buf_addstr(b, "</strong></li>\n");
		}
		if (sched_day_date(plan, i + 1, &when) == 0)
			clock_format_long(when, date);
		else
			snprintf(date, sizeof(date), "date to follow (paused)");
		buf_printf(b, "<li id=\"day-%d\" class=\"%s%s\">"
		    "<span class=\"mark\">%s</span><div class=\"what\">"
		    "<strong>Day %d: ", i + 1, done ? "done" : "",
		    i + 1 == p->today ? " today" : "", done ?
		    "&#10003;<span class=\"vh\">done</span>" :
		    "&#9675;<span class=\"vh\">open</span>", i + 1);
		pages_esc(b, d->title);
		buf_addstr(b, "</strong><br>");
		pages_esc(b, d->task);
		buf_addstr(b, "<br><span class=\"small\">");
		pages_esc(b, date);
		buf_printf(b, "</span></div><form class=\"inline\" "
		    "method=\"post\" action=\"%s/days/%d\">"
		    "<input type=\"hidden\" name=\"done\" value=\"%d\">"
		    "<button type=\"submit\" aria-label=\"%s day %d\">%s"
		    "</button></form></li>\n", p->links.page, i + 1, !done,
		    done ? "Mark not done:" : "Mark done:", i + 1,
		    done ? "Undo" : "Done");
	}
	buf_addstr(b, "</ol></section>\n");
}

static void
page_links(struct buf *b, const struct person *p)
{
	buf_addstr(b, "<section id=\"calendar\"><h2>Your calendar and "
	    "scorecard</h2>"
	    "<p><a href=\"");
	pages_esc(b, p->links.scorecard);
	buf_addstr(b, "\">Score your practice: the MET Practice Readiness "
	    "Scorecard</a></p>"
	    "<p>Subscribe to your plan in your calendar app: "
	    "<a href=\"");
	pages_esc(b, p->links.webcal);
	buf_addstr(b, "\">add to calendar</a>, or paste this address into "
	    "Google Calendar (&ldquo;From URL&rdquo;) or Outlook "
	    "(&ldquo;Subscribe from web&rdquo;):</p><p class=\"url\"><code>");
	pages_esc(b, p->links.feed);
	buf_addstr(b, "</code></p><p class=\"small\">For task apps that "
	    "read to-dos: <code class=\"url\">");
	pages_esc(b, p->links.feed);
	buf_addstr(b, "?todos=1</code></p></section>\n"
	    "<p class=\"small\"><a href=\"");
	pages_esc(b, p->links.unsubscribe);
	buf_addstr(b, "\">Stop the lesson emails</a> &middot; This page is "
	    "private to you: anyone with its address can see it, so keep "
	    "it to yourself.</p>\n");
}

static void
personal_page(struct app *a, const struct http_req *rq,
    struct http_resp *rs, const char *tok)
{
	struct app_conf *c = NULL;
	struct enrollment_vars ev;
	struct sched_plan plan;
	struct person p;
	struct db *db;
	struct buf *b = &rs->body;
	char first[64], title[160];
	int r;

	if (!is(rq, "GET") && !is(rq, "HEAD")) {
		bad_method(rs, "GET, HEAD");
		return;
	}
	if ((db = app_db(a)) == NULL) {
		server_error(rs);
		return;
	}
	if ((r = person_load(a, db, tok, &p)) != 0) {
		r == 1 ? not_found(rs) : server_error(rs);
		return;
	}
	a->m.page_views++;
	c = app_conf_get(a);
	memset(&ev, 0, sizeof(ev));
	if (p.today > CUR_DAYS)
		p.today = CUR_DAYS;
	enrollment_vars(&p.e, c->cfg.base_url, c->cfg.mail_postal_address,
	    a->key, p.today ? p.today : 1, &ev);
	enrollment_plan(&p.e, &plan);

	snprintf(title, sizeof(title), "%s: %s", c->cur.title, p.e.name);
	pages_open(b, title, NULL);
	buf_addstr(b, "<header class=\"top\"><h1>");
	pages_esc(b, c->cur.title);
	buf_addstr(b, "</h1><p>");
	pages_esc(b, first_name(ev.name, first, sizeof(first)));
	buf_addstr(b, "'s plan");
	if (p.today)
		buf_printf(b, " &middot; Day %d of %d", p.today, CUR_DAYS);
	buf_addstr(b, "</p></header><main>\n");
	page_state(b, &p, &plan);
	page_progress(b, db, c, &p, app_now(a));
	if (p.today)
		page_today(b, c, &p, &ev);
	page_days(b, c, &p, &plan);
	page_links(b, &p);
	buf_addstr(b, "</main>");
	pages_close(b);
	rs->status = 200;
	rs->ctype = "text/html; charset=utf-8";
	enrollment_vars_free(&ev);
	app_conf_put(a, c);
	enrollment_free(&p.e);
}

/* POST /p/TOKEN/days/N: done=1 or done=0, then back to the page */
static void
mark_day(struct app *a, const struct http_req *rq, struct http_resp *rs,
    const char *tok, const char *rest)
{
	struct person p;
	struct form f;
	struct db *db;
	const char *v;
	long day;
	int r;

	if (parse_long(rest, 1, CUR_DAYS, &day) == -1 || rest[0] == '0' ||
	    rest[0] == '+') {
		not_found(rs);
		return;
	}
	if (!is(rq, "POST")) {
		bad_method(rs, "POST");
		return;
	}
	if ((db = app_db(a)) == NULL) {
		server_error(rs);
		return;
	}
	if ((r = person_load(a, db, tok, &p)) != 0) {
		r == 1 ? not_found(rs) : server_error(rs);
		return;
	}
	if (read_form(rq, rs, &f) == -1)
		goto out;
	v = form_get(&f, "done");
	if (v == NULL || (strcmp(v, "1") != 0 && strcmp(v, "0") != 0)) {
		plain(rs, 400, "malformed form: expected done=1 or done=0\n");
		goto out;
	}
	if (enrollment_mark(db, &p.e, (int)day, v[0] == '1', app_now(a)) ==
	    -1) {
		server_error(rs);
		goto out;
	}
	app_wrote(a);
	a->m.marks++;
	log_info("page: enrollment %lld marked day %ld %s", p.e.id, day,
	    v[0] == '1' ? "done" : "not done");
	rs->status = 303;
	snprintf(rs->location, sizeof(rs->location), "%s#day-%ld",
	    p.links.page, day);
	buf_addstr(&rs->body, "see the page\n");
out:
	form_free(&f);
	enrollment_free(&p.e);
}

/* ---- the scorecard -------------------------------------------------- */

/* the scorecard form, or with ?result=1 the latest result */
static void
scorecard_get(struct app *a, const struct http_req *rq,
    struct http_resp *rs, struct db *db, const struct app_conf *c,
    const struct person *p)
{
	const struct cur_scorecard *sc = &c->cur.scorecard;
	const char *res = http_req_arg(rq, "result");
	struct score_attempt first, latest;
	struct buf *b = &rs->body;
	int n = 0;

	(void)a;
	memset(&first, 0, sizeof(first));
	memset(&latest, 0, sizeof(latest));
	if (score_store_load(db, sc, p->e.id, &n, &first, &latest) == -1) {
		server_error(rs);
		return;
	}
	pages_open(b, sc->title, score_page_css);
	buf_addstr(b, "<main>");
	if (res && strcmp(res, "1") == 0 && n > 0)
		score_page_result(b, &c->cur, &first, &latest, n, p->e.tz,
		    p->links.scorecard);
	else {
		if (n > 0) {
			buf_addstr(b, "<p class=\"small\"><a href=\"");
			pages_esc(b, p->links.scorecard);
			buf_printf(b, "?result=1\">Your latest result</a>: "
			    "index %d, ", latest.index);
			pages_esc(b, latest.band);
			buf_addstr(b, ". Your last answers are filled in "
			    "below.</p>");
		}
		score_page_form(b, sc, p->links.scorecard, n ? latest.v :
		    NULL, NULL);
	}
	buf_addstr(b, "<p class=\"small\"><a href=\"");
	pages_esc(b, p->links.page);
	buf_addstr(b, "\">Back to your plan</a></p></main>");
	pages_close(b);
	rs->status = 200;
	rs->ctype = "text/html; charset=utf-8";
	score_attempt_free(&first);
	score_attempt_free(&latest);
}

/*
 * A complete submission is stored as a new attempt and answered 303 to
 * the result, so reloading it stores nothing twice; one with problems
 * comes back as the form, problems marked, nothing stored (422).
 */
static void
scorecard_post(struct app *a, const struct http_req *rq,
    struct http_resp *rs, struct db *db, const struct app_conf *c,
    const struct person *p)
{
	const struct cur_scorecard *sc = &c->cur.scorecard;
	struct score_problems probs;
	struct score_attempt first, latest;
	struct form f;
	struct buf *b = &rs->body;
	int *v = NULL, n = 0;

	memset(&probs, 0, sizeof(probs));
	memset(&first, 0, sizeof(first));
	memset(&latest, 0, sizeof(latest));
	if (read_form(rq, rs, &f) == -1)
		return;
	v = xcalloc(score_nitems(sc) ? score_nitems(sc) : 1, sizeof(int));
	if (score_answers_from_form(sc, form_lookup, &f, v, &probs) == -1) {
		pages_open(b, sc->title, score_page_css);
		buf_addstr(b, "<main>");
		score_page_form(b, sc, p->links.scorecard, v, &probs);
		buf_addstr(b, "</main>");
		pages_close(b);
		rs->status = 422;
		rs->ctype = "text/html; charset=utf-8";
		goto out;
	}
	if (score_store_take(db, sc, p->e.id, v, "web", app_now(a), &n,
	    &first, &latest) == -1) {
		server_error(rs);
		goto out;
	}
	app_wrote(a);
	log_info("scorecard: enrollment %lld scored %d", p->e.id,
	    latest.index);
	rs->status = 303;
	snprintf(rs->location, sizeof(rs->location), "%s?result=1",
	    p->links.scorecard);
	buf_addstr(b, "see the result\n");
out:
	form_free(&f);
	free(v);
	score_problems_free(&probs);
	score_attempt_free(&first);
	score_attempt_free(&latest);
}

static void
scorecard(struct app *a, const struct http_req *rq, struct http_resp *rs,
    const char *tok)
{
	struct app_conf *c;
	struct person p;
	struct db *db;
	int post = is(rq, "POST"), r;

	if (!post && !is(rq, "GET") && !is(rq, "HEAD")) {
		bad_method(rs, "GET, HEAD, POST");
		return;
	}
	if ((db = app_db(a)) == NULL) {
		server_error(rs);
		return;
	}
	if ((r = person_load(a, db, tok, &p)) != 0) {
		r == 1 ? not_found(rs) : server_error(rs);
		return;
	}
	c = app_conf_get(a);
	if (post)
		scorecard_post(a, rq, rs, db, c, &p);
	else
		scorecard_get(a, rq, rs, db, c, &p);
	app_conf_put(a, c);
	enrollment_free(&p.e);
}

/* ---- unsubscribe ------------------------------------------------------ */

/*
 * The same answer whatever the token: a page that names no one, so the
 * route tells a prober nothing.  Only a database failure differs (500,
 * so a mailbox provider's one-click POST is retried).
 */
static void
unsubscribe(struct app *a, const struct http_req *rq, struct http_resp *rs,
    const char *tok)
{
	struct app_conf *c;
	struct enrollment e;
	struct form f;
	struct db *db;
	struct buf *b = &rs->body;
	int post = is(rq, "POST"), r;

	if (!post && !is(rq, "GET") && !is(rq, "HEAD")) {
		bad_method(rs, "GET, HEAD, POST");
		return;
	}
	if (post) {
		if (read_form(rq, rs, &f) == -1)
			return;
		form_free(&f);
		a->m.unsubscribes++;
		if ((db = app_db(a)) == NULL) {
			server_error(rs);
			return;
		}
		r = enrollment_by_token(db, TOKEN_UNSUBSCRIBE, tok, TOKEN_LEN,
		    &e);
		if (r == -1 || (r == 0 && enrollment_unsubscribe(db, e.id,
		    app_now(a)) == -1)) {
			enrollment_free(&e);
			server_error(rs);
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
		pages_esc(b, c->cfg.base_url);
		buf_printf(b, "/unsubscribe/%s\"><input type=\"hidden\" "
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

	if (!is(rq, "GET") && !is(rq, "HEAD")) {
		bad_method(rs, "GET, HEAD");
		return;
	}
	if ((db = app_db(a)) != NULL && (st = db_cached(db,
	    "SELECT count(*) FROM enrollment WHERE id = 0")) != NULL) {
		ok = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
	}
	plain(rs, ok ? 200 : 503, ok ? "ok\n" : "database unavailable\n");
}

static void
metrics(struct app *a, const struct http_req *rq, struct http_resp *rs)
{
	struct db *db;

	if (!is(rq, "GET") && !is(rq, "HEAD")) {
		bad_method(rs, "GET, HEAD");
		return;
	}
	if ((db = app_db(a)) == NULL || metrics_render(a, db, &rs->body) ==
	    -1) {
		server_error(rs);
		return;
	}
	rs->status = 200;
	rs->ctype = "text/plain; version=0.0.4; charset=utf-8";
}

/* ---- routing ---------------------------------------------------------- */

static void
route(struct app *a, const struct http_req *rq, struct http_resp *rs)
{
	char tok[TOKEN_LEN + 1];
	const char *rest;

	if (strcmp(rq->path, "/healthz") == 0)
		healthz(a, rq, rs);
	else if (strcmp(rq->path, "/metrics") == 0)
		metrics(a, rq, rs);
	else if ((rest = token_in(rq->path, "/feed/", tok)) != NULL &&
	    strcmp(rest, ".ics") == 0)
		feed(a, rq, rs, tok);
	else if ((rest = token_in(rq->path, "/p/", tok)) != NULL &&
	    *rest == '\0')
		personal_page(a, rq, rs, tok);
	else if (rest && strncmp(rest, "/days/", 6) == 0)
		mark_day(a, rq, rs, tok, rest + 6);
	else if (rest && strcmp(rest, "/scorecard") == 0)
		scorecard(a, rq, rs, tok);
	else if ((rest = token_in(rq->path, "/cohort/", tok)) != NULL &&
	    strcmp(rest, ".ics") == 0)
		cohort_feed(a, rq, rs, tok);
	else if ((rest = token_in(rq->path, "/unsubscribe/", tok)) != NULL &&
	    *rest == '\0')
		unsubscribe(a, rq, rs, tok);
	else
		not_found(rs);
}

void
pages_handle(void *arg, const struct http_req *rq, struct http_resp *rs)
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
