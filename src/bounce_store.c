/*
 * bounce_store.c - a classified returned message applied to its person
 * (see bounce_store.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "bounce_store.h"
#include "enrollment.h"
#include "log.h"
#include "mailbox.h"
#include "outbox.h"
#include "suppress.h"
#include "util.h"

enum bounce_effect
bounce_effect_of(enum bounce_kind kind, int soft_in_window)
{
	switch (kind) {
	case BOUNCE_HARD:
		return BOUNCE_EFFECT_BOUNCED;
	case BOUNCE_SOFT:
		/* a full mailbox for days on end is as good as none */
		return soft_in_window >= BOUNCE_SOFT_LIMIT ?
		    BOUNCE_EFFECT_BOUNCED : BOUNCE_EFFECT_NONE;
	case BOUNCE_COMPLAINT:
		return BOUNCE_EFFECT_COMPLAINED;
	default:
		return BOUNCE_EFFECT_NONE;
	}
}

/*
 * The person a one-row query (id, email) names; 1 found, 0 not, -1
 * error.  st is finalized.
 */
static int
person_of(struct db *db, sqlite3_stmt *st, struct bounce_outcome *o)
{
	int rc;

	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		o->person_id = sqlite3_column_int64(st, 0);
		snprintf(o->email, sizeof(o->email), "%s",
		    (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(db, "bounce");
		return -1;
	}
	return rc == SQLITE_ROW;
}

static int
by_enrollment(struct db *db, long long id, struct bounce_outcome *o)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT p.id, p.email FROM "
	    "enrollment e JOIN person p ON p.id = e.person_id WHERE e.id = ?");

	if (st)
		sqlite3_bind_int64(st, 1, id);
	return person_of(db, st, o);
}

static int
by_address(struct db *db, const char *email, struct bounce_outcome *o)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, email FROM person "
	    "WHERE email = ?");

	if (st)
		sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	return person_of(db, st, o);
}

/*
 * The person b is about: the tag first (keyed: one that does not verify
 * is a forgery, and the message is not trusted at all), then the
 * quoted Message-ID (keyed too), then the recipient the report names.
 */
static int
find(struct db *db, const unsigned char *key, const struct bounce *b,
    struct bounce_outcome *o)
{
	long long e;
	int d, r, x;

	if (b->tag[0]) {
		if (token_verp_check(key, b->tag, &e, &d, &r) == -1) {
			o->what = BOUNCE_FORGED;
			return 0;
		}
		snprintf(o->how, sizeof(o->how), "tag");
		o->enrollment_id = e;
		o->day = d;
		o->resend = r;
		return by_enrollment(db, e, o);
	}
	if (b->message_id[0] &&
	    token_message_id_check(key, b->message_id, &e, &d, &r) == 0) {
		snprintf(o->how, sizeof(o->how), "message-id");
		o->enrollment_id = e;
		o->day = d;
		o->resend = r;
		if ((x = by_enrollment(db, e, o)) != 0)
			return x;
		o->enrollment_id = 0;
		o->day = 0;
		o->resend = 0;
	}
	if (b->recipient[0]) {
		snprintf(o->how, sizeof(o->how), "recipient");
		return by_address(db, b->recipient, o);
	}
	return 0;
}

static const char *
kind_sql(enum bounce_kind k)
{
	return k == BOUNCE_HARD ? "hard" : k == BOUNCE_SOFT ? "soft" :
	    "complaint";
}

/* 1 when this message is new (now recorded), 0 when counted before */
static int
record(struct db *db, const struct bounce *b, const unsigned char hash[32],
    time_t now, const struct bounce_outcome *o)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT OR IGNORE INTO bounce "
	    "(person_id, enrollment_id, day, kind, status, reason, at, "
	    "msg_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, o->person_id);
	if (o->enrollment_id) {
		sqlite3_bind_int64(st, 2, o->enrollment_id);
		sqlite3_bind_int(st, 3, o->day);
	} else {
		sqlite3_bind_null(st, 2);
		sqlite3_bind_null(st, 3);
	}
	sqlite3_bind_text(st, 4, kind_sql(b->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, b->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, b->reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, now);
	sqlite3_bind_blob(st, 8, hash, 32, SQLITE_STATIC);
	if (db_step_done(db, st) == -1)
		return -1;
	return sqlite3_changes(db_handle(db)) > 0;
}

static int
soft_count(struct db *db, long long person, time_t now)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM bounce WHERE "
	    "person_id = ? AND kind = 'soft' AND at > ?");
	int n = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, person);
	sqlite3_bind_int64(st, 2, now - BOUNCE_SOFT_DAYS * 86400L);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* the webhook event of a bounce or complaint that stopped the mail */
static int
emit(struct db *db, const struct bounce *b, enum bounce_effect effect,
    time_t now, const struct bounce_outcome *o)
{
	enum cfg_event ev = effect == BOUNCE_EFFECT_COMPLAINED ?
	    CFG_EV_COMPLAINED : CFG_EV_BOUNCED;
	json_t *d;

	if (!outbox_wants(ev))
		return 0;
	d = json_pack("{s:s}", "kind", b->kind == BOUNCE_COMPLAINT ?
	    "complaint" : b->kind == BOUNCE_SOFT ? "soft" : "hard");
	/* a server's words, made valid UTF-8 (JSON's) as the log has them */
	if (effect == BOUNCE_EFFECT_BOUNCED) {
		char *st = xstrdup_escaped(b->status);
		char *why = xstrdup_escaped(b->reason);

		json_object_set_new(d, "status", json_string(st));
		json_object_set_new(d, "reason", json_string(why));
		free(st);
		free(why);
	}
	json_object_set_new(d, "day", o->day ? json_integer(o->day) :
	    json_null());
	return outbox_emit(db, ev, o->enrollment_id, o->person_id, d, now);
}

