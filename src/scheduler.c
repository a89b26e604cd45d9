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
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "buf.h"
#include "enrollment.h"
#include "log.h"
#include "message.h"
#include "scheduler.h"
#include "tz.h"
#include "util.h"

#define BATCH		250
#define QUEUE_BATCH	500

int
scheduler_init(struct scheduler *s, struct db *db, const struct cfg *cfg,
    const struct curriculum *cur)
{
	char addr[256], *lock;
	const char *at;
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
	if (message_addr(cfg->mail_from, addr, sizeof(addr)) == 0 &&
	    (at = strrchr(addr, '@')) != NULL)
		snprintf(s->domain, sizeof(s->domain), "%s", at + 1);
	else
		snprintf(s->domain, sizeof(s->domain), "localhost");
	if ((s->mailer = mailer_open(cfg)) == NULL)
		goto fail;
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
	if (s->lockfd != -1)
		close(s->lockfd);
	s->lockfd = -1;
	explicit_bzero(s->key, sizeof(s->key));
}

/*
 * Renders and builds the message for one claimed delivery into job (its
 * data and recipient, both allocated).  -1, with why, when it cannot be
 * made.  *msgid gets the Message-ID (allocated).
 */
static int
build(struct scheduler *s, const struct ledger_item *it, time_t now,
    struct mail_job *job, char **msgid, const char **why)
{
	struct enrollment e;
	struct enrollment_vars ev;
	struct message_in in;
	struct buf b;
	char id[256];
	int rc = -1;

	*why = "the enrollment could not be read";
	if (enrollment_get(s->db, it->enrollment_id, &e) != 0)
		return -1;
	enrollment_vars(&e, s->cfg->base_url, s->cfg->mail_postal_address,
	    s->key, it->day, &ev);
	*why = "the email could not be rendered";
	token_message_id(s->key, e.id, it->day, s->domain, id, sizeof(id));
	memset(&in, 0, sizeof(in));
	in.from = s->cfg->mail_from;
	in.to_name = ev.name;
	in.to_addr = e.email;
	in.unsubscribe_url = ev.links.unsubscribe;
	in.message_id = id;
	in.date = now;
	buf_init(&b, 4 * RENDER_MAX);
	if (daymail_build(&s->days[it->day - 1], &ev.v, &in, &b) == -1) {
		buf_free(&b);
		goto out;
	}
	memset(job, 0, sizeof(*job));
	job->len = b.len;
	job->data = buf_take(&b);
	job->rcpt = xstrdup(e.email);
	*msgid = xstrdup(id);
	*why = NULL;
	rc = 0;
out:
	enrollment_vars_free(&ev);
	enrollment_free(&e);
	return rc;
}

/*
 * A server's reply for the log: servers echo the recipient ("550 5.1.1
 * <ann@example.org>: unknown user"), and addresses stay out of the log at
 * info level, so every word with an '@' is masked.  The ledger keeps the
 * reply as it came.
 */
static void
redact(const char *in, char *out, size_t n)
{
	size_t o = 0;

	while (*in && o + 1 < n) {
		size_t w = strcspn(in, " \t<>\"',;"), len;
		const char *src = in;

		if (w == 0)
			w = 1;			/* a separator */
		len = w;
		if (memchr(in, '@', w)) {
			src = "(address)";
			len = 9;
		}
		if (len > n - 1 - o)
			len = n - 1 - o;
		memcpy(out + o, src, len);
		o += len;
		in += w;
	}
	out[o] = '\0';
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
	int				 failed;
};

static void
log_result(const struct ledger_item *it, const struct mail_job *j)
{
	char reply[sizeof(j->reply)];

	if (j->result == MAIL_SENT)
		return;
	redact(j->reply, reply, sizeof(reply));
	log_info("mail: enrollment %lld day %d: %s: %s", it->enrollment_id,
	    it->day, mail_result_str(j->result), reply);
}

/*
 * Results are recorded the moment they are known, those that came in
 * together in one short transaction, so a crash can re-send only what
 * was on the wire then: at most one message per connection.
 */
static void
record_done(void *arg, const size_t *done, size_t n)
{
	struct batch *bt = arg;
	struct ledger_item items[BATCH];
	struct mail_job jobs[BATCH];
	char *ids[BATCH];
	size_t k;

	for (k = 0; k < n; k++) {
		int i = bt->map[done[k]];

		log_result(&bt->items[i], &bt->tosend[done[k]]);
		items[k] = bt->items[i];
		jobs[k] = bt->tosend[done[k]];
		ids[k] = bt->ids[i];
	}
	if (ledger_record(bt->s->db, bt->now, items, jobs, ids, (int)n,
	    bt->c) == -1)
		bt->failed = 1;
}

