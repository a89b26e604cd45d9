/*
 * cmd_serve.c - `refready serve`: the daemon (SPEC section 4).
 *
 * The main thread runs the scheduler, the same pass as `tick`, right
 * after start and then at the top of every minute; libmicrohttpd's
 * threads answer HTTP meanwhile, each with its own database connection,
 * so a slow mail server never holds up a page.
 *
 * Signal handlers only set flags.  Signals are blocked except inside
 * ppoll(), so a flag set between a check and the sleep still wakes the
 * sleep.  SIGTERM/SIGINT end the pass after the batch in flight, stop
 * the listener (waiting for the requests being answered), close the
 * database and exit 0.  SIGHUP reads the configuration and curriculum
 * again and puts them in force only if both are valid.
 *
 * With --now the daemon's clock starts at that time and runs on from
 * there, so a test can serve "next Tuesday" and still see time pass.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "bounce_store.h"
#include "clock.h"
#include "cmd.h"
#include "replan.h"
#include "http.h"
#include "log.h"
#include "metrics.h"
#include "notify.h"
#include "outbox.h"
#include "routes.h"
#include "scheduler.h"
#include "util.h"
#include "webhook.h"

#define HTTP_THREADS	2
#define PASS_EVERY	60	/* seconds; passes start on the minute */

static volatile sig_atomic_t got_stop, got_hup;
/* the scheduler polls this between batches */
static volatile int stop_sending;

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else {
		got_stop = 1;
		stop_sending = 1;
	}
}

static void
signals_setup(sigset_t *orig)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/*
	 * Blocked everywhere but in ppoll(); threads started after this
	 * inherit the mask, so the signals always reach the main thread.
	 * The scheduler's stop flag is set by the handler, which runs in
	 * ppoll() or, during a pass, at the unblock around each batch.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, orig);
}

static long
elapsed_us(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000000L +
	    (t1.tv_nsec - t0->tv_nsec) / 1000;
}

/* progress hook: lets a pending SIGTERM in between batches */
static void
between_batches(void *arg, const struct ledger_counts *c)
{
	sigset_t *orig = arg;
	sigset_t now;

	(void)c;
	pthread_sigmask(SIG_SETMASK, orig, &now);
	pthread_sigmask(SIG_SETMASK, &now, NULL);
}

/* a returned message, for the log: ids, never addresses */
static void
log_bounce(void *arg, const char *where, const struct bounce *b,
    const struct bounce_outcome *o)
{
	struct app *a = arg;
	const char *k = bounce_kind_name(b->kind);
	char reason[sizeof(b->reason)];

	if (b->kind == BOUNCE_AUTOREPLY || b->kind == BOUNCE_UNRECOGNISED) {
		log_info("bounces: %s: %s%s", where, k, b->kind ==
		    BOUNCE_UNRECOGNISED ? "; left for a person" : "");
		return;
	}
	a->m.bounces[b->kind]++;
	str_mask_addresses(reason, sizeof(reason), b->reason);
	if (o->what == BOUNCE_APPLIED)
		log_info("bounces: %s: %s for person %lld (by %s): %s %s%s",
		    where, k, o->person_id, o->how, b->status, reason,
		    o->effect == BOUNCE_EFFECT_NONE ? "" : "; mail stopped");
	else
		log_info("bounces: %s: %s %s", where, k,
		    o->what == BOUNCE_SEEN_BEFORE ? "read before" :
		    o->what == BOUNCE_FORGED ? "with a forged tag; left for a "
		    "person" : "for nobody refready knows; left for a person");
}

/* what came back to the return path, when the relay files it for us */
static void
read_bounces(struct app *a, struct db *db)
{
	struct app_conf *c = app_conf_get(a);
	struct diag_list dl = { NULL, 0, 0 };
	struct bounce_counts n;
	char *local;
	size_t i;

	if (c->cfg.mail_bounce_maildir) {
		local = cmd_return_local(&c->cfg);
		if (bounce_store_read(db, a->key, local,
		    c->cfg.mail_bounce_maildir, app_now(a), log_bounce, a, &n,
		    &dl) == -1)
			log_warnx("bounces: the database failed; the rest "
			    "waits for the next minute");
		for (i = 0; i < dl.n; i++)
			log_warnx("bounces: %s%s%s", dl.v[i].file ?
			    dl.v[i].file : "", dl.v[i].file ? ": " : "",
			    dl.v[i].msg);
		free(local);
	}
	diag_free(&dl);
	app_conf_put(a, c);
}

