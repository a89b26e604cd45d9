/*
 * privacy.c - a person's data: export and forget (see privacy.h).
 *
 * tables[] below is the one place that says, table by table, what
 * refready holds about a person, how `export` reads it and what `forget`
 * does to it.  A new table that holds anything about a person gets an
 * entry there; a table that holds nothing about anyone goes in
 * impersonal[].  A table in neither makes export and forget refuse to
 * run, so a forget can never leave a new kind of data behind.
 *
 * The statements name their values, bound from the person asked about:
 *
 *	:person		the person's id (0 when only the suppression list
 *			holds the address: matches no row)
 *	:email		the address as asked (addresses compare ignoring
 *			case, as the person and suppression tables do)
 *	:row		the keyed hash the suppression list keeps instead
 *			of the address (token_forgotten)
 *	:placeholder	the person's address from now on
 *	:now		the command's clock, seconds since the epoch
 *
 * Export: each query's rows become JSON objects keyed by the column
 * names (times are turned into RFC 3339 by the query itself).  A
 * nested entry puts each row into the array `name` of the row of its
 * parent entry whose "id" the column `link` holds.
 *
 * Forget runs every entry's statements, from the last entry to the
 * first (the person's own row last), in one transaction.  Kept, and why:
 * rows that the cohort report and the counts read (registration,
 * attendance, the enrollment's state and dates, the done marks, the
 * ledger's states, each scorecard attempt's index and band, and each
 * category's sum in score_summary), none of which names the person once
 * the person's row has lost the name and the address.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "curriculum.h"
#include "log.h"
#include "privacy.h"
#include "suppress.h"
#include "util.h"

#define ISO(col)	"strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch')"
#define OF_PERSON	"(SELECT id FROM enrollment WHERE person_id = :person)"
#define FORGOTTEN	"'forgotten at their request'"
/* suppression reasons, weakest first, as suppress.h ranks them */
#define RANKS		"unsubscribed blocked bounced complained"

struct privacy_table {
	const char	*table;		/* the SQL table it covers */
	const char	*name;		/* its key in the export */
	int		 one;		/* one row (or null), not a list */
	const char	*parent;	/* nested in this entry's rows, by */
	const char	*link;		/* the column holding the parent's id */
	const char	*export_sql;
	const char	*forget_sql;	/* NULL: kept as it is (say why) */
};

