/*
 * test_render.c - merge-field names and the template scanner.
 */
#include <stdio.h>
#include <string.h>

#include "render.h"
#include "test.h"

void
test_render_fields(void)
{
	CHECK_INT(render_field("first_name", 10), RF_FIRST_NAME);
	CHECK_INT(render_field("unsubscribe_url", 15), RF_UNSUBSCRIBE_URL);
	CHECK_INT(render_field("first_nam", 9), -1);
	CHECK_INT(render_field("first_names", 11), -1);
	CHECK_INT(render_field("", 0), -1);
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

	render_field_scan("Hi {{first_name}},\n{{ day }} of {{total_days}}\n"
	    "{{broken\n}} and {{x}}", collect, &s);
	CHECK_STR(s.out, "1:first_name;2:day;2:total_days;3:!;4:x;");
	s.len = 0;
	s.out[0] = '\0';
	render_field_scan("no fields {here} }}", collect, &s);
	CHECK_STR(s.out, "");
}

void
test_render_markdown_text(void)
{
	struct render_lesson l;
	static const char md[] =
	    "## Why it matters\n\nA **bold** and *soft* claim with `code`.\n\n"
	    "## Steps\n\n1. First step.\n2. Second step that is long enough to "
	    "wrap because it goes on and on past seventy-two columns.\n   - a "
	    "nested point\n\n> A quoted script line.\n\n"
	    "See [the page](https://example.org/x).\n";

	CHECK_INT(render_markdown(md, &l), 0);
	CHECK_STR(l.text,
	    "Why it matters\n"
	    "--------------\n"
	    "\n"
	    "A bold and soft claim with code.\n"
	    "\n"
	    "Steps\n"
	    "-----\n"
	    "\n"
	    "1. First step.\n"
	    "2. Second step that is long enough to wrap because it goes on and "
	    "on\n"
	    "   past seventy-two columns.\n"
	    "   - a nested point\n"
	    "\n"
	    "    A quoted script line.\n"
	    "\n"
	    "See the page <https://example.org/x>.\n");
	CHECK(strstr(l.html, "<strong>bold</strong>") != NULL);
	CHECK(strstr(l.html, "<h2 style=\"") != NULL);
	CHECK(strstr(l.html, "<li style=\"") != NULL);
	render_lesson_free(&l);

	/* raw HTML in a lesson never reaches the email */
	CHECK_INT(render_markdown("<script>x()</script>\n\nok <b>b</b>\n", &l),
	    0);
	CHECK(strstr(l.html, "<script") == NULL);
	CHECK(strstr(l.html, "<b>") == NULL);
	render_lesson_free(&l);

	/* a link field alone on its line becomes a link */
	CHECK_INT(render_markdown("Open it:\n\n{{scorecard_url}}\n", &l), 0);
	CHECK(strstr(l.html, "<a style=\"color:#1d4ed8;\" "
	    "href=\"{{scorecard_url}}\">{{scorecard_url}}</a>") != NULL);
	render_lesson_free(&l);
}

void
test_render_fill(void)
{
	struct render_vars v;
	struct buf b;

	memset(&v, 0, sizeof(v));
	v.v[RF_FIRST_NAME] = "Ann <b>&\"'";
	v.v[RF_LESSON] = "<p>kept</p>";
	buf_init(&b, 1024);
	CHECK_INT(render_fill(&b, "Hi {{ first_name }}! {{lesson}} {{nope}} "
	    "{{day}}.", &v, 1), 0);
	CHECK_STR(b.data, "Hi Ann &lt;b&gt;&amp;&quot;&#39;! <p>kept</p> "
	    "{{nope}} .");
	buf_reset(&b);
	CHECK_INT(render_fill(&b, "Hi {{first_name}}", &v, 0), 0);
	CHECK_STR(b.data, "Hi Ann <b>&\"'");
	/* a value that looks like a field is not filled again */
	v.v[RF_FIRST_NAME] = "{{lesson}}";
	buf_reset(&b);
	CHECK_INT(render_fill(&b, "{{first_name}}", &v, 0), 0);
	CHECK_STR(b.data, "{{lesson}}");
	buf_free(&b);
	buf_init(&b, 8);
	CHECK_INT(render_fill(&b, "0123456789", &v, 0), -1);
	buf_free(&b);
}
