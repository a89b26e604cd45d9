/*
 * webhook.c - the daemon's webhook sender (see webhook.h).
 *
 * One thread, one curl multi handle.  Deliveries are claimed per
 * endpoint, up to CLAIM_BATCH in one transaction, into a queue (a claim
 * gives only the oldest open event of each person, so a person's events
 * go one after another); from the queue they go on the wire while their
 * endpoint has fewer than PER_ENDPOINT requests in flight; their results
 * are recorded RECORD_BATCH at a time, or once one has waited RECORD_MS
 * (a person's next event waits for it), in one transaction.  Two
 * transactions an event cost three quarters of the rate (BENCHMARKS.md).
 * Results the database would not take are held and recorded first;
 * nothing more is claimed meanwhile.  The thread has its own database
 * connection, with synchronous = NORMAL like the mail sender's: a power
 * cut can only make it send an event again, never lose one.
 */
#include <assert.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "hook_key.h"
#include "log.h"
#include "net.h"
#include "outbox.h"
#include "util.h"
#include "version.h"
#include "webhook.h"

/*
 * Each endpoint has its own places in flight and its share of the
 * queue, so receivers that hang (each holding PER_ENDPOINT requests
 * until their timeout) leave room for every other.
 */
#define PER_ENDPOINT	16	/* requests in flight to one endpoint */
#define MAX_FLIGHT	(PER_ENDPOINT * CFG_WEBHOOKS_MAX)
#define QUEUE_MAX	128	/* claimed, waiting for a place in flight */
#define CLAIM_BATCH	64	/* deliveries claimed in one transaction */
#define RECORD_BATCH	32	/* results recorded in one transaction, */
#define RECORD_MS	20	/* ... or any held this long */
#define HELD_MAX	(QUEUE_MAX + MAX_FLIGHT + RECORD_BATCH)
#define CONNECT_SECS	10
#define TOTAL_SECS	30
#define IDLE_MS		1000	/* how often an idle endpoint is asked */
#define PRUNE_EVERY	600	/* seconds between outbox_prune calls */
#define PRUNE_BATCH	1000

/* one claimed delivery, from the queue to the wire to its result */
struct job {
	struct outbox_item	 it;
	char			*endpoint;	/* its URL, owned */
	int			 ep;		/* its place in configuration gen */
	unsigned		 gen;
};

struct xfer {
	CURL			*easy;
	struct curl_slist	*hdrs;
	struct job		 job;
	int			 busy;
	char			 err[CURL_ERROR_SIZE];
};

/*
 * Every claimed delivery is in exactly one of queue, x (busy) and held
 * until it is recorded; claims keep their sum within HELD_MAX, so each
 * result always finds a place in held.
 */
struct webhook {
	struct app		*a;
	pthread_t		 th;
	atomic_int		 stop;
	CURLM			*multi;
	char			*lockpath;
	int			 lockfd;
	int			 locked;
	int			 lock_said;
	struct job		 queue[QUEUE_MAX];
	int			 nqueue;
	struct xfer		 x[MAX_FLIGHT];
	int			 nbusy;
	/* results not yet recorded, and what they were about */
	struct outbox_outcome	 held[HELD_MAX];
	struct job		 held_job[HELD_MAX];
	int			 nheld;
	long			 held_since;	/* monotonic ms of the oldest */
	time_t			 idle_until[CFG_WEBHOOKS_MAX];
	time_t			 pruned_at;
};

static long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* the answer's body is not kept: a receiver says what it needs in 2xx */
static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* a log's name for an endpoint: its place and host, never its path */
static void
ep_name(int ep, const char *url, char *out, size_t n)
{
	char *host = net_url_host(url);

	/* one dropped by a reload has no place: "-", as `webhooks` shows */
	if (ep < 0)
		snprintf(out, n, "- (%s)", host ? host : "?");
	else
		snprintf(out, n, "%d (%s)", ep, host ? host : "?");
	free(host);
}

/* j's endpoint's place in the configuration c, or -1 if it has none */
static int
place(const struct app_conf *c, struct job *j)
{
	size_t i;

	if (j->gen == c->gen)
		return j->ep;
	j->gen = c->gen;
	j->ep = -1;
	for (i = 0; i < c->cfg.nwebhooks && i < c->hooks.n; i++)
		if (strcmp(c->cfg.webhooks[i].url, j->endpoint) == 0)
			j->ep = (int)i;
	return j->ep;
}

/* per endpoint of c: deliveries in flight, and those claimed as well */
static void
count(struct webhook *w, const struct app_conf *c, int *flying, int *open)
{
	int i, at;

	memset(flying, 0, CFG_WEBHOOKS_MAX * sizeof(*flying));
	memset(open, 0, CFG_WEBHOOKS_MAX * sizeof(*open));
	for (i = 0; i < MAX_FLIGHT; i++)
		if (w->x[i].busy && (at = place(c, &w->x[i].job)) >= 0) {
			flying[at]++;
			open[at]++;
		}
	for (i = 0; i < w->nqueue; i++)
		if ((at = place(c, &w->queue[i])) >= 0)
			open[at]++;
}

