/*
 * dayhistory.c - one plan day's email, from due time to bounce (see
 * dayhistory.h).
 *
 * Everything comes from what refready recorded as it went: the ledger
 * row of the day's lesson ('lesson', N) and of each resend of it
 * ('resend' rows whose day is N), the attempt log written with each
 * result in the same transaction, and the bounce table, whose rows carry
 * the day a return path tag or a quoted Message-ID tied them to.  Times
 * are shown in UTC and in the person's own zone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "dayhistory.h"
#include "schedule.h"
#include "tz.h"
#include "util.h"

/* t in zone as ISO 8601 with its offset: "2026-12-11T07:00:00-06:00" */
static void
local_iso(const char *zone, time_t t, char out[32])
{
	char utc[21];
	int off = 0;

	if (tz_offset(zone, t, &off) == -1)
		off = 0;
	clock_format_rfc3339(t + off, utc);
	/* "YYYY-MM-DDTHH:MM:SS" of the shifted instant, then the offset */
	snprintf(out, 32, "%.19s%c%02d:%02d", utc, off < 0 ? '-' : '+',
	    abs(off) / 3600, abs(off) / 60 % 60);
}

/* {"utc": ..., "local": ...}, or null for 0 */
static json_t *
when(const char *zone, time_t t)
{
	char utc[21], local[32];

	if (t == 0)
		return json_null();
	clock_format_rfc3339(t, utc);
	local_iso(zone, t, local);
	return json_pack("{s:s, s:s}", "utc", utc, "local", local);
}

static json_t *
text_or_null(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? json_string((const char *)s) : json_null();
}

/* the attempt log of the row (kind, key), oldest first */
static json_t *
attempts(struct db *db, const struct enrollment *e, const char *kind,
    int key)
{
	sqlite3_stmt *st;
	json_t *a;
	int rc;

	st = db_prepare(db, "SELECT at, attempt, result, cause, reply, "
	    "COALESCE(next_try_at, 0) FROM delivery_attempt WHERE "
	    "enrollment_id = ? AND kind = ? AND key = ? ORDER BY id");
	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, e->id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, key);
	a = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(a, json_pack("{s:o, s:i, s:s, s:o, "
		    "s:o, s:o}", "at", when(e->tz, (time_t)
		    sqlite3_column_int64(st, 0)), "attempt",
		    sqlite3_column_int(st, 1), "result",
		    (const char *)sqlite3_column_text(st, 2), "cause",
		    text_or_null(st, 3), "reply", text_or_null(st, 4),
		    "next_try_at", when(e->tz, (time_t)sqlite3_column_int64(st,
		    5))));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_warn(db, "status --day");
		json_decref(a);
		return NULL;
	}
	return a;
}

/*
 * The ledger rows of the day: the lesson into *lesson (left NULL when it
 * was never queued), each resend appended to resends.  0 or -1.
 */
static int
deliveries(struct db *db, const struct enrollment *e, int day,
    json_t **lesson, json_t *resends)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, "SELECT kind, key, state, due_at, attempts, "
	    "last_reply, message_id, COALESCE(sent_at, 0), maybe_dup, "
	    "next_try_at FROM delivery WHERE enrollment_id = ? AND day = ? "
	    "AND (kind = 'lesson' OR kind = 'resend') ORDER BY kind, key");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, e->id);
	sqlite3_bind_int(st, 2, day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		const char *state = (const char *)sqlite3_column_text(st, 2);
		int key = sqlite3_column_int(st, 1), open;
		json_t *o, *a;

		if ((a = attempts(db, e, kind, key)) == NULL)
			break;
		open = strcmp(state, "retry") == 0 ||
		    strcmp(state, "pending") == 0;
		o = json_pack("{s:s, s:o, s:i, s:o, s:o, s:o, s:b, s:o, s:o}",
		    "state", state, "due_at", when(e->tz, (time_t)
		    sqlite3_column_int64(st, 3)), "attempts",
		    sqlite3_column_int(st, 4), "last_reply",
		    text_or_null(st, 5), "message_id", text_or_null(st, 6),
		    "sent_at", when(e->tz, (time_t)sqlite3_column_int64(st, 7)),
		    "maybe_duplicate", sqlite3_column_int(st, 8), "next_try_at",
		    open ? when(e->tz, (time_t)sqlite3_column_int64(st, 9)) :
		    json_null(), "tries", a);
		if (strcmp(kind, "lesson") == 0)
			*lesson = o;
		else {
			json_object_set_new(o, "resend", json_integer(key));
			json_array_append_new(resends, o);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_warn(db, "status --day");
		return -1;
	}
	return 0;
}

