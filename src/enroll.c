/*
 * enroll.c - enrolling one person from what was asked for (see enroll.h).
 *
 * The checks run in the order an operator reads the command line, so the
 * first problem named is the first one typed; each message names the
 * value as it was given.
 */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cohort.h"
#include "cohort_store.h"
#include "enroll.h"
#include "tz.h"
#include "util.h"

#define NAME_MAX_CHARS	200

void
enroll_problem_free(struct enroll_problem *p)
{
	free(p->why);
	free(p->warning);
	p->why = p->warning = NULL;
}

static int
has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

static int
bad(struct enroll_problem *p, enum enroll_field f, char *why)
{
	p->field = f;
	p->why = why;
	return ENROLL_BAD;
}

int
enroll_check(const struct enroll_in *in, const struct enroll_names *nm,
    const char *tz, const char *send_at, struct enroll_req *r,
    struct enroll_problem *p)
{
	const char *send = in->send_at ? in->send_at : send_at;
	char *why;
	int x;

	memset(r, 0, sizeof(*r));
	memset(p, 0, sizeof(*p));
	r->email = in->email;
	r->name = in->name;
	r->tz = in->tz ? in->tz : tz;
	r->resubscribe = in->resubscribe;
	r->no_welcome = in->no_welcome;
	r->weekdays = -1;
	if (in->email == NULL)		/* the command line always has one */
		return bad(p, ENROLL_EMAIL, xstrdup("email is required"));
	if (!enrollment_email_valid(in->email))
		return bad(p, ENROLL_EMAIL, xasprintf("bad email address "
		    "'%s'", in->email));
	if (in->name == NULL || *in->name == '\0')
		return bad(p, ENROLL_NAME, xasprintf("%s is required",
		    nm->name));
	if (has_ctl(in->name) || utf8_len(in->name) > NAME_MAX_CHARS ||
	    !utf8_valid(in->name, strlen(in->name), NULL))
		return bad(p, ENROLL_NAME, xasprintf("bad name '%s' (line "
		    "breaks, control characters or over %d characters)",
		    in->name, NAME_MAX_CHARS));
	if ((why = tz_check(r->tz, &x)) != NULL) {
		if (x)
			return bad(p, ENROLL_TZ, why);
		p->warning = why;
	}
	if (clock_parse_hhmm(send, &r->send_minutes) == -1)
		return bad(p, ENROLL_SEND_AT, xasprintf("bad %s '%s' (expected "
		    "HH:MM)", nm->send_at, send));
	if (in->start && clock_parse_date(in->start, &r->start) == -1)
		return bad(p, ENROLL_START, xasprintf("bad %s date '%s' "
		    "(expected YYYY-MM-DD)", nm->start, in->start));
	if (in->pacing) {
		if (strcmp(in->pacing, "daily") != 0 &&
		    strcmp(in->pacing, "weekdays") != 0)
			return bad(p, ENROLL_PACING, xasprintf("bad %s '%s' "
			    "(daily or weekdays)", nm->pacing, in->pacing));
		r->weekdays = strcmp(in->pacing, "weekdays") == 0;
	}
	return 0;
}

/*
 * Joins r to cohort name.  Without a start date, the late-join policy:
 * the cohort's start date while the person's day 1 there is still
 * ahead, else their own day 1 (the next send time); either way they
 * count in the cohort's reports.
 */
static int
join_cohort(struct db *db, const struct enroll_in *in,
    const struct enroll_names *nm, struct enroll_req *r, time_t now,
    struct enroll_problem *p)
{
	struct cohort c;
	int x;

	if ((x = cohort_store_find(db, in->cohort, &c)) != 0)
		return x == 1 ? bad(p, ENROLL_COHORT, xasprintf("no cohort "
		    "called '%s' (see %s)", in->cohort, nm->cohorts)) : -1;
	r->cohort_id = c.id;
	x = in->start ? 0 : cohort_start_for(&c, r->tz, r->send_minutes,
	    now, &r->start);
	cohort_free(&c);
	return x;
}

int
enroll_create(struct db *db, const struct enroll_in *in,
    const struct enroll_names *nm, struct enroll_req *r, time_t now,
    const unsigned char key[TOKEN_SECRET_LEN], long long *id,
    struct enroll_problem *p)
{
	int x;

	if (!in->start && enrollment_first_date(r->tz, r->send_minutes, now,
	    &r->start) == -1)
		return -1;
	if (in->cohort && (x = join_cohort(db, in, nm, r, now, p)) != 0)
		return x;
	switch (enrollment_create(db, r, now, key, id, &p->why)) {
	case 0:
		return 0;
	case 1:
		return ENROLL_TAKEN;
	case 2:
		return ENROLL_SUPPRESSED;
	default:
		return -1;
	}
}
