/*
 * score_page.c - the scorecard form and result as HTML fragments (see
 * score_page.h).
 *
 * The form is one <section> per category and one <fieldset> per
 * statement, its <legend> the statement and each choice a <label> around
 * its radio button, so it works with no script, with a screen reader and
 * with a thumb.  Problems are said twice: listed at the top with links
 * to the statements, and next to each statement (aria-describedby).
 * The result never relies on colour: numbers are printed beside every
 * bar and the chart comes with a table of the same numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "score_page.h"
#include "svg.h"
#include "tz.h"
#include "util.h"

const char score_page_css[] =
    ".sc-form,.sc-result{max-width:52rem;margin:0 auto;line-height:1.45}\n"
    ".sc-intro{font-size:1.05rem}\n"
    ".sc-key{margin:.5rem 0 1rem;padding:0;list-style:none}\n"
    ".sc-key li{margin:.15rem 0}\n"
    ".sc-cat{margin:1.75rem 0 0}\n"
    ".sc-cat h2{font-size:1.2rem;border-bottom:2px solid #2f6f8f;"
    "padding-bottom:.2rem}\n"
    ".sc-item{border:1px solid #b9c7d0;border-radius:6px;margin:0 0 1rem;"
    "padding:.6rem .8rem .8rem}\n"
    ".sc-item legend{font-weight:600;padding:0 .3rem}\n"
    ".sc-id{display:inline-block;min-width:2.6em;color:#2f4f6f;"
    "font-variant-numeric:tabular-nums}\n"
    ".sc-scale{display:grid;grid-template-columns:repeat(auto-fit,"
    "minmax(8.5rem,1fr));gap:.4rem;margin-top:.4rem}\n"
    ".sc-opt{display:flex;gap:.45rem;align-items:flex-start;padding:.5rem;"
    "border:1px solid #d5dde2;border-radius:5px;min-height:2.75rem;"
    "cursor:pointer;font-size:.92rem}\n"
    ".sc-opt input{flex:none;width:1.25rem;height:1.25rem;margin:.1rem 0 0}\n"
    ".sc-opt:has(input:checked){border:2px solid #2f6f8f;"
    "background:#eef5f9}\n"
    ".sc-opt input:focus-visible{outline:3px solid #8a5a1c;"
    "outline-offset:2px}\n"
    ".sc-num{font-weight:700;min-width:1.6em}\n"
    ".sc-bad{border:2px solid #b00020;background:#fff6f6}\n"
    ".sc-err{color:#b00020;font-weight:600;margin:.2rem 0 .3rem}\n"
    ".sc-problems{border:2px solid #b00020;background:#fff6f6;"
    "border-radius:6px;padding:.6rem 1rem;margin:1rem 0}\n"
    ".sc-problems h2{font-size:1.1rem;margin:.2rem 0}\n"
    ".sc-submit{font-size:1.1rem;padding:.7rem 1.6rem;margin:1rem 0 2rem;"
    "border-radius:6px;border:2px solid #2f6f8f;background:#2f6f8f;"
    "color:#fff;cursor:pointer}\n"
    ".sc-head{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 2rem;"
    "margin:1rem 0}\n"
    ".sc-index{margin:0}\n"
    ".sc-big{font-size:4.5rem;font-weight:700;line-height:1;"
    "font-variant-numeric:tabular-nums}\n"
    ".sc-of{font-size:1.1rem;margin-left:.35rem}\n"
    ".sc-band{font-size:1.4rem;margin:0}\n"
    ".sc-band strong{border:2px solid #2f6f8f;border-radius:6px;"
    "padding:.1rem .6rem}\n"
    ".sc-note{border-left:4px solid #8a5a1c;padding-left:.8rem}\n"
    ".sc-advice{font-size:1.05rem;border-left:4px solid #2f6f8f;"
    "padding-left:.8rem}\n"
    ".sc-gates{border:2px solid #8a5a1c;border-radius:6px;"
    "padding:.4rem 1rem;background:#fbf5ec}\n"
    ".sc-gates h2{font-size:1.1rem}\n"
    ".sc-chart{margin:1rem 0}\n"
    ".sc-chart svg{max-width:100%;height:auto}\n"
    ".sc-table{border-collapse:collapse;width:100%;margin:1rem 0}\n"
    ".sc-table caption{text-align:left;font-weight:600;padding:.3rem 0}\n"
    ".sc-table th,.sc-table td{border-bottom:1px solid #d5dde2;"
    "padding:.35rem .5rem;text-align:left}\n"
    ".sc-table td{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}\n"
    ".sc-table tfoot th,.sc-table tfoot td{font-weight:700;"
    "border-top:2px solid #2f6f8f}\n"
    ".sc-weak li{margin:.4rem 0}\n"
    ".sc-weak ul{margin:.2rem 0;padding-left:1.2rem}\n"
    /* the chart is drawn for a phone's width (svg.c): no sideways scroll */
    "@media (max-width:32rem){.sc-scale{grid-template-columns:1fr}"
    ".sc-big{font-size:3.5rem}.sc-table{font-size:.9rem}"
    ".sc-table th,.sc-table td{padding:.3rem .25rem}}\n";

