/*
 * daymail.h - one plan day's lesson email, prepared once for everyone who
 * gets it that day.
 *
 * The Markdown is rendered once (render_markdown), the day's fields are
 * filled once (render_day), and every line of the text and HTML parts
 * that holds none of the person's fields is quoted-printable encoded once
 * (message_part).  A person's message then costs their own few lines and
 * headers: the same bytes render_email and message_build make, without
 * re-encoding 15 KB for each person.
 */
#ifndef REFREADY_DAYMAIL_H
#define REFREADY_DAYMAIL_H

#include "buf.h"
#include "curriculum.h"
#include "message.h"
#include "render.h"

struct daymail {
	const struct curriculum	*cur;
	int			 day;
	struct render_lesson	 lesson;
	/*
	 * prepared: marked, text and html hold the day's email with the
	 * person's fields as marks; otherwise (a curriculum render_day
	 * refuses) each message is rendered whole, the slow way.
	 */
	int			 prepared;
	struct render_email	 marked;
	struct message_part	 text;
	struct message_part	 html;
};

/* 0, or -1 (logged) when the day's lesson cannot be rendered */
int	daymail_init(struct daymail *, const struct curriculum *, int day);
void	daymail_free(struct daymail *);

/*
 * Appends one person's message to b: in gives the headers' values (from,
 * to, unsubscribe URL, Message-ID, date); its subject and parts are set
 * here.  0, or -1 when it cannot be made (too big).
 */
int	daymail_build(const struct daymail *, const struct render_vars *person,
	    struct message_in *in, struct buf *b);

#endif
