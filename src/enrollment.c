/*
 * enrollment.c - a person's run through the plan (see enrollment.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enrollment.h"
#include "ledger_add.h"
#include "log.h"
#include "outbox.h"
#include "replan.h"
#include "suppress.h"
#include "tz.h"
#include "util.h"

#define SELECT_ENROLLMENT \
	"SELECT e.id, e.person_id, COALESCE(e.cohort_id, 0), p.email, " \
	"p.name, e.tz, c.name, e.state, e.send_at, e.start_date, " \
	"e.pacing, e.next_day, COALESCE(e.next_due_at, 0), " \
	"e.token_version, e.created_at, c.skip_dates " \
	"FROM enrollment e JOIN person p ON p.id = e.person_id " \
	"LEFT JOIN cohort c ON c.id = e.cohort_id "

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

static const char sql_pauses[] = "SELECT from_date, until_date, "
    "resumed_at IS NOT NULL FROM pause WHERE enrollment_id = ? "
    "ORDER BY from_date";
static const char sql_fixed[] = "SELECT day, date, done FROM task "
    "WHERE enrollment_id = ? AND day < ? ORDER BY day";
/* a forgotten person's placeholder address finds no one */
static const char sql_by_email[] = SELECT_ENROLLMENT "WHERE p.email = ? "
    "AND p.forgotten_at IS NULL "
    "ORDER BY e.state IN ('active', 'paused') DESC, e.id DESC LIMIT 1";
static const char sql_by_id[] = SELECT_ENROLLMENT "WHERE e.id = ?";

static int
load_pauses(struct db *db, struct enrollment *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_cached(db, sql_pauses)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, e->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct sched_pause *p;
		const char *from = (const char *)sqlite3_column_text(st, 0);
		const char *until = (const char *)sqlite3_column_text(st, 1);

		e->pauses = xreallocarray(e->pauses, e->npauses + 1,
		    sizeof(*e->pauses));
		p = &e->pauses[e->npauses++];
		memset(p, 0, sizeof(*p));
		clock_parse_date(from ? from : "", &p->from);
		if (until == NULL || clock_parse_date(until, &p->until) == -1)
			p->open = 1;
		p->resumed = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_warn(db, "pauses");
		return -1;
	}
	return 0;
}

/*
 * The end of a pause or resume: e's spans read again, its plan redone
 * over them, and the transaction committed; -1 rolled back.
 */