/* bounces and complaints tied to the day, oldest first */
static json_t *
bounces(struct db *db, const struct enrollment *e, int day)
{
	sqlite3_stmt *st;
	json_t *a;
	int rc;

	st = db_prepare(db, "SELECT at, kind, status, reason FROM bounce "
	    "WHERE enrollment_id = ? AND day = ? ORDER BY at, id");
	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, e->id);
	sqlite3_bind_int(st, 2, day);
	a = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(a, json_pack("{s:o, s:s, s:o, s:o}",
		    "at", when(e->tz, (time_t)sqlite3_column_int64(st, 0)),
		    "kind", (const char *)sqlite3_column_text(st, 1),
		    "status", text_or_null(st, 2), "reason",
		    text_or_null(st, 3)));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_warn(db, "status --day");
		json_decref(a);
		return NULL;
	}
	return a;
}

/*
 * When the day is (or was) due: the queued row's due time, else the
 * plan's for a day still ahead; null while an open pause holds it.
 */
static json_t *
due(const struct enrollment *e, int day, const json_t *lesson,
    json_t **date)
{
	struct sched_plan plan;
	struct date d;
	time_t t;
	char ds[11];

	enrollment_plan(e, &plan);
	*date = json_null();
	if (sched_day_date(&plan, day, &d) == 0) {
		clock_format_date(d, ds);
		*date = json_string(ds);
	}
	if (lesson)
		return json_deep_copy(json_object_get(lesson, "due_at"));
	if (sched_due(&plan, e->tz, e->send_minutes, day, &t) == -1)
		return json_null();
	return when(e->tz, t);
}

json_t *
dayhistory_json(struct db *db, const struct enrollment *e, int day,
    time_t now)
{
	json_t *o, *lesson = NULL, *resends = json_array(), *b, *date, *d;
	char nows[21];

	if (deliveries(db, e, day, &lesson, resends) == -1 ||
	    (b = bounces(db, e, day)) == NULL) {
		json_decref(lesson);
		json_decref(resends);
		return NULL;
	}
	d = due(e, day, lesson, &date);
	clock_format_rfc3339(now, nows);
	o = json_pack("{s:s, s:s, s:s, s:i, s:s, s:o, s:o, s:o, s:o, s:o}",
	    "email", e->email, "name", e->name ? e->name : "", "tz", e->tz,
	    "day", day, "as_of", nows, "date", date, "due", d, "lesson",
	    lesson ? lesson : json_null(), "resends", resends, "bounces", b);
	json_object_set_new(o, "state", json_string(enrollment_state_at(e,
	    now)));
	return o;
}

/* ---- text -------------------------------------------------------------- */

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* "LOCAL (UTC)" of a when() object, or "" */
static void
when_text(const json_t *w, char *out, size_t n)
{
	if (!json_is_object(w)) {
		snprintf(out, n, "(none)");
		return;
	}
	snprintf(out, n, "%s (%s)", str(w, "local"), str(w, "utc"));
}

/* why a try was retried, as a person says it */
static const char *
cause_text(const char *cause)
{
	static const struct {
		const char	*word;
		const char	*text;
	} causes[] = {
		{ "4xx", "the server said to try later" },
		{ "connect", "the relay could not be reached" },
		{ "tls", "TLS with the relay failed" },
		{ "session", "the relay refused the session" },
		{ "login", "the relay refused the login" },
		{ "sender", "the relay refused the sender" },
		{ "policy", "the relay refused every recipient" },
		{ "local", "the Maildir could not be written" },
		{ "no-reply", "no final reply came; it may have arrived" },
		{ "other", "timed out or the connection dropped" },
	};
	size_t i;

	for (i = 0; i < sizeof(causes) / sizeof(causes[0]); i++)
		if (strcmp(cause, causes[i].word) == 0)
			return causes[i].text;
	return cause;
}

