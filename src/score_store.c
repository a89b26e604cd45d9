/*
 * score_store.c - scorecard attempts in SQLite (see score_store.h).
 *
 * The scoring itself is scorecard.c's; this file only moves attempts in
 * and out of the score_attempt and score_answer tables, with bound
 * parameters and one transaction per attempt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enrollment.h"
#include "log.h"
#include "outbox.h"
#include "score_store.h"
#include "util.h"

int
score_store_save(struct db *db, long long enrollment_id,
    const struct cur_scorecard *sc, const int *v,
    const struct score_result *r, const char *source, time_t now,
    long long *attempt_id)
{
	sqlite3_stmt *st = NULL;
	size_t k, n = score_nitems(sc);
	long long id;

	if (db_begin(db) == -1)
		return -1;
	st = db_prepare(db, "INSERT INTO score_attempt (enrollment_id, "
	    "taken_at, readiness, band, source) VALUES (?, ?, ?, ?, ?)");
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, enrollment_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
	sqlite3_bind_int(st, 3, r->index);
	sqlite3_bind_text(st, 4, sc->bands[r->band].name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, source, -1, SQLITE_STATIC);
	if (db_step_done(db, st) == -1)
		goto fail;
	id = sqlite3_last_insert_rowid(db_handle(db));
	st = db_prepare(db, "INSERT INTO score_answer (attempt_id, item, "
	    "value) VALUES (?, ?, ?)");
	if (st == NULL)
		goto fail;
	for (k = 0; k < n; k++) {
		if (v[k] == SCORE_UNSET)
			continue;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, score_item(sc, k, NULL)->id, -1,
		    SQLITE_STATIC);
		if (v[k] == SCORE_NA)
			sqlite3_bind_null(st, 3);
		else
			sqlite3_bind_int(st, 3, v[k]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_warn(db, "saving a scorecard answer");
			goto fail;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (outbox_wants(CFG_EV_SCORECARD_TAKEN) && outbox_emit(db,
	    CFG_EV_SCORECARD_TAKEN, enrollment_id, 0, json_pack("{s:I, s:i, "
	    "s:s, s:s}", "attempt_id", (json_int_t)id, "readiness", r->index,
	    "band", sc->bands[r->band].name, "source", source), now) == -1)
		goto fail;
	if (db_commit(db) == -1)
		return -1;
	if (attempt_id)
		*attempt_id = id;
	return 0;
fail:
	sqlite3_finalize(st);
	db_rollback(db);
	return -1;
}

void
score_attempt_free(struct score_attempt *a)
{
	free(a->band);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

/* one attempt row and its answers; 0, or -1 logged */
static int
load_one(struct db *db, const struct cur_scorecard *sc, sqlite3_stmt *row,
    struct score_attempt *a)
{
	sqlite3_stmt *st;
	size_t k;
	int rc;

	memset(a, 0, sizeof(*a));
	a->id = sqlite3_column_int64(row, 0);
	a->taken_at = (time_t)sqlite3_column_int64(row, 1);
	a->index = sqlite3_column_int(row, 2);
	a->band = xstrdup((const char *)sqlite3_column_text(row, 3));
	snprintf(a->source, sizeof(a->source), "%s",
	    (const char *)sqlite3_column_text(row, 4));
	a->n = score_nitems(sc);
	a->v = xcalloc(a->n + 1, sizeof(*a->v));
	for (k = 0; k < a->n; k++)
		a->v[k] = SCORE_UNSET;
	st = db_prepare(db, "SELECT item, value FROM score_answer WHERE "
	    "attempt_id = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, a->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long i = score_item_index(sc,
		    (const char *)sqlite3_column_text(st, 0));

		if (i < 0)
			continue;	/* an item the curriculum dropped */
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			a->v[i] = SCORE_NA;
		else
			a->v[i] = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_warn(db, "reading scorecard answers");
		return -1;
	}
	return 0;
}

