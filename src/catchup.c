/*
 * catchup.c - the catch-up box (see catchup.h).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "catchup.h"

int
catchup_oldest(unsigned done, int day, int out[CATCHUP_MIN])
{
	int d, n = 0;

	if (day > CUR_DAYS + 1)
		day = CUR_DAYS + 1;
	for (d = 1; d < day; d++)
		if (!(done & 1u << (d - 1))) {
			if (n < CATCHUP_MIN)
				out[n] = d;
			n++;
		}
	return n;
}

void
catchup_set(struct catchup *c, const struct curriculum *cur, unsigned done,
    int day, const char *page_url, struct render_vars *v)
{
	struct buf t, h;
	int days[CATCHUP_MIN], n, i;

	memset(c, 0, sizeof(*c));
	/* the fast path: nearly everyone, on nearly every day */
	if ((n = catchup_oldest(done, day, days)) < CATCHUP_MIN)
		return;
	buf_init(&t, 8192);
	buf_init(&h, 16384);
	buf_printf(&t, "CATCHING UP\nYou have %d open tasks from earlier "
	    "days. The oldest three:\n", n);
	buf_printf(&h, "<table role=\"presentation\" width=\"100%%\" "
	    "cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
	    "style=\"margin:0 0 16px 0;background-color:#fffbeb;"
	    "border-left:4px solid #b45309;\"><tr><td style=\"padding:12px "
	    "16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;"
	    "line-height:22px;color:#78350f;\"><p style=\"margin:0 0 4px 0;"
	    "font-size:13px;line-height:18px;font-weight:bold;"
	    "letter-spacing:1px;\">CATCHING UP</p><p style=\"margin:0 0 6px "
	    "0;\">You have %d open tasks from earlier days. The oldest "
	    "three:</p><ul style=\"margin:0 0 8px 0;padding-left:20px;\">",
	    n);
	for (i = 0; i < CATCHUP_MIN; i++) {
		const char *task = cur->days[days[i] - 1].task;

		buf_printf(&t, "- Day %d: %s\n", days[i], task);
		buf_printf(&h, "<li>Day %d: ", days[i]);
		buf_add_html(&h, task, strlen(task));
		buf_addstr(&h, "</li>");
	}
	buf_printf(&t, "Do one today if you can, or tick off what you have "
	    "done:\n%s#tasks\n\n", page_url);
	buf_addstr(&h, "</ul><p style=\"margin:0;\">Do one today if you can, "
	    "or <a href=\"");
	buf_add_html(&h, page_url, strlen(page_url));
	buf_addstr(&h, "#tasks\" style=\"color:#1d4ed8;\">tick off what you "
	    "have done</a>.</p></td></tr></table>");
	c->text = buf_take(&t);
	c->html = buf_take(&h);
	buf_free(&t);
	buf_free(&h);
	v->v[RF_CATCH_UP] = c->text;
	v->html[RF_CATCH_UP] = c->html;
}

void
catchup_free(struct catchup *c)
{
	free(c->text);
	free(c->html);
	memset(c, 0, sizeof(*c));
}