static int
replan_commit(struct db *db, struct enrollment *e, time_t now)
{
	free(e->pauses);
	e->pauses = NULL;
	e->npauses = 0;
	if (load_pauses(db, e) == -1 || replan(db, e, now) == -1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

/*
 * The dates of the days already queued, which never move.  A gap (a
 * plan made before dates were kept, until the first pass fills them in)
 * ends the run: from there the rules give the dates.  The same rows
 * give the done marks of those days.
 */
static int
load_fixed(struct db *db, struct enrollment *e)
{
	sqlite3_stmt *st;
	int rc, run = 1;

	if ((st = db_cached(db, sql_fixed)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, e->id);
	sqlite3_bind_int(st, 2, e->next_day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 1);
		int day = sqlite3_column_int(st, 0);

		if (day >= 1 && day <= 30 && sqlite3_column_int(st, 2))
			e->done_before |= 1u << (day - 1);
		if (!run)
			continue;
		if (day != e->nfixed + 1 || d == NULL ||
		    clock_parse_date(d, &e->fixed[e->nfixed]) == -1)
			run = 0;
		else if (++e->nfixed == 30)
			run = 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_warn(db, "plan dates");
		return -1;
	}
	return 0;
}

static int
load_one(struct db *db, sqlite3_stmt *st, struct enrollment *e)
{
	int rc;

	memset(e, 0, sizeof(*e));
	if ((rc = sqlite3_step(st)) == SQLITE_DONE) {
		sqlite3_reset(st);
		return 1;
	}
	if (rc != SQLITE_ROW) {
		db_warn(db, "enrollment");
		sqlite3_reset(st);
		return -1;
	}
	e->id = sqlite3_column_int64(st, 0);
	e->person_id = sqlite3_column_int64(st, 1);
	e->cohort_id = sqlite3_column_int64(st, 2);
	e->email = col_dup(st, 3);
	e->name = col_dup(st, 4);
	e->tz = col_dup(st, 5);
	e->cohort = col_dup(st, 6);
	snprintf(e->state, sizeof(e->state), "%s",
	    (const char *)sqlite3_column_text(st, 7));
	if (clock_parse_hhmm((const char *)sqlite3_column_text(st, 8),
	    &e->send_minutes) == -1)
		e->send_minutes = 7 * 60;
	clock_parse_date((const char *)sqlite3_column_text(st, 9), &e->start);
	e->weekdays = strcmp((const char *)sqlite3_column_text(st, 10),
	    "weekdays") == 0;
	e->next_day = sqlite3_column_int(st, 11);
	e->next_due_at = (time_t)sqlite3_column_int64(st, 12);
	e->token_version = sqlite3_column_int(st, 13);
	e->created_at = (time_t)sqlite3_column_int64(st, 14);
	if (sqlite3_column_type(st, 15) == SQLITE_TEXT) {
		const char *bad;

		/* stored by cohort create, checked there */
		hol_add_list(&e->cohort_skips,
		    (const char *)sqlite3_column_text(st, 15), &bad);
	}
	sqlite3_reset(st);
	if (load_pauses(db, e) == -1 || load_fixed(db, e) == -1) {
		enrollment_free(e);
		return -1;
	}
	return 0;
}

int
enrollment_find(struct db *db, const char *email, struct enrollment *e)
{
	/* an open enrollment first, then the most recent */
	sqlite3_stmt *st = db_cached(db, sql_by_email);

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_TRANSIENT);
	return load_one(db, st, e);
}

int
enrollment_get(struct db *db, long long id, struct enrollment *e)
{
	sqlite3_stmt *st = db_cached(db, sql_by_id);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return load_one(db, st, e);
}

void
enrollment_free(struct enrollment *e)
{
	free(e->email);
	free(e->name);
	free(e->tz);
	free(e->cohort);
	free(e->pauses);
	hol_set_free(&e->cohort_skips);
	memset(e, 0, sizeof(*e));
}

void
enrollment_plan(const struct enrollment *e, struct sched_plan *p)
{
	memset(p, 0, sizeof(*p));
	p->start = e->start;
	p->weekdays = e->weekdays;
	p->pauses = e->pauses;
	p->npauses = e->npauses;
	p->skip[0] = replan_skips();
	p->skip[1] = &e->cohort_skips;
	p->fixed = e->fixed;
	p->nfixed = e->nfixed;
}

int
enrollment_first_date(const char *tz, int send_minutes, time_t now,
    struct date *d)
{
	time_t due;

	/* today if today's send time is still ahead, else tomorrow */
	if (tz_local_date(tz, now, d) == -1 ||
	    tz_local_to_utc(tz, *d, send_minutes, &due) == -1)
		return -1;
	if (due <= now)
		*d = clock_days_to_date(clock_date_to_days(*d) + 1);
	return 0;
}

int
enrollment_email_valid(const char *s)
{
	const char *at = strrchr(s, '@'), *p, *label;
	size_t len = strlen(s);

	if (at == NULL || at == s || len > 254 || at - s > 64)
		return 0;
	for (p = s; p < at; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    strchr("\"(),:;<>@[\\]", *p))
			return 0;
	if (s[0] == '.' || at[-1] == '.' || strstr(s, "..") != NULL)
		return 0;
	/* the domain: dot-separated labels of letters, digits and hyphens */
	if (strchr(at + 1, '.') == NULL)
		return 0;
	for (label = p = at + 1; ; p++) {
		if (*p == '.' || *p == '\0') {
			if (p == label || *label == '-' || p[-1] == '-' ||
			    p - label > 63)
				return 0;
			if (*p == '\0')
				break;
			label = p + 1;
		} else if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
		    *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return 0;
	}
	return 1;
}

void
enrollment_tokens(const struct enrollment *e,
    const unsigned char key[TOKEN_SECRET_LEN], char page[TOKEN_LEN + 1],
    char feed[TOKEN_LEN + 1], char unsub[TOKEN_LEN + 1])
{
	token_make(key, TOKEN_PAGE, e->id, e->token_version, page);
	token_make(key, TOKEN_FEED, e->id, e->token_version, feed);
	/* unsubscribe links in mail already sent must keep working */
	token_make(key, TOKEN_UNSUBSCRIBE, e->id, 1, unsub);
}

static int
insert_token(struct db *db, const unsigned char key[TOKEN_SECRET_LEN],
    enum token_kind kind, long long owner, int version)
{
	unsigned char hash[TOKEN_HASH_LEN];
	char tok[TOKEN_LEN + 1];
	sqlite3_stmt *st;

	token_make(key, kind, owner, version, tok);
	token_hash(tok, TOKEN_LEN, hash);
	explicit_bzero(tok, sizeof(tok));
	st = db_prepare(db, "INSERT OR REPLACE INTO token (hash, kind, "
	    "owner_id, version) VALUES (?, ?, ?, ?)");
	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, token_kind_str(kind), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, owner);
	sqlite3_bind_int(st, 4, version);
	return db_step_done(db, st);
}

