/*
 * ledger_add.c - one email that is not a lesson into the ledger (see
 * ledger_add.h).
 */
#include "ledger_add.h"

int
ledger_add(struct db *db, long long enrollment, const char *kind, int key,
    time_t due, time_t now)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT OR IGNORE INTO delivery "
	    "(enrollment_id, kind, key, day, state, due_at, next_try_at, "
	    "updated_at) VALUES (?1, ?2, ?3, 0, 'pending', ?4, ?4, ?5)");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, enrollment);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, key);
	sqlite3_bind_int64(st, 4, due);
	sqlite3_bind_int64(st, 5, now);
	return db_step_done(db, st);
}
