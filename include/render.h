/*
 * render.h - lessons and emails: Markdown to HTML (cmark) and to readable
 * plain text, and merge fields.
 *
 * The merge fields are render_field.h's, shared with the curriculum
 * validator.  Rendering Markdown is the expensive part and depends only
 * on the day, so it is done once per day (struct render_lesson) and only
 * the fields are filled per person.
 */
#ifndef REFREADY_RENDER_H
#define REFREADY_RENDER_H

#include <stddef.h>

#include "buf.h"
#include "curriculum.h"
#include "render_field.h"

/*
 * Values by field; NULL renders as "".  A block (a few lines made by
 * the program, such as the catch-up box) has its HTML in html[f], put
 * into an HTML template as it is; a field without one is escaped.
 */
struct render_vars {
	const char	*v[RF_NFIELDS];
	const char	*html[RF_NFIELDS];
};

/* one day's lesson, rendered for everyone (fields still unfilled) */
struct render_lesson {
	char	*html;
	char	*text;
};

/* an email ready for the message builder; caller frees with _free */
struct render_email {
	char	*subject;
	char	*text;
	char	*html;
};

#define RENDER_TEXT_WIDTH	72
#define RENDER_MAX		(2 * 1024 * 1024)

/* renders Markdown; 0, or -1 when cmark fails or the result is too big */
int	render_markdown(const char *md, struct render_lesson *out);
void	render_lesson_free(struct render_lesson *);

/*
 * Appends tmpl to out with its fields filled; values are HTML-escaped
 * when html is set, except {{lesson}}, which is already rendered.
 */
int	render_fill(struct buf *out, const char *tmpl,
	    const struct render_vars *, int html);

/*
 * The email for day (1-30): the day's own fields come from cur, the
 * person's (name, links, date, postal address) from person.
 */
int	render_email(const struct curriculum *cur,
	    const struct render_lesson *lesson, int day,
	    const struct render_vars *person, struct render_email *out);
void	render_email_free(struct render_email *);

/*
 * One day's email for everyone it goes to that day: render_email with the
 * day's fields filled and each of the person's left as a mark,
 * RENDER_MARK and then 'A' + the field's number, which render_marks
 * replaces.  Nearly all of the email is then the same for everybody and
 * can be encoded once (see message_part).  RENDER_MARK never occurs in
 * UTF-8; a curriculum that holds it anyway gets -1, as does one that
 * cannot be rendered.
 */
#define RENDER_MARK	'\xff'
int	render_day(const struct curriculum *cur,
	    const struct render_lesson *lesson, int day,
	    struct render_email *out);

/*
 * Appends s[0..n) to out with each mark replaced by the person's value,
 * HTML-escaped when html is set: what render_email puts there.  0, or -1
 * when out is full.
 */
int	render_marks(struct buf *out, const char *s, size_t n,
	    const struct render_vars *person, int html);

#endif