/*
 * After a new send time or zone, the next day's new time may already
 * have passed today: it goes out now rather than the scheduler finding
 * it late, perhaps past stale_after_hours, and skipping it.  Caller
 * holds a write transaction.
 */
static int
catch_up(struct db *db, struct enrollment *e, time_t now)
{
	sqlite3_stmt *st;

	if (e->next_due_at == 0 || e->next_due_at >= now)
		return 0;
	e->next_due_at = now;
	st = db_prepare(db, "UPDATE enrollment SET next_due_at = ? "
	    "WHERE id = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, e->id);
	return db_step_done(db, st);
}

int
enrollment_create(struct db *db, const struct enroll_req *r, time_t now,
    const unsigned char key[TOKEN_SECRET_LEN], long long *idp, char **why)
{
	long long id;
	int rc;

	*why = NULL;
	if (db_begin(db) == -1)
		return -1;
	if ((rc = enrollment_insert(db, r, now, key, &id, why)) != 0) {
		db_rollback(db);
		return rc;
	}
	if (db_commit(db) == -1)
		return -1;
	*idp = id;
	return 0;
}

/*
 * 0 when r's address may be enrolled (after lifting what --resubscribe
 * may lift), 2 with why when it is suppressed, -1 on error.
 */
static int
suppressed(struct db *db, const struct enroll_req *r, time_t now,
    const unsigned char key[TOKEN_SECRET_LEN], char **why)
{
	struct suppress_entry se;
	char line[640];
	int x;

	if ((x = suppress_check(db, key, r->email, &se)) != 1)
		return x;
	if (r->resubscribe && suppress_lift_needs(se.reason) == 0)
		return suppress_lift(db, se.forgotten ? se.row : r->email,
		    "resubscribed: they asked to join again", now) == -1 ?
		    -1 : 0;
	suppress_describe(&se, line, sizeof(line));
	*why = xstrdup(line);
	return 2;
}

int
enrollment_insert(struct db *db, const struct enroll_req *r, time_t now,
    const unsigned char key[TOKEN_SECRET_LEN], long long *idp, char **why)
{
	struct enrollment e;
	sqlite3_stmt *st;
	long long person;
	char start[11], send_at[6];
	int rc = -1;

	*why = NULL;
	/* the one suppression list, asked on every way in */
	if ((rc = suppressed(db, r, now, key, why)) != 0)
		return rc;
	rc = -1;
	/* the person: found by address, or new; a new name replaces none */
	st = db_prepare(db, "INSERT INTO person (email, name, tz, created_at) "
	    "VALUES (?, ?, ?, ?) ON CONFLICT (email) DO UPDATE SET "
	    "name = CASE WHEN excluded.name <> '' THEN excluded.name "
	    "ELSE person.name END, tz = excluded.tz");
	if (st == NULL)
		goto out;
	sqlite3_bind_text(st, 1, r->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->tz, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	if (db_step_done(db, st) == -1)
		goto out;
	st = db_prepare(db, "SELECT id FROM person WHERE email = ?");
	if (st == NULL)
		goto out;
	sqlite3_bind_text(st, 1, r->email, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		db_warn(db, "person");
		goto out;
	}
	person = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);

	clock_format_date(r->start, start);
	snprintf(send_at, sizeof(send_at), "%02u:%02u",
	    (unsigned)r->send_minutes / 60 % 24,
	    (unsigned)r->send_minutes % 60);
	st = db_prepare(db, "INSERT INTO enrollment (person_id, cohort_id, tz, "
	    "send_at, start_date, pacing, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (st == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, person);
	if (r->cohort_id)
		sqlite3_bind_int64(st, 2, r->cohort_id);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_text(st, 3, r->tz, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, send_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, start, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, r->weekdays ? "weekdays" : "daily", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, now);
	sqlite3_bind_int64(st, 8, now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		/* the partial unique index: one open enrollment per person */
		if (sqlite3_extended_errcode(db_handle(db)) ==
		    SQLITE_CONSTRAINT_UNIQUE) {
			*why = xasprintf("'%s' is already enrolled (see "
			    "'refready status %s')", r->email, r->email);
			rc = 1;
		} else
			db_warn(db, "enroll");
		sqlite3_finalize(st);
		goto out;
	}
	sqlite3_finalize(st);
	/* read back: the plan takes its cohort's skipped dates too */
	if (enrollment_get(db, sqlite3_last_insert_rowid(db_handle(db)),
	    &e) != 0)
		goto out;
	if (replan(db, &e, now) == 0 &&
	    insert_token(db, key, TOKEN_PAGE, e.id, 1) == 0 &&
	    insert_token(db, key, TOKEN_FEED, e.id, 1) == 0 &&
	    insert_token(db, key, TOKEN_UNSUBSCRIBE, e.id, 1) == 0 &&
	    (r->no_welcome || ledger_add(db, e.id, "welcome", 1, now,
	    now) == 0) &&
	    (!outbox_wants(CFG_EV_ENROLLED) || outbox_emit(db,
	    CFG_EV_ENROLLED, e.id, 0, json_pack("{s:s, s:s, s:s, s:s}", "tz",
	    r->tz, "send_at", send_at, "start_date", start, "pacing",
	    r->weekdays ? "weekdays" : "daily"), now) == 0)) {
		/* the welcome is due at once: the next pass sends it */
		*idp = e.id;
		rc = 0;
	}
	enrollment_free(&e);
out:
	return rc;
}

static int
is_open(const struct enrollment *e, const char *what, char **why)
{
	if (strcmp(e->state, "active") == 0 || strcmp(e->state, "paused") == 0)
		return 1;
	*why = xasprintf("cannot %s '%s': the enrollment is %s", what,
	    e->email, e->state);
	return 0;
}

/* the first local date a pause starting now can take from the plan */
static struct date
pause_from(const struct enrollment *e, time_t now)
{
	struct sched_plan plan;
	struct date today, last;
	long from;

	tz_local_date(e->tz, now, &today);
	from = clock_date_to_days(today);
	/* a day already queued keeps its date */
	enrollment_plan(e, &plan);
	if (e->next_day > 1 && sched_day_date(&plan, e->next_day - 1,
	    &last) == 0 && clock_date_to_days(last) >= from)
		from = clock_date_to_days(last) + 1;
	return clock_days_to_date(from);
}

/*
 * The pause holding e at now: the open one, or the latest-ending dated
 * one under way or ahead that no resume ended; NULL when none.
 */
static const struct sched_pause *
current_pause(const struct enrollment *e, time_t now)
{
	const struct sched_pause *found = NULL;
	struct date today;
	size_t i;

	if (strcmp(e->state, "paused") == 0) {
		for (i = 0; i < e->npauses; i++)
			if (e->pauses[i].open)
				return &e->pauses[i];
		return NULL;
	}
	if (strcmp(e->state, "active") != 0 ||
	    tz_local_date(e->tz, now, &today) == -1)
		return NULL;
	for (i = 0; i < e->npauses; i++) {
		const struct sched_pause *p = &e->pauses[i];

		if (!p->open && !p->resumed &&
		    clock_date_cmp(p->until, today) > 0 && (found == NULL ||
		    clock_date_cmp(p->until, found->until) > 0))
			found = p;
	}
	return found;
}

/* writes the pause from..until (NULL: open) and plans e again */
static int
store_pause(struct db *db, struct enrollment *e, time_t now,
    struct date from, const struct date *until)
{
	sqlite3_stmt *st;
	char sfrom[11], suntil[11];

	if (db_begin(db) == -1)
		return -1;
	clock_format_date(from, sfrom);
	st = db_prepare(db, "INSERT INTO pause (enrollment_id, from_date, "
	    "until_date) VALUES (?, ?, ?) ON CONFLICT (enrollment_id, "
	    "from_date) DO UPDATE SET until_date = excluded.until_date, "
	    "resumed_at = NULL");
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, e->id);
	sqlite3_bind_text(st, 2, sfrom, -1, SQLITE_STATIC);
	if (until) {
		clock_format_date(*until, suntil);
		sqlite3_bind_text(st, 3, suntil, -1, SQLITE_STATIC);
	} else
		sqlite3_bind_null(st, 3);
	if (db_step_done(db, st) == -1)
		goto fail;
	/*
	 * With a date the plan simply leaps the span and stays active: its
	 * days are dated past it, so it resumes by itself, and the pause
	 * shows from the span (enrollment_paused_until).  Without one,
	 * nothing is dated until a resume.
	 */
	snprintf(e->state, sizeof(e->state), "%s", until ? "active" :
	    "paused");
	return replan_commit(db, e, now);
fail:
	db_rollback(db);
	return -1;
}

int
enrollment_pause(struct db *db, struct enrollment *e, time_t now,
    const struct date *until, char **why)
{
	const struct sched_pause *cur;
	struct date from, first;
	char s[11];

	*why = NULL;
	if (!is_open(e, "pause", why))
		return 1;
	cur = current_pause(e, now);
	if (cur && until == NULL) {
		if (cur->open)
			*why = xasprintf("'%s' is already paused (resume "
			    "first)", e->email);
		else {
			clock_format_date(cur->until, s);
			*why = xasprintf("'%s' is already paused until %s "
			    "(--until DATE changes the date; resume ends it)",
			    e->email, s);
		}
		return 1;
	}
	if (cur == NULL && e->next_day > 30) {
		*why = xasprintf("'%s' has been sent every lesson; nothing to "
		    "pause", e->email);
		return 1;
	}
	/* a second --until moves the end of the pause already there */
	first = pause_from(e, now);
	from = cur ? cur->from : first;
	if (clock_date_cmp(from, first) > 0)
		first = from;
	if (until && clock_date_cmp(*until, first) <= 0) {
		clock_format_date(first, s);
		*why = xasprintf("--until must be after %s, the first paused "
		    "day", s);
		return 1;
	}
	return store_pause(db, e, now, from, until);
}

int
enrollment_pause_days(struct db *db, struct enrollment *e, time_t now,
    int days, char **why)
{
	struct date until;

	*why = NULL;
	if (days < 1 || days > ENR_PAUSE_DAYS_MAX) {
		*why = xasprintf("a pause is 1 to %d days, not %d",
		    ENR_PAUSE_DAYS_MAX, days);
		return 1;
	}
	/* days counted from the first day the pause can take */
	until = clock_days_to_date(clock_date_to_days(pause_from(e, now)) +
	    days);
	return enrollment_pause(db, e, now, &until, why);
}

int
enrollment_paused_until(const struct enrollment *e, time_t now,
    struct date *until)
{
	const struct sched_pause *p = current_pause(e, now);

	if (strcmp(e->state, "paused") == 0)
		return 1;
	if (p == NULL)
		return 0;
	*until = p->until;
	return 2;
}

const char *
enrollment_state_at(const struct enrollment *e, time_t now)
{
	struct date until;

	return enrollment_paused_until(e, now, &until) ? "paused" : e->state;
}

int
enrollment_resume(struct db *db, struct enrollment *e, time_t now,
    char **why)
{
	struct date first, until;
	sqlite3_stmt *st;
	char s[11];

	*why = NULL;
	if (enrollment_paused_until(e, now, &until) == 0) {
		*why = xasprintf("'%s' is not paused (it is %s)", e->email,
		    e->state);
		return 1;
	}
	if (enrollment_first_date(e->tz, e->send_minutes, now, &first) == -1)
		return -1;
	if (db_begin(db) == -1)
		return -1;
	/*
	 * End the open pause, or a dated one still ahead, where the plan
	 * can next send, marked as ended early so that it shows no more
	 * even when that is tomorrow; a pause that never began is dropped.
	 */
	clock_format_date(first, s);
	st = db_prepare(db, "UPDATE pause SET until_date = ?1, "
	    "resumed_at = ?3 WHERE enrollment_id = ?2 AND resumed_at IS NULL "
	    "AND (until_date IS NULL OR until_date > ?1)");
	if (st == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, s, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, e->id);
	sqlite3_bind_int64(st, 3, now);
	if (db_step_done(db, st) == -1)
		goto fail;
	st = db_prepare(db, "DELETE FROM pause WHERE enrollment_id = ? "
	    "AND until_date <= from_date");
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, e->id);
	if (db_step_done(db, st) == -1)
		goto fail;
	snprintf(e->state, sizeof(e->state), "active");
	return replan_commit(db, e, now);
fail:
	db_rollback(db);
	return -1;
}

