/*
 * enroll.h - enrolling one person from what was asked for as text: the
 * checks and the way in that `enroll` and POST /api/v1/enrollments share
 * (and any later way in), so every face applies the same rules, the one
 * suppression list and the late-join policy of a cohort.
 *
 * Nothing here prints.  A problem comes back as a value and a one-line
 * message naming the value; the faces differ only in how a message
 * names a field ("--send-at" on the command line, "send_at" in JSON),
 * which they pass in as struct enroll_names.
 */
#ifndef REFREADY_ENROLL_H
#define REFREADY_ENROLL_H

#include <time.h>

#include "db.h"
#include "enrollment.h"
#include "token.h"

/* the fields of a request, for saying which one is wrong */
enum enroll_field {
	ENROLL_EMAIL,
	ENROLL_NAME,
	ENROLL_TZ,
	ENROLL_SEND_AT,
	ENROLL_START,
	ENROLL_PACING,
	ENROLL_COHORT,
	ENROLL_NFIELDS
};

/* what was asked for; NULL: not given (the defaults apply) */
struct enroll_in {
	const char	*email;
	const char	*name;
	const char	*tz;
	const char	*send_at;	/* HH:MM */
	const char	*start;		/* YYYY-MM-DD */
	const char	*pacing;	/* daily or weekdays */
	const char	*cohort;
	int		 resubscribe;	/* they asked to join again */
	int		 no_welcome;	/* a backfill: no welcome email */
};

/* how a face names things in its messages */
struct enroll_names {
	const char	*name;		/* "--name NAME": "%s is required" */
	const char	*send_at;	/* "--send-at" */
	const char	*start;		/* "--start" */
	const char	*pacing;	/* "--pacing" */
	const char	*cohorts;	/* where cohorts are listed */
};

/* the outcomes besides 0 (enrolled) and -1 (a failure, logged) */
enum {
	ENROLL_BAD = 1,		/* a field's value; see problem.field */
	ENROLL_TAKEN,		/* the person already has an open plan */
	ENROLL_SUPPRESSED	/* the address is on the suppression list */
};

struct enroll_problem {
	enum enroll_field	 field;		/* for ENROLL_BAD */
	char			*why;		/* the message; NULL if none */
	char			*warning;	/* a zone without DST rules */
};

void	enroll_problem_free(struct enroll_problem *);

/*
 * The checks that need no database: in into r, with the zone and send
 * time defaulting to tz and send_at (the configuration's).  r->weekdays
 * is -1 when no pacing was asked for: the caller fills in the
 * curriculum's.  0, or ENROLL_BAD with p set; p->warning may be set
 * either way.
 */
int	enroll_check(const struct enroll_in *in, const struct enroll_names *,
	    const char *tz, const char *send_at, struct enroll_req *r,
	    struct enroll_problem *p);

/*
 * Enrolls r (from enroll_check, with its pacing filled in): day 1 is
 * in->start, else the cohort's start date by the late-join policy, else
 * the next send time.  0 with *id set, ENROLL_BAD (an unknown cohort),
 * ENROLL_TAKEN or ENROLL_SUPPRESSED with p->why set, or -1.
 */
int	enroll_create(struct db *, const struct enroll_in *in,
	    const struct enroll_names *, struct enroll_req *r, time_t now,
	    const unsigned char key[TOKEN_SECRET_LEN], long long *id,
	    struct enroll_problem *p);

#endif