static void
esc(struct buf *b, const char *s)
{
	if (s)
		buf_add_html(b, s, strlen(s));
}

/* how the index is computed, when the scorecard says */
static void
scoring(struct buf *b, const struct cur_scorecard *sc)
{
	if (sc->scoring == NULL)
		return;
	buf_addstr(b, "<p class=\"sc-how\"><strong>How the index is "
	    "computed:</strong> ");
	esc(b, sc->scoring);
	buf_addstr(b, "</p>\n");
}

/* ---- the form ----------------------------------------------------- */

static void
form_problems(struct buf *b, const struct score_problems *p)
{
	size_t i;

	buf_printf(b, "<div class=\"sc-problems\" id=\"sc-problems\" "
	    "role=\"alert\"><h2>%zu answer%s need%s attention; nothing was "
	    "saved</h2><ul>", p->n, p->n == 1 ? "" : "s", p->n == 1 ? "s" :
	    "");
	for (i = 0; i < p->n; i++) {
		buf_addstr(b, "<li>");
		if (p->v[i].item) {
			buf_addstr(b, "<a href=\"#sc-item-");
			esc(b, p->v[i].item);
			buf_addstr(b, "\">");
			esc(b, p->v[i].item);
			buf_addstr(b, "</a>: ");
		}
		esc(b, p->v[i].msg);
		buf_addstr(b, "</li>");
	}
	buf_addstr(b, "</ul></div>\n");
}

static void
form_option(struct buf *b, const char *id, const char *value,
    const char *num, const char *label, int checked, int first)
{
	buf_addstr(b, "<label class=\"sc-opt\"><input type=\"radio\" "
	    "name=\"");
	esc(b, id);
	buf_addstr(b, "\" value=\"");
	esc(b, value);
	buf_printf(b, "\"%s%s> <span class=\"sc-num\">", checked ?
	    " checked" : "", first ? " required" : "");
	esc(b, num);
	buf_addstr(b, "</span> <span class=\"sc-lab\">");
	esc(b, label);
	buf_addstr(b, "</span></label>\n");
}

