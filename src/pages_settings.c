/*
 * pages_settings.c - the "Your settings" section of the personal page
 * (see pages_settings.h): the forms for the time lessons arrive, the
 * time zone, and a pause of 1 to 14 days or a resume, with the problems
 * of a refused POST marked.  The POSTs themselves are pages_plan.c's.
 *
 * The zone list is plain HTML, a select grouped by region, so it works
 * without scripts; it is read from tzdata once, when the daemon starts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "enrollment.h"
#include "form.h"
#include "log.h"
#include "pages.h"
#include "pages_settings.h"
#include "tz.h"
#include "tzlist.h"
#include "util.h"

/* PS_OTHER's problem is said at the top of the page instead */
static const char *const field_name[PS_NFIELDS] = {
	"send_at", "tz", "days", "other"
};

const char pages_settings_css[] =
    "#settings label{font-weight:600}"
    "#settings input,#settings select{font:inherit;padding:.4rem;"
    "border:1px solid #8a9aa3;border-radius:6px;min-height:2.5rem;"
    "max-width:100%;background:#fff;color:inherit}"
    "#settings [aria-invalid=true]{border:2px solid #a4262c}"
    "#settings form{margin:.75rem 0 0}"
    "#settings .row{display:flex;flex-wrap:wrap;gap:.5rem 1rem;"
    "align-items:flex-end}"
    "#settings .row p{margin:0}"
    ".problem{color:#a4262c;font-weight:600;margin:.25rem 0}";

int
pages_settings_bad(const struct pages_settings *in)
{
	int i;

	for (i = 0; i < PS_NFIELDS; i++)
		if (in->problem[i])
			return 1;
	return 0;
}

/* marks field i's control and says its problem, if it has one */
static void
problem_attr(struct buf *b, const struct pages_settings *in, int i)
{
	if (in && in->problem[i])
		buf_printf(b, " aria-invalid=\"true\" aria-describedby=\"%s-"
		    "problem\"", field_name[i]);
}

static void
problem_text(struct buf *b, const struct pages_settings *in, int i)
{
	if (in == NULL || in->problem[i] == NULL)
		return;
	buf_printf(b, "<p class=\"problem\" id=\"%s-problem\">",
	    field_name[i]);
	pages_esc(b, in->problem[i]);
	buf_addstr(b, "</p>");
}

static void
option(struct buf *b, const char *value, const char *label, int selected)
{
	buf_addstr(b, "<option value=\"");
	pages_esc(b, value);
	buf_addstr(b, selected ? "\" selected>" : "\">");
	pages_esc(b, label);
	buf_addstr(b, "</option>");
}

/* "Argentina/Buenos_Aires" under America: "Argentina / Buenos Aires" */
static void
zone_label(const char *name, char *out, size_t n)
{
	size_t o = 0;

	for (; *name && o + 4 < n; name++) {
		if (*name == '/') {
			memcpy(out + o, " / ", 3);
			o += 3;
		} else
			out[o++] = *name == '_' ? ' ' : *name;
	}
	out[o] = '\0';
}

void
pages_zone_options(struct buf *b, const struct tzlist *zl, const char *cur)
{
	char region[64] = "", label[128];
	size_t i, rl;
	int listed = 0;

	for (i = 0; zl && i < zl->n; i++)
		listed |= strcmp(zl->name[i], cur) == 0;
	/* an alias ("US/Central") or a zone this tzdata lacks: still theirs */
	if (!listed)
		option(b, cur, cur, 1);
	for (i = 0; zl && i < zl->n; i++) {
		const char *z = zl->name[i];

		rl = tzlist_region_len(z);
		if (rl == 0) {
			option(b, z, z, strcmp(z, cur) == 0);
			continue;
		}
		if (rl >= sizeof(region))
			continue;
		if (strncmp(region, z, rl) != 0 || region[rl] != '\0') {
			if (region[0])
				buf_addstr(b, "</optgroup>");
			memcpy(region, z, rl);
			region[rl] = '\0';
			buf_addstr(b, "<optgroup label=\"");
			pages_esc(b, region);
			buf_addstr(b, "\">");
		}
		zone_label(z + rl + 1, label, sizeof(label));
		option(b, z, label, strcmp(z, cur) == 0);
	}
	if (region[0])
		buf_addstr(b, "</optgroup>");
}

