/*
 * report_fmt.c - a cohort report as text, CSV, JSON or HTML (see
 * report_fmt.h).
 *
 * Names and emails come from imported files, so every value is escaped
 * for where it goes: HTML entities in the page, RFC 4180 quoting in CSV
 * (and a leading apostrophe on a cell a spreadsheet would run as a
 * formula), and control characters escaped in the text tables as in the
 * log (str_escape), which are padded by terminal columns, not bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cohort_webinar.h"
#include "colwidth.h"
#include "report_fmt.h"
#include "report_paused.h"
#include "svg.h"
#include "util.h"

int
report_fmt_parse(const char *s, enum report_format *f)
{
	static const char *const names[] = { "text", "csv", "json", "html" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*f = (enum report_format)i;
			return 0;
		}
	return -1;
}

/* ---- helpers ----------------------------------------------------------- */

/*
 * s escaped (str_escape) and fitted to width terminal columns: padded,
 * or cut with an ellipsis, never silently (colwidth.c)
 */
static void
cell(struct buf *b, const char *s, int width, int right)
{
	char *c = colwidth_cell(s, width, right);

	buf_addstr(b, c);
	free(c);
}

static void
when(time_t t, char out[21])
{
	if (t)
		clock_format_rfc3339(t, out);
	else
		out[0] = '\0';
}

/* a mean with one decimal, or "-" */
static void
mean_str(double v, char out[16])
{
	if (v < 0)
		snprintf(out, 16, "-");
	else
		snprintf(out, 16, "%.1f", v);
}

static json_t *
json_mean(double v)
{
	return v < 0 ? json_null() : json_real((double)(long)(v * 10 + 0.5) /
	    10);
}

/* ---- text -------------------------------------------------------------- */

static void
text_row(struct buf *b, const char *label, long n, double rate, int with)
{
	buf_addstr(b, "  ");
	cell(b, label, 22, 0);
	buf_printf(b, "%7ld", n);
	if (with)
		buf_printf(b, "  %5.1f%%", rate);
	buf_addc(b, '\n');
}

static void
text_one(struct buf *b, const struct report *r)
{
	char web[96], start[40], now[21], m1[16], m2[16], *name;
	size_t i;
	int d;

	cohort_webinar_str(&r->cohort, 1, web, sizeof(web));
	clock_format_long(r->cohort.start, start);
	clock_format_rfc3339(r->now, now);
	name = xstrdup_escaped(r->cohort.name);
	buf_printf(b, "Cohort %s\n  webinar  %s\n", name, web);
	cohort_webinar_text(b, &r->cohort, "  ", "", 8);
	buf_printf(b, "  plan     starts %s\n  as of    %s\n\nFunnel\n", start,
	    now);
	free(name);
	text_row(b, "registered", r->registered, 0, 0);
	text_row(b, "attended", r->attended, r->attended_rate, 1);
	text_row(b, "did not attend", r->not_attended, 0, 0);
	text_row(b, "registered late", r->late, 0, 0);
	text_row(b, "came unregistered", r->walk_ins, 0, 0);
	text_row(b, "enrolled", r->enrolled, r->enrolled_rate, 1);
	buf_addstr(b, "\nPlan\n");
	text_row(b, "active", r->active, 0, 0);
	text_row(b, "paused", r->paused, 0, 0);
	text_row(b, "unsubscribed", r->unsubscribed, 0, 0);
	text_row(b, "bounced", r->bounced, 0, 0);
	text_row(b, "complained", r->complained, 0, 0);
	text_row(b, "completed", r->completed, 0, 0);
	text_row(b, "unenrolled", r->unenrolled, 0, 0);
	buf_addstr(b, "\nEmails\n");
	text_row(b, "sent", r->sent, 0, 0);
	text_row(b, "failed", r->failed, 0, 0);
	text_row(b, "skipped", r->skipped, 0, 0);
	buf_printf(b, "\nTask completion by plan day (%% of members in the "
	    "plan who reached the day)\n");
	for (d = 0; d < CUR_DAYS; d++) {
		if (d % 10 == 0)
			buf_printf(b, "  days %2d-%-2d ", d + 1, d + 10);
		if (r->reached_by_day[d])
			buf_printf(b, " %4.0f", r->completion_by_day[d]);
		else
			buf_addstr(b, "    -");
		if (d % 10 == 9)
			buf_addc(b, '\n');
	}
	buf_printf(b, "  all days    %.1f%%\n", r->completion);
	buf_printf(b, "\nScorecard (mean, 0-100)         baseline   latest\n");
	for (i = 0; i < r->ncategories; i++) {
		mean_str(r->categories[i].baseline, m1);
		mean_str(r->categories[i].latest, m2);
		buf_addstr(b, "  ");
		cell(b, r->categories[i].title, 30, 0);
		buf_printf(b, "%8s %8s\n", m1, m2);
	}
	mean_str(r->index_baseline, m1);
	mean_str(r->index_latest, m2);
	buf_addstr(b, "  ");
	cell(b, "readiness index", 30, 0);
	buf_printf(b, "%8s %8s\n  %ld scored, %ld retook it\n", m1, m2,
	    r->scored, r->retaken);
	buf_addstr(b, "\nReadiness bands (latest attempt)\n");
	for (i = 0; i < r->nbands; i++)
		text_row(b, r->bands[i].name, r->bands[i].people, 0, 0);
	buf_printf(b, "\nFalling behind (active, %d or more plan days without "
	    "a done mark): %ld\n", REPORT_BEHIND_DAYS, r->behind);
	if (r->behind) {
		buf_addstr(b, "  ");
		cell(b, "email", 32, 0);
		buf_addc(b, ' ');
		cell(b, "name", 24, 0);
		buf_addstr(b, "  day  last done\n");
	}
	for (i = 0; i < r->npeople; i++) {
		const struct report_person *p = &r->people[i];

		if (!p->behind)
			continue;
		buf_addstr(b, "  ");
		cell(b, p->email, 32, 0);
		buf_addc(b, ' ');
		cell(b, p->name, 24, 0);
		buf_printf(b, "  %3d  ", p->plan_day);
		if (p->last_done)
			buf_printf(b, "day %d\n", p->last_done);
		else
			buf_addstr(b, "none\n");
	}
	report_paused_text(b, r);
}

