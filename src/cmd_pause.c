/*
 * cmd_pause.c - pausing and resuming a person's plan from the command
 * line: `pause EMAIL [--until DATE]` and `resume EMAIL`.
 *
 * A dated pause is the plan leaping a span of dates: it stays active in
 * the database and resumes by itself on the date, with no pass needed,
 * while status, the page and reports show it as paused until then
 * (enrollment_paused_until).  A second --until moves the date; resume
 * ends either kind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmd.h"
#include "db.h"
#include "enrollment.h"
#include "log.h"
#include "schedule.h"

/* the exit status of a change; prints why it was refused */
static int
change(struct cmd_ctx *ctx, int r, char *why)
{
	if (r == 1)
		log_warnx("%s: %s", ctx->name, why);
	free(why);
	return r == 0 ? EXIT_OK : r == 1 ? EXIT_USAGE : EXIT_RUNTIME;
}

/* the date plan day n falls on now, for messages */
static void
day_when(const struct enrollment *e, int n, char when[40])
{
	struct sched_plan plan;
	struct date d;

	enrollment_plan(e, &plan);
	if (n > 30)
		snprintf(when, 40, "(no lessons left)");
	else if (sched_day_date(&plan, n, &d) == -1)
		snprintf(when, 40, "(when resumed)");
	else
		clock_format_long(d, when);
}

/*
 * What a pause did: from which date nothing is sent, and when the paused
 * days resume, the date for --until (the first lesson after the span,
 * which weekday pacing may put after --until itself), else the command
 * that resumes them.
 */
static void
pause_said(const struct enrollment *e, time_t now)
{
	const struct sched_pause *p = NULL;
	struct date until;
	char from[40], when[40];
	size_t i;
	int r = enrollment_paused_until(e, now, &until);

	/* the pause that holds the plan now: open, or ending on until */
	for (i = 0; i < e->npauses; i++)
		if (r == 1 ? e->pauses[i].open : !e->pauses[i].open &&
		    !e->pauses[i].resumed &&
		    clock_date_cmp(e->pauses[i].until, until) == 0)
			p = &e->pauses[i];
	if (p)
		clock_format_long(p->from, from);
	else
		snprintf(from, sizeof(from), "now");
	if (r == 2) {
		day_when(e, e->next_day, when);
		printf("paused %s from %s; the paused days resume on %s with "
		    "day %d\n", e->email, from, when, e->next_day);
	} else
		printf("paused %s from %s; the paused days resume with day %d "
		    "when you run 'refready resume %s'\n", e->email, from,
		    e->next_day, e->email);
}

int
cmd_pause(struct cmd_ctx *ctx)
{
	const char *until = cmd_opt(ctx, "until");
	struct date u;
	struct enrollment e;
	struct db *db;
	char *why = NULL;
	int rc;

	if (until && clock_parse_date(until, &u) == -1) {
		log_warnx("pause: bad --until date '%s' (expected YYYY-MM-DD)",
		    until);
		return EXIT_USAGE;
	}
	if ((rc = cmd_person_open(ctx, ctx->argv[0], &db, &e)) != -1)
		return rc;
	rc = enrollment_pause(db, &e, ctx->now, until ? &u : NULL, &why);
	rc = change(ctx, rc, why);
	if (rc == EXIT_OK)
		pause_said(&e, ctx->now);
	enrollment_free(&e);
	db_close(db);
	return rc;
}

int
cmd_resume(struct cmd_ctx *ctx)
{
	struct enrollment e;
	struct db *db;
	char *why = NULL, when[40];
	int rc;

	if ((rc = cmd_person_open(ctx, ctx->argv[0], &db, &e)) != -1)
		return rc;
	rc = enrollment_resume(db, &e, ctx->now, &why);
	rc = change(ctx, rc, why);
	if (rc == EXIT_OK) {
		day_when(&e, e.next_day, when);
		printf("resumed %s; day %d: %s\n", e.email, e.next_day, when);
	}
	enrollment_free(&e);
	db_close(db);
	return rc;
}

