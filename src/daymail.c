/*
 * daymail.c - a day's lesson email, prepared once (see daymail.h).
 */
#include <string.h>

#include "daymail.h"
#include "log.h"

/* what message_part_qp needs to complete a marked line */
struct fill {
	const struct render_vars	*person;
	int				 html;
};

static int
fill_line(struct buf *out, const char *line, size_t n, void *arg)
{
	const struct fill *f = arg;

	return render_marks(out, line, n, f->person, f->html);
}

int
daymail_init(struct daymail *dm, const struct curriculum *cur, int day)
{
	memset(dm, 0, sizeof(*dm));
	dm->cur = cur;
	dm->day = day;
	if (render_markdown(cur->days[day - 1].lesson, &dm->lesson) == -1) {
		log_warnx("daymail: day %d's lesson cannot be rendered", day);
		return -1;
	}
	if (render_day(cur, &dm->lesson, day, &dm->marked) == -1 ||
	    message_part_init(&dm->text, dm->marked.text, RENDER_MARK) == -1 ||
	    message_part_init(&dm->html, dm->marked.html, RENDER_MARK) == -1) {
		/* still correct, only slower: say so once */
		log_info("daymail: day %d is rendered for each person", day);
		message_part_free(&dm->text);
		message_part_free(&dm->html);
		render_email_free(&dm->marked);
		return 0;
	}
	dm->prepared = 1;
	return 0;
}

void
daymail_free(struct daymail *dm)
{
	message_part_free(&dm->text);
	message_part_free(&dm->html);
	render_email_free(&dm->marked);
	render_lesson_free(&dm->lesson);
	dm->prepared = 0;
}

int
daymail_build(const struct daymail *dm, const struct render_vars *person,
    struct message_in *in, struct buf *b)
{
	struct fill text = { person, 0 }, html = { person, 1 };
	struct render_email mail;
	int rc;

	if (dm->prepared) {
		/* the encoded lines, a little more for the headers */
		buf_reserve(b, dm->text.enc.len + dm->html.enc.len + 4096);
		in->subject = dm->marked.subject;
		in->text_part = &dm->text;
		in->html_part = &dm->html;
		in->fill = fill_line;
		in->text_arg = &text;
		in->html_arg = &html;
		rc = message_build(b, in);
		in->text_arg = in->html_arg = NULL;
		return rc;
	}
	if (render_email(dm->cur, &dm->lesson, dm->day, person, &mail) == -1)
		return -1;
	in->subject = mail.subject;
	in->text = mail.text;
	in->html = mail.html;
	rc = message_build(b, in);
	in->subject = in->text = in->html = NULL;
	render_email_free(&mail);
	return rc;
}
