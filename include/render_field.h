/*
 * render_field.h - the merge fields of lessons and templates: their names
 * and finding them in a text.
 *
 * A merge field is "{{name}}" (spaces inside the braces allowed).  The
 * list lives below both the curriculum validator (curriculum.c) and the
 * renderer (render.c), so that they can never disagree about which exist
 * and neither needs the other.
 */
#ifndef REFREADY_RENDER_FIELD_H
#define REFREADY_RENDER_FIELD_H

#include <stddef.h>

#include "buf.h"

enum render_field {
	RF_FIRST_NAME,
	RF_NAME,
	RF_EMAIL,
	RF_DAY,
	RF_TOTAL_DAYS,
	RF_WEEK,
	RF_WEEK_LABEL,
	RF_WEEK_TITLE,
	RF_TITLE,
	RF_OBJECTIVE,
	RF_TASK,
	RF_LESSON,
	RF_DATE,
	RF_PROGRAM,
	RF_PAGE_URL,
	RF_FEED_URL,
	RF_WEBCAL_URL,
	RF_SCORECARD_URL,
	RF_UNSUBSCRIBE_URL,
	RF_POSTAL_ADDRESS,
	/* the lesson templates' catch-up box (a block, see below) */
	RF_CATCH_UP,
	/* the welcome's */
	RF_START_DATE,
	RF_SEND_TIME,
	RF_TIME_ZONE,
	RF_PACING,
	RF_GOOGLE_URL,
	RF_WEBINAR,
	/* the completion summary's */
	RF_TASKS_DONE,
	RF_LONGEST_STREAK,
	RF_SCORES,
	RF_WEAKEST,
	RF_RESULT_URL,
	RF_FOLLOWON_URL,
	RF_NFIELDS
};

/*
 * Where a text is used decides the fields it may hold (curriculum check
 * reports the others): a lesson, the template around lessons, and the
 * templates of the emails that are not lessons.
 */
enum render_use {
	RU_LESSON,
	RU_LESSON_TEMPLATE,
	RU_WELCOME,
	RU_COMPLETION,
	RU_FOLLOWON,
	RU_NUSES
};

/* 1 when field f may appear in a text used as use */
int	render_field_allowed(enum render_use use, int f);

/* the field called name[0..len), or -1 */
int	render_field(const char *name, size_t len);
/* appends the field names use allows, space-separated, for messages */
void	render_field_list(struct buf *, enum render_use use);

/*
 * Calls fn for each "{{...}}" in text, with the 1-based line it starts on
 * and the trimmed name; an unterminated "{{" is reported with name NULL.
 */
void	render_field_scan(const char *text,
	    void (*fn)(void *arg, int line, const char *name, size_t len),
	    void *arg);

#endif
