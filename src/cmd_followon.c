/*
 * cmd_followon.c - `preview followon N [--html] [--email EMAIL]`: week N
 * of the twelve after the plan, as a real person would get it at the
 * clock's time (their latest scorecard, their links), or for a sample
 * participant with a sample scorecard and visibly fake links.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "enrollment.h"
#include "followon.h"
#include "followon_store.h"
#include "kindmail.h"
#include "log.h"
#include "token.h"
#include "tz.h"
#include "util.h"

/* the sample: a participant who finished the plan a few weeks ago */
static void
sample(struct cmd_ctx *ctx, const struct curriculum *cur,
    struct enrollment *e)
{
	struct date today;

	memset(e, 0, sizeof(*e));
	tz_local_date(ctx->cfg.schedule_tz, ctx->now, &today);
	e->start = clock_days_to_date(clock_date_to_days(today) - 60);
	e->weekdays = cur->pacing == CUR_PACING_WEEKDAYS;
	e->email = xstrdup("alex.sample@example.org");
	e->name = xstrdup("Alex Sample");
	e->tz = xstrdup(ctx->cfg.schedule_tz);
	e->send_minutes = 7 * 60;
	snprintf(e->state, sizeof(e->state), "completed");
	e->token_version = 1;
}

int
cmd_preview_followon(struct cmd_ctx *ctx)
{
	const char *email = cmd_opt(ctx, "email");
	unsigned char key[TOKEN_SECRET_LEN];
	struct curriculum cur;
	struct render_email mail = { NULL, NULL, NULL };
	struct kind_ctx kc;
	struct enrollment e;
	struct db *db = NULL;
	const char *why = NULL;
	long week;
	int rc = EXIT_RUNTIME, r;

	memset(&e, 0, sizeof(e));
	memset(key, 0, sizeof(key));
	if (ctx->argc < 2 || parse_long(ctx->argv[1], 1, FOLLOWON_WEEKS,
	    &week) == -1) {
		log_warnx("preview: bad follow-on week '%s' (expected 1 to %d)",
		    ctx->argc < 2 ? "" : ctx->argv[1], FOLLOWON_WEEKS);
		return EXIT_USAGE;
	}
	if (cmd_opt(ctx, "send-to")) {
		log_warnx("preview: --send-to sends a plan day's lesson, not "
		    "a follow-on week");
		return EXIT_USAGE;
	}
	if (cmd_load_curriculum(ctx, &cur) == -1)
		return EXIT_USAGE;
	if (email == NULL)
		sample(ctx, &cur, &e);
	else if ((r = cmd_preview_person(ctx, email, key, &db, &e)) !=
	    EXIT_OK) {
		rc = r;
		goto out;
	}
	/* a person's week from their own scorecard; the sample's from one */
	kc.db = db;
	kc.cfg = &ctx->cfg;
	kc.cur = &cur;
	kc.key = email ? key : NULL;
	kc.now = ctx->now;
	if (kindmail_render(&kc, LEDGER_FOLLOWON, &e, (int)week, &mail,
	    &why) != 0) {
		log_warnx("preview: follow-on week %ld: %s", week, why ? why :
		    "the email could not be rendered");
		goto out;
	}
	cmd_preview_print(ctx, &e, &mail);
	rc = EXIT_OK;
out:
	explicit_bzero(key, sizeof(key));
	enrollment_free(&e);
	render_email_free(&mail);
	db_close(db);
	cur_free(&cur);
	return rc;
}

/* "follow-on: opted in DATE, 3 of 12 weeks sent, week 4 on DATE" */
void
cmd_followon_print(const json_t *f)
{
	const json_t *next = json_object_get(f, "next_week");

	if (!json_is_object(f)) {
		printf("follow-on: not chosen\n");
		return;
	}
	printf("follow-on: opted in %.10s, %d of %d weeks sent",
	    json_string_value(json_object_get(f, "opted_in_at")),
	    (int)json_integer_value(json_object_get(f, "weeks_sent")),
	    FOLLOWON_WEEKS);
	if (json_is_integer(next))
		printf(", week %d due %s", (int)json_integer_value(next),
		    json_string_value(json_object_get(f, "next_due_at")));
	printf("\n");
}
