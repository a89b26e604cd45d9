/*
 * replan.c - keeping stored plans in step with the rules (see replan.h).
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "replan.h"
#include "tz.h"
#include "util.h"

/*
 * The configuration's skipped dates in force.  A web thread may still be
 * planning with the set a reload replaced, so replaced sets are kept,
 * chained to the new one (reloads are rare and a set is small), rather
 * than freed under it.
 */
struct skips {
	struct hol_set	 set;
	struct skips	*older;
};
static _Atomic(struct skips *) skips_in_force;

void
replan_use_skips(int us, char *const *dates, size_t n)
{
	struct skips *s = xcalloc(1, sizeof(*s));
	const char *bad;
	size_t i;

	s->set.us = us;
	for (i = 0; i < n; i++)
		hol_add_list(&s->set, dates[i], &bad);	/* cfg_load checked */
	s->older = atomic_exchange(&skips_in_force, s);
}

const struct hol_set *
replan_skips(void)
{
	struct skips *s = atomic_load(&skips_in_force);

	return s ? &s->set : NULL;
}

/*
 * Stores day's date (NULL: none yet, an open pause holds it); the
 * SEQUENCE goes up only when the date is not the one stored.
 */
static int
store_date(struct db *db, long long id, int day, const struct date *d,
    time_t now)
{
	static const char sql[] = "INSERT INTO task (enrollment_id, day, "
	    "sequence, modified_at, date) VALUES (?1, ?2, 1, ?3, ?4) "
	    "ON CONFLICT (enrollment_id, day) DO UPDATE SET "
	    "date = excluded.date, sequence = sequence + 1, "
	    "modified_at = excluded.modified_at "
	    "WHERE date IS NOT excluded.date";
	sqlite3_stmt *st = db_cached(db, sql);
	char s[11];
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, day);
	sqlite3_bind_int64(st, 3, now);
	if (d) {
		clock_format_date(*d, s);
		sqlite3_bind_text(st, 4, s, -1, SQLITE_TRANSIENT);
	} else
		sqlite3_bind_null(st, 4);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_warn(db, "plan dates");
		return -1;
	}
	return 0;
}

int
replan(struct db *db, struct enrollment *e, time_t now)
{
	struct sched_plan plan;
	struct date d;
	sqlite3_stmt *st;
	time_t due = 0;
	int day;

	enrollment_plan(e, &plan);
	if (e->next_day > 30 || strcmp(e->state, "active") != 0 ||
	    sched_due(&plan, e->tz, e->send_minutes, e->next_day, &due) == -1)
		due = 0;
	e->next_due_at = due;
	st = db_prepare(db, "UPDATE enrollment SET next_due_at = ?, "
	    "state = ?, updated_at = ? WHERE id = ?");
	if (st == NULL)
		return -1;
	if (due)
		sqlite3_bind_int64(st, 1, due);
	else
		sqlite3_bind_null(st, 1);
	sqlite3_bind_text(st, 2, e->state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, e->id);
	if (db_step_done(db, st) == -1)
		return -1;
	for (day = e->next_day; day <= 30; day++) {
		int dated = sched_day_date(&plan, day, &d) == 0;

		if (store_date(db, e->id, day, dated ? &d : NULL, now) == -1)
			return -1;
	}
	return 0;
}

static const char sql_fill[] = "UPDATE task SET date = ? "
    "WHERE enrollment_id = ? AND day = ? AND date IS NULL";

/* stores a date where none is yet, as it always was: no new SEQUENCE */
static void
fill(struct db *db, long long id, int day, struct date d)
{
	sqlite3_stmt *st = db_cached(db, sql_fill);
	char s[11];

	if (st == NULL)
		return;
	clock_format_date(d, s);
	sqlite3_bind_text(st, 1, s, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int(st, 3, day);
	if (sqlite3_step(st) != SQLITE_DONE)
		db_warn(db, "plan dates");
	sqlite3_reset(st);
}

/*
 * Plans made before dates were kept: a queued day's date is the local
 * date of its due time, in the zone it was queued in; a later day's is
 * where the rules of the time (no skipped dates) put it, so that only
 * the days the skipped dates move get a new SEQUENCE.
 */
static int
backfill(struct db *db, struct enrollment *e)
{
	struct sched_plan old;
	sqlite3_stmt *st;
	struct date d;
	int rc, day;

	if (e->nfixed == e->next_day - 1)
		return 0;
	enrollment_plan(e, &old);
	old.skip[0] = old.skip[1] = NULL;
	old.nfixed = 0;
	for (day = e->next_day; day <= 30; day++)
		if (sched_day_date(&old, day, &d) == 0)
			fill(db, e->id, day, d);
	st = db_prepare(db, "SELECT key, due_at FROM delivery WHERE "
	    "enrollment_id = ? AND kind = 'lesson' AND key < ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, e->id);
	sqlite3_bind_int(st, 2, e->next_day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (tz_local_date(e->tz, (time_t)sqlite3_column_int64(st, 1),
		    &d) == 0)
			fill(db, e->id, sqlite3_column_int(st, 0), d);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* 1 when the stored plans were made with rules, 0 when not, -1 */
static int
same_rules(struct db *db, const char *rules)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT rules = ? FROM plan_rules "
	    "WHERE id = 1");
	int rc, same = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, rules, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		same = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? same : -1;
}

/* the ids of every plan that may still show or send a day */
static long long *
plan_ids(struct db *db, size_t *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id FROM enrollment WHERE "
	    "state = 'active' OR state = 'paused' OR state = 'completed'");
	long long *v = NULL;
	size_t cap = 0;

	*n = 0;
	if (st == NULL)
		return NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return v;
}

/* fills in, then replans, one plan; 0 or -1 */
static int
replan_one(struct db *db, long long id, time_t now)
{
	struct enrollment e;
	int rc;

	if ((rc = enrollment_get(db, id, &e)) != 0)
		return rc == 1 ? 0 : -1;
	if (backfill(db, &e) == 0 && e.nfixed != e.next_day - 1) {
		enrollment_free(&e);
		if (enrollment_get(db, id, &e) != 0)
			return -1;
	}
	rc = 0;
	if (strcmp(e.state, "active") == 0 || strcmp(e.state, "paused") == 0)
		rc = replan(db, &e, now);
	enrollment_free(&e);
	return rc;
}

long
replan_if_changed(struct db *db, time_t now)
{
	const struct hol_set *skips = replan_skips();
	struct hol_set none = { 0, NULL, 0 };
	long long *ids = NULL;
	char *rules = hol_set_format(skips ? skips : &none);
	sqlite3_stmt *st;
	size_t n = 0, i;
	long rc = -1;

	if (db_begin(db) == -1)
		goto out;
	if ((rc = same_rules(db, rules)) != 0) {
		db_rollback(db);
		rc = rc == 1 ? 0 : -1;
		goto out;
	}
	rc = -1;
	ids = plan_ids(db, &n);
	for (i = 0; i < n; i++)
		if (replan_one(db, ids[i], now) == -1)
			goto fail;
	st = db_prepare(db, "INSERT OR REPLACE INTO plan_rules (id, rules) "
	    "VALUES (1, ?)");
	if (st == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, rules, -1, SQLITE_STATIC);
	if (db_step_done(db, st) == -1 || db_commit(db) == -1)
		goto fail;
	log_debug("plan: skipped dates now '%s': %zu plans replanned", rules,
	    n);
	rc = (long)n;
	goto out;
fail:
	db_rollback(db);
out:
	free(ids);
	free(rules);
	return rc;
}
