/*
 * pages_plan.c - the participant changing their plan from the personal
 * page (see pages_plan.h): the time lessons arrive and the time zone,
 * and a pause of 1 to 14 days or a resume.
 *
 * Each is a POST, to /p/TOKEN/settings, /pause or /resume, answered 303
 * back to the page, or 422 with the page shown again and the problem
 * marked; a GET changes nothing.  They stand as the done buttons do:
 * the unguessable page token in the path is the authorisation, and only
 * an urlencoded form is read.  The changes themselves are enrollment.c's,
 * shared with the command line, and reach the days not yet queued.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "enrollment.h"
#include "followon_store.h"
#include "form.h"
#include "log.h"
#include "pages.h"
#include "pages_person.h"
#include "pages_plan.h"
#include "pages_settings.h"
#include "tz.h"
#include "util.h"

enum settings_kind { KIND_SCHEDULE, KIND_PAUSE, KIND_RESUME };

/*
 * Checks the fields kind reads into in; 0 when they are good, with the
 * send time and the days parsed.
 */
static int
check(enum settings_kind kind, const struct form *f,
    struct pages_settings *in, int *minutes, int *days)
{
	const char *v;
	long n;

	if (kind == KIND_SCHEDULE) {
		v = in->value[PS_SEND_AT] = form_get(f, "send_at");
		if (v == NULL || clock_parse_hhmm(v, minutes) == -1)
			in->problem[PS_SEND_AT] = "Enter the time as HH:MM, "
			    "for example 07:30.";
		v = in->value[PS_TZ] = form_get(f, "tz");
		if (v == NULL || !tz_known(v))
			in->problem[PS_TZ] = "Choose a time zone from the "
			    "list.";
	} else if (kind == KIND_PAUSE) {
		v = form_get(f, "days");
		if (v == NULL || parse_long(v, 1, ENR_PAUSE_DAYS_MAX, &n) ==
		    -1)
			in->problem[PS_DAYS] = "Choose from 1 to 14 days.";
		else
			*days = (int)n;
	}
	return pages_settings_bad(in) ? -1 : 0;
}

static int
apply(struct db *db, struct enrollment *e, enum settings_kind kind,
    const struct pages_settings *in, int minutes, int days, time_t now,
    char **why)
{
	switch (kind) {
	case KIND_SCHEDULE:
		return enrollment_set_schedule(db, e, in->value[PS_TZ],
		    minutes, now, why);
	case KIND_PAUSE:
		return enrollment_pause_days(db, e, now, days, why);
	case KIND_RESUME:
		return enrollment_resume(db, e, now, why);
	}
	return -1;
}

/*
 * The start of a POST to /p/TOKEN/...: the method, the database, the
 * person the page token names and the form, each answered here when it
 * fails.  The database with e and f filled in (the caller frees them),
 * or NULL once rs holds the answer.
 */
static struct db *
post_open(struct app *a, const struct http_req *rq, struct http_resp *rs,
    const char *tok, struct enrollment *e, struct form *f)
{
	struct db *db;
	int r;

	if (!pages_is(rq, "POST")) {
		pages_bad_method(rs, "POST");
		return NULL;
	}
	if ((db = app_db(a)) == NULL) {
		pages_server_error(rs);
		return NULL;
	}
	if ((r = enrollment_by_token(db, TOKEN_PAGE, tok, TOKEN_LEN, e)) !=
	    0) {
		r == 1 ? pages_link_gone(rs) : pages_server_error(rs);
		return NULL;
	}
	if (pages_read_form(rq, rs, f) == -1) {
		form_free(f);
		enrollment_free(e);
		return NULL;
	}
	return db;
}

static void
settings_post(struct app *a, const struct http_req *rq, struct http_resp *rs,
    const char *tok, enum settings_kind kind)
{
	static const char *const done[] = { "changed its schedule",
	    "paused", "resumed" };
	struct pages_settings in;
	struct enrollment e;
	struct form f;
	struct db *db;
	char *why = NULL;
	int r, minutes = 0, days = 0;

	memset(&in, 0, sizeof(in));
	memset(&f, 0, sizeof(f));
	if ((db = post_open(a, rq, rs, tok, &e, &f)) == NULL)
		return;
	if (check(kind, &f, &in, &minutes, &days) == 0 &&
	    (r = apply(db, &e, kind, &in, minutes, days, app_now(a),
	    &why)) != 0) {
		if (r == -1) {
			pages_server_error(rs);
			goto out;
		}
		in.problem[PS_OTHER] = why;
	}
	if (pages_settings_bad(&in)) {
		pages_person_show(a, rs, tok, &in, 422);
		goto out;
	}
	app_wrote(a);
	log_info("page: enrollment %lld %s", e.id, done[kind]);
	/* relative to /p/TOKEN/KIND, as the form's action is to the page */
	rs->status = 303;
	snprintf(rs->location, sizeof(rs->location), "../%s#settings", tok);
	buf_addstr(&rs->body, "see the page\n");
out:
	free(why);
	form_free(&f);
	enrollment_free(&e);
}

void
pages_plan_settings(struct app *a, const struct http_req *rq,
    struct http_resp *rs, const char *tok)
{
	settings_post(a, rq, rs, tok, KIND_SCHEDULE);
}

void
pages_plan_pause(struct app *a, const struct http_req *rq,
    struct http_resp *rs, const char *tok)
{
	settings_post(a, rq, rs, tok, KIND_PAUSE);
}

void
pages_plan_resume(struct app *a, const struct http_req *rq,
    struct http_resp *rs, const char *tok)
{
	settings_post(a, rq, rs, tok, KIND_RESUME);
}

/*
 * POST /p/TOKEN/followon: the twelve weeks after the plan.  It stands as
 * the settings do: the page token in the path is the authorisation, the
 * form's action is relative, the answer is 303 back to the section, and
 * a second press changes nothing.  Before Day 30 (or after mail stopped)
 * it is refused with 409, the page shown again saying why: the request
 * is fine, the plan is not there yet.
 */
void
pages_plan_followon(struct app *a, const struct http_req *rq,
    struct http_resp *rs, const char *tok)
{
	static const char *const refusal[] = {
		[FOLLOWON_NOT_YET] = "The twelve weeks after the plan open "
		    "once Day 30's lesson has been sent",
		[FOLLOWON_STOPPED] = "Emails to you have stopped, so the "
		    "twelve weeks cannot be sent",
	};
	struct pages_settings in;
	enum followon_gate gate;
	struct enrollment e;
	struct form f;
	struct db *db;
	int created;

	memset(&in, 0, sizeof(in));
	memset(&f, 0, sizeof(f));
	if ((db = post_open(a, rq, rs, tok, &e, &f)) == NULL)
		return;
	if (followon_store_opt_in(db, &e, app_now(a), &gate, &created) ==
	    -1) {
		pages_server_error(rs);
		goto out;
	}
	if (gate != FOLLOWON_OPEN) {
		in.problem[PS_OTHER] = refusal[gate];
		pages_person_show(a, rs, tok, &in, 409);
		goto out;
	}
	if (created) {
		app_wrote(a);
		log_info("page: enrollment %lld chose the twelve weeks", e.id);
	}
	/* relative to /p/TOKEN/followon, as the form's action is to the page */
	rs->status = 303;
	snprintf(rs->location, sizeof(rs->location), "../%s#followon", tok);
	buf_addstr(&rs->body, "see the page\n");
out:
	form_free(&f);
	enrollment_free(&e);
}
