/*
 * test_scorecard.c - the scorecard's arithmetic on hand-computed cases,
 * answers from JSON and from a form, the reminder rule, and the HTML
 * fragments (contents and escaping).
 *
 * The fixture: four categories, eight items, bands Low 0 / Mid 50 /
 * Top 80 (gated), gate_min 3.  Flat order: a1 a2* | b1~ b2 | c1~ |
 * d1 d2 d3  (* gate, ~ N/A allowed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "score_page.h"
#include "scorecard.h"
#include "test.h"

#define NA	SCORE_NA
#define UN	SCORE_UNSET

static struct cur_item items_a[] = {
	{ "a1", "Alpha one & <b>bold</b> \"quoted\"", 0, 0, NULL },
	{ "a2", "Alpha gate", 1, 0, NULL },
};
static struct cur_item items_b[] = {
	{ "b1", "Beta insurance", 0, 1, NULL },
	{ "b2", "Beta two", 0, 0, NULL },
};
static struct cur_item items_c[] = {
	{ "c1", "Gamma only N/A-able", 0, 1, "No <referrals> yet" },
};
static struct cur_item items_d[] = {
	{ "d1", "Delta one", 0, 0, NULL },
	{ "d2", "Delta two", 0, 0, NULL },
	{ "d3", "Delta three", 0, 0, NULL },
};
static int days_a[] = { 1, 2 }, days_b[] = { 4 }, days_c[] = { 5 };
static int days_d[] = { 6, 7 };
static struct cur_category cats[] = {
	{ "alpha", "Alpha <script>", days_a, 2, items_a, 2 },
	{ "beta", "Beta", days_b, 1, items_b, 2 },
	{ "gamma", "Gamma", days_c, 1, items_c, 1 },
	{ "delta", "Delta", days_d, 2, items_d, 3 },
};
static struct cur_band bands[] = {
	{ "Low", "Start with the basics.", 0, 0 },
	{ "Mid", "Keep going & fix <gates>.", 50, 0 },
	{ "Top", NULL, 80, 1 },
};

static void
fixture(struct curriculum *cur)
{
	static char titles[CUR_DAYS][32];
	struct cur_scorecard *sc = &cur->scorecard;
	int d;

	memset(cur, 0, sizeof(*cur));
	for (d = 0; d < CUR_DAYS; d++) {
		snprintf(titles[d], sizeof(titles[d]), "Lesson %d", d + 1);
		cur->days[d].day = d + 1;
		cur->days[d].title = titles[d];
	}
	cur->days[2].scorecard = CUR_PROMPT_BASELINE;
	cur->days[28].scorecard = CUR_PROMPT_RETAKE;
	sc->title = "Fixture <Scorecard>";
	sc->intro = "Answer for today's practice.";
	sc->scoring = "Points scored over points <possible>.";
	sc->scale[0] = "none";
	sc->scale[1] = "idea";
	sc->scale[2] = "draft";
	sc->scale[3] = "some <times>";
	sc->scale[4] = "always";
	sc->gate_min = 3;
	sc->bands = bands;
	sc->nbands = 3;
	sc->categories = cats;
	sc->ncategories = 4;
}

void
test_scorecard_items(void)
{
	struct curriculum cur;
	size_t c = 99;

	fixture(&cur);
	CHECK_INT(score_nitems(&cur.scorecard), 8);
	CHECK_STR(score_item(&cur.scorecard, 4, &c)->id, "c1");
	CHECK_INT(c, 2);
	CHECK(score_item(&cur.scorecard, 8, NULL) == NULL);
	CHECK_INT(score_item_index(&cur.scorecard, "d1"), 5);
	CHECK_INT(score_item_index(&cur.scorecard, "zz"), -1);
}

void
test_scorecard_compute(void)
{
	struct curriculum cur;
	struct score_result r;
	/* 6 scored, sum 14: 1400/24 = 58.3 -> 58 */
	int v1[] = { 4, 4, NA, 2, NA, 1, 0, 3 };

	fixture(&cur);
	score_compute(&cur.scorecard, v1, &r);
	CHECK_INT(r.index, 58);
	CHECK_INT(r.scored, 6);
	CHECK_INT(r.na, 2);
	CHECK_INT(r.ncat, 4);
	CHECK_INT(r.cat[0], 100);		/* 8/8 */
	CHECK_INT(r.cat[1], 50);		/* 2/4, b1 N/A left out */
	CHECK_INT(r.cat[2], SCORE_NONE);	/* all N/A */
	CHECK_INT(r.cat[3], 33);		/* 4/12 = 33.3 */
	CHECK_INT(r.band, 1);			/* Mid */
	CHECK_INT(r.band_by_index, 1);
	CHECK_INT(r.held, 0);
	CHECK_INT(r.ngates_short, 0);
	/* alpha is at 100 and gamma has no score: neither is weak */
	CHECK_INT(r.nweakest, 2);
	CHECK_INT(r.weakest[0], 3);
	CHECK_INT(r.weakest[1], 1);
	score_result_free(&r);
}

