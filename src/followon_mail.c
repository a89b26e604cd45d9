/*
 * followon_mail.c - one week's email of the twelve after the plan (see
 * followon_mail.h).
 *
 * The week's own words are put together as Markdown, rendered once by
 * cmark into HTML and plain text like a lesson, and placed as {{lesson}}
 * in the follow-on templates with the person's fields.  Every piece of
 * curriculum text is escaped for Markdown first, so a '*' or a '[' in a
 * statement stays a character.  The body carries the person's own links
 * (plan days, scorecard), so unlike a lesson it is rendered per person:
 * twelve emails over twelve weeks, not thirty in a month for everyone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "followon_mail.h"
#include "message.h"
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
		    "in this category (%d of 4). Here is what a 4 looks "
		    "like:\n\n", n == 1 ? "this is the statement" :
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

	buf_addstr(b, "## The plan days that build it\n\n");
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
    const struct followon_week *w, const struct enrollment_vars *ev)
{
	const struct cur_fo_task *t =
	    &cur->followon.cats[w->category].tasks[w->task];
	struct buf b;

	buf_init(&b, RENDER_MAX);
	md_fours(&b, cur, p, w);
	md_days(&b, cur, t, ev->links.page);
	if (followon_retake(w->week))
		md_retake(&b, cur, w->week, ev->links.scorecard);
	if (b.overflow) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

int
followon_mail_render(const struct curriculum *cur,
    const struct followon_plan *p, int week,
    const struct enrollment_vars *ev, struct render_email *out)
{
	const struct followon_week *w = &p->weeks[week - 1];
	const struct cur_fo_category *fc;
	struct render_lesson body = { NULL, NULL };
	struct render_vars v = ev->v;
	struct buf text, html;
	char sweek[8], date[40];
	char *md = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (week < 1 || week > FOLLOWON_WEEKS || w->category >=
	    cur->followon.ncats || cur->followon.tmpl_text == NULL ||
	    cur->followon.tmpl_html == NULL)
		return -1;
	fc = &cur->followon.cats[w->category];
	if (w->task >= fc->ntasks || fc->tasks[w->task].text == NULL)
		return -1;
	buf_init(&text, RENDER_MAX);
	buf_init(&html, RENDER_MAX);
	if ((md = week_markdown(cur, p, w, ev)) == NULL ||
	    render_markdown(md, &body) == -1)
		goto out;
	snprintf(sweek, sizeof(sweek), "%d", week);
	clock_format_long(p->dates[week - 1], date);
	v.v[RF_WEEK] = sweek;
	v.v[RF_DAY] = sweek;
	v.v[RF_DATE] = date;
	v.v[RF_TITLE] = cur->scorecard.categories[w->category].title;
	v.v[RF_OBJECTIVE] = fc->focus;
	v.v[RF_TASK] = fc->tasks[w->task].text;
	v.v[RF_PROGRAM] = cur->title;
	v.v[RF_LESSON] = body.text;
	if (render_fill(&text, cur->followon.tmpl_text, &v, 0) == -1)
		goto out;
	v.v[RF_LESSON] = body.html;
	if (render_fill(&html, cur->followon.tmpl_html, &v, 1) == -1)
		goto out;
	out->subject = xasprintf("Week %d of %d: %s", week, FOLLOWON_WEEKS,
	    cur->scorecard.categories[w->category].title);
	out->text = buf_take(&text);
	out->html = buf_take(&html);
	rc = 0;
out:
	free(md);
	render_lesson_free(&body);
	buf_free(&text);
	buf_free(&html);
	return rc;
}

int
followon_mail_build(const struct cfg *cfg, const struct curriculum *cur,
    const struct followon_plan *p, int week, const struct enrollment_vars *ev,
    const char *to_addr, const char *message_id, const char *subject_prefix,
    time_t now, struct buf *b)
{
	struct render_email m;
	struct message_in in;
	int rc;

	if (followon_mail_render(cur, p, week, ev, &m) == -1)
		return -1;
	memset(&in, 0, sizeof(in));
	in.from = cfg->mail_from;
	in.reply_to = cfg->mail_reply_to;
	in.to_name = ev->name;
	in.to_addr = to_addr;
	in.subject = m.subject;
	in.subject_prefix = subject_prefix;
	in.text = m.text;
	in.html = m.html;
	in.unsubscribe_url = ev->links.unsubscribe;
	in.message_id = message_id;
	in.date = now;
	rc = message_build(b, &in);
	render_email_free(&m);
	return rc;
}