static const struct privacy_table tables[] = {
	/* the id stays: the rows below still point at it */
	{ .table = "person", .name = "person", .one = 1,
	  .export_sql = "SELECT id, email, name, tz AS time_zone, "
	    ISO("created_at") " AS created_at FROM person WHERE id = :person",
	  .forget_sql = "UPDATE person SET email = :placeholder, name = '', "
	    "tz = NULL, forgotten_at = :now WHERE id = :person" },

	/* a plan still sending stops, as unenroll stops it */
	{ .table = "enrollment", .name = "enrollments",
	  .export_sql = "SELECT e.id, c.name AS cohort, e.state, "
	    "e.tz AS time_zone, e.send_at, e.pacing, e.start_date, "
	    "e.next_day, " ISO("e.next_due_at") " AS next_due_at, "
	    "e.token_version, " ISO("e.created_at") " AS created_at, "
	    ISO("e.updated_at") " AS updated_at "
	    "FROM enrollment e LEFT JOIN cohort c ON c.id = e.cohort_id "
	    "WHERE e.person_id = :person ORDER BY e.id",
	  .forget_sql = "UPDATE enrollment SET state = 'unenrolled', "
	    "next_due_at = NULL, updated_at = :now WHERE person_id = :person "
	    "AND (state = 'active' OR state = 'paused')" },

	/* plan dates and done marks: the report counts them; no one named */
	{ .table = "pause", .name = "pauses",
	  .parent = "enrollments", .link = "enrollment_id",
	  .export_sql = "SELECT enrollment_id, from_date, until_date "
	    "FROM pause WHERE enrollment_id IN " OF_PERSON
	    " ORDER BY from_date" },
	{ .table = "task", .name = "days",
	  .parent = "enrollments", .link = "enrollment_id",
	  .export_sql = "SELECT enrollment_id, day, date, done, "
	    ISO("done_at") " AS done_at, sequence, "
	    ISO("modified_at") " AS modified_at FROM task "
	    "WHERE enrollment_id IN " OF_PERSON
	    " ORDER BY enrollment_id, day" },

	/*
	 * Every email, of every kind.  The states stay (the report counts
	 * them); a mail server's reply may quote the address, so it goes,
	 * and what was still to be sent is skipped, as unenroll does.
	 */
	{ .table = "delivery", .name = "emails",
	  .parent = "enrollments", .link = "enrollment_id",
	  .export_sql = "SELECT enrollment_id, kind, key, day, state, "
	    "attempts, " ISO("due_at") " AS due_at, " ISO("sent_at")
	    " AS sent_at, message_id, maybe_dup, last_reply, "
	    ISO("updated_at") " AS updated_at FROM delivery "
	    "WHERE enrollment_id IN " OF_PERSON
	    " ORDER BY enrollment_id, due_at, kind, key",
	  .forget_sql = "UPDATE delivery SET state = 'skipped', "
	    "updated_at = :now WHERE enrollment_id IN " OF_PERSON " AND "
	    "(state = 'pending' OR state = 'retry');"
	    "UPDATE delivery SET last_reply = NULL WHERE enrollment_id IN "
	    OF_PERSON " AND last_reply IS NOT NULL" },

	/* the index and band stay: the report's baseline and latest */
	{ .table = "score_attempt", .name = "scorecard",
	  .parent = "enrollments", .link = "enrollment_id",
	  .export_sql = "SELECT id, enrollment_id, " ISO("taken_at")
	    " AS taken_at, readiness, band, source FROM score_attempt "
	    "WHERE enrollment_id IN " OF_PERSON " ORDER BY taken_at, id" },
	/*
	 * The answers go; what the report reads of them stays as each
	 * category's sum and count (temp.privacy_item: the curriculum's
	 * items and their categories, filled in by forget).
	 */
	{ .table = "score_answer", .name = "answers",
	  .parent = "scorecard", .link = "attempt_id",
	  .export_sql = "SELECT attempt_id, item, value FROM score_answer "
	    "WHERE attempt_id IN (SELECT id FROM score_attempt "
	    "WHERE enrollment_id IN " OF_PERSON ") ORDER BY attempt_id, item",
	  .forget_sql = "INSERT OR REPLACE INTO score_summary (attempt_id, "
	    "category, sum, n) SELECT a.attempt_id, i.category, "
	    "sum(a.value), count(*) FROM score_answer a "
	    "JOIN temp.privacy_item i ON i.item = a.item "
	    "WHERE a.value IS NOT NULL AND a.attempt_id IN (SELECT id FROM "
	    "score_attempt WHERE enrollment_id IN " OF_PERSON ") "
	    "GROUP BY a.attempt_id, i.category;"
	    "DELETE FROM score_answer WHERE attempt_id IN (SELECT id FROM "
	    "score_attempt WHERE enrollment_id IN " OF_PERSON ")" },
	/* written only by forget: sums, no answers */
	{ .table = "score_summary", .name = "summary",
	  .parent = "scorecard", .link = "attempt_id",
	  .export_sql = "SELECT attempt_id, category, sum, n "
	    "FROM score_summary WHERE attempt_id IN (SELECT id FROM "
	    "score_attempt WHERE enrollment_id IN " OF_PERSON ") "
	    "ORDER BY attempt_id, category" },

	/* the twelve weeks after the plan: an opt-in time, no one named */
	{ .table = "followon", .name = "followon", .one = 0,
	  .parent = "enrollments", .link = "enrollment_id",
	  .export_sql = "SELECT enrollment_id, " ISO("opted_in_at")
	    " AS opted_in_at, first_date FROM followon "
	    "WHERE enrollment_id IN " OF_PERSON },
	/* each try of each email: the relay's reply may quote the address */
	{ .table = "delivery_attempt", .name = "tries",
	  .parent = "enrollments", .link = "enrollment_id",
	  .export_sql = "SELECT enrollment_id, kind, key, " ISO("at")
	    " AS at, attempt, result, cause, reply FROM delivery_attempt "
	    "WHERE enrollment_id IN " OF_PERSON " ORDER BY id",
	  .forget_sql = "UPDATE delivery_attempt SET reply = NULL "
	    "WHERE enrollment_id IN " OF_PERSON " AND reply IS NOT NULL" },

	/* the links: without their rows every page and feed link is dead */
	{ .table = "token", .name = "links",
	  .parent = "enrollments", .link = "owner_id",
	  .export_sql = "SELECT owner_id, kind, version FROM token WHERE "
	    "(kind = 'page' OR kind = 'feed' OR kind = 'unsubscribe') AND "
	    "owner_id IN " OF_PERSON " ORDER BY owner_id, kind",
	  .forget_sql = "DELETE FROM token WHERE (kind = 'page' OR "
	    "kind = 'feed' OR kind = 'unsubscribe') AND owner_id IN "
	    OF_PERSON },

	/* a cohort's funnel counts these */
	{ .table = "registration", .name = "registrations",
	  .export_sql = "SELECT c.name AS cohort, " ISO("r.registered_at")
	    " AS registered_at, " ISO("r.updated_at") " AS updated_at "
	    "FROM registration r JOIN cohort c ON c.id = r.cohort_id "
	    "WHERE r.person_id = :person ORDER BY c.name" },
	{ .table = "attendance", .name = "attendance",
	  .export_sql = "SELECT c.name AS cohort, a.session_key, a.attended, "
	    ISO("a.join_at") " AS join_at, " ISO("a.leave_at")
	    " AS leave_at, a.minutes FROM attendance a "
	    "JOIN cohort c ON c.id = a.cohort_id "
	    "WHERE a.person_id = :person ORDER BY c.name, a.session_key" },

	/*
	 * What came back: the kind and status stay with the ledger, the
	 * server's text (which may quote the address) goes, the message's
	 * hash stays so that reading it again counts it once.
	 */
	{ .table = "bounce", .name = "bounces",
	  .export_sql = "SELECT id, enrollment_id, day, kind, status, reason, "
	    ISO("at") " AS at FROM bounce WHERE person_id = :person "
	    "ORDER BY at, id",
	  .forget_sql = "UPDATE bounce SET reason = NULL "
	    "WHERE person_id = :person" },

	/*
	 * Webhook events about the person (their bodies carry the address
	 * and name): they go, delivered or not, and their deliveries with
	 * them (ON DELETE CASCADE).
	 */
	{ .table = "outbox", .name = "webhook_events",
	  .export_sql = "SELECT uid AS id, type, " ISO("created_at")
	    " AS created_at, body FROM outbox WHERE person_id = :person "
	    "ORDER BY id",
	  .forget_sql = "DELETE FROM outbox WHERE person_id = :person" },
	{ .table = "hook_delivery", .name = "webhook_deliveries",
	  .export_sql = "SELECT o.uid AS event, d.endpoint, d.state, "
	    "d.attempts, d.last_answer, " ISO("d.delivered_at")
	    " AS delivered_at FROM hook_delivery d JOIN outbox o "
	    "ON o.id = d.event_id WHERE d.person_id = :person "
	    "ORDER BY d.event_id, d.endpoint",
	  .forget_sql = "DELETE FROM hook_delivery WHERE person_id = :person" },

	/*
	 * Signups by the public form: what was typed and from where.  They
	 * go, and with them any confirmation link not yet used.
	 */
	{ .table = "signup", .name = "signups",
	  .export_sql = "SELECT s.id, s.name, s.tz AS time_zone, s.send_at, "
	    "c.name AS cohort, s.client, " ISO("s.created_at")
	    " AS created_at, s.mail AS confirmation_email, "
	    ISO("s.sent_at") " AS sent_at, " ISO("s.confirmed_at")
	    " AS confirmed_at, s.enrollment_id FROM signup s "
	    "LEFT JOIN cohort c ON c.id = s.cohort_id "
	    "WHERE s.email = :email ORDER BY s.id",
	  .forget_sql = "DELETE FROM signup WHERE email = :email" },
	/*
	 * Each confirmation recorded as consent: the record stays, so the
	 * counts do, under the keyed hash instead of the address and
	 * without the client's address.
	 */
	{ .table = "consent", .name = "consent",
	  .export_sql = "SELECT " ISO("k.at") " AS at, k.client, "
	    "c.name AS cohort, k.how, k.enrollment_id FROM consent k "
	    "LEFT JOIN cohort c ON c.id = k.cohort_id "
	    "WHERE k.email = :email ORDER BY k.id",
	  .forget_sql = "UPDATE consent SET email = :row, client = '' "
	    "WHERE email = :email" },

	/*
	 * The address leaves the list for its keyed hash, with the reason
	 * it had (a complaint stays a complaint) or, if none, unsubscribed
	 * (a stronger reason already kept under the hash stays), and one
	 * line in the log saying so; the address's own log lines go.
	 */
	{ .table = "suppression", .name = "suppression",
	  .export_sql = "SELECT email, reason, " ISO("since") " AS since, "
	    "detail FROM suppression WHERE email = :email",
	  .forget_sql = "INSERT INTO suppression (email, reason, since, "
	    "detail) VALUES (:row, COALESCE((SELECT reason FROM suppression "
	    "WHERE email = :email), 'unsubscribed'), :now, " FORGOTTEN ") "
	    "ON CONFLICT (email) DO UPDATE SET reason = excluded.reason, "
	    "since = excluded.since, detail = excluded.detail "
	    "WHERE instr('" RANKS "', excluded.reason) > "
	    "instr('" RANKS "', suppression.reason);"
	    "INSERT INTO suppression_log (email, action, reason, at, detail) "
	    "SELECT :row, 'add', reason, :now, " FORGOTTEN " FROM "
	    "suppression WHERE email = :row;"
	    "DELETE FROM suppression WHERE email = :email" },
	{ .table = "suppression_log", .name = "suppression_log",
	  .export_sql = "SELECT action, reason, " ISO("at") " AS at, detail "
	    "FROM suppression_log WHERE email = :email ORDER BY id",
	  .forget_sql = "DELETE FROM suppression_log WHERE email = :email" },
};
#define NTABLES	(sizeof(tables) / sizeof(tables[0]))

