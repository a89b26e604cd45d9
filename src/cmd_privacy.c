/*
 * cmd_privacy.c - `refready export EMAIL` and `refready forget EMAIL`:
 * a person's request for their data, or for its erasure (privacy.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "clock.h"
#include "cmd.h"
#include "curriculum.h"
#include "db.h"
#include "log.h"
#include "privacy.h"
#include "suppress.h"
#include "token.h"
#include "util.h"

/*
 * Nothing held about email: one line saying so, and, when the address
 * was forgotten, when; the exit status.
 */
static int
not_found(struct cmd_ctx *ctx, struct db *db,
    const unsigned char key[TOKEN_SECRET_LEN], const char *email)
{
	struct suppress_entry e;
	char day[21];

	if (suppress_check(db, key, email, &e) == 1 && e.forgotten) {
		clock_format_rfc3339(e.since, day);
		day[10] = '\0';
		log_warnx("%s: no one with the address '%s': it was forgotten "
		    "on %s (only a keyed hash of it is kept, on the "
		    "suppression list)", ctx->name, email, day);
	} else
		log_warnx("%s: no one with the address '%s'", ctx->name, email);
	return EXIT_USAGE;
}

static int
open_all(struct cmd_ctx *ctx, unsigned char key[TOKEN_SECRET_LEN],
    struct db **db)
{
	if (token_secret_load(ctx->cfg.secret_file, key) == -1)
		return -1;
	if ((*db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) ==
	    NULL) {
		explicit_bzero(key, TOKEN_SECRET_LEN);
		return -1;
	}
	return 0;
}

int
cmd_export(struct cmd_ctx *ctx)
{
	const char *email = ctx->argv[0];
	unsigned char key[TOKEN_SECRET_LEN];
	struct db *db;
	json_t *o = NULL;
	int rc = EXIT_RUNTIME, x;

	if (open_all(ctx, key, &db) == -1)
		return EXIT_RUNTIME;
	if ((x = privacy_export(db, email, ctx->now, &o)) == 1)
		rc = not_found(ctx, db, key, email);
	else if (x == 0) {
		if (json_dumpf(o, stdout, JSON_INDENT(2)) == -1 ||
		    putchar('\n') == EOF || fflush(stdout) == EOF)
			log_warn("export: cannot write the data out");
		else
			rc = EXIT_OK;
	}
	json_decref(o);
	explicit_bzero(key, sizeof(key));
	db_close(db);
	return rc;
}

/* what forget is about to erase, in a line; counts from the export */
static void
describe(const char *email, json_t *o, char *out, size_t n)
{
	json_t *p = json_object_get(o, "person"), *e, *x;
	size_t i, emails = 0, scores = 0;
	const char *name = json_string_value(json_object_get(p, "name"));
	char *flat = xstrdup_escaped(name ? name : "");

	json_array_foreach(json_object_get(o, "enrollments"), i, e) {
		emails += json_array_size(json_object_get(e, "emails"));
		scores += json_array_size(json_object_get(e, "scorecard"));
	}
	x = json_object_get(o, "registrations");
	snprintf(out, n, "%s%s%s%s: %zu enrollment%s, %zu email%s, %zu "
	    "scorecard attempt%s, %zu cohort%s", email, *flat ? " (" : "",
	    flat, *flat ? ")" : "",
	    json_array_size(json_object_get(o, "enrollments")),
	    json_array_size(json_object_get(o, "enrollments")) == 1 ? "" : "s",
	    emails, emails == 1 ? "" : "s", scores, scores == 1 ? "" : "s",
	    json_array_size(x), json_array_size(x) == 1 ? "" : "s");
	free(flat);
}

/* asks on the terminal; 1 when the operator said yes */
static int
confirm(const char *what)
{
	char line[64];

	fprintf(stderr, "forget %s\nThis erases their name, address, "
	    "scorecard answers and links for good; the cohort counts stay.\n"
	    "Forget them? [y/N] ", what);
	fflush(stderr);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return 0;
	line[strcspn(line, "\r\n")] = '\0';
	return strcmp(line, "y") == 0 || strcmp(line, "Y") == 0 ||
	    strcmp(line, "yes") == 0 || strcmp(line, "YES") == 0;
}

/*
 * --yes, or a yes on a terminal: 1 to go on, 0 when the operator said
 * no, -1 (logged) when there is no terminal to ask on.
 */
static int
agreed(struct cmd_ctx *ctx, const char *email, json_t *o)
{
	char what[512];

	if (cmd_opt(ctx, "yes"))
		return 1;
	if (!isatty(STDIN_FILENO)) {
		log_warnx("forget: no terminal to ask on; add --yes to forget "
		    "'%s' for good", email);
		return -1;
	}
	describe(email, o, what, sizeof(what));
	return confirm(what);
}

int
cmd_forget(struct cmd_ctx *ctx)
{
	const char *email = ctx->argv[0];
	unsigned char key[TOKEN_SECRET_LEN];
	struct privacy_forgotten f;
	struct curriculum cur;
	struct db *db;
	json_t *o = NULL;
	int rc = EXIT_RUNTIME, x, loaded = 0;

	if (open_all(ctx, key, &db) == -1)
		return EXIT_RUNTIME;
	/* nothing held: say so before asking anything */
	if ((x = privacy_export(db, email, ctx->now, &o)) != 0) {
		if (x == 1)
			rc = not_found(ctx, db, key, email);
		goto out;
	}
	/* no terminal to ask on is a usage error; a "no" is not */
	if ((x = agreed(ctx, email, o)) != 1) {
		if (x == 0)
			fprintf(stderr, "forget: nothing was changed\n");
		rc = x == 0 ? EXIT_RUNTIME : EXIT_USAGE;
		goto out;
	}
	/* the scorecard's categories, for the sums the report keeps */
	if (cmd_load_curriculum(ctx, &cur) == -1)
		goto out;
	loaded = 1;
	if ((x = privacy_forget(db, &cur, key, email, ctx->now, &f)) == 1)
		rc = not_found(ctx, db, key, email);
	else if (x == 0) {
		if (f.person)
			printf("forgot %s: person %lld is now %s\n", email,
			    f.person, f.placeholder);
		else
			printf("forgot %s\n", email);
		printf("on the suppression list as %s (%s): the address is "
		    "refused if it comes again\n", f.row, f.reason);
		rc = EXIT_OK;
	}
out:
	if (loaded)
		cur_free(&cur);
	json_decref(o);
	explicit_bzero(key, sizeof(key));
	db_close(db);
	return rc;
}