/* stops the person's mail and suppresses the address */
static int
stop(struct db *db, const struct bounce *b, enum bounce_effect effect,
    time_t now, const struct bounce_outcome *o)
{
	char detail[BOUNCE_STATUS_MAX + BOUNCE_REASON_MAX + 16];
	const char *state = effect == BOUNCE_EFFECT_COMPLAINED ?
	    "complained" : "bounced";

	snprintf(detail, sizeof(detail), "%s%s%s", b->status,
	    b->status[0] && b->reason[0] ? " " : "", b->reason);
	if (enrollment_stop_person(db, o->person_id, state, state, now) == -1)
		return -1;
	if (suppress_add(db, o->email, effect == BOUNCE_EFFECT_COMPLAINED ?
	    SUPPRESS_COMPLAINED : SUPPRESS_BOUNCED, detail[0] ? detail : NULL,
	    now) == -1)
		return -1;
	return emit(db, b, effect, now, o);
}

int
bounce_store_apply(struct db *db, const unsigned char key[TOKEN_SECRET_LEN],
    const struct bounce *b, const unsigned char hash[32], time_t now,
    struct bounce_outcome *o)
{
	int x, soft = 0;

	memset(o, 0, sizeof(o[0]));
	if (b->kind != BOUNCE_HARD && b->kind != BOUNCE_SOFT &&
	    b->kind != BOUNCE_COMPLAINT)
		return -1;		/* the caller's mistake */
	if (db_begin(db) == -1)
		return -1;
	if ((x = find(db, key, b, o)) == -1)
		goto fail;
	if (x == 0) {
		if (o->what != BOUNCE_FORGED)
			o->what = BOUNCE_NOBODY;
		db_rollback(db);
		return 0;
	}
	if ((x = record(db, b, hash, now, o)) == -1)
		goto fail;
	if (x == 0) {
		o->what = BOUNCE_SEEN_BEFORE;
		db_rollback(db);
		return 0;
	}
	if (b->kind == BOUNCE_SOFT &&
	    (soft = soft_count(db, o->person_id, now)) == -1)
		goto fail;
	o->what = BOUNCE_APPLIED;
	o->effect = bounce_effect_of(b->kind, soft);
	if (o->effect != BOUNCE_EFFECT_NONE && stop(db, b, o->effect, now,
	    o) == -1)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return -1;
}

int
bounce_store_last(struct db *db, long long person_id, time_t *at,
    char *kind, size_t kn, char *reason, size_t rn)
{
	sqlite3_stmt *st = db_cached(db, "SELECT at, kind, status, reason "
	    "FROM bounce WHERE person_id = ? ORDER BY at DESC, id DESC "
	    "LIMIT 1");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, person_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 2);
		const char *r = (const char *)sqlite3_column_text(st, 3);

		*at = (time_t)sqlite3_column_int64(st, 0);
		snprintf(kind, kn, "%s", sqlite3_column_text(st, 1));
		snprintf(reason, rn, "%s%s%s", s ? s : "", s && *s && r && *r ?
		    " " : "", r ? r : "");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_warn(db, "bounce");
		return -1;
	}
	return rc == SQLITE_ROW;
}

struct reading {
	struct db		*db;
	const unsigned char	*key;
	const char		*local;
	time_t			 now;
	bounce_line_fn		 line;
	void			*arg;
	struct bounce_counts	*n;
	int			 failed;
};

static enum mailbox_verdict
one(void *arg, const struct mailbox_msg *m)
{
	struct reading *r = arg;
	struct bounce_outcome o;
	struct bounce b;
	unsigned char hash[SHA256_DIGEST_LENGTH];

	memset(&o, 0, sizeof(o));
	bounce_classify(m->data, m->len, r->local, &b);
	switch (b.kind) {
	case BOUNCE_AUTOREPLY:
		r->n->autoreplies++;
		r->line(r->arg, m->where, &b, &o);
		return MAILBOX_SEEN;
	case BOUNCE_UNRECOGNISED:
		r->n->unrecognised++;
		r->line(r->arg, m->where, &b, &o);
		return MAILBOX_FLAGGED;
	default:
		break;
	}
	SHA256((const unsigned char *)m->data, m->len, hash);
	if (bounce_store_apply(r->db, r->key, &b, hash, r->now, &o) == -1) {
		r->failed = 1;
		return MAILBOX_STOP;
	}
	if (b.kind == BOUNCE_HARD)
		r->n->hard++;
	else if (b.kind == BOUNCE_SOFT)
		r->n->soft++;
	else
		r->n->complaints++;
	r->line(r->arg, m->where, &b, &o);
	return o.what == BOUNCE_APPLIED || o.what == BOUNCE_SEEN_BEFORE ?
	    MAILBOX_SEEN : MAILBOX_FLAGGED;
}

int
bounce_store_read(struct db *db, const unsigned char key[TOKEN_SECRET_LEN],
    const char *local, const char *path, time_t now, bounce_line_fn line,
    void *arg, struct bounce_counts *n, struct diag_list *dl)
{
	struct reading r = { db, key, local, now, line, arg, n, 0 };

	memset(n, 0, sizeof(*n));
	if (mailbox_read(path, BOUNCE_MAX_SIZE, one, &r, dl) == -1)
		return r.failed ? -1 : -2;
	return 0;
}
