/*
 * followon_store.h - the twelve weeks after the plan in the database: the
 * opt-in, the weeks' ledger rows, and a person's weeks worked out from
 * their scorecard attempts (followon.h's rules) for the email, the
 * calendar, the page, `status` and `preview`.
 */
#ifndef REFREADY_FOLLOWON_STORE_H
#define REFREADY_FOLLOWON_STORE_H

#include <time.h>

#include "curriculum.h"
#include "db.h"
#include "followon.h"
#include "score_store.h"

struct enrollment;

/* what the ledger says of one week */
struct followon_row {
	char	 state[12];	/* "pending" ... "skipped"; "" without a row */
	time_t	 due_at;
	time_t	 sent_at;	/* 0: not sent */
};

struct followon_status {
	int			 opted_in;
	time_t			 opted_in_at;
	struct date		 first;		/* week 1's local date */
	struct followon_row	 rows[FOLLOWON_WEEKS];
	int			 sent;		/* weeks sent */
	int			 next_week;	/* still to go; 0: none */
	time_t			 next_due_at;
};

/* e's opt-in and weeks; 0 (opted_in says whether there is one) or -1 */
int	followon_store_status(struct db *, long long enrollment_id,
	    struct followon_status *);

/* whether e may opt in now (see followon_store_opt_in) */
enum followon_gate {
	FOLLOWON_OPEN,		/* Day 30 has been sent */
	FOLLOWON_NOT_YET,	/* the plan is still running */
	FOLLOWON_STOPPED	/* unsubscribed, unenrolled, bounced... */
};

/*
 * Pure: from the enrollment's state and its Day 30 lesson's ledger state
 * (NULL: no row yet).  A completed plan is open; so is an active one
 * whose Day 30 was sent and is about to be marked complete.
 */
enum followon_gate followon_gate(const char *state, const char *day30);

/*
 * Opts e in at now: the followon row and the twelve weeks' ledger rows,
 * in one transaction.  0 with *gate FOLLOWON_OPEN and *created 1, or 0
 * for someone who was in already (*created 0, nothing changed); 0 with
 * another *gate when it is refused (nothing written); -1 on a database
 * failure.
 */
int	followon_store_opt_in(struct db *, const struct enrollment *,
	    time_t now, enum followon_gate *gate, int *created);

/*
 * A person's twelve weeks worked out at now: their status, each week's
 * category and task, and the attempts they were chosen from.  For
 * someone not opted in, the weeks are those an opt-in at now would
 * give (for `preview`).  0, or -1 (logged); release with
 * followon_plan_free either way.
 */
struct followon_plan {
	struct followon_status	 st;
	struct followon_week	 weeks[FOLLOWON_WEEKS];
	struct date		 dates[FOLLOWON_WEEKS];
	struct score_attempt	*att;		/* oldest first */
	size_t			 natt;
};

int	followon_plan_load(struct db *, const struct curriculum *,
	    const struct enrollment *, time_t now, struct followon_plan *);
void	followon_plan_free(struct followon_plan *);

/*
 * The same from attempts the caller gives (taken over: freed by
 * followon_plan_free), with no database: the sample person of preview.
 */
void	followon_plan_make(const struct curriculum *,
	    const struct enrollment *, time_t now, struct score_attempt *att,
	    size_t natt, struct followon_plan *);

/* the current week at now: the last one due, or 0 before week 1 */
int	followon_plan_current(const struct followon_plan *, time_t now);

#endif
