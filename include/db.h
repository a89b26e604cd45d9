/*
 * db.h - the SQLite database: opening, schema migrations and write
 * transactions.
 *
 * The schema is versioned with PRAGMA user_version.  Only `refready init`
 * creates or upgrades it; every other command opens an existing database
 * and refuses one that is missing, older (run init) or newer (upgrade the
 * program) than this binary's schema.
 */
#ifndef REFREADY_DB_H
#define REFREADY_DB_H

#include <sqlite3.h>

struct db;

enum db_open_mode {
	DB_OPEN_EXISTING,	/* must exist at the current schema */
	DB_OPEN_INIT		/* create or upgrade */
};

/* the schema version this program writes */
int	 db_schema_version(void);

/*
 * Opens path with WAL, foreign keys and a busy timeout.  With DB_OPEN_INIT
 * creates the file (and its folder) and applies pending migrations,
 * reporting the versions in *from and *to (either may be NULL).  Returns
 * NULL after logging the reason.  The caller closes with db_close.
 */
struct db *db_open(const char *path, enum db_open_mode, int *from, int *to);
void	 db_close(struct db *);
sqlite3	*db_handle(struct db *);

/*
 * BEGIN IMMEDIATE, retried while another writer holds the lock: a deferred
 * transaction that later upgrades to a write ignores the busy timeout, so
 * every write transaction starts here.  0 on success, -1 (logged) if the
 * lock could not be had within about half a minute.
 */
int	 db_begin(struct db *);
int	 db_commit(struct db *);
void	 db_rollback(struct db *);

/* runs SQL with no results; logs and returns -1 on failure */
int	 db_exec(struct db *, const char *sql);

/* prepares sql; NULL (logged with the statement) on failure */
sqlite3_stmt *db_prepare(struct db *, const char *sql);
/*
 * A statement prepared once and kept for the connection's life, for hot
 * paths.  sql must be a string literal: its address is the cache key.
 * It comes back reset with its bindings cleared; never finalize it.
 * NULL (logged) on failure.
 */
sqlite3_stmt *db_cached(struct db *, const char *sql);

/* steps a statement that returns no row and finalizes it; 0 or -1 logged */
int	 db_step_done(struct db *, sqlite3_stmt *);
/* logs sqlite's message for the last failure, with context */
void	 db_warn(struct db *, const char *context);

#endif
