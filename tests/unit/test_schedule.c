/*
 * test_schedule.c - plan-day dates and due times, and the zone
 * conversions under them, on dates worked out by hand: zones east and west
 * of UTC, both daylight-saving changes, a southern-hemisphere zone.
 */
#include "clock.h"
#include "schedule.h"
#include "test.h"
#include "tz.h"

static struct date
D(int y, int m, int d)
{
	struct date dt = { y, m, d };

	return dt;
}

static void
check_date(const struct sched_plan *p, int day, struct date want, int line)
{
	struct date got = { 0, 0, 0 };

	if (sched_day_date(p, day, &got) == -1 || clock_date_cmp(got,
	    want) != 0)
		test_fail(__FILE__, line, "day %d is %04d-%02d-%02d, expected "
		    "%04d-%02d-%02d", day, got.y, got.m, got.d, want.y, want.m,
		    want.d);
}
#define DATE_IS(p, day, y, m, d) check_date(p, day, D(y, m, d), __LINE__)

static time_t
utc(const char *s)
{
	time_t t = 0;

	clock_parse_rfc3339(s, &t);
	return t;
}

void
test_tz_convert(void)
{
	struct date dt;
	time_t t;
	int off;

	/* New York, west of UTC: EST -5, EDT -4 */
	CHECK_INT(tz_local_to_utc("America/New_York", D(2026, 12, 7), 420,
	    &t), 0);
	CHECK_INT(t, utc("2026-12-07T12:00:00Z"));
	CHECK_INT(tz_local_to_utc("America/New_York", D(2026, 7, 7), 420, &t),
	    0);
	CHECK_INT(t, utc("2026-07-07T11:00:00Z"));
	/* 2026-03-08 02:30 does not exist: it moves an hour later */
	CHECK_INT(tz_local_to_utc("America/New_York", D(2026, 3, 8), 150, &t),
	    0);
	CHECK_INT(t, utc("2026-03-08T07:30:00Z"));	/* 03:30 EDT */
	/* 2026-11-01 01:30 happens twice: the first, still EDT */
	CHECK_INT(tz_local_to_utc("America/New_York", D(2026, 11, 1), 90, &t),
	    0);
	CHECK_INT(t, utc("2026-11-01T05:30:00Z"));
	/* 07:00 on the change days themselves */
	CHECK_INT(tz_local_to_utc("America/New_York", D(2026, 3, 8), 420, &t),
	    0);
	CHECK_INT(t, utc("2026-03-08T11:00:00Z"));
	CHECK_INT(tz_local_to_utc("America/New_York", D(2026, 11, 1), 420, &t),
	    0);
	CHECK_INT(t, utc("2026-11-01T12:00:00Z"));
	/* Berlin, east of UTC: 2026-03-29 02:30 skipped, 10-25 02:30 twice */
	CHECK_INT(tz_local_to_utc("Europe/Berlin", D(2026, 3, 29), 150, &t), 0);
	CHECK_INT(t, utc("2026-03-29T01:30:00Z"));	/* 03:30 CEST */
	CHECK_INT(tz_local_to_utc("Europe/Berlin", D(2026, 10, 25), 150, &t),
	    0);
	CHECK_INT(t, utc("2026-10-25T00:30:00Z"));	/* first: CEST */
	/* Kolkata: +5:30 all year; Sydney: summer time in December */
	CHECK_INT(tz_local_to_utc("Asia/Kolkata", D(2026, 12, 7), 420, &t), 0);
	CHECK_INT(t, utc("2026-12-07T01:30:00Z"));
	CHECK_INT(tz_local_to_utc("Australia/Sydney", D(2026, 12, 7), 420, &t),
	    0);
	CHECK_INT(t, utc("2026-12-06T20:00:00Z"));
	CHECK_INT(tz_local_to_utc("UTC", D(2026, 12, 7), 420, &t), 0);
	CHECK_INT(t, utc("2026-12-07T07:00:00Z"));
	CHECK_INT(tz_local_to_utc("Mars/Base", D(2026, 12, 7), 420, &t), -1);

	/* the local date: 03:00Z is still the evening before in New York */
	CHECK_INT(tz_local_date("America/New_York",
	    utc("2026-12-08T03:00:00Z"), &dt), 0);
	CHECK_INT(dt.d, 7);
	CHECK_INT(tz_local_date("Asia/Tokyo", utc("2026-12-07T16:00:00Z"),
	    &dt), 0);
	CHECK_INT(dt.d, 8);
	CHECK_INT(tz_offset("Asia/Kolkata", utc("2026-12-07T00:00:00Z"), &off),
	    0);
	CHECK_INT(off, 19800);
}

