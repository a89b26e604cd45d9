/*
 * cmd_person.c - the operator's commands about one participant: enroll,
 * status, unenroll, done and links (pause and resume: cmd_pause.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bounce_store.h"
#include "clock.h"
#include "colwidth.h"
#include "cmd.h"
#include "cohort.h"
#include "cohort_store.h"
#include "curriculum.h"
#include "db.h"
#include "enrollment.h"
#include "feed.h"
#include "log.h"
#include "token.h"
#include "tz.h"
#include "util.h"

/* opens the database and finds EMAIL's enrollment; the exit status or -1 */
static int
open_person(struct cmd_ctx *ctx, const char *email, struct db **db,
    struct enrollment *e)
{
	int r;

	if ((*db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) == NULL)
		return EXIT_RUNTIME;
	if ((r = enrollment_find(*db, email, e)) == 0)
		return -1;
	if (r == 1)
		log_warnx("%s: no one enrolled as '%s'", ctx->name, email);
	db_close(*db);
	*db = NULL;
	return r == 1 ? EXIT_USAGE : EXIT_RUNTIME;
}

int
cmd_person_open(struct cmd_ctx *ctx, const char *email, struct db **db,
    struct enrollment *e)
{
	return open_person(ctx, email, db, e);
}

static int
load_key(struct cmd_ctx *ctx, unsigned char key[TOKEN_SECRET_LEN])
{
	return token_secret_load(ctx->cfg.secret_file, key);
}

static void
print_links(struct cmd_ctx *ctx, const struct enrollment *e,
    const unsigned char key[TOKEN_SECRET_LEN])
{
	char page[TOKEN_LEN + 1], feed[TOKEN_LEN + 1], unsub[TOKEN_LEN + 1];
	struct token_links l;

	enrollment_tokens(e, key, page, feed, unsub);
	token_links(ctx->cfg.base_url, page, feed, unsub, &l);
	printf("page:   %s\nfeed:   %s\nwebcal: %s\n", l.page, l.feed,
	    l.webcal);
	explicit_bzero(page, sizeof(page));
	explicit_bzero(feed, sizeof(feed));
}

static int
has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/*
 * Joins r to cohort name.  Without --start, the late-join policy: the
 * cohort's start date while the person's day 1 there is still ahead,
 * else their own day 1 (the next send time); either way they count in
 * the cohort's reports.  0, or the exit status.
 */
static int
enroll_cohort(struct cmd_ctx *ctx, struct db *db, const char *name,
    struct enroll_req *r, const char *start)
{
	struct cohort c;
	int x;

	if ((x = cohort_store_find(db, name, &c)) != 0) {
		if (x == 1)
			log_warnx("enroll: no cohort called '%s' (see "
			    "'refready cohort list')", name);
		return x == 1 ? EXIT_USAGE : EXIT_RUNTIME;
	}
	r->cohort_id = c.id;
	x = start ? 0 : cohort_start_for(&c, r->tz, r->send_minutes,
	    ctx->now, &r->start);
	cohort_free(&c);
	return x == 0 ? 0 : EXIT_RUNTIME;
}

