/*
 * ledger.c - the delivery ledger (see ledger.h).
 */
#include <stdio.h>
#include <string.h>

#include "completion.h"
#include "enrollment.h"
#include "ledger.h"
#include "log.h"
#include "outbox.h"
#include "util.h"

long
ledger_backoff(int attempts)
{
	static const long waits[] = { 60, 300, 900, 1800, 3600 };

	if (attempts < 1)
		attempts = 1;
	if (attempts > 5)
		attempts = 5;
	return waits[attempts - 1];
}

static const char *const kind_words[] = {
	[LEDGER_LESSON] = "lesson",
	[LEDGER_RESEND] = "resend",
	[LEDGER_WELCOME] = "welcome",
	[LEDGER_COMPLETION] = "completion",
	[LEDGER_FOLLOWON] = "followon",
};

const char *
ledger_kind_str(enum ledger_kind k)
{
	return (size_t)k < sizeof(kind_words) / sizeof(kind_words[0]) ?
	    kind_words[k] : "lesson";
}

int
ledger_kind_parse(const char *s, enum ledger_kind *k)
{
	size_t i;

	for (i = 0; i < sizeof(kind_words) / sizeof(kind_words[0]); i++)
		if (s != NULL && strcmp(s, kind_words[i]) == 0) {
			*k = (enum ledger_kind)i;
			return 0;
		}
	return -1;
}

/*
 * The enrollment reached its last day: it is complete.  Only the lesson
 * itself says so: a resend of day 30 comes after it did.  With summary
 * set (Day 30 went out, or its time passed), the completion summary is
 * queued in the same transaction, so it can neither be lost nor come
 * twice; not after a permanent failure, which the summary would share.
 */
static int
complete_if_done(struct db *db, const struct ledger_item *it, time_t now,
    int summary)
{
	struct enrollment e;
	sqlite3_stmt *st;
	int rc;

	if (it->kind != LEDGER_LESSON || it->day != 30)
		return 0;
	st = db_prepare(db, "UPDATE enrollment SET state = 'completed', "
	    "updated_at = ? WHERE id = ? AND state = 'active'");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, it->enrollment_id);
	if (db_step_done(db, st) == -1)
		return -1;
	if (sqlite3_changes(db_handle(db)) == 0)
		return 0;
	if (outbox_emit(db, CFG_EV_COMPLETED, it->enrollment_id, 0, NULL,
	    now) == -1)
		return -1;
	if (!summary)
		return 0;
	if ((rc = enrollment_get(db, it->enrollment_id, &e)) != 0)
		return rc == 1 ? 0 : -1;
	rc = completion_queue(db, &e, now);
	enrollment_free(&e);
	return rc;
}

int
ledger_queue_due(struct db *db, time_t now, long stale, int limit,
    struct ledger_counts *c)
{
	sqlite3_stmt *sel = NULL, *ins = NULL, *upd = NULL;
	long long ids[512];
	int n = 0, i;