/* tables that hold nothing about any one person */
static const char *const impersonal[] = {
	"cohort",	/* a webinar: its name, time, links and feed */
	"plan_rules",	/* the skipped dates the plans were made with */
	"api_key",	/* the operator's keys for the JSON API */
};
#define NIMPERSONAL	(sizeof(impersonal) / sizeof(impersonal[0]))

struct who {
	long long	 person;
	const char	*email;
	const char	*row;
	const char	*placeholder;
	time_t		 now;
};

static int
known_table(const char *name)
{
	size_t i;

	for (i = 0; i < NTABLES; i++)
		if (strcmp(tables[i].table, name) == 0)
			return 1;
	for (i = 0; i < NIMPERSONAL; i++)
		if (strcmp(impersonal[i], name) == 0)
			return 1;
	return 0;
}

/* every table of the schema is in tables[] or impersonal[]; 0 or -1 */
static int
check_coverage(struct db *db, const char *what)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name FROM sqlite_master "
	    "WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
	    "ORDER BY name");
	int rc, bad = 0;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (name && !known_table(name)) {
			log_warnx("%s: table '%s' is not in privacy.c's list "
			    "of what is held about a person; refusing to run",
			    what, name);
			bad = 1;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_warn(db, what);
		return -1;
	}
	return bad ? -1 : 0;
}

