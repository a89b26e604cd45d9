/*
 * test_holiday.c - US federal holidays as observed, on dates read off
 * the OPM tables for 2026 to 2028, and the operator's ranges.
 */
#include <stdlib.h>

#include "holiday.h"
#include "test.h"

static int
us(int y, int m, int d)
{
	struct date dt = { y, m, d };

	return hol_us(dt);
}

static long
days(int y, int m, int d)
{
	struct date dt = { y, m, d };

	return clock_date_to_days(dt);
}

void
test_holiday_us(void)
{
	static const int yes[][3] = {
		/* 2026: July 4 is a Saturday, observed Friday July 3 */
		{ 2026, 1, 1 }, { 2026, 1, 19 }, { 2026, 2, 16 },
		{ 2026, 5, 25 }, { 2026, 6, 19 }, { 2026, 7, 3 },
		{ 2026, 9, 7 }, { 2026, 10, 12 }, { 2026, 11, 11 },
		{ 2026, 11, 26 }, { 2026, 12, 24 }, { 2026, 12, 25 },
		{ 2026, 12, 31 },
		/* 2027: June 19 a Saturday (June 18); July 4 a Sunday
		 * (July 5); Dec 25 a Saturday (Dec 24); Jan 1 2028 a
		 * Saturday, observed on Friday Dec 31 2027 */
		{ 2027, 1, 1 }, { 2027, 1, 18 }, { 2027, 2, 15 },
		{ 2027, 5, 31 }, { 2027, 6, 18 }, { 2027, 7, 5 },
		{ 2027, 9, 6 }, { 2027, 10, 11 }, { 2027, 11, 11 },
		{ 2027, 11, 25 }, { 2027, 12, 24 }, { 2027, 12, 31 },
		/* 2028: Nov 11 a Saturday (Nov 10); Dec 25 a Monday */
		{ 2028, 1, 17 }, { 2028, 2, 21 }, { 2028, 5, 29 },
		{ 2028, 6, 19 }, { 2028, 7, 4 }, { 2028, 9, 4 },
		{ 2028, 10, 9 }, { 2028, 11, 10 }, { 2028, 11, 23 },
		{ 2028, 12, 25 },
		/* 2023: Jan 1 a Sunday, observed Monday Jan 2 */
		{ 2023, 1, 2 },
	};
	static const int no[][3] = {
		{ 2026, 7, 4 }, { 2026, 7, 6 }, { 2026, 12, 23 },
		{ 2026, 12, 28 }, { 2027, 1, 4 }, { 2027, 6, 19 },
		{ 2027, 7, 4 }, { 2027, 6, 21 }, { 2027, 12, 27 },
		{ 2028, 1, 3 }, { 2028, 11, 11 }, { 2028, 11, 13 },
		{ 2023, 1, 3 }, { 2026, 1, 26 }, { 2026, 5, 18 },
		{ 2026, 11, 19 }, { 2026, 10, 5 }, { 2026, 9, 14 },
	};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!us(yes[i][0], yes[i][1], yes[i][2]))
			test_fail(__FILE__, __LINE__, "%04d-%02d-%02d is a "
			    "holiday", yes[i][0], yes[i][1], yes[i][2]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (us(no[i][0], no[i][1], no[i][2]))
			test_fail(__FILE__, __LINE__, "%04d-%02d-%02d is no "
			    "holiday", no[i][0], no[i][1], no[i][2]);
}

void
test_holiday_ranges(void)
{
	struct hol_set s = { 0, NULL, 0 };
	struct hol_range r;
	const char *bad = NULL;
	char *f;

	CHECK_INT(hol_parse_range("2026-12-28", &r), 0);
	CHECK_INT(r.from, days(2026, 12, 28));
	CHECK_INT(r.until, r.from);
	CHECK_INT(hol_parse_range("2026-12-28..2027-01-02", &r), 0);
	CHECK_INT(r.until - r.from, 5);
	CHECK_INT(hol_parse_range("2027-01-02..2026-12-28", &r), -1);
	CHECK_INT(hol_parse_range("2026-02-30", &r), -1);
	CHECK_INT(hol_parse_range("2026-12-28..", &r), -1);
	CHECK_INT(hol_parse_range("2026-12-28...2026-12-29", &r), -1);
	CHECK_INT(hol_parse_range("", &r), -1);

	CHECK_INT(hol_add_list(&s, "2026-12-28..2026-12-30, 2027-01-04",
	    &bad), 0);
	CHECK_INT(s.n, 2);
	CHECK(!hol_set_has(&s, days(2026, 12, 27)));
	CHECK(hol_set_has(&s, days(2026, 12, 28)));
	CHECK(hol_set_has(&s, days(2026, 12, 30)));
	CHECK(!hol_set_has(&s, days(2026, 12, 31)));	/* us is off */
	CHECK(hol_set_has(&s, days(2027, 1, 4)));
	f = hol_set_format(&s);
	CHECK_STR(f, "2026-12-28..2026-12-30,2027-01-04");
	free(f);
	s.us = 1;
	CHECK(hol_set_has(&s, days(2026, 12, 31)));
	f = hol_set_format(&s);
	CHECK_STR(f, "us;2026-12-28..2026-12-30,2027-01-04");
	free(f);
	CHECK_INT(hol_add_list(&s, "2027-02-01,2027-13-01", &bad), -1);
	CHECK_STR(bad, "2027-13-01");
	CHECK_INT(hol_add_list(&s, "2027-02-01,", &bad), -1);
	CHECK(!hol_set_has(NULL, days(2026, 12, 25)));
	hol_set_free(&s);
}
