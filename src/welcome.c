/*
 * welcome.c - the welcome email's fields (see welcome.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"
#include "welcome.h"

void
welcome_google_url(const char *webcal, char *out, size_t n)
{
	/* Google's own form: the webcal:// address as it is, after cid= */
	snprintf(out, n, "https://calendar.google.com/calendar/r?cid=%s",
	    webcal);
}

/*
 * The cohort's webinar: its title (the cohort's name without one) and
 * replay link (NULL: none).  1 found, 0 none, -1 error.
 */
static int
webinar_of(struct db *db, long long cohort, char **title, char **replay)
{
	sqlite3_stmt *st;
	int rc;

	*title = *replay = NULL;
	st = db_prepare(db, "SELECT COALESCE(NULLIF(title, ''), name), "
	    "NULLIF(replay_url, '') FROM cohort WHERE id = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, cohort);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*title = xstrdup((const char *)sqlite3_column_text(st, 0));
		if (sqlite3_column_type(st, 1) == SQLITE_TEXT)
			*replay = xstrdup((const char *)sqlite3_column_text(st,
			    1));
	} else if (rc != SQLITE_DONE)
		db_warn(db, "welcome");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* the {{webinar}} block: a sentence or two, as text and as HTML */
static void
webinar_block(struct kind_vars *kv, const char *title, const char *replay)
{
	struct buf t, h;

	buf_init(&t, 8192);
	buf_init(&h, 16384);
	buf_printf(&t, "You came to us from the webinar \"%s\". ", title);
	buf_addstr(&h, "<p style=\"margin:0 0 14px 0;\">You came to us from "
	    "the webinar &ldquo;<strong>");
	buf_add_html(&h, title, strlen(title));
	buf_addstr(&h, "</strong>&rdquo;. ");
	if (replay) {
		buf_printf(&t, "To watch it again, or the parts you missed, "
		    "the replay is here:\n%s\n", replay);
		buf_addstr(&h, "To watch it again, or the parts you missed, "
		    "<a href=\"");
		buf_add_html(&h, replay, strlen(replay));
		buf_addstr(&h, "\" style=\"color:#1d4ed8;\">here is the "
		    "replay</a>.");
	} else {
		buf_addstr(&t, "The plan takes its ideas from there into your "
		    "practice, one task a day.\n");
		buf_addstr(&h, "The plan takes its ideas from there into your "
		    "practice, one task a day.");
	}
	buf_addstr(&h, "</p>");
	kv->v.v[RF_WEBINAR] = kind_keep(kv, buf_take(&t));
	kv->v.html[RF_WEBINAR] = kind_keep(kv, buf_take(&h));
	buf_free(&t);
	buf_free(&h);
}

int
welcome_fill(const struct kind_ctx *ctx, const struct enrollment *e,
    int lkey, struct kind_vars *kv, const char **why)
{
	struct sched_plan plan;
	struct date d;
	char when[40], google[512], *title, *replay;
	int r;

	(void)lkey;
	enrollment_plan(e, &plan);
	if (sched_day_date(&plan, 1, &d) == 0)
		clock_format_long(d, when);
	else
		snprintf(when, sizeof(when), "the day your pause ends");
	kv->v.v[RF_START_DATE] = kind_keep(kv, xstrdup(when));
	kv->v.v[RF_SEND_TIME] = kind_keep(kv, xasprintf("%02d:%02d",
	    e->send_minutes / 60 % 24, e->send_minutes % 60));
	kv->v.v[RF_TIME_ZONE] = e->tz;
	kv->v.v[RF_PACING] = e->weekdays ? "every weekday (Monday to Friday)" :
	    "every day";
	welcome_google_url(kv->v.v[RF_WEBCAL_URL], google, sizeof(google));
	kv->v.v[RF_GOOGLE_URL] = kind_keep(kv, xstrdup(google));
	if (e->cohort_id == 0 || ctx->db == NULL)
		return 0;
	if ((r = webinar_of(ctx->db, e->cohort_id, &title, &replay)) == -1) {
		*why = "the cohort could not be read";
		return -2;
	}
	if (r == 1)
		webinar_block(kv, title, replay);
	free(title);
	free(replay);
	return 0;
}
