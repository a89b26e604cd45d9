/*
 * ledger.h - the delivery ledger: one row per (enrollment, plan day).
 *
 * A day enters the ledger when it falls due (pending, or skipped if it is
 * already stale), is claimed for sending under a lease (sending), and
 * leaves only on a confirmed result: sent, failed (5xx), or retry (4xx,
 * refused, dropped) until stale_after_hours have passed, when it is
 * skipped.  A row still "sending" after its lease belonged to a process
 * that died mid-send: it is sent again and marked as a possible duplicate.
 * Each step is one short BEGIN IMMEDIATE transaction over a batch.
 */
#ifndef REFREADY_LEDGER_H
#define REFREADY_LEDGER_H

#include <time.h>

#include "db.h"
#include "mailer.h"

#define LEDGER_LEASE	900	/* seconds a claim is held */

struct ledger_item {
	long long	enrollment_id;
	int		day;
	time_t		due_at;
	int		attempts;	/* including this one */
	int		maybe_dup;
};

struct ledger_counts {
	long	sent;
	long	retried;
	long	failed;
	long	skipped;
	/* why the retried ones were: for the daemon's /metrics */
	long	retry_connect;	/* the server could not be reached */
	long	retry_4xx;	/* it answered 4xx */
	long	retry_relay;	/* the relay refused the session */
	long	retry_other;	/* timed out, dropped, no final reply */
};

/*
 * Queues up to limit days that are due at now.  Returns how many were
 * queued (skipped ones included), or -1.
 */
int	ledger_queue_due(struct db *, time_t now, long stale, int limit,
	    struct ledger_counts *);

/*
 * Claims up to n deliveries due at now into items.  Stale ones, and those
 * of people who left, are skipped instead.  Returns how many were
 * claimed, or -1.
 */
int	ledger_claim(struct db *, time_t now, long stale,
	    struct ledger_item *items, int n, struct ledger_counts *);

/*
 * Records what happened to each claimed item, all or nothing; 0 or -1.
 * The counts grow only when it succeeds.  A failure that was the relay's
 * (a fault) and a job never sent give the row back as it was before the
 * claim, due again at now: the attempt is not counted, so the back-off
 * is not either, and the stale rule still runs from the due time.
 */
int	ledger_record(struct db *, time_t now, const struct ledger_item *,
	    const struct mail_job *, char *const *message_ids, int n,
	    struct ledger_counts *);

/* the wait before retry number attempts + 1 */
long	ledger_backoff(int attempts);

#endif
