/*
 * followon_mail.c - one week's email of the twelve after the plan (see
 * followon_mail.h).
 *
 * The week's own words are put together as Markdown, rendered by cmark
 * into HTML and plain text like a lesson, and given to kindmail.c as the
 * {{lesson}} block of the follow-on templates, with the week's fields.  Every piece of
 * curriculum text is escaped for Markdown first, so a '*' or a '[' in a
 * statement stays a character.  The body carries the person's own links
 * (plan days, scorecard), so unlike a lesson it is rendered per person:
 * twelve emails over twelve weeks, not thirty in a month for everyone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "followon_mail.h"
#include "util.h"

const char *
followon_task_text(const struct curriculum *cur, const struct followon_week *w)
{
	const struct cur_followon *fo = &cur->followon;
	const struct cur_fo_category *fc;

	if (w->category >= fo->ncats)
		return "";
	fc = &fo->cats[w->category];
	if (w->task >= fc->ntasks || fc->tasks[w->task].text == NULL)
		return "";
	return fc->tasks[w->task].text;
}

/* s as Markdown text: every character cmark could take as syntax escaped */
static void
md_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_{}[]<>()#+-.!|~&", *s))
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
}

/* the statements to raise, each with what a 4 looks like */
static void
md_fours(struct buf *b, const struct curriculum *cur,
    const struct followon_plan *p, const struct followon_week *w)
{
	const struct cur_category *c = &cur->scorecard.categories[w->category];
	const struct cur_fo_category *fc = &cur->followon.cats[w->category];
	size_t items[16], n = 0, i, flat = 0;
	const int *v = w->attempt >= 0 ? p->att[w->attempt].v : NULL;

	for (i = 0; i < w->category; i++)
		flat += cur->scorecard.categories[i].nitems;
	if (v)
		n = followon_lowest(&cur->scorecard, v, w->category, items,
		    sizeof(items) / sizeof(items[0]));
	buf_addstr(b, "## What a 4 looks like\n\n");
	if (n > 0)
		buf_printf(b, "On your latest scorecard, %s you scored lowest "
		    "in this category, at %d out of 4. Here is what a 4 "
		    "looks like:\n\n", n == 1 ? "this is the statement" :
		    "these are the statements", v[flat + items[0]]);
	else {
		buf_addstr(b, v ? "Every statement you answered here is "
		    "already at 4 on your latest scorecard; this week keeps "
		    "it there. What a 4 looks like:\n\n" : "You have not "
		    "taken the scorecard yet, so these weeks go through its "
		    "categories in order. What a 4 looks like here:\n\n");
		for (i = 0; i < c->nitems && i < 16; i++)
			items[n++] = i;
	}
	for (i = 0; i < n; i++) {
		buf_addstr(b, "- *");
		md_text(b, c->items[items[i]].text);
		buf_addstr(b, "*  \n  **A 4:** ");
		md_text(b, items[i] < fc->nfours ? fc->fours[items[i]] : "");
		buf_addstr(b, "\n");
	}
	buf_addstr(b, "\n");
}

static void
md_days(struct buf *b, const struct curriculum *cur,
    const struct cur_fo_task *t, const char *page_url)
{
	size_t i;

	buf_addstr(b, "## The plan days behind this week's task\n\n");
	for (i = 0; i < t->ndays; i++) {
		const struct cur_day *d = &cur->days[t->days[i] - 1];

		buf_printf(b, "- [Day %d: ", t->days[i]);
		md_text(b, d->title);
		buf_printf(b, "](%s#day-%d)\n", page_url, t->days[i]);
	}
	buf_addstr(b, "\n");
}

static void
md_retake(struct buf *b, const struct curriculum *cur, int week,
    const char *scorecard_url)
{
	buf_addstr(b, "## Retake the scorecard\n\n");
	md_text(b, cur->followon.retake);
	buf_addstr(b, week < FOLLOWON_WEEKS ? " Weeks 7 to 12 follow your "
	    "three weakest categories on it." : "");
	buf_printf(b, "\n\n[Retake the scorecard](%s)\n\n", scorecard_url);
}

