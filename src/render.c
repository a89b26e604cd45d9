/*
 * render.c - Markdown, merge fields and emails (see render.h).
 *
 * HTML comes from cmark (safe mode: raw HTML and dangerous URLs are
 * dropped), with inline styles added to each tag because Gmail and Outlook
 * ignore style sheets.  cmark has no plain-text renderer, so the text part
 * is produced by walking cmark's tree: paragraphs wrapped at 72 columns,
 * lists with their numbers, headings underlined, emphasis without its
 * asterisks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "render.h"
#include "util.h"

#define MAX_DEPTH	32

/* inline styles for the tags cmark writes */
static const struct {
	const char	*tag;
	const char	*style;
} styles[] = {
	{ "p", "margin:0 0 14px 0;" },
	{ "h1", "margin:22px 0 10px 0;font-size:21px;line-height:27px;"
	    "color:#111827;" },
	{ "h2", "margin:24px 0 10px 0;font-size:19px;line-height:25px;"
	    "color:#111827;" },
	{ "h3", "margin:18px 0 8px 0;font-size:17px;line-height:23px;"
	    "color:#111827;" },
	{ "ul", "margin:0 0 14px 0;padding-left:24px;" },
	{ "ol", "margin:0 0 14px 0;padding-left:24px;" },
	{ "li", "margin:0 0 6px 0;" },
	{ "blockquote", "margin:0 0 14px 0;padding:10px 14px;"
	    "border-left:4px solid #9ca3af;background-color:#f9fafb;"
	    "color:#1f2937;" },
	{ "code", "font-family:Consolas,Menlo,monospace;font-size:14px;" },
	{ "pre", "margin:0 0 14px 0;white-space:pre-wrap;" },
	{ "hr", "border:0;border-top:1px solid #d1d5db;margin:20px 0;" },
	{ "a", "color:#1d4ed8;" },
};

int
render_fill(struct buf *out, const char *tmpl, const struct render_vars *vars,
    int html)
{
	const char *p = tmpl, *open, *close, *name;
	size_t n;
	int f;

	while ((open = strstr(p, "{{")) != NULL &&
	    (close = strstr(open + 2, "}}")) != NULL) {
		buf_add(out, p, open - p);
		for (name = open + 2; name < close && *name == ' '; name++)
			;
		for (n = close - name; n > 0 && name[n - 1] == ' '; n--)
			;
		if ((f = render_field(name, n)) == -1)
			buf_add(out, open, close + 2 - open);	/* not ours */
		else if (html && vars->html[f] != NULL)
			buf_addstr(out, vars->html[f]);	/* a block */
		else if (vars->v[f] == NULL)
			;
		else if (html && f != RF_LESSON)
			buf_add_html(out, vars->v[f], strlen(vars->v[f]));
		else
			buf_addstr(out, vars->v[f]);
		p = close + 2;
	}
	buf_addstr(out, p);
	return out->overflow ? -1 : 0;
}

/* ---- HTML ---------------------------------------------------------- */

/*
 * A paragraph that is only a link field ("{{scorecard_url}}" on its own
 * line) becomes a link; elsewhere a field is text.
 */
static void
link_url_paragraphs(struct buf *out, const char *html)
{
	const char *p = html, *q;

	while ((q = strstr(p, "<p>{{")) != NULL) {
		const char *name = q + 5, *end = strstr(name, "}}</p>");
		size_t n;

		buf_add(out, p, q - p);
		n = end ? (size_t)(end - name) : 0;
		if (end && n > 4 && memcmp(name + n - 4, "_url", 4) == 0 &&
		    render_field(name, n) != -1) {
			buf_printf(out, "<p><a href=\"{{%.*s}}\">{{%.*s}}</a>"
			    "</p>", (int)n, name, (int)n, name);
			p = end + 6;
		} else {
			buf_add(out, q, 5);
			p = q + 5;
		}
	}
	buf_addstr(out, p);
}

