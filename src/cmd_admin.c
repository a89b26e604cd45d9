/*
 * cmd_admin.c - the operator's housekeeping commands: init, config check,
 * curriculum check, preview and tick.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "cmd.h"
#include "curriculum.h"
#include "db.h"
#include "catchup.h"
#include "enrollment.h"
#include "kindmail.h"
#include "log.h"
#include "render.h"
#include "scheduler.h"
#include "schedule.h"
#include "token.h"
#include "tz.h"
#include "util.h"

int
cmd_init(struct cmd_ctx *ctx)
{
	struct db *db;
	int from, to, created;

	if ((db = db_open(ctx->cfg.db, DB_OPEN_INIT, &from, &to)) == NULL)
		return EXIT_RUNTIME;
	db_close(db);
	if (from == 0)
		printf("database %s: created (schema version %d)\n",
		    ctx->cfg.db, to);
	else if (from < to)
		printf("database %s: upgraded from schema version %d to %d\n",
		    ctx->cfg.db, from, to);
	else
		printf("database %s: up to date (schema version %d)\n",
		    ctx->cfg.db, to);
	if (token_secret_init(ctx->cfg.secret_file, &created) == -1)
		return EXIT_RUNTIME;
	printf("secret %s: %s\n", ctx->cfg.secret_file, created ?
	    "created (mode 0600)" : "present");
	return EXIT_OK;
}

int
cmd_config_check(struct cmd_ctx *ctx)
{
	(void)ctx;
	/* main.c has already loaded the file and printed any problem */
	printf("configuration OK\n");
	return EXIT_OK;
}

int
cmd_curriculum_check(struct cmd_ctx *ctx)
{
	const char *dir = ctx->argc ? ctx->argv[0] : ctx->cfg.curriculum;
	struct diag_list dl = { NULL, 0, 0 };
	struct curriculum cur;
	size_t i, items = 0;
	int rc;

	if (cur_load(dir, &cur, &dl) == -1) {
		diag_print(&dl, stderr, "");
		log_warnx("curriculum check: %zu problem%s in '%s'", dl.n,
		    dl.n == 1 ? "" : "s", dir);
		rc = EXIT_USAGE;
		goto out;
	}
	for (i = 0; i < cur.scorecard.ncategories; i++)
		items += cur.scorecard.categories[i].nitems;
	printf("curriculum OK: %d days in %zu weeks, %s pacing; scorecard "
	    "with %zu categories and %zu items\n", CUR_DAYS, cur.nweeks,
	    cur_pacing_str(cur.pacing), cur.scorecard.ncategories, items);
	rc = EXIT_OK;
out:
	cur_free(&cur);
	diag_free(&dl);
	return rc;
}

/*
 * Loads the configured curriculum for a command that needs it valid;
 * prints its problems and returns -1 when it is not.
 */
int
cmd_load_curriculum(struct cmd_ctx *ctx, struct curriculum *cur)
{
	struct diag_list dl = { NULL, 0, 0 };

	if (cur_load(ctx->cfg.curriculum, cur, &dl) == 0)
		return 0;
	diag_print(&dl, stderr, "refready: ");
	log_warnx("%s: the curriculum in '%s' has %zu problem%s", ctx->name,
	    ctx->cfg.curriculum, dl.n, dl.n == 1 ? "" : "s");
	diag_free(&dl);
	cur_free(cur);
	return -1;
}

/* the sample participant of preview: starts next Monday, default zone */
static void
sample_person(struct cmd_ctx *ctx, const struct curriculum *cur,
    struct enrollment *e)
{
	struct date today;

	memset(e, 0, sizeof(*e));
	tz_local_date(ctx->cfg.schedule_tz, ctx->now, &today);
	e->start = clock_days_to_date(clock_date_to_days(today) + 7 -
	    (clock_weekday(today) + 6) % 7);
	e->weekdays = cur->pacing == CUR_PACING_WEEKDAYS;
	e->email = xstrdup("alex.sample@example.org");
	e->name = xstrdup("Alex Sample");
	e->tz = xstrdup(ctx->cfg.schedule_tz);
	e->token_version = 1;
}

int
cmd_preview_person(struct cmd_ctx *ctx, const char *email,
    unsigned char *key, struct db **db, struct enrollment *e)
{
	int r;

	if (token_secret_load(ctx->cfg.secret_file, key) == -1 ||
	    (*db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL,
	    NULL)) == NULL)
		return EXIT_RUNTIME;
	if ((r = enrollment_find(*db, email, e)) != 0) {
		if (r == 1)
			log_warnx("preview: no one enrolled as '%s'", email);
		return r == 1 ? EXIT_USAGE : EXIT_RUNTIME;
	}
	return EXIT_OK;
}

