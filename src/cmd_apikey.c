/*
 * cmd_apikey.c - the operator's commands about API keys: create, list
 * and revoke.  A new key is printed once, on stdout, and then wiped; the
 * database keeps only its hash (apikey.c).  The running daemon reads the
 * keys on every request, so a new or revoked key counts at once.
 */
#include <stdio.h>
#include <string.h>

#include "apikey.h"
#include "clock.h"
#include "cmd.h"
#include "db.h"
#include "log.h"

/* opens the database; NULL after saying why */
static struct db *
open_db(struct cmd_ctx *ctx)
{
	return db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL);
}

static int
check_name(struct cmd_ctx *ctx, const char *name)
{
	if (apikey_name_valid(name))
		return 0;
	log_warnx("%s: bad name '%s' (1 to %d letters, digits, '.', '_' or "
	    "'-', a letter or digit first)", ctx->name, name, APIKEY_NAME_MAX);
	return -1;
}

int
cmd_apikey_create(struct cmd_ctx *ctx)
{
	const char *name = ctx->argv[0];
	char key[APIKEY_LEN + 1];
	struct db *db;
	int r;

	if (check_name(ctx, name) == -1)
		return EXIT_USAGE;
	if ((db = open_db(ctx)) == NULL)
		return EXIT_RUNTIME;
	r = apikey_create(db, name, ctx->now, key);
	db_close(db);
	if (r == 1)
		log_warnx("apikey create: there is already an API key called "
		    "'%s' (names are not reused; see 'refready apikey list')",
		    name);
	if (r != 0)
		return r == 1 ? EXIT_USAGE : EXIT_RUNTIME;
	printf("%s\n", key);
	printf("API key '%s' created; this is the only time it is shown: keep "
	    "it in the client's secret store\n", name);
	explicit_bzero(key, sizeof(key));
	return EXIT_OK;
}

static void
when(time_t t, const char *none, char out[21])
{
	if (t)
		clock_format_rfc3339(t, out);
	else
		snprintf(out, 21, "%s", none);
}

int
cmd_apikey_list(struct cmd_ctx *ctx)
{
	struct apikey *v = NULL;
	struct db *db;
	size_t n = 0, i, live = 0;
	char c[21], u[21], r[21];
	int w = 4;

	if ((db = open_db(ctx)) == NULL)
		return EXIT_RUNTIME;
	if (apikey_list(db, &v, &n) == -1) {
		db_close(db);
		return EXIT_RUNTIME;
	}
	db_close(db);
	/* names are checked: plain ASCII, so bytes are columns */
	for (i = 0; i < n; i++)
		if ((int)strlen(v[i].name) > w)
			w = (int)strlen(v[i].name);
	if (n)
		printf("%-*s  %-20s  %-20s  %s\n", w, "name", "created",
		    "last used", "revoked");
	for (i = 0; i < n; i++) {
		when(v[i].created_at, "", c);
		when(v[i].last_used_at, "never", u);
		when(v[i].revoked_at, "no", r);
		printf("%-*s  %-20s  %-20s  %s\n", w, v[i].name, c, u, r);
		live += v[i].revoked_at == 0;
	}
	printf("%zu API key%s, %zu in force\n", n, n == 1 ? "" : "s", live);
	apikey_list_free(v, n);
	return EXIT_OK;
}

int
cmd_apikey_revoke(struct cmd_ctx *ctx)
{
	const char *name = ctx->argv[0];
	struct db *db;
	time_t t;
	char at[21];
	int r;

	if (check_name(ctx, name) == -1)
		return EXIT_USAGE;
	if ((db = open_db(ctx)) == NULL)
		return EXIT_RUNTIME;
	r = apikey_revoke(db, name, ctx->now, &t);
	db_close(db);
	switch (r) {
	case 0:
		printf("API key '%s' revoked; requests with it are refused "
		    "from now on\n", name);
		return EXIT_OK;
	case 1:
		log_warnx("apikey revoke: no API key called '%s' (see "
		    "'refready apikey list')", name);
		return EXIT_USAGE;
	case 2:
		clock_format_rfc3339(t, at);
		printf("API key '%s' was already revoked at %s\n", name, at);
		return EXIT_OK;
	default:
		return EXIT_RUNTIME;
	}
}
