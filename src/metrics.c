/*
 * metrics.c - the Prometheus exposition (see metrics.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounce.h"
#include "feedcache.h"
#include "metrics.h"
#include "net.h"
#include "outbox.h"
#include "signup_store.h"

#define STR(x)			#x
#define XSTR(x)			STR(x)
#define SIGNUP_KEEP_DAYS_STR	XSTR(SIGNUP_KEEP_DAYS)

void
metrics_tick(struct app_metrics *m, const struct ledger_counts *c,
    long duration_us)
{
	m->sent += c->sent;
	m->retried += c->retried;
	m->failed += c->failed;
	m->skipped += c->skipped;
	m->retry_connect += c->retry_connect;
	m->retry_4xx += c->retry_4xx;
	m->retry_relay += c->retry_relay;
	m->retry_other += c->retry_other;
	m->ticks++;
	m->tick_us_total += duration_us;
	m->tick_us_last = duration_us;
}

void
metrics_relay(struct app_metrics *m, enum mail_fault f)
{
	m->relay_up = f == MAIL_FAULT_NONE;
	if (f != MAIL_FAULT_NONE && f < MAIL_FAULT_MAX)
		m->relay_faults[f]++;
}

static void
family(struct buf *b, const char *name, const char *type, const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/*
 * Per webhook endpoint, named by its place in the configuration and its
 * host (a URL's path may be a capability, and never goes out here):
 * results since start, and what the outbox holds now.
 */
static int
render_hooks(struct app *a, struct db *db, struct buf *b)
{
	struct app_conf *c = app_conf_get(a);
	struct app_metrics *m = &a->m;
	size_t i, n = c->cfg.nwebhooks;
	long open, failed;
	char *host;
	int rc = 0;

	family(b, "refready_webhook_deliveries_total", "counter",
	    "Webhook requests since start, by endpoint and result "
	    "(retried: answered other than 2xx, or not at all).");
	for (i = 0; i < n && i < CFG_WEBHOOKS_MAX; i++) {
		host = net_url_host(c->cfg.webhooks[i].url);
		buf_printf(b, "refready_webhook_deliveries_total{endpoint=\"%zu\","
		    "host=\"%s\",result=\"delivered\"} %ld\n"
		    "refready_webhook_deliveries_total{endpoint=\"%zu\","
		    "host=\"%s\",result=\"retried\"} %ld\n"
		    "refready_webhook_deliveries_total{endpoint=\"%zu\","
		    "host=\"%s\",result=\"failed\"} %ld\n",
		    i, host ? host : "", (long)m->hook_delivered[i],
		    i, host ? host : "", (long)m->hook_retried[i],
		    i, host ? host : "", (long)m->hook_failed[i]);
		free(host);
	}
	family(b, "refready_webhook_outbox", "gauge",
	    "Webhook deliveries in the outbox, by endpoint and state "
	    "(pending: not delivered yet; failed: given up after a day).");
	for (i = 0; i < n && i < CFG_WEBHOOKS_MAX && rc == 0; i++) {
		if ((rc = outbox_counts(db, c->cfg.webhooks[i].url, &open,
		    &failed)) == -1)
			break;
		host = net_url_host(c->cfg.webhooks[i].url);
		buf_printf(b, "refready_webhook_outbox{endpoint=\"%zu\","
		    "host=\"%s\",state=\"pending\"} %ld\n"
		    "refready_webhook_outbox{endpoint=\"%zu\",host=\"%s\","
		    "state=\"failed\"} %ld\n", i, host ? host : "", open, i,
		    host ? host : "", failed);
		free(host);
	}
	if (rc == 0 && (rc = outbox_removed_failed(db, &failed)) == 0) {
		family(b, "refready_webhook_outbox_removed", "gauge",
		    "Failed webhook deliveries kept for endpoints no longer "
		    "in the configuration.");
		buf_printf(b, "refready_webhook_outbox_removed{state="
		    "\"failed\"} %ld\n", failed);
	}
	app_conf_put(a, c);
	return rc;
}

/*
 * Signups from the database, so a restart loses none: the rows kept
 * (SIGNUP_KEEP_DAYS) by their confirmation email's state, and how many
 * were confirmed.  Held: taken but mailed nothing (suppressed address,
 * or over its daily limit).  A full scan, as the enrollees' count.
 */