static void
form_item(struct buf *b, const struct cur_scorecard *sc,
    const struct cur_item *it, int prev, const char *problem)
{
	char v[2];
	int s;

	buf_printf(b, "<fieldset class=\"sc-item%s\" id=\"sc-item-",
	    problem ? " sc-bad" : "");
	esc(b, it->id);
	buf_addstr(b, "\"");
	if (problem) {
		buf_addstr(b, " aria-describedby=\"sc-err-");
		esc(b, it->id);
		buf_addstr(b, "\"");
	}
	buf_addstr(b, "><legend><span class=\"sc-id\">");
	esc(b, it->id);
	buf_addstr(b, "</span> ");
	esc(b, it->text);
	buf_addstr(b, "</legend>\n");
	if (problem) {
		buf_addstr(b, "<p class=\"sc-err\" id=\"sc-err-");
		esc(b, it->id);
		buf_addstr(b, "\">");
		esc(b, problem);
		buf_addstr(b, "</p>\n");
	}
	buf_addstr(b, "<div class=\"sc-scale\">\n");
	for (s = 0; s < CUR_SCALE; s++) {
		v[0] = (char)('0' + s);
		v[1] = '\0';
		form_option(b, it->id, v, v, sc->scale[s], prev == s, s == 0);
	}
	if (it->na)
		form_option(b, it->id, "na", "N/A", it->na_label ?
		    it->na_label : CUR_NA_LABEL, prev == SCORE_NA, 0);
	buf_addstr(b, "</div></fieldset>\n");
}

void
score_page_form(struct buf *b, const struct cur_scorecard *sc,
    const char *action_url, const int *prev,
    const struct score_problems *problems)
{
	size_t c, i, k = 0;
	int s;

	buf_addstr(b, "<div class=\"sc-form\">\n<h1>");
	esc(b, sc->title);
	buf_addstr(b, "</h1>\n");
	if (problems && problems->n)
		form_problems(b, problems);
	if (sc->intro) {
		buf_addstr(b, "<p class=\"sc-intro\">");
		esc(b, sc->intro);
		buf_addstr(b, "</p>\n");
	}
	buf_addstr(b, "<p>Score each statement on this scale:</p>\n"
	    "<ul class=\"sc-key\">");
	for (s = 0; s < CUR_SCALE; s++) {
		buf_printf(b, "<li><span class=\"sc-num\">%d</span> ", s);
		esc(b, sc->scale[s]);
		buf_addstr(b, "</li>");
	}
	buf_addstr(b, "</ul>\n");
	scoring(b, sc);
	buf_addstr(b, "<form method=\"post\" action=\"");
	esc(b, action_url);
	buf_addstr(b, "\" accept-charset=\"utf-8\">\n");
	for (c = 0; c < sc->ncategories; c++) {
		const struct cur_category *cat = &sc->categories[c];

		buf_addstr(b, "<section class=\"sc-cat\"><h2>");
		esc(b, cat->title);
		buf_addstr(b, "</h2>\n");
		for (i = 0; i < cat->nitems; i++, k++)
			form_item(b, sc, &cat->items[i], prev ? prev[k] :
			    SCORE_UNSET, problems ? score_problem_for(problems,
			    cat->items[i].id) : NULL);
		buf_addstr(b, "</section>\n");
	}
	buf_addstr(b, "<button type=\"submit\" class=\"sc-submit\">Save my "
	    "scores</button>\n</form>\n</div>\n");
}

/* ---- the result --------------------------------------------------- */

static void
date_in(const char *tz, time_t t, char out[11])
{
	struct date d;

	if (tz_local_date(tz ? tz : "UTC", t, &d) == -1)
		tz_local_date("UTC", t, &d);
	clock_format_date(d, out);
}

/* "+5", "-3", "0", or "–" when there is no change to show */
static void
change_cell(struct buf *b, const struct score_result *f,
    const struct score_result *l, size_t c)
{
	int d;

	if (score_change(f, l, c, &d) == -1)
		buf_addstr(b, "<td>&ndash;</td>");
	else if (d > 0)
		buf_printf(b, "<td>+%d</td>", d);
	else if (d < 0)
		buf_printf(b, "<td>&minus;%d</td>", -d);
	else
		buf_addstr(b, "<td>0</td>");
}

static void
num_cell(struct buf *b, int v)
{
	if (v == SCORE_NONE)
		buf_addstr(b, "<td>n/a</td>");
	else
		buf_printf(b, "<td>%d</td>", v);
}