	if (limit > (int)(sizeof(ids) / sizeof(ids[0])))
		limit = sizeof(ids) / sizeof(ids[0]);
	if (db_begin(db) == -1)
		return -1;
	sel = db_prepare(db, "SELECT id FROM enrollment WHERE state = "
	    "'active' AND next_due_at IS NOT NULL AND next_due_at <= ? "
	    "ORDER BY next_due_at LIMIT ?");
	ins = db_prepare(db, "INSERT OR IGNORE INTO delivery (enrollment_id, "
	    "kind, key, day, state, due_at, next_try_at, last_reply, "
	    "updated_at) VALUES (?1, 'lesson', ?2, ?2, ?3, ?4, ?5, ?6, ?7)");
	upd = db_prepare(db, "UPDATE enrollment SET next_day = ?, "
	    "next_due_at = ?, updated_at = ? WHERE id = ?");
	if (sel == NULL || ins == NULL || upd == NULL)
		goto fail;
	sqlite3_bind_int64(sel, 1, now);
	sqlite3_bind_int(sel, 2, limit);
	while (n < limit && sqlite3_step(sel) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(sel, 0);
	for (i = 0; i < n; i++) {
		struct enrollment e;
		struct sched_plan plan;
		time_t due, next = 0;
		int late;

		if (enrollment_get(db, ids[i], &e) != 0)
			goto fail;
		due = e.next_due_at;
		late = now - due > stale;
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, e.id);
		sqlite3_bind_int(ins, 2, e.next_day);
		sqlite3_bind_text(ins, 3, late ? "skipped" : "pending", -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(ins, 4, due);
		sqlite3_bind_int64(ins, 5, due);
		if (late)
			sqlite3_bind_text(ins, 6, "not sent within "
			    "stale_after_hours of its due time", -1,
			    SQLITE_STATIC);
		else
			sqlite3_bind_null(ins, 6);
		sqlite3_bind_int64(ins, 7, now);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			enrollment_free(&e);
			db_warn(db, "queue");
			goto fail;
		}
		if (late) {
			struct ledger_item it = { .enrollment_id = e.id,
			    .kind = LEDGER_LESSON, .key = e.next_day,
			    .day = e.next_day };

			c->skipped++;
			if (complete_if_done(db, &it, now, 1) == -1) {
				enrollment_free(&e);
				goto fail;
			}
		}
		enrollment_plan(&e, &plan);
		if (e.next_day >= 30 || sched_due(&plan, e.tz, e.send_minutes,
		    e.next_day + 1, &next) == -1)
			next = 0;
		sqlite3_reset(upd);
		sqlite3_bind_int(upd, 1, e.next_day + 1);
		if (next)
			sqlite3_bind_int64(upd, 2, next);
		else
			sqlite3_bind_null(upd, 2);
		sqlite3_bind_int64(upd, 3, now);
		sqlite3_bind_int64(upd, 4, e.id);
		enrollment_free(&e);
		if (sqlite3_step(upd) != SQLITE_DONE) {
			db_warn(db, "queue");
			goto fail;
		}
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	return db_commit(db) == -1 ? -1 : n;
fail:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	db_rollback(db);
	return -1;
}

/* sets a row's state; reply may be NULL */
static int
set_state(struct db *db, const struct ledger_item *it, const char *state,
    const char *reply, time_t now)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE delivery SET state = ?, "
	    "last_reply = COALESCE(?, last_reply), updated_at = ? "
	    "WHERE enrollment_id = ? AND kind = ? AND key = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	if (reply)
		sqlite3_bind_text(st, 2, reply, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, it->enrollment_id);
	sqlite3_bind_text(st, 5, ledger_kind_str(it->kind), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, it->key);
	return db_step_done(db, st);
}

