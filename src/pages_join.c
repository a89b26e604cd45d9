/*
 * pages_join.c - the public signup: GET/POST /join[/NAME] and GET/POST
 * /confirm/TOKEN (see pages.h).
 *
 * /join/NAME is published while cohort NAME has signup on, /join while
 * signup.open is true; anything else is the one 404 an unknown name
 * gets.  The form is plain HTML (no scripts) with a hidden honeypot.
 *
 * A POST answers the same "check your inbox" page, byte for byte,
 * whatever became of it: mailed, held (the address is bounced,
 * complained about or blocked, or over its emails for the day), a
 * known, enrolled or unknown address, or a robot that filled the
 * honeypot.  Only a bad field (422, marked) and the client's own hourly
 * limit (429) answer otherwise, and neither says anything about the
 * address.
 *
 * No Origin or form-token check guards the POST, on purpose: the form
 * is meant to be posted from the operator's landing pages on other
 * sites, and a forged cross-site POST can do nothing a direct one
 * cannot: queue one confirmation email, within the limits.  Nothing is
 * joined until the owner of the inbox presses the button behind the
 * emailed link; that POST, like the personal page's, is authorised by
 * the unguessable token in its path, and a GET of the link changes
 * nothing (mail scanners open every link in a message).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "app.h"
#include "cohort_store.h"
#include "enrollment.h"
#include "form.h"
#include "log.h"
#include "net.h"
#include "pages.h"
#include "pages_join.h"
#include "pages_settings.h"
#include "signup.h"
#include "signup_store.h"
#include "tz.h"
#include "util.h"

static const char join_css[] =
    "form.join p{margin:0 0 .9rem}"
    "form.join label{font-weight:600;display:block;margin:0 0 .25rem}"
    "form.join input,form.join select{font:inherit;padding:.5rem;"
    "border:1px solid #8a9aa3;border-radius:6px;min-height:2.75rem;"
    "width:100%;max-width:28rem;background:#fff;color:inherit}"
    "form.join input[type=time]{width:auto;min-width:9rem}"
    "form.join [aria-invalid=true]{border:2px solid #a4262c}"
    "form.join button{min-height:2.75rem;padding:.5rem 1.2rem}"
    ".problem{color:#a4262c;font-weight:600;margin:.25rem 0 0}"
    "p.problem.lead{margin:0 0 1rem}"
    /* off screen, not display:none: robots skip what is not shown */
    ".hp{position:absolute;left:-10000px;width:1px;height:1px;"
    "overflow:hidden}";

/* what a form page shows: its target and what was posted */
struct join_target {
	const char	*name;		/* the cohort's, NULL: the program */
	struct cohort	 cohort;
	const char	*tz;		/* the zone offered first */
};

static void
page_start(struct buf *b, const struct app_conf *c, const char *title)
{
	pages_open(b, title, join_css);
	buf_addstr(b, "<header class=\"top\"><h1>");
	pages_esc(b, c->cur.title);
	buf_addstr(b, "</h1></header><main>");
}

static void
page_end(struct http_resp *rs, int status)
{
	buf_addstr(&rs->body, "</main>");
	pages_close(&rs->body);
	rs->status = status;
	rs->ctype = "text/html; charset=utf-8";
}

/* a page of one fixed section: html, under title, answered as status */
static void
notice_page(struct app *a, struct http_resp *rs, const char *title,
    const char *html, int status)
{
	struct app_conf *c = app_conf_get(a);

	buf_reset(&rs->body);
	page_start(&rs->body, c, title);
	buf_addstr(&rs->body, html);
	page_end(rs, status);
	app_conf_put(a, c);
}

/* the one answer for a name with no signup: unknown, or closed */
static void
no_signup(struct app *a, struct http_resp *rs)
{
	notice_page(a, rs, "No signup here", "<section><h2>There is no "
	    "signup here</h2><p>This signup page is not open. If you were "
	    "given this link, ask the program for a current one.</p>"
	    "</section>", 404);
}

/* appends s percent-encoded as one path segment (libcurl's escape) */
static void
add_segment(struct buf *b, const char *s)
{
	char *e = curl_easy_escape(NULL, s, 0);

	buf_addstr(b, e ? e : "");
	curl_free(e);
}