/* the band called name (an attempt stores its band by name), or NULL */
static const struct cur_band *
band_named(const struct cur_scorecard *sc, const char *name)
{
	size_t i;

	for (i = 0; name && i < sc->nbands; i++)
		if (sc->bands[i].name && strcmp(sc->bands[i].name, name) == 0)
			return &sc->bands[i];
	return NULL;
}

/*
 * The index and band are the ones stored with each attempt, as every
 * other view shows them (the personal page, status, cohort reports):
 * for an attempt on the scorecard as it is now they are also what
 * score_compute gives, and one taken before the scorecard changed keeps
 * the result it was given.
 */
static void
result_head(struct buf *b, const struct cur_scorecard *sc,
    const struct score_attempt *fa, const struct score_attempt *la,
    const struct score_result *l, int count, const char *d1, const char *d2)
{
	const struct cur_band *band = band_named(sc, la->band);
	int d = la->index - fa->index;

	buf_addstr(b, "<h1>");
	esc(b, sc->title);
	buf_addstr(b, ": your result</h1>\n<div class=\"sc-head\">"
	    "<p class=\"sc-index\"><span class=\"sc-big\">");
	buf_printf(b, "%d</span><span class=\"sc-of\">out of 100 "
	    "(readiness index)</span></p>", la->index);
	buf_addstr(b, "<p class=\"sc-band\">Band: <strong>");
	esc(b, la->band);
	buf_addstr(b, "</strong></p></div>\n<p class=\"sc-when\">");
	if (count > 1) {
		buf_printf(b, "Taken on %s. Since your first scorecard on %s "
		    "(index %d, ", d2, d1, fa->index);
		esc(b, fa->band);
		if (d > 0)
			buf_printf(b, "): <strong>up %d point%s</strong>.", d,
			    d == 1 ? "" : "s");
		else if (d < 0)
			buf_printf(b, "): <strong>down %d point%s</strong>.",
			    -d, d == -1 ? "" : "s");
		else
			buf_addstr(b, "): <strong>no change</strong>.");
	} else
		buf_printf(b, "Taken on %s: your first scorecard, the baseline "
		    "later ones are compared with.", d2);
	if (l->na)
		buf_printf(b, " %d statement%s answered N/A %s left out of the "
		    "scores.", l->na, l->na == 1 ? "" : "s", l->na == 1 ?
		    "is" : "are");
	buf_addstr(b, "</p>\n");
	if (band && band->advice) {
		buf_addstr(b, "<p class=\"sc-advice\">");
		esc(b, band->advice);
		buf_addstr(b, "</p>\n");
	}
	scoring(b, sc);
}

/* one sentence per attempt taken before the scorecard gained statements */
static void
result_versions(struct buf *b, const struct cur_scorecard *sc,
    const struct score_attempt *fa, const struct score_attempt *la,
    int count, const char *d1, const char *d2)
{
	size_t u[2], i;
	const char *when[2] = { d2, d1 };

	u[0] = score_unanswered(sc, la->v);
	u[1] = count > 1 ? score_unanswered(sc, fa->v) : 0;
	if (u[0] == 0 && u[1] == 0)
		return;
	buf_addstr(b, "<p class=\"sc-note\">The scorecard has changed since "
	    "some of your answers were given.");
	for (i = 0; i < 2; i++)
		if (u[i])
			buf_printf(b, " Your scorecard of %s did not have %zu of "
			    "today&rsquo;s statements: they are left out of "
			    "its category scores, and its index and band are "
			    "the ones it was given then.", when[i], u[i]);
	if (u[0])
		buf_addstr(b, " Take the scorecard again to answer them.");
	buf_addstr(b, "</p>\n");
}

/*
 * The gate items answered below gate_min.  A gate the attempt was never
 * asked (added since) is not listed: it cannot be held against it.
 */
