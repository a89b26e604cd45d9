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
#include "followon_mail.h"
#include "log.h"
#include "scorecard.h"
#include "token.h"
#include "tz.h"
#include "util.h"

/*
 * The sample: a participant who finished the plan, with one attempt
 * whose scores vary from statement to statement, so that three
 * categories come out weakest whatever the scorecard holds.
 */
static void
sample(struct cmd_ctx *ctx, const struct curriculum *cur,
    struct enrollment *e, struct score_attempt **att, size_t *natt)
{
	const struct cur_scorecard *sc = &cur->scorecard;
	struct score_attempt *a;
	struct date today;
	size_t c, i, k = 0;

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
	a = xcalloc(1, sizeof(*a));
	a->n = score_nitems(sc);
	a->v = xcalloc(a->n + 1, sizeof(int));
	a->taken_at = ctx->now - 86400;
	for (c = 0; c < sc->ncategories; c++)
		for (i = 0; i < sc->categories[c].nitems; i++)
			a->v[k++] = (int)((c * 7 + i * 3 + 2) % CUR_SCALE);
	*att = a;
	*natt = 1;
}

int
cmd_preview_followon(struct cmd_ctx *ctx)
{
	const char *email = cmd_opt(ctx, "email");
	unsigned char key[TOKEN_SECRET_LEN];
	struct curriculum cur;
	struct render_email mail = { NULL, NULL, NULL };
	struct followon_plan p;
	struct enrollment e;
	struct enrollment_vars ev;
	struct score_attempt *att;
	struct db *db = NULL;
	size_t natt;
	long week;
	int rc = EXIT_RUNTIME, r;

	memset(&e, 0, sizeof(e));
	memset(&ev, 0, sizeof(ev));
	memset(&p, 0, sizeof(p));
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
	if (email == NULL) {
		sample(ctx, &cur, &e, &att, &natt);
		followon_plan_make(&cur, &e, ctx->now, att, natt, &p);
	} else {
		if (token_secret_load(ctx->cfg.secret_file, key) == -1 ||
		    (db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL,
		    NULL)) == NULL)
			goto out;
		if ((r = enrollment_find(db, email, &e)) != 0) {
			if (r == 1)
				log_warnx("preview: no one enrolled as '%s'",
				    email);
			rc = r == 1 ? EXIT_USAGE : EXIT_RUNTIME;
			goto out;
		}
		if (followon_plan_load(db, &cur, &e, ctx->now, &p) == -1)
			goto out;
	}
	enrollment_vars(&e, ctx->cfg.base_url, ctx->cfg.mail_footer,
	    email ? key : NULL, CUR_DAYS, &ev);
	if (followon_mail_render(&cur, &p, (int)week, &ev, &mail) == -1) {
		log_warnx("preview: follow-on week %ld: the email could not be "
		    "rendered", week);
		goto out;
	}
	if (cmd_opt(ctx, "html"))
		fputs(mail.html, stdout);
	else {
		/* the name is the person's, as imported */
		char *name = xstrdup_escaped(ev.name);

		printf("From: %s\nTo: %s <%s>\nSubject: %s\n\n%s",
		    ctx->cfg.mail_from, name, e.email, mail.subject,
		    mail.text);
		free(name);
	}
	rc = EXIT_OK;
out:
	explicit_bzero(key, sizeof(key));
	followon_plan_free(&p);
	enrollment_vars_free(&ev);
	enrollment_free(&e);
	render_email_free(&mail);
	db_close(db);
	cur_free(&cur);
	return rc;
}
