/*
 * test_followon.c - the twelve weeks' policy: which category and task
 * each week takes, the dates, the lowest statements, and how a retake
 * changes only the weeks not yet due (with their SEQUENCE).
 */
#include <string.h>

#include "followon.h"
#include "test.h"

void
test_followon_choice(void)
{
	size_t weak[3] = { 7, 2, 9 }, two[2] = { 4, 1 };
	size_t seen[12][4];
	int w;

	/* the weakest, the second, the third, the weakest again... */
	for (w = 1; w <= 12; w++)
		CHECK_INT(followon_category(weak, 3, 12, w), weak[(w - 1) % 3]);
	/* each category's tasks rotate: four rounds, four tasks */
	memset(seen, 0, sizeof(seen));
	for (w = 1; w <= 12; w++) {
		size_t t = followon_task(3, 12, 4, w);

		CHECK(t < 4);
		seen[followon_category(weak, 3, 12, w)][t]++;
	}
	CHECK_INT(followon_task(3, 12, 4, 1), 0);
	CHECK_INT(followon_task(3, 12, 4, 4), 1);
	CHECK_INT(followon_task(3, 12, 4, 12), 3);
	for (w = 0; w < 4; w++) {
		CHECK_INT(seen[7][w], 1);
		CHECK_INT(seen[2][w], 1);
		CHECK_INT(seen[9][w], 1);
	}
	/* a category with more tasks still starts at its first */
	CHECK_INT(followon_task(3, 12, 6, 3), 0);
	CHECK_INT(followon_task(3, 12, 6, 12), 3);
	/* two weak categories alternate; rounds advance every two weeks */
	CHECK_INT(followon_category(two, 2, 12, 1), 4);
	CHECK_INT(followon_category(two, 2, 12, 2), 1);
	CHECK_INT(followon_category(two, 2, 12, 3), 4);
	CHECK_INT(followon_task(2, 12, 4, 3), 1);
	CHECK_INT(followon_task(2, 12, 4, 9), 0);
	/* nothing weak (or no attempt): the scorecard's order */
	CHECK_INT(followon_category(NULL, 0, 12, 1), 0);
	CHECK_INT(followon_category(NULL, 0, 12, 12), 11);
	CHECK_INT(followon_task(0, 12, 4, 12), 0);
	CHECK_INT(followon_category(NULL, 0, 5, 7), 1);
	CHECK_INT(followon_task(0, 5, 4, 7), 1);
	/* the retake weeks */
	for (w = 1; w <= 12; w++)
		CHECK_INT(followon_retake(w), w == 6 || w == 12);
}

void
test_followon_dates(void)
{
	struct date first = { 2026, 12, 28 }, d;

	d = followon_week_date(first, 1);
	CHECK(clock_date_cmp(d, first) == 0);
	d = followon_week_date(first, 2);
	CHECK_INT(d.y, 2027);
	CHECK_INT(d.m, 1);
	CHECK_INT(d.d, 4);
	d = followon_week_date(first, 12);
	CHECK_INT(d.m, 3);
	CHECK_INT(d.d, 15);
}

static struct cur_item items_a[] = {
	{ "a1", "A one", 0, 0, NULL }, { "a2", "A two", 0, 1, NULL },
	{ "a3", "A three", 0, 0, NULL },
};
static struct cur_item items_b[] = {
	{ "b1", "B one", 0, 0, NULL }, { "b2", "B two", 0, 0, NULL },
};
static int days1[] = { 1 };
static struct cur_category cats[] = {
	{ "a", "A", days1, 1, items_a, 3 },
	{ "b", "B", days1, 1, items_b, 2 },
};

void
test_followon_lowest(void)
{
	struct cur_scorecard sc;
	size_t it[4];
	int v1[] = { 2, SCORE_NA, 2, 4, 4 };
	int v2[] = { 3, 0, 1, 4, 3 };

	memset(&sc, 0, sizeof(sc));
	sc.categories = cats;
	sc.ncategories = 2;
	/* ties all named, N/A left out */
	CHECK_INT(followon_lowest(&sc, v1, 0, it, 4), 2);
	CHECK_INT(it[0], 0);
	CHECK_INT(it[1], 2);
	/* everything at 4: nothing to raise */
	CHECK_INT(followon_lowest(&sc, v1, 1, it, 4), 0);
	CHECK_INT(followon_lowest(&sc, v2, 0, it, 4), 1);
	CHECK_INT(it[0], 1);
	CHECK_INT(followon_lowest(&sc, v2, 1, it, 4), 1);
	CHECK_INT(it[0], 1);
	CHECK_INT(followon_lowest(&sc, v2, 2, it, 4), 0);
}

void
test_followon_retake(void)
{
	/* baseline and day-29 attempts, then a retake in week 6 */
	struct followon_attempt a[3] = {
		{ 100, { 1, 2, 3 }, 3 },
		{ 200, { 4, 5, 6 }, 3 },
		{ 5000, { 7, 8, 4 }, 3 },
	};
	size_t ntasks[12] = { 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4 };
	struct followon_week w;
	time_t optin = 300, due5 = 4000, due6 = 4500, due7 = 5500;

	/* before the retake: every week from the day-29 attempt */
	followon_week_at(a, 2, 12, ntasks, optin, due7, 4800, 7, &w);
	CHECK_INT(w.category, 4);
	CHECK_INT(w.attempt, 1);
	CHECK_INT(w.sequence, 0);
	CHECK_INT(w.modified_at, optin);
	/* after it: a week not yet due follows the retake */
	followon_week_at(a, 3, 12, ntasks, optin, due7, 5200, 7, &w);
	CHECK_INT(w.category, 7);
	CHECK_INT(w.task, 2);
	CHECK_INT(w.attempt, 2);
	CHECK_INT(w.sequence, 1);
	CHECK_INT(w.modified_at, 5000);
	/* and one already due keeps what it was */
	followon_week_at(a, 3, 12, ntasks, optin, due5, 5200, 5, &w);
	CHECK_INT(w.category, 5);
	CHECK_INT(w.attempt, 1);
	CHECK_INT(w.sequence, 0);
	followon_week_at(a, 3, 12, ntasks, optin, due6, 9999, 6, &w);
	CHECK_INT(w.category, 6);
	/* a retake that leaves the week as it was does not raise SEQUENCE */
	a[2].weakest[0] = 4;
	a[2].weakest[1] = 5;
	a[2].weakest[2] = 6;
	followon_week_at(a, 3, 12, ntasks, optin, due7, 5200, 7, &w);
	CHECK_INT(w.category, 4);
	CHECK_INT(w.sequence, 0);
	CHECK_INT(w.attempt, 2);
	/* no attempt at all: the scorecard's order */
	followon_week_at(a, 0, 12, ntasks, optin, due7, 5200, 7, &w);
	CHECK_INT(w.category, 6);
	CHECK_INT(w.attempt, -1);
}
