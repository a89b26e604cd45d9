/*
 * person_json.c - one person's plan as JSON (see person_json.h): the
 * object `status EMAIL --json` prints and GET /api/v1/enrollments/EMAIL
 * answers, built in one place so the two can never drift apart.
 */
#include <stdio.h>
#include <string.h>

#include "bounce_store.h"
#include "clock.h"
#include "followon_store.h"
#include "person_json.h"
#include "schedule.h"

/* per day: the ledger state and time, resends sent, and the done mark */
struct day_row {
	char	email[12];
	time_t	sent_at;
	int	resent;
	time_t	resent_at;	/* the last one's */
	int	done;
};

/* one ledger row into its day: the lesson's state, or a resend sent */
static void
add_delivery(struct day_row *r, const char *kind, const char *state,
    time_t sent_at)
{
	if (strcmp(kind, "lesson") == 0) {
		snprintf(r->email, sizeof(r->email), "%s", state);
		r->sent_at = sent_at;
	} else if (strcmp(kind, "resend") == 0 &&
	    strcmp(state, "sent") == 0) {
		r->resent++;
		if (sent_at > r->resent_at)
			r->resent_at = sent_at;
	}
}

static int
load_days(struct db *db, long long id, struct day_row rows[30])
{
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < 30; i++) {
		snprintf(rows[i].email, sizeof(rows[i].email), "pending");
		rows[i].sent_at = 0;
		rows[i].resent = 0;
		rows[i].resent_at = 0;
		rows[i].done = 0;
	}
	/* every kind: the day's lesson and its resends */
	st = db_prepare(db, "SELECT day, state, COALESCE(sent_at, 0), kind "
	    "FROM delivery WHERE enrollment_id = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int d = sqlite3_column_int(st, 0);

		if (d < 1 || d > 30)
			continue;
		add_delivery(&rows[d - 1],
		    (const char *)sqlite3_column_text(st, 3),
		    (const char *)sqlite3_column_text(st, 1),
		    (time_t)sqlite3_column_int64(st, 2));
	}
	sqlite3_finalize(st);
	st = db_prepare(db, "SELECT day FROM task WHERE enrollment_id = ? AND "
	    "done = 1");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int d = sqlite3_column_int(st, 0);

		if (d >= 1 && d <= 30)
			rows[d - 1].done = 1;
	}
	sqlite3_finalize(st);
	return 0;
}

static json_t *
attempts_json(struct db *db, long long id)
{
	json_t *a = json_array();
	sqlite3_stmt *st;
	char when[21];

	st = db_prepare(db, "SELECT taken_at, readiness, band FROM "
	    "score_attempt WHERE enrollment_id = ? ORDER BY taken_at, id");
	if (st == NULL)
		return a;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		clock_format_rfc3339((time_t)sqlite3_column_int64(st, 0), when);
		json_array_append_new(a, json_pack("{s:s, s:i, s:s}",
		    "taken_at", when, "index", sqlite3_column_int(st, 1),
		    "band", (const char *)sqlite3_column_text(st, 2)));
	}
	sqlite3_finalize(st);
	return a;
}

/*
 * The twelve weeks after the plan: null until the person opts in, then
 * when, the weeks sent, the next one and each week's ledger state.
 */
static json_t *
followon_json(struct db *db, const struct enrollment *e)
{
	struct followon_status st;
	json_t *o, *weeks;
	char at[21], date[11];
	int w;

	if (followon_store_status(db, e->id, &st) == -1 || !st.opted_in)
		return json_null();
	clock_format_rfc3339(st.opted_in_at, at);
	clock_format_date(st.first, date);
	o = json_pack("{s:s, s:s, s:i}", "opted_in_at", at, "first_date",
	    date, "weeks_sent", st.sent);
	json_object_set_new(o, "next_week", st.next_week ?
	    json_integer(st.next_week) : json_null());
	clock_format_rfc3339(st.next_due_at, at);
	json_object_set_new(o, "next_due_at", st.next_week ? json_string(at) :
	    json_null());
	weeks = json_array();
	for (w = 1; w <= FOLLOWON_WEEKS; w++) {
		const struct followon_row *r = &st.rows[w - 1];
		char sa[21];

		clock_format_date(followon_week_date(st.first, w), date);
		clock_format_rfc3339(r->due_at, at);
		clock_format_rfc3339(r->sent_at, sa);
		json_array_append_new(weeks, json_pack("{s:i, s:s, s:s, s:s, "
		    "s:o}", "week", w, "date", date, "due_at", at, "email",
		    r->state[0] ? r->state : "pending", "sent_at", r->sent_at ?
		    json_string(sa) : json_null()));
	}
	json_object_set_new(o, "weeks", weeks);
	return o;
}

