/*
 * followon.c - the twelve weeks after the plan, as policy (see
 * followon.h for the rules).
 */
#include "followon.h"

int
followon_retake(int week)
{
	return week == 6 || week == 12;
}

size_t
followon_category(const size_t *weakest, size_t nweakest, size_t ncategories,
    int week)
{
	size_t w = week > 0 ? (size_t)(week - 1) : 0;

	if (nweakest > 0)
		return weakest[w % nweakest];
	return ncategories ? w % ncategories : 0;
}

size_t
followon_task(size_t nweakest, size_t ncategories, size_t ntasks, int week)
{
	size_t w = week > 0 ? (size_t)(week - 1) : 0;
	size_t turn = nweakest ? nweakest : ncategories ? ncategories : 1;

	/* the round: how many times the weeks have gone through the list */
	return ntasks ? w / turn % ntasks : 0;
}

struct date
followon_week_date(struct date first, int week)
{
	return clock_days_to_date(clock_date_to_days(first) + 7L * (week - 1));
}

size_t
followon_lowest(const struct cur_scorecard *sc, const int *v, size_t c,
    size_t *items, size_t max)
{
	size_t flat = 0, i, n = 0;
	int low = CUR_SCALE;

	if (c >= sc->ncategories)
		return 0;
	for (i = 0; i < c; i++)
		flat += sc->categories[i].nitems;
	for (i = 0; i < sc->categories[c].nitems; i++)
		if (v[flat + i] >= 0 && v[flat + i] < low)
			low = v[flat + i];
	if (low >= CUR_SCALE - 1)
		return 0;
	for (i = 0; i < sc->categories[c].nitems && n < max; i++)
		if (v[flat + i] == low)
			items[n++] = i;
	return n;
}

/* the week's category and task as the attempt k (-1: none) makes it */
static void
content(const struct followon_attempt *a, long k, size_t ncategories,
    const size_t *ntasks, int week, size_t *cat, size_t *task)
{
	const size_t *weak = k >= 0 ? a[k].weakest : NULL;
	size_t nweak = k >= 0 ? a[k].nweakest : 0;

	*cat = followon_category(weak, nweak, ncategories, week);
	*task = followon_task(nweak, ncategories, *cat < ncategories ?
	    ntasks[*cat] : 1, week);
}

void
followon_week_at(const struct followon_attempt *a, size_t na,
    size_t ncategories, const size_t *ntasks, time_t opted_in_at,
    time_t due_at, time_t now, int week, struct followon_week *w)
{
	time_t until = due_at < now ? due_at : now;
	size_t i, cat, task;
	long k = -1;

	w->week = week;
	w->due_at = due_at;
	w->sequence = 0;
	w->modified_at = opted_in_at;
	/* the version the week had at the opt-in */
	for (i = 0; i < na && a[i].taken_at <= opted_in_at; i++)
		k = (long)i;
	content(a, k, ncategories, ntasks, week, &w->category, &w->task);
	/* each later attempt in force before the week was due */
	for (; i < na && a[i].taken_at <= until; i++) {
		k = (long)i;
		content(a, k, ncategories, ntasks, week, &cat, &task);
		if (cat == w->category && task == w->task)
			continue;
		w->category = cat;
		w->task = task;
		w->sequence++;
		w->modified_at = a[i].taken_at;
	}
	w->attempt = k;
}