void
test_scorecard_gates_bands(void)
{
	struct curriculum cur;
	struct score_result r;
	/* sum 30 of 8: 93.75 -> 94, Top by index, gate a2 at 2 */
	int held[] = { 4, 2, 4, 4, 4, 4, 4, 4 };
	/* n 5 (d3 unset), sum 16: exactly 80, gates met -> Top */
	int exact[] = { 4, 4, NA, 4, NA, 4, 0, UN };
	/* an unanswered gate cannot be shown to be met */
	int unset_gate[] = { 4, UN, 4, 4, 4, 4, 4, 4 };
	/* exactly 50 -> Mid: sum 16 of 8 */
	int fifty[] = { 2, 2, 2, 2, 2, 2, 2, 2 };

	fixture(&cur);
	score_compute(&cur.scorecard, held, &r);
	CHECK_INT(r.index, 94);
	CHECK_INT(r.band_by_index, 2);
	CHECK_INT(r.band, 1);
	CHECK_INT(r.held, 1);
	CHECK_INT(r.ngates_short, 1);
	CHECK_INT(r.gates_short[0], 1);
	CHECK_INT(r.cat[0], 75);
	CHECK_INT(r.nweakest, 1);
	CHECK_INT(r.weakest[0], 0);
	score_result_free(&r);

	score_compute(&cur.scorecard, exact, &r);
	CHECK_INT(r.index, 80);
	CHECK_INT(r.scored, 5);
	CHECK_INT(r.band, 2);
	CHECK_INT(r.held, 0);
	CHECK_INT(r.cat[3], 50);		/* 4/8, d3 unset */
	score_result_free(&r);

	score_compute(&cur.scorecard, unset_gate, &r);
	CHECK_INT(r.index, 100);
	CHECK_INT(r.band, 1);
	CHECK_INT(r.held, 1);
	CHECK_INT(r.ngates_short, 1);
	CHECK_INT(r.cat[0], 100);		/* a1 alone */
	score_result_free(&r);

	score_compute(&cur.scorecard, fifty, &r);
	CHECK_INT(r.index, 50);
	CHECK_INT(r.band, 1);
	CHECK_INT(r.ngates_short, 1);		/* a2 at 2 */
	CHECK_INT(r.held, 0);			/* the index holds it anyway */
	score_result_free(&r);
}

void
test_scorecard_ties_rounding(void)
{
	struct curriculum cur;
	struct score_result r;
	/* sum 4 of 8: 12.5 rounds up to 13; beta, gamma, delta tie at 0 */
	int v[] = { 4, 0, 0, 0, 0, 0, 0, 0 };
	/* delta 1/12 = 8.3 -> 8, 2/12 = 16.7 -> 17 */
	int w[] = { 4, 4, 4, 4, 4, 1, 0, 0 };
	int x[] = { 4, 4, 4, 4, 4, 1, 1, 0 };
	/* beta 3/8 and delta 6/16 tie exactly: beta is listed first */
	int y[] = { 4, 4, 1, 2, 4, 2, 2, 2 };

	fixture(&cur);
	score_compute(&cur.scorecard, v, &r);
	CHECK_INT(r.index, 13);
	CHECK_INT(r.band, 0);
	CHECK_INT(r.cat[0], 50);
	CHECK_INT(r.nweakest, 3);
	CHECK_INT(r.weakest[0], 1);
	CHECK_INT(r.weakest[1], 2);
	CHECK_INT(r.weakest[2], 3);
	score_result_free(&r);

	score_compute(&cur.scorecard, w, &r);
	CHECK_INT(r.cat[3], 8);
	CHECK_INT(r.index, 66);			/* 21/32 = 65.6 */
	score_result_free(&r);
	score_compute(&cur.scorecard, x, &r);
	CHECK_INT(r.cat[3], 17);
	score_result_free(&r);

	score_compute(&cur.scorecard, y, &r);
	CHECK_INT(r.cat[1], 38);		/* 37.5 rounds up */
	CHECK_INT(r.cat[3], 50);
	CHECK_INT(r.nweakest, 2);
	CHECK_INT(r.weakest[0], 1);
	CHECK_INT(r.weakest[1], 3);
	score_result_free(&r);
	{
		/* y with delta at 3/16 and beta at 3/8: exact order */
		int z[] = { 4, 4, 1, 2, 4, 1, 1, 1 };

		score_compute(&cur.scorecard, z, &r);
		CHECK_INT(r.cat[3], 25);
		CHECK_INT(r.weakest[0], 3);
		CHECK_INT(r.weakest[1], 1);
		score_result_free(&r);
	}
}