/* the attempt at one end (newest when desc) of enrollment's list */
static int
load_end(struct db *db, const struct cur_scorecard *sc, long long eid,
    int desc, struct score_attempt *a)
{
	sqlite3_stmt *st;
	int rc = -1;

	st = db_prepare(db, desc ?
	    "SELECT id, taken_at, readiness, band, source FROM score_attempt "
	    "WHERE enrollment_id = ? ORDER BY taken_at DESC, id DESC LIMIT 1" :
	    "SELECT id, taken_at, readiness, band, source FROM score_attempt "
	    "WHERE enrollment_id = ? ORDER BY taken_at, id LIMIT 1");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, eid);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = load_one(db, sc, st, a);
	else
		db_warn(db, "reading a scorecard attempt");
	sqlite3_finalize(st);
	return rc;
}

int
score_store_load(struct db *db, const struct cur_scorecard *sc,
    long long eid, int *count, struct score_attempt *first,
    struct score_attempt *latest)
{
	sqlite3_stmt *st;
	int n = -1;

	if (first)
		memset(first, 0, sizeof(*first));
	if (latest)
		memset(latest, 0, sizeof(*latest));
	/*
	 * One read transaction, so first, latest and count agree; a
	 * savepoint, so that it also works inside a caller's transaction.
	 */
	if (db_exec(db, "SAVEPOINT score_load") == -1)
		return -1;
	st = db_prepare(db, "SELECT count(*) FROM score_attempt WHERE "
	    "enrollment_id = ?");
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, eid);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (n < 0) {
		db_warn(db, "counting scorecard attempts");
		goto fail;
	}
	if (n > 0 && ((first && load_end(db, sc, eid, 0, first) == -1) ||
	    (latest && load_end(db, sc, eid, 1, latest) == -1)))
		goto fail;
	db_exec(db, "RELEASE score_load");
	*count = n;
	return 0;
fail:
	db_exec(db, "ROLLBACK TO score_load");
	db_exec(db, "RELEASE score_load");
	if (first)
		score_attempt_free(first);
	if (latest)
		score_attempt_free(latest);
	return -1;
}

int
score_store_take(struct db *db, const struct cur_scorecard *sc,
    long long eid, const int *v, const char *source, time_t now,
    int *count, struct score_attempt *first, struct score_attempt *latest)
{
	struct score_result r;
	int rc;

	score_compute(sc, v, &r);
	rc = score_store_save(db, eid, sc, v, &r, source, now, NULL);
	score_result_free(&r);
	if (rc == -1)
		return -1;
	return score_store_load(db, sc, eid, count, first, latest);
}

enum score_due
score_store_due(struct db *db, const struct curriculum *cur,
    const struct enrollment *e, time_t now)
{
	struct score_attempt latest;
	enum score_due due;
	int n = 0;

	if (strcmp(e->state, "unenrolled") == 0 ||
	    strcmp(e->state, "unsubscribed") == 0)
		return SCORE_DUE_NONE;
	if (score_store_load(db, &cur->scorecard, e->id, &n, NULL,
	    &latest) == -1)
		return SCORE_DUE_NONE;
	due = score_due(cur, enrollment_plan_day(e, now), n,
	    n ? enrollment_plan_day(e, latest.taken_at) : 0);
	score_attempt_free(&latest);
	return due;
}

int
score_store_all(struct db *db, const struct cur_scorecard *sc, long long eid,
    struct score_attempt **out, size_t *n)
{
	struct score_attempt *a = NULL;
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT id, taken_at, readiness, band, source "
	    "FROM score_attempt WHERE enrollment_id = ? ORDER BY taken_at, "
	    "id");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, eid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 4;
			a = xreallocarray(a, cap, sizeof(*a));
		}
		if (load_one(db, sc, st, &a[*n]) == -1) {
			score_attempt_free(&a[*n]);
			rc = SQLITE_ERROR;
			break;
		}
		(*n)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ERROR)
			db_warn(db, "reading scorecard attempts");
		score_attempts_free(a, *n);
		*n = 0;
		return -1;
	}
	*out = a;
	return 0;
}

void
score_attempts_free(struct score_attempt *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		score_attempt_free(&a[i]);
	free(a);
}
