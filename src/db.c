/*
 * db.c - SQLite storage: open, migrate, transactions (see db.h).
 *
 * The schema is designed for the whole product; migrations[i] takes the
 * database from user_version i to i + 1 inside one transaction, so a
 * crash mid-upgrade leaves the old version intact.  Never edit a shipped
 * migration: add the next one.
 *
 * Times are INTEGER seconds since the epoch (UTC); calendar dates in a
 * person's own zone are TEXT 'YYYY-MM-DD'.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "log.h"
#include "util.h"

#define BUSY_TIMEOUT_MS		5000
#define BEGIN_ATTEMPTS		6

#define DB_CACHE	48

struct db {
	sqlite3	*h;
	char	*path;
	struct {
		const char	*sql;		/* the literal's address */
		sqlite3_stmt	*st;
	}	 cache[DB_CACHE];
	int	 ncache;
};

static const char *const migrations[] = {
	/* 0 -> 1: the first schema */
	"CREATE TABLE person ("
	"  id            INTEGER PRIMARY KEY,"
	"  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  name          TEXT NOT NULL DEFAULT '',"
	"  tz            TEXT,"			/* NULL: not known yet */
	"  created_at    INTEGER NOT NULL"
	");"

	/* one webinar and the plan start of the people who came from it */
	"CREATE TABLE cohort ("
	"  id            INTEGER PRIMARY KEY,"
	"  name          TEXT NOT NULL UNIQUE,"
	"  webinar_at    INTEGER NOT NULL,"
	"  webinar_tz    TEXT NOT NULL,"
	"  start_date    TEXT NOT NULL,"
	"  created_at    INTEGER NOT NULL"
	");"

	/* who registered for a cohort's webinar; attendance is separate */
	"CREATE TABLE registration ("
	"  cohort_id     INTEGER NOT NULL REFERENCES cohort(id)"
	"                  ON DELETE CASCADE,"
	"  person_id     INTEGER NOT NULL REFERENCES person(id),"
	"  registered_at INTEGER,"		/* NULL: seen only attending */
	"  updated_at    INTEGER NOT NULL,"
	"  PRIMARY KEY (cohort_id, person_id)"
	") WITHOUT ROWID;"

	/*
	 * One row per join of the webinar (platforms list a person once per
	 * join); session_key identifies the row within an export so that a
	 * re-import changes nothing.
	 */
	"CREATE TABLE attendance ("
	"  cohort_id     INTEGER NOT NULL REFERENCES cohort(id)"
	"                  ON DELETE CASCADE,"
	"  person_id     INTEGER NOT NULL REFERENCES person(id),"
	"  session_key   TEXT NOT NULL,"
	"  attended      INTEGER NOT NULL CHECK (attended IN (0, 1)),"
	"  join_at       INTEGER,"
	"  leave_at      INTEGER,"
	"  minutes       INTEGER NOT NULL DEFAULT 0 CHECK (minutes >= 0),"
	"  PRIMARY KEY (cohort_id, person_id, session_key)"
	") WITHOUT ROWID;"

	/*
	 * A person's run through the plan.  next_day is the first plan day
	 * not yet in the delivery ledger (31 when all are) and next_due_at
	 * its due time, so "what is due before T" is one index range.
	 */
	"CREATE TABLE enrollment ("
	"  id            INTEGER PRIMARY KEY,"
	"  person_id     INTEGER NOT NULL REFERENCES person(id),"
	"  cohort_id     INTEGER REFERENCES cohort(id) ON DELETE SET NULL,"
	"  state         TEXT NOT NULL DEFAULT 'active' CHECK (state IN"
	"                  ('active', 'paused', 'unsubscribed', 'unenrolled',"
	"                   'completed')),"
	"  tz            TEXT NOT NULL,"
	"  send_at       TEXT NOT NULL"
	"                  CHECK (send_at GLOB '[0-2][0-9]:[0-5][0-9]'),"
	"  start_date    TEXT NOT NULL,"
	"  pacing        TEXT NOT NULL CHECK (pacing IN ('daily', 'weekdays')),"
	"  next_day      INTEGER NOT NULL DEFAULT 1"
	"                  CHECK (next_day BETWEEN 1 AND 31),"
	"  next_due_at   INTEGER,"
	"  token_version INTEGER NOT NULL DEFAULT 1,"
	"  created_at    INTEGER NOT NULL,"
	"  updated_at    INTEGER NOT NULL"
	");"
	"CREATE UNIQUE INDEX enrollment_open ON enrollment(person_id)"
	"  WHERE state IN ('active', 'paused');"
	"CREATE INDEX enrollment_due ON enrollment(next_due_at)"
	"  WHERE state = 'active' AND next_due_at IS NOT NULL;"
	"CREATE INDEX enrollment_cohort ON enrollment(cohort_id);"

	/* paused spans of local dates: [from_date, until_date) */
	"CREATE TABLE pause ("
	"  enrollment_id INTEGER NOT NULL REFERENCES enrollment(id)"
	"                  ON DELETE CASCADE,"
	"  from_date     TEXT NOT NULL,"
	"  until_date    TEXT,"			/* NULL: still paused */
	"  PRIMARY KEY (enrollment_id, from_date)"
	") WITHOUT ROWID;"

	/*
	 * The delivery ledger: one row per (enrollment, plan day), created
	 * when the day falls due and advanced only on a confirmed result.
	 * maybe_dup marks a message sent again after a final SMTP reply
	 * that never came.
	 */
	"CREATE TABLE delivery ("
	"  enrollment_id INTEGER NOT NULL REFERENCES enrollment(id)"
	"                  ON DELETE CASCADE,"
	"  day           INTEGER NOT NULL CHECK (day BETWEEN 1 AND 30),"
	"  state         TEXT NOT NULL CHECK (state IN ('pending', 'sending',"
	"                  'sent', 'retry', 'failed', 'skipped')),"
	"  due_at        INTEGER NOT NULL,"
	"  next_try_at   INTEGER NOT NULL,"
	"  attempts      INTEGER NOT NULL DEFAULT 0,"
	"  last_reply    TEXT,"
	"  message_id    TEXT,"
	"  sent_at       INTEGER,"
	"  maybe_dup     INTEGER NOT NULL DEFAULT 0,"
	"  updated_at    INTEGER NOT NULL,"
	"  PRIMARY KEY (enrollment_id, day)"
	") WITHOUT ROWID;"
	"CREATE INDEX delivery_todo ON delivery(next_try_at)"
	"  WHERE state IN ('pending', 'sending', 'retry');"

	/*
	 * Per plan day: the done mark, and the calendar item's SEQUENCE and
	 * LAST-MODIFIED, which change only when the item does.  No row: not
	 * done, never changed.
	 */
	"CREATE TABLE task ("
	"  enrollment_id INTEGER NOT NULL REFERENCES enrollment(id)"
	"                  ON DELETE CASCADE,"
	"  day           INTEGER NOT NULL CHECK (day BETWEEN 1 AND 30),"
	"  done          INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),"
	"  done_at       INTEGER,"
	"  sequence      INTEGER NOT NULL DEFAULT 0,"
	"  modified_at   INTEGER NOT NULL,"
	"  PRIMARY KEY (enrollment_id, day)"
	") WITHOUT ROWID;"

	/* every scorecard submission, kept unchanged */
	"CREATE TABLE score_attempt ("
	"  id            INTEGER PRIMARY KEY,"
	"  enrollment_id INTEGER NOT NULL REFERENCES enrollment(id)"
	"                  ON DELETE CASCADE,"
	"  taken_at      INTEGER NOT NULL,"
	"  readiness     INTEGER NOT NULL CHECK (readiness BETWEEN 0 AND 100),"
	"  band          TEXT NOT NULL,"
	"  source        TEXT NOT NULL CHECK (source IN ('web', 'terminal',"
	"                  'json'))"
	");"
	"CREATE INDEX score_attempt_enrollment"
	"  ON score_attempt(enrollment_id, taken_at);"
	"CREATE TABLE score_answer ("
	"  attempt_id    INTEGER NOT NULL REFERENCES score_attempt(id)"
	"                  ON DELETE CASCADE,"
	"  item          TEXT NOT NULL,"
	"  value         INTEGER CHECK (value BETWEEN 0 AND 4),"	/* NULL: N/A */
	"  PRIMARY KEY (attempt_id, item)"
	") WITHOUT ROWID;"

	/*
	 * URL tokens.  Only a keyed hash of each token is stored; the token
	 * is derived from secret_file, the owner and its token_version, so
	 * raising the version (links --rotate) retires the old ones.
	 */
	"CREATE TABLE token ("
	"  hash          BLOB PRIMARY KEY,"
	"  kind          TEXT NOT NULL CHECK (kind IN ('page', 'feed',"
	"                  'unsubscribe', 'cohort')),"
	"  owner_id      INTEGER NOT NULL,"
	"  version       INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX token_owner ON token(kind, owner_id);",

	/*
	 * 1 -> 2: the ledger's states compared one by one, in its CHECK and
	 * in its to-do index.  SQLite tests "state IN (three or more)"
	 * through a temporary b-tree built afresh each time a statement
	 * runs: the CHECK and the partial index (old row and new) made three
	 * of them for every result recorded, more work than the write
	 * itself.  A CHECK cannot be altered, so the table is copied.
	 * Queries that want the index must say the same words (ledger_claim).
	 */
	"CREATE TABLE delivery_new ("
	"  enrollment_id INTEGER NOT NULL REFERENCES enrollment(id)"
	"                  ON DELETE CASCADE,"
	"  day           INTEGER NOT NULL CHECK (day BETWEEN 1 AND 30),"
	"  state         TEXT NOT NULL CHECK (state = 'pending' OR"
	"                  state = 'sending' OR state = 'sent' OR"
	"                  state = 'retry' OR state = 'failed' OR"
	"                  state = 'skipped'),"
	"  due_at        INTEGER NOT NULL,"
	"  next_try_at   INTEGER NOT NULL,"
	"  attempts      INTEGER NOT NULL DEFAULT 0,"
	"  last_reply    TEXT,"
	"  message_id    TEXT,"
	"  sent_at       INTEGER,"
	"  maybe_dup     INTEGER NOT NULL DEFAULT 0,"
	"  updated_at    INTEGER NOT NULL,"
	"  PRIMARY KEY (enrollment_id, day)"
	") WITHOUT ROWID;"
	"INSERT INTO delivery_new SELECT enrollment_id, day, state, due_at,"
	"  next_try_at, attempts, last_reply, message_id, sent_at, maybe_dup,"
	"  updated_at FROM delivery;"
	"DROP TABLE delivery;"
	"ALTER TABLE delivery_new RENAME TO delivery;"
	"CREATE INDEX delivery_todo ON delivery(next_try_at)"
	"  WHERE state = 'pending' OR state = 'sending' OR state = 'retry';",

	/*
	 * 2 -> 3: deliverability.  An enrollment can end bounced or
	 * complained (a CHECK cannot be altered: the table is copied, with
	 * foreign keys off while it is, see migrate), and one suppression
	 * list, keyed by address, says who must not be mailed and why;
	 * its log keeps every change, lifts included.  What came back to the
	 * return path is kept per person.
	 */
	"CREATE TABLE enrollment_new ("
	"  id            INTEGER PRIMARY KEY,"
	"  person_id     INTEGER NOT NULL REFERENCES person(id),"
	"  cohort_id     INTEGER REFERENCES cohort(id) ON DELETE SET NULL,"
	"  state         TEXT NOT NULL DEFAULT 'active' CHECK (state = "
	"                  'active' OR state = 'paused' OR state = "
	"                  'unsubscribed' OR state = 'unenrolled' OR state = "
	"                  'completed' OR state = 'bounced' OR state = "
	"                  'complained'),"
	"  tz            TEXT NOT NULL,"
	"  send_at       TEXT NOT NULL"
	"                  CHECK (send_at GLOB '[0-2][0-9]:[0-5][0-9]'),"
	"  start_date    TEXT NOT NULL,"
	"  pacing        TEXT NOT NULL CHECK (pacing = 'daily' OR"
	"                  pacing = 'weekdays'),"
	"  next_day      INTEGER NOT NULL DEFAULT 1"
	"                  CHECK (next_day BETWEEN 1 AND 31),"
	"  next_due_at   INTEGER,"
	"  token_version INTEGER NOT NULL DEFAULT 1,"
	"  created_at    INTEGER NOT NULL,"
	"  updated_at    INTEGER NOT NULL"
	");"
	"INSERT INTO enrollment_new SELECT id, person_id, cohort_id, state, tz,"
	"  send_at, start_date, pacing, next_day, next_due_at, token_version,"
	"  created_at, updated_at FROM enrollment;"
	"DROP TABLE enrollment;"
	"ALTER TABLE enrollment_new RENAME TO enrollment;"
	"CREATE UNIQUE INDEX enrollment_open ON enrollment(person_id)"
	"  WHERE state = 'active' OR state = 'paused';"
	"CREATE INDEX enrollment_due ON enrollment(next_due_at)"
	"  WHERE state = 'active' AND next_due_at IS NOT NULL;"
	"CREATE INDEX enrollment_cohort ON enrollment(cohort_id);"

	"CREATE TABLE suppression ("
	"  email         TEXT PRIMARY KEY COLLATE NOCASE,"
	"  reason        TEXT NOT NULL CHECK (reason = 'unsubscribed' OR"
	"                  reason = 'bounced' OR reason = 'complained' OR"
	"                  reason = 'blocked'),"
	"  since         INTEGER NOT NULL,"
	"  detail        TEXT"			/* a server's reason, a note */
	") WITHOUT ROWID;"
	"CREATE TABLE suppression_log ("
	"  id            INTEGER PRIMARY KEY,"
	"  email         TEXT NOT NULL COLLATE NOCASE,"
	"  action        TEXT NOT NULL CHECK (action = 'add' OR"
	"                  action = 'lift'),"
	"  reason        TEXT NOT NULL,"
	"  at            INTEGER NOT NULL,"
	"  detail        TEXT"
	");"
	/* those who unsubscribed before the list existed are on it */
	"INSERT OR IGNORE INTO suppression (email, reason, since, detail)"
	"  SELECT p.email, 'unsubscribed', max(e.updated_at), NULL"
	"  FROM enrollment e JOIN person p ON p.id = e.person_id"
	"  WHERE e.state = 'unsubscribed' GROUP BY p.email;"
	"INSERT INTO suppression_log (email, action, reason, at)"
	"  SELECT email, 'add', reason, since FROM suppression;"

	"CREATE TABLE bounce ("
	"  id            INTEGER PRIMARY KEY,"
	"  person_id     INTEGER NOT NULL REFERENCES person(id),"
	"  enrollment_id INTEGER,"		/* NULL: found by address */
	"  day           INTEGER,"
	"  kind          TEXT NOT NULL CHECK (kind = 'hard' OR kind = 'soft'"
	"                  OR kind = 'complaint'),"
	"  status        TEXT,"
	"  reason        TEXT,"
	"  at            INTEGER NOT NULL,"
	"  msg_hash      BLOB NOT NULL UNIQUE"	/* a message counts once */
	");"
	"CREATE INDEX bounce_person ON bounce(person_id, at);",

	/*
	 * 3 -> 4: one ledger, many kinds.  Every email refready sends is a
	 * row keyed by (enrollment, kind, key), so that one claim, lease
	 * and record path gives each the same guarantees: a lesson is
	 * ('lesson', its day), an operator's resend ('resend', a number
	 * counting that enrollment's resends) with the day it carries.
	 * The primary key changes: the table is copied.  Queries about
	 * lessons say kind = 'lesson'; the to-do index serves every kind.
	 */
	"CREATE TABLE delivery_new ("
	"  enrollment_id INTEGER NOT NULL REFERENCES enrollment(id)"
	"                  ON DELETE CASCADE,"
	"  kind          TEXT NOT NULL CHECK (kind = 'lesson' OR"
	"                  kind = 'resend'),"
	"  key           INTEGER NOT NULL CHECK (key >= 1),"
	"  day           INTEGER NOT NULL CHECK (day BETWEEN 1 AND 30),"
	"  state         TEXT NOT NULL CHECK (state = 'pending' OR"
	"                  state = 'sending' OR state = 'sent' OR"
	"                  state = 'retry' OR state = 'failed' OR"
	"                  state = 'skipped'),"
	"  due_at        INTEGER NOT NULL,"
	"  next_try_at   INTEGER NOT NULL,"
	"  attempts      INTEGER NOT NULL DEFAULT 0,"
	"  last_reply    TEXT,"
	"  message_id    TEXT,"
	"  sent_at       INTEGER,"
	"  maybe_dup     INTEGER NOT NULL DEFAULT 0,"
	"  updated_at    INTEGER NOT NULL,"
	"  CHECK (kind <> 'lesson' OR key = day),"
	"  PRIMARY KEY (enrollment_id, kind, key)"
	") WITHOUT ROWID;"
	"INSERT INTO delivery_new SELECT enrollment_id, 'lesson', day, day,"
	"  state, due_at, next_try_at, attempts, last_reply, message_id,"
	"  sent_at, maybe_dup, updated_at FROM delivery;"
	"DROP TABLE delivery;"
	"ALTER TABLE delivery_new RENAME TO delivery;"
	"CREATE INDEX delivery_todo ON delivery(next_try_at)"
	"  WHERE state = 'pending' OR state = 'sending' OR state = 'retry';",

	/*
	 * 4 -> 5: holidays and skipped dates.  task.date is the local date
	 * a plan day was last planned for, as the calendar shows it: a
	 * queued day keeps it for good, and a later day the rules move gets
	 * a new one and a higher SEQUENCE.  A cohort's own skipped dates
	 * (hol_add_list's form).  plan_rules holds the configuration's
	 * skipped dates the open plans were last planned with (NULL row:
	 * never; the first pass fills in the queued days' dates).
	 */
	"ALTER TABLE task ADD COLUMN date TEXT;"
	"ALTER TABLE cohort ADD COLUMN skip_dates TEXT;"
	"CREATE TABLE plan_rules ("
	"  id            INTEGER PRIMARY KEY CHECK (id = 1),"
	"  rules         TEXT NOT NULL"
	");",

	/*
	 * 5 -> 6: the emails around the month.  The ledger takes a welcome
	 * ('welcome', 1), a completion summary ('completion', 1) and the
	 * weeks after ('followon', the week 1..12); these carry no plan day
	 * (day 0).  A cohort's webinar gets a title and its join and replay
	 * links.  The table is copied: a CHECK cannot be altered.
	 */
	"CREATE TABLE delivery_new ("
	"  enrollment_id INTEGER NOT NULL REFERENCES enrollment(id)"
	"                  ON DELETE CASCADE,"
	"  kind          TEXT NOT NULL CHECK (kind = 'lesson' OR"
	"                  kind = 'resend' OR kind = 'welcome' OR"
	"                  kind = 'completion' OR kind = 'followon'),"
	"  key           INTEGER NOT NULL CHECK (key >= 1),"
	"  day           INTEGER NOT NULL CHECK (day BETWEEN 0 AND 30),"
	"  state         TEXT NOT NULL CHECK (state = 'pending' OR"
	"                  state = 'sending' OR state = 'sent' OR"
	"                  state = 'retry' OR state = 'failed' OR"
	"                  state = 'skipped'),"
	"  due_at        INTEGER NOT NULL,"
	"  next_try_at   INTEGER NOT NULL,"
	"  attempts      INTEGER NOT NULL DEFAULT 0,"
	"  last_reply    TEXT,"
	"  message_id    TEXT,"
	"  sent_at       INTEGER,"
	"  maybe_dup     INTEGER NOT NULL DEFAULT 0,"
	"  updated_at    INTEGER NOT NULL,"
	"  CHECK (kind <> 'lesson' OR key = day),"
	"  CHECK ((kind = 'lesson' OR kind = 'resend') = (day >= 1)),"
	"  PRIMARY KEY (enrollment_id, kind, key)"
	") WITHOUT ROWID;"
	"INSERT INTO delivery_new SELECT enrollment_id, kind, key, day,"
	"  state, due_at, next_try_at, attempts, last_reply, message_id,"
	"  sent_at, maybe_dup, updated_at FROM delivery;"
	"DROP TABLE delivery;"
	"ALTER TABLE delivery_new RENAME TO delivery;"
	"CREATE INDEX delivery_todo ON delivery(next_try_at)"
	"  WHERE state = 'pending' OR state = 'sending' OR state = 'retry';"
	"ALTER TABLE cohort ADD COLUMN title TEXT;"
	"ALTER TABLE cohort ADD COLUMN join_url TEXT;"
	"ALTER TABLE cohort ADD COLUMN replay_url TEXT;",

	/*
	 * 6 -> 7: the twelve weeks after the plan.  One row per enrollment
	 * that opted in, written in the same transaction as the twelve
	 * ('followon', week) ledger rows it queues; first_date is week 1's
	 * local date, which the calendar's weekly events stand on.
	 */
	"CREATE TABLE followon ("
	"  enrollment_id INTEGER PRIMARY KEY REFERENCES enrollment(id)"
	"                  ON DELETE CASCADE,"
	"  opted_in_at   INTEGER NOT NULL,"
	"  first_date    TEXT NOT NULL"
	");",

	/*
	 * 7 -> 8: pauses that show, webinars calendars follow, and the
	 * story of each email.  pause.resumed_at says a resume ended the
	 * span early (it then ends where the plan sends next, which may be
	 * tomorrow): such a span no longer shows as a pause.  The webinar
	 * event's SEQUENCE and LAST-MODIFIED go up when its title or links
	 * change (NULL modified_at: never, created_at stands).  Every
	 * result the ledger records is also logged, one row each, in the
	 * same transaction, with the server's reply and why it was retried:
	 * the ledger row keeps only the last.
	 */
	"ALTER TABLE pause ADD COLUMN resumed_at INTEGER;"
	"ALTER TABLE cohort ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE cohort ADD COLUMN modified_at INTEGER;"
	"CREATE TABLE delivery_attempt ("
	"  id            INTEGER PRIMARY KEY,"
	"  enrollment_id INTEGER NOT NULL REFERENCES enrollment(id)"
	"                  ON DELETE CASCADE,"
	"  kind          TEXT NOT NULL,"
	"  key           INTEGER NOT NULL,"
	"  at            INTEGER NOT NULL,"
	"  attempt       INTEGER NOT NULL,"	/* the row's count after it */
	"  result        TEXT NOT NULL CHECK (result = 'sent' OR"
	"                  result = 'failed' OR result = 'retry' OR"
	"                  result = 'fault'),"
	"  cause         TEXT,"			/* why a retry: '4xx', ... */
	"  reply         TEXT,"
	"  next_try_at   INTEGER"		/* a retry's */
	");"
	"CREATE INDEX delivery_attempt_row"
	"  ON delivery_attempt(enrollment_id, kind, key);",

	/*
	 * 8 -> 9: public signup with double opt-in.  cohort.signup publishes
	 * /join/NAME.  A signup row is one POST of the form that was taken:
	 * what was asked, who asked (client) and when, and its confirmation
	 * email's delivery with the ledger's states (the ledger's rows
	 * belong to enrollments, which a signup does not have yet).  mail =
	 * 'held' is a POST answered like the rest but mailed nothing (the
	 * address is suppressed or over its daily limit).  token_hash finds
	 * the confirmation link; the link itself is derived from the secret
	 * and nonce and never stored.  consent records each confirmation as
	 * the person's consent: when, from where, for which cohort.
	 */
	"ALTER TABLE cohort ADD COLUMN signup INTEGER NOT NULL DEFAULT 0"
	"  CHECK (signup = 0 OR signup = 1);"
	"CREATE TABLE signup ("
	"  id            INTEGER PRIMARY KEY,"
	"  email         TEXT NOT NULL COLLATE NOCASE,"
	"  name          TEXT NOT NULL,"
	"  tz            TEXT NOT NULL,"
	"  send_at       TEXT NOT NULL"
	"                  CHECK (send_at GLOB '[0-2][0-9]:[0-5][0-9]'),"
	"  cohort_id     INTEGER REFERENCES cohort(id) ON DELETE CASCADE,"
	"  client        TEXT NOT NULL,"
	"  created_at    INTEGER NOT NULL,"
	"  nonce         INTEGER NOT NULL,"
	"  token_hash    BLOB UNIQUE,"		/* NULL: held, no link */
	"  mail          TEXT NOT NULL CHECK (mail = 'held' OR"
	"                  mail = 'pending' OR mail = 'sending' OR"
	"                  mail = 'sent' OR mail = 'retry' OR"
	"                  mail = 'failed' OR mail = 'skipped'),"
	"  next_try_at   INTEGER NOT NULL,"
	"  attempts      INTEGER NOT NULL DEFAULT 0,"
	"  last_reply    TEXT,"
	"  sent_at       INTEGER,"
	"  maybe_dup     INTEGER NOT NULL DEFAULT 0,"
	"  confirmed_at  INTEGER,"
	"  enrollment_id INTEGER REFERENCES enrollment(id) ON DELETE SET NULL"
	");"
	"CREATE INDEX signup_todo ON signup(next_try_at)"
	"  WHERE mail = 'pending' OR mail = 'sending' OR mail = 'retry';"
	"CREATE INDEX signup_client ON signup(client, created_at);"
	"CREATE INDEX signup_email ON signup(email, created_at);"
	"CREATE TABLE consent ("
	"  id            INTEGER PRIMARY KEY,"
	"  email         TEXT NOT NULL COLLATE NOCASE,"
	"  at            INTEGER NOT NULL,"
	"  client        TEXT NOT NULL,"
	"  cohort_id     INTEGER REFERENCES cohort(id) ON DELETE SET NULL,"
	"  how           TEXT NOT NULL CHECK (how = 'signup'),"
	"  signup_id     INTEGER,"
	"  enrollment_id INTEGER"
	");"
	"CREATE INDEX consent_email ON consent(email, at);",

	/*
	 * 9 -> 10: a person's data (privacy.c).  `forget` keeps the rows
	 * that reports count, anonymised: the person's row gets a
	 * placeholder address and forgotten_at.  Their scorecard answers
	 * go; what the cohort report reads of an attempt stays as each
	 * category's sum and count of the answered items.
	 */
	"ALTER TABLE person ADD COLUMN forgotten_at INTEGER;"
	"CREATE TABLE score_summary ("
	"  attempt_id    INTEGER NOT NULL REFERENCES score_attempt(id)"
	"                  ON DELETE CASCADE,"
	"  category      TEXT NOT NULL,"
	"  sum           INTEGER NOT NULL CHECK (sum >= 0),"
	"  n             INTEGER NOT NULL CHECK (n >= 1),"
	"  PRIMARY KEY (attempt_id, category)"
	") WITHOUT ROWID;",

	/*
	 * 10 -> 11: API keys.  Only SHA-256 of a key is kept: the key itself
	 * is shown once, when it is made (apikey.c).  A revoked key stays,
	 * with its name, so the list says what was cut off and when.
	 */
	"CREATE TABLE api_key ("
	"  id            INTEGER PRIMARY KEY,"
	"  name          TEXT NOT NULL UNIQUE,"
	"  hash          BLOB NOT NULL UNIQUE CHECK (length(hash) = 32),"
	"  created_at    INTEGER NOT NULL,"
	"  last_used_at  INTEGER,"
	"  revoked_at    INTEGER"
	");",

	/*
	 * 11 -> 12: the webhook outbox.  An event (its signed body fixed
	 * once, with an id that stays the same across retries) is written
	 * in the transaction of the change that caused it, with one
	 * delivery row per endpoint that asked for its type; the daemon
	 * drains the deliveries (webhook.c) as the ledger's mail is
	 * drained: claimed under a lease, moved on only by a result.
	 * person_id orders a person's events per endpoint.  The indexes
	 * say the open states one by one, as delivery_todo does.  An id
	 * begins with its time in hex, so old events are found by the
	 * range of their ids (outbox_prune): an index on created_at would
	 * be one more page written for every event.
	 */
	"CREATE TABLE outbox ("
	"  id            INTEGER PRIMARY KEY,"
	"  uid           TEXT NOT NULL UNIQUE,"
	"  type          TEXT NOT NULL,"
	"  person_id     INTEGER NOT NULL REFERENCES person(id)"
	"                  ON DELETE CASCADE,"
	"  body          TEXT NOT NULL,"
	"  created_at    INTEGER NOT NULL"
	");"
	"CREATE INDEX outbox_person ON outbox(person_id);"
	"CREATE TABLE hook_delivery ("
	"  event_id      INTEGER NOT NULL REFERENCES outbox(id)"
	"                  ON DELETE CASCADE,"
	"  endpoint      TEXT NOT NULL,"
	"  person_id     INTEGER NOT NULL,"
	"  state         TEXT NOT NULL CHECK (state = 'pending' OR"
	"                  state = 'sending' OR state = 'retry' OR"
	"                  state = 'delivered' OR state = 'failed'),"
	"  attempts      INTEGER NOT NULL DEFAULT 0,"
	"  next_try_at   INTEGER NOT NULL,"
	"  last_answer   TEXT,"
	"  delivered_at  INTEGER,"
	"  updated_at    INTEGER NOT NULL,"
	"  PRIMARY KEY (event_id, endpoint)"
	") WITHOUT ROWID;"
	"CREATE INDEX hook_todo ON hook_delivery(endpoint, next_try_at)"
	"  WHERE state = 'pending' OR state = 'sending' OR state = 'retry';"
	"CREATE INDEX hook_order ON hook_delivery(endpoint, person_id, event_id)"
	"  WHERE state = 'pending' OR state = 'sending' OR state = 'retry';"
	"CREATE INDEX hook_failed ON hook_delivery(endpoint)"
	"  WHERE state = 'failed';",
};
#define NMIGRATIONS	((int)(sizeof(migrations) / sizeof(migrations[0])))

