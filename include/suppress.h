/*
 * suppress.h - the one suppression list: addresses refready must not mail,
 * and why.  Every way a person comes in (enroll, a cohort, later a signup
 * or the API) asks it first; every way mail stops for good (unsubscribe,
 * a hard bounce, a complaint, the operator's block) writes to it.
 *
 * One row per address, holding the strongest reason seen: a complaint
 * outranks a bounce, which outranks an operator's block, which outranks
 * an unsubscribe.  Every change, lifts included, goes to a log.
 *
 * A person forgotten at their request (privacy.c) stays on the list
 * without their address: the row's key is token_forgotten's keyed hash
 * of it, so only suppress_check, which has the secret, finds it.  Every
 * way in asks suppress_check.
 */
#ifndef REFREADY_SUPPRESS_H
#define REFREADY_SUPPRESS_H

#include <stddef.h>
#include <time.h>

#include "db.h"
#include "token.h"

enum suppress_reason {
	SUPPRESS_NONE,
	SUPPRESS_UNSUBSCRIBED,	/* the person asked */
	SUPPRESS_BLOCKED,	/* the operator said so */
	SUPPRESS_BOUNCED,	/* the address does not take mail */
	SUPPRESS_COMPLAINED	/* the person marked our mail as spam */
};

struct suppress_entry {
	char			 email[256];
	enum suppress_reason	 reason;
	time_t			 since;
	char			 detail[256];	/* a server's reason, a note */
	/*
	 * Found by the keyed hash of the address (a forgotten person):
	 * email is the address asked about, row the key it is kept under.
	 */
	int			 forgotten;
	char			 row[TOKEN_FORGOTTEN_LEN + 1];
};

/* "unsubscribed", ...; and back (SUPPRESS_NONE when unknown) */
const char		*suppress_reason_str(enum suppress_reason);
enum suppress_reason	 suppress_reason_parse(const char *);

/*
 * Pure: what lifting an entry needs.  0: --resubscribe will do (an
 * unsubscribe or a block); 1: only `suppress remove` (a bounce); 2: only
 * `suppress remove --force` (a complaint).
 */
int	suppress_lift_needs(enum suppress_reason);

/*
 * Pure: one line for a person refused at the door, naming the address,
 * why and since when, and what would let them in, e.g. "a@example.com
 * unsubscribed on 2026-12-01; add --resubscribe if they asked to join
 * again".
 */
void	suppress_describe(const struct suppress_entry *, char *buf, size_t n);

/* 1 and *e filled when email is suppressed, 0 when not, -1 on error */
int	suppress_get(struct db *, const char *email, struct suppress_entry *e);

/*
 * suppress_get, then the address's forgotten entry (found by its keyed
 * hash); what every way in asks.  1 and *e, 0, or -1.  To lift what it
 * found, pass e->forgotten ? e->row : email to suppress_lift.
 */
int	suppress_check(struct db *, const unsigned char key[TOKEN_SECRET_LEN],
	    const char *email, struct suppress_entry *e);
/* 1 when anyone forgotten is on the list (a bulk check may skip), 0, -1 */
int	suppress_any_forgotten(struct db *);

/*
 * Puts email on the list (inside the caller's transaction, if any),
 * keeping the stronger of the old and new reasons; detail may be NULL.
 * 0 or -1.
 */
int	suppress_add(struct db *, const char *email, enum suppress_reason,
	    const char *detail, time_t now);

/* takes email off the list, logging why; 0, 1 when it was not on, -1 */
int	suppress_lift(struct db *, const char *email, const char *why,
	    time_t now);

/* calls fn for every entry, oldest first; 0, fn's non-zero, or -1 */
int	suppress_each(struct db *,
	    int (*fn)(void *, const struct suppress_entry *), void *arg);

#endif
