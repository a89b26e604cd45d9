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
#include "ledger.h"
#include "mailer.h"
#include "render.h"
#include "token.h"

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
};

/* 0, or -1 (logged) if the lessons or the transport cannot be set up */
int	scheduler_init(struct scheduler *, struct db *, const struct cfg *,
	    const struct curriculum *);
void	scheduler_free(struct scheduler *);

/*
 * One pass at now.  Returns 0; 1 when the mail server could not be
 * reached at all (the ledger has recorded the retries); -1 on a database
 * failure; 2 when another process's pass is running and wait is 0.
 */
int	scheduler_pass(struct scheduler *, time_t now, struct ledger_counts *);

#endif