static void
result_gates(struct buf *b, const struct cur_scorecard *sc,
    const struct score_result *l, const int *v)
{
	size_t i, n = 0;
	char a[4];

	for (i = 0; i < l->ngates_short; i++)
		n += v[l->gates_short[i]] != SCORE_UNSET;
	if (n == 0)
		return;
	buf_addstr(b, "<div class=\"sc-gates\"><h2>Gate items</h2><p>");
	if (l->held && score_unanswered(sc, v) == 0) {
		buf_addstr(b, "Your index reaches ");
		esc(b, sc->bands[l->band_by_index].name);
		buf_addstr(b, ", but these gate items hold you at ");
		esc(b, sc->bands[l->band].name);
	} else {
		esc(b, sc->bands[sc->nbands - 1].name);
		buf_addstr(b, " also needs every gate item met; not yet met");
	}
	buf_printf(b, ". Each needs a score of %d or more:</p><ul>",
	    sc->gate_min);
	for (i = 0; i < l->ngates_short; i++) {
		const struct cur_item *it = score_item(sc, l->gates_short[i],
		    NULL);

		if (v[l->gates_short[i]] == SCORE_UNSET)
			continue;
		buf_addstr(b, "<li><span class=\"sc-id\">");
		esc(b, it->id);
		buf_addstr(b, "</span> ");
		esc(b, it->text);
		buf_printf(b, " <strong>(scored %s)</strong></li>",
		    score_answer_str(v[l->gates_short[i]], a));
	}
	buf_addstr(b, "</ul></div>\n");
}

static void
result_chart(struct buf *b, const struct cur_scorecard *sc,
    const struct score_result *f, const struct score_result *l,
    int count, const char *d1, const char *d2)
{
	const char **labels;
	double *fv, *lv;
	struct svg_series series[2];
	char n1[40], n2[40];
	size_t c, n = sc->ncategories;

	labels = xcalloc(n + 1, sizeof(*labels));
	fv = xcalloc(n + 1, sizeof(*fv));
	lv = xcalloc(n + 1, sizeof(*lv));
	for (c = 0; c < n; c++) {
		labels[c] = sc->categories[c].title;
		fv[c] = f->cat[c] == SCORE_NONE ? -1 : f->cat[c];
		lv[c] = l->cat[c] == SCORE_NONE ? -1 : l->cat[c];
	}
	snprintf(n1, sizeof(n1), "First, %s", d1);
	snprintf(n2, sizeof(n2), "%s, %s", count > 1 ? "Latest" : "Score",
	    d2);
	series[0].name = count > 1 ? n1 : n2;
	series[0].values = count > 1 ? fv : lv;
	series[1].name = n2;
	series[1].values = lv;
	buf_addstr(b, "<figure class=\"sc-chart\">");
	svg_hbars(b, "Scores by category, out of 100", count > 1 ?
	    "Each category's score on the first scorecard beside the latest, "
	    "from 0 to 100; the same numbers are in the table below." :
	    "Each category's score from 0 to 100; the same numbers are in "
	    "the table below.", labels, n, series, count > 1 ? 2 : 1, 100, 0,
	    "");
	buf_addstr(b, "</figure>\n");
	free(labels);
	free(fv);
	free(lv);
}

