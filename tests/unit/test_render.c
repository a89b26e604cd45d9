/*
 * test_render.c - merge-field names and the template scanner.
 */
#include <stdio.h>

#include "render.h"
#include "test.h"

void
test_render_fields(void)
{
	CHECK(render_field_known("first_name", 10));
	CHECK(render_field_known("unsubscribe_url", 15));
	CHECK(!render_field_known("first_nam", 9));
	CHECK(!render_field_known("first_names", 11));
	CHECK(!render_field_known("", 0));
}

struct seen {
	char	out[256];
	size_t	len;
};

static void
collect(void *arg, int line, const char *name, size_t len)
{
	struct seen *s = arg;
	int n;

	n = snprintf(s->out + s->len, sizeof(s->out) - s->len, "%d:%.*s;",
	    line, name ? (int)len : 1, name ? name : "!");
	if (n > 0)
		s->len += (size_t)n;
}

void
test_render_scan(void)
{
	struct seen s = { "", 0 };

	render_scan("Hi {{first_name}},\n{{ day }} of {{total_days}}\n"
	    "{{broken\n}} and {{x}}", collect, &s);
	CHECK_STR(s.out, "1:first_name;2:day;2:total_days;3:!;4:x;");
	s.len = 0;
	s.out[0] = '\0';
	render_scan("no fields {here} }}", collect, &s);
	CHECK_STR(s.out, "");
}
