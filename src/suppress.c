/*
 * suppress.c - the suppression list (see suppress.h): a few pure rules
 * and the table that keeps it.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "suppress.h"

static const char *const names[] = {
	[SUPPRESS_NONE] = "none",
	[SUPPRESS_UNSUBSCRIBED] = "unsubscribed",
	[SUPPRESS_BLOCKED] = "blocked",
	[SUPPRESS_BOUNCED] = "bounced",
	[SUPPRESS_COMPLAINED] = "complained",
};

const char *
suppress_reason_str(enum suppress_reason r)
{
	return r <= SUPPRESS_COMPLAINED ? names[r] : "none";
}

enum suppress_reason
suppress_reason_parse(const char *s)
{
	int r;

	for (r = SUPPRESS_UNSUBSCRIBED; r <= SUPPRESS_COMPLAINED; r++)
		if (s && strcmp(s, names[r]) == 0)
			return r;
	return SUPPRESS_NONE;
}

int
suppress_lift_needs(enum suppress_reason r)
{
	switch (r) {
	case SUPPRESS_BOUNCED:
		return 1;
	case SUPPRESS_COMPLAINED:
		return 2;
	default:
		return 0;
	}
}

void
suppress_describe(const struct suppress_entry *e, char *buf, size_t n)
{
	char day[16] = "?";
	struct tm tm;

	if (gmtime_r(&e->since, &tm))
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	if (e->forgotten) {
		switch (suppress_lift_needs(e->reason)) {
		case 0:
			snprintf(buf, n, "%s was forgotten at their request on "
			    "%s; add --resubscribe if they asked to join again",
			    e->email, day);
			break;
		case 1:
			snprintf(buf, n, "%s was forgotten at their request on "
			    "%s, after it bounced; check the address, then "
			    "'refready suppress remove %s'", e->email, day,
			    e->email);
			break;
		default:
			snprintf(buf, n, "%s was forgotten at their request on "
			    "%s, after marking our mail as spam; mailing them "
			    "again risks the sender's reputation ('refready "
			    "suppress remove %s --force')", e->email, day,
			    e->email);
			break;
		}
		return;
	}
	switch (e->reason) {
	case SUPPRESS_UNSUBSCRIBED:
		snprintf(buf, n, "%s unsubscribed on %s; add --resubscribe if "
		    "they asked to join again", e->email, day);
		break;
	case SUPPRESS_BLOCKED:
		snprintf(buf, n, "%s is blocked since %s%s%s%s; add "
		    "--resubscribe to lift the block", e->email, day,
		    e->detail[0] ? " (" : "", e->detail,
		    e->detail[0] ? ")" : "");
		break;
	case SUPPRESS_BOUNCED:
		snprintf(buf, n, "%s bounced on %s%s%s%s; check the address, "
		    "then 'refready suppress remove %s'", e->email, day,
		    e->detail[0] ? " (" : "", e->detail,
		    e->detail[0] ? ")" : "", e->email);
		break;
	case SUPPRESS_COMPLAINED:
		snprintf(buf, n, "%s marked our mail as spam on %s; mailing "
		    "them again risks the sender's reputation ('refready "
		    "suppress remove %s --force')", e->email, day, e->email);
		break;
	default:
		snprintf(buf, n, "%s is not suppressed", e->email);
		break;
	}
}

static void
fill(sqlite3_stmt *st, struct suppress_entry *e)
{
	const char *s;

	memset(e, 0, sizeof(*e));
	s = (const char *)sqlite3_column_text(st, 0);
	snprintf(e->email, sizeof(e->email), "%s", s ? s : "");
	e->reason = suppress_reason_parse((const char *)
	    sqlite3_column_text(st, 1));
	e->since = (time_t)sqlite3_column_int64(st, 2);
	s = (const char *)sqlite3_column_text(st, 3);
	snprintf(e->detail, sizeof(e->detail), "%s", s ? s : "");
}

int
suppress_get(struct db *db, const char *email, struct suppress_entry *e)
{
	sqlite3_stmt *st = db_cached(db, "SELECT email, reason, since, detail "
	    "FROM suppression WHERE email = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		fill(st, e);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(db, "suppression");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
suppress_check(struct db *db, const unsigned char key[TOKEN_SECRET_LEN],
    const char *email, struct suppress_entry *e)
{
	char row[TOKEN_FORGOTTEN_LEN + 1];
	int x;

	if ((x = suppress_get(db, email, e)) != 0)
		return x;
	token_forgotten(key, email, row);
	if ((x = suppress_get(db, row, e)) != 1)
		return x;
	snprintf(e->email, sizeof(e->email), "%s", email);
	snprintf(e->row, sizeof(e->row), "%s", row);
	e->forgotten = 1;
	return 1;
}

int
suppress_any_forgotten(struct db *db)
{
	/* a range of the key, so the primary key's index answers */
	sqlite3_stmt *st = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM "
	    "suppression WHERE email >= '" TOKEN_FORGOTTEN_PREFIX "' AND "
	    "email < '" TOKEN_FORGOTTEN_PREFIX "~')");
	int rc, x = 0;

	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		x = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		db_warn(db, "suppression");
		return -1;
	}
	return x;
}

static int
log_change(struct db *db, const char *email, const char *action,
    const char *reason, const char *detail, time_t now)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO suppression_log "
	    "(email, action, reason, at, detail) VALUES (?, ?, ?, ?, ?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	if (detail)
		sqlite3_bind_text(st, 5, detail, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 5);
	return db_step_done(db, st);
}

int
suppress_add(struct db *db, const char *email, enum suppress_reason r,
    const char *detail, time_t now)
{
	struct suppress_entry cur;
	sqlite3_stmt *st;
	int have;

	if ((have = suppress_get(db, email, &cur)) == -1)
		return -1;
	/* the stronger reason stays: a complaint is never made a bounce */
	if (have && cur.reason >= r)
		return 0;
	st = db_prepare(db, "INSERT INTO suppression (email, reason, since, "
	    "detail) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (email) DO UPDATE "
	    "SET reason = ?2, since = ?3, detail = ?4");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, suppress_reason_str(r), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	if (detail)
		sqlite3_bind_text(st, 4, detail, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 4);
	if (db_step_done(db, st) == -1)
		return -1;
	return log_change(db, email, "add", suppress_reason_str(r), detail,
	    now);
}

int
suppress_lift(struct db *db, const char *email, const char *why,
    time_t now)
{
	struct suppress_entry cur;
	sqlite3_stmt *st;
	int have;

	if ((have = suppress_get(db, email, &cur)) != 1)
		return have == 0 ? 1 : -1;
	st = db_prepare(db, "DELETE FROM suppression WHERE email = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
	if (db_step_done(db, st) == -1)
		return -1;
	return log_change(db, email, "lift", suppress_reason_str(cur.reason),
	    why, now);
}

int
suppress_each(struct db *db, int (*fn)(void *, const struct suppress_entry *),
    void *arg)
{
	struct suppress_entry e;
	sqlite3_stmt *st = db_prepare(db, "SELECT email, reason, since, detail "
	    "FROM suppression ORDER BY since, email");
	int rc, x = 0;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fill(st, &e);
		if ((x = fn(arg, &e)) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(db, "suppression");
		x = -1;
	}
	sqlite3_finalize(st);
	return x;
}