void
test_scorecard_all_na_and_change(void)
{
	static struct cur_item only_na[] = { { "x1", "x", 1, 1, NULL },
	    { "x2", "y", 0, 1, NULL } };
	static struct cur_category one[] = { { "x", "X", days_a, 1, only_na,
	    2 } };
	struct curriculum cur;
	struct score_result r, f, l;
	int none[] = { NA, NA };
	int v1[] = { 4, 4, NA, 2, NA, 1, 0, 3 };	/* 58, see above */
	int v2[] = { 4, 2, 4, 4, 4, 4, 4, 4 };		/* 94 */
	int d = 99;

	fixture(&cur);
	cur.scorecard.categories = one;
	cur.scorecard.ncategories = 1;
	score_compute(&cur.scorecard, none, &r);
	CHECK_INT(r.index, 0);
	CHECK_INT(r.scored, 0);
	CHECK_INT(r.na, 2);
	CHECK_INT(r.band, 0);
	CHECK_INT(r.cat[0], SCORE_NONE);
	CHECK_INT(r.nweakest, 0);
	CHECK_INT(r.ngates_short, 0);		/* an N/A gate does not apply */
	CHECK_INT(score_change(&r, &r, (size_t)-1, &d), -1);
	CHECK_INT(score_change(&r, &r, 0, &d), -1);
	score_result_free(&r);

	fixture(&cur);
	score_compute(&cur.scorecard, v1, &f);
	score_compute(&cur.scorecard, v2, &l);
	CHECK_INT(score_change(&f, &l, (size_t)-1, &d), 0);
	CHECK_INT(d, 36);
	CHECK_INT(score_change(&f, &l, 0, &d), 0);
	CHECK_INT(d, -25);
	CHECK_INT(score_change(&f, &l, 2, &d), -1);	/* gamma was N/A */
	CHECK_INT(score_change(&f, &l, 3, &d), 0);
	CHECK_INT(d, 67);				/* 33 -> 100 */
	score_result_free(&f);
	score_result_free(&l);
}

static int
has_problem(const struct score_problems *p, const char *msg)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].msg, msg) == 0)
			return 1;
	return 0;
}