int
cmd_enroll(struct cmd_ctx *ctx)
{
	const char *email = ctx->argv[0], *name = cmd_opt(ctx, "name");
	const char *tz = cmd_opt(ctx, "tz"), *send = cmd_opt(ctx, "send-at");
	const char *start = cmd_opt(ctx, "start");
	const char *pacing = cmd_opt(ctx, "pacing");
	const char *cohort = cmd_opt(ctx, "cohort");
	unsigned char key[TOKEN_SECRET_LEN];
	struct enroll_req r;
	struct enrollment e;
	struct curriculum cur;
	struct db *db = NULL;
	char *why = NULL, *tzwhy, when[40];
	long long id;
	int rc = EXIT_USAGE, x;

	memset(&r, 0, sizeof(r));
	r.email = email;
	r.name = name;
	r.tz = tz ? tz : ctx->cfg.schedule_tz;
	r.resubscribe = cmd_opt(ctx, "resubscribe") != NULL;
	r.no_welcome = cmd_opt(ctx, "no-welcome") != NULL;
	if (!enrollment_email_valid(email)) {
		log_warnx("enroll: bad email address '%s'", email);
		return EXIT_USAGE;
	}
	if (name == NULL || *name == '\0') {
		log_warnx("enroll: --name NAME is required");
		return EXIT_USAGE;
	}
	if (has_ctl(name) || utf8_len(name) > 200 ||
	    !utf8_valid(name, strlen(name), NULL)) {
		log_warnx("enroll: bad name '%s' (line breaks, control "
		    "characters or over 200 characters)", name);
		return EXIT_USAGE;
	}
	if ((tzwhy = tz_check(r.tz, &x)) != NULL) {
		log_warnx("enroll: %s%s", x ? "" : "warning: ", tzwhy);
		free(tzwhy);
		if (x)
			return EXIT_USAGE;
	}
	if (clock_parse_hhmm(send ? send : ctx->cfg.schedule_send_at,
	    &r.send_minutes) == -1) {
		log_warnx("enroll: bad --send-at '%s' (expected HH:MM)", send);
		return EXIT_USAGE;
	}
	if (start && clock_parse_date(start, &r.start) == -1) {
		log_warnx("enroll: bad --start date '%s' (expected YYYY-MM-DD)",
		    start);
		return EXIT_USAGE;
	}
	if (pacing && strcmp(pacing, "daily") && strcmp(pacing, "weekdays")) {
		log_warnx("enroll: bad --pacing '%s' (daily or weekdays)",
		    pacing);
		return EXIT_USAGE;
	}
	if (pacing == NULL) {
		/* the program's own default */
		if (cmd_load_curriculum(ctx, &cur) == -1)
			return EXIT_USAGE;
		r.weekdays = cur.pacing == CUR_PACING_WEEKDAYS;
		cur_free(&cur);
	} else
		r.weekdays = strcmp(pacing, "weekdays") == 0;
	if (!start && enrollment_first_date(r.tz, r.send_minutes, ctx->now,
	    &r.start) == -1)
		return EXIT_RUNTIME;

	if (load_key(ctx, key) == -1)
		return EXIT_RUNTIME;
	if ((db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) == NULL) {
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (cohort && (x = enroll_cohort(ctx, db, cohort, &r, start)) != 0) {
		rc = x;
		goto out;
	}
	if ((x = enrollment_create(db, &r, ctx->now, key, &id, &why)) != 0) {
		if (why)
			log_warnx("enroll: %s", why);
		rc = x > 0 ? EXIT_USAGE : EXIT_RUNTIME;
		goto out;
	}
	if (enrollment_get(db, id, &e) != 0) {
		rc = EXIT_RUNTIME;
		goto out;
	}
	{
		struct sched_plan plan;
		struct date d1;

		enrollment_plan(&e, &plan);
		sched_day_date(&plan, 1, &d1);
		clock_format_long(d1, when);
	}
	printf("enrolled %s (#%lld): day 1 on %s at %02d:%02d %s, %s%s%s\n",
	    e.email, e.id, when, e.send_minutes / 60, e.send_minutes % 60,
	    e.tz, e.weekdays ? "weekdays" : "daily", e.cohort ? ", cohort " :
	    "", e.cohort ? e.cohort : "");
	print_links(ctx, &e, key);
	enrollment_free(&e);
	rc = EXIT_OK;
out:
	explicit_bzero(key, sizeof(key));
	free(why);
	db_close(db);
	return rc;
}

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

/* one person as SPEC section 2 describes; days only when asked */
static json_t *
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
	json_object_set_new(o, "followon", cmd_followon_json(db, e));
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

/* a name is cut, with an ellipsis, beyond this many columns */
#define NAME_COLUMNS	28

/*
 * "active", or for a plan whose day 1 is still ahead "starts on DATE",
 * or for a dated pause "paused until DATE"
 */
static void
state_text(const json_t *o, char *buf, size_t n)
{
	const char *state = json_string_value(json_object_get(o, "state"));
	const json_t *until = json_object_get(o, "paused_until");

	if (json_is_string(until))
		snprintf(buf, n, "paused until %s", json_string_value(until));
	else if (strcmp(state, "active") == 0 &&
	    json_integer_value(json_object_get(o, "plan_day")) == 0)
		snprintf(buf, n, "starts on %s", json_string_value(
		    json_object_get(o, "start")));
	else
		snprintf(buf, n, "%s", state);
}

/* the widest value of key (escaped, in columns), at least min */
static int
column(const json_t *list, const char *key, int min, int max)
{
	const json_t *o;
	size_t i, w;
	int cols = min;
	char *e, st[40];

	json_array_foreach(list, i, o) {
		if (key == NULL) {
			state_text(o, st, sizeof(st));
			e = xstrdup(st);
		} else
			e = xstrdup_escaped(json_string_value(
			    json_object_get(o, key)));
		w = colwidth(e);
		free(e);
		if (w > (size_t)cols)
			cols = w > (size_t)max ? max : (int)w;
	}
	return cols;
}

/*
 * Everyone, one line each.  Columns are as wide as their widest value in
 * terminal columns (colwidth.c), not bytes or code points, so "José
 * Muñoz" and "李小龍" line up with "Ann Lee"; only a very long name is
 * cut, and then it ends with an ellipsis.
 */
static void
print_table(const json_t *list)
{
	int ew = column(list, "email", 5, 254);
	int nw = column(list, "name", 4, NAME_COLUMNS);
	int sw = column(list, NULL, 5, 40);
	const json_t *o, *em;
	char st[40], *c1, *c2, *c3;
	size_t i;

	c1 = colwidth_cell("email", ew, 0);
	c2 = colwidth_cell("name", nw, 0);
	c3 = colwidth_cell("state", sw, 0);
	printf("%s %s %s %4s %5s %5s %6s\n", c1, c2, c3, "day", "done",
	    "sent", "failed");
	free(c1);
	free(c2);
	free(c3);
	json_array_foreach(list, i, o) {
		em = json_object_get(o, "emails");
		state_text(o, st, sizeof(st));
		c1 = colwidth_cell(json_string_value(json_object_get(o,
		    "email")), ew, 0);
		c2 = colwidth_cell(json_string_value(json_object_get(o,
		    "name")), nw, 0);
		c3 = colwidth_cell(st, sw, 0);
		printf("%s %s %s %4d %5d %5d %6d\n", c1, c2, c3,
		    (int)json_integer_value(json_object_get(o, "plan_day")),
		    (int)json_integer_value(json_object_get(o, "tasks_done")),
		    (int)json_integer_value(json_object_get(em, "sent")),
		    (int)json_integer_value(json_object_get(em, "failed")));
		free(c1);
		free(c2);
		free(c3);
	}
	printf("%zu %s\n", json_array_size(list),
	    json_array_size(list) == 1 ? "person" : "people");
}

static void
print_person(const json_t *o)
{
	json_t *days = json_object_get(o, "days"), *d, *att, *stopped;
	json_t *em = json_object_get(o, "emails");
	char *name = xstrdup_escaped(json_string_value(json_object_get(o,
	    "name")));
	char st[40], day[80];
	size_t i;

	printf("%s <%s>  %s\n", name,
	    json_string_value(json_object_get(o, "email")),
	    json_string_value(json_object_get(o, "state")));
	free(name);
	state_text(o, st, sizeof(st));
	if (strncmp(st, "starts", 6) == 0)
		snprintf(day, sizeof(day), "not started, %s", st);
	else
		snprintf(day, sizeof(day), "day %d of 30, started %s",
		    (int)json_integer_value(json_object_get(o, "plan_day")),
		    json_string_value(json_object_get(o, "start")));
	printf("plan:      %s, %s at %s %s%s%s\n", day,
	    json_string_value(json_object_get(o, "pacing")),
	    json_string_value(json_object_get(o, "send_at")),
	    json_string_value(json_object_get(o, "tz")),
	    json_is_string(json_object_get(o, "cohort")) ? ", cohort " : "",
	    json_is_string(json_object_get(o, "cohort")) ?
	    json_string_value(json_object_get(o, "cohort")) : "");
	if (strcmp(json_string_value(json_object_get(o, "state")),
	    "paused") == 0) {
		const json_t *u = json_object_get(o, "paused_until");

		if (json_is_string(u))
			printf("paused:    until %s, when the plan resumes by "
			    "itself\n", json_string_value(u));
		else
			printf("paused:    until 'refready resume'\n");
	}
	if ((stopped = json_object_get(o, "stopped")) != NULL) {
		char *r = xstrdup_escaped(json_string_value(json_object_get(
		    stopped, "reason")));

		printf("stopped:   %s on %.10s: %s\n",
		    json_string_value(json_object_get(stopped, "kind")),
		    json_string_value(json_object_get(stopped, "at")), r);
		free(r);
	}
	printf("tasks:     %d of 30 done, streak %d\n",
	    (int)json_integer_value(json_object_get(o, "tasks_done")),
	    (int)json_integer_value(json_object_get(o, "streak")));
	printf("emails:    %d sent, %d failed, %d skipped, %d resent\n",
	    (int)json_integer_value(json_object_get(em, "sent")),
	    (int)json_integer_value(json_object_get(em, "failed")),
	    (int)json_integer_value(json_object_get(em, "skipped")),
	    (int)json_integer_value(json_object_get(em, "resent")));
	att = json_object_get(json_object_get(o, "scorecard"), "attempts");
	if (json_array_size(att) == 0)
		printf("scorecard: not taken yet\n");
	else {
		json_t *b = json_array_get(att, 0);
		json_t *l = json_array_get(att, json_array_size(att) - 1);
		long bi = (long)json_integer_value(json_object_get(b, "index"));
		long li = (long)json_integer_value(json_object_get(l, "index"));

		printf("scorecard: baseline %ld (%s), latest %ld (%s), change "
		    "%+ld\n", bi, json_string_value(json_object_get(b, "band")),
		    li, json_string_value(json_object_get(l, "band")), li - bi);
	}
	cmd_followon_print(json_object_get(o, "followon"));
	printf("\n day  date        email    done  resent\n");
	json_array_foreach(days, i, d) {
		json_t *date = json_object_get(d, "date");
		json_t *ra = json_object_get(d, "resent_at");
		int resent = (int)json_integer_value(json_object_get(d,
		    "resent"));
		char times[24] = "", line[128];
		size_t n;

		if (resent > 1)
			snprintf(times, sizeof(times), " (%d times)", resent);
		snprintf(line, sizeof(line), " %3d  %-10s  %-7s  %-4s  %.10s%s",
		    (int)json_integer_value(json_object_get(d, "day")),
		    json_is_string(date) ? json_string_value(date) : "(paused)",
		    json_string_value(json_object_get(d, "email")),
		    json_is_true(json_object_get(d, "done")) ? "yes" : "",
		    json_is_string(ra) ? json_string_value(ra) : "", times);
		for (n = strlen(line); n > 0 && line[n - 1] == ' '; n--)
			line[n - 1] = '\0';
		printf("%s\n", line);
	}
}

static int
status_all(struct cmd_ctx *ctx, struct db *db, int as_json)
{
	json_t *list = json_array();
	sqlite3_stmt *st;
	int rc = EXIT_RUNTIME;

	/* each person's current (or last) enrollment */
	st = db_prepare(db, "SELECT max(e.id) FROM enrollment e "
	    "JOIN person p ON p.id = e.person_id GROUP BY p.id "
	    "ORDER BY p.email");
	if (st == NULL)
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct enrollment e;

		if (enrollment_get(db, sqlite3_column_int64(st, 0), &e) != 0)
			continue;
		json_array_append_new(list, person_json(db, &e, ctx->now, 0));
		enrollment_free(&e);
	}
	sqlite3_finalize(st);
	if (as_json) {
		json_dumpf(list, stdout, JSON_INDENT(2));
		putchar('\n');
	} else
		print_table(list);
	rc = EXIT_OK;
out:
	json_decref(list);
	return rc;
}