int
ledger_claim(struct db *db, time_t now, long stale, struct ledger_item *items,
    int n, struct ledger_counts *c)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	int got = 0;

	if (db_begin(db) == -1)
		return -1;
	/* the suppression list is asked at the last moment too */
	sel = db_prepare(db, "SELECT d.enrollment_id, d.day, d.due_at, "
	    "d.state, d.attempts, d.maybe_dup, e.state, (SELECT s.reason "
	    "FROM suppression s WHERE s.email = p.email), d.kind, d.key "
	    "FROM delivery d "
	    "JOIN enrollment e ON e.id = d.enrollment_id "
	    "JOIN person p ON p.id = e.person_id "
	    "WHERE (d.state = 'pending' OR d.state = 'sending' OR "
	    "d.state = 'retry') "
	    "AND d.next_try_at <= ? ORDER BY d.next_try_at LIMIT ?");
	upd = db_prepare(db, "UPDATE delivery SET state = 'sending', "
	    "attempts = ?, maybe_dup = ?, next_try_at = ?, updated_at = ? "
	    "WHERE enrollment_id = ? AND kind = ? AND key = ?");
	if (sel == NULL || upd == NULL)
		goto fail;
	sqlite3_bind_int64(sel, 1, now);
	/* read a few more: some may turn out to be skipped */
	sqlite3_bind_int(sel, 2, n);
	while (got < n && sqlite3_step(sel) == SQLITE_ROW) {
		struct ledger_item *it = &items[got];
		const char *was = (const char *)sqlite3_column_text(sel, 3);
		const char *who = (const char *)sqlite3_column_text(sel, 6);
		const char *supp = (const char *)sqlite3_column_text(sel, 7);
		char why[64];

		it->enrollment_id = sqlite3_column_int64(sel, 0);
		it->day = sqlite3_column_int(sel, 1);
		if (ledger_kind_parse((const char *)sqlite3_column_text(sel,
		    8), &it->kind) == -1)
			it->kind = LEDGER_LESSON;
		it->key = sqlite3_column_int(sel, 9);
		it->due_at = (time_t)sqlite3_column_int64(sel, 2);
		it->attempts = sqlite3_column_int(sel, 4) + 1;
		/* a lapsed claim: that process may have sent it already */
		it->maybe_dup = sqlite3_column_int(sel, 5) ||
		    strcmp(was, "sending") == 0;
		if (strcmp(who, "unsubscribed") == 0 ||
		    strcmp(who, "unenrolled") == 0 ||
		    strcmp(who, "bounced") == 0 ||
		    strcmp(who, "complained") == 0 || supp != NULL) {
			snprintf(why, sizeof(why), "%s%s", supp ?
			    "suppressed: " : "", supp ? supp : who);
			if (set_state(db, it, "skipped", why, now) == -1)
				goto fail;
			c->skipped++;
			continue;
		}
		if (now - it->due_at > stale) {
			if (set_state(db, it, "skipped",
			    "not sent within stale_after_hours of its due time",
			    now) == -1 || complete_if_done(db, it, now, 1) == -1)
				goto fail;
			c->skipped++;
			continue;
		}
		sqlite3_reset(upd);
		sqlite3_bind_int(upd, 1, it->attempts);
		sqlite3_bind_int(upd, 2, it->maybe_dup);
		sqlite3_bind_int64(upd, 3, now + LEDGER_LEASE);
		sqlite3_bind_int64(upd, 4, now);
		sqlite3_bind_int64(upd, 5, it->enrollment_id);
		sqlite3_bind_text(upd, 6, ledger_kind_str(it->kind), -1,
		    SQLITE_STATIC);
		sqlite3_bind_int(upd, 7, it->key);
		if (sqlite3_step(upd) != SQLITE_DONE) {
			db_warn(db, "claim");
			goto fail;
		}
		got++;
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return db_commit(db) == -1 ? -1 : got;
fail:
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	db_rollback(db);
	return -1;
}

/*
 * The row's new state for one result, counted in k: sent, failed, retry,
 * or pending when it was given back untried.
 */
static const char *
step_state(int attempts, const struct mail_job *j, struct ledger_counts *k)
{
	if (j->result == MAIL_SENT) {
		k->sent++;
		return "sent";
	}
	if (j->result == MAIL_PERM && j->fault == MAIL_FAULT_NONE) {
		k->failed++;
		return "failed";
	}
	k->retried++;
	if (j->fault == MAIL_FAULT_CONNECT)
		k->retry_connect++;
	else if (j->fault != MAIL_FAULT_NONE)
		k->retry_relay++;
	else if (j->reply[0] == '4' && j->reply[1] >= '0' &&
	    j->reply[1] <= '9')
		k->retry_4xx++;
	else
		k->retry_other++;
	/* given back untried: as it was before the claim */
	if (j->result == MAIL_UNSENT && attempts <= 1)
		return "pending";
	return "retry";
}

void
ledger_step(time_t now, int attempts, const struct mail_job *j,
    struct ledger_step *s, struct ledger_counts *k)
{
	/* the relay's fault, or never tried: not this email's try */
	int untried = j->result == MAIL_UNSENT || j->fault != MAIL_FAULT_NONE;

	s->state = step_state(attempts, j, k);
	s->next_try = untried ? now : now + ledger_backoff(attempts);
	s->attempts = untried ? attempts - 1 : attempts;
}

void
ledger_counts_add(struct ledger_counts *c, const struct ledger_counts *k)
{
	c->sent += k->sent;
	c->failed += k->failed;
	c->retried += k->retried;
	c->skipped += k->skipped;
	c->retry_connect += k->retry_connect;
	c->retry_4xx += k->retry_4xx;
	c->retry_relay += k->retry_relay;
	c->retry_other += k->retry_other;
}

/*
 * Why a result was retried, in the attempt log's words: whose fault and
 * what happened; NULL for one that needs no retry.
 */