static int
bind_who(struct db *db, sqlite3_stmt *st, const struct who *w)
{
	int i, n = sqlite3_bind_parameter_count(st);

	for (i = 1; i <= n; i++) {
		const char *p = sqlite3_bind_parameter_name(st, i);

		if (p == NULL)
			p = "?";
		if (strcmp(p, ":person") == 0)
			sqlite3_bind_int64(st, i, w->person);
		else if (strcmp(p, ":email") == 0)
			sqlite3_bind_text(st, i, w->email, -1, SQLITE_STATIC);
		else if (strcmp(p, ":row") == 0 && w->row)
			sqlite3_bind_text(st, i, w->row, -1, SQLITE_STATIC);
		else if (strcmp(p, ":placeholder") == 0 && w->placeholder)
			sqlite3_bind_text(st, i, w->placeholder, -1,
			    SQLITE_STATIC);
		else if (strcmp(p, ":now") == 0)
			sqlite3_bind_int64(st, i, w->now);
		else {
			log_warnx("db: %s: no value for '%s' (in: %.60s)",
			    sqlite3_db_filename(db_handle(db), "main"), p,
			    sqlite3_sql(st));
			return -1;
		}
	}
	return 0;
}

/* ---- export ------------------------------------------------------------ */

/* a text column as JSON; bytes that are not UTF-8 become U+FFFD */
static json_t *
text_json(const char *s, size_t n)
{
	struct buf b;
	json_t *j;
	size_t bad;

	if ((j = json_stringn(s, n)) != NULL)
		return j;
	buf_init(&b, 4 * n + 16);
	while (n > 0) {
		if (utf8_valid(s, n, &bad)) {
			buf_add(&b, s, n);
			break;
		}
		buf_add(&b, s, bad);
		buf_addstr(&b, "\xef\xbf\xbd");
		s += bad + 1;
		n -= bad + 1;
	}
	j = json_stringn(b.data ? b.data : "", b.len);
	buf_free(&b);
	return j ? j : json_null();
}