void
test_schedule_daily(void)
{
	struct sched_plan p = { .start = { 2026, 12, 7 } };

	DATE_IS(&p, 1, 2026, 12, 7);
	DATE_IS(&p, 2, 2026, 12, 8);
	DATE_IS(&p, 26, 2027, 1, 1);
	DATE_IS(&p, 30, 2027, 1, 5);
	CHECK_INT(sched_day_on(&p, D(2026, 12, 6), 30), 0);
	CHECK_INT(sched_day_on(&p, D(2026, 12, 7), 30), 1);
	CHECK_INT(sched_day_on(&p, D(2026, 12, 31), 30), 25);
	CHECK_INT(sched_day_on(&p, D(2027, 6, 1), 30), 30);
}

void
test_schedule_weekdays(void)
{
	struct sched_plan p = { .start = { 2026, 12, 7 }, .weekdays = 1 };

	DATE_IS(&p, 1, 2026, 12, 7);		/* Monday */
	DATE_IS(&p, 5, 2026, 12, 11);		/* Friday */
	DATE_IS(&p, 6, 2026, 12, 14);		/* next Monday */
	DATE_IS(&p, 30, 2027, 1, 15);		/* 6 weeks: a Friday */
	/* a weekend start begins on the Monday */
	p.start = D(2026, 12, 5);
	DATE_IS(&p, 1, 2026, 12, 7);
	/* a weekend is still the previous day's plan day */
	p.start = D(2026, 12, 7);
	CHECK_INT(sched_day_on(&p, D(2026, 12, 13), 30), 5);
}

void
test_schedule_pauses(void)
{
	struct sched_pause pz[2] = {
		{ { 2026, 12, 10 }, { 2026, 12, 14 }, 0, 0 },	/* 4 days */
		{ { 2026, 12, 20 }, { 0, 0, 0 }, 1, 0 },	/* open */
	};
	struct sched_plan p = { .start = { 2026, 12, 7 }, .pauses = pz,
	    .npauses = 1 };
	struct date dt;
	time_t t;

	DATE_IS(&p, 3, 2026, 12, 9);
	DATE_IS(&p, 4, 2026, 12, 14);		/* shifted by 4 days */
	DATE_IS(&p, 30, 2027, 1, 9);
	CHECK_INT(sched_day_on(&p, D(2026, 12, 12), 30), 3);
	/* still paused: the days from the pause on have no date */
	p.npauses = 2;
	DATE_IS(&p, 9, 2026, 12, 19);
	CHECK_INT(sched_day_date(&p, 10, &dt), -1);
	CHECK_INT(sched_due(&p, "UTC", 420, 10, &t), -1);
	CHECK_INT(sched_day_date(&p, 0, &dt), -1);
	/* a pause over a weekend with weekday pacing */
	p.weekdays = 1;
	p.npauses = 1;
	DATE_IS(&p, 3, 2026, 12, 9);
	DATE_IS(&p, 4, 2026, 12, 14);
	DATE_IS(&p, 5, 2026, 12, 15);
}

