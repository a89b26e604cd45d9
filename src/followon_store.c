/*
 * followon_store.c - the twelve weeks after the plan in SQLite (see
 * followon_store.h).
 *
 * All twelve weeks are queued at the opt-in, each as a ('followon',
 * week) ledger row with its due time, in the same transaction as the
 * followon row.  That is what makes them exactly-once: the ledger's key
 * admits one row per week, a second opt-in finds the followon row and
 * writes nothing, and a crash leaves either all of it or none.  From
 * there the weeks go the way of every lesson (claim, lease, record,
 * retry, stale rule), and the claim skips them once the person has
 * unsubscribed, bounced, complained or is on the suppression list.
 * Queuing each week only when the one before is recorded would need a
 * hook in the ledger's record step for one kind of row; the dates are
 * known at the opt-in anyway, and `status` can show them all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enrollment.h"
#include "followon_store.h"
#include "log.h"
#include "scorecard.h"
#include "tz.h"
#include "util.h"

enum followon_gate
followon_gate(const char *state, const char *day30)
{
	if (strcmp(state, "completed") == 0)
		return FOLLOWON_OPEN;
	if (strcmp(state, "active") == 0 && day30 != NULL &&
	    strcmp(day30, "sent") == 0)
		return FOLLOWON_OPEN;
	if (strcmp(state, "active") == 0 || strcmp(state, "paused") == 0)
		return FOLLOWON_NOT_YET;
	return FOLLOWON_STOPPED;
}

int
followon_store_status(struct db *db, long long eid,
    struct followon_status *st)
{
	sqlite3_stmt *q;
	int rc, w;

	memset(st, 0, sizeof(*st));
	q = db_prepare(db, "SELECT opted_in_at, first_date FROM followon "
	    "WHERE enrollment_id = ?");
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, eid);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		st->opted_in = 1;
		st->opted_in_at = (time_t)sqlite3_column_int64(q, 0);
		if (clock_parse_date((const char *)sqlite3_column_text(q, 1),
		    &st->first) == -1)
			rc = SQLITE_CORRUPT;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_warnx("followon: enrollment %lld: its opt-in cannot be "
		    "read", eid);
		return -1;
	}
	if (!st->opted_in)
		return 0;
	q = db_prepare(db, "SELECT key, state, due_at, COALESCE(sent_at, 0) "
	    "FROM delivery WHERE enrollment_id = ? AND kind = 'followon'");
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, eid);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct followon_row *r;

		w = sqlite3_column_int(q, 0);
		if (w < 1 || w > FOLLOWON_WEEKS)
			continue;
		r = &st->rows[w - 1];
		snprintf(r->state, sizeof(r->state), "%s",
		    (const char *)sqlite3_column_text(q, 1));
		r->due_at = (time_t)sqlite3_column_int64(q, 2);
		r->sent_at = (time_t)sqlite3_column_int64(q, 3);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		db_warn(db, "followon");
		return -1;
	}
	for (w = 0; w < FOLLOWON_WEEKS; w++) {
		const char *s = st->rows[w].state;

		st->sent += strcmp(s, "sent") == 0;
		if (st->next_week == 0 && (strcmp(s, "pending") == 0 ||
		    strcmp(s, "sending") == 0 || strcmp(s, "retry") == 0)) {
			st->next_week = w + 1;
			st->next_due_at = st->rows[w].due_at;
		}
	}
	return 0;
}

/* Day 30's lesson state into buf ("" when it has no row); 0 or -1 */
static int
day30_state(struct db *db, long long eid, char *buf, size_t n)
{
	sqlite3_stmt *q = db_prepare(db, "SELECT state FROM delivery WHERE "
	    "enrollment_id = ? AND kind = 'lesson' AND key = 30");
	int rc;

	buf[0] = '\0';
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, eid);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		snprintf(buf, n, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(db, "followon");
		return -1;
	}
	return 0;
}

/* week's due time for a first week on first; 0 or -1 (unknown zone) */
static int
week_due(const struct enrollment *e, struct date first, int week,
    time_t *due)
{
	return tz_local_to_utc(e->tz, followon_week_date(first, week),
	    e->send_minutes, due);
}

/* the followon row and the twelve ledger rows, in the caller's transaction */
static int
queue_weeks(struct db *db, const struct enrollment *e, time_t now)
{
	sqlite3_stmt *q;
	struct date first;
	char fd[11];
	time_t due;
	int w;

	if (enrollment_first_date(e->tz, e->send_minutes, now, &first) == -1) {
		log_warnx("followon: enrollment %lld: unknown time zone '%s'",
		    e->id, e->tz);
		return -1;
	}
	clock_format_date(first, fd);
	q = db_prepare(db, "INSERT INTO followon (enrollment_id, opted_in_at, "
	    "first_date) VALUES (?, ?, ?)");
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, e->id);
	sqlite3_bind_int64(q, 2, now);
	sqlite3_bind_text(q, 3, fd, -1, SQLITE_TRANSIENT);
	if (db_step_done(db, q) == -1)
		return -1;
	for (w = 1; w <= FOLLOWON_WEEKS; w++) {
		if (week_due(e, first, w, &due) == -1)
			return -1;
		q = db_prepare(db, "INSERT OR IGNORE INTO delivery "
		    "(enrollment_id, kind, key, day, state, due_at, "
		    "next_try_at, updated_at) VALUES (?1, 'followon', ?2, 0, "
		    "'pending', ?3, ?3, ?4)");
		if (q == NULL)
			return -1;
		sqlite3_bind_int64(q, 1, e->id);
		sqlite3_bind_int(q, 2, w);
		sqlite3_bind_int64(q, 3, due);
		sqlite3_bind_int64(q, 4, now);
		if (db_step_done(db, q) == -1)
			return -1;
	}
	return 0;
}

