/*
 * cmd_send.c - the operator's sends: `resend EMAIL DAY` and `preview DAY
 * --send-to ADDR`, and the previews of the emails that are not lessons.
 *
 * A resend is a ledger row like a lesson ('resend', N), queued here and
 * sent by one ordinary pass, so it has every guarantee a lesson has: it
 * is recorded the moment the server confirms it, a crash re-sends at
 * most what was on the wire, a relay that fails gives it back due, and
 * the suppression list is asked again when it is claimed.  A test send
 * goes to an address of the operator's, not to a person: it is built by
 * the same code as a lesson and handed to the transport directly, and
 * the ledger never hears of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "clock.h"
#include "cmd.h"
#include "curriculum.h"
#include "daymail.h"
#include "db.h"
#include "catchup.h"
#include "enrollment.h"
#include "kindmail.h"
#include "ledger.h"
#include "log.h"
#include "mailer.h"
#include "scheduler.h"
#include "suppress.h"
#include "util.h"

/* 1 with why when no mail may go to email at all, 0 when it may, -1 */
static int
refused_address(struct db *db, const char *email, char *why, size_t n)
{
	struct suppress_entry se;
	char since[21];
	int x;

	if ((x = suppress_get(db, email, &se)) != 1)
		return x;
	clock_format_rfc3339(se.since, since);
	snprintf(why, n, "%s is suppressed (%s on %.10s)", email,
	    suppress_reason_str(se.reason), since);
	return 1;
}

/* the plan's own state stops its mail too (ledger_claim would skip it) */
static int
plan_stopped(const struct enrollment *e)
{
	return strcmp(e->state, "unsubscribed") == 0 ||
	    strcmp(e->state, "unenrolled") == 0 ||
	    strcmp(e->state, "bounced") == 0 ||
	    strcmp(e->state, "complained") == 0;
}

/*
 * Checks and queues the resend: EXIT_OK with *id and *key, EXIT_USAGE
 * after one line saying why not, or EXIT_RUNTIME.
 */
static int
queue_resend(struct cmd_ctx *ctx, struct db *db, const char *email, int day,
    long long *id, int *key)
{
	struct enrollment e;
	char why[384];
	int r;

	if ((r = refused_address(db, email, why, sizeof(why))) != 0) {
		if (r == 1)
			log_warnx("resend: %s; nothing was sent", why);
		return r == 1 ? EXIT_USAGE : EXIT_RUNTIME;
	}
	if ((r = enrollment_find(db, email, &e)) != 0) {
		if (r == 1)
			log_warnx("resend: no one enrolled as '%s'", email);
		return r == 1 ? EXIT_USAGE : EXIT_RUNTIME;
	}
	*id = e.id;
	if (plan_stopped(&e)) {
		log_warnx("resend: %s's plan is %s; nothing was sent", email,
		    e.state);
		enrollment_free(&e);
		return EXIT_USAGE;
	}
	enrollment_free(&e);
	r = ledger_queue_resend(db, *id, day, ctx->now, key, why, sizeof(why));
	if (r == 1)
		log_warnx("resend: %s: %s", email, why);
	return r == 0 ? EXIT_OK : r == 1 ? EXIT_USAGE : EXIT_RUNTIME;
}

/* prints what became of resend key; EXIT_OK only when it was sent */
static int
report_resend(struct db *db, long long id, int key, int day,
    const char *email)
{
	sqlite3_stmt *st;
	const char *state, *reply, *msgid;
	char *r;
	int rc = EXIT_RUNTIME;

	st = db_prepare(db, "SELECT state, COALESCE(last_reply, ''), "
	    "COALESCE(message_id, '') FROM delivery WHERE enrollment_id = ? "
	    "AND kind = 'resend' AND key = ?");
	if (st == NULL)
		return EXIT_RUNTIME;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, key);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_warn(db, "resend");
		sqlite3_finalize(st);
		return EXIT_RUNTIME;
	}
	state = (const char *)sqlite3_column_text(st, 0);
	reply = (const char *)sqlite3_column_text(st, 1);
	msgid = (const char *)sqlite3_column_text(st, 2);
	r = xstrdup_escaped(reply);
	if (strcmp(state, "sent") == 0) {
		printf("resent day %d to %s (resend %d, Message-ID <%s>)\n",
		    day, email, key, msgid);
		rc = EXIT_OK;
	} else if (strcmp(state, "failed") == 0 ||
	    strcmp(state, "skipped") == 0)
		printf("resend %d of day %d to %s %s: %s\n", key, day, email,
		    state, r);
	else
		printf("resend %d of day %d to %s queued, not sent yet%s%s; "
		    "the daemon (or the next tick) tries again\n", key, day,
		    email, *r ? ": " : "", r);
	free(r);
	sqlite3_finalize(st);
	return rc;
}

