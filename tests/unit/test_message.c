/*
 * test_message.c - a day's email prepared once (message_part, render_day,
 * daymail) gives the very bytes of the email built whole for one person.
 */
#include <stdlib.h>
#include <string.h>

#include "daymail.h"
#include "message.h"
#include "render.h"
#include "test.h"

/* '#' marks a line for the test: replaced by the value in arg */
static int
fill_hash(struct buf *out, const char *line, size_t n, void *arg)
{
	const char *val = arg;
	size_t i;

	for (i = 0; i < n; i++)
		if (line[i] == '#')
			buf_addstr(out, val);
		else
			buf_addc(out, line[i]);
	return out->overflow ? -1 : 0;
}

/* what message_part_qp must equal: the filled text encoded whole */
static void
check_part(const char *text, const char *val)
{
	struct message_part p;
	struct buf want, got, filled;

	buf_init(&filled, 1 << 20);
	buf_init(&want, 1 << 20);
	buf_init(&got, 1 << 20);
	fill_hash(&filled, text, strlen(text), (void *)val);
	message_qp(&want, filled.data ? filled.data : "");
	CHECK_INT(message_part_init(&p, text, '#'), 0);
	CHECK_INT(message_part_qp(&got, &p, fill_hash, (void *)val), 0);
	CHECK_STR(got.data ? got.data : "", want.data ? want.data : "");
	message_part_free(&p);
	buf_free(&filled);
	buf_free(&want);
	buf_free(&got);
}

void
test_message_part(void)
{
	static const char *const texts[] = {
		"",
		"#",
		"no mark at all\n",
		"Hi #,\n\nplain = line \nFrom here\n#\n",
		"last line marked, no newline: #",
		"CRLF\r\nHi #\r\n\r\nend\r\n",
		"\n\n#\n\n",
		"a long line with a mark # in it and enough words to need a soft "
		"break or two, so the value's place in the line matters a lot\n",
		"ends with a space # \ntab\t\n=3D\xc3\xa9\n",
	};
	static const char *const vals[] = {
		"Ann", "", "Zo\xc3\xab & <b> = x", "two\nlines", "ends\r\n",
		"From Mars", "trailing ",
	};
	size_t i, j;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		for (j = 0; j < sizeof(vals) / sizeof(vals[0]); j++)
			check_part(texts[i], vals[j]);
}

/* a two-day curriculum held in memory */
static void
curriculum(struct curriculum *cur, char *lesson_md)
{
	static struct cur_week week = { 1, "Week 1", "Week & <one>" };
	int i;

	memset(cur, 0, sizeof(*cur));
	cur->title = "The \"Plan\"";
	cur->weeks = &week;
	cur->nweeks = 1;
	for (i = 0; i < CUR_DAYS; i++) {
		cur->days[i].day = i + 1;
		cur->days[i].week = 1;
		cur->days[i].title = "Define & <refine>";
		cur->days[i].objective = "Know {{first_name}}'s niche";
		cur->days[i].task = "Write it down";
		cur->days[i].lesson = lesson_md;
	}
	cur->tmpl_text = "{{program}} - Day {{day}} of {{total_days}} - "
	    "{{date}}\nHi {{first_name}},\n\n{{lesson}}\n\nTask: {{task}}\n"
	    "{{page_url}}\n--\nStop: {{unsubscribe_url}}\n{{postal_address}}"
	    "\n";
	cur->tmpl_html = "<p>Hi {{first_name}} ({{name}}, {{email}}),</p>\n"
	    "{{lesson}}\n<a href=\"{{page_url}}\">{{title}}</a> "
	    "<a href=\"{{webcal_url}}\">cal</a> {{feed_url}}\n"
	    "<p>{{postal_address}}</p>\n";
}

static void
person(struct render_vars *v)
{
	memset(v, 0, sizeof(*v));
	v->v[RF_FIRST_NAME] = "Zo\xc3\xab";
	v->v[RF_NAME] = "Zo\xc3\xab O'Brien & <Co> {{day}}";
	v->v[RF_EMAIL] = "zoe@example.org";
	v->v[RF_DATE] = "Monday 7 December 2026";
	v->v[RF_PAGE_URL] = "https://plan.example.org/p/TOKEN?a=1&b=2";
	v->v[RF_SCORECARD_URL] = "https://plan.example.org/p/TOKEN/scorecard";
	v->v[RF_FEED_URL] = "https://plan.example.org/feed/F.ics";
	v->v[RF_WEBCAL_URL] = "webcal://plan.example.org/feed/F.ics";
	v->v[RF_UNSUBSCRIBE_URL] = "https://plan.example.org/unsubscribe/U";
	v->v[RF_POSTAL_ADDRESS] = "1 Main St. = Springfield";
}

/* the headers' values both ways of building share */
static void
headers(struct message_in *in, const struct render_vars *v)
{
	memset(in, 0, sizeof(*in));
	in->from = "Referral-Ready Plan <plan@example.org>";
	in->to_name = v->v[RF_NAME];
	in->to_addr = v->v[RF_EMAIL];
	in->unsubscribe_url = v->v[RF_UNSUBSCRIBE_URL];
	in->message_id = "rr.7.2.0011223344556677@example.org";
	in->date = 1796626800;
}

/* daymail_build against render_email + message_build, for day 2 */
static void
check_daymail(const struct curriculum *cur, int prepared)
{
	struct daymail dm;
	struct render_vars v;
	struct render_email mail;
	struct message_in in;
	struct buf want, got;

	person(&v);
	buf_init(&got, 4 * RENDER_MAX);
	buf_init(&want, 4 * RENDER_MAX);
	CHECK_INT(daymail_init(&dm, cur, 2), 0);
	CHECK_INT(dm.prepared, prepared);
	headers(&in, &v);
	CHECK_INT(daymail_build(&dm, &v, &in, &got), 0);
	CHECK_INT(render_email(cur, &dm.lesson, 2, &v, &mail), 0);
	headers(&in, &v);
	in.subject = mail.subject;
	in.text = mail.text;
	in.html = mail.html;
	CHECK_INT(message_build(&want, &in), 0);
	CHECK_STR(got.data, want.data);
	render_email_free(&mail);
	daymail_free(&dm);
	buf_free(&want);
	buf_free(&got);
}

void
test_message_daymail(void)
{
	struct curriculum cur;
	char md[] = "## For {{first_name}}\n\nA paragraph for {{name}} "
	    "that runs past seventy-six characters, with a = sign, so it "
	    "needs soft breaks.\n\n{{page_url}}\n\nFrom the top: day {{day}}"
	    ".\n";
	char bad[] = "A byte that is not UTF-8: \xff and {{first_name}}.\n";

	curriculum(&cur, md);
	check_daymail(&cur, 1);
	/* the mark in the lesson itself: rendered per person, same bytes */
	curriculum(&cur, bad);
	check_daymail(&cur, 0);
}
