/*
 * cmd_cohort_set.c - a cohort as its registrants and the public see it:
 * the webinar's --title, --join-url and --replay-url, and --signup
 * on|off (its public signup form, /join/NAME), which `cohort create`
 * takes, and `cohort set NAME` to change them later.
 *
 * A change to the webinar raises its event's SEQUENCE in the cohort feed
 * (cohort_store_set_webinar), so a calendar already subscribed shows the
 * new title and link instead of keeping the old event.  (cohort_set.c,
 * despite its name, is the people of one import, not this command.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "buf.h"
#include "cmd.h"
#include "cohort.h"
#include "cohort_store.h"
#include "cohort_webinar.h"
#include "db.h"
#include "log.h"
#include "signup_store.h"

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
cmd_cohort_signup_opt(const struct cmd_ctx *ctx, int *on)
{
	const char *v = cmd_opt(ctx, "signup");

	if (v == NULL)
		return 0;
	if (strcmp(v, "on") != 0 && strcmp(v, "off") != 0) {
		log_warnx("%s: bad --signup '%s' (on or off)", ctx->name, v);
		return -1;
	}
	*on = strcmp(v, "on") == 0;
	return 1;
}

/* "on: URL" or "off", for the operator */
void
cmd_cohort_signup_print(const struct cmd_ctx *ctx, const char *name, int on)
{
	char *seg;

	if (!on) {
		printf("signup:   off\n");
		return;
	}
	/* the name as one URL path segment */
	seg = curl_easy_escape(NULL, name, 0);
	printf("signup:   on: %s/join/%s\n", ctx->cfg.base_url,
	    seg ? seg : "");
	curl_free(seg);
}

int
cmd_cohort_set(struct cmd_ctx *ctx)
{
	const char *name = ctx->argv[0], *v[3];
	struct cohort c;
	struct db *db;
	struct buf b;
	int r, changed = 0, on = 0, was = 0, signup, webinar;

	if (cmd_cohort_webinar_opts(ctx, v) == -1 ||
	    (signup = cmd_cohort_signup_opt(ctx, &on)) == -1)
		return EXIT_USAGE;
	webinar = v[0] != NULL || v[1] != NULL || v[2] != NULL;
	if (!webinar && !signup) {
		log_warnx("cohort set: nothing to change (give --title, "
		    "--join-url, --replay-url or --signup on|off)");
		return EXIT_USAGE;
	}
	if ((db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) == NULL)
		return EXIT_RUNTIME;
	if ((r = signup_store_cohort(db, name, &c, &was)) != 0) {
		if (r == 1)
			log_warnx("cohort set: no cohort called '%s' (see "
			    "'refready cohort list')", name);
		db_close(db);
		return r == 1 ? EXIT_USAGE : EXIT_RUNTIME;
	}
	r = 0;
	if (webinar)
		r = cohort_store_set_webinar(db, &c, v[0], v[1], v[2],
		    ctx->now, &changed);
	if (r == 0 && signup && (r = signup_store_set_cohort(db, c.id,
	    on)) == 0)
		changed |= was != on;
	if (r == 0) {
		printf("cohort '%s': %s\n", c.name, !changed ?
		    "nothing changed" : webinar ? "changed; its calendar "
		    "event is updated" : "changed");
		if (webinar) {
			buf_init(&b, 64 * 1024);
			cohort_webinar_text(&b, &c, "  ", "", 7);
			fputs(b.data ? b.data : "", stdout);
			buf_free(&b);
		}
		if (signup)
			cmd_cohort_signup_print(ctx, c.name, on);
	}
	cohort_free(&c);
	db_close(db);
	return r == 0 ? EXIT_OK : EXIT_RUNTIME;
}