/* every '<' in cmark's output opens a tag: text has it escaped */
static void
add_styles(struct buf *out, const char *html)
{
	const char *p = html, *lt;
	size_t i, n;

	while ((lt = strchr(p, '<')) != NULL) {
		buf_add(out, p, lt + 1 - p);
		p = lt + 1;
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (n == 0 || (p[n] != '>' && p[n] != ' ' && p[n] != '/'))
			continue;
		for (i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
			if (strlen(styles[i].tag) == n &&
			    memcmp(styles[i].tag, p, n) == 0) {
				buf_add(out, p, n);
				buf_printf(out, " style=\"%s\"", styles[i].style);
				p += n;
				break;
			}
	}
	buf_addstr(out, p);
}

/* ---- plain text ---------------------------------------------------- */

static void
inline_text(cmark_node *n, struct buf *b, int depth)
{
	cmark_node *c;
	const char *lit, *url;

	if (depth > MAX_DEPTH)
		return;
	for (c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			if ((lit = cmark_node_get_literal(c)) != NULL)
				buf_addstr(b, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
			buf_addc(b, ' ');
			break;
		case CMARK_NODE_LINEBREAK:
			buf_addc(b, '\n');
			break;
		case CMARK_NODE_LINK:
			inline_text(c, b, depth + 1);
			url = cmark_node_get_url(c);
			if (url && *url)
				buf_printf(b, " <%s>", url);
			break;
		case CMARK_NODE_IMAGE:
			buf_addstr(b, "[image: ");
			inline_text(c, b, depth + 1);
			buf_addc(b, ']');
			break;
		default:	/* emphasis, strong: the words only */
			inline_text(c, b, depth + 1);
			break;
		}
	}
}

/*
 * Appends text wrapped at width: the first line starts with first, the
 * rest with rest.  A word longer than a line (a URL) stands alone.
 */
static void
wrap(struct buf *out, const char *text, const char *first, const char *rest,
    size_t width)
{
	const char *p = text, *prefix = first;
	size_t col;
	int line_has_word;

	while (*p) {
		buf_addstr(out, prefix);
		col = utf8_len(prefix);
		line_has_word = 0;
		for (;;) {
			size_t n, chars;

			while (*p == ' ')
				p++;
			if (*p == '\0' || *p == '\n')
				break;
			n = strcspn(p, " \n");
			chars = utf8_nlen(p, n);
			if (line_has_word && col + 1 + chars > width)
				break;
			if (line_has_word) {
				buf_addc(out, ' ');
				col++;
			}
			buf_add(out, p, n);
			col += chars;
			line_has_word = 1;
			p += n;
		}
		/* trailing spaces of the prefix on an empty line */
		while (!line_has_word && out->len > 0 &&
		    out->data[out->len - 1] == ' ')
			out->data[--out->len] = '\0';
		buf_addc(out, '\n');
		if (*p == '\n')
			p++;
		prefix = rest;
	}
}

static void blocks(struct buf *, cmark_node *, const char *, const char *,
    int, int);

static void
blank_line(struct buf *out, const char *rest)
{
	size_t n = strlen(rest);

	while (n > 0 && rest[n - 1] == ' ')
		n--;
	buf_add(out, rest, n);
	buf_addc(out, '\n');
}

static void
block(struct buf *out, cmark_node *n, const char *first, const char *rest,
    int depth)
{
	struct buf t;
	char *f2, *r2;
	const char *lit;

	if (depth > MAX_DEPTH)
		return;
	buf_init(&t, RENDER_MAX);
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		inline_text(n, &t, 0);
		wrap(out, t.data ? t.data : "", first, rest,
		    RENDER_TEXT_WIDTH);
		break;
	case CMARK_NODE_HEADING: {
		size_t i, len;

		inline_text(n, &t, 0);
		buf_printf(out, "%s%s\n%s", first, t.data ? t.data : "", rest);
		len = t.data ? utf8_len(t.data) : 0;
		for (i = 0; i < len; i++)
			buf_addc(out, cmark_node_get_heading_level(n) == 1 ?
			    '=' : '-');
		buf_addc(out, '\n');
		break;
	}
	case CMARK_NODE_BLOCK_QUOTE:
		f2 = xasprintf("%s    ", first);
		r2 = xasprintf("%s    ", rest);
		blocks(out, n, f2, r2, 0, depth + 1);
		free(f2);
		free(r2);
		break;
	case CMARK_NODE_LIST: {
		int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
		int num = cmark_node_get_list_start(n);
		int tight = cmark_node_get_list_tight(n);
		cmark_node *item;

		for (item = cmark_node_first_child(n); item;
		    item = cmark_node_next(item), num++) {
			char marker[16];

			if (ordered)
				snprintf(marker, sizeof(marker), "%d. ", num);
			else
				snprintf(marker, sizeof(marker), "- ");
			if (item != cmark_node_first_child(n) && !tight)
				blank_line(out, rest);
			f2 = xasprintf("%s%s", item == cmark_node_first_child(n)
			    ? first : rest, marker);
			r2 = xasprintf("%s%*s", rest, (int)strlen(marker), "");
			blocks(out, item, f2, r2, tight, depth + 1);
			free(f2);
			free(r2);
		}
		break;
	}
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_HTML_BLOCK: {
		const char *p, *prefix = first;

		lit = cmark_node_get_literal(n);
		for (p = lit ? lit : ""; *p; ) {
			size_t len = strcspn(p, "\n");

			buf_printf(out, "%s    %.*s\n", prefix, (int)len, p);
			p += len;
			if (*p)
				p++;
			prefix = rest;
		}
		break;
	}
	case CMARK_NODE_THEMATIC_BREAK:
		buf_printf(out, "%s----------\n", first);
		break;
	default:
		break;
	}
	buf_free(&t);
}