static void
zone_select(struct buf *b, const struct tzlist *zl, const char *cur,
    const struct pages_settings *in)
{
	buf_addstr(b, "<select id=\"tz\" name=\"tz\"");
	problem_attr(b, in, PS_TZ);
	buf_addstr(b, ">");
	pages_zone_options(b, zl, cur);
	buf_addstr(b, "</select>");
}

static void
schedule_form(struct buf *b, const struct app *a, const struct enrollment *e,
    const char *up, const char *tok, const struct pages_settings *in)
{
	const char *tz = in && in->value[PS_TZ] && tz_known(in->value[PS_TZ]) ?
	    in->value[PS_TZ] : e->tz;
	char hhmm[6];

	snprintf(hhmm, sizeof(hhmm), "%02u:%02u",
	    (unsigned)e->send_minutes / 60 % 24,
	    (unsigned)e->send_minutes % 60);
	buf_printf(b, "<form method=\"post\" action=\"%s%s/settings\">"
	    "<div class=\"row\"><p><label for=\"send_at\">Lessons arrive "
	    "at</label><br><input type=\"time\" id=\"send_at\" "
	    "name=\"send_at\" required value=\"", up, tok);
	pages_esc(b, in && in->value[PS_SEND_AT] ? in->value[PS_SEND_AT] :
	    hhmm);
	buf_addstr(b, "\"");
	problem_attr(b, in, PS_SEND_AT);
	buf_addstr(b, "></p><p><label for=\"tz\">Time zone</label><br>");
	zone_select(b, a->zones, tz, in);
	buf_addstr(b, "</p><p><button class=\"primary\" type=\"submit\">Save"
	    "</button></p></div>");
	problem_text(b, in, PS_SEND_AT);
	problem_text(b, in, PS_TZ);
	buf_addstr(b, "<p class=\"small\">From the next lesson not yet "
	    "sent.</p></form>\n");
}

static void
pause_form(struct buf *b, const struct enrollment *e, time_t now,
    const char *up, const char *tok, const struct pages_settings *in)
{
	struct date until;
	char when[40];
	int d, paused = enrollment_paused_until(e, now, &until);

	if (paused) {
		buf_addstr(b, "<p>Your lessons are <strong>paused</strong>");
		if (paused == 2) {
			clock_format_long(until, when);
			buf_addstr(b, " until ");
			pages_esc(b, when);
		}
		buf_printf(b, ".</p><form method=\"post\" action=\"%s%s/"
		    "resume\"><button type=\"submit\">Resume lessons now"
		    "</button></form>\n", up, tok);
		return;
	}
	buf_printf(b, "<form method=\"post\" action=\"%s%s/pause\">"
	    "<div class=\"row\"><p><label for=\"days\">Pause lessons for"
	    "</label><br><select id=\"days\" name=\"days\"", up, tok);
	problem_attr(b, in, PS_DAYS);
	buf_addstr(b, ">");
	for (d = 1; d <= ENR_PAUSE_DAYS_MAX; d++)
		buf_printf(b, "<option value=\"%d\"%s>%d day%s</option>", d,
		    d == 7 ? " selected" : "", d, d == 1 ? "" : "s");
	buf_addstr(b, "</select></p><p><button type=\"submit\">Pause</button>"
	    "</p></div>");
	problem_text(b, in, PS_DAYS);
	buf_addstr(b, "<p class=\"small\">The days ahead move on by the days "
	    "paused; you can resume sooner.</p></form>\n");
}

void
pages_settings_section(struct buf *b, const struct app *a,
    const struct enrollment *e, time_t now, const char *up, const char *tok,
    const struct pages_settings *in)
{
	/* nothing left to time or pause once every lesson is on its way */
	if ((strcmp(e->state, "active") != 0 &&
	    strcmp(e->state, "paused") != 0) || e->next_day > CUR_DAYS)
		return;
	buf_addstr(b, "<section id=\"settings\"><h2>Your settings</h2>");
	schedule_form(b, a, e, up, tok, in);
	pause_form(b, e, now, up, tok, in);
	buf_addstr(b, "</section>\n");
}

