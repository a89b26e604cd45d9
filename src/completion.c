/*
 * completion.c - the completion summary (see completion.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "completion.h"
#include "ledger_add.h"
#include "score_store.h"
#include "scorecard.h"
#include "util.h"

int
completion_longest_streak(const int done[CUR_DAYS])
{
	int i, run = 0, best = 0;

	for (i = 0; i < CUR_DAYS; i++) {
		run = done[i] ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

time_t
completion_due(const struct enrollment *e, time_t now)
{
	struct sched_plan plan;
	time_t due;

	enrollment_plan(e, &plan);
	if (sched_due(&plan, e->tz, e->send_minutes, CUR_DAYS + 1,
	    &due) == -1 || due < now)
		return now;
	return due;
}

int
completion_queue(struct db *db, const struct enrollment *e, time_t now)
{
	return ledger_add(db, e->id, "completion", 1, completion_due(e, now),
	    now);
}

/* what the summary says, read from the database or made for a sample */
struct facts {
	int			 done[CUR_DAYS];
	int			 nattempts;
	int			 first_index, latest_index;
	const char		*first_band, *latest_band;
	struct score_attempt	 first, latest;		/* stored */
	struct score_result	 scored;		/* the latest's */
	int			 have_scored;
};

static void
facts_free(struct facts *f)
{
	score_attempt_free(&f->first);
	score_attempt_free(&f->latest);
	if (f->have_scored)
		score_result_free(&f->scored);
}

static int
load_done(struct db *db, long long id, int done[CUR_DAYS])
{
	sqlite3_stmt *st = db_prepare(db, "SELECT day FROM task WHERE "
	    "enrollment_id = ? AND done = 1");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int d = sqlite3_column_int(st, 0);

		if (d >= 1 && d <= CUR_DAYS)
			done[d - 1] = 1;
	}
	if (rc != SQLITE_DONE)
		db_warn(db, "completion");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
load_facts(struct db *db, const struct cur_scorecard *sc, long long id,
    struct facts *f)
{
	if (load_done(db, id, f->done) == -1 ||
	    score_store_load(db, sc, id, &f->nattempts, &f->first,
	    &f->latest) == -1)
		return -1;
	if (f->nattempts == 0)
		return 0;
	f->first_index = f->first.index;
	f->first_band = f->first.band;
	f->latest_index = f->latest.index;
	f->latest_band = f->latest.band;
	score_compute(sc, f->latest.v, &f->scored);
	f->have_scored = 1;
	return 0;
}

/*
 * A preview's sample person: a few tasks left open and two attempts
 * whose answers rise, scored as any attempt is.
 */
static void
sample_facts(const struct cur_scorecard *sc, struct facts *f)
{
	struct score_result r;
	size_t k, n = score_nitems(sc);
	int *v = xcalloc(n ? n : 1, sizeof(*v));
	int i;

	for (i = 0; i < CUR_DAYS; i++)
		f->done[i] = i != 8 && i != 16 && i != 22;
	for (k = 0; k < n; k++)
		v[k] = (int)(k % 3);
	score_compute(sc, v, &r);
	f->first_index = r.index;
	f->first_band = sc->nbands ? sc->bands[r.band].name : "";
	score_result_free(&r);
	for (k = 0; k < n; k++)
		if (k % 5 != 0)
			v[k] = v[k] + 2 > 4 ? 4 : v[k] + 2;
	score_compute(sc, v, &f->scored);
	f->have_scored = 1;
	f->nattempts = 2;
	f->latest_index = f->scored.index;
	f->latest_band = sc->nbands ? sc->bands[f->scored.band].name : "";
	free(v);
}

/* the {{scores}} block: the index from baseline to latest, and its band */
static void
scores_block(struct kind_vars *kv, const struct facts *f)
{
	const char *url = kv->v.v[RF_SCORECARD_URL];
	struct buf t, h;

	buf_init(&t, 8192);
	buf_init(&h, 16384);
	buf_addstr(&h, "<p style=\"margin:0 0 14px 0;\">");
	if (f->nattempts == 0) {
		buf_printf(&t, "You have not taken the scorecard yet. It takes "
		    "about ten minutes and shows where your practice stands "
		    "now:\n%s\n", url);
		buf_addstr(&h, "You have not taken the scorecard yet. It takes "
		    "about ten minutes and shows where your practice stands "
		    "now: <a href=\"");
		buf_add_html(&h, url, strlen(url));
		buf_addstr(&h, "\" style=\"color:#1d4ed8;\">take the "
		    "scorecard</a>.");
	} else if (f->nattempts == 1) {
		buf_printf(&t, "Readiness index: %d (%s), from the one "
		    "scorecard you took. Take it again to see how far the "
		    "month has moved you:\n%s\n", f->first_index,
		    f->first_band, url);
		buf_printf(&h, "Readiness index: <strong>%d</strong> (",
		    f->first_index);
		buf_add_html(&h, f->first_band, strlen(f->first_band));
		buf_addstr(&h, "), from the one scorecard you took. <a href=\"");
		buf_add_html(&h, url, strlen(url));
		buf_addstr(&h, "\" style=\"color:#1d4ed8;\">Take it again</a> "
		    "to see how far the month has moved you.");
	} else {
		int delta = f->latest_index - f->first_index;

		buf_printf(&t, "Readiness index: %d (%s) at your baseline, "
		    "%d (%s) now: %+d.\n", f->first_index, f->first_band,
		    f->latest_index, f->latest_band, delta);
		buf_printf(&h, "Readiness index: <strong>%d</strong> (",
		    f->first_index);
		buf_add_html(&h, f->first_band, strlen(f->first_band));
		buf_printf(&h, ") at your baseline &rarr; <strong>%d</strong> (",
		    f->latest_index);
		buf_add_html(&h, f->latest_band, strlen(f->latest_band));
		buf_printf(&h, ") now: <strong>%s%d</strong>.", delta < 0 ?
		    "&minus;" : "+", delta < 0 ? -delta : delta);
	}
	buf_addstr(&h, "</p>");
	kv->v.v[RF_SCORES] = kind_keep(kv, buf_take(&t));
	kv->v.html[RF_SCORES] = kind_keep(kv, buf_take(&h));
	buf_free(&t);
	buf_free(&h);
}