/* metrics down, cohorts across */
static void
text_all(struct buf *b, const struct report *v, size_t n)
{
	static const char *const labels[] = { "webinar", "plan start",
	    "registered", "attended", "attended %", "enrolled", "enrolled %",
	    "active", "paused", "unsubscribed", "bounced", "complained",
	    "completed", "unenrolled", "emails sent", "emails failed", "emails skipped",
	    "task completion %", "readiness baseline", "readiness latest",
	    "falling behind" };
	size_t i, k;
	char s[32];

	cell(b, "", 20, 0);
	for (k = 0; k < n; k++) {
		buf_addc(b, ' ');
		cell(b, v[k].cohort.name, 12, 1);
	}
	buf_addc(b, '\n');
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		cell(b, labels[i], 20, 0);
		for (k = 0; k < n; k++) {
			const struct report *r = &v[k];
			struct date d;
			int m;

			switch (i) {
			case 0:
				cohort_webinar_local(&r->cohort, &d, &m);
				clock_format_date(d, s);
				break;
			case 1:
				clock_format_date(r->cohort.start, s);
				break;
			case 4:
				snprintf(s, sizeof(s), "%.1f",
				    r->attended_rate);
				break;
			case 6:
				snprintf(s, sizeof(s), "%.1f",
				    r->enrolled_rate);
				break;
			case 17:
				snprintf(s, sizeof(s), "%.1f", r->completion);
				break;
			case 18:
				mean_str(r->index_baseline, s);
				break;
			case 19:
				mean_str(r->index_latest, s);
				break;
			default: {
				const long x[] = { 0, 0, r->registered,
				    r->attended, 0, r->enrolled, 0, r->active,
				    r->paused, r->unsubscribed, r->bounced,
				    r->complained, r->completed,
				    r->unenrolled, r->sent, r->failed,
				    r->skipped, 0, 0, 0, r->behind };

				snprintf(s, sizeof(s), "%ld", x[i]);
			}
			}
			buf_addc(b, ' ');
			cell(b, s, 12, 1);
		}
		buf_addc(b, '\n');
	}
}

/* ---- CSV --------------------------------------------------------------- */

