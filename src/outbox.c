/*
 * outbox.c - webhook events and their deliveries (see outbox.h).
 *
 * The emitting side sits on hot paths (every lesson recorded passes
 * here), so what is in force is one immutable set behind an atomic
 * pointer, asked with one load before any work; sets replaced by a
 * reload are kept, as replan.c keeps its skipped dates, since a thread
 * may still be reading one and reloads are rare.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "cfg_webhooks.h"
#include "clock.h"
#include "log.h"
#include "outbox.h"
#include "util.h"

#define KEEP_DELIVERED	(7 * 86400)
#define KEEP_ANY	(30 * 86400)
#define REMOVED		"endpoint removed from the configuration"

struct subs {
	unsigned	 mask;		/* every endpoint's events together */
	size_t		 n;
	char		**urls;
	unsigned	*events;
	struct subs	*older;
};

static _Atomic(struct subs *) subs_in_force;

void
outbox_use(const struct cfg_webhook *v, size_t n)
{
	struct subs *s = xcalloc(1, sizeof(*s));
	size_t i;

	s->n = n;
	s->urls = xcalloc(n ? n : 1, sizeof(*s->urls));
	s->events = xcalloc(n ? n : 1, sizeof(*s->events));
	for (i = 0; i < n; i++) {
		s->urls[i] = xstrdup(v[i].url);
		s->events[i] = v[i].events;
		s->mask |= v[i].events;
	}
	s->older = atomic_exchange(&subs_in_force, s);
}

int
outbox_wants(enum cfg_event ev)
{
	struct subs *s = atomic_load_explicit(&subs_in_force,
	    memory_order_acquire);

	return s != NULL && (s->mask & 1u << ev) != 0;
}

/* 1 when url is an endpoint of the set in force */
static int
in_force(const char *url)
{
	struct subs *s = atomic_load_explicit(&subs_in_force,
	    memory_order_acquire);
	size_t i;

	for (i = 0; s != NULL && i < s->n; i++)
		if (strcmp(s->urls[i], url) == 0)
			return 1;
	return 0;
}

/*
 * The endpoints in force as a JSON array, for json_each(); NULL logged.
 * Each URL exactly as configured: one escaped would match no row, and
 * every delivery to it would be taken for one to a removed endpoint.
 */
static char *
urls_json(void)
{
	struct subs *s = atomic_load_explicit(&subs_in_force,
	    memory_order_acquire);
	json_t *a = json_array();
	char *out = NULL;
	size_t i;

	for (i = 0; s != NULL && i < s->n; i++)
		if (json_array_append_new(a, json_string(s->urls[i])) == -1) {
			/* its path may be a capability: not logged */
			log_warnx("outbox: endpoint %zu's URL is not UTF-8; "
			    "deliveries to removed endpoints stay as they are",
			    i);
			goto out;
		}
	if ((out = json_dumps(a, JSON_COMPACT)) == NULL)
		log_warnx("outbox: cannot list the endpoints in force");
out:
	json_decref(a);
	return out;
}

/*
 * "evt_", the time in 8 hex digits and 96 random bits in 24: unique
 * without asking anyone, and ids of the same moment sort together, so
 * the index on them grows at its end rather than at random pages (a
 * batch of lessons recorded at once touches a few pages, not hundreds).
 */