static json_t *
column_json(sqlite3_stmt *st, int i)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p;
	char *s;
	json_t *j;
	int n, k;

	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(st, i));
	case SQLITE_TEXT:
		return text_json((const char *)sqlite3_column_text(st, i),
		    (size_t)sqlite3_column_bytes(st, i));
	case SQLITE_BLOB:
		p = sqlite3_column_blob(st, i);
		n = sqlite3_column_bytes(st, i);
		s = xmalloc(2 * (size_t)n + 1);
		for (k = 0; k < n; k++) {
			s[2 * k] = hex[p[k] >> 4];
			s[2 * k + 1] = hex[p[k] & 0xf];
		}
		s[2 * n] = '\0';
		j = json_string(s);
		free(s);
		return j;
	default:
		return json_null();
	}
}

/* the row in rows whose "id" is id, or NULL */
static json_t *
find_row(json_t *rows, json_int_t id)
{
	json_t *r;
	size_t i;

	json_array_foreach(rows, i, r)
		if (json_integer_value(json_object_get(r, "id")) == id)
			return r;
	return NULL;
}

/*
 * Runs entry t's query into rows[t] (every row, for its children), and
 * puts each row where it goes: in out, or in its parent's row.
 */
static int
export_table(struct db *db, const struct who *w, size_t t, json_t **rows,
    json_t *out)
{
	const struct privacy_table *e = &tables[t];
	json_t *parent = NULL, *r, *p;
	sqlite3_stmt *st;
	size_t i, k;
	int rc, c;

	if (e->parent) {
		for (k = 0; k < t; k++)
			if (strcmp(tables[k].name, e->parent) == 0)
				parent = rows[k];
		assert(parent != NULL);
		/* every parent row shows the list, empty or not */
		json_array_foreach(parent, i, p)
			json_object_set_new(p, e->name, json_array());
	}
	rows[t] = json_array();
	if ((st = db_prepare(db, e->export_sql)) == NULL ||
	    bind_who(db, st, w) == -1) {
		sqlite3_finalize(st);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r = json_object();
		for (c = 0; c < sqlite3_column_count(st); c++)
			json_object_set_new(r, sqlite3_column_name(st, c),
			    column_json(st, c));
		json_array_append_new(rows[t], r);
		p = parent ? find_row(parent, json_integer_value(
		    json_object_get(r, e->link))) : NULL;
		if (p) {
			json_array_append(json_object_get(p, e->name), r);
			json_object_del(r, e->link);
		} else if (e->one)
			json_object_set(out, e->name, r);
		else {
			if (json_object_get(out, e->name) == NULL)
				json_object_set_new(out, e->name, json_array());
			json_array_append(json_object_get(out, e->name), r);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_warn(db, "export");
		return -1;
	}
	if (!e->parent && json_object_get(out, e->name) == NULL)
		json_object_set_new(out, e->name, e->one ? json_null() :
		    json_array());
	return 0;
}

/* the person called email (not forgotten): 1 and *id, 0, or -1 */
static int
find_person(struct db *db, const char *email, long long *id)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id FROM person "
	    "WHERE email = ? AND forgotten_at IS NULL");
	int rc;

	*id = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(db, "person");
		return -1;
	}
	return rc == SQLITE_ROW;
}

/* 1 when the suppression list or its log holds email, 0, -1 */
static int
listed(struct db *db, const char *email)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT EXISTS (SELECT 1 FROM "
	    "suppression WHERE email = ?1) OR EXISTS (SELECT 1 FROM "
	    "suppression_log WHERE email = ?1)");
	int rc, x = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		x = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		db_warn(db, "suppression");
		return -1;
	}
	return x;
}

/* who email is: 1 when anything is held about it, 0 when not, -1 */
static int
find_who(struct db *db, const char *email, struct who *w)
{
	int x;

	if ((x = find_person(db, email, &w->person)) != 0)
		return x;
	return listed(db, email);
}

