/*
 * clock.c - the system clock, RFC 3339 and date parsing, and civil-date
 * arithmetic (see clock.h).  The day-count conversions are Howard
 * Hinnant's well-known algorithms: exact for every Gregorian date and
 * free of time zones and the C library's locale state.
 */
#include <stdio.h>
#include <string.h>

#include "clock.h"

time_t
clock_now(void)
{
	return time(NULL);
}

long
clock_date_to_days(struct date dt)
{
	long y = dt.y - (dt.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (dt.m + (dt.m > 2 ? -3 : 9)) + 2) / 5 + dt.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct date
clock_days_to_date(long z)
{
	struct date dt;
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	dt.d = doy - (153 * mp + 2) / 5 + 1;
	dt.m = mp < 10 ? mp + 3 : mp - 9;
	dt.y = yoe + era * 400 + (dt.m <= 2);
	return dt;
}

int
clock_weekday(struct date dt)
{
	long z = clock_date_to_days(dt);

	return z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6;
}

int
clock_date_cmp(struct date a, struct date b)
{
	long x = clock_date_to_days(a), y = clock_date_to_days(b);

	return (x > y) - (x < y);
}

static int
days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dim[m - 1];
}

/* exactly n digits at s into *v */
static int
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

static int
parse_date_prefix(const char *s, struct date *dt)
{
	if (digits(s, 4, &dt->y) || s[4] != '-' || digits(s + 5, 2, &dt->m) ||
	    s[7] != '-' || digits(s + 8, 2, &dt->d))
		return -1;
	if (dt->y < 1970 || dt->m < 1 || dt->m > 12 || dt->d < 1 ||
	    dt->d > days_in_month(dt->y, dt->m))
		return -1;
	return 0;
}

int
clock_parse_date(const char *s, struct date *dt)
{
	struct date t;

	if (strlen(s) != 10 || parse_date_prefix(s, &t))
		return -1;
	*dt = t;
	return 0;
}

int
clock_parse_hhmm(const char *s, int *minutes)
{
	int h, m;

	if (strlen(s) != 5 || digits(s, 2, &h) || s[2] != ':' ||
	    digits(s + 3, 2, &m) || h > 23 || m > 59)
		return -1;
	*minutes = h * 60 + m;
	return 0;
}

int
clock_parse_rfc3339(const char *s, time_t *out)
{
	struct date dt;
	int hh, mm, ss, oh = 0, om = 0, sign = 0;
	long long t;
	const char *p;

	if (strlen(s) < 20 || parse_date_prefix(s, &dt))
		return -1;
	if (strchr("Tt ", s[10]) == NULL || digits(s + 11, 2, &hh) ||
	    s[13] != ':' || digits(s + 14, 2, &mm) || s[16] != ':' ||
	    digits(s + 17, 2, &ss))
		return -1;
	/* 60 is a leap second; treat it as the next second's start */
	if (hh > 23 || mm > 59 || ss > 60)
		return -1;
	p = s + 19;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return -1;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (digits(p + 1, 2, &oh) || p[3] != ':' ||
		    digits(p + 4, 2, &om) || oh > 23 || om > 59)
			return -1;
		p += 6;
	} else
		return -1;
	if (*p != '\0')
		return -1;
	t = (long long)clock_date_to_days(dt) * 86400 + hh * 3600 + mm * 60 +
	    ss - sign * (oh * 3600 + om * 60);
	if (t < 0 || (sizeof(time_t) < 8 && t > 0x7fffffffLL))
		return -1;
	*out = (time_t)t;
	return 0;
}

void
clock_format_rfc3339(time_t t, char buf[21])
{
	long long v = t;
	long days = (long)(v >= 0 ? v / 86400 : (v - 86399) / 86400);
	long secs = (long)(v - (long long)days * 86400);
	struct date dt = clock_days_to_date(days);

	/* the casts and remainders bound every field for the compiler */
	snprintf(buf, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ",
	    (unsigned)dt.y % 10000u, (unsigned)dt.m % 100u,
	    (unsigned)dt.d % 100u, (unsigned)(secs / 3600) % 100u,
	    (unsigned)(secs / 60 % 60), (unsigned)(secs % 60));
}

void
clock_format_date(struct date dt, char buf[11])
{
	snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)dt.y % 10000u,
	    (unsigned)dt.m % 100u, (unsigned)dt.d % 100u);
}

void
clock_format_long(struct date dt, char buf[40])
{
	static const char *const wd[] = { "Sunday", "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday" };
	static const char *const mon[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };

	if (dt.m < 1 || dt.m > 12) {
		snprintf(buf, 40, "?");
		return;
	}
	snprintf(buf, 40, "%s, %s %u, %04u", wd[clock_weekday(dt)],
	    mon[dt.m - 1], (unsigned)dt.d % 100u,
	    (unsigned)dt.y % 10000u);
}