/* sets up x's request for its job, signed at now; 0 or -1 */
static int
prepare(struct xfer *x, const unsigned char *key, size_t keylen, time_t now)
{
	char sig[128], *h;

	if (x->easy == NULL && (x->easy = curl_easy_init()) == NULL)
		return -1;
	curl_easy_reset(x->easy);
	curl_slist_free_all(x->hdrs);
	x->hdrs = NULL;
	if (hook_sign(key, keylen, now, x->job.it.body, x->job.it.len, sig,
	    sizeof(sig)) == -1)
		return -1;
	x->hdrs = curl_slist_append(x->hdrs, "Content-Type: application/json");
	/* a body of over 1 KiB would otherwise wait for 100 Continue */
	x->hdrs = curl_slist_append(x->hdrs, "Expect:");
	h = xasprintf("X-Refready-Event-Id: %s", x->job.it.uid);
	x->hdrs = curl_slist_append(x->hdrs, h);
	free(h);
	h = xasprintf("X-Refready-Signature: %s", sig);
	x->hdrs = curl_slist_append(x->hdrs, h);
	free(h);
	x->err[0] = '\0';
	curl_easy_setopt(x->easy, CURLOPT_URL, x->job.endpoint);
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, x->job.it.body);
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)x->job.it.len);
	curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->hdrs);
	curl_easy_setopt(x->easy, CURLOPT_USERAGENT, "refready/"
	    REFREADY_VERSION);
	curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_SECS);
	curl_easy_setopt(x->easy, CURLOPT_TIMEOUT, (long)TOTAL_SECS);
	curl_easy_setopt(x->easy, CURLOPT_ERRORBUFFER, x->err);
	curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
	return 0;
}

/* adds a result for job to those to record, taking the job over */
static void
hold(struct webhook *w, struct job *j, enum outbox_result r,
    const char *answer)
{
	struct outbox_outcome *o = &w->held[w->nheld];

	assert(w->nheld < HELD_MAX);
	memset(o, 0, sizeof(*o));
	o->event_id = j->it.event_id;
	o->result = r;
	o->attempts = j->it.attempts;
	o->created_at = j->it.created_at;
	o->endpoint = j->endpoint;
	snprintf(o->answer, sizeof(o->answer), "%s", answer);
	if (w->nheld == 0)
		w->held_since = mono_ms();
	w->held_job[w->nheld++] = *j;
	/* the body is not needed to record it */
	outbox_items_free(&w->held_job[w->nheld - 1].it, 1);
	memset(j, 0, sizeof(*j));
}

/* claims into the queue what endpoint ep will soon have room for */
static void
fill(struct webhook *w, struct db *db, const struct app_conf *c, int ep,
    int open, time_t now)
{
	const char *url = c->cfg.webhooks[ep].url;
	struct outbox_item items[CLAIM_BATCH];
	int n, i, room = QUEUE_MAX / (int)c->cfg.nwebhooks;

	/* claim again only when it runs low: a claim is a transaction */
	if (now < w->idle_until[ep] || open >= PER_ENDPOINT)
		return;
	if (room > CLAIM_BATCH)
		room = CLAIM_BATCH;
	if (room > QUEUE_MAX - w->nqueue)
		room = QUEUE_MAX - w->nqueue;
	if (room > HELD_MAX - w->nqueue - w->nbusy - w->nheld)
		room = HELD_MAX - w->nqueue - w->nbusy - w->nheld;
	if (room <= 0)
		return;
	memset(items, 0, sizeof(items));
	if ((n = outbox_claim(db, url, now, items, room)) < room)
		w->idle_until[ep] = now + IDLE_MS / 1000;
	for (i = 0; i < n; i++) {
		struct job *j = &w->queue[w->nqueue++];

		j->it = items[i];
		j->endpoint = xstrdup(url);
		j->ep = ep;
		j->gen = c->gen;
	}
}

