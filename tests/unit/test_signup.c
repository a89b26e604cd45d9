/*
 * test_signup.c - unit tests for the public signup's rules: the form's
 * checks, the fate of a signup under the limits and the suppression
 * list, and when a confirmation link expires.
 */
#include <string.h>

#include "form.h"
#include "signup.h"
#include "test.h"

static int
check(const char *body, struct signup_in *in)
{
	struct form f;
	int rc;

	if (form_parse(&f, body, strlen(body)) == -1)
		return -2;
	rc = signup_check(in, form_lookup, &f);
	form_free(&f);
	return rc;
}

void
test_signup_check(void)
{
	struct signup_in in;
	int i;

	CHECK_INT(check("name=Ann+Lee&email=ann%40example.org&tz=America%2F"
	    "Chicago&send_at=07%3A30&website=", &in), 0);
	CHECK_INT(in.send_minutes, 7 * 60 + 30);
	CHECK_INT(in.honeypot, 0);
	/* every field wrong, each with its own problem */
	CHECK_INT(check("name=+++&email=ann%40localhost&tz=Mars%2FBase&"
	    "send_at=7", &in), -1);
	for (i = 0; i < SU_NFIELDS; i++)
		CHECK(in.problem[i] != NULL);
	/* missing fields are problems too; a control character in a name */
	CHECK_INT(check("name=A%0Ab", &in), -1);
	CHECK(in.problem[SU_NAME] != NULL);
	CHECK(in.problem[SU_EMAIL] != NULL);
	CHECK(in.value[SU_EMAIL] == NULL);
	/* a filled honeypot is noted, whatever else is wrong */
	CHECK_INT(check("website=http%3A%2F%2Fx.example", &in), -1);
	CHECK_INT(in.honeypot, 1);
}

void
test_signup_decide(void)
{
	struct signup_counts c = { 0, 0, SUPPRESS_NONE };

	CHECK_INT(signup_decide(0, &c, 10, 3), SIGNUP_MAIL);
	CHECK_INT(signup_decide(1, &c, 10, 3), SIGNUP_IGNORE);
	c.from_client = 9;
	CHECK_INT(signup_decide(0, &c, 10, 3), SIGNUP_MAIL);
	c.from_client = 10;
	CHECK_INT(signup_decide(0, &c, 10, 3), SIGNUP_TOO_MANY);
	c.from_client = 0;
	c.to_address = 2;
	CHECK_INT(signup_decide(0, &c, 10, 3), SIGNUP_MAIL);
	c.to_address = 3;
	CHECK_INT(signup_decide(0, &c, 10, 3), SIGNUP_HOLD);
	c.to_address = 0;
	/* an unsubscribe is lifted by confirming; the rest hold */
	c.supp = SUPPRESS_UNSUBSCRIBED;
	CHECK_INT(signup_decide(0, &c, 10, 3), SIGNUP_MAIL);
	c.supp = SUPPRESS_BOUNCED;
	CHECK_INT(signup_decide(0, &c, 10, 3), SIGNUP_HOLD);
	c.supp = SUPPRESS_COMPLAINED;
	CHECK_INT(signup_decide(0, &c, 10, 3), SIGNUP_HOLD);
	c.supp = SUPPRESS_BLOCKED;
	CHECK_INT(signup_decide(0, &c, 10, 3), SIGNUP_HOLD);
	/* the client's limit comes first: a 429 says nothing of the address */
	c.from_client = 10;
	CHECK_INT(signup_decide(0, &c, 10, 3), SIGNUP_TOO_MANY);
}

void
test_signup_expired(void)
{
	CHECK_INT(signup_expired(1000, 72, 1000 + 72 * 3600 - 1), 0);
	CHECK_INT(signup_expired(1000, 72, 1000 + 72 * 3600), 1);
	CHECK_INT(signup_expired(1000, 1, 1000), 0);
}
