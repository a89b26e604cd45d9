/*
 * cmd_admin.c - the operator's housekeeping commands: init, config check
 * and curriculum check.
 */
#include <stdio.h>

#include "cmd.h"
#include "curriculum.h"
#include "db.h"
#include "log.h"
#include "token.h"

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
