/*
 * cmd_webhooks.c - `refready webhooks`: the webhook deliveries not yet
 * made (pending, being sent, waiting for a retry) and those given up
 * (failed), oldest first per endpoint (outbox.h).
 *
 * An endpoint is shown by its place in the configuration and its host,
 * as the log and /metrics name it: a URL's path may be a capability.
 * Deliveries to a URL no longer configured wait, unsent, in case it
 * comes back; they are listed with the place "-".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "clock.h"
#include "cmd.h"
#include "db.h"
#include "net.h"
#include "outbox.h"
#include "util.h"

struct listing {
	const struct cfg	*cfg;
	json_t			*json;		/* NULL: text */
	long			 open, failed;
};

/* the endpoint's place in the configuration, or -1 */
static int
place(const struct cfg *cfg, const char *url)
{
	size_t i;

	for (i = 0; i < cfg->nwebhooks; i++)
		if (strcmp(cfg->webhooks[i].url, url) == 0)
			return (int)i;
	return -1;
}

static int
one(void *arg, const struct outbox_row *r)
{
	struct listing *l = arg;
	char next[21], made[21], ep[8], *host = net_url_host(r->endpoint);
	char *answer = xstrdup_escaped(r->answer ? r->answer : "");
	int failed = strcmp(r->state, "failed") == 0, at;

	at = place(l->cfg, r->endpoint);
	clock_format_rfc3339(r->next_try_at, next);
	clock_format_rfc3339(r->created_at, made);
	if (failed)
		l->failed++;
	else
		l->open++;
	if (l->json) {
		json_array_append_new(l->json, json_pack("{s:s, s:s, s:o, "
		    "s:s, s:s, s:i, s:s, s:s?, s:s?}", "id", r->uid, "type",
		    r->type, "endpoint", at >= 0 ? json_integer(at) :
		    json_null(), "host", host ? host : "", "state", r->state,
		    "attempts", r->attempts, "created", made, "next_try",
		    failed ? NULL : next, "last_answer", r->answer));
	} else {
		snprintf(ep, sizeof(ep), "%d", at);
		printf("%-36s  %-15s  %2s %-20.20s  %-7s  %5d  %-20s  %s\n",
		    r->uid, r->type, at >= 0 ? ep : "-", host ? host : "?",
		    r->state, r->attempts, failed ? "-" : next, answer);
	}
	free(answer);
	free(host);
	return 0;
}

int
cmd_webhooks(struct cmd_ctx *ctx)
{
	struct listing l = { &ctx->cfg, NULL, 0, 0 };
	struct db *db;
	int rc;

	if ((db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) == NULL)
		return EXIT_RUNTIME;
	if (cmd_opt(ctx, "json"))
		l.json = json_array();
	else
		printf("%-36s  %-15s  %2s %-20s  %-7s  %5s  %-20s  %s\n",
		    "EVENT", "TYPE", "#", "ENDPOINT", "STATE", "TRIES",
		    "NEXT TRY", "LAST ANSWER");
	rc = outbox_each(db, one, &l);
	if (rc == 0 && l.json) {
		json_dumpf(l.json, stdout, JSON_INDENT(2));
		putchar('\n');
	} else if (rc == 0)
		printf("%ld pending, %ld failed\n", l.open, l.failed);
	json_decref(l.json);
	db_close(db);
	return rc == 0 ? EXIT_OK : EXIT_RUNTIME;
}