int
privacy_export(struct db *db, const char *email, time_t now, json_t **out)
{
	struct who w;
	json_t *rows[NTABLES] = { NULL }, *o = NULL;
	char when[21];
	size_t t;
	int rc = -1, x;

	*out = NULL;
	memset(&w, 0, sizeof(w));
	w.email = email;
	w.now = now;
	if (check_coverage(db, "export") == -1)
		return -1;
	/* one snapshot: a daemon sending meanwhile changes nothing here */
	if (db_exec(db, "BEGIN") == -1)
		return -1;
	if ((x = find_who(db, email, &w)) != 1) {
		rc = x == 0 ? 1 : -1;
		goto out;
	}
	clock_format_rfc3339(now, when);
	o = json_pack("{s:s, s:s}", "address", email, "exported_at", when);
	for (t = 0; t < NTABLES; t++)
		if (export_table(db, &w, t, rows, o) == -1)
			goto out;
	*out = o;
	o = NULL;
	rc = 0;
out:
	db_rollback(db);
	for (t = 0; t < NTABLES; t++)
		json_decref(rows[t]);
	json_decref(o);
	return rc;
}

/* ---- forget ------------------------------------------------------------ */

/* runs the statements in sql, each bound from w; 0 or -1 */
static int
run_all(struct db *db, const char *sql, const struct who *w)
{
	sqlite3_stmt *st;
	const char *tail;

	while (*sql) {
		if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, &tail) !=
		    SQLITE_OK) {
			db_warn(db, "forget");
			return -1;
		}
		if (st == NULL)		/* only blanks or a comment left */
			break;
		if (bind_who(db, st, w) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
		if (db_step_done(db, st) == -1)
			return -1;
		sql = tail;
	}
	return 0;
}

/* temp.privacy_item: the scorecard's items and their categories */
static int
item_table(struct db *db, const struct curriculum *cur)
{
	const struct cur_scorecard *sc = &cur->scorecard;
	sqlite3_stmt *st;
	size_t c, i;

	if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS privacy_item ("
	    "item TEXT PRIMARY KEY, category TEXT NOT NULL);"
	    "DELETE FROM temp.privacy_item") == -1)
		return -1;
	for (c = 0; c < sc->ncategories; c++)
		for (i = 0; i < sc->categories[c].nitems; i++) {
			st = db_prepare(db, "INSERT OR IGNORE INTO "
			    "temp.privacy_item (item, category) VALUES (?, ?)");
			if (st == NULL)
				return -1;
			sqlite3_bind_text(st, 1, sc->categories[c].items[i].id,
			    -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, sc->categories[c].id, -1,
			    SQLITE_STATIC);
			if (db_step_done(db, st) == -1)
				return -1;
		}
	return 0;
}

/* the reason the list now gives for f->row */
static int
kept_reason(struct db *db, struct privacy_forgotten *f)
{
	struct suppress_entry e;
	int x;

	if ((x = suppress_get(db, f->row, &e)) == 1)
		snprintf(f->reason, sizeof(f->reason), "%s",
		    suppress_reason_str(e.reason));
	return x == 1 ? 0 : -1;
}

int
privacy_forget(struct db *db, const struct curriculum *cur,
    const unsigned char key[TOKEN_SECRET_LEN], const char *email,
    time_t now, struct privacy_forgotten *f)
{
	struct who w;
	size_t t;
	int x;

	memset(f, 0, sizeof(*f));
	memset(&w, 0, sizeof(w));
	w.email = email;
	w.now = now;
	if (check_coverage(db, "forget") == -1 || db_begin(db) == -1)
		return -1;
	if ((x = find_who(db, email, &w)) != 1) {
		db_rollback(db);
		return x == 0 ? 1 : -1;
	}
	f->person = w.person;
	snprintf(f->placeholder, sizeof(f->placeholder), PRIVACY_PLACEHOLDER,
	    w.person);
	token_forgotten(key, email, f->row);
	w.placeholder = f->placeholder;
	w.row = f->row;
	if (item_table(db, cur) == -1)
		goto fail;
	for (t = NTABLES; t-- > 0;)
		if (tables[t].forget_sql &&
		    run_all(db, tables[t].forget_sql, &w) == -1) {
			log_warnx("forget: %s: nothing was changed",
			    tables[t].table);
			goto fail;
		}
	if (kept_reason(db, f) == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}
