/*
 * signup.c - the public signup's rules (see signup.h).
 *
 * The problems are sentences for the person at the form, not for an
 * operator: they say what to type, and never whether the address is
 * known, enrolled or suppressed (that is only ever answered alike).
 */
#include <string.h>

#include "clock.h"
#include "enrollment.h"
#include "signup.h"
#include "tz.h"
#include "util.h"

const char *const signup_field[SU_NFIELDS] = {
	"name", "email", "tz", "send_at"
};

/* a name to greet someone by: printable UTF-8, not only spaces */
static int
name_ok(const char *s)
{
	const char *p;
	int seen = 0;

	if (*s == '\0' || !utf8_valid(s, strlen(s), NULL) ||
	    utf8_len(s) > SIGNUP_NAME_MAX)
		return 0;
	for (p = s; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
		if (*p != ' ')
			seen = 1;
	}
	return seen;
}

int
signup_check(struct signup_in *in, const char *(*get)(void *, const char *),
    void *arg)
{
	const char *v, *hp;
	int i;

	memset(in, 0, sizeof(*in));
	for (i = 0; i < SU_NFIELDS; i++)
		in->value[i] = get(arg, signup_field[i]);
	hp = get(arg, SIGNUP_HONEYPOT);
	in->honeypot = hp != NULL && *hp != '\0';

	if ((v = in->value[SU_NAME]) == NULL || !name_ok(v))
		in->problem[SU_NAME] = "Enter your name (up to 200 "
		    "characters, on one line).";
	if ((v = in->value[SU_EMAIL]) == NULL ||
	    strlen(v) > SIGNUP_EMAIL_MAX || !enrollment_email_valid(v))
		in->problem[SU_EMAIL] = "Enter your email address, for "
		    "example name@example.com.";
	if ((v = in->value[SU_TZ]) == NULL || !tz_known(v))
		in->problem[SU_TZ] = "Choose a time zone from the list.";
	if ((v = in->value[SU_SEND_AT]) == NULL ||
	    clock_parse_hhmm(v, &in->send_minutes) == -1)
		in->problem[SU_SEND_AT] = "Enter the time as HH:MM, for "
		    "example 07:30.";
	for (i = 0; i < SU_NFIELDS; i++)
		if (in->problem[i])
			return -1;
	return 0;
}

enum signup_fate
signup_decide(int honeypot, const struct signup_counts *c, long per_ip,
    long per_address)
{
	if (honeypot)
		return SIGNUP_IGNORE;
	if (c->from_client >= per_ip)
		return SIGNUP_TOO_MANY;
	switch (c->supp) {
	case SUPPRESS_BOUNCED:
	case SUPPRESS_COMPLAINED:
	case SUPPRESS_BLOCKED:
		return SIGNUP_HOLD;
	case SUPPRESS_NONE:
	case SUPPRESS_UNSUBSCRIBED:
		break;
	}
	if (c->to_address >= per_address)
		return SIGNUP_HOLD;
	return SIGNUP_MAIL;
}

int
signup_expired(time_t created, long hours, time_t now)
{
	return now - created >= (time_t)hours * 3600;
}

const char *
signup_fate_str(enum signup_fate f)
{
	switch (f) {
	case SIGNUP_IGNORE:
		return "ignored";
	case SIGNUP_TOO_MANY:
		return "over the client's limit";
	case SIGNUP_HOLD:
		return "held";
	case SIGNUP_MAIL:
		return "mailed";
	}
	return "?";
}