static int
new_uid(time_t now, char out[OUTBOX_UID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[12];
	size_t i;

	if (RAND_bytes(r, sizeof(r)) != 1) {
		log_warnx("outbox: no random bytes for an event id");
		return -1;
	}
	snprintf(out, OUTBOX_UID_LEN + 1, "evt_%08llx",
	    (unsigned long long)now & 0xffffffffULL);
	for (i = 0; i < sizeof(r); i++) {
		out[12 + 2 * i] = hex[r[i] >> 4];
		out[12 + 2 * i + 1] = hex[r[i] & 0xf];
	}
	out[OUTBOX_UID_LEN] = '\0';
	return 0;
}

/* a string as JSON: text that is not UTF-8 is escaped, not lost */
static json_t *
jstr(const char *s)
{
	json_t *j;
	char *e;

	if (s == NULL)
		return json_null();
	if ((j = json_string(s)) != NULL)
		return j;
	e = xstrdup_escaped(s);
	j = json_string(e);
	free(e);
	return j;
}

/* the person's fields every event carries, and their id: 0 or -1 */
static int
person_fields(struct db *db, long long enrollment, long long person,
    json_t *d, long long *pid)
{
	static const char by_enrollment[] = "SELECT p.id, p.email, p.name, "
	    "c.name FROM enrollment e JOIN person p ON p.id = e.person_id "
	    "LEFT JOIN cohort c ON c.id = e.cohort_id WHERE e.id = ?";
	static const char by_person[] = "SELECT id, email, name, NULL "
	    "FROM person WHERE id = ?";
	sqlite3_stmt *st;
	const char *cohort;
	int rc;

	st = db_cached(db, enrollment ? by_enrollment : by_person);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, enrollment ? enrollment : person);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			log_warnx("outbox: no person for enrollment %lld, "
			    "person %lld", enrollment, person);
		else
			db_warn(db, "outbox");
		sqlite3_reset(st);
		return -1;
	}
	*pid = sqlite3_column_int64(st, 0);
	cohort = (const char *)sqlite3_column_text(st, 3);
	json_object_set_new(d, "email", jstr((const char *)
	    sqlite3_column_text(st, 1)));
	json_object_set_new(d, "name", jstr((const char *)
	    sqlite3_column_text(st, 2)));
	json_object_set_new(d, "enrollment_id", enrollment ?
	    json_integer(enrollment) : json_null());
	json_object_set_new(d, "cohort", jstr(cohort));
	sqlite3_reset(st);
	return 0;
}

int
outbox_emit(struct db *db, enum cfg_event ev, long long enrollment,
    long long person, json_t *data, time_t now)
{
	static const char ins_event[] = "INSERT INTO outbox (uid, type, "
	    "person_id, body, created_at) VALUES (?, ?, ?, ?, ?)";
	static const char ins_delivery[] = "INSERT INTO hook_delivery "
	    "(event_id, endpoint, person_id, state, next_try_at, updated_at) "
	    "VALUES (?1, ?2, ?3, 'pending', ?4, ?4)";
	struct subs *s = atomic_load_explicit(&subs_in_force,
	    memory_order_acquire);
	char uid[OUTBOX_UID_LEN + 1], when[21];
	json_t *d = NULL, *ev_json = NULL;
	sqlite3_stmt *st;
	char *body = NULL;
	long long pid, id;
	size_t i;
	int rc = -1;

	if (s == NULL || (s->mask & 1u << ev) == 0) {
		json_decref(data);
		return 0;
	}
	d = json_object();
	if (person_fields(db, enrollment, person, d, &pid) == -1)
		goto out;
	if (data != NULL)
		json_object_update(d, data);
	if (new_uid(now, uid) == -1)
		goto out;
	clock_format_rfc3339(now, when);
	ev_json = json_pack("{s:s, s:s, s:s, s:O}", "id", uid, "type",
	    cfg_event_str(ev), "time", when, "data", d);
	if (ev_json == NULL ||
	    (body = json_dumps(ev_json, JSON_COMPACT)) == NULL) {
		log_warnx("outbox: cannot build the %s event for person %lld",
		    cfg_event_str(ev), pid);
		goto out;
	}
	if ((st = db_cached(db, ins_event)) == NULL)
		goto out;
	sqlite3_bind_text(st, 1, uid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, cfg_event_str(ev), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, pid);
	sqlite3_bind_text(st, 4, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_warn(db, "outbox");
		sqlite3_reset(st);
		goto out;
	}
	sqlite3_reset(st);
	id = sqlite3_last_insert_rowid(db_handle(db));
	if ((st = db_cached(db, ins_delivery)) == NULL)
		goto out;
	for (i = 0; i < s->n; i++) {
		if ((s->events[i] & 1u << ev) == 0)
			continue;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, s->urls[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, pid);
		sqlite3_bind_int64(st, 4, now);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_warn(db, "outbox");
			sqlite3_reset(st);
			goto out;
		}
	}
	sqlite3_reset(st);
	rc = 0;
