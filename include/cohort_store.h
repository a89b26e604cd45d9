/*
 * cohort_store.h - cohorts in the database: creating and finding them,
 * writing an import's people, counting members and enrolling them.
 *
 * Writes are BEGIN IMMEDIATE transactions over batches of people, so a
 * large import never holds the write lock long enough to stall the
 * scheduler.  Functions return 0 on success, -1 on a database failure
 * (already logged), and 1 where noted for a refusal the user can fix.
 */
#ifndef REFREADY_COHORT_STORE_H
#define REFREADY_COHORT_STORE_H

#include <stddef.h>
#include <time.h>

#include "cohort.h"
#include "cohort_set.h"
#include "db.h"
#include "suppress.h"
#include "token.h"

#define COHORT_BATCH	500	/* people per write transaction */

/* the cohort called name (or with id): 0 found, 1 no such, -1 error */
int	cohort_store_find(struct db *, const char *name, struct cohort *);
int	cohort_store_get(struct db *, long long id, struct cohort *);

/*
 * Creates cohort c (its id is set) with its feed token.  1 with *why set
 * (caller frees) when the name is taken.
 */
int	cohort_store_create(struct db *, struct cohort *, time_t now,
	    const unsigned char key[TOKEN_SECRET_LEN], char **why);

/*
 * Sets c's webinar title and links: each non-NULL one is set, "" clears
 * it.  When any really changes, the webinar event's SEQUENCE goes up
 * and its LAST-MODIFIED becomes now, so calendars take the change;
 * *changed says whether one did.  c is read again either way.  Checks
 * no value (cohort_webinar.h does).  0 or -1.
 */
int	cohort_store_set_webinar(struct db *, struct cohort *c,
	    const char *title, const char *join_url, const char *replay_url,
	    time_t now, int *changed);

/* every cohort, oldest webinar first; release with cohort_store_list_free */
int	cohort_store_list(struct db *, struct cohort **, size_t *n);
void	cohort_store_list_free(struct cohort *, size_t n);

/* the cohort's feed token (kind TOKEN_COHORT, version 1) */
void	cohort_store_token(const unsigned char key[TOKEN_SECRET_LEN],
	    long long id, char out[TOKEN_LEN + 1]);

struct cohort_import_counts {
	long	added;		/* new to the cohort */
	long	updated;	/* known, and something changed */
	long	unchanged;
};

/*
 * Merges people into cohort id: a new person, registration or join is
 * added; a name or zone is only ever filled in, never replaced; the
 * earliest registration time is kept.  With dry_run nothing is written
 * and counts say what would happen.  progress, if set, is called after
 * each batch.  People marked skip are passed over.
 */
int	cohort_store_import(struct db *, long long id,
	    const struct cohort_set *, int dry_run, time_t now,
	    struct cohort_import_counts *,
	    void (*progress)(void *, size_t done, size_t total), void *arg);

/* who is in a cohort */
struct cohort_counts {
	long	registered;	/* on an imported list */
	long	attended;
	long	not_attended;	/* registered in time, did not come */
	long	late;		/* registered after the webinar began */
	long	enrolled;	/* people enrolled from the cohort */
};

int	cohort_store_counts(struct db *, const struct cohort *,
	    struct cohort_counts *);

/* what became of one registrant, for a listing */
enum cohort_enroll_fate {
	COHORT_ENROLLED,	/* enrolled, or would be in a dry run */
	COHORT_ALREADY,		/* an open plan, or from this cohort before */
	COHORT_SUPPRESSED,	/* on the suppression list */
	COHORT_NOT_ATTENDED	/* left out by attended_only */
};

struct cohort_enroll_person {
	const char			*email;
	const char			*name;
	const char			*tz;	/* for COHORT_ENROLLED */
	struct date			 start;	/* for COHORT_ENROLLED */
	enum cohort_enroll_fate		 fate;
	const struct suppress_entry	*supp;	/* for COHORT_SUPPRESSED */
};

struct cohort_enroll_opts {
	int		 attended_only;
	int		 no_welcome;	/* enroll_req's: a backfill */
	int		 dry_run;	/* decide everything, write nothing */
	const char	*default_tz;	/* for people whose zone is unknown */
	int		 send_minutes;
	int		 weekdays;
	/* if set, called for each registrant with its fate */
	void		(*each)(void *, const struct cohort_enroll_person *);
	void		*arg;
};

struct cohort_enroll_counts {
	long	enrolled;
	long	late;		/* started on their own day 1 */
	long	already;	/* enrolled now, or from this cohort before */
	long	not_attended;	/* left out by attended_only */
	/* on the suppression list: left out, each with why */
	struct suppress_entry	*suppressed;
	size_t			 nsuppressed;
};

void	cohort_enroll_counts_free(struct cohort_enroll_counts *);

/*
 * Enrolls the cohort's registrants on its start date in batches (the
 * late-join policy of cohort_start_for once it has passed).  With
 * dry_run nothing is written: the counts and fates are those a run at
 * the same instant would give, but for changes made meanwhile by others.
 */
int	cohort_store_enroll(struct db *, const struct cohort *,
	    const struct cohort_enroll_opts *, time_t now,
	    const unsigned char key[TOKEN_SECRET_LEN],
	    struct cohort_enroll_counts *);

#endif