/* "Days 8, 12 and 20" */
static void
days_list(struct buf *b, const struct cur_category *cat)
{
	size_t k;

	buf_printf(b, "Day%s ", cat->ndays == 1 ? "" : "s");
	for (k = 0; k < cat->ndays; k++)
		buf_printf(b, "%s%d", k == 0 ? "" : k + 1 == cat->ndays ?
		    " and " : ", ", cat->days[k]);
}

/* the {{weakest}} block: the latest attempt's weakest categories */
static void
weakest_block(struct kind_vars *kv, const struct cur_scorecard *sc,
    const struct facts *f)
{
	const struct score_result *r = &f->scored;
	struct buf t, h;
	size_t i;

	if (!f->have_scored || r->nweakest == 0)
		return;
	buf_init(&t, 8192);
	buf_init(&h, 16384);
	buf_printf(&t, "Your %s weakest, from your latest scorecard, and the "
	    "plan days that build them:\n", r->nweakest == 1 ? "one area" :
	    r->nweakest == 2 ? "two areas" : "three areas");
	buf_printf(&h, "<p style=\"margin:0 0 6px 0;\">Your %s weakest, from "
	    "your latest scorecard, and the plan days that build them:</p>"
	    "<ol style=\"margin:0 0 14px 0;padding-left:24px;\">",
	    r->nweakest == 1 ? "one area" : r->nweakest == 2 ? "two areas" :
	    "three areas");
	for (i = 0; i < r->nweakest; i++) {
		const struct cur_category *cat = &sc->categories[r->weakest[i]];

		buf_printf(&t, "%zu. %s (%d out of 100): ", i + 1, cat->title,
		    r->cat[r->weakest[i]]);
		days_list(&t, cat);
		buf_addc(&t, '\n');
		buf_addstr(&h, "<li style=\"margin:0 0 6px 0;\"><strong>");
		buf_add_html(&h, cat->title, strlen(cat->title));
		buf_printf(&h, "</strong> (%d out of 100): ",
		    r->cat[r->weakest[i]]);
		days_list(&h, cat);
		buf_addstr(&h, "</li>");
	}
	buf_addstr(&h, "</ol>");
	kv->v.v[RF_WEAKEST] = kind_keep(kv, buf_take(&t));
	kv->v.html[RF_WEAKEST] = kind_keep(kv, buf_take(&h));
	buf_free(&t);
	buf_free(&h);
}

int
completion_fill(const struct kind_ctx *ctx, const struct enrollment *e,
    int lkey, struct kind_vars *kv, const char **why)
{
	const struct cur_scorecard *sc = &ctx->cur->scorecard;
	struct facts f;
	int i, n = 0, streak;

	(void)lkey;
	memset(&f, 0, sizeof(f));
	if (ctx->db == NULL)
		sample_facts(sc, &f);
	else if (load_facts(ctx->db, sc, e->id, &f) == -1) {
		facts_free(&f);
		*why = "the person's progress could not be read";
		return -2;
	}
	for (i = 0; i < CUR_DAYS; i++)
		n += f.done[i];
	streak = completion_longest_streak(f.done);
	kv->v.v[RF_TASKS_DONE] = kind_keep(kv, xasprintf("%d", n));
	kv->v.v[RF_LONGEST_STREAK] = kind_keep(kv, xasprintf("%d day%s",
	    streak, streak == 1 ? "" : "s"));
	kv->v.v[RF_RESULT_URL] = kind_keep(kv, xasprintf("%s?result=1",
	    kv->v.v[RF_SCORECARD_URL]));
	kv->v.v[RF_FOLLOWON_URL] = kind_keep(kv, xasprintf("%s#followon",
	    kv->v.v[RF_PAGE_URL]));
	scores_block(kv, &f);
	weakest_block(kv, sc, &f);
	facts_free(&f);
	return 0;
}
