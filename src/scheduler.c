/*
 * scheduler.c - one pass: due -> render -> send -> record (see
 * scheduler.h).
 *
 * Work goes in batches of BATCH deliveries: a batch is claimed in one
 * transaction, built, sent, and its results recorded in one more, which
 * keeps commits few (one per message would cap the rate near 1.5k/s with
 * fsync) without letting a transaction outgrow the WAL (1,000 rows did).
 * 250 measured better than 100: connections idle while a batch drains,
 * and that tail comes less often.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "buf.h"
#include "catchup.h"
#include "enrollment.h"
#include "kindmail.h"
#include "log.h"
#include "message.h"
#include "replan.h"
#include "scheduler.h"
#include "signup_mail.h"
#include "tz.h"
#include "util.h"

#define BATCH		250
#define QUEUE_BATCH	500
#define HELD_MAX	(BATCH + SCHED_STREAK)

static void
held_init(struct sched_held *h, size_t cap)
{
	h->items = xcalloc(cap, sizeof(*h->items));
	h->jobs = xcalloc(cap, sizeof(*h->jobs));
	h->ids = xcalloc(cap, sizeof(*h->ids));
	h->n = 0;
}

static void
held_free(struct sched_held *h)
{
	while (h->ids && h->n > 0)
		free(h->ids[--h->n]);
	free(h->items);
	free(h->jobs);
	free(h->ids);
	memset(h, 0, sizeof(*h));
}

void
scheduler_domain(const struct cfg *cfg, char *out, size_t n)
{
	char addr[256];
	const char *at;

	if (message_addr(cfg->mail_from, addr, sizeof(addr)) == 0 &&
	    (at = strrchr(addr, '@')) != NULL)
		snprintf(out, n, "%s", at + 1);
	else
		snprintf(out, n, "localhost");
}

int
scheduler_init(struct scheduler *s, struct db *db, const struct cfg *cfg,
    const struct curriculum *cur)
{
	char *lock;
	int i;

	memset(s, 0, sizeof(*s));
	s->lockfd = -1;
	s->db = db;
	s->cfg = cfg;
	s->cur = cur;
	for (i = 0; i < CUR_DAYS; i++)
		if (daymail_init(&s->days[i], cur, i + 1) == -1)
			goto fail;
	if (token_secret_load(cfg->secret_file, s->key) == -1)
		goto fail;
	scheduler_domain(cfg, s->domain, sizeof(s->domain));
	if ((s->mailer = mailer_open(cfg)) == NULL)
		goto fail;
	held_init(&s->held, HELD_MAX);
	held_init(&s->streak, SCHED_STREAK);
	/*
	 * Results are committed one by one as the server confirms them:
	 * with an fsync each that would cap sending near 1,500 a second.
	 * In WAL mode NORMAL loses no commit when the process dies, only
	 * on a power cut, which then makes us re-send, never lose, a
	 * lesson; send_batch checkpoints after each batch to bound that.
	 */
	if (db_exec(db, "PRAGMA synchronous = NORMAL") == -1)
		goto fail;
	lock = xasprintf("%s-send.lock", cfg->db);
	s->lockfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (s->lockfd == -1)
		log_warn("scheduler: %s", lock);
	free(lock);
	if (s->lockfd == -1)
		goto fail;
	return 0;
fail:
	scheduler_free(s);
	return -1;
}

void
scheduler_free(struct scheduler *s)
{
	int i;

	for (i = 0; i < CUR_DAYS; i++)
		daymail_free(&s->days[i]);
	mailer_close(s->mailer);
	s->mailer = NULL;
	held_free(&s->held);
	held_free(&s->streak);
	if (s->lockfd != -1)
		close(s->lockfd);
	s->lockfd = -1;
	explicit_bzero(s->key, sizeof(s->key));
}

/* a resend's number for its tags; 0, the lesson's own */
static int
resend_no(const struct ledger_item *it)
{
	return it->kind == LEDGER_RESEND ? it->key : 0;
}

int
scheduler_message(const struct cfg *cfg, const struct daymail *dm,
    const struct enrollment_vars *ev, const char *to_addr,
    const char *message_id, const char *subject_prefix, time_t now,
    struct buf *b)
{
	struct message_in in;