static const char *
retry_cause(const struct mail_job *j)
{
	static const char *const faults[MAIL_FAULT_MAX] = {
		[MAIL_FAULT_CONNECT] = "connect",
		[MAIL_FAULT_TLS] = "tls",
		[MAIL_FAULT_SESSION] = "session",
		[MAIL_FAULT_LOGIN] = "login",
		[MAIL_FAULT_SENDER] = "sender",
		[MAIL_FAULT_POLICY] = "policy",
		[MAIL_FAULT_LOCAL] = "local",
	};

	if (j->result == MAIL_SENT ||
	    (j->result == MAIL_PERM && j->fault == MAIL_FAULT_NONE))
		return NULL;
	if (j->fault > MAIL_FAULT_NONE && j->fault < MAIL_FAULT_MAX &&
	    faults[j->fault])
		return faults[j->fault];
	if (j->result == MAIL_UNCERTAIN)
		return "no-reply";
	if (j->reply[0] == '4' && j->reply[1] >= '0' && j->reply[1] <= '9')
		return "4xx";
	return "other";
}

/*
 * One line of the attempt log for a result just recorded, in the same
 * transaction: the ledger row keeps only the last reply, this keeps
 * each (status EMAIL --day N).  A job never tried leaves no line.
 */
static int
log_attempt(struct db *db, time_t now, const struct ledger_item *it,
    const struct mail_job *j, const struct ledger_step *sp)
{
	static const char sql[] = "INSERT INTO delivery_attempt "
	    "(enrollment_id, kind, key, at, attempt, result, cause, reply, "
	    "next_try_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	const char *cause = retry_cause(j);
	sqlite3_stmt *st;
	int rc;

	if (j->result == MAIL_UNSENT)
		return 0;
	if ((st = db_cached(db, sql)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, it->enrollment_id);
	sqlite3_bind_text(st, 2, ledger_kind_str(it->kind), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, it->key);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int(st, 5, sp->attempts);
	/* the relay's fault: given back, not counted as the message's */
	sqlite3_bind_text(st, 6, j->fault != MAIL_FAULT_NONE ? "fault" :
	    sp->state, -1, SQLITE_STATIC);
	if (cause)
		sqlite3_bind_text(st, 7, cause, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, j->reply, -1, SQLITE_STATIC);
	if (cause)
		sqlite3_bind_int64(st, 9, sp->next_try);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_warn(db, "record");
		return -1;
	}
	return 0;
}

int
ledger_record(struct db *db, time_t now, const struct ledger_item *items,
    const struct mail_job *jobs, char *const *msgids, int n,
    struct ledger_counts *c)
{
	struct ledger_counts k;
	sqlite3_stmt *st;
	int i;

	static const char sql[] = "UPDATE delivery SET state = ?, "
	    "last_reply = COALESCE(?, last_reply), "
	    "message_id = COALESCE(?, message_id), sent_at = ?, "
	    "next_try_at = ?, attempts = ?, maybe_dup = maybe_dup OR ?, "
	    "updated_at = ? WHERE enrollment_id = ? AND kind = ? AND key = ?";

