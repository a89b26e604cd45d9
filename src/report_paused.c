/*
 * report_paused.c - who in a cohort is paused, and until when (see
 * report_paused.h).
 *
 * A pause with a date ends by itself: the report says on which local
 * date the member's plan picks up again, so an operator reading it knows
 * who is coming back and when without asking each one.  An open pause
 * (`pause EMAIL` without --until) lasts until someone resumes it.  Values
 * are escaped as in the rest of the report (report_fmt.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "colwidth.h"
#include "report_paused.h"

#define UNTIL_OPEN	"until resumed"

static void
cell(struct buf *b, const char *s, int width)
{
	char *c = colwidth_cell(s, width, 0);

	buf_addstr(b, c);
	free(c);
}

static long
npaused(const struct report *r)
{
	size_t i;
	long n = 0;

	for (i = 0; i < r->npeople; i++)
		n += r->people[i].paused != 0;
	return n;
}

/* "2026-12-20", or UNTIL_OPEN */
static const char *
until_str(const struct report_person *p, char buf[11])
{
	if (p->paused != 2)
		return UNTIL_OPEN;
	clock_format_date(p->paused_until, buf);
	return buf;
}

void
report_paused_text(struct buf *b, const struct report *r)
{
	char u[11];
	size_t i;
	long n = npaused(r);

	buf_printf(b, "\nPaused (the plan picks up again on the date): "
	    "%ld\n", n);
	if (n == 0)
		return;
	buf_addstr(b, "  ");
	cell(b, "email", 32);
	buf_addc(b, ' ');
	cell(b, "name", 24);
	buf_addstr(b, "  until\n");
	for (i = 0; i < r->npeople; i++) {
		const struct report_person *p = &r->people[i];

		if (!p->paused)
			continue;
		buf_addstr(b, "  ");
		cell(b, p->email, 32);
		buf_addc(b, ' ');
		cell(b, p->name, 24);
		buf_printf(b, "  %s\n", until_str(p, u));
	}
}

json_t *
report_paused_json(const struct report *r)
{
	json_t *a = json_array();
	char u[11];
	size_t i;

	for (i = 0; i < r->npeople; i++) {
		const struct report_person *p = &r->people[i];

		if (!p->paused)
			continue;
		if (p->paused == 2)
			clock_format_date(p->paused_until, u);
		json_array_append_new(a, json_pack("{s:s, s:s, s:o}", "email",
		    p->email, "name", p->name, "until", p->paused == 2 ?
		    json_string(u) : json_null()));
	}
	return a;
}

void
report_paused_html(struct buf *b, const struct report *r)
{
	char u[11], when[40];
	size_t i;
	long n = npaused(r);

	buf_printf(b, "<h2>Paused</h2>\n<p>Members whose plan is paused: "
	    "%ld.%s</p>\n", n, n ? " A plan paused until a date picks up "
	    "again by itself on that date." : "");
	if (n == 0)
		return;
	buf_addstr(b, "<div class=\"scroll\"><table><tr><th>email</th>"
	    "<th>name</th><th>until</th></tr>\n");
	for (i = 0; i < r->npeople; i++) {
		const struct report_person *p = &r->people[i];

		if (!p->paused)
			continue;
		buf_addstr(b, "<tr><td>");
		buf_add_html(b, p->email, strlen(p->email));
		buf_addstr(b, "</td><td>");
		buf_add_html(b, p->name, strlen(p->name));
		buf_addstr(b, "</td><td>");
		if (p->paused == 2) {
			clock_format_long(p->paused_until, when);
			buf_printf(b, "<time datetime=\"%s\">",
			    until_str(p, u));
			buf_add_html(b, when, strlen(when));
			buf_addstr(b, "</time>");
		} else
			buf_addstr(b, UNTIL_OPEN);
		buf_addstr(b, "</td></tr>\n");
	}
	buf_addstr(b, "</table></div>\n");
}