static void
pass(struct app *a, struct scheduler *s)
{
	struct ledger_counts c;
	struct timespec t0;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = scheduler_pass(s, app_now(a), &c);
	metrics_tick(&a->m, &c, elapsed_us(&t0));
	if (rc == 1) {
		metrics_relay(&a->m, s->fault);
		scheduler_log_fault(s, "mail");
	} else if (s->relay_seen)
		metrics_relay(&a->m, MAIL_FAULT_NONE);
	if (c.sent || c.retried || c.failed || c.skipped)
		log_info("tick: sent %ld, retried %ld, failed %ld, skipped %ld",
		    c.sent, c.retried, c.failed, c.skipped);
	if (rc == -1)
		log_warnx("tick: the pass stopped on a database error; the "
		    "next one retries");
	else if (rc == 2)
		log_info("tick: another process is sending (refready tick?); "
		    "this pass is skipped");
}

/*
 * A signup was taken: its confirmation email goes now, not at the next
 * minute, since the person is waiting at their inbox.  Only that queue
 * is sent; the lessons keep to their minute.
 */
static void
confirmations(struct app *a, struct scheduler *s)
{
	struct ledger_counts c;
	int rc;

	rc = scheduler_signups(s, app_now(a), &c);
	/* counted as sent mail, not as a tick */
	a->m.sent += c.sent;
	a->m.retried += c.retried;
	a->m.failed += c.failed;
	a->m.skipped += c.skipped;
	if (rc == 1) {
		metrics_relay(&a->m, s->fault);
		scheduler_log_fault(s, "mail");
	} else if (rc == -1)
		log_warnx("signup: the confirmation emails stopped on a "
		    "database error; the next pass retries");
}

/* what the listener was started with stays until a restart: say so */
static void
warn_listener_changed(const struct cfg *old, const struct cfg *new)
{
	const struct cfg_list *o = &old->http_unlimited_from;
	const struct cfg_list *n = &new->http_unlimited_from;
	size_t i;
	int same = old->http_per_ip_connections ==
	    new->http_per_ip_connections && o->n == n->n;

	for (i = 0; same && i < n->n; i++)
		same = strcmp(o->v[i], n->v[i]) == 0;
	if (strcmp(new->http_listen, old->http_listen) != 0)
		log_warnx("reload: http.listen changed to '%s'; it takes "
		    "effect at the next restart", new->http_listen);
	if (!same)
		log_warnx("reload: http.per_ip_connections and "
		    "http.unlimited_from take effect at the next restart");
}

/*
 * Deliveries to endpoints no longer configured would wait for ever;
 * they fail now, so `refready webhooks` and /metrics show them.  At
 * start (dead_too) those a dead process left "sending" go as well.
 */
static void
fail_removed(struct db *db, time_t now, int dead_too)
{
	int n = outbox_fail_removed(db, now, dead_too);

	if (n == -1)
		log_warnx("webhooks: deliveries to removed endpoints could "
		    "not be marked failed; they wait until the next reload");
	else if (n > 0)
		log_info("webhooks: %d deliveries to endpoints no longer "
		    "configured marked failed", n);
}

/*
 * SIGHUP: a new configuration and curriculum, all or nothing.  The
 * listener and the database stay as they are; a change to either needs
 * a restart, and the log says so.
 */
static void
reload(struct app *a, struct cmd_ctx *ctx, struct db *db,
    struct scheduler *s)
{
	struct diag_list dl = { NULL, 0, 0 };
	struct app_conf *old = app_conf_get(a), *c = NULL;
	struct scheduler ns;
	struct cfg cfg;
	size_t i;

	notify("RELOADING=1");
	log_info("reload: reading '%s'", ctx->cfgpath ? ctx->cfgpath :
	    "(built-in defaults)");
	if (cfg_load(ctx->cfgpath, &cfg, &dl) == -1) {
		for (i = 0; i < dl.n; i++)
			log_warnx("%s:%d:%d: %s", dl.v[i].file, dl.v[i].line,
			    dl.v[i].col, dl.v[i].msg);
		cfg_free(&cfg);
		goto keep;
	}
	cfg_set_db(&cfg, old->cfg.db);
	warn_listener_changed(&old->cfg, &cfg);
	if ((c = app_conf_new(&cfg)) == NULL) {
		cfg_free(&cfg);
		goto keep;
	}
	if (scheduler_init(&ns, db, &c->cfg, &c->cur) == -1)
		goto keep;
	/*
	 * The web threads keep the secret they started with; a scheduler
	 * with another one would mail links that no longer match.
	 */
	if (memcmp(ns.key, a->key, sizeof(ns.key)) != 0) {
		log_warnx("reload: the URL secret ('%s') has changed; it "
		    "takes effect at the next restart", c->cfg.secret_file);
		scheduler_free(&ns);
		goto keep;
	}
	/* results the old one still holds are the new one's to record */
	{
		struct sched_held h = ns.held;

		ns.held = s->held;
		s->held = h;
	}
	ns.stop = &stop_sending;
	ns.progress = s->progress;
	ns.progress_arg = s->progress_arg;
	scheduler_free(s);
	*s = ns;
	app_conf_swap(a, c);
	/* the plans move at the pass right after (replan_if_changed) */
	replan_use_skips(c->cfg.us_holidays,
	    c->cfg.schedule_skip_dates.v, c->cfg.schedule_skip_dates.n);
	/* the webhook sender reads the snapshot in force each round */
	outbox_use(c->cfg.webhooks, c->cfg.nwebhooks);
	fail_removed(db, app_now(a), 0);
	a->m.reloads++;
	log_info("reload: new configuration and curriculum in force");
	goto out;
keep:
	a->m.reload_failures++;
	log_warnx("reload: rejected; the previous configuration and "
	    "curriculum stay in force");
	if (c)
		app_conf_put(a, c);	/* never swapped in: frees it */
out:
	diag_free(&dl);
	app_conf_put(a, old);
	notify("READY=1");
}

