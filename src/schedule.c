/*
 * schedule.c - plan-day dates and due times (see schedule.h).
 */
#include "schedule.h"
#include "tz.h"

/*
 * Leaps over pauses, weekends (weekday pacing) and skipped dates; 1 when
 * d is usable, 0 when an open pause holds it.
 */
static int
next_usable(const struct sched_plan *p, long *d)
{
	size_t i;
	int moved;

	do {
		moved = 0;
		for (i = 0; i < p->npauses; i++) {
			long from = clock_date_to_days(p->pauses[i].from);

			if (*d < from)
				continue;
			if (p->pauses[i].open)
				return 0;
			if (*d < clock_date_to_days(p->pauses[i].until)) {
				*d = clock_date_to_days(p->pauses[i].until);
				moved = 1;
			}
		}
		if (p->weekdays) {
			int wd = clock_weekday(clock_days_to_date(*d));

			if (wd == 6 || wd == 0) {
				*d += wd == 6 ? 2 : 1;
				moved = 1;
			}
		}
		if (hol_set_has(p->skip[0], *d) || hol_set_has(p->skip[1], *d)) {
			++*d;
			moved = 1;
		}
	} while (moved);
	return 1;
}

/* where the walk over unqueued days starts: after the last queued one */
static long
walk_from(const struct sched_plan *p)
{
	if (p->nfixed > 0)
		return clock_date_to_days(p->fixed[p->nfixed - 1]) + 1;
	return clock_date_to_days(p->start);
}

int
sched_day_date(const struct sched_plan *p, int day, struct date *out)
{
	long d = walk_from(p);
	int n;

	if (day < 1)
		return -1;
	if (day <= p->nfixed) {
		*out = p->fixed[day - 1];
		return 0;
	}
	for (n = p->nfixed + 1; ; n++, d++) {
		if (!next_usable(p, &d))
			return -1;
		if (n == day)
			break;
	}
	*out = clock_days_to_date(d);
	return 0;
}

int
sched_due(const struct sched_plan *p, const char *zone, int send_minutes,
    int day, time_t *out)
{
	struct date dt;

	if (sched_day_date(p, day, &dt) == -1)
		return -1;
	return tz_local_to_utc(zone, dt, send_minutes, out);
}

int
sched_day_on(const struct sched_plan *p, struct date today, int ndays)
{
	long d = walk_from(p), t = clock_date_to_days(today);
	int n;

	for (n = 0; n < p->nfixed && n < ndays; n++)
		if (clock_date_to_days(p->fixed[n]) > t)
			return n;
	/* one walk over the dates: n days have dates on or before today */
	for (; n < ndays; n++, d++)
		if (!next_usable(p, &d) || d > t)
			break;
	return n;
}