	memset(&in, 0, sizeof(in));
	in.from = cfg->mail_from;
	in.reply_to = cfg->mail_reply_to;
	in.to_name = ev->name;
	in.to_addr = to_addr;
	in.unsubscribe_url = ev->links.unsubscribe;
	in.message_id = message_id;
	in.subject_prefix = subject_prefix;
	in.date = now;
	return daymail_build(dm, &ev->v, &in, b);
}

/*
 * The envelope sender of one lesson, LOCAL+TAG@DOMAIN, when
 * mail.return_path is set (allocated), so that what comes back names
 * the person and the day; else NULL, mail.from's address.
 */
static char *
return_path(const struct scheduler *s, const char *tag)
{
	const char *rp = s->cfg->mail_return_path, *at;

	if (rp == NULL || (at = strrchr(rp, '@')) == NULL)
		return NULL;
	return xasprintf("%.*s+%s%s", (int)(at - rp), rp, tag, at);
}

/*
 * build() for the emails that are not lessons (kindmail.h): the same
 * returns, the same job, their own Message-ID and tag.
 */
static int
build_kind(struct scheduler *s, const struct ledger_item *it, time_t now,
    struct mail_job *job, char **msgid, const char **why)
{
	struct kind_ctx ctx = { s->db, s->cfg, s->cur, s->key, now };
	struct enrollment e;
	struct buf b;
	char id[256], tag[TOKEN_VERP_MAX];
	int rc;

	*why = "the enrollment could not be read";
	if ((rc = enrollment_get(s->db, it->enrollment_id, &e)) != 0)
		return rc == -1 ? -2 : -1;
	kindmail_ids(s->key, it->kind, e.id, it->key, s->domain, id,
	    sizeof(id), tag);
	buf_init(&b, 4 * RENDER_MAX);
	if ((rc = kindmail_build(&ctx, it->kind, &e, it->key, e.email, id,
	    NULL, &b, why)) != 0) {
		buf_free(&b);
		enrollment_free(&e);
		return rc;
	}
	memset(job, 0, sizeof(*job));
	job->len = b.len;
	job->data = buf_take(&b);
	job->rcpt = xstrdup(e.email);
	job->from = return_path(s, tag);
	*msgid = xstrdup(id);
	*why = NULL;
	enrollment_free(&e);
	return 0;
}

/*
 * Renders and builds the message for one claimed delivery into job (its
 * data and recipient, both allocated).  -1, with why, when it cannot be
 * made; -2 when the database could not read the enrollment (a passing
 * failure).  *msgid gets the Message-ID (allocated).
 */
static int
build(struct scheduler *s, const struct ledger_item *it, time_t now,
    struct mail_job *job, char **msgid, const char **why)
{
	struct enrollment e;
	struct enrollment_vars ev;
	struct catchup cu;
	struct buf b;
	char id[256], tag[TOKEN_VERP_MAX];
	int rc = -1;

	/* the welcome, the completion summary, the weeks after: kindmail.c */
	if (kindmail_is(it->kind))
		return build_kind(s, it, now, job, msgid, why);
	if (it->day < 1 || it->day > CUR_DAYS) {
		*why = "this kind of email cannot be built";
		return -1;
	}
	*why = "the enrollment could not be read";
	if ((rc = enrollment_get(s->db, it->enrollment_id, &e)) != 0)
		return rc == -1 ? -2 : -1;
	rc = -1;
	enrollment_vars(&e, s->cfg->base_url, s->cfg->mail_footer,
	    s->key, it->day, &ev);
	/* today's lesson only: a resend repeats an old day as it was */
	memset(&cu, 0, sizeof(cu));
	if (it->kind == LEDGER_LESSON)
		catchup_set(&cu, s->cur, e.done_before, it->day,
		    ev.links.page, &ev.v);
	*why = "the email could not be rendered";
	/* a resend is a message of its own, with its own Message-ID */
	token_message_id(s->key, e.id, it->day, resend_no(it), s->domain, id,
	    sizeof(id));
	buf_init(&b, 4 * RENDER_MAX);
	if (scheduler_message(s->cfg, &s->days[it->day - 1], &ev, e.email, id,
	    NULL, now, &b) == -1) {
		buf_free(&b);
		goto out;
	}
	memset(job, 0, sizeof(*job));
	job->len = b.len;
	job->data = buf_take(&b);
	job->rcpt = xstrdup(e.email);
	token_verp(s->key, it->enrollment_id, it->day, resend_no(it), tag);
	job->from = return_path(s, tag);
	*msgid = xstrdup(id);
	*why = NULL;
	rc = 0;
out:
	catchup_free(&cu);
	enrollment_vars_free(&ev);
	enrollment_free(&e);
	return rc;
}