int
followon_store_opt_in(struct db *db, const struct enrollment *e, time_t now,
    enum followon_gate *gate, int *created)
{
	sqlite3_stmt *q;
	char day30[16], state[16] = "";
	int rc, in = 0;

	*created = 0;
	if (db_begin(db) == -1)
		return -1;
	/* the state as it is inside the transaction, not as e was read */
	if ((q = db_prepare(db, "SELECT state, EXISTS (SELECT 1 FROM followon "
	    "WHERE enrollment_id = ?1) FROM enrollment WHERE id = ?1")) == NULL)
		goto fail;
	sqlite3_bind_int64(q, 1, e->id);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		snprintf(state, sizeof(state), "%s",
		    (const char *)sqlite3_column_text(q, 0));
		in = sqlite3_column_int(q, 1);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW) {
		db_warn(db, "followon");
		goto fail;
	}
	if (day30_state(db, e->id, day30, sizeof(day30)) == -1)
		goto fail;
	*gate = followon_gate(state, day30[0] ? day30 : NULL);
	/* once in, a second press changes nothing, whatever came since */
	if (in || *gate != FOLLOWON_OPEN) {
		if (in)
			*gate = FOLLOWON_OPEN;
		db_rollback(db);
		return 0;
	}
	if (queue_weeks(db, e, now) == -1 || db_commit(db) == -1)
		goto fail;
	*created = 1;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

/* the weeks' due times: the ledger's, or those an opt-in at now gives */
static void
plan_dates(const struct enrollment *e, time_t now, struct followon_plan *p)
{
	struct followon_status *st = &p->st;
	time_t due;
	int w;

	if (!st->opted_in) {
		st->opted_in_at = now;
		if (enrollment_first_date(e->tz, e->send_minutes, now,
		    &st->first) == -1)
			tz_local_date("UTC", now, &st->first);
	}
	for (w = 1; w <= FOLLOWON_WEEKS; w++) {
		p->dates[w - 1] = followon_week_date(st->first, w);
		due = st->rows[w - 1].due_at;
		if (due == 0 && week_due(e, st->first, w, &due) == -1)
			due = now;
		p->weeks[w - 1].due_at = due;
	}
}

void
followon_plan_make(const struct curriculum *cur, const struct enrollment *e,
    time_t now, struct score_attempt *att, size_t natt,
    struct followon_plan *p)
{
	const struct cur_scorecard *sc = &cur->scorecard;
	struct followon_attempt *fa;
	size_t *ntasks, i, k;
	int w;

	p->att = att;
	p->natt = natt;
	plan_dates(e, now, p);
	fa = xcalloc(natt + 1, sizeof(*fa));
	for (i = 0; i < natt; i++) {
		struct score_result r;

		score_compute(sc, att[i].v, &r);
		fa[i].taken_at = att[i].taken_at;
		fa[i].nweakest = r.nweakest;
		for (k = 0; k < r.nweakest; k++)
			fa[i].weakest[k] = r.weakest[k];
		score_result_free(&r);
	}
	ntasks = xcalloc(sc->ncategories + 1, sizeof(*ntasks));
	for (i = 0; i < sc->ncategories && i < cur->followon.ncats; i++)
		ntasks[i] = cur->followon.cats[i].ntasks;
	for (w = 1; w <= FOLLOWON_WEEKS; w++)
		followon_week_at(fa, natt, sc->ncategories, ntasks,
		    p->st.opted_in_at, p->weeks[w - 1].due_at, now, w,
		    &p->weeks[w - 1]);
	free(ntasks);
	free(fa);
}

int
followon_plan_load(struct db *db, const struct curriculum *cur,
    const struct enrollment *e, time_t now, struct followon_plan *p)
{
	struct score_attempt *att;
	size_t natt;

	memset(p, 0, sizeof(*p));
	if (followon_store_status(db, e->id, &p->st) == -1 ||
	    score_store_all(db, &cur->scorecard, e->id, &att, &natt) == -1)
		return -1;
	followon_plan_make(cur, e, now, att, natt, p);
	return 0;
}

void
followon_plan_free(struct followon_plan *p)
{
	score_attempts_free(p->att, p->natt);
	memset(p, 0, sizeof(*p));
}

int
followon_plan_current(const struct followon_plan *p, time_t now)
{
	int w, cur = 0;

	for (w = 1; w <= FOLLOWON_WEEKS; w++)
		if (p->weeks[w - 1].due_at <= now)
			cur = w;
	return cur;
}
