/*
 * pages_person.c - the participant's own pages (see pages_person.h): the
 * personal page with today's task and lesson, progress, the 30 tasks and
 * their done buttons, and the scorecard's form and result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "catchup.h"
#include "enrollment.h"
#include "feed.h"
#include "form.h"
#include "log.h"
#include "pages.h"
#include "pages_followon.h"
#include "pages_person.h"
#include "pages_settings.h"
#include "score_page.h"
#include "score_store.h"
#include "tz.h"
#include "util.h"

/* ---- the personal page ------------------------------------------------ */

struct person {
	struct enrollment	 e;
	struct feed_day		 days[CUR_DAYS];
	struct token_links	 links;
	char			 tok[TOKEN_LEN + 1];	/* the page's */
	/*
	 * What leads from the document's folder to /p/: "" at /p/TOKEN,
	 * "../" when a POST to /p/TOKEN/settings shows the page again.
	 */
	const char		*up;
	int			 today;		/* plan day, 0 before day 1 */
	/* enrollment_paused_until: 0, 1 open, 2 dated (paused_until) */
	int			 paused;
	struct date		 paused_until;
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
	memcpy(p->tok, page, sizeof(p->tok));
	token_links(c->cfg.base_url, page, fd, un, &p->links);
	app_conf_put(a, c);
	p->today = enrollment_plan_day(&p->e, app_now(a));
	p->paused = enrollment_paused_until(&p->e, app_now(a),
	    &p->paused_until);
	for (i = 0; i < CUR_DAYS; i++) {
		done[i] = p->days[i].done;
		p->ndone += done[i];
	}
	p->streak = enrollment_streak(done, p->today);
	return 0;
}

/* the person behind tok and this thread's database; NULL after 404/500 */
static struct db *
person_open(struct app *a, struct http_resp *rs, const char *tok,
    struct person *p)
{
	struct db *db;
	int r;

	if ((db = app_db(a)) == NULL) {
		pages_server_error(rs);
		return NULL;
	}
	if ((r = person_load(a, db, tok, p)) != 0) {
		r == 1 ? pages_link_gone(rs) : pages_server_error(rs);
		return NULL;
	}
	return db;
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

	if (p->paused == 2) {
		clock_format_long(p->paused_until, when);
		buf_addstr(b, "<section class=\"note\"><p>Your plan is "
		    "<strong>paused until ");
		pages_esc(b, when);
		buf_addstr(b, "</strong>: no lessons are sent before then, "
		    "and the plan picks up again by itself from then. You can "
		    "resume sooner under <a href=\"#settings\">your "
		    "settings</a>.</p></section>\n");
	} else if (p->paused)
		buf_addstr(b, "<section class=\"note\"><p>Your plan is "
		    "<strong>paused</strong>: no lessons are sent and the "
		    "dates ahead move on when it resumes. You can resume it "
		    "under <a href=\"#settings\">your settings</a>.</p>"
		    "</section>\n");
	else if (strcmp(p->e.state, "unsubscribed") == 0)
		buf_addstr(b, "<section class=\"note\"><p>You have "
		    "<strong>unsubscribed</strong>: no more lesson emails "
		    "will come. This page and your calendar keep working, so "
		    "you can still work through the tasks.</p></section>\n");
	else if (strcmp(p->e.state, "bounced") == 0)
		buf_addstr(b, "<section class=\"note\"><p>Lesson emails "
		    "have <strong>stopped</strong>: your mail server "
		    "returned them as undeliverable. This page and your "
		    "calendar keep working; ask your coach to send them to "
		    "another address.</p></section>\n");
	else if (strcmp(p->e.state, "complained") == 0)
		buf_addstr(b, "<section class=\"note\"><p>Lesson emails "
		    "have <strong>stopped</strong>: they were reported as "
		    "unwanted. This page and your calendar keep working."
		    "</p></section>\n");
	else if (strcmp(p->e.state, "unenrolled") == 0)
		buf_addstr(b, "<section class=\"note\"><p>This plan has "
		    "been <strong>stopped</strong> and no more lessons will "
		    "be sent.</p></section>\n");
	else if (strcmp(p->e.state, "completed") == 0)
		buf_addstr(b, "<section class=\"note\"><p>Every lesson "
		    "has been sent. Finish any open tasks below and turn "
		    "your weakest areas into your 90-day plan.</p>"
		    "</section>\n");
	/* a promise of mail only to someone who will still get it */
	if (p->today == 0 && !p->paused && strcmp(p->e.state, "active") == 0 &&
	    sched_day_date(plan, 1, &d) == 0) {
		clock_format_long(d, when);
		buf_addstr(b, "<section class=\"note\"><p>Your plan starts "
		    "on <strong>");
		pages_esc(b, when);
		buf_addstr(b, "</strong>; the first lesson arrives that "
		    "morning.</p></section>\n");
	}
}

/*
 * Three or more tasks still open before today: the oldest, each linked
 * to its row below, where it can be ticked off.  The lesson email of the
 * day starts with the same box.
 */