static int
render_signups(struct db *db, struct buf *b)
{
	static const char sql[] = "SELECT count(*), "
	    "count(*) FILTER (WHERE mail = 'held'), "
	    "count(*) FILTER (WHERE mail = 'pending' OR mail = 'sending' OR "
	    "mail = 'retry'), "
	    "count(*) FILTER (WHERE mail = 'sent'), "
	    "count(*) FILTER (WHERE mail = 'failed' OR mail = 'skipped'), "
	    "count(*) FILTER (WHERE confirmed_at IS NOT NULL) FROM signup";
	static const char *const mail[] = { "held", "pending", "sent",
	    "failed" };
	sqlite3_stmt *st;
	long v[6] = { 0 };
	int i, rc;

	if ((st = db_cached(db, sql)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (i = 0; i < 6; i++)
			v[i] = (long)sqlite3_column_int64(st, i);
	else
		db_warn(db, "metrics");
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return -1;
	family(b, "refready_signups", "gauge",
	    "Signups taken (the form's POSTs stored) in the last "
	    SIGNUP_KEEP_DAYS_STR " days.");
	buf_printf(b, "refready_signups %ld\n", v[0]);
	family(b, "refready_signup_emails", "gauge",
	    "Those signups by their confirmation email's state (held: none "
	    "sent, the address is suppressed or over its daily limit; "
	    "failed: failed or skipped).");
	for (i = 0; i < 4; i++)
		buf_printf(b, "refready_signup_emails{state=\"%s\"} %ld\n",
		    mail[i], v[i + 1]);
	family(b, "refready_signups_confirmed", "gauge",
	    "Those signups confirmed (the person enrolled).");
	buf_printf(b, "refready_signups_confirmed %ld\n", v[5]);
	return 0;
}

int
metrics_render(struct app *a, struct db *db, struct buf *b)
{
	static const char *const states[] = { "active", "paused",
	    "unsubscribed", "unenrolled", "completed", "bounced",
	    "complained" };
	static const char sql[] = "SELECT state, count(*) FROM enrollment "
	    "GROUP BY state";
	struct app_metrics *m = &a->m;
	long counts[7] = { 0 };
	sqlite3_stmt *st;
	size_t i, entries, bytes;
	int rc;

	if ((st = db_cached(db, sql)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);

		for (i = 0; i < 7; i++)
			if (s && strcmp(s, states[i]) == 0)
				counts[i] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;

	family(b, "refready_build_info", "gauge", "The running version.");
	buf_printf(b, "refready_build_info{version=\"%s\"} 1\n",
	    REFREADY_VERSION);
	family(b, "refready_start_time_seconds", "gauge",
	    "When the daemon started, in seconds since the epoch.");
	buf_printf(b, "refready_start_time_seconds %lld\n",
	    (long long)a->started);
	family(b, "refready_emails_total", "counter",
	    "Lesson emails handled since start, by result.");
	buf_printf(b, "refready_emails_total{result=\"sent\"} %ld\n"
	    "refready_emails_total{result=\"retried\"} %ld\n"
	    "refready_emails_total{result=\"failed\"} %ld\n"
	    "refready_emails_total{result=\"skipped\"} %ld\n",
	    (long)m->sent, (long)m->retried, (long)m->failed,
	    (long)m->skipped);
	family(b, "refready_email_retries_total", "counter",
	    "Lesson emails put back for a later try, by reason.");
	buf_printf(b, "refready_email_retries_total{reason=\"connect\"} %ld\n"
	    "refready_email_retries_total{reason=\"4xx\"} %ld\n"
	    "refready_email_retries_total{reason=\"relay\"} %ld\n"
	    "refready_email_retries_total{reason=\"other\"} %ld\n",
	    (long)m->retry_connect, (long)m->retry_4xx,
	    (long)m->retry_relay, (long)m->retry_other);
	family(b, "refready_mail_relay_up", "gauge",
	    "0 when the last pass that reached the relay was stopped by it.");
	buf_printf(b, "refready_mail_relay_up %d\n", (int)m->relay_up);
	family(b, "refready_mail_relay_failures_total", "counter",
	    "Passes stopped because the relay failed the session, by "
	    "reason.");
	for (i = MAIL_FAULT_NONE + 1; i < MAIL_FAULT_MAX; i++)
		buf_printf(b, "refready_mail_relay_failures_total"
		    "{reason=\"%s\"} %ld\n", mail_fault_name(i),
		    (long)m->relay_faults[i]);
	family(b, "refready_bounces_total", "counter",
	    "Returned messages read from mail.bounce_maildir, by kind.");
	buf_printf(b, "refready_bounces_total{kind=\"hard\"} %ld\n"
	    "refready_bounces_total{kind=\"soft\"} %ld\n"
	    "refready_bounces_total{kind=\"complaint\"} %ld\n",
	    (long)m->bounces[BOUNCE_HARD], (long)m->bounces[BOUNCE_SOFT],
	    (long)m->bounces[BOUNCE_COMPLAINT]);
	family(b, "refready_tick_duration_seconds", "summary",
	    "How long scheduling passes took.");
	buf_printf(b, "refready_tick_duration_seconds_sum %.6f\n"
	    "refready_tick_duration_seconds_count %ld\n",
	    (double)m->tick_us_total / 1e6, (long)m->ticks);
	family(b, "refready_last_tick_duration_seconds", "gauge",
	    "How long the last scheduling pass took.");
	buf_printf(b, "refready_last_tick_duration_seconds %.6f\n",
	    (double)m->tick_us_last / 1e6);
	family(b, "refready_feed_requests_total", "counter",
	    "Calendar feed requests answered.");
	buf_printf(b, "refready_feed_requests_total %ld\n",
	    (long)m->feed_requests);
	family(b, "refready_feed_not_modified_total", "counter",
	    "Calendar feed requests answered 304 Not Modified.");
	buf_printf(b, "refready_feed_not_modified_total %ld\n",
	    (long)m->feed_not_modified);
	family(b, "refready_feed_builds_total", "counter",
	    "Calendar feeds built because none was cached for their data.");
	buf_printf(b, "refready_feed_builds_total %ld\n",
	    (long)m->feed_builds);
	feedcache_stats(a->feeds, &entries, &bytes);
	family(b, "refready_feed_cache_bytes", "gauge",
	    "Bytes of rendered feeds held in memory.");
	buf_printf(b, "refready_feed_cache_bytes %zu\n", bytes);
	family(b, "refready_feed_cache_entries", "gauge",
	    "Rendered feeds held in memory.");
	buf_printf(b, "refready_feed_cache_entries %zu\n", entries);
	family(b, "refready_page_views_total", "counter",
	    "Personal pages shown.");
	buf_printf(b, "refready_page_views_total %ld\n", (long)m->page_views);
	family(b, "refready_task_marks_total", "counter",
	    "Done marks set or cleared on the personal page.");
	buf_printf(b, "refready_task_marks_total %ld\n", (long)m->marks);
	family(b, "refready_unsubscribes_total", "counter",
	    "Unsubscribe requests received (valid tokens or not).");
	buf_printf(b, "refready_unsubscribes_total %ld\n",
	    (long)m->unsubscribes);
	family(b, "refready_http_errors_total", "counter",
	    "HTTP answers with an error status, by class.");
	buf_printf(b, "refready_http_errors_total{class=\"4xx\"} %ld\n"
	    "refready_http_errors_total{class=\"5xx\"} %ld\n",
	    (long)m->status_4xx, (long)m->status_5xx);
	family(b, "refready_reloads_total", "counter",
	    "Reloads (SIGHUP) by outcome.");
	buf_printf(b, "refready_reloads_total{result=\"ok\"} %ld\n"
	    "refready_reloads_total{result=\"rejected\"} %ld\n",
	    (long)m->reloads, (long)m->reload_failures);
	family(b, "refready_enrollees", "gauge", "Enrollments by state.");
	for (i = 0; i < 7; i++)
		buf_printf(b, "refready_enrollees{state=\"%s\"} %ld\n",
		    states[i], counts[i]);
	family(b, "refready_active_enrollees", "gauge",
	    "Enrollments receiving lessons now.");
	buf_printf(b, "refready_active_enrollees %ld\n", counts[0]);
	if (render_signups(db, b) == -1)
		return -1;
	return render_hooks(a, db, b);
}
