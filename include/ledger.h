/*
 * ledger.h - the delivery ledger: one row per email, keyed by (enrollment,
 * kind, key): a lesson is ('lesson', its plan day), the operator's resend
 * of a day ('resend', N), N counting that enrollment's resends.  Every
 * kind goes through the same steps below.
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

#include <stddef.h>
#include <time.h>

#include "db.h"
#include "mailer.h"

#define LEDGER_LEASE	900	/* seconds a claim is held */

enum ledger_kind {
	LEDGER_LESSON,		/* key: the day */
	LEDGER_RESEND,		/* key: the resend's number; day: what it sends */
	LEDGER_WELCOME,		/* key 1, day 0: before Day 1 */
	LEDGER_COMPLETION,	/* key 1, day 0: after Day 30 */
	LEDGER_FOLLOWON		/* key: the week 1..12, day 0 */
};

struct ledger_item {
	long long	enrollment_id;
	enum ledger_kind kind;
	int		key;
	int		day;		/* the plan day whose lesson it is */
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

/* "lesson", "resend", ...: the kind column's words, and back (-1) */
const char	*ledger_kind_str(enum ledger_kind);
int		 ledger_kind_parse(const char *, enum ledger_kind *);

/*
 * Pure: why a day whose lesson row is in lesson_state (NULL: no row)
 * cannot be resent, e.g. "has not been sent yet"; NULL when it can:
 * sent, failed or skipped.
 */
const char	*ledger_resend_refusal(const char *lesson_state);

/*
 * Queues the resend of day's lesson to enrollment, due at now, as a row
 * ('resend', *key) that the next claim takes like any other.  0 with
 * *key; 1 and why ("day 3 has not been sent yet", "a resend of day 3 is
 * already queued") when it is refused; -1.
 */
int	ledger_queue_resend(struct db *, long long enrollment, int day,
	    time_t now, int *key, char *why, size_t whylen);

/* the wait before retry number attempts + 1 */
long	ledger_backoff(int attempts);

/* what one send result makes of its row */
struct ledger_step {
	const char	*state;		/* sent, failed, retry; pending: untried */
	time_t		 next_try;	/* next_try_at */
	int		 attempts;	/* the row's count after it */
};

/*
 * Pure: the step for result j of a row claimed at its attempts-th try,
 * counted in k.  A fault of the relay or a job never sent gives the row
 * back due at now with its try not counted; any other failure waits
 * ledger_backoff(attempts).  The ledger and the signup queue both use it,
 * so the two keep the same states and back-off.
 */
void	ledger_step(time_t now, int attempts, const struct mail_job *j,
	    struct ledger_step *, struct ledger_counts *k);

/* adds the counts in k to c */
void	ledger_counts_add(struct ledger_counts *c,
	    const struct ledger_counts *k);

#endif