int
cmd_status(struct cmd_ctx *ctx)
{
	int as_json = cmd_opt(ctx, "json") != NULL, rc;
	struct enrollment e;
	struct db *db;
	json_t *o;

	if (cmd_opt(ctx, "day"))
		return cmd_status_day(ctx);
	if (ctx->argc == 0) {
		if ((db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL,
		    NULL)) == NULL)
			return EXIT_RUNTIME;
		rc = status_all(ctx, db, as_json);
		db_close(db);
		return rc;
	}
	if ((rc = open_person(ctx, ctx->argv[0], &db, &e)) != -1)
		return rc;
	o = person_json(db, &e, ctx->now, 1);
	if (as_json) {
		json_dumpf(o, stdout, JSON_INDENT(2));
		putchar('\n');
	} else
		print_person(o);
	json_decref(o);
	enrollment_free(&e);
	db_close(db);
	return EXIT_OK;
}

/* the exit status of a change; prints why it was refused */
static int
change(struct cmd_ctx *ctx, int r, char *why)
{
	if (r == 1)
		log_warnx("%s: %s", ctx->name, why);
	free(why);
	return r == 0 ? EXIT_OK : r == 1 ? EXIT_USAGE : EXIT_RUNTIME;
}

int
cmd_unenroll(struct cmd_ctx *ctx)
{
	struct enrollment e;
	struct db *db;
	char *why = NULL;
	int rc;

	if ((rc = open_person(ctx, ctx->argv[0], &db, &e)) != -1)
		return rc;
	rc = enrollment_unenroll(db, &e, ctx->now, &why);
	rc = change(ctx, rc, why);
	if (rc == EXIT_OK)
		printf("unenrolled %s; no more lessons will be sent\n",
		    e.email);
	enrollment_free(&e);
	db_close(db);
	return rc;
}