void
test_scorecard_json(void)
{
	struct score_problems p = { NULL, 0, 0 };
	struct curriculum cur;
	int v[8], i;
	const char *good = "{\"a1\": 4, \"a2\": 4, \"b1\": \"na\", \"b2\": 2, "
	    "\"c1\": \"na\", \"d1\": 1, \"d2\": 0, \"d3\": 3}";
	const int want[] = { 4, 4, NA, 2, NA, 1, 0, 3 };
	const char *bad = "{\"a1\": 5, \"a2\": \"na\", \"9.9\": 1, "
	    "\"b1\": -1, \"b2\": 2.0, \"c1\": \"NA\", \"d1\": 3}";

	fixture(&cur);
	CHECK_INT(score_answers_from_json(&cur.scorecard, good, strlen(good),
	    v, &p), 0);
	CHECK_INT(p.n, 0);
	for (i = 0; i < 8; i++)
		CHECK_INT(v[i], want[i]);

	CHECK_INT(score_answers_from_json(&cur.scorecard, bad, strlen(bad), v,
	    &p), -1);
	CHECK_INT(p.n, 7);
	CHECK(has_problem(&p, "item 'a1': bad value '5' (expected 0 to 4)"));
	CHECK(has_problem(&p, "item 'a2' does not allow \"na\" (answer 0 "
	    "to 4)"));
	CHECK(has_problem(&p, "unknown item '9.9'"));
	CHECK(has_problem(&p, "item 'b1': bad value '-1' (expected 0 to 4 "
	    "or \"na\")"));
	CHECK(has_problem(&p, "item 'b2': bad value '2.0' (expected 0 to "
	    "4)"));
	CHECK(has_problem(&p, "item 'c1': bad value '\"NA\"' (expected 0 to "
	    "4 or \"na\")"));
	/* the items with a bad value are not also called missing */
	CHECK(has_problem(&p, "missing answers for 'd2', 'd3'"));
	CHECK_STR(score_problem_for(&p, "b1"), "item 'b1': bad value '-1' "
	    "(expected 0 to 4 or \"na\")");
	CHECK(score_problem_for(&p, "d1") == NULL);
	CHECK_INT(v[5], 3);			/* d1 was good */
	CHECK_INT(v[0], UN);
	score_problems_free(&p);

	CHECK_INT(score_answers_from_json(&cur.scorecard, "{\"a1\": 1, "
	    "\"a1\": 2}", 20, v, &p), -1);
	CHECK_INT(p.n, 1);
	CHECK(strstr(p.v[0].msg, "bad JSON at line 1") != NULL);
	CHECK(strstr(p.v[0].msg, "duplicate") != NULL);
	score_problems_free(&p);
	CHECK_INT(score_answers_from_json(&cur.scorecard, "[1, 2]", 6, v, &p),
	    -1);
	CHECK(p.n == 1 && strstr(p.v[0].msg, "must be a JSON object"));
	score_problems_free(&p);
	CHECK_INT(score_answers_from_json(&cur.scorecard, "{}", 2, v, &p), -1);
	CHECK_INT(p.n, 1);
	CHECK(has_problem(&p, "missing answers for 'a1', 'a2', 'b1', 'b2', "
	    "'c1', 'd1', 'd2', 'd3'"));
	score_problems_free(&p);
}

/* a form as name=value pairs */
struct form {
	const char	*f[16][2];
};

static const char *
form_get(void *arg, const char *name)
{
	struct form *fm = arg;
	int i;

	for (i = 0; i < 16 && fm->f[i][0]; i++)
		if (strcmp(fm->f[i][0], name) == 0)
			return fm->f[i][1];
	return NULL;
}

void
test_scorecard_form(void)
{
	struct score_problems p = { NULL, 0, 0 };
	struct curriculum cur;
	struct form good = { { { "a1", "4" }, { "a2", "3" }, { "b1", "na" },
	    { "b2", "0" }, { "c1", "1" }, { "d1", "2" }, { "d2", "2" },
	    { "d3", "4" }, { "extra", "x" } } };
	struct form bad = { { { "a2", "na" }, { "b1", "na" }, { "b2", "5" },
	    { "c1", "3" }, { "d1", "" }, { "d2", "04" }, { "d3", "1" } } };
	int v[8];

	fixture(&cur);
	CHECK_INT(score_answers_from_form(&cur.scorecard, form_get, &good, v,
	    &p), 0);
	CHECK_INT(p.n, 0);
	CHECK_INT(v[0], 4);
	CHECK_INT(v[2], NA);
	CHECK_INT(v[3], 0);
	CHECK_INT(score_answers_from_form(&cur.scorecard, form_get, &bad, v,
	    &p), -1);
	CHECK_INT(p.n, 5);
	CHECK_STR(score_problem_for(&p, "a1"), "choose a score from 0 to 4");
	CHECK_STR(score_problem_for(&p, "a2"), "N/A is not offered for this "
	    "statement; choose a score from 0 to 4");
	CHECK_STR(score_problem_for(&p, "b2"), "'5' is not a score; choose one "
	    "from 0 to 4");
	CHECK_STR(score_problem_for(&p, "d1"), "choose a score from 0 to 4");
	CHECK_STR(score_problem_for(&p, "d2"), "'04' is not a score; choose "
	    "one from 0 to 4");
	CHECK(score_problem_for(&p, "b1") == NULL);
	CHECK_INT(v[2], NA);		/* the good answers are kept */
	CHECK_INT(v[4], 3);
	CHECK_INT(v[7], 1);
	CHECK_INT(v[0], UN);
	score_problems_free(&p);
}