static void
print_tries(FILE *fp, const json_t *tries)
{
	const json_t *t;
	size_t i;

	json_array_foreach(tries, i, t) {
		const json_t *cause = json_object_get(t, "cause");
		char *reply = xstrdup_escaped(str(t, "reply"));
		char at[64], next[64];

		when_text(json_object_get(t, "at"), at, sizeof(at));
		fprintf(fp, "  try %zu  %s  %s", i + 1, at, str(t, "result"));
		if (json_is_string(cause))
			fprintf(fp, " (%s%s)", cause_text(str(t, "cause")),
			    strcmp(str(t, "result"), "fault") == 0 ?
			    "; not counted against the email" : "");
		fprintf(fp, ": %s\n", *reply ? reply : "(no reply)");
		if (json_is_object(json_object_get(t, "next_try_at"))) {
			when_text(json_object_get(t, "next_try_at"), next,
			    sizeof(next));
			/* given back as it was: due again at once */
			fprintf(fp, "         next try %s\n", strcmp(next, at) ?
			    next : "at the next pass");
		}
		free(reply);
	}
}

/* one ledger row: its state in words, its Message-ID, its tries */
static void
print_row(FILE *fp, const char *label, const json_t *r)
{
	const char *state = str(r, "state");
	int n = (int)json_integer_value(json_object_get(r, "attempts"));
	char *reply = xstrdup_escaped(str(r, "last_reply"));
	char t[64];

	fprintf(fp, "%-12s%s", label, state);
	if (strcmp(state, "sent") == 0) {
		when_text(json_object_get(r, "sent_at"), t, sizeof(t));
		fprintf(fp, " %s, on attempt %d%s", t, n,
		    json_is_true(json_object_get(r, "maybe_duplicate")) ?
		    " (possibly twice: a reply was lost)" : "");
	} else if (strcmp(state, "retry") == 0) {
		when_text(json_object_get(r, "next_try_at"), t, sizeof(t));
		fprintf(fp, " after %d attempt%s; next try %s", n,
		    n == 1 ? "" : "s", t);
	} else if (strcmp(state, "failed") == 0 ||
	    strcmp(state, "skipped") == 0)
		fprintf(fp, ": %s", *reply ? reply : "(no reason recorded)");
	else if (strcmp(state, "pending") == 0)
		fprintf(fp, ": queued, not sent yet");
	else if (strcmp(state, "sending") == 0)
		fprintf(fp, ": being sent now");
	fputc('\n', fp);
	if (json_is_string(json_object_get(r, "message_id")))
		fprintf(fp, "%-12s<%s>\n", "message-id", str(r, "message_id"));
	print_tries(fp, json_object_get(r, "tries"));
	free(reply);
}

void
dayhistory_print(FILE *fp, const json_t *o)
{
	const json_t *lesson = json_object_get(o, "lesson"), *x;
	char *name = xstrdup_escaped(str(o, "name"));
	char t[64], label[24];
	size_t i;

	fprintf(fp, "Day %d for %s <%s>, %s, as of %s\n",
	    (int)json_integer_value(json_object_get(o, "day")), name,
	    str(o, "email"), str(o, "tz"), str(o, "as_of"));
	free(name);
	fprintf(fp, "%-12s%s\n", "plan date", json_is_string(json_object_get(o,
	    "date")) ? str(o, "date") : "none yet (paused until resumed)");
	when_text(json_object_get(o, "due"), t, sizeof(t));
	fprintf(fp, "%-12s%s\n", "due", t);
	if (json_is_object(lesson))
		print_row(fp, "lesson", lesson);
	else
		fprintf(fp, "%-12snot queued yet: it is queued when it falls "
		    "due\n", "lesson");
	json_array_foreach(json_object_get(o, "resends"), i, x) {
		snprintf(label, sizeof(label), "resend %d",
		    (int)json_integer_value(json_object_get(x, "resend")));
		print_row(fp, label, x);
	}
	json_array_foreach(json_object_get(o, "bounces"), i, x) {
		char *r = xstrdup_escaped(str(x, "reason"));

		when_text(json_object_get(x, "at"), t, sizeof(t));
		if (strcmp(str(x, "kind"), "complaint") == 0)
			fprintf(fp, "%-12s%s: %s\n", "complaint", t, r);
		else
			fprintf(fp, "%-12s%s, %s: %s%s%s\n", "bounce",
			    str(x, "kind"), t, str(x, "status"),
			    *str(x, "status") && *r ? " " : "", r);
		free(r);
	}
}
