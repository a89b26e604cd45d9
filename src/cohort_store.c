/*
 * cohort_store.c - cohorts in the database (see cohort_store.h).
 *
 * An import is a merge: each person's registration and joins are looked
 * up by key and written only when they are new or differ, so importing
 * the same file twice changes nothing, and an attendance export after the
 * registration export adds the joins to the people already there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cohort_store.h"
#include "enrollment.h"
#include "log.h"
#include "tz.h"
#include "util.h"

#define SELECT_COHORT "SELECT id, name, webinar_at, webinar_tz, start_date, " \
	"created_at, title, join_url, replay_url, sequence, " \
	"COALESCE(modified_at, 0) FROM cohort "

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return xstrdup(s ? (const char *)s : "");
}

/* NULL for NULL or "": an unset title or link */
static char *
col_opt(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s && *s ? xstrdup((const char *)s) : NULL;
}

static void
read_cohort(sqlite3_stmt *st, struct cohort *c)
{
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	c->name = col_dup(st, 1);
	c->webinar_at = (time_t)sqlite3_column_int64(st, 2);
	c->webinar_tz = col_dup(st, 3);
	clock_parse_date((const char *)sqlite3_column_text(st, 4), &c->start);
	c->created_at = (time_t)sqlite3_column_int64(st, 5);
	c->title = col_opt(st, 6);
	c->join_url = col_opt(st, 7);
	c->replay_url = col_opt(st, 8);
	c->sequence = sqlite3_column_int(st, 9);
	c->modified_at = (time_t)sqlite3_column_int64(st, 10);
}

