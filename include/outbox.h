/*
 * outbox.h - webhook events, written in the transaction of the change
 * that caused them, and their deliveries, one per endpoint that asked
 * for the event's type.
 *
 * An event is the JSON body {"id", "type", "time", "data"} fixed when it
 * is written: its id ("evt_" and 32 hex digits: the time, then 96 bits
 * from libcrypto's random generator) stays the same for every retry and
 * every endpoint, so a receiver can drop what it has seen.  data always has the person's
 * email and name, and enrollment_id and cohort (null without), beside
 * what the event adds (a plan day, a score...).
 *
 * A delivery is claimed under a lease (sending), and moves on only on a
 * result: delivered (a 2xx answer), retry (anything else) with growing
 * waits, failed once OUTBOX_GIVE_UP seconds have passed since the event.
 * A person's next event for an endpoint waits until the one before is
 * delivered or failed: receivers see each person's events in order.
 */
#ifndef REFREADY_OUTBOX_H
#define REFREADY_OUTBOX_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "config.h"
#include "db.h"

#define OUTBOX_LEASE	300		/* seconds a claim is held */
#define OUTBOX_GIVE_UP	(24 * 3600)	/* retries stop after a day */
#define OUTBOX_UID_LEN	36		/* "evt_" and 32 hex digits */

/*
 * Puts the configured endpoints in force for what this process emits:
 * main.c once for every command, the daemon again on SIGHUP.  Safe while
 * other threads emit (the set is swapped whole; the old one is kept).
 */
void	outbox_use(const struct cfg_webhook *, size_t n);

/* 1 when an endpoint in force wants events of type ev: cheap, no I/O */
int	outbox_wants(enum cfg_event ev);

/*
 * Writes event ev about a person (by enrollment; or, with enrollment 0,
 * by person) with the fields of data added to the person's, and one
 * delivery per endpoint that wants it.  Must run inside the caller's
 * write transaction, so the event exists exactly when the change does.
 * Takes over data (which may be NULL).  Writes nothing, and costs one
 * atomic load, when no endpoint wants ev.  0, or -1 logged.
 */
int	outbox_emit(struct db *, enum cfg_event ev, long long enrollment,
	    long long person, json_t *data, time_t now);

/* one claimed delivery */
struct outbox_item {
	long long	 event_id;
	char		 uid[OUTBOX_UID_LEN + 1];
	char		*body;		/* owned: free with outbox_items_free */
	size_t		 len;
	int		 attempts;	/* before this one */
	time_t		 created_at;
};

/* what became of one */
enum outbox_result {
	OUTBOX_DELIVERED,	/* answered 2xx */
	OUTBOX_REFUSED,		/* answered otherwise, or never: retry */
	OUTBOX_GIVEN_BACK	/* not tried to the end (we stopped) */
};

struct outbox_outcome {
	const char		*endpoint;
	long long		 event_id;
	enum outbox_result	 result;
	int			 attempts;	/* before this one */
	time_t			 created_at;
	char			 answer[160];	/* "HTTP 500", curl's error */
	/* set by outbox_record: 1 when a refusal made it failed for good */
	int			 gave_up;
	time_t			 next_try_at;
};

/*
 * After a restart by whoever holds the sender's lock: deliveries still
 * "sending" were a dead process's; they are due at now.  0 or -1.
 */
int	outbox_reclaim(struct db *, time_t now);

/*
 * Claims up to n deliveries to endpoint due at now, each the oldest open
 * one of its person, oldest first.  How many, or -1.
 */
int	outbox_claim(struct db *, const char *endpoint, time_t now,
	    struct outbox_item *, int n);
void	outbox_items_free(struct outbox_item *, int n);

/* records n results in one transaction; 0 or -1 */
int	outbox_record(struct db *, struct outbox_outcome *, int n,
	    time_t now);

/* the wait before try number attempts + 1 (pure) */
long	outbox_backoff(int attempts);

/*
 * Deletes events every endpoint has had for 7 days, and any older than
 * 30 days, at most limit of them; how many, or -1.
 */
int	outbox_prune(struct db *, time_t now, int limit);

/* a delivery not yet delivered, for `refready webhooks` */
struct outbox_row {
	const char	*uid, *type, *endpoint, *state, *answer;
	int		 attempts;
	time_t		 next_try_at, created_at;
};

/* calls fn for each open or failed delivery, by endpoint and age; 0, -1 */
int	outbox_each(struct db *, int (*fn)(void *, const struct outbox_row *),
	    void *arg);

/* open and failed deliveries to endpoint, for /metrics; 0 or -1 */
int	outbox_counts(struct db *, const char *endpoint, long *open,
	    long *failed);

/*
 * Deliveries to an endpoint no longer in force would wait for ever: the
 * daemon, at its start and at each reload, marks them failed ("endpoint
 * removed from the configuration") in one UPDATE; outbox_record does
 * the same to the results of requests still in flight at a reload.
 * dead_too: those "sending" as well (at start, a dead process's).  How
 * many, or -1.
 */
int	outbox_fail_removed(struct db *, time_t now, int dead_too);

/* failed deliveries kept for endpoints not in force; 0 or -1 */
int	outbox_removed_failed(struct db *, long *failed);

#endif