/* the week's Markdown, for the person with these links */
static char *
week_markdown(const struct curriculum *cur, const struct followon_plan *p,
    const struct followon_week *w, const char *page_url,
    const char *scorecard_url)
{
	const struct cur_fo_task *t =
	    &cur->followon.cats[w->category].tasks[w->task];
	struct buf b;

	buf_init(&b, RENDER_MAX);
	md_fours(&b, cur, p, w);
	md_days(&b, cur, t, page_url);
	if (followon_retake(w->week))
		md_retake(&b, cur, w->week, scorecard_url);
	if (b.overflow) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

void
followon_sample(const struct curriculum *cur, time_t now,
    struct score_attempt **att, size_t *natt)
{
	const struct cur_scorecard *sc = &cur->scorecard;
	struct score_attempt *a;
	size_t c, i, k = 0;

	a = xcalloc(1, sizeof(*a));
	a->n = score_nitems(sc);
	a->v = xcalloc(a->n + 1, sizeof(int));
	a->taken_at = now - 86400;
	snprintf(a->source, sizeof(a->source), "web");
	for (c = 0; c < sc->ncategories; c++)
		for (i = 0; i < sc->categories[c].nitems; i++)
			a->v[k++] = (int)((c * 7 + i * 3 + 2) % CUR_SCALE);
	*att = a;
	*natt = 1;
}

/* the week's own fields into kv, from the plan p */
static int
fill_week(const struct curriculum *cur, const struct followon_plan *p,
    int week, struct kind_vars *kv, const char **why)
{
	const struct followon_week *w = &p->weeks[week - 1];
	const struct cur_fo_category *fc;
	struct render_lesson body = { NULL, NULL };
	char date[40], *md;

	*why = "the follow-on week's content is missing from the curriculum";
	if (w->category >= cur->followon.ncats)
		return -1;
	fc = &cur->followon.cats[w->category];
	if (w->task >= fc->ntasks || fc->tasks[w->task].text == NULL)
		return -1;
	*why = "the email could not be rendered";
	md = week_markdown(cur, p, w, kv->v.v[RF_PAGE_URL],
	    kv->v.v[RF_SCORECARD_URL]);
	if (md == NULL || render_markdown(md, &body) == -1) {
		free(md);
		return -1;
	}
	free(md);
	clock_format_long(p->dates[week - 1], date);
	kv->v.v[RF_WEEK] = kind_keep(kv, xasprintf("%d", week));
	kv->v.v[RF_DATE] = kind_keep(kv, xstrdup(date));
	kv->v.v[RF_TITLE] = cur->scorecard.categories[w->category].title;
	kv->v.v[RF_OBJECTIVE] = fc->focus;
	kv->v.v[RF_TASK] = fc->tasks[w->task].text;
	/* a block: its HTML goes into the HTML template as it is */
	kv->v.v[RF_LESSON] = kind_keep(kv, body.text);
	kv->v.html[RF_LESSON] = kind_keep(kv, body.html);
	*why = NULL;
	return 0;
}

int
followon_fill(const struct kind_ctx *ctx, const struct enrollment *e,
    int week, struct kind_vars *kv, const char **why)
{
	struct followon_plan p;
	struct score_attempt *att;
	size_t natt;
	int rc;

	memset(&p, 0, sizeof(p));
	if (week < 1 || week > FOLLOWON_WEEKS) {
		*why = "no such follow-on week";
		return -1;
	}
	if (ctx->db == NULL) {
		followon_sample(ctx->cur, ctx->now, &att, &natt);
		followon_plan_make(ctx->cur, e, ctx->now, att, natt, &p);
	} else if (followon_plan_load(ctx->db, ctx->cur, e, ctx->now, &p) ==
	    -1) {
		followon_plan_free(&p);
		*why = "the scorecard attempts could not be read";
		return -2;
	}
	rc = fill_week(ctx->cur, &p, week, kv, why);
	followon_plan_free(&p);
	return rc;
}
