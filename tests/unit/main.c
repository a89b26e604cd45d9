/*
 * main.c - runs every unit test and prints one TAP line per test.
 */
#include <stdarg.h>
#include <stdio.h>

#include "test.h"

static int failed;

void
test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("#   %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failed = 1;
}

static const struct {
	const char	*name;
	void		(*fn)(void);
} tests[] = {
	{ "clock: days from dates and back", test_clock_days },
	{ "clock: weekdays", test_clock_weekday },
	{ "clock: YYYY-MM-DD dates", test_clock_parse_date },
	{ "clock: HH:MM times", test_clock_parse_hhmm },
	{ "clock: RFC 3339 instants", test_clock_rfc3339 },
	{ "util: UTF-8 validation", test_util_utf8 },
	{ "util: escaping for the terminal and the log", test_util_escape },
	{ "util: strict integers", test_util_parse_long },
	{ "tz: known and unknown zones", test_tz_known },
	{ "tzlist: the zones offered, from zone1970.tab", test_tzlist_parse },
	{ "signup: the form's fields and the honeypot", test_signup_check },
	{ "signup: a signup's fate under the limits and the list",
	    test_signup_decide },
	{ "signup: when a confirmation link expires", test_signup_expired },
	{ "ledger: the step one send result makes of its row",
	    test_ledger_step },
	{ "ledger: counts added up", test_ledger_counts_add },
	{ "util: edit distance for did-you-mean", test_util_distance },
	{ "tz: the nearest zone, and zones without daylight saving",
	    test_tz_check },
	{ "colwidth: terminal columns and fitted cells", test_colwidth },
	{ "net: addresses and loopback", test_net_loopback },
	{ "net: the host of a URL", test_net_url_host },
	{ "iplimit: per address, all together, the exempt",
	    test_iplimit_policy },
	{ "iplimit: the table against a model", test_iplimit_table },
	{ "jpos: value and key positions", test_jpos_paths },
	{ "jpos: missing paths point at the parent", test_jpos_not_found },
	{ "jpos: columns count characters", test_jpos_columns },
	{ "render: known merge fields", test_render_fields },
	{ "render: scanning templates", test_render_scan },
	{ "render: Markdown to email HTML and plain text",
	    test_render_markdown_text },
	{ "render: merge fields, escaping, no refilling", test_render_fill },
	{ "token: HMAC-SHA-256 as OpenSSL computes it, key after key",
	    test_token_hmac },
	{ "token: return-path tags and Message-IDs checked, forgeries refused",
	    test_token_verp },
	{ "token: welcome, summary and follow-on tags, old ones as they were",
	    test_token_kinds },
	{ "completion: the longest streak of days done", test_completion_streak },
	{ "catchup: the oldest open tasks before today", test_catchup_oldest },
	{ "render: blocks raw in HTML, fields per kind of text",
	    test_render_blocks },
	{ "welcome: Google Calendar's add-by-URL link", test_welcome_google },
	{ "webhook: signatures as OpenSSL's HMAC computes them",
	    test_webhook_sign },
	{ "webhook: retry waits", test_webhook_backoff },
	{ "message: a part encoded once, its marked lines per message",
	    test_message_part },
	{ "message: a day's email prepared once is byte for byte the same",
	    test_message_daymail },
	{ "tz: local/UTC across both DST changes, east and west",
	    test_tz_convert },
	{ "schedule: daily pacing", test_schedule_daily },
	{ "schedule: weekday pacing", test_schedule_weekdays },
	{ "schedule: pauses shift the remaining days", test_schedule_pauses },
	{ "schedule: due times across DST", test_schedule_due_across_dst },
	{ "holiday: US federal holidays as observed, Dec 24 and 31",
	    test_holiday_us },
	{ "holiday: dates and ranges", test_holiday_ranges },
	{ "schedule: holidays and skipped dates, both pacings",
	    test_schedule_skips },
	{ "schedule: queued days keep their dates", test_schedule_fixed },
	{ "form: strict urlencoded decoding", test_form_parse },
	{ "feed cache: freshness, hits, the size bound", test_feedcache },
	{ "api: request bodies read strictly", test_api_json },
	{ "enroll: the checks, in each face's words", test_enroll_check },
	{ "apikey: names", test_apikey_names },
	{ "scorecard: items in flat order", test_scorecard_items },
	{ "scorecard: index, categories, N/A, band", test_scorecard_compute },
	{ "scorecard: gates and band edges", test_scorecard_gates_bands },
	{ "scorecard: ties and rounding", test_scorecard_ties_rounding },
	{ "scorecard: all N/A, change since the first",
	    test_scorecard_all_na_and_change },
	{ "scorecard: answers from JSON", test_scorecard_json },
	{ "scorecard: answers from a form", test_scorecard_form },
	{ "scorecard: when the reminder is due", test_scorecard_due },
	{ "scorecard: the form page", test_scorecard_page_form },
	{ "scorecard: the result page", test_scorecard_page_result },
	{ "scorecard: an attempt from an earlier scorecard",
	    test_scorecard_page_earlier },
	{ "curriculum: category names in lessons", test_curriculum_categories },
	{ "followon: a category and a task for each week",
	    test_followon_choice },
	{ "followon: the weeks' dates", test_followon_dates },
	{ "followon: the statements scored lowest", test_followon_lowest },
	{ "followon: a retake changes only the weeks not yet due",
	    test_followon_retake },
	{ "cohort: webinar times, plan starts, names", test_cohort_webinar },
	{ "cohort: the late-join policy", test_cohort_late_join },
	{ "cohort: webinar titles and links", test_webinar_checks },
	{ "cohort: header names", test_cohort_headers },
	{ "cohort: export times", test_cohort_times },
	{ "cohort: rows to people, and rejected rows", test_cohort_rows },
	{ "cohort: rejoins merged into one person", test_cohort_merge },
	{ "cohort: CSV lines, BOM, CRLF, quotes, sections, refusals",
	    test_cohort_csv },
	{ "cohort: a header only where a section starts",
	    test_cohort_csv_sections },
	{ "bounce: the hand-made reports, replies and malformed messages",
	    test_bounce_fixtures },
	{ "bounce: a hard bounce, a complaint, the third soft one stop mail",
	    test_bounce_effect },
	{ "bounce: Action and Status, one recipient and several",
	    test_bounce_dsn_rules },
	{ "bounce: reports, complaints, auto-replies, mailer daemons",
	    test_bounce_kinds },
	{ "bounce: the tag and where it is looked for", test_bounce_tags },
	{ "bounce: CRLF, From_ lines, base64 and quoted-printable",
	    test_bounce_encodings },
	{ "bounce: the size, scan, boundary and depth caps",
	    test_bounce_caps },
	{ "bounce: reasons and fields cleaned and bounded",
	    test_bounce_text },
	{ "mailbox: Maildir new/ to cur/, flags, no file replaced",
	    test_mailbox_maildir },
	{ "mailbox: a caller that stops leaves the rest in new/",
	    test_mailbox_maildir_stop },
	{ "mailbox: 50 MB, a symbolic link, a directory in new/",
	    test_mailbox_maildir_odd },
	{ "mailbox: mbox split, un-escaped, left as it was",
	    test_mailbox_mbox },
	{ "mailbox: mbox lines across the read buffer", test_mailbox_mbox_edges },
	{ "mailbox: one message on standard input", test_mailbox_stdin },
	{ "mailbox: paths that are no mailbox", test_mailbox_not_mailboxes },
};

int
main(void)
{
	size_t i;
	int nfail = 0;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		failed = 0;
		tests[i].fn();
		printf("%s %zu - unit: %s\n", failed ? "not ok" : "ok", i + 1,
		    tests[i].name);
		nfail += failed;
	}
	return nfail ? 1 : 0;
}
