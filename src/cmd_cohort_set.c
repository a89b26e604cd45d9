/*
 * cmd_cohort_set.c - `cohort set NAME` changes a cohort after it was
 * created; `--signup on|off` (also taken by `cohort create`) publishes
 * or withdraws its public signup form, /join/NAME.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "cohort.h"
#include "db.h"
#include "log.h"
#include "signup_store.h"

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
	struct buf b;
	const char *s;

	if (!on) {
		printf("signup:   off\n");
		return;
	}
	/* the name as one URL path segment */
	buf_init(&b, 4096);
	for (s = name; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("-._~", ch))
			buf_printf(&b, "%c", ch);
		else
			buf_printf(&b, "%%%02X", ch);
	}
	printf("signup:   on: %s/join/%s\n", ctx->cfg.base_url,
	    b.data ? b.data : "");
	buf_free(&b);
}

int
cmd_cohort_set(struct cmd_ctx *ctx)
{
	const char *name = ctx->argv[0];
	struct cohort c;
	struct db *db;
	int r, on = 0, was = 0, signup;

	if ((signup = cmd_cohort_signup_opt(ctx, &on)) == -1)
		return EXIT_USAGE;
	if (signup == 0) {
		log_warnx("cohort set: nothing to change (give --signup "
		    "on|off)");
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
	r = signup_store_set_cohort(db, c.id, on);
	if (r == 0) {
		printf("cohort '%s': %s\n", c.name, was == on ?
		    "nothing changed" : "changed");
		cmd_cohort_signup_print(ctx, c.name, on);
	}
	cohort_free(&c);
	db_close(db);
	return r == 0 ? EXIT_OK : EXIT_RUNTIME;
}