static void
problem_attr(struct buf *b, const struct signup_in *in, int i)
{
	if (in && in->problem[i])
		buf_printf(b, " aria-invalid=\"true\" aria-describedby=\"%s-"
		    "problem\"", signup_field[i]);
}

static void
problem_text(struct buf *b, const struct signup_in *in, int i)
{
	if (in == NULL || in->problem[i] == NULL)
		return;
	buf_printf(b, "<p class=\"problem\" id=\"%s-problem\">",
	    signup_field[i]);
	pages_esc(b, in->problem[i]);
	buf_addstr(b, "</p>");
}

/* a text input of field i, its value what was posted or dflt */
static void
input(struct buf *b, const struct signup_in *in, int i, const char *type,
    const char *label, const char *extra, const char *dflt)
{
	const char *v = in && in->value[i] ? in->value[i] : dflt;

	buf_printf(b, "<p><label for=\"%s\">%s</label><input type=\"%s\" "
	    "id=\"%s\" name=\"%s\" required%s%s", signup_field[i], label,
	    type, signup_field[i], signup_field[i], *extra ? " " : "", extra);
	if (v) {
		buf_addstr(b, " value=\"");
		pages_esc(b, v);
		buf_addstr(b, "\"");
	}
	problem_attr(b, in, i);
	buf_addstr(b, ">");
	problem_text(b, in, i);
	buf_addstr(b, "</p>");
}

/* when the plan starts for someone who confirms soon, in words */
static void
start_note(struct buf *b, const struct join_target *t, const struct cfg *cfg,
    time_t now)
{
	struct date d;
	char when[40];

	if (t->name && cohort_start_for(&t->cohort, t->cohort.webinar_tz,
	    cfg->send_at_minutes, now, &d) == 0 &&
	    clock_date_cmp(d, t->cohort.start) == 0) {
		clock_format_long(d, when);
		buf_addstr(b, "<p>This group starts the plan together on "
		    "<strong>");
		pages_esc(b, when);
		buf_addstr(b, "</strong>. Sign up before then and your first "
		    "lesson comes that morning.</p>");
		return;
	}
	buf_addstr(b, "<p>Your Day 1 is the next morning after you confirm, "
	    "at the time you choose below.</p>");
}

static void
form_page(struct app *a, struct http_resp *rs, const struct join_target *t,
    const struct signup_in *in, int status)
{
	struct app_conf *c = app_conf_get(a);
	struct buf *b = &rs->body;
	const char *tz = in && in->value[SU_TZ] && tz_known(in->value[SU_TZ]) ?
	    in->value[SU_TZ] : t->tz;

	buf_reset(b);
	page_start(b, c, "Sign up");
	buf_addstr(b, "<section><h2>Join the ");
	pages_esc(b, c->cur.title);
	buf_addstr(b, "</h2><p>One short lesson email each morning for 30 "
	    "days, each with one practical task, a calendar you can "
	    "subscribe to, and a personal page to tick the tasks off. It is "
	    "free, and you can stop at any time.</p>");
	start_note(b, t, &c->cfg, app_now(a));
	if (in)
		buf_addstr(b, "<p class=\"problem lead\">Please check the "
		    "marked fields.</p>");
	/* relative: the page may be opened under another host name */
	buf_addstr(b, "<form class=\"join\" method=\"post\" action=\"");
	add_segment(b, t->name ? t->name : "join");
	buf_addstr(b, "\">");
	input(b, in, SU_NAME, "text", "Your name",
	    "maxlength=\"200\" autocomplete=\"name\"", NULL);
	input(b, in, SU_EMAIL, "email", "Email address",
	    "maxlength=\"254\" autocomplete=\"email\"", NULL);
	buf_printf(b, "<p><label for=\"tz\">Your time zone</label><select "
	    "id=\"tz\" name=\"tz\" required");
	problem_attr(b, in, SU_TZ);
	buf_addstr(b, ">");
	pages_zone_options(b, a->zones, tz);
	buf_addstr(b, "</select>");
	problem_text(b, in, SU_TZ);
	buf_addstr(b, "</p>");
	input(b, in, SU_SEND_AT, "time", "Lessons arrive at", "",
	    c->cfg.schedule_send_at);
	buf_addstr(b, "<p class=\"hp\" aria-hidden=\"true\"><label for=\""
	    SIGNUP_HONEYPOT "\">Leave this empty</label><input type=\"text\" "
	    "id=\"" SIGNUP_HONEYPOT "\" name=\"" SIGNUP_HONEYPOT "\" "
	    "tabindex=\"-1\" autocomplete=\"off\"></p>"
	    "<p><button class=\"primary\" type=\"submit\">Sign up</button></p>"
	    "<p class=\"small\">We send one email to confirm the address. "
	    "Nothing starts until you press the button it links to.</p>"
	    "</form></section>");
	page_end(rs, status);
	app_conf_put(a, c);
}

