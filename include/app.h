/*
 * app.h - what the daemon's threads share: the configuration and
 * curriculum in force, the URL secret, one database connection per
 * thread, the feed cache, the counters and the clock.
 *
 * The configuration and curriculum are published as one immutable
 * snapshot (struct app_conf).  A request takes a reference for its whole
 * life; SIGHUP builds a new snapshot and swaps it in only if it is valid,
 * and the old one is freed when its last request lets go.  Nothing is
 * ever changed in place, so readers need no lock beyond the swap.
 */
#ifndef REFREADY_APP_H
#define REFREADY_APP_H

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "config.h"
#include "curriculum.h"
#include "db.h"
#include "hook_key.h"
#include "mailer.h"
#include "render.h"
#include "token.h"

struct feedcache;
struct tzlist;

struct app_conf {
	struct cfg		 cfg;
	struct curriculum	 cur;
	struct render_lesson	 lessons[CUR_DAYS];	/* rendered once */
	struct hook_keys	 hooks;		/* cfg.webhooks' secrets */
	unsigned		 gen;		/* raised by every reload */
	int			 refs;		/* guarded by app.lock */
};

struct app_metrics {
	atomic_long	sent, retried, failed, skipped;
	atomic_long	retry_connect, retry_4xx, retry_relay, retry_other;
	atomic_int	relay_up;	/* 1 until a pass says otherwise */
	atomic_long	relay_faults[MAIL_FAULT_MAX];
	atomic_long	bounces[3];	/* hard, soft, complaint read */
	atomic_long	feed_requests, feed_not_modified, feed_builds;
	atomic_long	page_views, marks, unsubscribes;
	atomic_long	status_4xx, status_5xx;
	atomic_long	ticks;
	atomic_long	tick_us_total, tick_us_last;
	atomic_long	reloads, reload_failures;
	/* webhooks, by position in the configuration */
	atomic_long	hook_delivered[CFG_WEBHOOKS_MAX];
	atomic_long	hook_retried[CFG_WEBHOOKS_MAX];
	atomic_long	hook_failed[CFG_WEBHOOKS_MAX];
};

struct app {
	pthread_mutex_t		 lock;
	struct app_conf		*conf;
	unsigned char		 key[TOKEN_SECRET_LEN];
	char			*dbpath;
	pthread_key_t		 dbkey;
	struct feedcache	*feeds;
	struct tzlist		*zones;		/* read once at start */
	struct app_metrics	 m;
	atomic_ulong		 epoch;		/* see app_epoch */
	time_t			 clock_offset;	/* --now minus the real clock */
	time_t			 started;
	int			 wake[2];	/* see app_wake; -1: none */
};

/*
 * Loads cfg's curriculum and renders its lessons, and reads its
 * webhooks' secrets, into a new snapshot
 * that takes over cfg (the caller's copy is zeroed).  NULL, with the
 * problems printed or logged, when the curriculum is invalid or a
 * webhook's secret cannot be read.  The caller holds its one reference until app_init or app_conf_swap takes
 * it over, or app_conf_put releases it.
 */
struct app_conf	*app_conf_new(struct cfg *cfg);

/* takes over c; 0, or -1 logged (the secret cannot be read; c freed) */
int		 app_init(struct app *, struct app_conf *, time_t offset);
void		 app_free(struct app *);

/* the snapshot in force, held until app_conf_put */
struct app_conf	*app_conf_get(struct app *);
void		 app_conf_put(struct app *, struct app_conf *);
/* makes c the snapshot in force; the old one goes when released */
void		 app_conf_swap(struct app *, struct app_conf *c);

/* this thread's connection to the database, opened on first use */
struct db	*app_db(struct app *);

/*
 * A number that changes whenever the database may have: this thread's
 * connection is asked for PRAGMA data_version, which moves when any other
 * connection (another thread, the scheduler, the CLI) commits; a change
 * raises the shared epoch.  A thread's own writes do not move its own
 * data_version, so it calls app_wrote after each.
 */
unsigned long	 app_epoch(struct app *);
void		 app_wrote(struct app *);

/*
 * Asks the daemon's main thread for the confirmation emails now rather
 * than at the next minute (a signup was taken): a byte down a pipe
 * that its sleep watches.  Never blocks; a full pipe is wake enough.
 */
void		 app_wake(struct app *);
/* reads what app_wake wrote; 1 when there was something */
int		 app_woken(struct app *);

/* the daemon's clock: the real one, shifted by --now */
time_t		 app_now(const struct app *);

#endif