/* what the mailer's done callback needs to record one result */
struct batch {
	struct scheduler		*s;
	time_t				 now;
	const struct ledger_item	*items;
	struct mail_job			*tosend;
	char				**ids;
	const int			*map;	/* tosend index -> items */
	struct ledger_counts		*c;
	int				 failed;	/* a record failed */
};

static void
log_result(const struct ledger_item *it, const struct mail_job *j)
{
	char reply[sizeof(j->reply)];

	/* a relay's refusal is logged once for the pass, not per lesson */
	if (j->result == MAIL_SENT || j->result == MAIL_UNSENT ||
	    j->fault != MAIL_FAULT_NONE)
		return;
	str_mask_addresses(reply, sizeof(reply), j->reply);
	if (kindmail_is(it->kind))
		log_info("mail: enrollment %lld %s %d: %s: %s",
		    it->enrollment_id, ledger_kind_str(it->kind), it->key,
		    mail_result_str(j->result), reply);
	else
		log_info("mail: enrollment %lld day %d%s: %s: %s",
		    it->enrollment_id, it->day, it->kind == LEDGER_RESEND ?
		    " (resend)" : "", mail_result_str(j->result), reply);
}

/* keeps a result until the ledger takes it; takes over *msgid */
static void
hold(struct sched_held *h, const struct ledger_item *it,
    const struct mail_job *j, char **msgid)
{
	h->items[h->n] = *it;
	h->jobs[h->n] = *j;
	h->jobs[h->n].data = NULL;
	h->jobs[h->n].rcpt = NULL;
	h->jobs[h->n].from = NULL;
	h->ids[h->n] = *msgid;
	*msgid = NULL;
	h->n++;
}

/*
 * Writes everything held to the ledger in one transaction.  0, or -1
 * when it could not: then it is all still held, for the next try.
 */
static int
flush(struct scheduler *s, time_t now, struct ledger_counts *c)
{
	struct sched_held *h = &s->held;

	if (h->n == 0)
		return 0;
	if (ledger_record(s->db, now, h->items, h->jobs, h->ids, (int)h->n,
	    c) == -1)
		return -1;
	while (h->n > 0)
		free(h->ids[--h->n]);
	return 0;
}

/*
 * The streak ends: its members are what they said (permanent failures
 * of their own), or, at SCHED_STREAK of them, the relay's refusal of
 * every recipient - a block on the sender, not dead addresses, since a
 * refusal that names the recipient differs from one to the next.
 */
static void
streak_end(struct scheduler *s, int relay)
{
	struct sched_held *st = &s->streak;
	size_t i;

	for (i = 0; i < st->n; i++) {
		if (relay) {
			st->jobs[i].result = MAIL_TEMP;
			st->jobs[i].fault = MAIL_FAULT_POLICY;
		} else
			log_result(&st->items[i], &st->jobs[i]);
		hold(&s->held, &st->items[i], &st->jobs[i], &st->ids[i]);
	}
	st->n = 0;
}

static void
relay_fault(struct scheduler *s, enum mail_fault f, const char *reply)
{
	if (s->fault != MAIL_FAULT_NONE)
		return;			/* the first one says it */
	s->fault = f;
	snprintf(s->fault_reply, sizeof(s->fault_reply), "%s", reply);
}

/* one result: held for the ledger, or for the streak's verdict */
static void
take(struct scheduler *s, const struct ledger_item *it,
    const struct mail_job *j, char **msgid)
{
	const struct sched_held *st = &s->streak;
	int perm = j->result == MAIL_PERM && j->fault == MAIL_FAULT_NONE;

	if (j->fault == MAIL_FAULT_NONE)
		s->relay_seen = 1;
	/* the rest of a block already seen, on the wire when it was */
	if (perm && s->fault == MAIL_FAULT_POLICY &&
	    strcmp(s->fault_reply, j->reply) == 0) {
		struct mail_job same = *j;

		same.result = MAIL_TEMP;
		same.fault = MAIL_FAULT_POLICY;
		hold(&s->held, it, &same, msgid);
		return;
	}
	if (st->n > 0 && (!perm || strcmp(st->jobs[st->n - 1].reply,
	    j->reply) != 0))
		streak_end(s, 0);
	if (!perm) {
		log_result(it, j);
		hold(&s->held, it, j, msgid);
		if (j->fault != MAIL_FAULT_NONE)
			relay_fault(s, j->fault, j->reply);
		return;
	}
	/* a dead address costs nothing to record a little later */
	hold(&s->streak, it, j, msgid);
	if (s->streak.n == SCHED_STREAK) {
		relay_fault(s, MAIL_FAULT_POLICY, j->reply);
		streak_end(s, 1);
	}
}

