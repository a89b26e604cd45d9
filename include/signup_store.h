/*
 * signup_store.h - signups in the database: a POST's decision and its
 * row in one transaction, the confirmation link's lookup, the confirm
 * that enrolls, and the small queue of confirmation emails.
 *
 * Functions return 0 on success and -1 on a database failure (logged);
 * lookups return 1 for "no such".
 */
#ifndef REFREADY_SIGNUP_STORE_H
#define REFREADY_SIGNUP_STORE_H

#include <time.h>

#include "cohort.h"
#include "db.h"
#include "ledger.h"
#include "mailer.h"
#include "signup.h"
#include "token.h"

/* a signup kept past this is deleted; its consent row stays */
#define SIGNUP_KEEP_DAYS	30

/* one form that was taken: what it asked for, and from where */
struct signup_req {
	const char	*email;
	const char	*name;
	const char	*tz;
	int		 send_minutes;
	long long	 cohort_id;	/* 0: the program on its own */
	const char	*client;	/* the client's numeric address */
};

struct signup_limits {
	long	per_ip_per_hour;
	long	per_address_per_day;
};

/*
 * Decides r's fate (signup_decide) from the counts in the database and
 * stores it, in one BEGIN IMMEDIATE transaction: a held signup is a row
 * without a link; a mailed one a row whose confirmation email is
 * pending, for the daemon's pass.  Over the client's limit, nothing is
 * stored.  0 with *fate, or -1.
 */
int	signup_store_request(struct db *, const struct signup_req *r,
	    const struct signup_limits *, time_t now,
	    const unsigned char key[TOKEN_SECRET_LEN], enum signup_fate *fate);

struct signup_row {
	long long	 id;
	char		*email;
	char		*name;
	char		*tz;
	int		 send_minutes;
	long long	 cohort_id;	/* 0: none */
	char		*cohort;	/* its name, NULL: none */
	char		*client;
	time_t		 created_at;
	int		 nonce;
	time_t		 confirmed_at;	/* 0: not yet */
};

/* the signup tok opens: 0, 1 (no such token), -1 */
int	signup_store_by_token(struct db *, const char *tok, size_t len,
	    struct signup_row *);
int	signup_store_get(struct db *, long long id, struct signup_row *);
void	signup_row_free(struct signup_row *);

/* the confirmation link's token of signup id with nonce */
void	signup_store_token(const unsigned char key[TOKEN_SECRET_LEN],
	    long long id, int nonce, char out[TOKEN_LEN + 1]);

enum signup_outcome {
	SIGNUP_ENROLLED,	/* confirmed now: a new enrollment */
	SIGNUP_WAS_IN,		/* confirmed before, or already enrolled */
	SIGNUP_REFUSED,		/* the address is suppressed for good */
	SIGNUP_EXPIRED		/* the link outlived confirm_hours */
};

/*
 * Confirms s at now, in one transaction: enrolls the person through
 * enrollment_insert (the cohort's late-join policy, the program's
 * pacing when weekdays says so), lifts an 'unsubscribed' suppression
 * (their confirmation is the new consent), and records the consent
 * (time, client address, cohort).  A second confirm changes nothing.
 * 0 with *out, or -1.
 */
int	signup_store_confirm(struct db *, const struct signup_row *s,
	    long confirm_hours, int weekdays, time_t now,
	    const unsigned char key[TOKEN_SECRET_LEN],
	    enum signup_outcome *out);

/* the confirmation email queue, with the ledger's states */
struct signup_item {
	long long	id;
	int		attempts;	/* including this one */
	int		maybe_dup;
};

/*
 * What a dead sender left "sending" is due at once: only a caller that
 * holds the scheduler's send lock may say so.  0 or -1.
 */
int	signup_store_reclaim(struct db *);
/*
 * Claims up to n confirmation emails due at now under a lease.  Links already expired, and addresses suppressed since,
 * are skipped instead.  How many were claimed, or -1.
 */
int	signup_store_claim(struct db *, time_t now, long confirm_hours,
	    struct signup_item *, int n, struct ledger_counts *);
/* records the results of n claimed items, all or nothing; 0 or -1 */
int	signup_store_record(struct db *, time_t now,
	    const struct signup_item *, const struct mail_job *, int n,
	    struct ledger_counts *);
/* deletes signups older than SIGNUP_KEEP_DAYS; 0 or -1 */
int	signup_store_purge(struct db *, time_t now);

/* cohort name with its signup flag: 0, 1 (no such cohort), -1 */
int	signup_store_cohort(struct db *, const char *name, struct cohort *,
	    int *on);
/* turns cohort id's signup on or off; 0 or -1 */
int	signup_store_set_cohort(struct db *, long long id, int on);

#endif
