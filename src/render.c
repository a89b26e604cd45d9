/*
 * render.c - merge fields (see render.h).
 */
#include <string.h>

#include "render.h"

static const char *const fields[] = {
	"first_name",		/* the first word of the person's name */
	"name",
	"email",
	"day",			/* 1-30 */
	"total_days",
	"week",
	"week_title",
	"title",		/* the day's title */
	"objective",
	"task",
	"lesson",		/* the rendered lesson (templates only) */
	"date",			/* the plan day's local date */
	"program",		/* the program's title */
	"page_url",
	"feed_url",
	"webcal_url",
	"scorecard_url",
	"unsubscribe_url",
	"postal_address",
};

int
render_field_known(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strlen(fields[i]) == len && memcmp(fields[i], name,
		    len) == 0)
			return 1;
	return 0;
}

const char *
render_field_names(void)
{
	return "first_name name email day total_days week week_title title "
	    "objective task lesson date program page_url feed_url webcal_url "
	    "scorecard_url unsubscribe_url postal_address";
}

void
render_scan(const char *text,
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