static void
csv_field(struct buf *b, const char *s, int last)
{
	const char *p;

	/* a spreadsheet would run "=...", "+...", "-...", "@..." */
	if (strchr("=+-@\t\r", *s) && *s)
		buf_addstr(b, "\"'");
	else if (s[strcspn(s, ",\"\r\n")] != '\0')
		buf_addc(b, '"');
	else {
		buf_addstr(b, s);
		buf_addstr(b, last ? "\r\n" : ",");
		return;
	}
	for (p = s; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addstr(b, last ? "\"\r\n" : "\",");
}

static void
csv_num(struct buf *b, long v, int last)
{
	buf_printf(b, "%ld%s", v, last ? "\r\n" : ",");
}

static void
csv_one(struct buf *b, const struct report *r)
{
	static const char *const cols[] = { "email", "name", "registered",
	    "registered_at", "registered_late", "attended",
	    "webinar_minutes", "first_join", "last_leave", "state", "start",
	    "plan_day", "tasks_done", "emails_sent", "emails_failed",
	    "emails_skipped", "scorecard_baseline", "scorecard_latest",
	    "band", "behind", "paused_until" };
	size_t i, ncols = sizeof(cols) / sizeof(cols[0]);

	for (i = 0; i < ncols; i++)
		csv_field(b, cols[i], i + 1 == ncols);
	for (i = 0; i < r->npeople; i++) {
		const struct report_person *p = &r->people[i];
		char t1[21], t2[21], t3[21], start[11] = "";
		int in = p->enrollment_id != 0;

		when(p->registered_at, t1);
		when(p->first_join, t2);
		when(p->last_leave, t3);
		if (in)
			clock_format_date(p->start, start);
		csv_field(b, p->email, 0);
		csv_field(b, p->name, 0);
		csv_field(b, p->registered ? "yes" : "no", 0);
		csv_field(b, t1, 0);
		csv_field(b, p->registered && p->late ? "yes" : "no", 0);
		csv_field(b, p->attended == 1 ? "yes" : p->attended == 0 ?
		    "no" : "", 0);
		csv_num(b, p->minutes, 0);
		csv_field(b, t2, 0);
		csv_field(b, t3, 0);
		csv_field(b, p->state, 0);
		csv_field(b, start, 0);
		if (in) {
			csv_num(b, p->plan_day, 0);
			csv_num(b, p->ndone, 0);
			csv_num(b, p->sent, 0);
			csv_num(b, p->failed, 0);
			csv_num(b, p->skipped, 0);
		} else
			buf_addstr(b, ",,,,,");
		if (p->attempts) {
			csv_num(b, p->base_index, 0);
			csv_num(b, p->last_index, 0);
		} else
			buf_addstr(b, ",,");
		csv_field(b, p->band ? p->band : "", 0);
		csv_field(b, p->behind ? "yes" : "no", 0);
		if (p->paused == 2)
			clock_format_date(p->paused_until, start);
		csv_field(b, p->paused == 2 ? start : "", 1);
	}
}

static void
csv_all(struct buf *b, const struct report *v, size_t n)
{
	size_t k;

	buf_addstr(b, "cohort,webinar_at,webinar_tz,start,registered,attended,"
	    "attended_rate,enrolled,enrolled_rate,active,paused,unsubscribed,"
	    "bounced,complained,completed,unenrolled,emails_sent,emails_failed,emails_skipped,"
	    "task_completion,scorecard_baseline,scorecard_latest,behind\r\n");
	for (k = 0; k < n; k++) {
		const struct report *r = &v[k];
		char t[21], d[11], m1[16], m2[16];

		clock_format_rfc3339(r->cohort.webinar_at, t);
		clock_format_date(r->cohort.start, d);
		mean_str(r->index_baseline, m1);
		mean_str(r->index_latest, m2);
		csv_field(b, r->cohort.name, 0);
		buf_printf(b, "%s,%s,%s,%ld,%ld,%.1f,%ld,%.1f,%ld,%ld,%ld,%ld,"
		    "%ld,%ld,%ld,%ld,%ld,%ld,%.1f,%s,%s,%ld\r\n", t,
		    r->cohort.webinar_tz, d, r->registered, r->attended,
		    r->attended_rate, r->enrolled, r->enrolled_rate,
		    r->active, r->paused, r->unsubscribed, r->bounced,
		    r->complained, r->completed,
		    r->unenrolled, r->sent, r->failed, r->skipped,
		    r->completion, *m1 == '-' ? "" : m1,
		    *m2 == '-' ? "" : m2, r->behind);
	}
}

/* ---- JSON -------------------------------------------------------------- */

json_t *
report_fmt_json(const struct report *r)
{
	json_t *o, *days, *done, *reached, *sc, *bands, *behind;
	char t[21], d[11], now[21], local[96];
	size_t i;
	int k;

	clock_format_rfc3339(r->cohort.webinar_at, t);
	clock_format_date(r->cohort.start, d);
	clock_format_rfc3339(r->now, now);
	cohort_webinar_str(&r->cohort, 0, local, sizeof(local));
	days = json_array();
	done = json_array();
	reached = json_array();
	for (k = 0; k < CUR_DAYS; k++) {
		json_array_append_new(days,
		    json_real(r->completion_by_day[k]));
		json_array_append_new(done, json_integer(r->done_by_day[k]));
		json_array_append_new(reached,
		    json_integer(r->reached_by_day[k]));
	}
	sc = json_object();
	for (i = 0; i < r->ncategories; i++)
		json_object_set_new(sc, r->categories[i].id, json_pack(
		    "{s:s, s:o, s:o, s:I, s:I}", "title",
		    r->categories[i].title, "baseline",
		    json_mean(r->categories[i].baseline), "latest",
		    json_mean(r->categories[i].latest), "people_baseline",
		    (json_int_t)r->categories[i].nbaseline, "people_latest",
		    (json_int_t)r->categories[i].nlatest));
	bands = json_object();
	for (i = 0; i < r->nbands; i++)
		json_object_set_new(bands, r->bands[i].name,
		    json_integer(r->bands[i].people));
	behind = json_array();
	for (i = 0; i < r->npeople; i++)
		if (r->people[i].behind)
			json_array_append_new(behind, json_pack(
			    "{s:s, s:s, s:i, s:i}", "email",
			    r->people[i].email, "name", r->people[i].name,
			    "plan_day", r->people[i].plan_day,
			    "last_done_day", r->people[i].last_done));
	o = json_pack("{s:{s:s, s:s, s:s, s:s, s:s}, s:s}",
	    "cohort", "name", r->cohort.name, "webinar_at", t, "webinar_tz",
	    r->cohort.webinar_tz, "webinar_local", local, "start", d,
	    "as_of", now);
	cohort_webinar_json(json_object_get(o, "cohort"), &r->cohort);
	json_object_set_new(o, "funnel", json_pack("{s:I, s:I, s:I, s:I, "
	    "s:I, s:I, s:f, s:f}", "registered", (json_int_t)r->registered,
	    "attended", (json_int_t)r->attended, "enrolled",
	    (json_int_t)r->enrolled, "not_attended",
	    (json_int_t)r->not_attended, "registered_late",
	    (json_int_t)r->late, "came_unregistered",
	    (json_int_t)r->walk_ins, "attended_rate", r->attended_rate,
	    "enrolled_rate", r->enrolled_rate));
	json_object_set_new(o, "states", json_pack("{s:I, s:I, s:I, s:I, "
	    "s:I, s:I, s:I}", "active", (json_int_t)r->active, "paused",
	    (json_int_t)r->paused, "unsubscribed", (json_int_t)r->unsubscribed,
	    "bounced", (json_int_t)r->bounced, "complained",
	    (json_int_t)r->complained, "completed", (json_int_t)r->completed, "unenrolled",
	    (json_int_t)r->unenrolled));
	json_object_set_new(o, "emails", json_pack("{s:I, s:I, s:I}", "sent",
	    (json_int_t)r->sent, "failed", (json_int_t)r->failed, "skipped",
	    (json_int_t)r->skipped));
	json_object_set_new(o, "completion_by_day", days);
	json_object_set_new(o, "done_by_day", done);
	json_object_set_new(o, "reached_by_day", reached);
	json_object_set_new(o, "completion", json_real(r->completion));
	json_object_set_new(o, "scorecard", sc);
	json_object_set_new(o, "readiness", json_pack("{s:o, s:o, s:I, s:I}",
	    "baseline", json_mean(r->index_baseline), "latest",
	    json_mean(r->index_latest), "scored", (json_int_t)r->scored,
	    "retaken", (json_int_t)r->retaken));
	json_object_set_new(o, "bands", bands);
	json_object_set_new(o, "behind", behind);
	json_object_set_new(o, "paused", report_paused_json(r));
	return o;
}

static int
json_out(struct buf *b, json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6));

	json_decref(o);
	if (s == NULL)
		return -1;
	buf_addstr(b, s);
	buf_addc(b, '\n');
	free(s);
	return 0;
}

