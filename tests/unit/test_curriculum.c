/*
 * test_curriculum.c - the pure parts of loading the curriculum: category
 * references in lessons checked against the scorecard and replaced by
 * the titles the emails show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curriculum.h"
#include "test.h"

struct bad_seen {
	int	n;
	int	line;
	char	title[64];
};

static void
bad(void *arg, int line, const char *title, size_t len)
{
	struct bad_seen *b = arg;

	b->n++;
	b->line = line;
	snprintf(b->title, sizeof(b->title), "%.*s", (int)len, title);
}

void
test_curriculum_categories(void)
{
	static struct cur_category cats[] = {
		{ "tools", "Outreach Tools", NULL, 0, NULL, 0 },
		{ "rel", "Relationships and Education", NULL, 0, NULL, 0 },
	};
	struct cur_scorecard sc;
	struct bad_seen b;
	char *t;

	memset(&sc, 0, sizeof(sc));
	sc.categories = cats;
	sc.ncategories = 2;

	/* known titles become plain text; spaces inside the braces go */
	memset(&b, 0, sizeof(b));
	t = cur_categories_expand("- **{{category: Outreach Tools}}:** 35\n"
	    "- {{ category:Relationships and Education }}: 10\n", &sc, bad,
	    &b);
	CHECK_STR(t, "- **Outreach Tools:** 35\n"
	    "- Relationships and Education: 10\n");
	CHECK_INT(b.n, 0);
	free(t);

	/* a name that is not the scorecard's is reported with its line */
	memset(&b, 0, sizeof(b));
	t = cur_categories_expand("Hi {{first_name}},\n\nWork on "
	    "{{category: Referral Tools}} next.\n", &sc, bad, &b);
	CHECK_INT(b.n, 1);
	CHECK_INT(b.line, 3);
	CHECK_STR(b.title, "Referral Tools");
	/* ... and kept as written, like other merge fields */
	CHECK_STR(t, "Hi {{first_name}},\n\nWork on "
	    "{{category: Referral Tools}} next.\n");
	free(t);

	/* titles match exactly: no "&" for "and", no other case */
	memset(&b, 0, sizeof(b));
	t = cur_categories_expand("{{category: Relationships & Education}} "
	    "{{category: outreach tools}}", &sc, bad, &b);
	CHECK_INT(b.n, 2);
	free(t);

	/* an unclosed "{{" and one across lines are left alone */
	memset(&b, 0, sizeof(b));
	t = cur_categories_expand("a {{category: Outreach\nTools}} b {{",
	    &sc, bad, &b);
	CHECK_STR(t, "a {{category: Outreach\nTools}} b {{");
	CHECK_INT(b.n, 0);
	free(t);

	/* without a callback nothing is reported, the text is the same */
	t = cur_categories_expand("{{category: Nope}}", &sc, NULL, NULL);
	CHECK_STR(t, "{{category: Nope}}");
	free(t);
}