static void
blocks(struct buf *out, cmark_node *parent, const char *first,
    const char *rest, int tight, int depth)
{
	cmark_node *c;

	for (c = cmark_node_first_child(parent); c; c = cmark_node_next(c)) {
		if (c != cmark_node_first_child(parent) && !tight)
			blank_line(out, rest);
		block(out, c, c == cmark_node_first_child(parent) ? first :
		    rest, rest, depth);
	}
}

int
render_markdown(const char *md, struct render_lesson *out)
{
	struct buf linked, styled, text;
	cmark_node *doc;
	char *html;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	buf_init(&linked, RENDER_MAX);
	buf_init(&styled, RENDER_MAX);
	buf_init(&text, RENDER_MAX);
	/* smart punctuation: curly quotes and dashes, in both parts */
	if ((doc = cmark_parse_document(md, strlen(md),
	    CMARK_OPT_DEFAULT | CMARK_OPT_SMART)) == NULL)
		goto out;
	if ((html = cmark_render_html(doc, CMARK_OPT_DEFAULT)) == NULL)
		goto out;
	link_url_paragraphs(&linked, html);
	free(html);
	add_styles(&styled, linked.data ? linked.data : "");
	blocks(&text, doc, "", "", 0, 0);
	if (styled.overflow || linked.overflow || text.overflow)
		goto out;
	out->html = buf_take(&styled);
	out->text = buf_take(&text);
	rc = 0;
out:
	if (doc)
		cmark_node_free(doc);
	buf_free(&linked);
	buf_free(&styled);
	buf_free(&text);
	return rc;
}

void
render_lesson_free(struct render_lesson *l)
{
	free(l->html);
	free(l->text);
	l->html = l->text = NULL;
}