out:
	free(body);
	json_decref(ev_json);
	json_decref(d);
	json_decref(data);
	return rc;
}

long
outbox_backoff(int attempts)
{
	static const long waits[] = { 10, 30, 120, 600, 1800, 3600 };
	const int n = sizeof(waits) / sizeof(waits[0]);

	if (attempts < 1)
		attempts = 1;
	return waits[(attempts > n ? n : attempts) - 1];
}

int
outbox_reclaim(struct db *db, time_t now)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE hook_delivery SET state = "
	    "CASE WHEN attempts = 0 THEN 'pending' ELSE 'retry' END, "
	    "next_try_at = ?1, updated_at = ?1 WHERE state = 'sending'");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	return db_step_done(db, st);
}

void
outbox_items_free(struct outbox_item *v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(v[i].body);
		v[i].body = NULL;
	}
}

int
outbox_claim(struct db *db, const char *endpoint, time_t now,
    struct outbox_item *items, int n)
{
	/* the head of each person's queue: nothing older still open */
	static const char sel_sql[] = "SELECT d.event_id, o.uid, o.body, "
	    "d.attempts, o.created_at FROM hook_delivery d "
	    "JOIN outbox o ON o.id = d.event_id "
	    "WHERE d.endpoint = ?1 AND (d.state = 'pending' OR "
	    "d.state = 'sending' OR d.state = 'retry') AND d.next_try_at <= ?2 "
	    "AND NOT EXISTS (SELECT 1 FROM hook_delivery e "
	    "WHERE e.endpoint = ?1 AND e.person_id = d.person_id "
	    "AND e.event_id < d.event_id AND (e.state = 'pending' OR "
	    "e.state = 'sending' OR e.state = 'retry')) "
	    "ORDER BY d.next_try_at, d.event_id LIMIT ?3";
	static const char upd_sql[] = "UPDATE hook_delivery SET state = "
	    "'sending', next_try_at = ?, updated_at = ? "
	    "WHERE event_id = ? AND endpoint = ?";
	sqlite3_stmt *sel = NULL, *upd = NULL;
	int got = 0, i, rc = SQLITE_DONE;

	if (db_begin(db) == -1)
		return -1;
	if ((sel = db_cached(db, sel_sql)) == NULL ||
	    (upd = db_cached(db, upd_sql)) == NULL)
		goto fail;
	sqlite3_bind_text(sel, 1, endpoint, -1, SQLITE_STATIC);
	sqlite3_bind_int64(sel, 2, now);
	sqlite3_bind_int(sel, 3, n);
	while (got < n && (rc = sqlite3_step(sel)) == SQLITE_ROW) {
		struct outbox_item *it = &items[got];
		const char *body = (const char *)sqlite3_column_text(sel, 2);

		it->event_id = sqlite3_column_int64(sel, 0);
		snprintf(it->uid, sizeof(it->uid), "%s",
		    (const char *)sqlite3_column_text(sel, 1));
		it->len = (size_t)sqlite3_column_bytes(sel, 2);
		it->body = xstrndup(body ? body : "", it->len);
		it->attempts = sqlite3_column_int(sel, 3);
		it->created_at = (time_t)sqlite3_column_int64(sel, 4);
		got++;
	}
	sqlite3_reset(sel);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(db, "webhook claim");
		goto fail;
	}
	for (i = 0; i < got; i++) {
		sqlite3_reset(upd);
		sqlite3_bind_int64(upd, 1, now + OUTBOX_LEASE);
		sqlite3_bind_int64(upd, 2, now);
		sqlite3_bind_int64(upd, 3, items[i].event_id);
		sqlite3_bind_text(upd, 4, endpoint, -1, SQLITE_STATIC);
		if (sqlite3_step(upd) != SQLITE_DONE) {
			db_warn(db, "webhook claim");
			sqlite3_reset(upd);
			goto fail;
		}
	}
	sqlite3_reset(upd);
	if (db_commit(db) == -1)
		goto fail_nc;
	return got;