/* one ordinary pass, as tick runs it, so the resend goes out now */
static int
run_pass(struct cmd_ctx *ctx, struct db *db, const struct curriculum *cur)
{
	struct scheduler s;
	struct ledger_counts c;
	int rc;

	if (scheduler_init(&s, db, &ctx->cfg, cur) == -1)
		return -1;
	s.wait = 1;	/* after the daemon's pass, if one is running */
	rc = scheduler_pass(&s, ctx->now, &c);
	printf("pass: sent %ld, retried %ld, failed %ld, skipped %ld\n",
	    c.sent, c.retried, c.failed, c.skipped);
	if (rc == 1)
		scheduler_log_fault(&s, "resend");
	scheduler_free(&s);
	return rc == -1 ? -1 : 0;
}

int
cmd_resend(struct cmd_ctx *ctx)
{
	const char *email = ctx->argv[0];
	struct curriculum cur;
	struct db *db;
	long long id = 0;
	long day;
	int key = 0, rc;

	if (parse_long(ctx->argv[1], 1, CUR_DAYS, &day) == -1) {
		log_warnx("resend: bad day '%s' (expected 1 to %d)",
		    ctx->argv[1], CUR_DAYS);
		return EXIT_USAGE;
	}
	if (cmd_load_curriculum(ctx, &cur) == -1)
		return EXIT_USAGE;
	if ((db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) == NULL) {
		cur_free(&cur);
		return EXIT_RUNTIME;
	}
	rc = queue_resend(ctx, db, email, (int)day, &id, &key);
	if (rc == EXIT_OK && run_pass(ctx, db, &cur) == -1)
		rc = EXIT_RUNTIME;
	if (rc == EXIT_OK)
		rc = report_resend(db, id, key, (int)day, email);
	db_close(db);
	cur_free(&cur);
	return rc;
}

/* the mailer's done callback for a single job: nothing to record */
static int
test_done(void *arg, const size_t *index, size_t n)
{
	(void)arg;
	(void)index;
	(void)n;
	return 0;
}

/*
 * A Message-ID of no person's: random, so two test sends never share
 * one, and in another form than token_message_id's, so a bounce of it
 * finds no one.
 */
static void
test_message_id(const struct cfg *cfg, char *out, size_t n)
{
	unsigned char r[8] = { 0 };
	char domain[128];

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		log_warn("preview: getrandom");
	scheduler_domain(cfg, domain, sizeof(domain));
	snprintf(out, n, "rr.test.%02x%02x%02x%02x%02x%02x%02x%02x@%s", r[0],
	    r[1], r[2], r[3], r[4], r[5], r[6], r[7], domain);
}

/* hands job to the configured transport; EXIT_OK or EXIT_RUNTIME */
static int
test_deliver(const struct cfg *cfg, struct mail_job *job)
{
	struct mailer *m;
	char reply[sizeof(job->reply)];

	if ((m = mailer_open(cfg)) == NULL)
		return EXIT_RUNTIME;
	mailer_send(m, job, 1, test_done, NULL);
	mailer_close(m);
	if (job->result == MAIL_SENT)
		return EXIT_OK;
	str_mask_addresses(reply, sizeof(reply), job->reply);
	if (job->fault != MAIL_FAULT_NONE)
		log_warnx("preview: %s %s: %s", cfg->mail_url,
		    mail_fault_what(job->fault), reply);
	else
		log_warnx("preview: %s: %s: %s", job->rcpt,
		    mail_result_str(job->result), reply);
	return EXIT_RUNTIME;
}

