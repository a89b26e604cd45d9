/*
 * holiday.c - the dates no plan day may fall on (see holiday.h).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "holiday.h"
#include "util.h"

/* the day of the month of the n-th weekday wd (0 Sunday) of y-m */
static int
nth(int y, int m, int n, int wd)
{
	struct date first = { y, m, 1 };

	return 1 + (wd - clock_weekday(first) + 7) % 7 + 7 * (n - 1);
}

/* the day of the month of the last Monday of y-m (a 31-day month) */
static int
last_monday(int y, int m)
{
	struct date last = { y, m, 31 };

	return 31 - (clock_weekday(last) + 6) % 7;
}

/* the observed date of a fixed holiday on y-m-d, as days */
static long
observed(int y, int m, int d)
{
	struct date h = { y, m, d };
	long days = clock_date_to_days(h);
	int wd = clock_weekday(h);

	return wd == 6 ? days - 1 : wd == 0 ? days + 1 : days;
}

int
hol_us(struct date d)
{
	static const struct { int m, d; } fixed[] = {
		{ 1, 1 }, { 6, 19 }, { 7, 4 }, { 11, 11 }, { 12, 25 }
	};
	long days = clock_date_to_days(d);
	size_t i;

	if (d.m == 12 && (d.d == 24 || d.d == 31))
		return 1;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (observed(d.y, fixed[i].m, fixed[i].d) == days)
			return 1;
	/* next New Year's Day on a Saturday is observed on this Dec 31 */
	if (d.m == 12 && observed(d.y + 1, 1, 1) == days)
		return 1;
	switch (d.m) {
	case 1:		/* Martin Luther King Jr. Day */
	case 2:		/* Washington's Birthday */
		return d.d == nth(d.y, d.m, 3, 1);
	case 5:		/* Memorial Day */
		return d.d == last_monday(d.y, 5);
	case 9:		/* Labor Day */
		return d.d == nth(d.y, 9, 1, 1);
	case 10:	/* Columbus Day */
		return d.d == nth(d.y, 10, 2, 1);
	case 11:	/* Thanksgiving */
		return d.d == nth(d.y, 11, 4, 4);
	}
	return 0;
}

int
hol_set_has(const struct hol_set *s, long days)
{
	size_t i;

	if (s == NULL)
		return 0;
	if (s->us && hol_us(clock_days_to_date(days)))
		return 1;
	for (i = 0; i < s->n; i++)
		if (days >= s->v[i].from && days <= s->v[i].until)
			return 1;
	return 0;
}

int
hol_parse_range(const char *s, struct hol_range *r)
{
	struct date a, b;
	char first[11];
	size_t n = strlen(s);

	if (n == 10) {
		if (clock_parse_date(s, &a) == -1)
			return -1;
		r->from = r->until = clock_date_to_days(a);
		return 0;
	}
	if (n != 22 || strncmp(s + 10, "..", 2) != 0)
		return -1;
	memcpy(first, s, 10);
	first[10] = '\0';
	if (clock_parse_date(first, &a) == -1 ||
	    clock_parse_date(s + 12, &b) == -1 || clock_date_cmp(a, b) > 0)
		return -1;
	r->from = clock_date_to_days(a);
	r->until = clock_date_to_days(b);
	return 0;
}

void
hol_add(struct hol_set *s, struct hol_range r)
{
	s->v = xreallocarray(s->v, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = r;
}

int
hol_add_list(struct hol_set *s, const char *list, const char **bad)
{
	const char *p = list;
	char item[32];
	size_t n;

	for (;;) {
		struct hol_range r;

		p += strspn(p, " ");
		*bad = p;
		n = strcspn(p, ",");
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n >= sizeof(item))
			return -1;
		memcpy(item, p, n);
		item[n] = '\0';
		if (hol_parse_range(item, &r) == -1)
			return -1;
		hol_add(s, r);
		p += strcspn(p, ",");
		if (*p == '\0')
			return 0;
		p++;
	}
}

void
hol_set_free(struct hol_set *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

char *
hol_set_format(const struct hol_set *s)
{
	struct buf b;
	char d[11];
	size_t i;

	buf_init(&b, 1 << 20);
	if (s->us)
		buf_addstr(&b, "us;");
	for (i = 0; i < s->n; i++) {
		if (i)
			buf_addstr(&b, ",");
		clock_format_date(clock_days_to_date(s->v[i].from), d);
		buf_addstr(&b, d);
		if (s->v[i].until != s->v[i].from) {
			clock_format_date(clock_days_to_date(s->v[i].until), d);
			buf_addstr(&b, "..");
			buf_addstr(&b, d);
		}
	}
	return buf_take(&b);
}