fail:
	db_rollback(db);
fail_nc:
	outbox_items_free(items, got);
	return -1;
}

/* the row's state, tries and next try for one result (pure) */
static const char *
next_state(struct outbox_outcome *o, time_t now, int *attempts)
{
	time_t end = o->created_at + OUTBOX_GIVE_UP;

	o->gave_up = 0;
	*attempts = o->attempts;
	o->next_try_at = now;
	switch (o->result) {
	case OUTBOX_DELIVERED:
		(*attempts)++;
		return "delivered";
	case OUTBOX_GIVEN_BACK:
		return o->attempts ? "retry" : "pending";
	case OUTBOX_REFUSED:
		break;
	}
	(*attempts)++;
	if (now >= end) {
		o->gave_up = 1;
		return "failed";
	}
	/* the last try falls on the day's end, not after it */
	o->next_try_at = now + outbox_backoff(*attempts);
	if (o->next_try_at > end)
		o->next_try_at = end;
	return "retry";
}

int
outbox_record(struct db *db, struct outbox_outcome *v, int n, time_t now)
{
	static const char sql[] = "UPDATE hook_delivery SET state = ?, "
	    "attempts = ?, last_answer = COALESCE(?, last_answer), "
	    "delivered_at = ?, next_try_at = ?, updated_at = ? "
	    "WHERE event_id = ? AND endpoint = ?";
	sqlite3_stmt *st;
	const char *state;
	int i, attempts;

	if (db_begin(db) == -1)
		return -1;
	if ((st = db_cached(db, sql)) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		state = next_state(&v[i], now, &attempts);
		/* nobody will try it again: see outbox_fail_removed */
		if (v[i].result != OUTBOX_DELIVERED &&
		    !in_force(v[i].endpoint)) {
			state = "failed";
			v[i].gave_up = 1;
			v[i].result = OUTBOX_REFUSED;
			snprintf(v[i].answer, sizeof(v[i].answer), "%s",
			    REMOVED);
		}
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, attempts);
		if (v[i].result != OUTBOX_GIVEN_BACK)
			sqlite3_bind_text(st, 3, v[i].answer, -1,
			    SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 3);
		if (v[i].result == OUTBOX_DELIVERED)
			sqlite3_bind_int64(st, 4, now);
		else
			sqlite3_bind_null(st, 4);
		sqlite3_bind_int64(st, 5, v[i].next_try_at);
		sqlite3_bind_int64(st, 6, now);
		sqlite3_bind_int64(st, 7, v[i].event_id);
		sqlite3_bind_text(st, 8, v[i].endpoint, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_warn(db, "webhook record");
			sqlite3_reset(st);
			goto fail;
		}
	}
	sqlite3_reset(st);
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