static void
page_catch_up(struct buf *b, const struct app_conf *c,
    const struct person *p)
{
	unsigned done = 0;
	int days[CATCHUP_MIN], n, i;

	/* after Day 30 the note above already points at the open tasks */
	if (strcmp(p->e.state, "completed") == 0)
		return;
	for (i = 0; i < CUR_DAYS; i++)
		if (p->days[i].done)
			done |= 1u << i;
	if ((n = catchup_oldest(done, p->today, days)) < CATCHUP_MIN)
		return;
	buf_printf(b, "<section class=\"note\" id=\"catch-up\"><p><strong>"
	    "Catching up:</strong> you have %d open tasks from earlier days. "
	    "The oldest three:</p><ul>", n);
	for (i = 0; i < CATCHUP_MIN; i++) {
		buf_printf(b, "<li><a href=\"#day-%d\">Day %d</a>: ", days[i],
		    days[i]);
		pages_esc(b, c->cur.days[days[i] - 1].task);
		buf_addstr(b, "</li>");
	}
	buf_addstr(b, "</ul><p>Do one today if you can, or tick off what you "
	    "have done in the list below.</p></section>\n");
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
		buf_addstr(b, " &middot; ");
		pages_esc(b, w->label);
		buf_addstr(b, ", ");
		pages_esc(b, w->title);
	}
	buf_addstr(b, "</h2><p class=\"big\" style=\"font-size:1.3rem\">");
	pages_esc(b, d->title);
	buf_addstr(b, "</p><p>");
	pages_esc(b, d->objective);
	buf_addstr(b, "</p><p><strong>Today's task:</strong> ");
	pages_esc(b, d->task);
	/*
	 * Form actions are relative to the page (/p/TOKEN), so they post
	 * to the host the page was opened on: form-action 'self' blocks a
	 * post to base_url's host when that is another name.
	 */
	buf_addstr(b, "</p><form class=\"inline\" method=\"post\" "
	    "action=\"");
	buf_printf(b, "%s%s/days/%d\"><input type=\"hidden\" name=\"done\" "
	    "value=\"%d\"><button class=\"%s\" type=\"submit\">%s</button>"
	    "</form></section>\n", p->up, p->tok, p->today, !done,
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
			buf_addstr(b, "<li><strong>");
			if (w) {
				pages_esc(b, w->label);
				buf_addstr(b, ": ");
				pages_esc(b, w->title);
			} else
				buf_printf(b, "Week %d", week);
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
		buf_addstr(b, "</span></div><form class=\"inline\" "
		    "method=\"post\" action=\"");
		buf_printf(b, "%s%s/days/%d\">"
		    "<input type=\"hidden\" name=\"done\" value=\"%d\">"
		    "<button type=\"submit\" aria-label=\"%s day %d\">%s"
		    "</button></form></li>\n", p->up, p->tok, i + 1, !done,
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

/* a POST's problem, said where the page begins: the form is further down */
static void
page_problem(struct buf *b, const struct pages_settings *in)
{
	if (in == NULL || !pages_settings_bad(in))
		return;
	buf_addstr(b, "<section class=\"note\" role=\"alert\"><p>"
	    "<strong>Nothing was changed.</strong> ");
	/* a refusal that is no field's is said here; a field's by it */
	if (in->problem[PS_OTHER]) {
		pages_esc(b, in->problem[PS_OTHER]);
		buf_addstr(b, ".");
	} else
		buf_addstr(b, "See the problem marked under <a "
		    "href=\"#settings\">your settings</a>.");
	buf_addstr(b, "</p></section>\n");
}

void
pages_person_show(struct app *a, struct http_resp *rs, const char *tok,
    const struct pages_settings *in, int status)
{
	struct app_conf *c = NULL;
	struct enrollment_vars ev;
	struct sched_plan plan;
	struct person p;
	struct db *db;
	struct buf *b = &rs->body;
	char first[64], title[160];

	if ((db = person_open(a, rs, tok, &p)) == NULL)
		return;
	p.up = in ? "../" : "";
	c = app_conf_get(a);
	memset(&ev, 0, sizeof(ev));
	if (p.today > CUR_DAYS)
		p.today = CUR_DAYS;
	enrollment_vars(&p.e, c->cfg.base_url, c->cfg.mail_footer,
	    a->key, p.today ? p.today : 1, &ev);
	enrollment_plan(&p.e, &plan);

	snprintf(title, sizeof(title), "%s: %s", c->cur.title, p.e.name);
	pages_open(b, title, pages_settings_css);
	buf_addstr(b, "<header class=\"top\"><h1>");
	pages_esc(b, c->cur.title);
	buf_addstr(b, "</h1><p>");
	pages_esc(b, first_name(ev.name, first, sizeof(first)));
	buf_addstr(b, "'s plan");
	if (p.today)
		buf_printf(b, " &middot; Day %d of %d", p.today, CUR_DAYS);
	buf_addstr(b, "</p></header><main>\n");
	page_problem(b, in);
	page_state(b, &p, &plan);
	page_catch_up(b, c, &p);
	page_progress(b, db, c, &p, app_now(a));
	pages_followon_section(b, db, &c->cur, &p.e, app_now(a), p.up, p.tok);
	if (p.today)
		page_today(b, c, &p, &ev);
	page_days(b, c, &p, &plan);
	pages_settings_section(b, a, &p.e, app_now(a), p.up, p.tok, in);
	page_links(b, &p);
	buf_addstr(b, "</main>");
	pages_close(b);
	rs->status = status;
	rs->ctype = "text/html; charset=utf-8";
	enrollment_vars_free(&ev);
	app_conf_put(a, c);
	enrollment_free(&p.e);
}

void
pages_person(struct app *a, const struct http_req *rq,
    struct http_resp *rs, const char *tok)
{
	if (!pages_is(rq, "GET") && !pages_is(rq, "HEAD")) {
		pages_bad_method(rs, "GET, HEAD");
		return;
	}
	a->m.page_views++;
	pages_person_show(a, rs, tok, NULL, 200);
}

/* POST /p/TOKEN/days/N: done=1 or done=0, then back to the page */
void
pages_mark_day(struct app *a, const struct http_req *rq, struct http_resp *rs,
    const char *tok, const char *rest)
{
	struct person p;
	struct form f;
	struct db *db;
	const char *v;
	long day;

	if (parse_long(rest, 1, CUR_DAYS, &day) == -1 || rest[0] == '0' ||
	    rest[0] == '+') {
		pages_not_found(rs);
		return;
	}
	if (!pages_is(rq, "POST")) {
		pages_bad_method(rs, "POST");
		return;
	}
	if ((db = person_open(a, rs, tok, &p)) == NULL)
		return;
	if (pages_read_form(rq, rs, &f) == -1)
		goto out;
	v = form_get(&f, "done");
	if (v == NULL || (strcmp(v, "1") != 0 && strcmp(v, "0") != 0)) {
		pages_plain(rs, 400, "malformed form: expected done=1 or done=0\n");
		goto out;
	}
	if (enrollment_mark(db, &p.e, (int)day, v[0] == '1', app_now(a)) ==
	    -1) {
		pages_server_error(rs);
		goto out;
	}
	app_wrote(a);
	a->m.marks++;
	log_info("page: enrollment %lld marked day %ld %s", p.e.id, day,
	    v[0] == '1' ? "done" : "not done");
	/*
	 * Relative to /p/TOKEN/days/N, like the form: browsers hold the
	 * redirect after a post to form-action 'self' too.
	 */
	rs->status = 303;
	snprintf(rs->location, sizeof(rs->location), "../../%s#day-%ld",
	    p.tok, day);
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
		pages_server_error(rs);
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
		score_page_form(b, sc, "scorecard", n ? latest.v : NULL,
		    NULL);
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
	if (pages_read_form(rq, rs, &f) == -1)
		return;
	v = xcalloc(score_nitems(sc) ? score_nitems(sc) : 1, sizeof(int));
	if (score_answers_from_form(sc, form_lookup, &f, v, &probs) == -1) {
		pages_open(b, sc->title, score_page_css);
		buf_addstr(b, "<main>");
		score_page_form(b, sc, "scorecard", v, &probs);
		buf_addstr(b, "</main>");
		pages_close(b);
		rs->status = 422;
		rs->ctype = "text/html; charset=utf-8";
		goto out;
	}
	if (score_store_take(db, sc, p->e.id, v, "web", app_now(a), &n,
	    &first, &latest) == -1) {
		pages_server_error(rs);
		goto out;
	}
	app_wrote(a);
	log_info("scorecard: enrollment %lld scored %d", p->e.id,
	    latest.index);
	rs->status = 303;
	/* relative to /p/TOKEN/scorecard, as its form's action is */
	snprintf(rs->location, sizeof(rs->location), "scorecard?result=1");
	buf_addstr(b, "see the result\n");
out:
	form_free(&f);
	free(v);
	score_problems_free(&probs);
	score_attempt_free(&first);
	score_attempt_free(&latest);
}

void
pages_scorecard(struct app *a, const struct http_req *rq, struct http_resp *rs,
    const char *tok)
{
	struct app_conf *c;
	struct person p;
	struct db *db;
	int post = pages_is(rq, "POST");

	if (!post && !pages_is(rq, "GET") && !pages_is(rq, "HEAD")) {
		pages_bad_method(rs, "GET, HEAD, POST");
		return;
	}
	if ((db = person_open(a, rs, tok, &p)) == NULL)
		return;
	c = app_conf_get(a);
	if (post)
		scorecard_post(a, rq, rs, db, c, &p);
	else
		scorecard_get(a, rq, rs, db, c, &p);
	app_conf_put(a, c);
	enrollment_free(&p.e);
}

