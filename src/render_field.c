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

void
render_field_list(struct buf *b)
{
	int i;

	for (i = 0; i < RF_NFIELDS; i++)
		buf_printf(b, "%s%s", i ? " " : "", fields[i]);
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