/* the same bytes for every POST that was taken, or ignored */
static void
inbox_page(struct app *a, struct http_resp *rs)
{
	struct app_conf *c = app_conf_get(a);
	struct buf *b = &rs->body;

	buf_reset(b);
	page_start(b, c, "Check your inbox");
	buf_printf(b, "<section><h2>Check your inbox</h2><p>If the address "
	    "can be signed up, an email with a confirmation link is on its "
	    "way to it now. Open the link and press the button on the page "
	    "to start the plan.</p><p>The link works for %ld hours. Nothing "
	    "after a few minutes? Look in the spam or promotions folder, or "
	    "sign up again with the address checked.</p></section>",
	    c->cfg.signup_confirm_hours);
	page_end(rs, 200);
	app_conf_put(a, c);
}

static void
too_many(struct app *a, struct http_resp *rs)
{
	notice_page(a, rs, "Too many signups", "<section><h2>Too many "
	    "signups from your network</h2><p>Please try again in an hour."
	    "</p></section>", 429);
}

/*
 * The address signups are counted against: the connection's, or, when
 * that is a trusted reverse proxy on http.unlimited_from, the last
 * address it added to X-Forwarded-For (what the proxy itself saw).
 */
static void
client_address(const struct cfg *cfg, const struct http_req *rq,
    char out[NET_ADDRSTRLEN])
{
	unsigned char me[NET_ADDRLEN], x[NET_ADDRLEN];
	const char *xff = http_req_header(rq, "X-Forwarded-For"), *last;
	char word[NET_ADDRSTRLEN];
	size_t i, n;
	int trusted = 0;

	snprintf(out, NET_ADDRSTRLEN, "%s", rq->client[0] ? rq->client :
	    "unknown");
	if (xff == NULL || net_addr_parse(rq->client, me) == -1)
		return;
	for (i = 0; i < cfg->http_unlimited_from.n && !trusted; i++)
		trusted = net_addr_parse(cfg->http_unlimited_from.v[i], x) ==
		    0 && memcmp(x, me, NET_ADDRLEN) == 0;
	if (!trusted)
		return;
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	last += strspn(last, " \t");
	n = strcspn(last, " \t");
	if (n == 0 || n >= sizeof(word))
		return;
	memcpy(word, last, n);
	word[n] = '\0';
	if (net_addr_parse(word, x) == 0)
		net_addr_str(x, out);
}

