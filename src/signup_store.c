/*
 * signup_store.c - signups in the database (see signup_store.h).
 *
 * Why the confirmation emails are not ledger rows: the ledger's rows
 * belong to an enrollment (its key, its suppression check through the
 * person, its Message-IDs and return-path tags all name one), and a
 * signup has none until it is confirmed; an enrollment made only to
 * carry the email would show in status, reports and counts as a person
 * who never joined.  So the signup row carries its one email's delivery
 * itself, with the ledger's states and steps: pending when the POST is
 * taken (in the same transaction as the decision, so an answered POST
 * never loses its email), sending under a lease, then sent, failed
 * (5xx) or retry (4xx, refused, dropped) with the ledger's back-off,
 * and skipped once the link it carries has expired.  The send loop that
 * drives it is signup_mail.c's, run inside the scheduler's pass under
 * its lock, through the same mailer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "cohort.h"
#include "cohort_store.h"
#include "enrollment.h"
#include "log.h"
#include "signup_store.h"
#include "suppress.h"
#include "util.h"

#define HOUR	3600
#define DAY	(24 * HOUR)

void
signup_store_token(const unsigned char key[TOKEN_SECRET_LEN], long long id,
    int nonce, char out[TOKEN_LEN + 1])
{
	token_make(key, TOKEN_CONFIRM, id, nonce, out);
}

/* one count from sql bound to (text, since); -1 on failure */
static long
count_since(struct db *db, const char *sql, const char *text, time_t since)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	long n = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	else
		db_warn(db, "signup");
	sqlite3_finalize(st);
	return n;
}

static int
counts(struct db *db, const struct signup_req *r, time_t now,
    struct signup_counts *c)
{
	struct suppress_entry se;
	int x;

	memset(c, 0, sizeof(*c));
	c->from_client = count_since(db, "SELECT count(*) FROM signup "
	    "WHERE client = ? AND created_at > ?", r->client, now - HOUR);
	c->to_address = count_since(db, "SELECT count(*) FROM signup "
	    "WHERE email = ? AND created_at > ? AND mail <> 'held'",
	    r->email, now - DAY);
	if (c->from_client < 0 || c->to_address < 0 ||
	    (x = suppress_get(db, r->email, &se)) == -1)
		return -1;
	c->supp = x == 1 ? se.reason : SUPPRESS_NONE;
	return 0;
}

static int
nonce_new(void)
{
	unsigned int v = 0;

	/* getrandom of 4 bytes never blocks once the pool is ready */
	if (getrandom(&v, sizeof(v), 0) != (ssize_t)sizeof(v))
		fatal("signup: getrandom");
	return (int)(v & 0x7fffffff);
}