void
test_schedule_due_across_dst(void)
{
	/* daily from 2026-10-20 in New York: 07:00 EDT, then 07:00 EST */
	struct sched_plan p = { .start = { 2026, 10, 20 } };
	time_t t;

	CHECK_INT(sched_due(&p, "America/New_York", 420, 12, &t), 0);
	CHECK_INT(t, utc("2026-10-31T11:00:00Z"));
	CHECK_INT(sched_due(&p, "America/New_York", 420, 13, &t), 0);
	CHECK_INT(t, utc("2026-11-01T12:00:00Z"));
	/* east of UTC, the day before its own change */
	p.start = D(2026, 3, 20);
	CHECK_INT(sched_due(&p, "Europe/Berlin", 420, 9, &t), 0);
	CHECK_INT(t, utc("2026-03-28T06:00:00Z"));
	CHECK_INT(sched_due(&p, "Europe/Berlin", 420, 10, &t), 0);
	CHECK_INT(t, utc("2026-03-29T05:00:00Z"));
}

void
test_schedule_skips(void)
{
	struct hol_set us = { 1, NULL, 0 }, cohort = { 0, NULL, 0 };
	struct sched_plan p = { { 2026, 12, 7 }, 1, NULL, 0, { &us, NULL },
	    NULL, 0 };
	const char *bad;

	/* weekdays: Dec 24, 25, 31, Jan 1 and MLK Day are no plan days */
	DATE_IS(&p, 13, 2026, 12, 23);
	DATE_IS(&p, 14, 2026, 12, 28);
	DATE_IS(&p, 16, 2026, 12, 30);
	DATE_IS(&p, 17, 2027, 1, 4);
	DATE_IS(&p, 26, 2027, 1, 15);
	DATE_IS(&p, 27, 2027, 1, 19);
	DATE_IS(&p, 30, 2027, 1, 22);
	CHECK_INT(sched_day_on(&p, D(2026, 12, 25), 30), 13);
	CHECK_INT(sched_day_on(&p, D(2027, 1, 4), 30), 17);
	/* daily: the same holidays, and weekends count */
	p.weekdays = 0;
	DATE_IS(&p, 17, 2026, 12, 23);
	DATE_IS(&p, 18, 2026, 12, 26);
	DATE_IS(&p, 22, 2026, 12, 30);
	DATE_IS(&p, 23, 2027, 1, 2);
	DATE_IS(&p, 30, 2027, 1, 9);
	/* a cohort's own range on top: Dec 28 to Jan 3 */
	CHECK_INT(hol_add_list(&cohort, "2026-12-28..2027-01-03", &bad), 0);
	p.skip[1] = &cohort;
	DATE_IS(&p, 20, 2027, 1, 4);
	/* "none": only the operator's dates */
	us.us = 0;
	p.skip[1] = NULL;
	DATE_IS(&p, 18, 2026, 12, 24);
	DATE_IS(&p, 30, 2027, 1, 5);
	hol_set_free(&cohort);
}

void
test_schedule_fixed(void)
{
	static const struct date sent[3] = {
		{ 2026, 12, 7 }, { 2026, 12, 8 }, { 2026, 12, 9 }
	};
	struct hol_set s = { 0, NULL, 0 };
	struct sched_plan p = { { 2026, 12, 7 }, 0, NULL, 0, { &s, NULL },
	    sent, 3 };
	const char *bad;

	/* dates skipped after days 1 to 3 went out move only the later */
	CHECK_INT(hol_add_list(&s, "2026-12-08..2026-12-10", &bad), 0);
	DATE_IS(&p, 2, 2026, 12, 8);
	DATE_IS(&p, 3, 2026, 12, 9);
	DATE_IS(&p, 4, 2026, 12, 11);
	DATE_IS(&p, 30, 2027, 1, 6);
	CHECK_INT(sched_day_on(&p, D(2026, 12, 8), 30), 2);
	CHECK_INT(sched_day_on(&p, D(2026, 12, 10), 30), 3);
	CHECK_INT(sched_day_on(&p, D(2026, 12, 11), 30), 4);
	/* unqueued, the same rules move them all */
	p.nfixed = 0;
	DATE_IS(&p, 2, 2026, 12, 11);
	hol_set_free(&s);
}