/* ---- HTML -------------------------------------------------------------- */

static const char style[] =
    "<style>body{font-family:system-ui,sans-serif;max-width:60rem;"
    "margin:1rem auto;padding:0 1rem;color:#1d2b33;line-height:1.4}"
    "h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}"
    "table{border-collapse:collapse;margin:.5rem 0}"
    "th,td{padding:.25rem .75rem;border-bottom:1px solid #d7dee2;"
    "text-align:left}td.n,th.n{text-align:right}"
    "figure{margin:1rem 0}svg{display:block;height:auto}"
    ".scroll{overflow-x:auto}"
    ".nodata{color:#52636d;font-style:italic}"
    /* ten columns do not fit a phone: each cohort becomes a card */
    "@media (max-width:40rem){td{overflow-wrap:anywhere}"
    "table.cards,table.cards tr,"
    "table.cards td{display:block}table.cards tr:first-child"
    "{display:none}table.cards tr{margin:1rem 0;border-top:2px solid "
    "#2f6f8f}table.cards td{display:flex;justify-content:space-between;"
    "gap:1rem;text-align:right}table.cards td::before{content:"
    "attr(data-label);font-weight:bold;text-align:left;"
    "white-space:nowrap}}"
    ".muted{color:#52636d}</style>";

static void
html(struct buf *b, const char *s)
{
	buf_add_html(b, s, strlen(s));
}

