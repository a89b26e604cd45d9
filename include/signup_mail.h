/*
 * signup_mail.h - the confirmation email of a signup: building it, and
 * sending the queued ones inside the scheduler's pass.
 */
#ifndef REFREADY_SIGNUP_MAIL_H
#define REFREADY_SIGNUP_MAIL_H

#include <time.h>

#include "buf.h"
#include "config.h"
#include "ledger.h"
#include "mailer.h"
#include "signup_store.h"
#include "token.h"

/*
 * Appends to b the confirmation email for s, sent at now, whose link is
 * made from key under cfg's base_url; program is the plan's title.
 * domain names the Message-ID's right side.  0, or -1 when too big.
 */
int	signup_mail_build(const struct cfg *, const char *program,
	    const struct signup_row *s,
	    const unsigned char key[TOKEN_SECRET_LEN], const char *domain,
	    time_t now, struct buf *b);

/*
 * What sending needs, lent by the scheduler (signup_mail.c knows
 * nothing of it), and what the relay did, given back.
 */
struct signup_sender {
	struct db		*db;
	const struct cfg	*cfg;
	const char		*program;	/* the plan's title */
	const unsigned char	*key;		/* TOKEN_SECRET_LEN bytes */
	const char		*domain;	/* for Message-IDs */
	struct mailer		*mailer;
	volatile int		*stop;		/* if set and non-zero: stop */
	/* out: why the pass stopped early, if the relay was the cause */
	enum mail_fault		 fault;
	char			 fault_reply[256];
	int			 relay_seen;
};

/*
 * Sends every confirmation email due at now through the sender's
 * mailer, each result recorded as soon as it is known, and counted into
 * c.  The caller holds the scheduler's send lock.  0; 1 when the relay
 * failed the session (fault says how; the rest waits); -1 on a database
 * failure.
 */
int	signup_mail_pass(struct signup_sender *, time_t now,
	    struct ledger_counts *c);

#endif