int
cmd_preview(struct cmd_ctx *ctx)
{
	const char *email = cmd_opt(ctx, "email");
	const char *send_to = cmd_opt(ctx, "send-to");
	unsigned char key[TOKEN_SECRET_LEN];
	struct curriculum cur;
	struct render_lesson lesson = { NULL, NULL };
	struct render_email mail = { NULL, NULL, NULL };
	struct enrollment e;
	struct enrollment_vars ev;
	struct catchup cu;
	struct db *db = NULL;
	enum ledger_kind kind = LEDGER_LESSON;
	long day = 0;
	int rc = EXIT_RUNTIME, r;

	memset(&e, 0, sizeof(e));
	memset(&ev, 0, sizeof(ev));
	memset(&cu, 0, sizeof(cu));
	memset(key, 0, sizeof(key));
	/* the twelve weeks after the plan: cmd_followon.c */
	if (strcmp(ctx->argv[0], "followon") == 0)
		return cmd_preview_followon(ctx);
	if (ctx->argc > 1) {
		log_warnx("preview: unexpected '%s' after the day",
		    ctx->argv[1]);
		return EXIT_USAGE;
	}
	/* a day's lesson, or another email by its kind's name */
	if ((ledger_kind_parse(ctx->argv[0], &kind) == -1 ||
	    !kindmail_is(kind)) &&
	    parse_long(ctx->argv[0], 1, CUR_DAYS, &day) == -1) {
		log_warnx("preview: bad day '%s' (expected 1 to %d, welcome, "
		    "completion or followon N)", ctx->argv[0], CUR_DAYS);
		return EXIT_USAGE;
	}
	if (send_to && !enrollment_email_valid(send_to)) {
		log_warnx("preview: bad address '%s' for --send-to", send_to);
		return EXIT_USAGE;
	}
	if (cmd_load_curriculum(ctx, &cur) == -1)
		return EXIT_USAGE;
	if (email == NULL)
		sample_person(ctx, &cur, &e);
	else if ((r = cmd_preview_person(ctx, email, key, &db, &e)) !=
	    EXIT_OK) {
		rc = r;
		goto out;
	}
	if (day == 0) {
		rc = cmd_preview_kind(ctx, &cur, db, &e, email ? key : NULL,
		    kind, send_to);
		goto out;
	}
	if (send_to) {
		rc = cmd_preview_send(ctx, &cur, &e, email ? key : NULL,
		    (int)day, send_to);
		goto out;
	}
	enrollment_vars(&e, ctx->cfg.base_url, ctx->cfg.mail_footer,
	    email ? key : NULL, (int)day, &ev);
	/* a real person's catch-up box, as their lesson would carry it */
	if (email)
		catchup_set(&cu, &cur, e.done_before, (int)day,
		    ev.links.page, &ev.v);
	if (render_markdown(cur.days[day - 1].lesson, &lesson) == -1 ||
	    render_email(&cur, &lesson, (int)day, &ev.v, &mail) == -1) {
		log_warnx("preview: day %ld: the email could not be rendered "
		    "(over %d bytes?)", day, RENDER_MAX);
		goto out;
	}
	cmd_preview_print(ctx, &e, &mail);
	rc = EXIT_OK;
out:
	explicit_bzero(key, sizeof(key));
	catchup_free(&cu);
	enrollment_vars_free(&ev);
	enrollment_free(&e);
	render_email_free(&mail);
	render_lesson_free(&lesson);
	db_close(db);
	cur_free(&cur);
	return rc;
}

/* a running count on a terminal, for passes of more than one batch */
static void
tick_progress(void *arg, const struct ledger_counts *c)
{
	int *batches = arg;

	if (++*batches > 1)
		fprintf(stderr, "\rtick: sent %ld, retried %ld, failed %ld, "
		    "skipped %ld ...", c->sent, c->retried, c->failed,
		    c->skipped);
}

int
cmd_tick(struct cmd_ctx *ctx)
{
	struct curriculum cur;
	struct scheduler s;
	struct ledger_counts c;
	struct db *db;
	int rc, batches = 0;

	if (cmd_load_curriculum(ctx, &cur) == -1)
		return EXIT_USAGE;
	if ((db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) == NULL) {
		cur_free(&cur);
		return EXIT_RUNTIME;
	}
	if (scheduler_init(&s, db, &ctx->cfg, &cur) == -1) {
		db_close(db);
		cur_free(&cur);
		return EXIT_RUNTIME;
	}
	if (isatty(STDERR_FILENO) && log_verbosity() >= 0) {
		s.progress = tick_progress;
		s.progress_arg = &batches;
	}
	s.wait = 1;	/* after the daemon's pass, if one is running */
	rc = scheduler_pass(&s, ctx->now, &c);
	if (batches > 1)
		fputc('\n', stderr);
	/* printed whatever happened: the ledger holds what was done */
	printf("sent %ld, retried %ld, failed %ld, skipped %ld\n", c.sent,
	    c.retried, c.failed, c.skipped);
	if (rc == 1)
		scheduler_log_fault(&s, "tick");
	scheduler_free(&s);
	db_close(db);
	cur_free(&cur);
	return rc == 0 ? EXIT_OK : EXIT_RUNTIME;
}