/* moves queued jobs onto the wire while their endpoints have room */
static void
launch(struct webhook *w, const struct app_conf *c, time_t now)
{
	int flying[CFG_WEBHOOKS_MAX], open[CFG_WEBHOOKS_MAX];
	int i, k = 0, kept = 0, at;

	count(w, c, flying, open);
	for (i = 0; i < w->nqueue; i++) {
		struct job *j = &w->queue[i];
		struct xfer *x;

		/* a reload may have dropped the endpoint: given back */
		if ((at = place(c, j)) < 0) {
			hold(w, j, OUTBOX_GIVEN_BACK, "");
			continue;
		}
		if (w->nbusy >= MAX_FLIGHT || flying[at] >= PER_ENDPOINT) {
			w->queue[kept++] = *j;
			continue;
		}
		while (w->x[k].busy)
			k++;
		x = &w->x[k];
		x->job = *j;
		if (prepare(x, c->hooks.v[at].key, c->hooks.v[at].len,
		    now) == -1 ||
		    curl_multi_add_handle(w->multi, x->easy) != CURLM_OK) {
			log_warnx("webhooks: cannot set up a request");
			hold(w, &x->job, OUTBOX_GIVEN_BACK, "");
			continue;
		}
		flying[at]++;
		x->busy = 1;
		w->nbusy++;
	}
	w->nqueue = kept;
}

