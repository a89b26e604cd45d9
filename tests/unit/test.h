/*
 * test.h - the unit-test harness: CHECK macros and the list of tests.
 *
 * Each test is a function that runs CHECKs; a failing CHECK prints where
 * and what, marks the test failed and carries on, so one run shows every
 * broken expectation.  Unit tests cover pure logic only: no clock, no
 * network, no database.
 */
#ifndef REFREADY_TEST_H
#define REFREADY_TEST_H

#include <string.h>

void	test_fail(const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#define CHECK(c) do {							\
	if (!(c))							\
		test_fail(__FILE__, __LINE__, "%s", #c);		\
} while (0)

#define CHECK_INT(a, b) do {						\
	long long a_ = (a), b_ = (b);					\
	if (a_ != b_)							\
		test_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", \
		    #a, a_, b_);					\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *a_ = (a), *b_ = (b);				\
	if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0)		\
		test_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", \
		    #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)");	\
} while (0)

/* test_kindmail.c */
void	test_completion_streak(void);
void	test_catchup_oldest(void);
void	test_token_kinds(void);
void	test_render_blocks(void);
void	test_welcome_google(void);
/* test_ledger.c */
void	test_ledger_step(void);
void	test_ledger_counts_add(void);

/* test_signup.c */
void	test_signup_check(void);
void	test_signup_decide(void);
void	test_signup_expired(void);

/* test_api.c */
void	test_api_json(void);
void	test_enroll_check(void);
void	test_apikey_names(void);
/* test_web.c */
void	test_form_parse(void);
void	test_feedcache(void);

/* test_clock.c */
void	test_clock_days(void);
void	test_clock_weekday(void);
void	test_clock_parse_date(void);
void	test_clock_parse_hhmm(void);
void	test_clock_rfc3339(void);
/* test_net.c */
void	test_net_loopback(void);
void	test_net_url_host(void);
void	test_iplimit_policy(void);
void	test_iplimit_table(void);
/* test_util.c */
void	test_util_utf8(void);
void	test_util_escape(void);
void	test_util_parse_long(void);
void	test_tz_known(void);
void	test_tzlist_parse(void);
void	test_util_distance(void);
void	test_tz_check(void);
void	test_colwidth(void);
/* test_jpos.c */
void	test_jpos_paths(void);
void	test_jpos_not_found(void);
void	test_jpos_columns(void);
/* test_webhook.c */
void	test_webhook_sign(void);
void	test_webhook_backoff(void);

/* test_token.c */
void	test_token_hmac(void);
void	test_token_verp(void);
/* test_message.c */
void	test_message_part(void);
void	test_message_daymail(void);
/* test_render.c */
void	test_render_fields(void);
void	test_render_scan(void);
void	test_render_markdown_text(void);
void	test_render_fill(void);
/* test_schedule.c */
void	test_tz_convert(void);
void	test_schedule_daily(void);
void	test_schedule_weekdays(void);
void	test_schedule_pauses(void);
void	test_schedule_due_across_dst(void);
void	test_schedule_skips(void);
void	test_schedule_fixed(void);

/* test_holiday.c */
void	test_holiday_us(void);
void	test_holiday_ranges(void);
/* test_followon.c */
void	test_followon_choice(void);
void	test_followon_dates(void);
void	test_followon_lowest(void);
void	test_followon_retake(void);
/* test_scorecard.c */
void	test_scorecard_items(void);
void	test_scorecard_compute(void);
void	test_scorecard_gates_bands(void);
void	test_scorecard_ties_rounding(void);
void	test_scorecard_all_na_and_change(void);
void	test_scorecard_json(void);
void	test_scorecard_form(void);
void	test_scorecard_due(void);
void	test_scorecard_page_form(void);
void	test_scorecard_page_result(void);
void	test_scorecard_page_earlier(void);
/* test_curriculum.c */
void	test_curriculum_categories(void);
/* test_cohort.c */
void	test_cohort_webinar(void);
void	test_cohort_late_join(void);
void	test_cohort_headers(void);
void	test_cohort_times(void);
void	test_cohort_rows(void);
void	test_cohort_merge(void);
void	test_cohort_csv(void);
void	test_cohort_csv_sections(void);
/* test_webinar.c */
void	test_webinar_checks(void);
/* test_bounce.c */
void	test_bounce_fixtures(void);
void	test_bounce_effect(void);
void	test_bounce_dsn_rules(void);
void	test_bounce_kinds(void);
void	test_bounce_tags(void);
void	test_bounce_encodings(void);
void	test_bounce_caps(void);
void	test_bounce_text(void);
/* test_mailbox.c */
void	test_mailbox_maildir(void);
void	test_mailbox_maildir_stop(void);
void	test_mailbox_maildir_odd(void);
void	test_mailbox_mbox(void);
void	test_mailbox_mbox_edges(void);
void	test_mailbox_stdin(void);
void	test_mailbox_not_mailboxes(void);

#endif