void
test_scorecard_due(void)
{
	struct curriculum cur;

	fixture(&cur);		/* baseline day 3, retake day 29 */
	CHECK_INT(score_due(&cur, 0, 0, 0), SCORE_DUE_NONE);
	CHECK_INT(score_due(&cur, 3, 0, 0), SCORE_DUE_NONE);
	CHECK_INT(score_due(&cur, 4, 0, 0), SCORE_DUE_BASELINE);
	CHECK_INT(score_due(&cur, 4, 1, 3), SCORE_DUE_NONE);
	CHECK_INT(score_due(&cur, 4, 1, 2), SCORE_DUE_NONE); /* taken early */
	CHECK_INT(score_due(&cur, 29, 1, 3), SCORE_DUE_NONE);
	CHECK_INT(score_due(&cur, 30, 1, 3), SCORE_DUE_RETAKE);
	CHECK_INT(score_due(&cur, 30, 3, 28), SCORE_DUE_RETAKE);
	CHECK_INT(score_due(&cur, 30, 2, 29), SCORE_DUE_NONE);
	CHECK_INT(score_due(&cur, 30, 2, 30), SCORE_DUE_NONE);
	CHECK_INT(score_due(&cur, 30, 0, 0), SCORE_DUE_BASELINE);
	cur.days[28].scorecard = CUR_PROMPT_NONE;	/* no retake day */
	CHECK_INT(score_due(&cur, 30, 1, 3), SCORE_DUE_NONE);
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

void
test_scorecard_page_form(void)
{
	struct score_problems p = { NULL, 0, 0 };
	struct form bad = { { { "a1", "4" }, { "a2", "na" }, { "b1", "na" },
	    { "b2", "2" }, { "c1", "1" }, { "d1", "2" }, { "d2", "2" } } };
	struct curriculum cur;
	struct buf b;
	int v[8];

	fixture(&cur);
	buf_init(&b, 1 << 20);
	score_page_form(&b, &cur.scorecard, "/p/T?x=1&y=\"2\"", NULL, NULL);
	CHECK(b.data != NULL && !b.overflow);
	CHECK(strstr(b.data, "<h1>Fixture &lt;Scorecard&gt;</h1>") != NULL);
	CHECK(strstr(b.data, "action=\"/p/T?x=1&amp;y=&quot;2&quot;\"")
	    != NULL);
	CHECK(strstr(b.data, "method=\"post\"") != NULL);
	CHECK_INT(count(b.data, "<fieldset"), 8);
	CHECK_INT(count(b.data, "<legend>"), 8);
	CHECK_INT(count(b.data, "type=\"radio\""), 8 * 5 + 2);
	CHECK_INT(count(b.data, "value=\"na\""), 2);
	CHECK(strstr(b.data, "name=\"b1\" value=\"na\"") != NULL);
	CHECK(strstr(b.data, "name=\"a2\" value=\"na\"") == NULL);
	CHECK_INT(count(b.data, " required"), 8);
	CHECK_INT(count(b.data, " checked"), 0);
	CHECK(strstr(b.data, "Alpha one &amp; &lt;b&gt;bold&lt;/b&gt; "
	    "&quot;quoted&quot;") != NULL);
	CHECK(strstr(b.data, "<h2>Alpha &lt;script&gt;</h2>") != NULL);
	CHECK(strstr(b.data, "some &lt;times&gt;") != NULL);
	CHECK(strstr(b.data, "<script") == NULL);
	CHECK(strstr(b.data, "<b>") == NULL);
	CHECK(strstr(b.data, "sc-problems") == NULL);
	/* the N/A choice says what the item says, or the default */
	CHECK(strstr(b.data, "name=\"c1\" value=\"na\"> <span class=\"sc-num\">"
	    "N/A</span> <span class=\"sc-lab\">No &lt;referrals&gt; yet</span>")
	    != NULL);
	CHECK(strstr(b.data, "name=\"b1\" value=\"na\"> <span class=\"sc-num\">"
	    "N/A</span> <span class=\"sc-lab\">" CUR_NA_LABEL "</span>") != NULL);
	/* how the index is computed, before the statements */
	CHECK(strstr(b.data, "How the index is computed:</strong> Points "
	    "scored over points &lt;possible&gt;.") != NULL);
	CHECK(strstr(b.data, "sc-how") < strstr(b.data, "<fieldset"));

	/* a bad submission comes back marked, with its good answers */
	CHECK_INT(score_answers_from_form(&cur.scorecard, form_get, &bad, v,
	    &p), -1);
	buf_reset(&b);
	score_page_form(&b, &cur.scorecard, "/s", v, &p);
	CHECK(strstr(b.data, "2 answers need attention; nothing was saved") != NULL);
	CHECK(strstr(b.data, "<a href=\"#sc-item-a2\">a2</a>: N/A is not "
	    "offered") != NULL);
	CHECK(strstr(b.data, "<a href=\"#sc-item-d3\">d3</a>") != NULL);
	CHECK_INT(count(b.data, "class=\"sc-item sc-bad\""), 2);
	CHECK(strstr(b.data, "id=\"sc-item-a2\" aria-describedby=\"sc-err-a2\"")
	    != NULL);
	CHECK(strstr(b.data, "<p class=\"sc-err\" id=\"sc-err-d3\">choose a "
	    "score") != NULL);
	CHECK(strstr(b.data, "name=\"a1\" value=\"4\" checked") != NULL);
	CHECK(strstr(b.data, "name=\"b1\" value=\"na\" checked") != NULL);
	CHECK(strstr(b.data, "name=\"b2\" value=\"2\" checked") != NULL);
	CHECK_INT(count(b.data, " checked"), 6);
	CHECK(strstr(score_page_css, ".sc-item") != NULL);
	buf_free(&b);
	score_problems_free(&p);
}

void
test_scorecard_page_result(void)
{
	struct curriculum cur;
	struct score_attempt f, l;
	struct buf b;
	int v1[] = { 4, 4, NA, 2, NA, 1, 0, 3 };	/* 58, Mid */
	int v2[] = { 4, 2, 4, 4, 4, 4, 4, 4 };		/* 94, held at Mid */

	fixture(&cur);
	memset(&f, 0, sizeof(f));
	memset(&l, 0, sizeof(l));
	f.v = v1;
	f.n = 8;
	f.taken_at = 1796828400;	/* 2026-12-09T15:00:00Z */
	f.index = 58;			/* stored as computed when saved */
	f.band = "Mid";
	l.v = v2;
	l.n = 8;
	l.taken_at = 1797778800;	/* 2026-12-20T15:00:00Z */
	l.index = 94;
	l.band = "Mid";
	buf_init(&b, 1 << 20);
	score_page_result(&b, &cur, &f, &l, 2, "America/Chicago",
	    "/p/T/scorecard?a=1&b=2");
	CHECK(b.data != NULL && !b.overflow);
	CHECK(strstr(b.data, "<span class=\"sc-big\">94</span>") != NULL);
	CHECK(strstr(b.data, "Band: <strong>Mid</strong>") != NULL);
	CHECK(strstr(b.data, "Keep going &amp; fix &lt;gates&gt;.") != NULL);
	CHECK(strstr(b.data, "Since your first scorecard on 2026-12-09 "
	    "(index 58, Mid): <strong>up 36 points</strong>") != NULL);
	CHECK(strstr(b.data, "Your index reaches Top, but these gate items "
	    "hold you at Mid") != NULL);
	CHECK(strstr(b.data, "<span class=\"sc-id\">a2</span> Alpha gate "
	    "<strong>(scored 2)</strong>") != NULL);
	CHECK(strstr(b.data, "<svg") != NULL);
	CHECK(strstr(b.data, "First, 2026-12-09") != NULL);
	CHECK(strstr(b.data, "Latest, 2026-12-20") != NULL);
	CHECK(strstr(b.data, "Alpha &lt;script&gt;") != NULL);
	CHECK(strstr(b.data, "<script") == NULL);
	/* the table: alpha 100 -> 75, gamma n/a then 100, delta 33 -> 100 */
	CHECK(strstr(b.data, "<th scope=\"row\">Alpha &lt;script&gt;</th>"
	    "<td>100</td><td>75</td><td>&minus;25</td>") != NULL);
	CHECK(strstr(b.data, "<th scope=\"row\">Gamma</th><td>n/a</td>"
	    "<td>100</td><td>&ndash;</td>") != NULL);
	CHECK(strstr(b.data, "<th scope=\"row\">Delta</th><td>33</td>"
	    "<td>100</td><td>+67</td>") != NULL);
	CHECK(strstr(b.data, "Readiness index</th><td>58</td><td>94</td>"
	    "<td>+36</td>") != NULL);
	/* weakest: only alpha is below 100, with its plan days */
	CHECK(strstr(b.data, "Your one weakest category") != NULL);
	CHECK(strstr(b.data, "<li>Day 1: Lesson 1</li><li>Day 2: Lesson 2"
	    "</li>") != NULL);
	CHECK(strstr(b.data, "href=\"/p/T/scorecard?a=1&amp;b=2\"") != NULL);
	CHECK(strstr(b.data, "How the index is computed:") != NULL);
	CHECK(strstr(b.data, "sc-note") == NULL);

	/* one attempt: no change, a single series */
	buf_reset(&b);
	score_page_result(&b, &cur, &f, &f, 1, NULL, NULL);
	CHECK(strstr(b.data, "<span class=\"sc-big\">58</span>") != NULL);
	CHECK(strstr(b.data, "your first scorecard, the baseline") != NULL);
	CHECK(strstr(b.data, "2 statements answered N/A are left out") !=
	    NULL);
	CHECK(strstr(b.data, "Change") == NULL);
	CHECK(strstr(b.data, "Latest,") == NULL);
	CHECK(strstr(b.data, "Gate items") == NULL);
	CHECK(strstr(b.data, "Your two weakest categories") != NULL);
	CHECK(strstr(b.data, "<strong>Delta</strong> (33 out of 100)") !=
	    NULL);
	CHECK(strstr(b.data, "sc-again") == NULL);
	buf_free(&b);
}

/*
 * An attempt saved before the scorecard gained statements (here the
 * gate a2 and d3) keeps the index and band it was given; its category
 * scores use the answers it has, and a gate it was never asked is not
 * held against it.
 */
void
test_scorecard_page_earlier(void)
{
	struct curriculum cur;
	struct score_attempt f, l;
	struct score_result r;
	struct buf b;
	int old[] = { 4, UN, 4, 4, 4, 4, 4, UN };	/* before a2, d3 */
	int now[] = { 4, 1, 4, 4, 4, 4, 4, 4 };		/* a2 below 3 */

	fixture(&cur);
	CHECK_INT(score_unanswered(&cur.scorecard, old), 2);
	CHECK_INT(score_unanswered(&cur.scorecard, now), 0);
	/* computed today, the unset gate would hold it back */
	score_compute(&cur.scorecard, old, &r);
	CHECK_INT(r.index, 100);
	CHECK_INT(r.held, 1);
	score_result_free(&r);

	memset(&f, 0, sizeof(f));
	f.v = old;
	f.n = 8;
	f.taken_at = 1796828400;
	f.index = 100;
	f.band = "Top";
	buf_init(&b, 1 << 20);
	score_page_result(&b, &cur, &f, &f, 1, NULL, NULL);
	CHECK(strstr(b.data, "<span class=\"sc-big\">100</span>") != NULL);
	CHECK(strstr(b.data, "Band: <strong>Top</strong>") != NULL);
	CHECK(strstr(b.data, "Your scorecard of 2026-12-09 did not have 2 of "
	    "today&rsquo;s statements") != NULL);
	CHECK(strstr(b.data, "Take the scorecard again") != NULL);
	CHECK(strstr(b.data, "Gate items") == NULL);
	CHECK(strstr(b.data, "<th scope=\"row\">Alpha &lt;script&gt;</th>"
	    "<td>100</td>") != NULL);

	/* retaken: the new answers are scored; the old stays as it was */
	memset(&l, 0, sizeof(l));
	l.v = now;
	l.n = 8;
	l.taken_at = 1797778800;
	l.index = 91;
	l.band = "Mid";
	buf_reset(&b);
	score_page_result(&b, &cur, &f, &l, 2, NULL, NULL);
	CHECK(strstr(b.data, "(index 100, Top): <strong>down 9 points"
	    "</strong>") != NULL);
	CHECK(strstr(b.data, "Your scorecard of 2026-12-09 did not have 2")
	    != NULL);
	CHECK(strstr(b.data, "Take the scorecard again") == NULL);
	CHECK(strstr(b.data, "these gate items hold you at Mid") != NULL);
	CHECK(strstr(b.data, "<strong>(scored 1)</strong>") != NULL);
	CHECK(strstr(b.data, "Readiness index</th><td>100</td><td>91</td>"
	    "<td>&minus;9</td>") != NULL);
	buf_free(&b);
}
