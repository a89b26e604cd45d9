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
	RF_NFIELDS
};

/* the field called name[0..len), or -1 */
int	render_field(const char *name, size_t len);
/* appends the known field names, space-separated, for messages */
void	render_field_list(struct buf *);

/*
 * Calls fn for each "{{...}}" in text, with the 1-based line it starts on
 * and the trimmed name; an unterminated "{{" is reported with name NULL.
 */
void	render_field_scan(const char *text,
	    void (*fn)(void *arg, int line, const char *name, size_t len),
	    void *arg);

#endif
