/*
 * test_kindmail.c - the pure parts of the emails around the month: the
 * longest streak, the catch-up box's oldest open days, the tags that
 * name a welcome or a summary, the template blocks and the fields each
 * kind of text may use, Google's add-by-URL link.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "catchup.h"
#include "completion.h"
#include "render.h"
#include "test.h"
#include "token.h"
#include "welcome.h"

static void
marks(int done[CUR_DAYS], const char *days)
{
	int i;

	for (i = 0; i < CUR_DAYS; i++)
		done[i] = days[i] == 'x';
}

void
test_completion_streak(void)
{
	int done[CUR_DAYS];

	marks(done, "..............................");
	CHECK_INT(completion_longest_streak(done), 0);
	marks(done, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	CHECK_INT(completion_longest_streak(done), 30);
	marks(done, "x.............................");
	CHECK_INT(completion_longest_streak(done), 1);
	/* the longest run, not the last one or the first */
	marks(done, "xxxxx..xxxxxxxxxx..x..........");
	CHECK_INT(completion_longest_streak(done), 10);
	marks(done, "xx.xxx.........xxxxxxxxxxxxxxx");
	CHECK_INT(completion_longest_streak(done), 15);
}

void
test_catchup_oldest(void)
{
	int out[CATCHUP_MIN] = { 0, 0, 0 };

	/* day 1 and 2 have nothing before them to catch up on */
	CHECK_INT(catchup_oldest(0, 1, out), 0);
	CHECK_INT(catchup_oldest(0, 3, out), 2);
	CHECK_INT(catchup_oldest(0, 4, out), 3);
	CHECK_INT(out[0], 1);
	CHECK_INT(out[1], 2);
	CHECK_INT(out[2], 3);
	/* days 1, 2 and 4 done: 3, 5, 6 are the oldest open before 8 */
	CHECK_INT(catchup_oldest(0x1 | 0x2 | 0x8, 8, out), 4);
	CHECK_INT(out[0], 3);
	CHECK_INT(out[1], 5);
	CHECK_INT(out[2], 6);
	/* today's own task does not count */
	CHECK_INT(catchup_oldest(0x1 | 0x2, 5, out), 2);
	/* every day done; past the end */
	CHECK_INT(catchup_oldest(0x3fffffff, 30, out), 0);
	CHECK_INT(catchup_oldest(0, 99, out), 30);
}

