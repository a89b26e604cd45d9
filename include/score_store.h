/*
 * score_store.h - scorecard attempts in the database: saving one and
 * reading back the first and the latest of an enrollment.
 *
 * Every attempt is kept as it was taken: rows are only ever inserted,
 * one attempt (its score_attempt row and all its score_answer rows) in
 * one BEGIN IMMEDIATE transaction.  The readiness index and band stored
 * with it are those computed when it was taken; answers are read back
 * against the curriculum as it is now (answers to items it no longer
 * has are ignored, items it has gained read as SCORE_UNSET).
 */
#ifndef REFREADY_SCORE_STORE_H
#define REFREADY_SCORE_STORE_H

#include <time.h>

#include "curriculum.h"
#include "db.h"
#include "scorecard.h"

struct enrollment;

struct score_attempt {
	long long	 id;
	time_t		 taken_at;
	int		 index;		/* as stored */
	char		*band;		/* as stored */
	char		 source[12];	/* "web", "terminal" or "json" */
	int		*v;		/* score_nitems() answers */
	size_t		 n;
};

/* source: "web", "terminal" or "json" */
int	score_store_save(struct db *, long long enrollment_id,
	    const struct cur_scorecard *, const int *v,
	    const struct score_result *, const char *source, time_t now,
	    long long *attempt_id);

/*
 * Takes a new attempt: scores v, saves it with source and reads back
 * the first and latest attempts for the result (as score_store_load).
 * 0 on success, -1 (logged) on a database error, nothing saved.
 */
int	score_store_take(struct db *, const struct cur_scorecard *,
	    long long enrollment_id, const int *v, const char *source,
	    time_t now, int *count, struct score_attempt *first,
	    struct score_attempt *latest);

/*
 * Reads an enrollment's attempts: *count gets how many there are and,
 * when there are any, first and latest the oldest and the newest (the
 * same attempt, loaded twice, when there is one).  Either pointer may be
 * NULL.  0 on success, -1 (logged) on a database error.  Release each
 * loaded attempt with score_attempt_free (safe on a zeroed one).
 */
int	score_store_load(struct db *, const struct cur_scorecard *,
	    long long enrollment_id, int *count, struct score_attempt *first,
	    struct score_attempt *latest);
void	score_attempt_free(struct score_attempt *);

/*
 * Every attempt of an enrollment, oldest first, into *out (an array the
 * caller releases with score_attempts_free); *n gets how many.  0, or
 * -1 (logged) on a database error, with nothing to free.
 */
int	score_store_all(struct db *, const struct cur_scorecard *,
	    long long enrollment_id, struct score_attempt **out, size_t *n);
void	score_attempts_free(struct score_attempt *, size_t n);

/*
 * The reminder for e's personal page at now (see score_due): reads the
 * attempts and works out the plan days.  SCORE_DUE_NONE on a database
 * error (logged) and for an enrollment that was unenrolled or
 * unsubscribed.
 */
enum score_due score_store_due(struct db *, const struct curriculum *,
	    const struct enrollment *, time_t now);

#endif
