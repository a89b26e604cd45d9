/*
 * test_clock.c - civil dates, weekdays and the time parsers, checked
 * against dates worked out by hand and against date(1).
 */
#include <time.h>

#include "clock.h"
#include "test.h"

static struct date
D(int y, int m, int d)
{
	struct date dt = { y, m, d };

	return dt;
}

void
test_clock_days(void)
{
	struct date dt;
	long z;

	CHECK_INT(clock_date_to_days(D(1970, 1, 1)), 0);
	CHECK_INT(clock_date_to_days(D(1970, 1, 2)), 1);
	CHECK_INT(clock_date_to_days(D(2000, 3, 1)), 11017);
	/* date -u -d 2026-12-07 +%s / 86400 */
	CHECK_INT(clock_date_to_days(D(2026, 12, 7)), 20794);
	/* leap days */
	CHECK_INT(clock_date_to_days(D(2028, 3, 1)) -
	    clock_date_to_days(D(2028, 2, 28)), 2);
	CHECK_INT(clock_date_to_days(D(2100, 3, 1)) -
	    clock_date_to_days(D(2100, 2, 28)), 1);
	CHECK_INT(clock_date_to_days(D(2000, 3, 1)) -
	    clock_date_to_days(D(2000, 2, 28)), 2);
	/* every day of 1970..2100 goes there and back */
	for (z = 0; z < 47482; z++) {
		dt = clock_days_to_date(z);
		if (clock_date_to_days(dt) != z) {
			CHECK_INT(clock_date_to_days(dt), z);
			break;
		}
	}
	dt = clock_days_to_date(20794);
	CHECK_INT(dt.y, 2026);
	CHECK_INT(dt.m, 12);
	CHECK_INT(dt.d, 7);
	CHECK_INT(clock_date_cmp(D(2026, 1, 31), D(2026, 2, 1)), -1);
	CHECK_INT(clock_date_cmp(D(2026, 2, 1), D(2026, 2, 1)), 0);
	CHECK_INT(clock_date_cmp(D(2027, 1, 1), D(2026, 12, 31)), 1);
}

void
test_clock_weekday(void)
{
	CHECK_INT(clock_weekday(D(1970, 1, 1)), 4);	/* Thursday */
	CHECK_INT(clock_weekday(D(2026, 11, 20)), 5);	/* a webinar Friday */
	CHECK_INT(clock_weekday(D(2026, 11, 22)), 0);	/* Sunday */
	CHECK_INT(clock_weekday(D(2026, 11, 23)), 1);	/* Monday */
	CHECK_INT(clock_weekday(D(2025, 5, 21)), 3);	/* Wednesday */
	CHECK_INT(clock_weekday(D(2024, 2, 29)), 4);
}

void
test_clock_parse_date(void)
{
	struct date dt = { 0, 0, 0 };

	CHECK_INT(clock_parse_date("2026-12-07", &dt), 0);
	CHECK_INT(dt.y, 2026);
	CHECK_INT(dt.m, 12);
	CHECK_INT(dt.d, 7);
	CHECK_INT(clock_parse_date("2028-02-29", &dt), 0);
	CHECK_INT(clock_parse_date("2027-02-29", &dt), -1);
	CHECK_INT(clock_parse_date("2100-02-29", &dt), -1);
	CHECK_INT(clock_parse_date("2026-04-31", &dt), -1);
	CHECK_INT(clock_parse_date("2026-13-01", &dt), -1);
	CHECK_INT(clock_parse_date("2026-00-10", &dt), -1);
	CHECK_INT(clock_parse_date("2026-1-01", &dt), -1);
	CHECK_INT(clock_parse_date("2026-01-01x", &dt), -1);
	CHECK_INT(clock_parse_date("26-01-01", &dt), -1);
	CHECK_INT(clock_parse_date("1969-12-31", &dt), -1);
	CHECK_INT(clock_parse_date("", &dt), -1);
	/* a failed parse leaves the output alone */
	CHECK_INT(dt.y, 2028);
}

void
test_clock_parse_hhmm(void)
{
	int m = -1;

	CHECK_INT(clock_parse_hhmm("07:00", &m), 0);
	CHECK_INT(m, 420);
	CHECK_INT(clock_parse_hhmm("00:00", &m), 0);
	CHECK_INT(m, 0);
	CHECK_INT(clock_parse_hhmm("23:59", &m), 0);
	CHECK_INT(m, 1439);
	CHECK_INT(clock_parse_hhmm("24:00", &m), -1);
	CHECK_INT(clock_parse_hhmm("12:60", &m), -1);
	CHECK_INT(clock_parse_hhmm("7:00", &m), -1);
	CHECK_INT(clock_parse_hhmm("07:00:00", &m), -1);
	CHECK_INT(clock_parse_hhmm("07-00", &m), -1);
}

void
test_clock_rfc3339(void)
{
	char buf[21];
	time_t t = 0;

	CHECK_INT(clock_parse_rfc3339("2026-12-07T12:00:00Z", &t), 0);
	CHECK_INT(t, 1796644800);		/* date -u -d ... +%s */
	CHECK_INT(clock_parse_rfc3339("2026-12-07T07:00:00-05:00", &t), 0);
	CHECK_INT(t, 1796644800);
	CHECK_INT(clock_parse_rfc3339("2026-12-07T17:30:00+05:30", &t), 0);
	CHECK_INT(t, 1796644800);
	CHECK_INT(clock_parse_rfc3339("2026-12-07t12:00:00.250z", &t), 0);
	CHECK_INT(t, 1796644800);
	CHECK_INT(clock_parse_rfc3339("2026-12-07 12:00:00Z", &t), 0);
	CHECK_INT(clock_parse_rfc3339("2026-12-07T12:00:00", &t), -1);
	CHECK_INT(clock_parse_rfc3339("2026-12-07T12:00Z", &t), -1);
	CHECK_INT(clock_parse_rfc3339("2026-12-07T24:00:00Z", &t), -1);
	CHECK_INT(clock_parse_rfc3339("2026-12-07T12:00:00.Z", &t), -1);
	CHECK_INT(clock_parse_rfc3339("2026-12-07T12:00:00+0500", &t), -1);
	CHECK_INT(clock_parse_rfc3339("2026-12-07T12:00:00Zjunk", &t), -1);
	CHECK_INT(clock_parse_rfc3339("2026-02-30T12:00:00Z", &t), -1);
	clock_format_rfc3339(1796644800, buf);
	CHECK_STR(buf, "2026-12-07T12:00:00Z");
	clock_format_rfc3339(0, buf);
	CHECK_STR(buf, "1970-01-01T00:00:00Z");
}