static int
insert(struct db *db, const struct signup_req *r, int mail, time_t now,
    const unsigned char key[TOKEN_SECRET_LEN])
{
	unsigned char hash[TOKEN_HASH_LEN];
	char send_at[6], tok[TOKEN_LEN + 1];
	sqlite3_stmt *st;
	long long id;
	int nonce = nonce_new();

	snprintf(send_at, sizeof(send_at), "%02u:%02u",
	    (unsigned)r->send_minutes / 60 % 24,
	    (unsigned)r->send_minutes % 60);
	st = db_prepare(db, "INSERT INTO signup (email, name, tz, send_at, "
	    "cohort_id, client, created_at, nonce, mail, next_try_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, r->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->tz, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, send_at, -1, SQLITE_STATIC);
	if (r->cohort_id)
		sqlite3_bind_int64(st, 5, r->cohort_id);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_text(st, 6, r->client, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, now);
	sqlite3_bind_int(st, 8, nonce);
	sqlite3_bind_text(st, 9, mail ? "pending" : "held", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, now);
	if (db_step_done(db, st) == -1)
		return -1;
	if (!mail)
		return 0;
	/* the link is derived, never stored: only its hash, to find it */
	id = sqlite3_last_insert_rowid(db_handle(db));
	signup_store_token(key, id, nonce, tok);
	token_hash(tok, TOKEN_LEN, hash);
	explicit_bzero(tok, sizeof(tok));
	st = db_prepare(db, "UPDATE signup SET token_hash = ? WHERE id = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, id);
	return db_step_done(db, st);
}

int
signup_store_request(struct db *db, const struct signup_req *r,
    const struct signup_limits *lim, time_t now,
    const unsigned char key[TOKEN_SECRET_LEN], enum signup_fate *fate)
{
	struct signup_counts c;

	if (db_begin(db) == -1)
		return -1;
	if (counts(db, r, now, &c) == -1)
		goto fail;
	*fate = signup_decide(0, &c, lim->per_ip_per_hour,
	    lim->per_address_per_day);
	if (*fate == SIGNUP_TOO_MANY) {
		db_rollback(db);
		return 0;
	}
	if (insert(db, r, *fate == SIGNUP_MAIL, now, key) == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

/* ---- reading ---------------------------------------------------------- */

#define SELECT_SIGNUP "SELECT s.id, s.email, s.name, s.tz, s.send_at, " \
	"s.cohort_id, c.name, s.client, s.created_at, s.nonce, " \
	"s.confirmed_at FROM signup s LEFT JOIN cohort c ON c.id = " \
	"s.cohort_id "

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

static int
read_one(struct db *db, sqlite3_stmt *st, struct signup_row *s)
{
	int rc;

	memset(s, 0, sizeof(*s));
	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s->id = sqlite3_column_int64(st, 0);
		s->email = col_dup(st, 1);
		s->name = col_dup(st, 2);
		s->tz = col_dup(st, 3);
		if (clock_parse_hhmm((const char *)sqlite3_column_text(st, 4),
		    &s->send_minutes) == -1)
			s->send_minutes = 7 * 60;
		s->cohort_id = sqlite3_column_int64(st, 5);
		s->cohort = col_dup(st, 6);
		s->client = col_dup(st, 7);
		s->created_at = (time_t)sqlite3_column_int64(st, 8);
		s->nonce = sqlite3_column_int(st, 9);
		s->confirmed_at = (time_t)sqlite3_column_int64(st, 10);
	} else if (rc != SQLITE_DONE)
		db_warn(db, "signup");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
signup_store_by_token(struct db *db, const char *tok, size_t len,
    struct signup_row *s)
{
	unsigned char hash[TOKEN_HASH_LEN];
	sqlite3_stmt *st;

	memset(s, 0, sizeof(*s));
	if (token_hash(tok, len, hash) == -1)
		return 1;
	st = db_prepare(db, SELECT_SIGNUP "WHERE s.token_hash = ?");
	if (st)
		sqlite3_bind_blob(st, 1, hash, sizeof(hash),
		    SQLITE_TRANSIENT);
	return read_one(db, st, s);
}

int
signup_store_get(struct db *db, long long id, struct signup_row *s)
{
	sqlite3_stmt *st = db_prepare(db, SELECT_SIGNUP "WHERE s.id = ?");

	if (st)
		sqlite3_bind_int64(st, 1, id);
	return read_one(db, st, s);
}

void
signup_row_free(struct signup_row *s)
{
	free(s->email);
	free(s->name);
	free(s->tz);
	free(s->cohort);
	free(s->client);
	memset(s, 0, sizeof(*s));
}

/* ---- confirming ------------------------------------------------------- */

/* 1 when signup id was confirmed already (by another request, say) */
static int
was_confirmed(struct db *db, long long id)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT confirmed_at IS NOT NULL "
	    "FROM signup WHERE id = ?");
	int rc = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		rc = sqlite3_column_int(st, 0);
	else
		db_warn(db, "signup");
	sqlite3_finalize(st);
	return rc;
}

/* the plan's first day: the cohort's late-join policy, or the next one */
static int
start_of(struct db *db, const struct signup_row *s, time_t now,
    struct date *start)
{
	struct cohort c;
	int x;

	if (s->cohort_id == 0)
		return enrollment_first_date(s->tz, s->send_minutes, now,
		    start);
	if ((x = cohort_store_get(db, s->cohort_id, &c)) != 0)
		return -1;
	x = cohort_start_for(&c, s->tz, s->send_minutes, now, start);
	cohort_free(&c);
	return x;
}

static int
mark_confirmed(struct db *db, const struct signup_row *s, long long enr,
    time_t now)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "UPDATE signup SET confirmed_at = ?, "
	    "enrollment_id = ? WHERE id = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	if (enr)
		sqlite3_bind_int64(st, 2, enr);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_int64(st, 3, s->id);
	if (db_step_done(db, st) == -1)
		return -1;
	st = db_prepare(db, "INSERT INTO consent (email, at, client, "
	    "cohort_id, how, signup_id, enrollment_id) VALUES (?, ?, ?, ?, "
	    "'signup', ?, ?)");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, s->email, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, s->client, -1, SQLITE_STATIC);
	if (s->cohort_id)
		sqlite3_bind_int64(st, 4, s->cohort_id);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_int64(st, 5, s->id);
	if (enr)
		sqlite3_bind_int64(st, 6, enr);
	else
		sqlite3_bind_null(st, 6);
	return db_step_done(db, st);
}