	memset(&k, 0, sizeof(k));
	if (db_begin(db) == -1)
		return -1;
	/* cached: the scheduler records every result on its own */
	if ((st = db_cached(db, sql)) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		const struct mail_job *j = &jobs[i];
		const struct ledger_item *it = &items[i];
		struct ledger_step sp;

		ledger_step(now, it->attempts, j, &sp, &k);

		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, sp.state, -1, SQLITE_STATIC);
		if (j->result != MAIL_UNSENT)
			sqlite3_bind_text(st, 2, j->reply, -1,
			    SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 2);
		if (msgids[i] && j->result != MAIL_UNSENT)
			sqlite3_bind_text(st, 3, msgids[i], -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 3);
		if (j->result == MAIL_SENT)
			sqlite3_bind_int64(st, 4, now);
		else
			sqlite3_bind_null(st, 4);
		sqlite3_bind_int64(st, 5, sp.next_try);
		sqlite3_bind_int(st, 6, sp.attempts);
		sqlite3_bind_int(st, 7, j->result == MAIL_UNCERTAIN);
		sqlite3_bind_int64(st, 8, now);
		sqlite3_bind_int64(st, 9, it->enrollment_id);
		sqlite3_bind_text(st, 10, ledger_kind_str(it->kind), -1,
		    SQLITE_STATIC);
		sqlite3_bind_int(st, 11, it->key);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_warn(db, "record");
			sqlite3_reset(st);
			goto fail;
		}
		if (log_attempt(db, now, it, j, &sp) == -1) {
			sqlite3_reset(st);
			goto fail;
		}
		/* one atomic load when no webhook wants it; before completed */
		if (it->kind == LEDGER_LESSON && j->result == MAIL_SENT &&
		    outbox_wants(CFG_EV_LESSON_SENT) &&
		    outbox_emit(db, CFG_EV_LESSON_SENT, it->enrollment_id, 0,
		    json_pack("{s:i}", "day", it->day), now) == -1) {
			sqlite3_reset(st);
			goto fail;
		}
		if ((strcmp(sp.state, "sent") == 0 ||
		    strcmp(sp.state, "failed") == 0) &&
		    complete_if_done(db, it, now,
		    strcmp(sp.state, "sent") == 0) == -1) {
			sqlite3_reset(st);
			goto fail;
		}
	}
	sqlite3_reset(st);
	if (db_commit(db) == -1)
		return -1;
	ledger_counts_add(c, &k);
	return 0;
fail:
	db_rollback(db);
	return -1;
}

const char *
ledger_resend_refusal(const char *lesson_state)
{
	if (lesson_state == NULL)
		return "has not been sent yet";
	if (strcmp(lesson_state, "sent") == 0 ||
	    strcmp(lesson_state, "failed") == 0 ||
	    strcmp(lesson_state, "skipped") == 0)
		return NULL;
	return "is still being sent";
}

/*
 * One integer from a query of one row and column, bound to (id, n); a
 * query with one parameter leaves n unbound.  1 with *out, 0 when there
 * was no row, -1.
 */
static int
one_int(struct db *db, const char *sql, long long id, int n, int *out)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, n);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	else if (rc != SQLITE_DONE)
		db_warn(db, "resend");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
ledger_queue_resend(struct db *db, long long enrollment, int day, time_t now,
    int *key, char *why, size_t whylen)
{
	sqlite3_stmt *st = NULL;
	const char *no;
	char state[16];
	int r, n = 0;

	if (db_begin(db) == -1)
		return -1;
	st = db_prepare(db, "SELECT state FROM delivery WHERE enrollment_id = ? "
	    "AND kind = 'lesson' AND key = ?");
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, enrollment);
	sqlite3_bind_int(st, 2, day);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		snprintf(state, sizeof(state), "%s",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		db_warn(db, "resend");
		goto fail;
	}
	if ((no = ledger_resend_refusal(r == SQLITE_ROW ? state :
	    NULL)) != NULL) {
		snprintf(why, whylen, "day %d %s", day, no);
		db_rollback(db);
		return 1;
	}
	/* one at a time: a second request is most likely the same one */
	if (one_int(db, "SELECT count(*) FROM delivery WHERE enrollment_id = ? "
	    "AND kind = 'resend' AND day = ? AND (state = 'pending' OR "
	    "state = 'sending' OR state = 'retry')", enrollment, day, &n) != 1)
		goto fail;
	if (n > 0) {
		snprintf(why, whylen, "a resend of day %d is already queued",
		    day);
		db_rollback(db);
		return 1;
	}
	if (one_int(db, "SELECT COALESCE(max(key), 0) + 1 FROM delivery "
	    "WHERE enrollment_id = ? AND kind = 'resend'", enrollment, 0,
	    key) != 1)
		goto fail;
	st = db_prepare(db, "INSERT INTO delivery (enrollment_id, kind, key, "
	    "day, state, due_at, next_try_at, updated_at) VALUES (?1, "
	    "'resend', ?2, ?3, 'pending', ?4, ?4, ?4)");
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, enrollment);
	sqlite3_bind_int(st, 2, *key);
	sqlite3_bind_int(st, 3, day);
	sqlite3_bind_int64(st, 4, now);
	if (db_step_done(db, st) == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}
