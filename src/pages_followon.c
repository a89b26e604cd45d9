/*
 * pages_followon.c - the twelve weeks after the plan on the personal
 * page (see pages_followon.h): once Day 30 has been sent, a section
 * (#followon) that offers them, and after the opt-in shows how far they
 * have come.  The POST that opts in, /p/TOKEN/followon, is in pages_plan.c
 * with the page's other POSTs, which show the page again on a refusal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "enrollment.h"
#include "followon_mail.h"
#include "followon_store.h"
#include "form.h"
#include "log.h"
#include "pages.h"
#include "pages_followon.h"
#include "scorecard.h"
#include "tz.h"
#include "util.h"

static void
local_date(const char *tz, time_t t, char out[40])
{
	struct date d;

	if (tz_local_date(tz, t, &d) == 0)
		clock_format_long(d, out);
	else
		snprintf(out, 40, "(unknown)");
}

/* the three categories the weeks would start from, from the latest attempt */
static void
offer(struct buf *b, const struct curriculum *cur,
    const struct followon_plan *p, const char *up, const char *tok)
{
	const struct cur_scorecard *sc = &cur->scorecard;
	size_t cats[3];
	int w, k, n = 0;

	/* weeks 1 to 3, each category once (fewer may be weak) */
	for (w = 0; w < 3 && p->natt; w++) {
		for (k = 0; k < n && cats[k] != p->weeks[w].category; k++)
			;
		if (k == n)
			cats[n++] = p->weeks[w].category;
	}

	buf_addstr(b, "<p>Keep going after Day 30: one email a week for "
	    "twelve weeks, at your usual time. Each week takes one of the "
	    "three weakest categories on your latest scorecard, shows what "
	    "a 4 looks like for the statements you scored lowest there, and "
	    "sets one task for the week, with the plan days that build it. "
	    "Weeks 6 and 12 ask you to retake the scorecard, and the weeks "
	    "after a retake follow its results. Each task also appears in "
	    "your calendar.</p>");
	if (n) {
		buf_addstr(b, "<p>Your weeks would start with: ");
		for (w = 0; w < n; w++) {
			if (w)
				buf_addstr(b, w == n - 1 ? " and " : ", ");
			buf_addstr(b, "<strong>");
			pages_esc(b, sc->categories[cats[w]].title);
			buf_addstr(b, "</strong>");
		}
		buf_addstr(b, ".</p>");
	} else
		buf_addstr(b, "<p>Take the scorecard first, so the weeks can "
		    "follow your weakest categories; without it they go "
		    "through the categories in order.</p>");
	buf_printf(b, "<form method=\"post\" action=\"%s%s/followon\">"
	    "<button class=\"primary\" type=\"submit\">Start the twelve "
	    "weeks</button></form><p class=\"small\">You can stop them "
	    "at any time with the unsubscribe link in each email.</p>",
	    up, tok);
}

/* opted in: how far, what comes next, and the twelve weeks */
static void
progress(struct buf *b, const struct curriculum *cur,
    const struct enrollment *e, const struct followon_plan *p, time_t now)
{
	const struct followon_status *st = &p->st;
	char when[40];
	int w, cw = followon_plan_current(p, now);

	local_date(e->tz, st->opted_in_at, when);
	buf_printf(b, "<p>You started the twelve weeks on %s. <strong>%d of "
	    "%d</strong> weekly emails sent", when, st->sent,
	    FOLLOWON_WEEKS);
	if (st->next_week) {
		local_date(e->tz, st->next_due_at, when);
		buf_printf(b, "; week %d comes on <strong>%s</strong>.</p>",
		    st->next_week, when);
	} else if (strcmp(e->state, "completed") != 0 &&
	    strcmp(e->state, "active") != 0)
		buf_addstr(b, "; the rest have stopped with your emails."
		    "</p>");
	else
		buf_addstr(b, ".</p>");
	if (cw > 0) {
		buf_printf(b, "<p>This is week %d: <strong>", cw);
		pages_esc(b, cur->scorecard.categories[
		    p->weeks[cw - 1].category].title);
		buf_addstr(b, "</strong>.</p>");
	}
	buf_addstr(b, "<ol class=\"days\">\n");
	for (w = 1; w <= FOLLOWON_WEEKS; w++) {
		const struct followon_week *fw = &p->weeks[w - 1];
		const char *state = st->rows[w - 1].state;
		char date[40];
		int sent = strcmp(state, "sent") == 0;

		clock_format_long(p->dates[w - 1], date);
		buf_printf(b, "<li id=\"week-%d\" class=\"%s%s\"><span "
		    "class=\"mark\">%s</span><div class=\"what\"><strong>Week "
		    "%d: ", w, sent ? "done" : "", w == cw ? " today" : "",
		    sent ? "&#10003;<span class=\"vh\">sent</span>" :
		    "&#9675;<span class=\"vh\">to come</span>", w);
		pages_esc(b, cur->scorecard.categories[fw->category].title);
		buf_addstr(b, "</strong><br>");
		pages_esc(b, followon_task_text(cur, fw));
		buf_addstr(b, "<br><span class=\"small\">");
		pages_esc(b, date);
		if (followon_retake(w))
			buf_addstr(b, " &middot; retake the scorecard");
		if (!sent && state[0] && strcmp(state, "skipped") == 0)
			buf_addstr(b, " &middot; not sent");
		buf_addstr(b, "</span></div></li>\n");
	}
	buf_addstr(b, "</ol><p class=\"small\">Weeks still to come follow "
	    "your latest scorecard, so a retake can change them.</p>");
}

void
pages_followon_section(struct buf *b, struct db *db,
    const struct curriculum *cur, const struct enrollment *e, time_t now,
    const char *up, const char *tok)
{
	struct followon_plan p;
	char day30[16] = "";
	sqlite3_stmt *q;

	if (followon_plan_load(db, cur, e, now, &p) == -1)
		goto out;
	if (!p.st.opted_in) {
		/* Day 30's state only matters before the plan is completed */
		if (strcmp(e->state, "active") == 0 && (q = db_prepare(db,
		    "SELECT state FROM delivery WHERE enrollment_id = ? AND "
		    "kind = 'lesson' AND key = 30")) != NULL) {
			sqlite3_bind_int64(q, 1, e->id);
			if (sqlite3_step(q) == SQLITE_ROW)
				snprintf(day30, sizeof(day30), "%s",
				    (const char *)sqlite3_column_text(q, 0));
			sqlite3_finalize(q);
		}
		if (followon_gate(e->state, day30[0] ? day30 : NULL) !=
		    FOLLOWON_OPEN)
			goto out;
	}
	buf_addstr(b, "<section id=\"followon\"><h2>The twelve weeks after "
	    "the plan</h2>");
	if (p.st.opted_in)
		progress(b, cur, e, &p, now);
	else
		offer(b, cur, &p, up, tok);
	buf_addstr(b, "</section>\n");
out:
	followon_plan_free(&p);
}
