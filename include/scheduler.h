/*
 * scheduler.h - one scheduling pass: everything due at "now" is queued,
 * rendered, sent and recorded.  `refready tick` runs one pass; the daemon
 * runs one at least every minute.  The pass is the same code either way.
 */
#ifndef REFREADY_SCHEDULER_H
#define REFREADY_SCHEDULER_H

#include <time.h>

#include "config.h"
#include "curriculum.h"
#include "daymail.h"
#include "db.h"
#include "enrollment.h"
#include "ledger.h"
#include "mailer.h"
#include "render.h"
#include "token.h"

/* results known but not yet in the ledger (see scheduler.c) */
struct sched_held {
	struct ledger_item	*items;
	struct mail_job		*jobs;		/* no data, no rcpt */
	char			**ids;		/* Message-IDs, owned */
	size_t			 n;
};

/* this many recipients refused alike in a row: the relay refuses us */
#define SCHED_STREAK	10

struct scheduler {
	struct db		*db;
	const struct cfg	*cfg;
	const struct curriculum	*cur;
	struct mailer		*mailer;
	struct daymail		 days[CUR_DAYS];	/* prepared once */
	unsigned char		 key[TOKEN_SECRET_LEN];
	char			 domain[128];		/* of mail.from */
	/* called after each batch with the running counts, if set */
	void			(*progress)(void *, const struct ledger_counts *);
	void			*progress_arg;
	/* if set and non-zero, the pass ends after the batch in flight */
	volatile int		*stop;
	/*
	 * Passes take an exclusive lock (db + "-send.lock") for as long as
	 * they run.  Holding it proves no other sender is alive, so rows a
	 * dead one left "sending" are taken up at once, not after their
	 * lease.  wait: block for it (tick) or skip the pass (the daemon).
	 */
	int			 lockfd;
	int			 wait;
	/* why the last pass stopped early, if the relay was the cause */
	enum mail_fault		 fault;
	char			 fault_reply[256];
	int			 relay_seen;	/* a session got through */
	/*
	 * Results the ledger has not taken yet: those of this round, and
	 * any a failed write left behind (nothing is sent until they are
	 * in); and apart, the permanent failures of an open streak of
	 * identical replies, waiting for its verdict.
	 */
	struct sched_held	 held;
	struct sched_held	 streak;
};

/* 0, or -1 (logged) if the lessons or the transport cannot be set up */
int	scheduler_init(struct scheduler *, struct db *, const struct cfg *,
	    const struct curriculum *);
void	scheduler_free(struct scheduler *);

/*
 * One pass at now.  Returns 0; 1 when the relay failed the session (not
 * one message): the pass stopped opening connections, the lessons are
 * due again, and fault and fault_reply say why; -1 on a database
 * failure, nothing sent after it; 2 when another process's pass is
 * running and wait is 0.
 */
int	scheduler_pass(struct scheduler *, time_t now, struct ledger_counts *);

/*
 * Only the signups' confirmation emails due at now (the first step of
 * every pass), for the daemon woken by a new signup between passes.
 * The same results as scheduler_pass; 2 when another pass holds the
 * lock (it sends them).
 */
int	scheduler_signups(struct scheduler *, time_t now,
	    struct ledger_counts *);

/*
 * The domain of mail.from's address ("localhost" if it has none), for
 * Message-IDs.
 */
void	scheduler_domain(const struct cfg *, char *out, size_t n);

/*
 * Appends to b the message of dm's day for the person ev describes, sent
 * to to_addr: the one builder of every lesson, resend and test send, so
 * they are byte for byte what the person gets.  subject_prefix (or NULL)
 * goes before the subject.  0, or -1 when it is too big.
 */
int	scheduler_message(const struct cfg *, const struct daymail *dm,
	    const struct enrollment_vars *ev, const char *to_addr,
	    const char *message_id, const char *subject_prefix, time_t now,
	    struct buf *b);

/*
 * One error line for the pass's fault: "CONTEXT: URL refused the login:
 * 535 5.7.8 ...", addresses in the reply masked.
 */
void	scheduler_log_fault(const struct scheduler *, const char *context);

#endif