static void
html_head(struct buf *b, const char *title)
{
	buf_addstr(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"><title>");
	html(b, title);
	buf_addstr(b, "</title>");
	buf_addstr(b, style);
	/* one main landmark holds the page: all of it is the report */
	buf_addstr(b, "</head><body>\n<main>\n<h1>");
	html(b, title);
	buf_addstr(b, "</h1>\n");
}

static void
html_foot(struct buf *b)
{
	buf_addstr(b, "</main>\n</body></html>\n");
}

/* a chart with nothing to draw says so, rather than drawing n/a */
static void
no_data(struct buf *b, const char *why)
{
	buf_addstr(b, "<p class=\"nodata\">No data yet: ");
	html(b, why);
	buf_addstr(b, ".</p>\n");
}

static void
html_row(struct buf *b, const char *label, long n, const char *extra)
{
	buf_addstr(b, "<tr><th scope=\"row\">");
	html(b, label);
	buf_printf(b, "</th><td class=\"n\">%ld</td><td class=\"n\">", n);
	html(b, extra ? extra : "");
	buf_addstr(b, "</td></tr>\n");
}

/* the UTC date of t: "not started" needs only the day, not the zone */
static struct date
today_utc(time_t t)
{
	return clock_days_to_date((long)(t / 86400));
}