int
render_email(const struct curriculum *cur, const struct render_lesson *lesson,
    int day, const struct render_vars *person, struct render_email *out)
{
	const struct cur_day *d = &cur->days[day - 1];
	const struct cur_week *w = cur_week(cur, d->week);
	struct render_vars v = *person;
	struct buf lt, lh, text, html;
	char sday[16], stotal[16], sweek[16];
	int rc = -1;

	memset(out, 0, sizeof(*out));
	snprintf(sday, sizeof(sday), "%d", day);
	snprintf(stotal, sizeof(stotal), "%d", CUR_DAYS);
	snprintf(sweek, sizeof(sweek), "%d", d->week);
	v.v[RF_DAY] = sday;
	v.v[RF_TOTAL_DAYS] = stotal;
	v.v[RF_WEEK] = sweek;
	v.v[RF_WEEK_LABEL] = w ? w->label : "";
	v.v[RF_WEEK_TITLE] = w ? w->title : "";
	v.v[RF_TITLE] = d->title;
	v.v[RF_OBJECTIVE] = d->objective;
	v.v[RF_TASK] = d->task;
	v.v[RF_PROGRAM] = cur->title;
	v.v[RF_LESSON] = NULL;

	buf_init(&lt, RENDER_MAX);
	buf_init(&lh, RENDER_MAX);
	buf_init(&text, RENDER_MAX);
	buf_init(&html, RENDER_MAX);
	/* the lesson's own fields first, then the lesson into the template */
	if (render_fill(&lt, lesson->text, &v, 0) == -1 ||
	    render_fill(&lh, lesson->html, &v, 1) == -1)
		goto out;
	v.v[RF_LESSON] = lt.data ? lt.data : "";
	if (render_fill(&text, cur->tmpl_text, &v, 0) == -1)
		goto out;
	v.v[RF_LESSON] = lh.data ? lh.data : "";
	if (render_fill(&html, cur->tmpl_html, &v, 1) == -1)
		goto out;
	out->subject = xasprintf("Day %d of %d: %s", day, CUR_DAYS, d->title);
	out->text = buf_take(&text);
	out->html = buf_take(&html);
	rc = 0;
out:
	buf_free(&lt);
	buf_free(&lh);
	buf_free(&text);
	buf_free(&html);
	return rc;
}

void
render_email_free(struct render_email *e)
{
	free(e->subject);
	free(e->text);
	free(e->html);
	memset(e, 0, sizeof(*e));
}

static int
has_mark(const char *s)
{
	return s != NULL && strchr(s, RENDER_MARK) != NULL;
}

int
render_day(const struct curriculum *cur, const struct render_lesson *lesson,
    int day, struct render_email *out)
{
	const struct cur_day *d = &cur->days[day - 1];
	const struct cur_week *w = cur_week(cur, d->week);
	char marks[RF_NFIELDS][3];
	struct render_vars v;
	int f;

	memset(out, 0, sizeof(*out));
	/* a mark already there would be taken for a field */
	if (has_mark(cur->tmpl_text) || has_mark(cur->tmpl_html) ||
	    has_mark(lesson->text) || has_mark(lesson->html) ||
	    has_mark(cur->title) || has_mark(d->title) ||
	    has_mark(d->objective) || has_mark(d->task) ||
	    (w && has_mark(w->title)))
		return -1;
	/* render_email sets the day's own fields over these */
	memset(&v, 0, sizeof(v));
	for (f = 0; f < RF_NFIELDS; f++) {
		marks[f][0] = RENDER_MARK;
		marks[f][1] = (char)('A' + f);
		marks[f][2] = '\0';
		v.v[f] = marks[f];
	}
	return render_email(cur, lesson, day, &v, out);
}

int
render_marks(struct buf *out, const char *s, size_t n,
    const struct render_vars *person, int html)
{
	const char *end = s + n, *m, *val;
	int f;

	while ((m = memchr(s, RENDER_MARK, end - s)) != NULL) {
		buf_add(out, s, m - s);
		f = m + 1 < end ? m[1] - 'A' : -1;
		if (f < 0 || f >= RF_NFIELDS)
			return -1;	/* not one of render_day's */
		if (html && person->html[f] != NULL)
			buf_addstr(out, person->html[f]);	/* a block */
		else if ((val = person->v[f]) == NULL)
			;
		else if (html)
			buf_add_html(out, val, strlen(val));
		else
			buf_addstr(out, val);
		s = m + 2;
	}
	buf_add(out, s, end - s);
	return out->overflow ? -1 : 0;
}
