/*
 * cmd_bounces.c - `refready bounces PATH`: read what came back to the
 * return path (a Maildir, an mbox file, or "-" for one message on
 * standard input, as a Postfix alias "|refready bounces -" gives it),
 * one line per message and a summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounce_store.h"
#include "cmd.h"
#include "db.h"
#include "diag.h"
#include "log.h"
#include "util.h"

/* the return path's local part, or NULL when none is set */
char *
cmd_return_local(const struct cfg *cfg)
{
	const char *rp = cfg->mail_return_path, *at;

	if (rp == NULL || (at = strrchr(rp, '@')) == NULL)
		return NULL;
	return xstrndup(rp, (size_t)(at - rp));
}

/* what a stop did, for the line */
static const char *
effect_str(enum bounce_effect e)
{
	return e == BOUNCE_EFFECT_BOUNCED ? "mail stopped (bounced)" :
	    e == BOUNCE_EFFECT_COMPLAINED ? "mail stopped (complained)" :
	    "kept";
}

static void
print_line(void *arg, const char *where, const struct bounce *b,
    const struct bounce_outcome *o)
{
	char *w = xstrdup_escaped(where);
	const char *k = bounce_kind_name(b->kind);

	(void)arg;
	if (b->kind == BOUNCE_AUTOREPLY)
		printf("%s: auto-reply (%s); ignored\n", w, b->reason);
	else if (b->kind == BOUNCE_UNRECOGNISED)
		printf("%s: unrecognised%s%s%s; left for a person\n", w,
		    b->reason[0] ? " (" : "", b->reason,
		    b->reason[0] ? ")" : "");
	else if (o->what == BOUNCE_FORGED)
		printf("%s: %s with a return-path tag that is not ours; left "
		    "for a person\n", w, k);
	else if (o->what == BOUNCE_NOBODY)
		printf("%s: %s for nobody refready knows%s%s%s; left for a "
		    "person\n", w, k, b->recipient[0] ? " (" : "",
		    b->recipient, b->recipient[0] ? ")" : "");
	else if (o->what == BOUNCE_SEEN_BEFORE)
		printf("%s: %s for %s, read before; not counted again\n", w, k,
		    o->email);
	else
		printf("%s: %s for %s (by %s%s): %s%s%s; %s\n", w, k, o->email,
		    o->how, o->resend ? ", a resend" : o->day ? ", a lesson" :
		    "", b->status,
		    b->status[0] && b->reason[0] ? " " : "", b->reason,
		    effect_str(o->effect));
	free(w);
}

int
cmd_bounces(struct cmd_ctx *ctx)
{
	unsigned char key[TOKEN_SECRET_LEN];
	struct diag_list dl = { NULL, 0, 0 };
	struct bounce_counts n;
	struct db *db = NULL;
	char *local = NULL;
	int rc = EXIT_RUNTIME, x;

	if (token_secret_load(ctx->cfg.secret_file, key) == -1)
		return EXIT_RUNTIME;
	if ((db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) == NULL)
		goto out;
	local = cmd_return_local(&ctx->cfg);
	x = bounce_store_read(db, key, local, ctx->argv[0], ctx->now,
	    print_line, NULL, &n, &dl);
	diag_print(&dl, stderr, "refready: bounces: ");
	if (x == -2) {
		rc = EXIT_USAGE;
		goto out;
	}
	printf("hard %ld, soft %ld, complaints %ld, auto-replies %ld, "
	    "unrecognised %ld\n", n.hard, n.soft, n.complaints, n.autoreplies,
	    n.unrecognised);
	if (x == -1)
		log_warnx("bounces: the database failed; what is left was not "
		    "read and stays where it is");
	rc = x == 0 && dl.n == 0 ? EXIT_OK : EXIT_RUNTIME;
out:
	explicit_bzero(key, sizeof(key));
	diag_free(&dl);
	free(local);
	db_close(db);
	return rc;
}