/* the finished requests' results, held for recording */
static void
reap(struct webhook *w)
{
	struct CURLMsg *m;
	struct xfer *x;
	char answer[160];
	long code;
	int left;

	while ((m = curl_multi_info_read(w->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		code = 0;
		if (m->data.result == CURLE_OK)
			curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
		if (m->data.result != CURLE_OK)
			str_escape(answer, sizeof(answer), x->err[0] ? x->err :
			    curl_easy_strerror(m->data.result));
		else
			snprintf(answer, sizeof(answer), "HTTP %ld", code);
		curl_multi_remove_handle(w->multi, x->easy);
		hold(w, &x->job, code >= 200 && code <= 299 ?
		    OUTBOX_DELIVERED : OUTBOX_REFUSED, answer);
		x->busy = 0;
		w->nbusy--;
	}
}

/* what a recorded result did: counters, and a line for the operator */
static void
tell(struct webhook *w, int i, time_t now)
{
	const struct outbox_outcome *o = &w->held[i];
	const struct job *j = &w->held_job[i];
	int ep = j->ep;
	char name[300];

	if (o->result == OUTBOX_GIVEN_BACK)
		return;
	if (ep >= 0 && ep < CFG_WEBHOOKS_MAX) {
		if (o->result == OUTBOX_DELIVERED)
			w->a->m.hook_delivered[ep]++;
		else if (o->gave_up)
			w->a->m.hook_failed[ep]++;
		else
			w->a->m.hook_retried[ep]++;
	}
	if (o->result == OUTBOX_DELIVERED)
		return;
	ep_name(ep, o->endpoint, name, sizeof(name));
	if (o->gave_up && ep < 0)
		log_warnx("webhooks: endpoint %s: event %s failed: %s", name,
		    j->it.uid, o->answer);
	else if (o->gave_up)
		log_warnx("webhooks: endpoint %s: event %s failed after %d "
		    "tries over a day: %s", name, j->it.uid, o->attempts + 1,
		    o->answer);
	else
		log_info("webhooks: endpoint %s: event %s, try %d: %s; next "
		    "try in %lld s", name, j->it.uid, o->attempts + 1,
		    o->answer, (long long)(o->next_try_at - now));
}

/*
 * Records the held results, when there are enough of them, or they
 * waited long enough (a person's next event waits for them), or force;
 * 0, or -1 (they stay held).
 */
static int
record(struct webhook *w, struct db *db, time_t now, int force)
{
	int i;

	if (w->nheld == 0 || (!force && w->nheld < RECORD_BATCH &&
	    w->nbusy > 0 && mono_ms() - w->held_since < RECORD_MS))
		return 0;
	if (outbox_record(db, w->held, w->nheld, now) == -1) {
		log_warnx("webhooks: %d results could not be recorded; "
		    "retrying", w->nheld);
		return -1;
	}
	for (i = 0; i < w->nheld; i++) {
		tell(w, i, now);
		/* a person's next event may be due now */
		if (w->held_job[i].ep >= 0 &&
		    w->held_job[i].ep < CFG_WEBHOOKS_MAX)
			w->idle_until[w->held_job[i].ep] = 0;
		free(w->held_job[i].endpoint);
	}
	w->nheld = 0;
	return 0;
}

/*
 * The sender's lock: held, the deliveries left "sending" are a dead
 * process's and due now.  1 held, 0 another process holds it.
 */
static int
take_lock(struct webhook *w, struct db *db, time_t now)
{
	if (w->locked)
		return 1;
	if (flock(w->lockfd, LOCK_EX | LOCK_NB) == -1) {
		if (!w->lock_said)
			log_warnx("webhooks: another process holds '%s'; this "
			    "one delivers no webhooks while it does",
			    w->lockpath);
		w->lock_said = 1;
		return 0;
	}
	if (outbox_reclaim(db, now) == -1) {
		flock(w->lockfd, LOCK_UN);
		return 0;
	}
	w->locked = 1;
	return 1;
}

/* one round: record, claim, start, collect; how long to wait next */
static int
round_once(struct webhook *w, struct db *db)
{
	struct app_conf *c = app_conf_get(w->a);
	time_t now = app_now(w->a);
	size_t i;
	int running, stuck = 0;

	/* a reload may have removed every endpoint: record what is held */
	if ((c->cfg.nwebhooks > 0 || w->nheld > 0) && take_lock(w, db, now))
		stuck = record(w, db, now, 0) == -1;
	if (w->locked && !stuck) {
		int flying[CFG_WEBHOOKS_MAX], open[CFG_WEBHOOKS_MAX];

		count(w, c, flying, open);
		for (i = 0; i < c->cfg.nwebhooks && i < c->hooks.n; i++)
			fill(w, db, c, (int)i, open[i], now);
		if (c->cfg.nwebhooks > 0 && now - w->pruned_at >= PRUNE_EVERY) {
			int n = outbox_prune(db, now, PRUNE_BATCH);

			/*
			 * A refusal (the scheduler writing, say) is tried
			 * again in a few seconds, not a PRUNE_EVERY later; a
			 * full batch means more are old: the next turn goes on.
			 */
			if (n == -1) {
				log_warnx("webhooks: old events could not be "
				    "deleted; retrying shortly");
				w->pruned_at = now - PRUNE_EVERY + 5;
			} else if (n < PRUNE_BATCH)
				w->pruned_at = now;
		}
	}
	launch(w, c, now);
	app_conf_put(w->a, c);
	curl_multi_perform(w->multi, &running);
	reap(w);
	/* the database refused the results: try again in a while */
	if (stuck)
		return IDLE_MS;
	if (w->nheld > 0)
		return w->nbusy > 0 ? RECORD_MS : 0;
	return w->nbusy > 0 ? 200 : IDLE_MS;
}

static void *
run(void *arg)
{
	struct webhook *w = arg;
	struct db *db = app_db(w->a);
	int ms, i;

	if (db == NULL || db_exec(db, "PRAGMA synchronous = NORMAL") == -1) {
		log_warnx("webhooks: no database connection; none are sent");
		return NULL;
	}
	while (!atomic_load(&w->stop)) {
		ms = round_once(w, db);
		if (ms > 0 && !atomic_load(&w->stop))
			curl_multi_poll(w->multi, NULL, 0, ms, NULL);
	}
	/* what was queued or on the wire goes back, due at the next start */
	for (i = 0; i < MAX_FLIGHT; i++)
		if (w->x[i].busy) {
			curl_multi_remove_handle(w->multi, w->x[i].easy);
			hold(w, &w->x[i].job, OUTBOX_GIVEN_BACK, "");
			w->x[i].busy = 0;
			w->nbusy--;
		}
	for (i = 0; i < w->nqueue; i++)
		hold(w, &w->queue[i], OUTBOX_GIVEN_BACK, "");
	w->nqueue = 0;
	if (w->nheld > 0)
		record(w, db, app_now(w->a), 1);
	return NULL;
}

struct webhook *
webhook_start(struct app *a)
{
	struct webhook *w = xcalloc(1, sizeof(*w));

	w->a = a;
	w->lockpath = xasprintf("%s-hook.lock", a->dbpath);
	if ((w->lockfd = open(w->lockpath, O_RDWR | O_CREAT | O_CLOEXEC,
	    0600)) == -1) {
		log_warn("webhooks: cannot open '%s'", w->lockpath);
		goto fail;
	}
	if ((w->multi = curl_multi_init()) == NULL) {
		log_warnx("webhooks: curl_multi_init failed");
		goto fail;
	}
	/* keep connections to each receiver open between requests */
	curl_multi_setopt(w->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)PER_ENDPOINT);
	if (pthread_create(&w->th, NULL, run, w) != 0) {
		log_warnx("webhooks: cannot start the sender's thread");
		goto fail;
	}
	return w;
fail:
	if (w->multi)
		curl_multi_cleanup(w->multi);
	if (w->lockfd != -1)
		close(w->lockfd);
	free(w->lockpath);
	free(w);
	return NULL;
}

void
webhook_stop(struct webhook *w)
{
	int i;

	if (w == NULL)
		return;
	atomic_store(&w->stop, 1);
	curl_multi_wakeup(w->multi);
	pthread_join(w->th, NULL);
	for (i = 0; i < MAX_FLIGHT; i++) {
		if (w->x[i].easy)
			curl_easy_cleanup(w->x[i].easy);
		curl_slist_free_all(w->x[i].hdrs);
	}
	/* what the database would not take at the end */
	for (i = 0; i < w->nheld; i++)
		free(w->held_job[i].endpoint);
	curl_multi_cleanup(w->multi);
	if (w->locked)
		flock(w->lockfd, LOCK_UN);
	close(w->lockfd);
	free(w->lockpath);
	free(w);
}