/* builds, sends and records one claimed batch; 1 if unreachable */
static int
send_batch(struct scheduler *s, time_t now, const struct ledger_item *items,
    int n, struct ledger_counts *c)
{
	struct mail_job tosend[BATCH], bad[BATCH];
	struct ledger_item baditems[BATCH];
	char *ids[BATCH], *badids[BATCH];
	int map[BATCH], m = 0, nbad = 0, i, unreachable = 0;
	struct batch bt;

	/* one read transaction for the batch's lookups, not one per query */
	db_exec(s->db, "BEGIN");
	for (i = 0; i < n; i++) {
		const char *why;

		ids[i] = NULL;
		if (build(s, &items[i], now, &tosend[m], &ids[i], &why) == 0) {
			map[m++] = i;
			continue;
		}
		/* a message that cannot be made never will be */
		memset(&bad[nbad], 0, sizeof(bad[nbad]));
		bad[nbad].result = MAIL_PERM;
		snprintf(bad[nbad].reply, sizeof(bad[nbad].reply),
		    "refready: %s", why);
		baditems[nbad] = items[i];
		badids[nbad] = NULL;
		log_result(&items[i], &bad[nbad]);
		nbad++;
	}
	db_exec(s->db, "COMMIT");
	memset(&bt, 0, sizeof(bt));
	bt.s = s;
	bt.now = now;
	bt.items = items;
	bt.tosend = tosend;
	bt.ids = ids;
	bt.map = map;
	bt.c = c;
	if (mailer_send(s->mailer, tosend, m, record_done, &bt) == -1 &&
	    m > 0) {
		char reply[sizeof(tosend[0].reply)];

		unreachable = 1;
		redact(tosend[0].reply, reply, sizeof(reply));
		log_warnx("mail: %s: the server could not be reached: %s",
		    s->cfg->mail_url, reply);
	}
	for (i = 0; i < m; i++) {
		free((char *)tosend[i].data);
		free((char *)tosend[i].rcpt);
	}
	if (nbad && ledger_record(s->db, now, baditems, bad, badids, nbad,
	    c) == -1)
		bt.failed = 1;
	for (i = 0; i < n; i++)
		free(ids[i]);
	/*
	 * The results were committed without waiting for the disk (see
	 * scheduler_init); one checkpoint per batch bounds what a power cut
	 * can take back, and so re-send, to about a batch.
	 */
	db_exec(s->db, "PRAGMA wal_checkpoint(PASSIVE)");
	if (bt.failed)
		log_warnx("mail: some results could not be recorded; those "
		    "lessons are sent again when their claim runs out");
	return bt.failed ? -1 : unreachable;
}

int
scheduler_pass(struct scheduler *s, time_t now, struct ledger_counts *c)
{
	long stale = s->cfg->schedule_stale_after_hours * 3600;
	struct ledger_item items[BATCH];
	int n, rc = 0;

	memset(c, 0, sizeof(*c));
	if (flock(s->lockfd, LOCK_EX | (s->wait ? 0 : LOCK_NB)) == -1) {
		if (errno == EWOULDBLOCK)
			return 2;
		log_warn("scheduler: lock");
		return -1;
	}
	/* no other sender is alive: what is left "sending" was a dead one's */
	if (db_begin(s->db) == -1 || db_exec(s->db, "UPDATE delivery SET "
	    "next_try_at = 0 WHERE state = 'sending'") == -1 ||
	    db_commit(s->db) == -1) {
		db_rollback(s->db);
		rc = -1;
		goto out;
	}
	while ((n = ledger_queue_due(s->db, now, stale, QUEUE_BATCH, c)) > 0)
		;
	if (n == -1) {
		rc = -1;
		goto out;
	}
	/* an unreachable server ends the pass: the rest waits for the next */
	while (rc == 0 && !(s->stop && *s->stop) &&
	    (n = ledger_claim(s->db, now, stale, items, BATCH, c)) > 0) {
		rc = send_batch(s, now, items, n, c);
		if (s->progress)
			s->progress(s->progress_arg, c);
	}
	if (n == -1)
		rc = -1;
out:
	flock(s->lockfd, LOCK_UN);
	return rc;
}
