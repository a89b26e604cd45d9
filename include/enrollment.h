/*
 * enrollment.h - a person's run through the plan: creating it, reading it
 * back with its pauses, and the operator's changes to it (pause, resume,
 * unenroll, done marks, new links).
 *
 * Every change is one BEGIN IMMEDIATE transaction.  Functions return 0 on
 * success, -1 on a run-time failure (already logged), or 1 when the
 * request is refused for a reason the user can fix, with *why set to a
 * message (caller frees).
 */
#ifndef REFREADY_ENROLLMENT_H
#define REFREADY_ENROLLMENT_H

#include <time.h>

#include "clock.h"
#include "db.h"
#include "holiday.h"
#include "render.h"
#include "schedule.h"
#include "token.h"

#define ENR_STATE_LEN	16

struct enrollment {
	long long		 id;
	long long		 person_id;
	long long		 cohort_id;	/* 0: none */
	char			*email;
	char			*name;
	char			*tz;
	char			*cohort;	/* NULL: none */
	char			 state[ENR_STATE_LEN];
	int			 send_minutes;
	struct date		 start;
	int			 weekdays;
	int			 next_day;	/* first day not yet queued */
	time_t			 next_due_at;	/* 0: none */
	int			 token_version;
	time_t			 created_at;
	struct sched_pause	*pauses;
	size_t			 npauses;
	struct hol_set		 cohort_skips;	/* the cohort's own dates */
	struct date		 fixed[30];	/* the queued days' dates */
	int			 nfixed;
	/*
	 * The done marks of the days before next_day (bit day - 1), read
	 * with their dates at no extra cost: what the catch-up box needs.
	 */
	unsigned		 done_before;
};

struct enroll_req {
	const char	*email;
	const char	*name;
	const char	*tz;
	int		 send_minutes;
	struct date	 start;
	int		 weekdays;
	long long	 cohort_id;	/* 0: none */
	/* the person asked to join again: lifts an unsubscribe or a block */
	int		 resubscribe;
	/* no welcome email (a backfill); else the next pass sends one */
	int		 no_welcome;
};

/*
 * The person's most recent enrollment (an open one first).  0 found, 1 no
 * such person or no enrollment, -1 error.  Release with enrollment_free.
 */
int	enrollment_find(struct db *, const char *email, struct enrollment *);
int	enrollment_get(struct db *, long long id, struct enrollment *);
void	enrollment_free(struct enrollment *);
/* e's plan: its pauses, the skipped dates in force, its queued days */
void	enrollment_plan(const struct enrollment *, struct sched_plan *);

/* 1 when a new enrollment (or a resume) starting on d sends day 1 on d */
int	enrollment_first_date(const char *tz, int send_minutes, time_t now,
	    struct date *d);

int	enrollment_create(struct db *, const struct enroll_req *, time_t now,
	    const unsigned char key[TOKEN_SECRET_LEN], long long *id,
	    char **why);
/*
 * enrollment_create inside the caller's write transaction (db_begin), so
 * that many people can be enrolled in one; the same results.  A refusal
 * (1, or 2 for an address on the suppression list, *why saying why and
 * since when) leaves the transaction usable.
 */
int	enrollment_insert(struct db *, const struct enroll_req *, time_t now,
	    const unsigned char key[TOKEN_SECRET_LEN], long long *id,
	    char **why);
/*
 * Pauses e from the first day it can take (today, or the day after the
 * last one queued) until the local date *until, the first day back
 * (NULL: until a resume).  A dated pause leaves the stored state
 * active: the plan leaps the span and resumes by itself on that date,
 * with no pass needed to notice; enrollment_state_at shows it paused.
 * On a paused e, until moves the end of the pause already there (an
 * open one gets its date); without it the request is refused.
 */
int	enrollment_pause(struct db *, struct enrollment *, time_t now,
	    const struct date *until, char **why);
/* a pause of days (1 to ENR_PAUSE_DAYS_MAX) from the first day it can take */
#define ENR_PAUSE_DAYS_MAX	14
int	enrollment_pause_days(struct db *, struct enrollment *, time_t now,
	    int days, char **why);
/*
 * Ends a pause: the open one (state paused), or a dated one still ahead
 * or under way; the plan goes on from the next send time.
 */
int	enrollment_resume(struct db *, struct enrollment *, time_t now,
	    char **why);
/*
 * 1 when e is paused with no end, 2 when a dated pause is under way or
 * ahead in e's own zone (*until its first day back), else 0.  A pause
 * a resume ended early no longer counts.
 */
int	enrollment_paused_until(const struct enrollment *, time_t now,
	    struct date *until);
/* the state to show at now: "paused" while a pause holds e, else e's */
const char	*enrollment_state_at(const struct enrollment *, time_t now);
/*
 * A new zone and send time (minutes past midnight) for the days not yet
 * queued, and the person's zone; a day whose new time has passed today
 * goes out now.  1 with why for an unknown zone or a stopped plan.
 */
int	enrollment_set_schedule(struct db *, struct enrollment *,
	    const char *tz, int send_minutes, time_t now, char **why);
int	enrollment_unenroll(struct db *, struct enrollment *, time_t now,
	    char **why);
/*
 * Stops mail for good at the person's own request (idempotent), and puts
 * the address on the suppression list.
 */
int	enrollment_unsubscribe(struct db *, long long id, time_t now);
/*
 * Stops every open or completed enrollment of a person in state (bounced
 * or complained), inside the caller's transaction; reason goes to the
 * lessons still queued.  0 or -1.
 */
int	enrollment_stop_person(struct db *, long long person_id,
	    const char *state, const char *reason, time_t now);
int	enrollment_mark(struct db *, struct enrollment *, int day, int done,
	    time_t now);
int	enrollment_rotate(struct db *, struct enrollment *,
	    const unsigned char key[TOKEN_SECRET_LEN], time_t now);

/*
 * The enrollment a URL token of kind opens: 0 found, 1 no such (or a
 * retired) token, -1 a database failure.  Release with enrollment_free.
 */
int	enrollment_by_token(struct db *, enum token_kind, const char *text,
	    size_t len, struct enrollment *);

/* the person's tokens as they are now */
void	enrollment_tokens(const struct enrollment *,
	    const unsigned char key[TOKEN_SECRET_LEN], char page[TOKEN_LEN + 1],
	    char feed[TOKEN_LEN + 1], char unsubscribe[TOKEN_LEN + 1]);

/* a person's merge-field values for plan day, and their storage */
struct enrollment_vars {
	struct render_vars	 v;
	struct token_links	 links;
	char			 when[40];
	char			*name;		/* flattened: no line breaks */
	char			*first;
};

/*
 * Fills vars for e's email of plan day: what the mailer and preview
 * both use.  A NULL key gives visibly fake sample links.  Release with
 * enrollment_vars_free.
 */
void	enrollment_vars(const struct enrollment *, const char *base_url,
	    const char *postal_address,
	    const unsigned char key[TOKEN_SECRET_LEN], int day,
	    struct enrollment_vars *);
void	enrollment_vars_free(struct enrollment_vars *);

/* the plan day e is on at now, in e's own zone (0 before day 1) */
int	enrollment_plan_day(const struct enrollment *, time_t now);
/* done days in a row up to today's (or yesterday's, if today is open) */
int	enrollment_streak(const int done[30], int today);

/* 1 if s is a plausible address: local@domain.tld, no spaces or quotes */
int	enrollment_email_valid(const char *s);

#endif