static void
result_table(struct buf *b, const struct cur_scorecard *sc,
    const struct score_attempt *fa, const struct score_attempt *la,
    const struct score_result *f, const struct score_result *l,
    int count, const char *d1, const char *d2)
{
	size_t c;

	buf_addstr(b, "<table class=\"sc-table\"><caption>Scores by "
	    "category, 0 to 100</caption><thead><tr><th scope=\"col\">"
	    "Category</th>");
	if (count > 1)
		buf_printf(b, "<th scope=\"col\">First<br>%s</th>"
		    "<th scope=\"col\">Latest<br>%s</th>"
		    "<th scope=\"col\">Change</th>", d1, d2);
	else
		buf_printf(b, "<th scope=\"col\">Score<br>%s</th>", d2);
	buf_addstr(b, "</tr></thead><tbody>");
	for (c = 0; c < sc->ncategories; c++) {
		buf_addstr(b, "<tr><th scope=\"row\">");
		esc(b, sc->categories[c].title);
		buf_addstr(b, "</th>");
		if (count > 1)
			num_cell(b, f->cat[c]);
		num_cell(b, l->cat[c]);
		if (count > 1)
			change_cell(b, f, l, c);
		buf_addstr(b, "</tr>");
	}
	buf_addstr(b, "</tbody><tfoot><tr><th scope=\"row\">Readiness "
	    "index</th>");
	if (count > 1)
		num_cell(b, fa->index);
	num_cell(b, la->index);
	if (count > 1 && la->index >= fa->index)
		buf_printf(b, "<td>%s%d</td>", la->index > fa->index ? "+" :
		    "", la->index - fa->index);
	else if (count > 1)
		buf_printf(b, "<td>&minus;%d</td>", fa->index - la->index);
	buf_addstr(b, "</tr></tfoot></table>\n");
}

static void
result_weakest(struct buf *b, const struct curriculum *cur,
    const struct score_result *l)
{
	const struct cur_scorecard *sc = &cur->scorecard;
	size_t i, k;

	if (l->nweakest == 0)
		return;
	buf_printf(b, "<h2>Where to work next</h2>\n<p>Your %s weakest "
	    "categor%s, and the plan days that build %s:</p>\n"
	    "<ol class=\"sc-weak\">", l->nweakest == 1 ? "one" :
	    l->nweakest == 2 ? "two" : "three", l->nweakest == 1 ? "y" : "ies",
	    l->nweakest == 1 ? "it" : "them");
	for (i = 0; i < l->nweakest; i++) {
		const struct cur_category *cat = &sc->categories[l->weakest[i]];

		buf_addstr(b, "<li><strong>");
		esc(b, cat->title);
		buf_printf(b, "</strong> (%d out of 100)<ul>",
		    l->cat[l->weakest[i]]);
		for (k = 0; k < cat->ndays; k++) {
			buf_printf(b, "<li>Day %d: ", cat->days[k]);
			esc(b, cur->days[cat->days[k] - 1].title);
			buf_addstr(b, "</li>");
		}
		buf_addstr(b, "</ul></li>");
	}
	buf_addstr(b, "</ol>\n");
}

void
score_page_result(struct buf *b, const struct curriculum *cur,
    const struct score_attempt *first, const struct score_attempt *latest,
    int count, const char *tz, const char *form_url)
{
	const struct cur_scorecard *sc = &cur->scorecard;
	struct score_result f, l;
	char d1[11], d2[11];

	score_compute(sc, first->v, &f);
	score_compute(sc, latest->v, &l);
	date_in(tz, first->taken_at, d1);
	date_in(tz, latest->taken_at, d2);
	buf_addstr(b, "<div class=\"sc-result\">\n");
	result_head(b, sc, first, latest, &l, count, d1, d2);
	result_versions(b, sc, first, latest, count, d1, d2);
	result_gates(b, sc, &l, latest->v);
	buf_addstr(b, "<h2>By category</h2>\n");
	result_chart(b, sc, &f, &l, count, d1, d2);
	result_table(b, sc, first, latest, &f, &l, count, d1, d2);
	result_weakest(b, cur, &l);
	if (form_url) {
		buf_addstr(b, "<p><a class=\"sc-again\" href=\"");
		esc(b, form_url);
		buf_addstr(b, "\">Take the scorecard again</a> (every attempt "
		    "is kept; the first stays your baseline)</p>\n");
	}
	buf_addstr(b, "</div>\n");
	score_result_free(&f);
	score_result_free(&l);
}
