/*
 * render.h - merge fields in templates and lessons.
 *
 * A merge field is "{{name}}" (spaces inside the braces allowed).  This
 * module owns the list of field names so that the curriculum validator and
 * the renderer can never disagree about which exist.
 */
#ifndef REFREADY_RENDER_H
#define REFREADY_RENDER_H

#include <stddef.h>

/* 1 if name[0..len) is a merge field the renderer fills */
int	render_field_known(const char *name, size_t len);

/* the known fields, space-separated, for messages */
const char *render_field_names(void);

/*
 * Calls fn for each "{{...}}" in text, with the 1-based line it starts on
 * and the trimmed name; an unterminated "{{" is reported with name NULL.
 */
void	render_scan(const char *text,
	    void (*fn)(void *arg, int line, const char *name, size_t len),
	    void *arg);

#endif
