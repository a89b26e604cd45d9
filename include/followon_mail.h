/*
 * followon_mail.h - one week's email of the twelve after the plan:
 * subject "Week N of 12: CATEGORY", what a 4 looks like for the
 * statements the person scored lowest in the week's category, the
 * week's task and the plan days that build it, and on weeks 6 and 12 a
 * scorecard retake.  The words are the curriculum's (followon.json,
 * templates/followon.*); the choice of category and task is followon.h's;
 * kindmail.c makes the message, as for every email that is not a lesson.
 */
#ifndef REFREADY_FOLLOWON_MAIL_H
#define REFREADY_FOLLOWON_MAIL_H

#include <time.h>

#include "curriculum.h"
#include "enrollment.h"
#include "followon_store.h"
#include "kindctx.h"

/*
 * kindmail.c's fill function for LEDGER_FOLLOWON: the fields of week
 * (the ledger key, 1..12) of e's twelve, worked out at ctx->now from
 * their scorecard attempts (ctx->db NULL: a sample attempt).  0; -1 with
 * why when it cannot be made; -2 when the database could not be read.
 */
int	followon_fill(const struct kind_ctx *, const struct enrollment *e,
	    int week, struct kind_vars *kv, const char **why);

/* one sample attempt, scores varying by statement, for preview */
void	followon_sample(const struct curriculum *, time_t now,
	    struct score_attempt **att, size_t *natt);

/* the week's task text, or "" (for the calendar and the page) */
const char *followon_task_text(const struct curriculum *,
	    const struct followon_week *);

#endif