int
signup_store_confirm(struct db *db, const struct signup_row *s,
    long confirm_hours, int weekdays, time_t now,
    const unsigned char key[TOKEN_SECRET_LEN], enum signup_outcome *out)
{
	struct suppress_entry se;
	struct enroll_req r;
	long long enr = 0;
	char *why = NULL;
	int x;

	if (db_begin(db) == -1)
		return -1;
	/* asked again under the write lock: two presses enroll once */
	if ((x = was_confirmed(db, s->id)) != 0) {
		if (x == -1)
			goto fail;
		*out = SIGNUP_WAS_IN;
		goto done;
	}
	if (signup_expired(s->created_at, confirm_hours, now)) {
		*out = SIGNUP_EXPIRED;
		goto done;
	}
	if ((x = suppress_get(db, s->email, &se)) == -1)
		goto fail;
	if (x == 1 && se.reason != SUPPRESS_UNSUBSCRIBED) {
		*out = SIGNUP_REFUSED;
		goto done;
	}
	/* they asked to join again and said so twice: that lifts it */
	if (x == 1 && suppress_lift(db, s->email, "confirmed a signup: "
	    "they asked to join again", now) == -1)
		goto fail;
	memset(&r, 0, sizeof(r));
	r.email = s->email;
	r.name = s->name;
	r.tz = s->tz;
	r.send_minutes = s->send_minutes;
	r.weekdays = weekdays;
	r.cohort_id = s->cohort_id;
	if (start_of(db, s, now, &r.start) == -1)
		goto fail;
	/* the way in every enrollment takes: checks, plan, welcome */
	if ((x = enrollment_insert(db, &r, now, key, &enr, &why)) == -1)
		goto fail;
	free(why);
	why = NULL;
	if (x == 2) {
		*out = SIGNUP_REFUSED;
		goto done;
	}
	*out = x == 0 ? SIGNUP_ENROLLED : SIGNUP_WAS_IN;
	if (mark_confirmed(db, s, x == 0 ? enr : 0, now) == -1)
		goto fail;
done:
	return db_commit(db);
fail:
	free(why);
	db_rollback(db);
	return -1;
}

/* ---- the confirmation email queue ------------------------------------- */

static int
set_mail(struct db *db, long long id, const char *state, const char *reply,
    time_t now)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE signup SET mail = ?, "
	    "last_reply = COALESCE(?, last_reply), next_try_at = ? "
	    "WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	if (reply)
		sqlite3_bind_text(st, 2, reply, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, id);
	return db_step_done(db, st);
}