static void
join_post(struct app *a, const struct http_req *rq, struct http_resp *rs,
    const struct join_target *t)
{
	struct app_conf *c = NULL;
	struct signup_limits lim;
	struct signup_req r;
	struct signup_in in;
	enum signup_fate fate;
	struct form f;
	struct db *db;
	char client[NET_ADDRSTRLEN];
	int bad;

	if (pages_read_form(rq, rs, &f) == -1)
		goto out;
	bad = signup_check(&in, form_lookup, &f) == -1;
	/* a robot learns nothing, not even about its other fields */
	if (in.honeypot) {
		log_info("signup: the hidden field was filled; ignored");
		inbox_page(a, rs);
		goto out;
	}
	if (bad) {
		form_page(a, rs, t, &in, 422);
		goto out;
	}
	if ((db = app_db(a)) == NULL) {
		pages_server_error(rs);
		goto out;
	}
	c = app_conf_get(a);
	client_address(&c->cfg, rq, client);
	memset(&r, 0, sizeof(r));
	r.email = in.value[SU_EMAIL];
	r.name = in.value[SU_NAME];
	r.tz = in.value[SU_TZ];
	r.send_minutes = in.send_minutes;
	r.cohort_id = t->name ? t->cohort.id : 0;
	r.client = client;
	lim.per_ip_per_hour = c->cfg.signup_per_ip_per_hour;
	lim.per_address_per_day = c->cfg.signup_per_address_per_day;
	if (signup_store_request(db, &r, &lim, app_now(a), a->key,
	    &fate) == -1) {
		pages_server_error(rs);
		goto out;
	}
	/* never the address or the client: the fate is enough to follow */
	log_info("signup: %s%s%s", signup_fate_str(fate), t->name ?
	    " for cohort " : "", t->name ? t->name : "");
	if (fate == SIGNUP_TOO_MANY) {
		too_many(a, rs);
		goto out;
	}
	app_wrote(a);
	if (fate == SIGNUP_MAIL)
		app_wake(a);
	inbox_page(a, rs);
out:
	if (c)
		app_conf_put(a, c);
	form_free(&f);
}

void
pages_join(struct app *a, const struct http_req *rq, struct http_resp *rs,
    const char *name)
{
	struct join_target t;
	struct app_conf *c;
	struct db *db;
	int on = 0, x;

	memset(&t, 0, sizeof(t));
	if (!pages_is(rq, "GET") && !pages_is(rq, "HEAD") &&
	    !pages_is(rq, "POST")) {
		pages_bad_method(rs, "GET, HEAD, POST");
		return;
	}
	c = app_conf_get(a);
	on = c->cfg.signup_open;
	t.tz = c->cfg.schedule_tz;
	if (name) {
		if ((db = app_db(a)) == NULL) {
			app_conf_put(a, c);
			pages_server_error(rs);
			return;
		}
		if ((x = signup_store_cohort(db, name, &t.cohort, &on)) == -1) {
			app_conf_put(a, c);
			pages_server_error(rs);
			return;
		}
		if (x == 0) {
			t.name = t.cohort.name;
			t.tz = t.cohort.webinar_tz;
		} else
			on = 0;
	}
	if (!on)
		no_signup(a, rs);
	else if (pages_is(rq, "POST"))
		join_post(a, rq, rs, &t);
	else
		form_page(a, rs, &t, NULL, 200);
	app_conf_put(a, c);
	if (name)
		cohort_free(&t.cohort);
}

/* ---- the confirmation link -------------------------------------------- */

/* the form the signup came from, relative to /confirm/TOKEN */
static void
back_link(struct buf *b, const struct signup_row *s)
{
	buf_addstr(b, "<a href=\"../join");
	if (s->cohort) {
		buf_addstr(b, "/");
		add_segment(b, s->cohort);
	}
	buf_addstr(b, "\">sign up again</a>");
}

static void
expired_page(struct app *a, struct http_resp *rs, const struct signup_row *s)
{
	struct app_conf *c = app_conf_get(a);
	struct buf *b = &rs->body;

	buf_reset(b);
	page_start(b, c, "Link expired");
	buf_printf(b, "<section><h2>This link has expired</h2><p>Confirmation "
	    "links work for %ld hours, and this one is older. Nothing was "
	    "changed. To join, ", c->cfg.signup_confirm_hours);
	back_link(b, s);
	buf_addstr(b, " and use the new link we send.</p></section>");
	page_end(rs, 410);
	app_conf_put(a, c);
}

/* "Day 1 comes on ..." for the person's open plan, if there is one */
static void
first_day(struct db *db, struct buf *b, const char *email)
{
	struct enrollment e;
	struct sched_plan plan;
	struct date d1;
	char when[40];

	if (enrollment_find(db, email, &e) != 0)
		return;
	enrollment_plan(&e, &plan);
	if ((strcmp(e.state, "active") == 0 || strcmp(e.state, "paused") ==
	    0) && e.next_day == 1 && sched_day_date(&plan, 1, &d1) == 0) {
		clock_format_long(d1, when);
		buf_addstr(b, "<p>Day 1 comes on <strong>");
		pages_esc(b, when);
		buf_printf(b, "</strong> at %02d:%02d (", e.send_minutes / 60,
		    e.send_minutes % 60);
		pages_esc(b, e.tz);
		buf_addstr(b, ").</p>");
	}
	enrollment_free(&e);
}

