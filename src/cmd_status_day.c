/*
 * cmd_status_day.c - `refready status EMAIL --day N`: one plan day's
 * email from due time to delivery, resends and bounces (dayhistory.h),
 * as text or --json.
 */
#include <stdio.h>

#include <jansson.h>

#include "cmd.h"
#include "dayhistory.h"
#include "db.h"
#include "enrollment.h"
#include "log.h"
#include "util.h"

int
cmd_status_day(struct cmd_ctx *ctx)
{
	const char *arg = cmd_opt(ctx, "day");
	struct enrollment e;
	struct db *db;
	json_t *o;
	long day;
	int rc;

	if (parse_long(arg, 1, 30, &day) == -1) {
		log_warnx("status: bad --day '%s' (expected 1 to 30)", arg);
		return EXIT_USAGE;
	}
	if (ctx->argc != 1) {
		log_warnx("status: --day needs the person's EMAIL");
		return EXIT_USAGE;
	}
	if ((rc = cmd_person_open(ctx, ctx->argv[0], &db, &e)) != -1)
		return rc;
	rc = EXIT_RUNTIME;
	if ((o = dayhistory_json(db, &e, (int)day, ctx->now)) != NULL) {
		if (cmd_opt(ctx, "json")) {
			json_dumpf(o, stdout, JSON_INDENT(2));
			putchar('\n');
		} else
			dayhistory_print(stdout, o);
		json_decref(o);
		rc = EXIT_OK;
	}
	enrollment_free(&e);
	db_close(db);
	return rc;
}
