/*
 * followon_mail.h - one week's email of the twelve after the plan:
 * subject "Week N of 12: CATEGORY", what a 4 looks like for the
 * statements the person scored lowest in the week's category, the
 * week's task and the plan days that build it, and on weeks 6 and 12 a
 * scorecard retake.  The words are the curriculum's (followon.json,
 * templates/followon.*); the choice of category and task is followon.h's.
 */
#ifndef REFREADY_FOLLOWON_MAIL_H
#define REFREADY_FOLLOWON_MAIL_H

#include <time.h>

#include "buf.h"
#include "config.h"
#include "curriculum.h"
#include "enrollment.h"
#include "followon_store.h"
#include "render.h"

/*
 * The email of week (1..12) of p, for the person ev describes: subject,
 * text and HTML (release with render_email_free).  0, or -1 when it
 * cannot be rendered (too big, or content missing).
 */
int	followon_mail_render(const struct curriculum *,
	    const struct followon_plan *p, int week,
	    const struct enrollment_vars *ev, struct render_email *out);

/*
 * Appends the whole message to b, as the scheduler sends it and preview
 * shows it.  subject_prefix (or NULL) goes before the subject.  0, or -1.
 */
int	followon_mail_build(const struct cfg *, const struct curriculum *,
	    const struct followon_plan *p, int week,
	    const struct enrollment_vars *ev, const char *to_addr,
	    const char *message_id, const char *subject_prefix, time_t now,
	    struct buf *b);

/* the week's task text, or "" (for the calendar and the page) */
const char *followon_task_text(const struct curriculum *,
	    const struct followon_week *);

#endif