int
cmd_preview_send(struct cmd_ctx *ctx, const struct curriculum *cur,
    const struct enrollment *e, const unsigned char *key, int day,
    const char *addr)
{
	struct daymail dm;
	struct enrollment_vars ev;
	struct catchup cu;
	struct mail_job job;
	struct buf b;
	char id[256];
	int rc = EXIT_RUNTIME;

	if (daymail_init(&dm, cur, day) == -1)
		return EXIT_RUNTIME;
	enrollment_vars(e, ctx->cfg.base_url, ctx->cfg.mail_footer, key,
	    day, &ev);
	/* a real person's catch-up box, as their lesson would carry it */
	catchup_set(&cu, cur, key ? e->done_before : 0, key ? day : 1,
	    ev.links.page, &ev.v);
	test_message_id(&ctx->cfg, id, sizeof(id));
	buf_init(&b, 4 * RENDER_MAX);
	if (scheduler_message(&ctx->cfg, &dm, &ev, addr, id, "[test] ",
	    ctx->now, &b) == -1) {
		log_warnx("preview: day %d: the email could not be built", day);
		buf_free(&b);
		goto out;
	}
	memset(&job, 0, sizeof(job));
	job.rcpt = addr;
	job.len = b.len;
	job.data = buf_take(&b);
	/* from NULL: mail.from, so what bounces names no person */
	if ((rc = test_deliver(&ctx->cfg, &job)) == EXIT_OK)
		printf("sent day %d as %s would get it to %s through %s "
		    "(Message-ID <%s>)\n", day, e->email, addr,
		    ctx->cfg.mail_url, id);
	free((char *)job.data);
out:
	catchup_free(&cu);
	enrollment_vars_free(&ev);
	daymail_free(&dm);
	return rc;
}

void
cmd_preview_print(struct cmd_ctx *ctx, const struct enrollment *e,
    const struct render_email *mail)
{
	char *name, *shown;

	if (cmd_opt(ctx, "html")) {
		fputs(mail->html, stdout);
		return;
	}
	/* the name is the person's, as imported */
	name = xstrdup_flat(e->name);
	shown = xstrdup_escaped(name);
	printf("From: %s\nTo: %s <%s>\nSubject: %s\n\n%s",
	    ctx->cfg.mail_from, shown, e->email, mail->subject, mail->text);
	free(shown);
	free(name);
}

int
cmd_preview_kind(struct cmd_ctx *ctx, const struct curriculum *cur,
    struct db *db, const struct enrollment *e, const unsigned char *key,
    enum ledger_kind kind, const char *addr)
{
	struct kind_ctx kc = { db, &ctx->cfg, cur, key, ctx->now };
	struct render_email mail;
	struct mail_job job;
	struct buf b;
	const char *why = NULL, *what = ledger_kind_str(kind);
	char id[256];
	int rc;

	if (addr == NULL) {
		if (kindmail_render(&kc, kind, e, 1, &mail, &why) != 0) {
			log_warnx("preview: %s: %s", what, why);
			return EXIT_RUNTIME;
		}
		cmd_preview_print(ctx, e, &mail);
		render_email_free(&mail);
		return EXIT_OK;
	}
	test_message_id(&ctx->cfg, id, sizeof(id));
	buf_init(&b, 4 * RENDER_MAX);
	if (kindmail_build(&kc, kind, e, 1, addr, id, "[test] ", &b,
	    &why) != 0) {
		log_warnx("preview: %s: %s", what, why);
		buf_free(&b);
		return EXIT_RUNTIME;
	}
	memset(&job, 0, sizeof(job));
	job.rcpt = addr;
	job.len = b.len;
	job.data = buf_take(&b);
	if ((rc = test_deliver(&ctx->cfg, &job)) == EXIT_OK)
		printf("sent the %s email as %s would get it to %s through %s "
		    "(Message-ID <%s>)\n", what, e->email, addr,
		    ctx->cfg.mail_url, id);
	free((char *)job.data);
	return rc;
}