void
test_token_kinds(void)
{
	unsigned char k[TOKEN_SECRET_LEN], k2[TOKEN_SECRET_LEN];
	char tag[TOKEN_VERP_MAX], lesson[TOKEN_VERP_MAX], id[128], bad[128];
	struct token_tag t;
	long long e;
	int d, r, i;

	for (i = 0; i < TOKEN_SECRET_LEN; i++) {
		k[i] = (unsigned char)(3 * i);
		k2[i] = (unsigned char)(3 * i + 1);
	}
	token_verp_kind(k, 77, 'w', 1, tag);
	CHECK(strncmp(tag, "77xw1x", 6) == 0);
	CHECK_INT(token_verp_parse(k, tag, &t), 0);
	CHECK_INT(t.enrollment, 77);
	CHECK_INT(t.kind, 'w');
	CHECK_INT(t.key, 1);
	CHECK_INT(t.day, 0);
	/* what bounce_store asks: the person, with no plan day */
	CHECK_INT(token_verp_check(k, tag, &e, &d, &r), 0);
	CHECK_INT(e, 77);
	CHECK_INT(d, 0);
	CHECK_INT(token_verp_check(k2, tag, &e, &d, &r), -1);
	/* another kind or key under the same MAC is a forgery */
	snprintf(bad, sizeof(bad), "77xc1x%s", tag + 6);
	CHECK_INT(token_verp_check(k, bad, &e, &d, &r), -1);
	snprintf(bad, sizeof(bad), "77xw2x%s", tag + 6);
	CHECK_INT(token_verp_check(k, bad, &e, &d, &r), -1);
	CHECK_INT(token_verp_check(k, "77xz1x000000000000", &e, &d, &r), -1);
	CHECK_INT(token_verp_check(k, "77xw0x000000000000", &e, &d, &r), -1);
	/* a lesson's tag is as it was, and parses with no kind */
	token_verp(k, 77, 1, 0, lesson);
	CHECK(strncmp(lesson, "77x1x", 5) == 0);
	CHECK(strcmp(lesson + 5, tag + 6) != 0);
	CHECK_INT(token_verp_parse(k, lesson, &t), 0);
	CHECK_INT(t.kind, 0);
	CHECK_INT(t.day, 1);

	token_message_id_kind(k, 77, 'c', 1, "example.org", id, sizeof(id));
	CHECK(strncmp(id, "rr.77.c1.", 9) == 0);
	CHECK_INT(token_message_id_parse(k, id, &t), 0);
	CHECK_INT(t.kind, 'c');
	CHECK_INT(t.key, 1);
	CHECK_INT(token_message_id_check(k, id, &e, &d, &r), 0);
	CHECK_INT(d, 0);
	CHECK_INT(token_message_id_check(k2, id, &e, &d, &r), -1);
	snprintf(bad, sizeof(bad), "rr.77.w1.%s", id + 9);
	CHECK_INT(token_message_id_check(k, bad, &e, &d, &r), -1);
	token_message_id_kind(k, 77, 'f', 12, "example.org", id, sizeof(id));
	CHECK(strncmp(id, "rr.77.f12.", 10) == 0);
	CHECK_INT(token_message_id_parse(k, id, &t), 0);
	CHECK_INT(t.key, 12);
}

void
test_render_blocks(void)
{
	struct render_vars v;
	struct buf b;

	memset(&v, 0, sizeof(v));
	v.v[RF_WEBINAR] = "From \"A & B\"";
	v.html[RF_WEBINAR] = "<p>From <b>A &amp; B</b></p>";
	v.v[RF_FIRST_NAME] = "<Ann>";
	buf_init(&b, 4096);
	CHECK_INT(render_fill(&b, "{{first_name}}|{{webinar}}|{{scores}}", &v,
	    1), 0);
	CHECK_STR(b.data, "&lt;Ann&gt;|<p>From <b>A &amp; B</b></p>|");
	buf_reset(&b);
	CHECK_INT(render_fill(&b, "{{first_name}}|{{webinar}}", &v, 0), 0);
	CHECK_STR(b.data, "<Ann>|From \"A & B\"");
	buf_free(&b);
	/* each text its own fields */
	CHECK(render_field_allowed(RU_LESSON_TEMPLATE, RF_CATCH_UP));
	CHECK(!render_field_allowed(RU_LESSON, RF_CATCH_UP));
	CHECK(!render_field_allowed(RU_LESSON, RF_LESSON));
	CHECK(render_field_allowed(RU_LESSON, RF_TASK));
	CHECK(render_field_allowed(RU_WELCOME, RF_GOOGLE_URL));
	CHECK(render_field_allowed(RU_WELCOME, RF_UNSUBSCRIBE_URL));
	CHECK(!render_field_allowed(RU_WELCOME, RF_TASK));
	CHECK(!render_field_allowed(RU_WELCOME, RF_SCORES));
	CHECK(render_field_allowed(RU_COMPLETION, RF_WEAKEST));
	CHECK(!render_field_allowed(RU_COMPLETION, RF_CATCH_UP));
	CHECK(!render_field_allowed(RU_COMPLETION, -1));
}

void
test_welcome_google(void)
{
	char out[256];

	welcome_google_url("webcal://plan.example.org/feed/AbC-_9.ics", out,
	    sizeof(out));
	CHECK_STR(out, "https://calendar.google.com/calendar/r?cid="
	    "webcal://plan.example.org/feed/AbC-_9.ics");
}
