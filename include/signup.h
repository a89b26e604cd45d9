/*
 * signup.h - the public signup's rules, pure: what a POSTed form says
 * and what is wrong with it, what becomes of a signup, and when its
 * confirmation link expires.  No database, no clock: the counts and
 * "now" come in as arguments, so the policy is tested on its own.
 */
#ifndef REFREADY_SIGNUP_H
#define REFREADY_SIGNUP_H

#include <time.h>

#include "suppress.h"

/* the form's fields; SIGNUP_HONEYPOT is the one people never see */
enum { SU_NAME, SU_EMAIL, SU_TZ, SU_SEND_AT, SU_NFIELDS };
#define SIGNUP_HONEYPOT		"website"
#define SIGNUP_NAME_MAX		200	/* characters, as enroll allows */
#define SIGNUP_EMAIL_MAX	254	/* RFC 5321's path limit */

/* "name", "email", "tz", "send_at": field i's name in the form */
extern const char *const signup_field[SU_NFIELDS];

/*
 * A POSTed form read by signup_check: the values as sent (NULL: not
 * sent), a problem per bad field (a static sentence for the page), the
 * send time parsed, and whether the honeypot was filled.
 */
struct signup_in {
	const char	*value[SU_NFIELDS];
	const char	*problem[SU_NFIELDS];
	int		 send_minutes;
	int		 honeypot;
};

/*
 * Reads and checks the fields through get (form_lookup and a struct
 * form, say) into in.  0 when every field is good; -1 when some are,
 * with their problems set.  A filled honeypot is only noted: the caller
 * answers it as if all were well, so a robot learns nothing.
 */
int	signup_check(struct signup_in *in,
	    const char *(*get)(void *, const char *), void *arg);

/* what becomes of a good form */
enum signup_fate {
	SIGNUP_IGNORE,		/* a robot: nothing is stored or sent */
	SIGNUP_TOO_MANY,	/* over the client's hourly limit: 429 */
	SIGNUP_HOLD,		/* stored, answered alike, nothing sent */
	SIGNUP_MAIL		/* a confirmation email is queued */
};

struct signup_counts {
	long			from_client;	/* this past hour */
	long			to_address;	/* emails queued this past day */
	enum suppress_reason	supp;		/* the address's, if listed */
};

/*
 * The fate of a form from a client with counts c, under the limits.
 * Bounced, complained about and blocked addresses are held (no email);
 * an unsubscribed one is mailed, since confirming is how such a person
 * comes back.
 */
enum signup_fate	signup_decide(int honeypot,
			    const struct signup_counts *c, long per_ip,
			    long per_address);

/* 1 when a link made at created has outlived hours at now */
int	signup_expired(time_t created, long hours, time_t now);

/* "held", "mail", ...: for the log */
const char	*signup_fate_str(enum signup_fate);

#endif