static void
html_one(struct buf *b, const struct report *r)
{
	const char *funnel[] = { "Registered", "Attended", "Enrolled" };
	const char *days[CUR_DAYS], **cats = NULL;
	char dl[CUR_DAYS][4], web[96], start[40], rate[2][16], now[21];
	double fv[3], dv[CUR_DAYS], *base, *last;
	struct svg_series series[2];
	char *title;
	size_t i;
	int k;

	title = xasprintf("Cohort report: %s", r->cohort.name);
	html_head(b, title);
	free(title);
	cohort_webinar_str(&r->cohort, 1, web, sizeof(web));
	clock_format_long(r->cohort.start, start);
	clock_format_rfc3339(r->now, now);
	buf_addstr(b, "<p>Webinar ");
	if (r->cohort.title) {
		buf_addstr(b, "<strong>");
		html(b, r->cohort.title);
		buf_addstr(b, "</strong>, ");
	}
	html(b, web);
	buf_addstr(b, "; the plan starts ");
	html(b, start);
	buf_printf(b, ". <span class=\"muted\">As of %s.</span></p>\n", now);

	buf_addstr(b, "<h2>Funnel</h2>\n");
	fv[0] = (double)r->registered;
	fv[1] = (double)r->attended;
	fv[2] = (double)r->enrolled;
	if (r->registered == 0 && r->enrolled == 0)
		no_data(b, "no one is on the cohort's lists");
	else
		svg_columns(b, "Registered, attended and enrolled", "How many "
		    "registered for the webinar, attended it, and enrolled in "
		    "the plan.", funnel, fv, 3, fv[0] > fv[2] ? fv[0] : fv[2],
		    0, "");
	snprintf(rate[0], sizeof(rate[0]), "%.1f%%", r->attended_rate);
	snprintf(rate[1], sizeof(rate[1]), "%.1f%%", r->enrolled_rate);
	buf_addstr(b, "<div class=\"scroll\"><table>\n");
	html_row(b, "registered", r->registered, NULL);
	html_row(b, "attended", r->attended, rate[0]);
	html_row(b, "did not attend", r->not_attended, NULL);
	html_row(b, "registered late", r->late, NULL);
	html_row(b, "came unregistered", r->walk_ins, NULL);
	html_row(b, "enrolled", r->enrolled, rate[1]);
	buf_addstr(b, "</table></div>\n<h2>Plan and emails</h2>\n"
	    "<div class=\"scroll\"><table>\n");
	html_row(b, "active", r->active, NULL);
	html_row(b, "paused", r->paused, NULL);
	html_row(b, "unsubscribed", r->unsubscribed, NULL);
	html_row(b, "bounced", r->bounced, NULL);
	html_row(b, "complained", r->complained, NULL);
	html_row(b, "completed", r->completed, NULL);
	html_row(b, "unenrolled", r->unenrolled, NULL);
	html_row(b, "emails sent", r->sent, NULL);
	html_row(b, "emails failed", r->failed, NULL);
	html_row(b, "emails skipped", r->skipped, NULL);
	buf_addstr(b, "</table></div>\n");

	buf_addstr(b, "<h2>Task completion by plan day</h2>\n");
	for (k = 0; k < CUR_DAYS; k++) {
		snprintf(dl[k], sizeof(dl[k]), "%d", k + 1);
		days[k] = dl[k];
		dv[k] = r->reached_by_day[k] ? r->completion_by_day[k] : -1;
	}
	if (!r->reached_by_day[0])
		no_data(b, clock_date_cmp(today_utc(r->now), r->cohort.start) < 0 ?
		    "the plan has not started" : "no member has reached day 1");
	else {
		svg_columns(b, "Task completion by plan day", "The share of "
		    "members still in the plan who marked each day's task "
		    "done, among those who reached that day; n/a where no one "
		    "has yet.", days, dv, CUR_DAYS, 100, 0, "%");
		buf_printf(b, "<p>All days: %.1f%% done.</p>\n",
		    r->completion);
	}

	buf_addstr(b, "<h2>Scorecard: baseline and latest</h2>\n");
	cats = xcalloc(r->ncategories + 1, sizeof(*cats));
	base = xcalloc(r->ncategories + 1, sizeof(*base));
	last = xcalloc(r->ncategories + 1, sizeof(*last));
	for (i = 0; i < r->ncategories; i++) {
		cats[i] = r->categories[i].title;
		base[i] = r->categories[i].baseline;
		last[i] = r->categories[i].latest;
	}
	series[0].name = "baseline";
	series[0].values = base;
	series[1].name = "latest";
	series[1].values = last;
	if (r->scored == 0)
		no_data(b, "no member has taken the scorecard");
	else
		svg_hbars(b, "Scorecard by category, baseline and latest",
		    "The members' mean score per category, 0 to 100, on their "
		    "first and on their latest attempt.", cats,
		    r->ncategories, series, 2, 100, 0, "");
	free(cats);
	free(base);
	free(last);
	if (r->scored)
		buf_printf(b, "<p>%ld scored, %ld retook it.</p>\n",
		    r->scored, r->retaken);
	buf_addstr(b, "<h2>Readiness bands (latest attempt)</h2>\n");
	if (r->scored == 0)
		no_data(b, "no member has taken the scorecard");
	else {
		buf_addstr(b, "<div class=\"scroll\"><table>\n");
		for (i = 0; i < r->nbands; i++)
			html_row(b, r->bands[i].name, r->bands[i].people,
			    NULL);
		buf_addstr(b, "</table></div>\n");
	}
	buf_printf(b, "<h2>Falling behind</h2>\n<p>Active members "
	    "with no done mark on any of the %d plan days before today: "
	    "%ld.</p>\n", REPORT_BEHIND_DAYS, r->behind);
	if (r->behind)
		buf_addstr(b, "<div class=\"scroll\"><table><tr><th>email</th>"
		    "<th>name</th>"
		    "<th class=\"n\">plan day</th><th class=\"n\">last done"
		    "</th></tr>\n");
	for (i = 0; i < r->npeople; i++) {
		const struct report_person *p = &r->people[i];

		if (!p->behind)
			continue;
		buf_addstr(b, "<tr><td>");
		html(b, p->email);
		buf_addstr(b, "</td><td>");
		html(b, p->name);
		buf_printf(b, "</td><td class=\"n\">%d</td><td class=\"n\">",
		    p->plan_day);
		if (p->last_done)
			buf_printf(b, "%d", p->last_done);
		else
			buf_addstr(b, "none");
		buf_addstr(b, "</td></tr>\n");
	}
	if (r->behind)
		buf_addstr(b, "</table></div>\n");
	report_paused_html(b, r);
	html_foot(b);
}