int
signup_store_reclaim(struct db *db)
{
	if (db_begin(db) == -1)
		return -1;
	if (db_exec(db, "UPDATE signup SET next_try_at = 0 WHERE mail = "
	    "'sending'") == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

int
signup_store_claim(struct db *db, time_t now, long confirm_hours,
    struct signup_item *items, int n, struct ledger_counts *c)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	int got = 0;

	if (db_begin(db) == -1)
		return -1;
	sel = db_prepare(db, "SELECT s.id, s.mail, s.attempts, s.maybe_dup, "
	    "s.created_at, (SELECT x.reason FROM suppression x WHERE "
	    "x.email = s.email) FROM signup s WHERE (s.mail = 'pending' OR "
	    "s.mail = 'sending' OR s.mail = 'retry') AND s.next_try_at <= ? "
	    "ORDER BY s.next_try_at LIMIT ?");
	upd = db_prepare(db, "UPDATE signup SET mail = 'sending', "
	    "attempts = ?, maybe_dup = ?, next_try_at = ? WHERE id = ?");
	if (sel == NULL || upd == NULL)
		goto fail;
	sqlite3_bind_int64(sel, 1, now);
	sqlite3_bind_int(sel, 2, n);
	while (got < n && sqlite3_step(sel) == SQLITE_ROW) {
		struct signup_item *it = &items[got];
		const char *was = (const char *)sqlite3_column_text(sel, 1);
		const char *supp = (const char *)sqlite3_column_text(sel, 5);
		enum suppress_reason sr = suppress_reason_parse(supp);

		it->id = sqlite3_column_int64(sel, 0);
		it->attempts = sqlite3_column_int(sel, 2) + 1;
		it->maybe_dup = sqlite3_column_int(sel, 3) ||
		    strcmp(was, "sending") == 0;
		/* a bounce or complaint since the POST: it is not mailed */
		if (supp != NULL && sr != SUPPRESS_UNSUBSCRIBED) {
			if (set_mail(db, it->id, "skipped", "suppressed since "
			    "the signup", now) == -1)
				goto fail;
			c->skipped++;
			continue;
		}
		if (signup_expired((time_t)sqlite3_column_int64(sel, 4),
		    confirm_hours, now)) {
			if (set_mail(db, it->id, "skipped", "not sent before "
			    "its link expired", now) == -1)
				goto fail;
			c->skipped++;
			continue;
		}
		sqlite3_reset(upd);
		sqlite3_bind_int(upd, 1, it->attempts);
		sqlite3_bind_int(upd, 2, it->maybe_dup);
		sqlite3_bind_int64(upd, 3, now + LEDGER_LEASE);
		sqlite3_bind_int64(upd, 4, it->id);
		if (sqlite3_step(upd) != SQLITE_DONE) {
			db_warn(db, "signup claim");
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

int
signup_store_record(struct db *db, time_t now, const struct signup_item *items,
    const struct mail_job *jobs, int n, struct ledger_counts *c)
{
	struct ledger_counts k;
	sqlite3_stmt *st = NULL;
	int i;

	memset(&k, 0, sizeof(k));
	if (db_begin(db) == -1)
		return -1;
	st = db_prepare(db, "UPDATE signup SET mail = ?, last_reply = "
	    "COALESCE(?, last_reply), sent_at = ?, next_try_at = ?, "
	    "attempts = ?, maybe_dup = maybe_dup OR ? WHERE id = ?");
	if (st == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		const struct mail_job *j = &jobs[i];
		const struct signup_item *it = &items[i];
		struct ledger_step sp;

		ledger_step(now, it->attempts, j, &sp, &k);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, sp.state, -1, SQLITE_STATIC);
		if (j->result != MAIL_UNSENT)
			sqlite3_bind_text(st, 2, j->reply, -1,
			    SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 2);
		if (j->result == MAIL_SENT)
			sqlite3_bind_int64(st, 3, now);
		else
			sqlite3_bind_null(st, 3);
		sqlite3_bind_int64(st, 4, sp.next_try);
		sqlite3_bind_int(st, 5, sp.attempts);
		sqlite3_bind_int(st, 6, j->result == MAIL_UNCERTAIN);
		sqlite3_bind_int64(st, 7, it->id);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_warn(db, "signup record");
			goto fail;
		}
	}
	sqlite3_finalize(st);
	if (db_commit(db) == -1)
		return -1;
	ledger_counts_add(c, &k);
	return 0;
fail:
	sqlite3_finalize(st);
	db_rollback(db);
	return -1;
}

int
signup_store_purge(struct db *db, time_t now)
{
	sqlite3_stmt *st = db_prepare(db, "DELETE FROM signup WHERE "
	    "created_at < ? AND mail <> 'pending' AND mail <> 'sending' AND "
	    "mail <> 'retry'");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now - (time_t)SIGNUP_KEEP_DAYS * DAY);
	return db_step_done(db, st);
}

/* ---- the cohort's flag ------------------------------------------------ */

int
signup_store_cohort(struct db *db, const char *name, struct cohort *c,
    int *on)
{
	sqlite3_stmt *st;
	int x;

	*on = 0;
	if ((x = cohort_store_find(db, name, c)) != 0)
		return x;
	if ((st = db_prepare(db, "SELECT signup FROM cohort WHERE id = ?")) ==
	    NULL) {
		cohort_free(c);
		return -1;
	}
	sqlite3_bind_int64(st, 1, c->id);
	if (sqlite3_step(st) == SQLITE_ROW)
		*on = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

int
signup_store_set_cohort(struct db *db, long long id, int on)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE cohort SET signup = ? "
	    "WHERE id = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, on != 0);
	sqlite3_bind_int64(st, 2, id);
	return db_step_done(db, st);
}
