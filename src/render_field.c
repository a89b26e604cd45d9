/*
 * render_field.c - the merge fields' names, and finding "{{...}}" in a
 * text (see render_field.h).
 */
#include <stdio.h>
#include <string.h>

#include "render_field.h"

static const char *const fields[RF_NFIELDS] = {
	[RF_FIRST_NAME] = "first_name",
	[RF_NAME] = "name",
	[RF_EMAIL] = "email",
	[RF_DAY] = "day",
	[RF_TOTAL_DAYS] = "total_days",
	[RF_WEEK] = "week",
	[RF_WEEK_LABEL] = "week_label",
	[RF_WEEK_TITLE] = "week_title",
	[RF_TITLE] = "title",
	[RF_OBJECTIVE] = "objective",
	[RF_TASK] = "task",
	[RF_LESSON] = "lesson",
	[RF_DATE] = "date",
	[RF_PROGRAM] = "program",
	[RF_PAGE_URL] = "page_url",
	[RF_FEED_URL] = "feed_url",
	[RF_WEBCAL_URL] = "webcal_url",
	[RF_SCORECARD_URL] = "scorecard_url",
	[RF_UNSUBSCRIBE_URL] = "unsubscribe_url",
	[RF_POSTAL_ADDRESS] = "postal_address",
	[RF_CATCH_UP] = "catch_up",
	[RF_START_DATE] = "start_date",
	[RF_SEND_TIME] = "send_time",
	[RF_TIME_ZONE] = "time_zone",
	[RF_PACING] = "pacing",
	[RF_GOOGLE_URL] = "google_url",
	[RF_WEBINAR] = "webinar",
	[RF_TASKS_DONE] = "tasks_done",
	[RF_LONGEST_STREAK] = "longest_streak",
	[RF_SCORES] = "scores",
	[RF_WEAKEST] = "weakest",
	[RF_RESULT_URL] = "result_url",
	[RF_FOLLOWON_URL] = "followon_url",
};

_Static_assert(RF_NFIELDS <= 64, "a field is a bit of a mask");

#define BIT(f)		(1ULL << (f))
/* what every email's template may use: the person and their links */
#define PERSON_FIELDS	(BIT(RF_FIRST_NAME) | BIT(RF_NAME) | BIT(RF_EMAIL) | \
	BIT(RF_TOTAL_DAYS) | BIT(RF_PROGRAM) | BIT(RF_PAGE_URL) | \
	BIT(RF_FEED_URL) | BIT(RF_WEBCAL_URL) | BIT(RF_SCORECARD_URL) | \
	BIT(RF_UNSUBSCRIBE_URL) | BIT(RF_POSTAL_ADDRESS))
/* a lesson's fields, as they were before the other emails came */
#define LESSON_FIELDS	((BIT(RF_POSTAL_ADDRESS + 1) - 1) & ~BIT(RF_LESSON))

static const unsigned long long uses[RU_NUSES] = {
	[RU_LESSON] = LESSON_FIELDS,
	[RU_LESSON_TEMPLATE] = LESSON_FIELDS | BIT(RF_LESSON) |
	    BIT(RF_CATCH_UP),
	[RU_WELCOME] = PERSON_FIELDS | BIT(RF_START_DATE) |
	    BIT(RF_SEND_TIME) | BIT(RF_TIME_ZONE) | BIT(RF_PACING) |
	    BIT(RF_GOOGLE_URL) | BIT(RF_WEBINAR),
	[RU_COMPLETION] = PERSON_FIELDS | BIT(RF_TASKS_DONE) |
	    BIT(RF_LONGEST_STREAK) | BIT(RF_SCORES) | BIT(RF_WEAKEST) |
	    BIT(RF_RESULT_URL) | BIT(RF_FOLLOWON_URL),
	/* a follow-on week: its number, category, focus, task and text */
	[RU_FOLLOWON] = PERSON_FIELDS | BIT(RF_WEEK) | BIT(RF_TITLE) |
	    BIT(RF_OBJECTIVE) | BIT(RF_TASK) | BIT(RF_LESSON) | BIT(RF_DATE),
};

int
render_field(const char *name, size_t len)
{
	int i;

	for (i = 0; i < RF_NFIELDS; i++)
		if (strlen(fields[i]) == len && memcmp(fields[i], name,
		    len) == 0)
			return i;
	return -1;
}

int
render_field_allowed(enum render_use use, int f)
{
	return (unsigned)use < RU_NUSES && f >= 0 && f < RF_NFIELDS &&
	    (uses[use] & BIT(f)) != 0;
}

void
render_field_list(struct buf *b, enum render_use use)
{
	int i, n = 0;

	for (i = 0; i < RF_NFIELDS; i++)
		if (render_field_allowed(use, i))
			buf_printf(b, "%s%s", n++ ? " " : "", fields[i]);
}

void
render_field_scan(const char *text,
    void (*fn)(void *, int, const char *, size_t), void *arg)
{
	const char *p = text, *open, *close, *name;
	int line = 1;
	size_t n;

	while ((open = strstr(p, "{{")) != NULL) {
		for (; p < open; p++)
			if (*p == '\n')
				line++;
		if ((close = strstr(open + 2, "}}")) == NULL ||
		    memchr(open + 2, '\n', close - open - 2) != NULL) {
			fn(arg, line, NULL, 0);
			p = open + 2;
			continue;
		}
		name = open + 2;
		while (name < close && *name == ' ')
			name++;
		n = close - name;
		while (n > 0 && name[n - 1] == ' ')
			n--;
		fn(arg, line, name, n);
		p = close + 2;
	}
}