/*
 * The mailer's done callback.  Results are recorded the moment they are
 * known, those that came in together in one short transaction, so a
 * crash can re-send only what was on the wire then: at most one message
 * per connection.  Non-zero stops the batch: when the relay failed the
 * session, or when the ledger could not take a result (nothing more is
 * sent until it has).
 */
static int
record_done(void *arg, const size_t *done, size_t n)
{
	struct batch *bt = arg;
	struct scheduler *s = bt->s;
	size_t k;

	for (k = 0; k < n; k++) {
		int i = bt->map[done[k]];

		take(s, &bt->items[i], &bt->tosend[done[k]], &bt->ids[i]);
	}
	if (flush(s, bt->now, bt->c) == -1)
		bt->failed = 1;
	return bt->failed || s->fault != MAIL_FAULT_NONE;
}

/*
 * Builds every claimed delivery into tosend (map says which item each
 * is); one that cannot be built is held with its failure.
 */
static int
build_batch(struct scheduler *s, time_t now, const struct ledger_item *items,
    int n, struct mail_job *tosend, char **ids, int *map)
{
	int i, m = 0;

	/* one read transaction for the batch's lookups, not one per query */
	db_exec(s->db, "BEGIN");
	for (i = 0; i < n; i++) {
		struct mail_job bad;
		const char *why;
		int rc;

		ids[i] = NULL;
		if ((rc = build(s, &items[i], now, &tosend[m], &ids[i],
		    &why)) == 0) {
			map[m++] = i;
			continue;
		}
		/*
		 * A message that cannot be made never will be, unless the
		 * database failed to read it (busy, I/O, out of memory):
		 * that passes, and the lesson is tried again.
		 */
		memset(&bad, 0, sizeof(bad));
		bad.result = rc == -2 ? MAIL_TEMP : MAIL_PERM;
		snprintf(bad.reply, sizeof(bad.reply), "refready: %s", why);
		log_result(&items[i], &bad);
		hold(&s->held, &items[i], &bad, &ids[i]);
	}
	db_exec(s->db, "COMMIT");
	return m;
}

/* builds, sends and records one claimed batch; 0, 1 (relay) or -1 */
static int
send_batch(struct scheduler *s, time_t now, const struct ledger_item *items,
    int n, struct ledger_counts *c)
{
	struct mail_job tosend[BATCH];
	char *ids[BATCH];
	int map[BATCH], m, i;
	struct batch bt;

	m = build_batch(s, now, items, n, tosend, ids, map);
	memset(&bt, 0, sizeof(bt));
	bt.s = s;
	bt.now = now;
	bt.items = items;
	bt.tosend = tosend;
	bt.ids = ids;
	bt.map = map;
	bt.c = c;
	/* what could not be built, and anything an earlier write left */
	if (flush(s, now, c) == -1)
		bt.failed = 1;
	if (!bt.failed)
		mailer_send(s->mailer, tosend, m, record_done, &bt);
	/* those never started go back as they were, due now */
	for (i = 0; i < m; i++) {
		if (tosend[i].result == MAIL_UNSENT) {
			tosend[i].fault = s->fault;
			hold(&s->held, &items[map[i]], &tosend[i],
			    &ids[map[i]]);
		}
		free((char *)tosend[i].data);
		free((char *)tosend[i].rcpt);
		free((char *)tosend[i].from);
	}
	if (flush(s, now, c) == -1)
		bt.failed = 1;
	for (i = 0; i < n; i++)
		free(ids[i]);
	/*
	 * The results were committed without waiting for the disk (see
	 * scheduler_init); one checkpoint per batch bounds what a power cut
	 * can take back, and so re-send, to about a batch.
	 */
	db_exec(s->db, "PRAGMA wal_checkpoint(PASSIVE)");
	if (bt.failed) {
		log_warnx("mail: %zu results could not be recorded; nothing "
		    "more is sent until they are", s->held.n);
		return -1;
	}
	return s->fault != MAIL_FAULT_NONE;
}

