/*
 * app.c - the daemon's shared state (see app.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "clock.h"
#include "feedcache.h"
#include "log.h"
#include "tzlist.h"
#include "util.h"

static void
conf_free(struct app_conf *c)
{
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < CUR_DAYS; i++)
		render_lesson_free(&c->lessons[i]);
	cur_free(&c->cur);
	hook_keys_free(&c->hooks);
	cfg_free(&c->cfg);
	free(c);
}

struct app_conf *
app_conf_new(struct cfg *cfg)
{
	struct app_conf *c = xcalloc(1, sizeof(*c));
	struct diag_list dl = { NULL, 0, 0 };
	int i;

	c->refs = 1;	/* the caller's: app_conf_put frees one never used */
	c->cfg = *cfg;
	memset(cfg, 0, sizeof(*cfg));
	if (cur_load(c->cfg.curriculum, &c->cur, &dl) == -1) {
		size_t k;

		for (k = 0; k < dl.n && k < 20; k++)
			log_warnx("%s:%d: %s", dl.v[k].file, dl.v[k].line,
			    dl.v[k].msg);
		log_warnx("curriculum '%s': %zu problem%s", c->cfg.curriculum,
		    dl.n, dl.n == 1 ? "" : "s");
		goto fail;
	}
	for (i = 0; i < CUR_DAYS; i++)
		if (render_markdown(c->cur.days[i].lesson, &c->lessons[i]) ==
		    -1) {
			log_warnx("curriculum: day %d's lesson cannot be "
			    "rendered", i + 1);
			goto fail;
		}
	if (hook_keys_load(&c->cfg, &c->hooks) == -1)
		goto fail;
	diag_free(&dl);
	return c;
fail:
	diag_free(&dl);
	conf_free(c);
	return NULL;
}

/* what each thread keeps under app.dbkey */
struct thread {
	struct db	*db;
	long long	 data_version;
};

static void
thread_destroy(void *p)
{
	struct thread *t = p;

	db_close(t->db);
	free(t);
}

int
app_init(struct app *a, struct app_conf *c, time_t offset)
{
	memset(a, 0, sizeof(*a));
	if (token_secret_load(c->cfg.secret_file, a->key) == -1) {
		conf_free(c);
		return -1;
	}
	pthread_mutex_init(&a->lock, NULL);
	pthread_key_create(&a->dbkey, thread_destroy);
	a->dbpath = xstrdup(c->cfg.db);
	c->refs = 1;
	a->conf = c;
	a->feeds = feedcache_new(FEEDCACHE_MAX);
	a->zones = tzlist_load(NULL);
	if (pipe2(a->wake, O_CLOEXEC | O_NONBLOCK) == -1) {
		log_warn("app: pipe");
		a->wake[0] = a->wake[1] = -1;
	}
	a->clock_offset = offset;
	a->started = app_now(a);
	a->m.relay_up = 1;
	return 0;
}

void
app_free(struct app *a)
{
	struct thread *t = pthread_getspecific(a->dbkey);

	/* the main thread's connection; the workers' closed as they ended */
	if (t) {
		pthread_setspecific(a->dbkey, NULL);
		thread_destroy(t);
	}
	pthread_key_delete(a->dbkey);
	app_conf_put(a, a->conf);
	a->conf = NULL;
	feedcache_free(a->feeds);
	tzlist_free(a->zones);
	if (a->wake[0] != -1) {
		close(a->wake[0]);
		close(a->wake[1]);
	}
	free(a->dbpath);
	explicit_bzero(a->key, sizeof(a->key));
	pthread_mutex_destroy(&a->lock);
}

struct app_conf *
app_conf_get(struct app *a)
{
	struct app_conf *c;

	pthread_mutex_lock(&a->lock);
	c = a->conf;
	c->refs++;
	pthread_mutex_unlock(&a->lock);
	return c;
}

void
app_conf_put(struct app *a, struct app_conf *c)
{
	int last;

	if (c == NULL)
		return;
	pthread_mutex_lock(&a->lock);
	last = --c->refs == 0;
	pthread_mutex_unlock(&a->lock);
	if (last)
		conf_free(c);
}

void
app_conf_swap(struct app *a, struct app_conf *c)
{
	struct app_conf *old;

	pthread_mutex_lock(&a->lock);
	old = a->conf;
	c->refs = 1;
	c->gen = old->gen + 1;
	a->conf = c;
	pthread_mutex_unlock(&a->lock);
	app_conf_put(a, old);
}

static struct thread *
thread_get(struct app *a)
{
	struct thread *t = pthread_getspecific(a->dbkey);
	struct db *db;

	if (t == NULL) {
		if ((db = db_open(a->dbpath, DB_OPEN_EXISTING, NULL, NULL)) ==
		    NULL)
			return NULL;
		t = xcalloc(1, sizeof(*t));
		t->db = db;
		t->data_version = -1;
		pthread_setspecific(a->dbkey, t);
	}
	return t;
}

struct db *
app_db(struct app *a)
{
	struct thread *t = thread_get(a);

	return t ? t->db : NULL;
}

unsigned long
app_epoch(struct app *a)
{
	struct thread *t = thread_get(a);
	sqlite3_stmt *st;
	long long v = -2;

	if (t && (st = db_cached(t->db, "PRAGMA data_version")) != NULL) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	/* unknown counts as changed: the caller then reads everything */
	if (t == NULL || v != t->data_version) {
		if (t)
			t->data_version = v;
		return ++a->epoch;
	}
	return a->epoch;
}

void
app_wrote(struct app *a)
{
	a->epoch++;
}

time_t
app_now(const struct app *a)
{
	return clock_now() + a->clock_offset;
}

void
app_wake(struct app *a)
{
	char c = 1;

	if (a->wake[1] != -1 && write(a->wake[1], &c, 1) == -1 &&
	    errno != EAGAIN)
		log_warn("app: wake");
}

int
app_woken(struct app *a)
{
	char b[64];
	int got = 0;

	while (a->wake[0] != -1 && read(a->wake[0], b, sizeof(b)) > 0)
		got = 1;
	return got;
}