int
enrollment_set_schedule(struct db *db, struct enrollment *e, const char *tz,
    int send_minutes, time_t now, char **why)
{
	sqlite3_stmt *st;
	char send_at[6];

	*why = NULL;
	if (!tz_known(tz)) {
		*why = xasprintf("unknown time zone '%s'", tz);
		return 1;
	}
	if (send_minutes < 0 || send_minutes >= 24 * 60) {
		*why = xasprintf("bad send time: %d minutes past midnight",
		    send_minutes);
		return 1;
	}
	if (!is_open(e, "change the schedule of", why))
		return 1;
	snprintf(send_at, sizeof(send_at), "%02u:%02u",
	    (unsigned)send_minutes / 60 % 24, (unsigned)send_minutes % 60);
	if (db_begin(db) == -1)
		return -1;
	/* the person's zone too: a later enrollment starts from it */
	st = db_prepare(db, "UPDATE person SET tz = ? WHERE id = ?");
	if (st == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, tz, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, e->person_id);
	if (db_step_done(db, st) == -1)
		goto fail;
	st = db_prepare(db, "UPDATE enrollment SET tz = ?, send_at = ? "
	    "WHERE id = ?");
	if (st == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, tz, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, send_at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, e->id);
	if (db_step_done(db, st) == -1)
		goto fail;
	free(e->tz);
	e->tz = xstrdup(tz);
	e->send_minutes = send_minutes;
	/* days already queued keep their time; next_day on take the new */
	if (replan(db, e, now) == -1 || catch_up(db, e, now) == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

/* stops an enrollment: no more mail; queued lessons are skipped */
static int
stop(struct db *db, long long id, const char *state, const char *reason,
    time_t now)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "UPDATE enrollment SET state = ?, next_due_at = "
	    "NULL, updated_at = ? WHERE id = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, id);
	if (db_step_done(db, st) == -1)
		return -1;
	st = db_prepare(db, "UPDATE delivery SET state = 'skipped', "
	    "last_reply = ?, updated_at = ? WHERE enrollment_id = ? AND "
	    "state IN ('pending', 'retry')");
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, id);
	return db_step_done(db, st);
}