/* seconds until the next pass: the top of the next minute */
static int
wait_ms(const struct app *a)
{
	time_t now = app_now(a);

	return (int)(PASS_EVERY - now % PASS_EVERY) * 1000;
}

int
cmd_serve(struct cmd_ctx *ctx)
{
	struct app a;
	struct app_conf *c;
	struct scheduler s;
	struct http *h = NULL;
	struct webhook *hooks = NULL;
	struct http_limits lim;
	struct db *db = NULL;
	sigset_t orig;
	char status[160];
	int rc = EXIT_RUNTIME, sched_ok = 0, app_ok = 0;
	time_t next, now;

	/* a daemon's lines: "<N>" for the journal, else time-stamped */
	log_init(log_daemon_style(), log_verbosity());
	/* first: a stop asked for while we start is kept, not fatal */
	signals_setup(&orig);
	if ((c = app_conf_new(&ctx->cfg)) == NULL)
		return EXIT_USAGE;
	if (app_init(&a, c, ctx->now_set ? ctx->now - clock_now() : 0) == -1)
		return EXIT_RUNTIME;
	app_ok = 1;
	if ((db = db_open(c->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) == NULL)
		goto out;
	if (scheduler_init(&s, db, &c->cfg, &c->cur) == -1)
		goto out;
	sched_ok = 1;
	s.stop = &stop_sending;
	s.progress = between_batches;
	s.progress_arg = &orig;

	lim.per_ip = (unsigned)c->cfg.http_per_ip_connections;
	lim.unlimited = c->cfg.http_unlimited_from.v;
	lim.nunlimited = c->cfg.http_unlimited_from.n;
	lim.body_max = routes_body_max;
	if ((h = http_start(c->cfg.http_listen, HTTP_THREADS, &lim,
	    routes_handle, &a)) == NULL)
		goto out;
	fail_removed(db, app_now(&a), 1);
	/* a thread of its own: a slow receiver never holds up a pass */
	if ((hooks = webhook_start(&a)) == NULL)
		goto out;
	snprintf(status, sizeof(status), "STATUS=serving %s on %s",
	    c->cfg.base_url, c->cfg.http_listen);
	notify("READY=1");
	notify(status);
	log_info("serving on %s (links use %s), mail via %s",
	    c->cfg.http_listen, c->cfg.base_url, c->cfg.mail_url);

	next = 0;	/* a pass right away */
	while (!got_stop) {
		if (got_hup) {
			got_hup = 0;
			reload(&a, ctx, db, &s);
			/* new skipped dates move the plans (and feeds) now */
			next = 0;
		}
		if ((now = app_now(&a)) >= next) {
			read_bounces(&a, db);
			pass(&a, &s);
			now = app_now(&a);
			next = now - now % PASS_EVERY + PASS_EVERY;
			continue;
		}
		{
			struct timespec ts;
			struct pollfd pfd = { a.wake[0], POLLIN, 0 };
			int ms = wait_ms(&a);

			ts.tv_sec = ms / 1000;
			ts.tv_nsec = (ms % 1000) * 1000000L;
			/* signals are let in only while we sleep here */
			if (ppoll(&pfd, a.wake[0] != -1, &ts, &orig) == -1 &&
			    errno != EINTR)
				log_warn("ppoll");
			if (app_woken(&a))
				confirmations(&a, &s);
		}
	}
	notify("STOPPING=1");
	log_info("stopping: the listener closes, the database is closed");
	rc = EXIT_OK;
out:
	webhook_stop(hooks);
	http_stop(h);
	if (sched_ok)
		scheduler_free(&s);
	db_close(db);
	if (app_ok)
		app_free(&a);
	return rc;
}