int
outbox_fail_removed(struct db *db, time_t now, int dead_too)
{
	sqlite3_stmt *st;
	char *urls;
	int rc;

	if ((urls = urls_json()) == NULL)
		return -1;
	st = db_prepare(db, "UPDATE hook_delivery SET state = 'failed', "
	    "last_answer = '" REMOVED "', next_try_at = ?2, updated_at = ?2 "
	    "WHERE (state = 'pending' OR state = 'retry' OR "
	    "(?3 AND state = 'sending')) AND endpoint NOT IN "
	    "(SELECT value FROM json_each(?1))");
	if (st == NULL) {
		free(urls);
		return -1;
	}
	sqlite3_bind_text(st, 1, urls, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int(st, 3, dead_too != 0);
	rc = db_step_done(db, st);
	free(urls);
	return rc == -1 ? -1 : sqlite3_changes(db_handle(db));
}

int
outbox_removed_failed(struct db *db, long *failed)
{
	sqlite3_stmt *st;
	char *urls;
	int rc;

	if ((urls = urls_json()) == NULL)
		return -1;
	st = db_prepare(db, "SELECT count(*) FROM hook_delivery "
	    "WHERE state = 'failed' AND endpoint NOT IN "
	    "(SELECT value FROM json_each(?))");
	if (st == NULL) {
		free(urls);
		return -1;
	}
	sqlite3_bind_text(st, 1, urls, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*failed = (long)sqlite3_column_int64(st, 0);
	else
		db_warn(db, "webhook counts");
	sqlite3_finalize(st);
	free(urls);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* the smallest event id of second t: ids sort by their time */
static void
uid_floor(time_t t, char out[OUTBOX_UID_LEN + 1])
{
	snprintf(out, OUTBOX_UID_LEN + 1, "evt_%08llx",
	    (unsigned long long)(t < 0 ? 0 : t) & 0xffffffffULL);
}

int
outbox_prune(struct db *db, time_t now, int limit)
{
	sqlite3_stmt *st = db_prepare(db, "DELETE FROM outbox WHERE id IN ("
	    "SELECT o.id FROM outbox o WHERE o.uid < ?1 AND "
	    "(o.uid < ?2 OR NOT EXISTS (SELECT 1 FROM hook_delivery d "
	    "WHERE d.event_id = o.id AND d.state <> 'delivered')) LIMIT ?3)");
	char delivered[OUTBOX_UID_LEN + 1], any[OUTBOX_UID_LEN + 1];
	int rc;

	if (st == NULL)
		return -1;
	uid_floor(now - KEEP_DELIVERED, delivered);
	uid_floor(now - KEEP_ANY, any);
	sqlite3_bind_text(st, 1, delivered, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, any, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, limit);
	rc = db_step_done(db, st);
	return rc == -1 ? -1 : sqlite3_changes(db_handle(db));
}

int
outbox_each(struct db *db, int (*fn)(void *, const struct outbox_row *),
    void *arg)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT o.uid, o.type, d.endpoint, "
	    "d.state, d.attempts, d.next_try_at, d.last_answer, o.created_at "
	    "FROM hook_delivery d JOIN outbox o ON o.id = d.event_id "
	    "WHERE d.state = 'pending' OR d.state = 'sending' OR "
	    "d.state = 'retry' OR d.state = 'failed' "
	    "ORDER BY d.endpoint, d.event_id");
	struct outbox_row r;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.uid = (const char *)sqlite3_column_text(st, 0);
		r.type = (const char *)sqlite3_column_text(st, 1);
		r.endpoint = (const char *)sqlite3_column_text(st, 2);
		r.state = (const char *)sqlite3_column_text(st, 3);
		r.attempts = sqlite3_column_int(st, 4);
		r.next_try_at = (time_t)sqlite3_column_int64(st, 5);
		r.answer = (const char *)sqlite3_column_text(st, 6);
		r.created_at = (time_t)sqlite3_column_int64(st, 7);
		if (fn(arg, &r) == -1)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		db_warn(db, "webhooks");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int
outbox_counts(struct db *db, const char *endpoint, long *open, long *failed)
{
	static const char sql[] = "SELECT (SELECT count(*) FROM hook_delivery "
	    "WHERE endpoint = ?1 AND (state = 'pending' OR state = 'sending' "
	    "OR state = 'retry')), (SELECT count(*) FROM hook_delivery "
	    "WHERE endpoint = ?1 AND state = 'failed')";
	sqlite3_stmt *st = db_cached(db, sql);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, endpoint, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*open = (long)sqlite3_column_int64(st, 0);
		*failed = (long)sqlite3_column_int64(st, 1);
	} else
		db_warn(db, "webhook counts");
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}
