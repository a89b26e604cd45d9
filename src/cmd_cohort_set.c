/*
 * cmd_cohort_set.c - a cohort's webinar as its registrants see it: the
 * --title, --join-url and --replay-url options that `cohort create`
 * takes, and `cohort set NAME` to change them later.
 *
 * A change raises the webinar event's SEQUENCE in the cohort feed
 * (cohort_store_set_webinar), so a calendar already subscribed shows the
 * new title and link instead of keeping the old event.  (cohort_set.c,
 * despite its name, is the people of one import, not this command.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "cohort.h"
#include "cohort_store.h"
#include "cohort_webinar.h"
#include "db.h"
#include "log.h"

/* the options, their checks and their names in messages */
static const struct {
	const char	*opt;
	int		 url;
} fields[3] = {
	{ "title", 0 }, { "join-url", 1 }, { "replay-url", 1 }
};

int
cmd_cohort_webinar_opts(const struct cmd_ctx *ctx, const char *v[3])
{
	const char *why;
	int i, bad;

	for (i = 0; i < 3; i++) {
		v[i] = cmd_opt(ctx, fields[i].opt);
		/* "" clears: nothing to check */
		if (v[i] == NULL || *v[i] == '\0')
			continue;
		bad = fields[i].url ? cohort_url_check(v[i], &why) :
		    cohort_title_check(v[i], &why);
		if (bad) {
			log_warnx("%s: bad --%s '%s' (%s)", ctx->name,
			    fields[i].opt, v[i], why);
			return -1;
		}
	}
	return 0;
}

int
cmd_cohort_set(struct cmd_ctx *ctx)
{
	const char *name = ctx->argv[0], *v[3];
	struct cohort c;
	struct db *db;
	struct buf b;
	int r, changed;

	if (cmd_cohort_webinar_opts(ctx, v) == -1)
		return EXIT_USAGE;
	if (v[0] == NULL && v[1] == NULL && v[2] == NULL) {
		log_warnx("cohort set: nothing to change (give --title, "
		    "--join-url or --replay-url)");
		return EXIT_USAGE;
	}
	if ((db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) == NULL)
		return EXIT_RUNTIME;
	if ((r = cohort_store_find(db, name, &c)) != 0) {
		if (r == 1)
			log_warnx("cohort set: no cohort called '%s' (see "
			    "'refready cohort list')", name);
		db_close(db);
		return r == 1 ? EXIT_USAGE : EXIT_RUNTIME;
	}
	r = cohort_store_set_webinar(db, &c, v[0], v[1], v[2], ctx->now,
	    &changed);
	if (r == 0) {
		buf_init(&b, 64 * 1024);
		cohort_webinar_text(&b, &c, "  ", "", 7);
		printf("cohort '%s': %s\n%s", c.name, changed ? "changed; its "
		    "calendar event is updated" : "nothing changed",
		    b.data ? b.data : "");
		buf_free(&b);
	}
	cohort_free(&c);
	db_close(db);
	return r == 0 ? EXIT_OK : EXIT_RUNTIME;
}