int
db_schema_version(void)
{
	return NMIGRATIONS;
}

sqlite3 *
db_handle(struct db *db)
{
	return db->h;
}

int
db_exec(struct db *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_warnx("db: %s: %s", db->path, err ? err :
		    sqlite3_errmsg(db->h));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static int
user_version(struct db *db, int *v)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		*v = sqlite3_column_int(st, 0);
		rc = 0;
	} else
		log_warnx("db: %s: %s", db->path, sqlite3_errmsg(db->h));
	sqlite3_finalize(st);
	return rc;
}

static void
nap(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/*
 * BEGIN and COMMIT run once per recorded result, so they are prepared
 * once, like any statement run that often, not parsed every time.
 */
static const char sql_begin[] = "BEGIN IMMEDIATE";
static const char sql_commit[] = "COMMIT";

/* runs a cached statement that returns no rows: SQLITE_OK or the error */
static int
run_cached(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_cached(db, sql);
	int rc;

	if (st == NULL)
		return SQLITE_ERROR;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
db_begin(struct db *db)
{
	int i, rc;

	for (i = 0; i < BEGIN_ATTEMPTS; i++) {
		rc = run_cached(db, sql_begin);
		if (rc == SQLITE_OK)
			return 0;
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		/* the busy handler already waited; back off a little more */
		nap(50 << i);
	}
	log_warnx("db: %s: cannot start a write: %s", db->path,
	    sqlite3_errmsg(db->h));
	return -1;
}

int
db_commit(struct db *db)
{
	int i, rc;

	for (i = 0; i < BEGIN_ATTEMPTS; i++) {
		rc = run_cached(db, sql_commit);
		if (rc == SQLITE_OK)
			return 0;
		if (rc != SQLITE_BUSY)
			break;
		nap(50 << i);
	}
	log_warnx("db: %s: commit failed: %s", db->path,
	    sqlite3_errmsg(db->h));
	db_rollback(db);
	return -1;
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * Foreign keys are off while migrating, as SQLite's procedure for
 * changing a table asks: dropping the old copy of a parent table must
 * not cascade to its children.  What they point to is checked before
 * the commit.
 */
static int
migrate(struct db *db, int from)
{
	sqlite3_stmt *st = NULL;
	char pragma[64];
	int v, bad;

	if (db_exec(db, "PRAGMA foreign_keys = OFF") == -1 ||
	    db_begin(db) == -1)
		return -1;
	/* another process may have migrated while we waited for the lock */
	if (user_version(db, &v) == -1)
		goto fail;
	for (; v < NMIGRATIONS; v++) {
		if (db_exec(db, migrations[v]) == -1)
			goto fail;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
		    v + 1);
		if (db_exec(db, pragma) == -1)
			goto fail;
		log_debug("db: migrated %s from schema %d to %d", db->path,
		    v, v + 1);
	}
	(void)from;
	if (sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &st,
	    NULL) != SQLITE_OK)
		goto fail;
	bad = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (bad) {
		log_warnx("db: %s: the migration left a broken reference; "
		    "nothing was changed", db->path);
		goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

struct db *
db_open(const char *path, enum db_open_mode mode, int *fromp, int *top)
{
	struct db *db = xcalloc(1, sizeof(*db));
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int v;

	db->path = xstrdup(path);
	if (mode == DB_OPEN_INIT) {
		flags |= SQLITE_OPEN_CREATE;
		if (mkdir_parent(path, 0750) == -1) {
			log_warn("db: cannot create the folder of '%s'", path);
			goto fail;
		}
	} else if (access(path, F_OK) == -1) {
		log_warnx("db: no database at '%s' (run 'refready init' "
		    "first)", path);
		goto fail;
	}
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		log_warnx("db: cannot open '%s': %s", path, db->h ?
		    sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
	if (user_version(db, &v) == -1)
		goto fail;
	if (v > NMIGRATIONS) {
		log_warnx("db: '%s' has schema version %d, newer than this "
		    "program's %d; upgrade refready", path, v, NMIGRATIONS);
		goto fail;
	}
	/*
	 * WAL lets the daemon send while the CLI writes; FULL syncs every
	 * commit so that a ledger row marked sent survives a power cut.
	 */
	if (db_exec(db, "PRAGMA journal_mode = WAL") == -1 ||
	    db_exec(db, "PRAGMA synchronous = FULL") == -1)
		goto fail;
	if (fromp)
		*fromp = v;
	if (v < NMIGRATIONS) {
		if (mode != DB_OPEN_INIT) {
			log_warnx("db: '%s' has schema version %d, this program "
			    "needs %d (run 'refready init' to upgrade)", path,
			    v, NMIGRATIONS);
			goto fail;
		}
		if (migrate(db, v) == -1)
			goto fail;
	}
	if (db_exec(db, "PRAGMA foreign_keys = ON") == -1)
		goto fail;
	if (top)
		*top = NMIGRATIONS;
	return db;
fail:
	db_close(db);
	return NULL;
}

void
db_close(struct db *db)
{
	int i;

	if (db == NULL)
		return;
	for (i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	if (db->h && sqlite3_close(db->h) != SQLITE_OK)
		log_warnx("db: %s: close: %s", db->path, sqlite3_errmsg(db->h));
	free(db->path);
	free(db);
}

void
db_warn(struct db *db, const char *context)
{
	log_warnx("db: %s: %s: %s", db->path, context, sqlite3_errmsg(db->h));
}

sqlite3_stmt *
db_prepare(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		log_warnx("db: %s: %s (in: %.60s)", db->path,
		    sqlite3_errmsg(db->h), sql);
		return NULL;
	}
	return st;
}

int
db_step_done(struct db *db, sqlite3_stmt *st)
{
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		log_warnx("db: %s: %s (in: %.60s)", db->path,
		    sqlite3_errmsg(db->h), sqlite3_sql(st));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

sqlite3_stmt *
db_cached(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < db->ncache; i++)
		if (db->cache[i].sql == sql) {
			st = db->cache[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK) {
		log_warnx("db: %s: %s (in: %.60s)", db->path,
		    sqlite3_errmsg(db->h), sql);
		return NULL;
	}
	/* a full cache simply keeps the first DB_CACHE statements */
	if (db->ncache < DB_CACHE) {
		db->cache[db->ncache].sql = sql;
		db->cache[db->ncache].st = st;
		db->ncache++;
	} else
		fatalx("db: more than %d cached statements", DB_CACHE);
	return st;
}
