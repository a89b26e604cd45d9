/*
 * cmd_person.c - the operator's commands about one participant: enroll,
 * status, unenroll, done and links (pause and resume: cmd_pause.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "clock.h"
#include "colwidth.h"
#include "cmd.h"
#include "curriculum.h"
#include "db.h"
#include "enroll.h"
#include "enrollment.h"
#include "feed.h"
#include "log.h"
#include "person_json.h"
#include "token.h"
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

/* how enroll's messages name its options */
static const struct enroll_names cli_names = {
	"--name NAME", "--send-at", "--start", "--pacing",
	"'refready cohort list'"
};

/* the checks and the way in are enroll.c's, shared with the API */
int
cmd_enroll(struct cmd_ctx *ctx)
{
	unsigned char key[TOKEN_SECRET_LEN];
	struct enroll_problem p;
	struct enroll_req r;
	struct enroll_in in;
	struct enrollment e;
	struct curriculum cur;
	struct db *db = NULL;
	char when[40];
	long long id;
	int rc = EXIT_USAGE, x;

	memset(&in, 0, sizeof(in));
	in.email = ctx->argv[0];
	in.name = cmd_opt(ctx, "name");
	in.tz = cmd_opt(ctx, "tz");
	in.send_at = cmd_opt(ctx, "send-at");
	in.start = cmd_opt(ctx, "start");
	in.pacing = cmd_opt(ctx, "pacing");
	in.cohort = cmd_opt(ctx, "cohort");
	in.resubscribe = cmd_opt(ctx, "resubscribe") != NULL;
	in.no_welcome = cmd_opt(ctx, "no-welcome") != NULL;
	x = enroll_check(&in, &cli_names, ctx->cfg.schedule_tz,
	    ctx->cfg.schedule_send_at, &r, &p);
	if (p.warning)
		log_warnx("enroll: warning: %s", p.warning);
	if (x != 0) {
		log_warnx("enroll: %s", p.why);
		goto out;
	}
	if (r.weekdays == -1) {
		/* the program's own default */
		if (cmd_load_curriculum(ctx, &cur) == -1)
			goto out;
		r.weekdays = cur.pacing == CUR_PACING_WEEKDAYS;
		cur_free(&cur);
	}
	rc = EXIT_RUNTIME;
	if (load_key(ctx, key) == -1)
		goto out;
	if ((db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) == NULL)
		goto out;
	if ((x = enroll_create(db, &in, &cli_names, &r, ctx->now, key, &id,
	    &p)) != 0) {
		if (p.why)
			log_warnx("enroll: %s", p.why);
		rc = x > 0 ? EXIT_USAGE : EXIT_RUNTIME;
		goto out;
	}
	if (enrollment_get(db, id, &e) != 0)
		goto out;
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
	enroll_problem_free(&p);
	db_close(db);
	return rc;
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