static void
in_page(struct app *a, struct db *db, struct http_resp *rs,
    const struct signup_row *s)
{
	struct app_conf *c = app_conf_get(a);
	struct buf *b = &rs->body;

	buf_reset(b);
	page_start(b, c, "You are in");
	buf_addstr(b, "<section><h2>You are in</h2><p>Thank you for "
	    "confirming. A welcome email is on its way with your personal "
	    "page and the link that puts every task in your calendar.</p>");
	first_day(db, b, s->email);
	buf_addstr(b, "</section>");
	page_end(rs, 200);
	app_conf_put(a, c);
}

static void
refused_page(struct app *a, struct http_resp *rs)
{
	notice_page(a, rs, "Cannot sign up", "<section><h2>We cannot add "
	    "this address</h2><p>Mail to this address has been stopped. "
	    "Please reply to the program's email to sort it out.</p>"
	    "</section>", 200);
}

/* the GET: one button, nothing changed */
static void
button_page(struct app *a, struct http_resp *rs, const char *tok)
{
	struct app_conf *c = app_conf_get(a);
	struct buf *b = &rs->body;

	buf_reset(b);
	page_start(b, c, "Confirm your signup");
	buf_addstr(b, "<section><h2>Confirm your signup</h2><p>Press the "
	    "button to confirm this address and start the plan. Nothing "
	    "happens until you do.</p><form method=\"post\" action=\"");
	buf_addstr(b, tok);
	buf_addstr(b, "\"><button class=\"primary\" type=\"submit\">Confirm "
	    "and start the plan</button></form></section>");
	page_end(rs, 200);
	app_conf_put(a, c);
}

static void
confirm_post(struct app *a, struct db *db, struct http_resp *rs,
    const struct signup_row *s)
{
	struct app_conf *c = app_conf_get(a);
	enum signup_outcome o;
	int x;

	x = signup_store_confirm(db, s, c->cfg.signup_confirm_hours,
	    c->cur.pacing == CUR_PACING_WEEKDAYS, app_now(a), a->key, &o);
	app_conf_put(a, c);
	if (x == -1) {
		pages_server_error(rs);
		return;
	}
	if (o == SIGNUP_ENROLLED) {
		app_wrote(a);
		log_info("signup: %lld confirmed", s->id);
	}
	if (o == SIGNUP_EXPIRED)
		expired_page(a, rs, s);
	else if (o == SIGNUP_REFUSED)
		refused_page(a, rs);
	else
		in_page(a, db, rs, s);
}

void
pages_confirm(struct app *a, const struct http_req *rq, struct http_resp *rs,
    const char *tok)
{
	struct app_conf *c;
	struct signup_row s;
	struct db *db;
	long hours;
	int x;

	if (!pages_is(rq, "GET") && !pages_is(rq, "HEAD") &&
	    !pages_is(rq, "POST")) {
		pages_bad_method(rs, "GET, HEAD, POST");
		return;
	}
	if ((db = app_db(a)) == NULL) {
		pages_server_error(rs);
		return;
	}
	if ((x = signup_store_by_token(db, tok, TOKEN_LEN, &s)) != 0) {
		x == 1 ? pages_link_gone(rs) : pages_server_error(rs);
		return;
	}
	c = app_conf_get(a);
	hours = c->cfg.signup_confirm_hours;
	app_conf_put(a, c);
	if (pages_is(rq, "POST"))
		confirm_post(a, db, rs, &s);
	else if (s.confirmed_at)
		in_page(a, db, rs, &s);
	else if (signup_expired(s.created_at, hours, app_now(a)))
		expired_page(a, rs, &s);
	else
		button_page(a, rs, tok);
	signup_row_free(&s);
}