json_t *
person_json(struct db *db, const struct enrollment *e, time_t now,
    int with_days)
{
	struct day_row rows[30];
	struct sched_plan plan;
	struct date until;
	char start[11], send[6], su[11];
	json_t *o, *days;
	int i, paused = enrollment_paused_until(e, now, &until);

	clock_format_date(e->start, start);
	snprintf(send, sizeof(send), "%02u:%02u",
	    (unsigned)e->send_minutes / 60 % 24,
	    (unsigned)e->send_minutes % 60);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:i}",
	    "email", e->email, "name", e->name ? e->name : "",
	    "state", paused ? "paused" : e->state, "tz", e->tz, "send_at",
	    send, "start", start, "pacing", e->weekdays ? "weekdays" : "daily",
	    "cohort", e->cohort ? json_string(e->cohort) : json_null(),
	    "plan_day", enrollment_plan_day(e, now));
	/* the first day back of a dated pause; null for an open one */
	if (paused == 2)
		clock_format_date(until, su);
	json_object_set_new(o, "paused_until", paused == 2 ? json_string(su) :
	    json_null());
	if (load_days(db, e->id, rows) == 0) {
		int done = 0, sent = 0, failed = 0, skipped = 0, resent = 0;

		for (i = 0; i < 30; i++) {
			done += rows[i].done;
			resent += rows[i].resent;
			sent += strcmp(rows[i].email, "sent") == 0;
			failed += strcmp(rows[i].email, "failed") == 0;
			skipped += strcmp(rows[i].email, "skipped") == 0;
		}
		json_object_set_new(o, "tasks_done", json_integer(done));
		{
			int done_v[30];

			for (i = 0; i < 30; i++)
				done_v[i] = rows[i].done;
			json_object_set_new(o, "streak", json_integer(
			    enrollment_streak(done_v, enrollment_plan_day(e,
			    now))));
		}
		json_object_set_new(o, "emails", json_pack("{s:i, s:i, s:i, "
		    "s:i}", "sent", sent, "failed", failed, "skipped", skipped,
		    "resent", resent));
		if (with_days) {
			enrollment_plan(e, &plan);
			days = json_array();
			for (i = 0; i < 30; i++) {
				struct date d;
				char ds[11], sa[21], ra[21];

				if (sched_day_date(&plan, i + 1, &d) == 0)
					clock_format_date(d, ds);
				if (rows[i].sent_at)
					clock_format_rfc3339(rows[i].sent_at,
					    sa);
				if (rows[i].resent_at)
					clock_format_rfc3339(rows[i].resent_at,
					    ra);
				json_array_append_new(days, json_pack(
				    "{s:i, s:o, s:s, s:o, s:i, s:o, s:b}",
				    "day", i + 1, "date", sched_day_date(&plan,
				    i + 1, &d) == 0 ? json_string(ds) :
				    json_null(), "email", rows[i].email,
				    "sent_at", rows[i].sent_at ? json_string(sa) :
				    json_null(), "resent", rows[i].resent,
				    "resent_at", rows[i].resent_at ?
				    json_string(ra) : json_null(), "done",
				    rows[i].done));
			}
			json_object_set_new(o, "days", days);
		}
	}
	json_object_set_new(o, "scorecard", json_pack("{s:o}", "attempts",
	    attempts_json(db, e->id)));
	json_object_set_new(o, "followon", followon_json(db, e));
	/* why mail stopped for good, when it was what came back */
	if (strcmp(e->state, "bounced") == 0 ||
	    strcmp(e->state, "complained") == 0) {
		char kind[16], reason[256], at[21];
		time_t when;

		if (bounce_store_last(db, e->person_id, &when, kind,
		    sizeof(kind), reason, sizeof(reason)) == 1) {
			clock_format_rfc3339(when, at);
			json_object_set_new(o, "stopped", json_pack(
			    "{s:s, s:s, s:s}", "at", at, "kind", kind,
			    "reason", reason));
		}
	}
	return o;
}
