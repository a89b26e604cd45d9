/*
 * fuzz_render.c - libFuzzer harness for lesson rendering: the input is a
 * lesson or template text, given to render_field_scan (the validator's
 * view of merge fields), render_fill (text and HTML, with values that
 * themselves look like fields and markup; none empty, so that template text either
 * side of a field cannot join into what the check looks for) and render_markdown (cmark plus our HTML
 * rewriting and plain-text layout).
 *
 * Properties: render_fill never re-expands a value, so a value holding
 * "{{name}}" appears literally; in HTML mode no value's '<' survives
 * unescaped; the Markdown renderer returns both parts or neither.
 */
#include "buf.h"
#include "fuzz.h"
#include "render.h"

struct scan_count {
	size_t	n;
	size_t	len;
};

static void
count_cb(void *arg, int line, const char *name, size_t n)
{
	struct scan_count *c = arg;

	FUZZ_CHECK(line >= 1);
	FUZZ_CHECK(name != NULL || n == 0);
	if (name)
		FUZZ_CHECK(n <= c->len && memchr(name, '\n', n) == NULL);
	c->n++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct render_vars vars;
	struct render_lesson lesson;
	struct scan_count sc = { 0, 0 };
	struct buf out;
	char *s = fuzz_str(data, len);
	int i;

	/* the text up to a NUL, as the loaders see it */
	sc.len = strlen(s);
	render_field_scan(s, count_cb, &sc);

	memset(&vars, 0, sizeof(vars));
	for (i = 0; i < RF_NFIELDS; i++)
		vars.v[i] = i % 2 ? "<zq7>{{name}}</zq7> & 'q'" : "plain";
	vars.v[RF_LESSON] = "<p>lesson</p>";
	buf_init(&out, RENDER_MAX);
	if (render_fill(&out, s, &vars, 0) == 0)
		FUZZ_CHECK(out.len == 0 || out.data[out.len] == '\0');
	buf_reset(&out);
	if (render_fill(&out, s, &vars, 1) == 0 && out.data &&
	    strstr(s, "<zq7>") == NULL)
		FUZZ_CHECK(strstr(out.data, "<zq7>") == NULL);
	buf_free(&out);

	if (render_markdown(s, &lesson) == 0) {
		FUZZ_CHECK(lesson.html != NULL && lesson.text != NULL);
		render_lesson_free(&lesson);
	} else
		FUZZ_CHECK(lesson.html == NULL && lesson.text == NULL);
	free(s);
	return 0;
}
