/*
 * fuzz_time.c - libFuzzer harness for the time, date and zone parsers:
 * clock_parse_rfc3339, clock_parse_date, clock_parse_hhmm and the tz_
 * conversions with a fuzzed zone name.  The input is split at newlines
 * into up to four fields (each also tried alone, so one seed exercises
 * every parser):
 *
 *	RFC 3339 instant \n YYYY-MM-DD \n HH:MM \n zone
 *
 * Beyond "no crash", a parsed value must survive a round trip through the
 * matching formatter, and a zone conversion must land within a day of
 * the wall-clock time it was asked for.
 */
#include "clock.h"
#include "fuzz.h"
#include "tz.h"

#define YEAR_10000	253402300800LL	/* 10000-01-01T00:00:00Z */

static void
check_rfc3339(const char *s)
{
	char buf[21];
	time_t t, t2;

	if (clock_parse_rfc3339(s, &t) != 0)
		return;
	FUZZ_CHECK(t >= 0);
	if ((long long)t >= YEAR_10000)
		return;		/* the formatter has four year digits */
	clock_format_rfc3339(t, buf);
	FUZZ_CHECK(clock_parse_rfc3339(buf, &t2) == 0);
	FUZZ_CHECK(t2 == t);
}

static int
check_date(const char *s, struct date *d)
{
	char buf[11], lng[40];
	struct date d2;
	long days;

	if (clock_parse_date(s, d) != 0)
		return -1;
	FUZZ_CHECK(d->y >= 1970 && d->y <= 9999);
	clock_format_date(*d, buf);
	FUZZ_CHECK(strcmp(buf, s) == 0);
	days = clock_date_to_days(*d);
	d2 = clock_days_to_date(days);
	FUZZ_CHECK(clock_date_cmp(*d, d2) == 0);
	FUZZ_CHECK(d2.y == d->y && d2.m == d->m && d2.d == d->d);
	FUZZ_CHECK(clock_weekday(*d) >= 0 && clock_weekday(*d) <= 6);
	clock_format_long(*d, lng);
	FUZZ_CHECK(lng[0] != '?');
	return 0;
}

static int
check_hhmm(const char *s, int *min)
{
	if (clock_parse_hhmm(s, min) != 0)
		return -1;
	FUZZ_CHECK(*min >= 0 && *min < 24 * 60);
	return 0;
}

static void
check_zone(const char *zone, const struct date *d, int min)
{
	struct date local;
	time_t t;
	long long wall;
	int off, known = tz_known(zone);

	if (!known) {
		FUZZ_CHECK(tz_offset(zone, 0, &off) == -1);
		return;
	}
	FUZZ_CHECK(tz_offset(zone, 1796644800, &off) == 0);	/* 2026-12 */
	FUZZ_CHECK(off > -24 * 3600 && off < 24 * 3600);
	if (d == NULL)
		return;
	FUZZ_CHECK(tz_local_to_utc(zone, *d, min, &t) == 0);
	wall = (long long)clock_date_to_days(*d) * 86400 + min * 60;
	FUZZ_CHECK((long long)t > wall - 86400 && (long long)t < wall + 86400);
	FUZZ_CHECK(tz_local_date(zone, t, &local) == 0);
	/* the day asked for, or its neighbour when the time was skipped */
	FUZZ_CHECK(labs(clock_date_to_days(local) - clock_date_to_days(*d))
	    <= 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *s = fuzz_str(data, len), *f[4] = { NULL, NULL, NULL, NULL };
	char *p = s;
	struct date d;
	int i, nf = 0, min = 0, have_date, have_min;

	while (nf < 4) {
		f[nf++] = p;
		if ((p = strchr(p, '\n')) == NULL)
			break;
		*p++ = '\0';
	}
	for (i = 0; i < nf; i++) {
		check_rfc3339(f[i]);
		if (check_date(f[i], &d) == 0)
			check_zone("America/New_York", &d, 7 * 60);
		check_hhmm(f[i], &min);
	}
	have_date = nf > 1 && check_date(f[1], &d) == 0;
	have_min = nf > 2 && check_hhmm(f[2], &min) == 0;
	if (nf > 3)
		check_zone(f[3], have_date ? &d : NULL, have_min ? min : 0);
	else
		check_zone(f[nf - 1], NULL, 0);
	free(s);
	return 0;
}