static int
find_one(struct db *db, sqlite3_stmt *st, struct cohort *c)
{
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_cohort(st, c);
	else if (rc != SQLITE_DONE)
		db_warn(db, "cohort");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int
cohort_store_find(struct db *db, const char *name, struct cohort *c)
{
	sqlite3_stmt *st = db_prepare(db, SELECT_COHORT "WHERE name = ?");

	if (st)
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	return find_one(db, st, c);
}

int
cohort_store_get(struct db *db, long long id, struct cohort *c)
{
	sqlite3_stmt *st = db_prepare(db, SELECT_COHORT "WHERE id = ?");

	if (st)
		sqlite3_bind_int64(st, 1, id);
	return find_one(db, st, c);
}

void
cohort_store_token(const unsigned char key[TOKEN_SECRET_LEN], long long id,
    char out[TOKEN_LEN + 1])
{
	token_make(key, TOKEN_COHORT, id, 1, out);
}

int
cohort_store_create(struct db *db, struct cohort *c, time_t now,
    const unsigned char key[TOKEN_SECRET_LEN], char **why)
{
	unsigned char hash[TOKEN_HASH_LEN];
	char start[11], tok[TOKEN_LEN + 1];
	sqlite3_stmt *st;
	int rc = -1;

	*why = NULL;
	if (db_begin(db) == -1)
		return -1;
	clock_format_date(c->start, start);
	st = db_prepare(db, "INSERT INTO cohort (name, webinar_at, webinar_tz, "
	    "start_date, created_at, skip_dates, title, join_url, replay_url) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (st == NULL)
		goto out;
	sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, c->webinar_at);
	sqlite3_bind_text(st, 3, c->webinar_tz, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, start, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	if (c->skip_dates)
		sqlite3_bind_text(st, 6, c->skip_dates, -1, SQLITE_STATIC);
	/* unbound ones stay NULL */
	if (c->title)
		sqlite3_bind_text(st, 7, c->title, -1, SQLITE_STATIC);
	if (c->join_url)
		sqlite3_bind_text(st, 8, c->join_url, -1, SQLITE_STATIC);
	if (c->replay_url)
		sqlite3_bind_text(st, 9, c->replay_url, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		if (sqlite3_extended_errcode(db_handle(db)) ==
		    SQLITE_CONSTRAINT_UNIQUE) {
			*why = xasprintf("cohort '%s' already exists",
			    c->name);
			rc = 1;
		} else
			db_warn(db, "cohort create");
		sqlite3_finalize(st);
		goto out;
	}
	sqlite3_finalize(st);
	c->id = sqlite3_last_insert_rowid(db_handle(db));
	c->created_at = now;
	cohort_store_token(key, c->id, tok);
	token_hash(tok, TOKEN_LEN, hash);
	explicit_bzero(tok, sizeof(tok));
	st = db_prepare(db, "INSERT OR REPLACE INTO token (hash, kind, "
	    "owner_id, version) VALUES (?, 'cohort', ?, 1)");
	if (st == NULL)
		goto out;
	sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, c->id);
	if (db_step_done(db, st) == -1)
		goto out;
	return db_commit(db);
out:
	db_rollback(db);
	return rc;
}

/* 1 when the value to be (NULL: keep, "": clear) differs from was */
static int
differs(const char *was, const char *to)
{
	if (to == NULL)
		return 0;
	if (*to == '\0')
		return was != NULL;
	return was == NULL || strcmp(was, to) != 0;
}

static void
bind_opt(sqlite3_stmt *st, int i, const char *was, const char *to)
{
	const char *v = to ? to : was;

	if (v && *v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

int
cohort_store_set_webinar(struct db *db, struct cohort *c, const char *title,
    const char *join_url, const char *replay_url, time_t now, int *changed)
{
	struct cohort cur;
	sqlite3_stmt *st;

	*changed = 0;
	if (db_begin(db) == -1)
		return -1;
	/* the row as it is now, not as it was read before the lock */
	if (cohort_store_get(db, c->id, &cur) != 0)
		goto fail;
	if (!differs(cur.title, title) && !differs(cur.join_url, join_url) &&
	    !differs(cur.replay_url, replay_url)) {
		db_rollback(db);
		cohort_free(c);
		*c = cur;
		return 0;
	}
	/* calendars take the new event only with a higher SEQUENCE */
	st = db_prepare(db, "UPDATE cohort SET title = ?, join_url = ?, "
	    "replay_url = ?, sequence = sequence + 1, modified_at = ? "
	    "WHERE id = ?");
	if (st == NULL) {
		cohort_free(&cur);
		goto fail;
	}
	bind_opt(st, 1, cur.title, title);
	bind_opt(st, 2, cur.join_url, join_url);
	bind_opt(st, 3, cur.replay_url, replay_url);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, c->id);
	cohort_free(&cur);
	if (db_step_done(db, st) == -1 || cohort_store_get(db, c->id,
	    &cur) != 0)
		goto fail;
	if (db_commit(db) == -1) {
		cohort_free(&cur);
		return -1;
	}
	cohort_free(c);
	*c = cur;
	*changed = 1;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

int
cohort_store_list(struct db *db, struct cohort **v, size_t *n)
{
	sqlite3_stmt *st;
	int rc;

	*v = NULL;
	*n = 0;
	st = db_prepare(db, SELECT_COHORT "ORDER BY webinar_at, name");
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		read_cohort(st, &(*v)[(*n)++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_warn(db, "cohort list");
		cohort_store_list_free(*v, *n);
		*v = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
cohort_store_list_free(struct cohort *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		cohort_free(&v[i]);
	free(v);
}

/* ---- import ------------------------------------------------------------ */

enum {
	Q_PERSON, Q_PERSON_ADD, Q_PERSON_FILL, Q_REG, Q_REG_ADD, Q_REG_SET,
	Q_JOIN, Q_JOIN_ADD, Q_JOIN_SET, NQ
};

static const char *const import_sql[NQ] = {
	"SELECT id, name = '' AND ?2 <> '', tz IS NULL AND ?3 IS NOT NULL "
	    "FROM person WHERE email = ?1",
	"INSERT INTO person (email, name, tz, created_at) VALUES (?, ?, ?, ?)",
	"UPDATE person SET name = CASE WHEN name = '' THEN ?2 ELSE name END, "
	    "tz = COALESCE(tz, ?3) WHERE id = ?1",
	"SELECT registered_at FROM registration WHERE cohort_id = ? AND "
	    "person_id = ?",
	"INSERT INTO registration (cohort_id, person_id, registered_at, "
	    "updated_at) VALUES (?, ?, ?, ?)",
	"UPDATE registration SET registered_at = ?3, updated_at = ?4 "
	    "WHERE cohort_id = ?1 AND person_id = ?2",
	"SELECT attended, COALESCE(join_at, 0), COALESCE(leave_at, 0), "
	    "minutes FROM attendance WHERE cohort_id = ? AND person_id = ? "
	    "AND session_key = ?",
	"INSERT INTO attendance (cohort_id, person_id, session_key, attended, "
	    "join_at, leave_at, minutes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	"UPDATE attendance SET attended = ?4, join_at = ?5, leave_at = ?6, "
	    "minutes = ?7 WHERE cohort_id = ?1 AND person_id = ?2 AND "
	    "session_key = ?3",
};

struct importer {
	struct db	*db;
	sqlite3_stmt	*q[NQ];
	long long	 cohort;
	int		 dry;
	time_t		 now;
};

static void
bind_time(sqlite3_stmt *st, int i, time_t t)
{
	if (t)
		sqlite3_bind_int64(st, i, t);
	else
		sqlite3_bind_null(st, i);
}

static void
bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* steps a write; 0 or -1 (logged) */
static int
step(struct importer *im, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_DONE)
		return 0;
	db_warn(im->db, "cohort import");
	return -1;
}

/* the person's id (0 when new and dry); *filled when name or zone new */
static int
import_person(struct importer *im, const struct cohort_person *p,
    long long *id, int *filled)
{
	sqlite3_stmt *st = im->q[Q_PERSON];
	int rc;

	*id = 0;
	*filled = 0;
	sqlite3_bind_text(st, 1, p->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
	bind_text_or_null(st, 3, p->tz);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*filled = sqlite3_column_int(st, 1) ||
		    sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(im->db, "cohort import");
		return -1;
	}
	if (im->dry)
		return 0;
	if (*id == 0) {
		st = im->q[Q_PERSON_ADD];
		sqlite3_bind_text(st, 1, p->email, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
		bind_text_or_null(st, 3, p->tz);
		sqlite3_bind_int64(st, 4, im->now);
		if (step(im, st) == -1)
			return -1;
		*id = sqlite3_last_insert_rowid(db_handle(im->db));
	} else if (*filled) {
		st = im->q[Q_PERSON_FILL];
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
		bind_text_or_null(st, 3, p->tz);
		if (step(im, st) == -1)
			return -1;
	}
	return 0;
}

/* 1 if the registration is new, else *changed when it moved; -1 */
static int
import_registration(struct importer *im, const struct cohort_person *p,
    long long id, int *changed)
{
	sqlite3_stmt *st = im->q[Q_REG];
	time_t old = 0;
	int rc, found;

	sqlite3_bind_int64(st, 1, im->cohort);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	found = rc == SQLITE_ROW;
	if (found)
		old = (time_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(im->db, "cohort import");
		return -1;
	}
	if (found) {
		/* the earliest registration time is the one that counts */
		if (p->registered_at == 0 || (old && old <= p->registered_at))
			return 0;
		*changed = 1;
		st = im->q[Q_REG_SET];
	} else
		st = im->q[Q_REG_ADD];
	if (im->dry)
		return !found;
	sqlite3_bind_int64(st, 1, im->cohort);
	sqlite3_bind_int64(st, 2, id);
	bind_time(st, 3, p->registered_at);
	sqlite3_bind_int64(st, 4, im->now);
	if (step(im, st) == -1)
		return -1;
	return !found;
}

static int
import_join(struct importer *im, long long id, const struct cohort_join *j,
    int *changed)
{
	sqlite3_stmt *st = im->q[Q_JOIN];
	int rc, same = 0, found;

	sqlite3_bind_int64(st, 1, im->cohort);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_text(st, 3, j->key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	found = rc == SQLITE_ROW;
	if (found)
		same = sqlite3_column_int(st, 0) == j->attended &&
		    sqlite3_column_int64(st, 1) == (long long)j->join_at &&
		    sqlite3_column_int64(st, 2) == (long long)j->leave_at &&
		    sqlite3_column_int64(st, 3) == j->minutes;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(im->db, "cohort import");
		return -1;
	}
	if (same)
		return 0;
	*changed = 1;
	if (im->dry)
		return 0;
	st = im->q[found ? Q_JOIN_SET : Q_JOIN_ADD];
	sqlite3_bind_int64(st, 1, im->cohort);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_text(st, 3, j->key, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, j->attended);
	bind_time(st, 5, j->join_at);
	bind_time(st, 6, j->leave_at);
	sqlite3_bind_int64(st, 7, j->minutes);
	return step(im, st);
}

static int
import_one(struct importer *im, const struct cohort_person *p,
    struct cohort_import_counts *n)
{
	long long id;
	int filled, changed = 0, added;
	size_t i;

	if (p->skip)
		return 0;
	if (import_person(im, p, &id, &filled) == -1)
		return -1;
	if (id == 0) {		/* dry run, a new person: all of it is new */
		n->added++;
		return 0;
	}
	if ((added = import_registration(im, p, id, &changed)) == -1)
		return -1;
	for (i = 0; i < p->njoins; i++)
		if (import_join(im, id, &p->joins[i], &changed) == -1)
			return -1;
	if (added)
		n->added++;
	else if (changed || filled)
		n->updated++;
	else
		n->unchanged++;
	return 0;
}

int
cohort_store_import(struct db *db, long long cohort,
    const struct cohort_set *set, int dry, time_t now,
    struct cohort_import_counts *n,
    void (*progress)(void *, size_t, size_t), void *arg)
{
	struct importer im;
	size_t i = 0, end;
	int k, rc = -1;

	memset(n, 0, sizeof(*n));
	memset(&im, 0, sizeof(im));
	im.db = db;
	im.cohort = cohort;
	im.dry = dry;
	im.now = now;
	for (k = 0; k < NQ; k++)
		if ((im.q[k] = db_prepare(db, import_sql[k])) == NULL)
			goto out;
	while (i < set->n) {
		/* a dry run reads one snapshot; writes go in batches */
		if (dry ? db_exec(db, "BEGIN") : db_begin(db))
			goto out;
		end = dry ? set->n : i + COHORT_BATCH;
		for (; i < set->n && i < end; i++)
			if (import_one(&im, &set->v[i], n) == -1) {
				db_rollback(db);
				goto out;
			}
		if (dry)
			db_rollback(db);
		else if (db_commit(db) == -1)
			goto out;
		if (progress)
			progress(arg, i, set->n);
	}
	rc = 0;
out:
	for (k = 0; k < NQ; k++)
		sqlite3_finalize(im.q[k]);
	return rc;
}

/* ---- members ----------------------------------------------------------- */

int
cohort_store_counts(struct db *db, const struct cohort *c,
    struct cohort_counts *n)
{
	sqlite3_stmt *st;
	int rc;

	memset(n, 0, sizeof(*n));
	st = db_prepare(db, "SELECT count(*), "
	    "  coalesce(sum(a.came), 0), "
	    "  coalesce(sum(a.came IS NULL AND (r.registered_at IS NULL OR "
	    "    r.registered_at <= ?2)), 0), "
	    "  coalesce(sum(a.came IS NULL AND r.registered_at > ?2), 0) "
	    "FROM registration r LEFT JOIN (SELECT DISTINCT person_id, 1 AS came "
	    "  FROM attendance WHERE cohort_id = ?1 AND attended = 1) a "
	    "  ON a.person_id = r.person_id "
	    "WHERE r.cohort_id = ?1");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, c->id);
	sqlite3_bind_int64(st, 2, c->webinar_at);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n->registered = sqlite3_column_int64(st, 0);
		n->attended = sqlite3_column_int64(st, 1);
		n->not_attended = sqlite3_column_int64(st, 2);
		n->late = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		db_warn(db, "cohort counts");
		return -1;
	}
	st = db_prepare(db, "SELECT count(DISTINCT person_id) FROM enrollment "
	    "WHERE cohort_id = ?");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, c->id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		n->enrolled = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		db_warn(db, "cohort counts");
		return -1;
	}
	return 0;
}

/* ---- enroll ------------------------------------------------------------ */

struct candidate {
	char	*email;
	char	*name;
	char	*tz;		/* NULL: unknown */
	int	 attended;
	int	 already;
	struct suppress_entry supp;	/* reason NONE: not suppressed */
};

static int
load_candidates(struct db *db, long long cohort, struct candidate **v,
    size_t *n)
{
	sqlite3_stmt *st;
	int rc;

	*v = NULL;
	*n = 0;
	st = db_prepare(db, "SELECT p.email, p.name, p.tz, "
	    "EXISTS (SELECT 1 FROM attendance a WHERE a.cohort_id = ?1 AND "
	    "  a.person_id = p.id AND a.attended = 1), "
	    "EXISTS (SELECT 1 FROM enrollment e WHERE e.person_id = p.id AND "
	    "  (e.state IN ('active', 'paused') OR e.cohort_id = ?1)), "
	    "s.reason, s.since, s.detail "
	    "FROM registration r JOIN person p ON p.id = r.person_id "
	    "LEFT JOIN suppression s ON s.email = p.email "
	    "WHERE r.cohort_id = ?1 AND p.forgotten_at IS NULL ORDER BY p.id");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, cohort);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct candidate *k;

		*v = xreallocarray(*v, *n + 1, sizeof(**v));
		k = &(*v)[(*n)++];
		k->email = col_dup(st, 0);
		k->name = col_dup(st, 1);
		k->tz = sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL :
		    col_dup(st, 2);
		k->attended = sqlite3_column_int(st, 3);
		k->already = sqlite3_column_int(st, 4);
		memset(&k->supp, 0, sizeof(k->supp));
		k->supp.reason = suppress_reason_parse((const char *)
		    sqlite3_column_text(st, 5));
		if (k->supp.reason != SUPPRESS_NONE) {
			snprintf(k->supp.email, sizeof(k->supp.email), "%s",
			    k->email);
			k->supp.since = sqlite3_column_int64(st, 6);
			snprintf(k->supp.detail, sizeof(k->supp.detail), "%s",
			    sqlite3_column_type(st, 7) == SQLITE_NULL ? "" :
			    (const char *)sqlite3_column_text(st, 7));
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_warn(db, "cohort enroll");
		return -1;
	}
	return 0;
}

static void
skip(struct cohort_enroll_counts *n, const struct suppress_entry *e)
{
	n->suppressed = xreallocarray(n->suppressed, n->nsuppressed + 1,
	    sizeof(*n->suppressed));
	n->suppressed[n->nsuppressed++] = *e;
}

static void
tell(const struct cohort_enroll_opts *o, const struct candidate *k,
    enum cohort_enroll_fate fate, const struct enroll_req *r)
{
	struct cohort_enroll_person p;

	if (o->each == NULL)
		return;
	memset(&p, 0, sizeof(p));
	p.email = k->email;
	p.name = k->name;
	p.fate = fate;
	p.supp = &k->supp;
	if (r) {
		p.tz = r->tz;
		p.start = r->start;
	}
	o->each(o->arg, &p);
}

void
cohort_enroll_counts_free(struct cohort_enroll_counts *n)
{
	free(n->suppressed);
	n->suppressed = NULL;
	n->nsuppressed = 0;
}

int
cohort_store_enroll(struct db *db, const struct cohort *c,
    const struct cohort_enroll_opts *o, time_t now,
    const unsigned char key[TOKEN_SECRET_LEN], struct cohort_enroll_counts *n)
{
	struct candidate *v = NULL;
	size_t nv = 0, i, inbatch = 0;
	int rc = -1, x, open = 0;

	memset(n, 0, sizeof(*n));
	if (load_candidates(db, c->id, &v, &nv) == -1)
		goto out;
	for (i = 0; i < nv; i++) {
		struct enroll_req r;
		long long id;
		char *why = NULL;

		if (v[i].already) {
			n->already++;
			tell(o, &v[i], COHORT_ALREADY, NULL);
			continue;
		}
		/* the suppression list: counted and listed, never mailed */
		if (v[i].supp.reason != SUPPRESS_NONE) {
			skip(n, &v[i].supp);
			tell(o, &v[i], COHORT_SUPPRESSED, NULL);
			continue;
		}
		if (o->attended_only && !v[i].attended) {
			n->not_attended++;
			tell(o, &v[i], COHORT_NOT_ATTENDED, NULL);
			continue;
		}
		memset(&r, 0, sizeof(r));
		r.email = v[i].email;
		r.name = v[i].name;
		r.tz = v[i].tz && tz_known(v[i].tz) ? v[i].tz : o->default_tz;
		r.send_minutes = o->send_minutes;
		r.weekdays = o->weekdays;
		r.cohort_id = c->id;
		r.no_welcome = o->no_welcome;
		if (cohort_start_for(c, r.tz, r.send_minutes, now, &r.start) ==
		    -1)
			goto out;
		if (o->dry_run) {
			n->enrolled++;
			n->late += clock_date_cmp(r.start, c->start) != 0;
			tell(o, &v[i], COHORT_ENROLLED, &r);
			continue;
		}
		if (!open) {
			if (db_begin(db) == -1)
				goto out;
			open = 1;
		}
		x = enrollment_insert(db, &r, now, key, &id, &why);
		free(why);
		if (x == -1)
			goto out;
		/* refused: enrolled, or suppressed, since we looked */
		if (x == 2 && suppress_check(db, key, r.email, &v[i].supp) ==
		    1) {
			skip(n, &v[i].supp);
			tell(o, &v[i], COHORT_SUPPRESSED, NULL);
		} else if (x > 0) {
			n->already++;
			tell(o, &v[i], COHORT_ALREADY, NULL);
		} else {
			n->enrolled++;
			n->late += clock_date_cmp(r.start, c->start) != 0;
			tell(o, &v[i], COHORT_ENROLLED, &r);
		}
		if (++inbatch == COHORT_BATCH) {
			open = 0;
			inbatch = 0;
			if (db_commit(db) == -1)
				goto out;
		}
	}
	if (open) {
		open = 0;
		if (db_commit(db) == -1)
			goto out;
	}
	rc = 0;
out:
	if (open)
		db_rollback(db);
	for (i = 0; i < nv; i++) {
		free(v[i].email);
		free(v[i].name);
		free(v[i].tz);
	}
	free(v);
	return rc;
}