static void
html_all(struct buf *b, const struct report *v, size_t n)
{
	const char **names = xcalloc(n + 1, sizeof(*names));
	double *att = xcalloc(n + 1, sizeof(double));
	double *enr = xcalloc(n + 1, sizeof(double));
	double *cpl = xcalloc(n + 1, sizeof(double));
	static const char *const cols[] = { "cohort", "webinar",
	    "registered", "attended", "enrolled", "active", "completed",
	    "sent", "failed", "behind" };
	struct svg_series s[3];
	size_t k;

	html_head(b, "Cohorts compared");
	for (k = 0; k < n; k++) {
		names[k] = v[k].cohort.name;
		att[k] = v[k].attended_rate;
		enr[k] = v[k].enrolled_rate;
		cpl[k] = v[k].completion;
	}
	s[0].name = "attended %";
	s[0].values = att;
	s[1].name = "enrolled %";
	s[1].values = enr;
	s[2].name = "tasks done %";
	s[2].values = cpl;
	svg_hbars(b, "Cohorts compared", "For each cohort, the share of "
	    "registrants who attended and who enrolled, and the share of "
	    "tasks done.", names, n, s, 3, 100, 1, "%");
	buf_addstr(b, "<table class=\"cards\"><tr>");
	for (k = 0; k < sizeof(cols) / sizeof(cols[0]); k++)
		buf_printf(b, "<th%s>%s</th>", k > 1 ? " class=\"n\"" : "",
		    cols[k]);
	buf_addstr(b, "</tr>\n");
	for (k = 0; k < n; k++) {
		const struct report *r = &v[k];
		const long x[] = { r->registered, r->attended, r->enrolled,
		    r->active, r->completed, r->sent, r->failed, r->behind };
		char web[96];
		size_t c;

		cohort_webinar_str(&r->cohort, 0, web, sizeof(web));
		buf_addstr(b, "<tr><td data-label=\"cohort\">");
		html(b, r->cohort.name);
		buf_addstr(b, "</td><td data-label=\"webinar\">");
		html(b, web);
		buf_addstr(b, "</td>");
		for (c = 0; c < 8; c++)
			buf_printf(b, "<td class=\"n\" data-label=\"%s\">%ld"
			    "</td>", cols[c + 2], x[c]);
		buf_addstr(b, "</tr>\n");
	}
	buf_addstr(b, "</table>\n");
	html_foot(b);
	free(names);
	free(att);
	free(enr);
	free(cpl);
}

/* ---- entry points ------------------------------------------------------ */

int
report_fmt_one(struct buf *b, const struct report *r, enum report_format f)
{
	switch (f) {
	case REPORT_TEXT:
		text_one(b, r);
		break;
	case REPORT_CSV:
		csv_one(b, r);
		break;
	case REPORT_JSON:
		if (json_out(b, report_fmt_json(r)) == -1)
			return -1;
		break;
	case REPORT_HTML:
		html_one(b, r);
		break;
	}
	return b->overflow ? -1 : 0;
}

int
report_fmt_all(struct buf *b, const struct report *v, size_t n,
    enum report_format f)
{
	json_t *a;
	size_t k;

	switch (f) {
	case REPORT_TEXT:
		text_all(b, v, n);
		break;
	case REPORT_CSV:
		csv_all(b, v, n);
		break;
	case REPORT_JSON:
		a = json_array();
		for (k = 0; k < n; k++)
			json_array_append_new(a, report_fmt_json(&v[k]));
		if (json_out(b, json_pack("{s:o}", "cohorts", a)) == -1)
			return -1;
		break;
	case REPORT_HTML:
		html_all(b, v, n);
		break;
	}
	return b->overflow ? -1 : 0;
}