void
scheduler_log_fault(const struct scheduler *s, const char *context)
{
	char reply[sizeof(s->fault_reply)];

	str_mask_addresses(reply, sizeof(reply), s->fault_reply);
	log_warnx("%s: %s %s: %s", context, s->cfg->mail_url,
	    mail_fault_what(s->fault), reply);
}

/* the signups' confirmation emails, through this scheduler's mailer */
static int
signups(struct scheduler *s, time_t now, struct ledger_counts *c)
{
	struct signup_sender ss;
	int rc;

	memset(&ss, 0, sizeof(ss));
	ss.db = s->db;
	ss.cfg = s->cfg;
	ss.program = s->cur->title;
	ss.key = s->key;
	ss.domain = s->domain;
	ss.mailer = s->mailer;
	ss.stop = s->stop;
	rc = signup_mail_pass(&ss, now, c);
	s->relay_seen |= ss.relay_seen;
	if (ss.fault != MAIL_FAULT_NONE && s->fault == MAIL_FAULT_NONE) {
		s->fault = ss.fault;
		snprintf(s->fault_reply, sizeof(s->fault_reply), "%s",
		    ss.fault_reply);
	}
	return rc;
}

int
scheduler_signups(struct scheduler *s, time_t now, struct ledger_counts *c)
{
	int rc;

	memset(c, 0, sizeof(*c));
	s->fault = MAIL_FAULT_NONE;
	s->fault_reply[0] = '\0';
	s->relay_seen = 0;
	if (flock(s->lockfd, LOCK_EX | LOCK_NB) == -1)
		return errno == EWOULDBLOCK ? 2 : -1;
	rc = signups(s, now, c);
	flock(s->lockfd, LOCK_UN);
	return rc;
}

int
scheduler_pass(struct scheduler *s, time_t now, struct ledger_counts *c)
{
	long stale = s->cfg->schedule_stale_after_hours * 3600;
	struct ledger_item items[BATCH];
	int n, rc = 0;

	memset(c, 0, sizeof(*c));
	s->fault = MAIL_FAULT_NONE;
	s->fault_reply[0] = '\0';
	s->relay_seen = 0;
	if (flock(s->lockfd, LOCK_EX | (s->wait ? 0 : LOCK_NB)) == -1) {
		if (errno == EWOULDBLOCK)
			return 2;
		log_warn("scheduler: lock");
		return -1;
	}
	/* what an earlier pass could not record goes in before anything */
	if (flush(s, now, c) == -1) {
		log_warnx("mail: %zu results still cannot be recorded; "
		    "nothing is sent until they are", s->held.n);
		rc = -1;
		goto out;
	}
	/* no other sender is alive: what is left "sending" was a dead one's */
	if (db_begin(s->db) == -1 || db_exec(s->db, "UPDATE delivery SET "
	    "next_try_at = 0 WHERE state = 'sending'") == -1 ||
	    db_commit(s->db) == -1) {
		db_rollback(s->db);
		rc = -1;
		goto out;
	}
	/* someone is waiting for a confirmation email: those go first */
	if ((rc = signups(s, now, c)) != 0)
		goto out;
	/* skipped dates changed since the plans were made: move them first */
	if (replan_if_changed(s->db, now) == -1) {
		rc = -1;
		goto out;
	}
	while ((n = ledger_queue_due(s->db, now, stale, QUEUE_BATCH, c)) > 0)
		;
	if (n == -1) {
		rc = -1;
		goto out;
	}
	/* a relay that fails the session ends the pass: the rest waits */
	while (rc == 0 && !(s->stop && *s->stop) &&
	    (n = ledger_claim(s->db, now, stale, items, BATCH, c)) > 0) {
		rc = send_batch(s, now, items, n, c);
		if (s->progress)
			s->progress(s->progress_arg, c);
	}
	if (n == -1)
		rc = -1;
	/* a streak still open at the end is what it said: dead addresses */
	streak_end(s, 0);
	if (flush(s, now, c) == -1 && rc != -1) {
		log_warnx("mail: %zu results could not be recorded",
		    s->held.n);
		rc = -1;
	}
out:
	flock(s->lockfd, LOCK_UN);
	return rc;
}