int
cmd_done(struct cmd_ctx *ctx)
{
	int undo = cmd_opt(ctx, "undo") != NULL, rc;
	struct enrollment e;
	struct db *db;
	long day;

	if (parse_long(ctx->argv[1], 1, 30, &day) == -1) {
		log_warnx("done: bad day '%s' (expected 1 to 30)",
		    ctx->argv[1]);
		return EXIT_USAGE;
	}
	if ((rc = open_person(ctx, ctx->argv[0], &db, &e)) != -1)
		return rc;
	if (enrollment_mark(db, &e, (int)day, !undo, ctx->now) == -1)
		rc = EXIT_RUNTIME;
	else {
		printf("day %ld %s for %s\n", day, undo ? "marked not done" :
		    "marked done", e.email);
		rc = EXIT_OK;
	}
	enrollment_free(&e);
	db_close(db);
	return rc;
}

int
cmd_links(struct cmd_ctx *ctx)
{
	unsigned char key[TOKEN_SECRET_LEN];
	struct enrollment e;
	struct db *db;
	int rc;

	if (load_key(ctx, key) == -1)
		return EXIT_RUNTIME;
	if ((rc = open_person(ctx, ctx->argv[0], &db, &e)) != -1)
		goto out;
	rc = EXIT_OK;
	if (cmd_opt(ctx, "rotate") && enrollment_rotate(db, &e, key,
	    ctx->now) == -1)
		rc = EXIT_RUNTIME;
	else
		print_links(ctx, &e, key);
	enrollment_free(&e);
	db_close(db);
out:
	explicit_bzero(key, sizeof(key));
	return rc;
}

int
cmd_feed(struct cmd_ctx *ctx)
{
	unsigned char key[TOKEN_SECRET_LEN];
	struct curriculum cur;
	struct enrollment e;
	struct db *db;
	char *ics;
	int rc;

	if (cmd_load_curriculum(ctx, &cur) == -1)
		return EXIT_USAGE;
	if (load_key(ctx, key) == -1) {
		cur_free(&cur);
		return EXIT_RUNTIME;
	}
	if ((rc = open_person(ctx, ctx->argv[0], &db, &e)) != -1)
		goto out;
	if ((ics = feed_for(db, &cur, &e, ctx->cfg.base_url, key, ctx->now,
	    0)) == NULL)
		rc = EXIT_RUNTIME;
	else {
		fputs(ics, stdout);
		free(ics);
		rc = EXIT_OK;
	}
	enrollment_free(&e);
	db_close(db);
out:
	explicit_bzero(key, sizeof(key));
	cur_free(&cur);
	return rc;
}
