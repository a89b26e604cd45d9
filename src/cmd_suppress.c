/*
 * cmd_suppress.c - `refready suppress list|add|remove`: the operator's
 * view of the suppression list (suppress.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "clock.h"
#include "cmd.h"
#include "db.h"
#include "enrollment.h"
#include "log.h"
#include "outbox.h"
#include "suppress.h"
#include "util.h"

static struct db *
open_db(const struct cmd_ctx *ctx)
{
	return db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL);
}

static int
print_text(void *arg, const struct suppress_entry *e)
{
	char since[21], *detail = xstrdup_escaped(e->detail);

	(void)arg;
	clock_format_rfc3339(e->since, since);
	printf("%-32s %-12s %.10s  %s\n", e->email,
	    suppress_reason_str(e->reason), since, detail);
	free(detail);
	return 0;
}

static int
add_json(void *arg, const struct suppress_entry *e)
{
	char since[21];

	clock_format_rfc3339(e->since, since);
	json_array_append_new(arg, json_pack("{s:s, s:s, s:s, s:s?}",
	    "email", e->email, "reason", suppress_reason_str(e->reason),
	    "since", since, "detail", e->detail[0] ? e->detail : NULL));
	return 0;
}

int
cmd_suppress_list(struct cmd_ctx *ctx)
{
	struct db *db;
	json_t *list = NULL;
	int rc;

	if ((db = open_db(ctx)) == NULL)
		return EXIT_RUNTIME;
	if (cmd_opt(ctx, "json")) {
		list = json_array();
		rc = suppress_each(db, add_json, list);
		if (rc == 0) {
			json_dumpf(list, stdout, JSON_INDENT(2));
			putchar('\n');
		}
		json_decref(list);
	} else
		rc = suppress_each(db, print_text, NULL);
	db_close(db);
	return rc == 0 ? EXIT_OK : EXIT_RUNTIME;
}

/*
 * A plan under way ends now, not at its next lesson.  A block stops a
 * person's mail as surely as their own unsubscribe, so a receiver hears
 * "unsubscribed" once, about the newest enrollment it stopped, in this
 * same transaction; a person whose mail had already stopped (nothing
 * open) causes no event.  0 or -1.
 */
static int
stop_mail(struct db *db, const char *email, time_t now)
{
	sqlite3_stmt *st;
	long long person = 0, open = 0;
	int rc;

	st = db_prepare(db, "SELECT p.id, (SELECT max(e.id) FROM enrollment "
	    "e WHERE e.person_id = p.id AND (e.state = 'active' OR e.state = "
	    "'paused' OR e.state = 'completed')) FROM person p WHERE "
	    "p.email = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		person = sqlite3_column_int64(st, 0);
		open = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(db, "suppress add");
		return -1;
	}
	if (open == 0)
		return 0;
	if (enrollment_stop_person(db, person, "unenrolled", "blocked by the "
	    "operator", now) == -1)
		return -1;
	return outbox_emit(db, CFG_EV_UNSUBSCRIBED, open, 0,
	    json_pack("{s:s}", "reason", "blocked"), now);
}

int
cmd_suppress_add(struct cmd_ctx *ctx)
{
	const char *email = ctx->argv[0], *note = cmd_opt(ctx, "reason");
	struct suppress_entry e;
	struct db *db;
	int rc = EXIT_RUNTIME;

	if (!enrollment_email_valid(email)) {
		log_warnx("suppress add: bad email address '%s'", email);
		return EXIT_USAGE;
	}
	if ((db = open_db(ctx)) == NULL)
		return EXIT_RUNTIME;
	if (db_begin(db) == -1)
		goto out;
	if (suppress_add(db, email, SUPPRESS_BLOCKED, note, ctx->now) == -1)
		goto fail;
	if (stop_mail(db, email, ctx->now) == -1)
		goto fail;
	if (db_commit(db) == -1)
		goto out;
	if (suppress_get(db, email, &e) == 1)
		printf("%s is suppressed (%s); no mail goes to it\n", e.email,
		    suppress_reason_str(e.reason));
	rc = EXIT_OK;
	goto out;
fail:
	db_rollback(db);
out:
	db_close(db);
	return rc;
}

int
cmd_suppress_remove(struct cmd_ctx *ctx)
{
	const char *email = ctx->argv[0];
	unsigned char key[TOKEN_SECRET_LEN];
	struct suppress_entry e;
	struct db *db;
	char line[640];
	int rc = EXIT_RUNTIME, x;

	/* the secret finds a forgotten person's entry by their address */
	if (token_secret_load(ctx->cfg.secret_file, key) == -1)
		return EXIT_RUNTIME;
	if ((db = open_db(ctx)) == NULL)
		return EXIT_RUNTIME;
	x = suppress_check(db, key, email, &e);
	explicit_bzero(key, sizeof(key));
	if (x != 1) {
		if (x == 0) {
			log_warnx("suppress remove: '%s' is not on the list",
			    email);
			rc = EXIT_USAGE;
		}
		goto out;
	}
	if (suppress_lift_needs(e.reason) == 2 && !cmd_opt(ctx, "force")) {
		suppress_describe(&e, line, sizeof(line));
		log_warnx("suppress remove: %s; add --force to remove it "
		    "anyway", line);
		rc = EXIT_USAGE;
		goto out;
	}
	if (db_begin(db) == -1 || suppress_lift(db, e.forgotten ? e.row :
	    email, "removed by the operator", ctx->now) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		goto out;
	}
	printf("%s is off the list (it was %s); it can be enrolled again\n",
	    e.email, suppress_reason_str(e.reason));
	rc = EXIT_OK;
out:
	db_close(db);
	return rc;
}