int
enrollment_unenroll(struct db *db, struct enrollment *e, time_t now,
    char **why)
{
	*why = NULL;
	if (!is_open(e, "unenroll", why))
		return 1;
	if (db_begin(db) == -1)
		return -1;
	if (stop(db, e->id, "unenrolled", "unenrolled by the operator",
	    now) == -1) {
		db_rollback(db);
		return -1;
	}
	snprintf(e->state, sizeof(e->state), "unenrolled");
	return db_commit(db);
}

int
enrollment_unsubscribe(struct db *db, long long id, time_t now)
{
	sqlite3_stmt *st;
	char *email = NULL;
	int rc = -1, state_ok;

	if (db_begin(db) == -1)
		return -1;
	st = db_prepare(db, "SELECT e.state IN ('active', 'paused', "
	    "'completed'), p.email FROM enrollment e JOIN person p ON p.id = "
	    "e.person_id WHERE e.id = ?");
	if (st == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	state_ok = sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_int(st, 0);
	if (state_ok)
		email = xstrdup((const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	/* already unsubscribed or unenrolled: nothing to do, same answer */
	if (state_ok && (stop(db, id, "unsubscribed", "unsubscribed",
	    now) == -1 || suppress_add(db, email, SUPPRESS_UNSUBSCRIBED, NULL,
	    now) == -1 || outbox_emit(db, CFG_EV_UNSUBSCRIBED, id, 0,
	    json_pack("{s:s}", "reason", "link"), now) == -1)) {
		free(email);
		goto out;
	}
	free(email);
	rc = db_commit(db);
	return rc;
out:
	db_rollback(db);
	return rc;
}

int
enrollment_stop_person(struct db *db, long long person_id, const char *state,
    const char *reason, time_t now)
{
	sqlite3_stmt *st;
	long long ids[64];
	int n, i;

	/* a person has one open enrollment and a few old ones at most */
	do {
		st = db_prepare(db, "SELECT id FROM enrollment WHERE person_id "
		    "= ? AND (state = 'active' OR state = 'paused' OR state = "
		    "'completed') LIMIT 64");
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, person_id);
		n = 0;
		while (n < 64 && sqlite3_step(st) == SQLITE_ROW)
			ids[n++] = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		for (i = 0; i < n; i++)
			if (stop(db, ids[i], state, reason, now) == -1)
				return -1;
	} while (n == 64);
	return 0;
}

int
enrollment_mark(struct db *db, struct enrollment *e, int day, int done,
    time_t now)
{
	sqlite3_stmt *st;

	if (db_begin(db) == -1)
		return -1;
	/* only a real change moves the calendar item's SEQUENCE */
	st = db_prepare(db, "INSERT INTO task (enrollment_id, day, done, "
	    "done_at, sequence, modified_at) VALUES (?1, ?2, ?3, "
	    "CASE WHEN ?3 THEN ?4 END, 1, ?4) "
	    "ON CONFLICT (enrollment_id, day) DO UPDATE SET "
	    "done = excluded.done, done_at = excluded.done_at, "
	    "sequence = sequence + 1, modified_at = excluded.modified_at "
	    "WHERE done <> excluded.done");
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, e->id);
	sqlite3_bind_int(st, 2, day);
	sqlite3_bind_int(st, 3, done);
	sqlite3_bind_int64(st, 4, now);
	if (db_step_done(db, st) == -1)
		goto fail;
	/* a day newly done; marking it again, or undoing it, says nothing */
	if (done && sqlite3_changes(db_handle(db)) > 0 &&
	    outbox_emit(db, CFG_EV_TASK_DONE, e->id, 0, json_pack("{s:i}",
	    "day", day), now) == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

int
enrollment_rotate(struct db *db, struct enrollment *e,
    const unsigned char key[TOKEN_SECRET_LEN], time_t now)
{
	sqlite3_stmt *st;
	int v = e->token_version + 1;

	if (db_begin(db) == -1)
		return -1;
	st = db_prepare(db, "DELETE FROM token WHERE owner_id = ? AND kind IN "
	    "('page', 'feed')");
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, e->id);
	if (db_step_done(db, st) == -1)
		goto fail;
	st = db_prepare(db, "UPDATE enrollment SET token_version = ?, "
	    "updated_at = ? WHERE id = ?");
	if (st == NULL)
		goto fail;
	sqlite3_bind_int(st, 1, v);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, e->id);
	if (db_step_done(db, st) == -1 ||
	    insert_token(db, key, TOKEN_PAGE, e->id, v) == -1 ||
	    insert_token(db, key, TOKEN_FEED, e->id, v) == -1)
		goto fail;
	if (db_commit(db) == -1)
		return -1;
	e->token_version = v;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

void
enrollment_vars(const struct enrollment *e, const char *base_url,
    const char *postal, const unsigned char key[TOKEN_SECRET_LEN], int day,
    struct enrollment_vars *ev)
{
	char page[TOKEN_LEN + 1], feed[TOKEN_LEN + 1], unsub[TOKEN_LEN + 1];
	struct sched_plan plan;
	struct date d;
	size_t n;
	const char *p;

	memset(ev, 0, sizeof(*ev));
	if (key) {
		enrollment_tokens(e, key, page, feed, unsub);
		token_links(base_url, page, feed, unsub, &ev->links);
	} else
		token_links(base_url, "SAMPLE-PAGE-TOKEN", "SAMPLE-FEED-TOKEN",
		    "SAMPLE-UNSUBSCRIBE-TOKEN", &ev->links);
	explicit_bzero(page, sizeof(page));
	explicit_bzero(feed, sizeof(feed));
	enrollment_plan(e, &plan);
	if (sched_day_date(&plan, day, &d) == 0)
		clock_format_long(d, ev->when);
	else
		snprintf(ev->when, sizeof(ev->when), "today");
	/* a name from an import may hold line breaks: never in a line */
	ev->name = xstrdup_flat(e->name);
	for (p = ev->name; *p == ' '; p++)
		;
	n = strcspn(p, " ");
	ev->first = n ? xstrndup(p, n) : xstrdup("there");
	ev->v.v[RF_FIRST_NAME] = ev->first;
	ev->v.v[RF_NAME] = ev->name;
	ev->v.v[RF_EMAIL] = e->email;
	ev->v.v[RF_DATE] = ev->when;
	ev->v.v[RF_PAGE_URL] = ev->links.page;
	ev->v.v[RF_SCORECARD_URL] = ev->links.scorecard;
	ev->v.v[RF_FEED_URL] = ev->links.feed;
	ev->v.v[RF_WEBCAL_URL] = ev->links.webcal;
	ev->v.v[RF_UNSUBSCRIBE_URL] = ev->links.unsubscribe;
	ev->v.v[RF_POSTAL_ADDRESS] = postal;
}

void
enrollment_vars_free(struct enrollment_vars *ev)
{
	free(ev->name);
	free(ev->first);
	memset(ev, 0, sizeof(*ev));
}

int
enrollment_plan_day(const struct enrollment *e, time_t now)
{
	struct sched_plan plan;
	struct date today;

	if (tz_local_date(e->tz, now, &today) == -1)
		return 0;
	enrollment_plan(e, &plan);
	return sched_day_on(&plan, today, 30);
}

int
enrollment_streak(const int done[30], int today)
{
	int d = today, n = 0;

	if (d > 30)
		d = 30;
	if (d >= 1 && !done[d - 1])
		d--;
	for (; d >= 1 && done[d - 1]; d--)
		n++;
	return n;
}

int
enrollment_by_token(struct db *db, enum token_kind kind, const char *text,
    size_t len, struct enrollment *e)
{
	static const char sql[] = "SELECT owner_id, version FROM token "
	    "WHERE hash = ? AND kind = ?";
	unsigned char hash[TOKEN_HASH_LEN];
	sqlite3_stmt *st;
	long long owner;
	int version, rc;

	memset(e, 0, sizeof(*e));
	if (token_hash(text, len, hash) == -1)
		return 1;
	if ((st = db_cached(db, sql)) == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, token_kind_str(kind), -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return 1;
		db_warn(db, "token");
		return -1;
	}
	owner = sqlite3_column_int64(st, 0);
	version = sqlite3_column_int(st, 1);
	sqlite3_reset(st);
	if ((rc = enrollment_get(db, owner, e)) != 0)
		return rc;
	/* a rotated page or feed token: its row should be gone, but be sure */
	if (kind != TOKEN_UNSUBSCRIBE && version != e->token_version) {
		enrollment_free(e);
		return 1;
	}
	return 0;
}
