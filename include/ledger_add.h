/*
 * ledger_add.h - puts one email that is not a lesson into the delivery
 * ledger (see ledger.h), for the modules that decide when one is due:
 * enrollment (the welcome) and the ledger itself (the completion
 * summary).  It knows only the table, so both can use it.
 */
#ifndef REFREADY_LEDGER_ADD_H
#define REFREADY_LEDGER_ADD_H

#include <time.h>

#include "db.h"

/*
 * Queues enrollment's email of kind ("welcome", "completion", ... as the
 * ledger's kind column says) with key, pending and due at due, inside
 * the caller's write transaction.  A row already there is left as it is,
 * so asking twice queues one email.  0, or -1 (logged).
 */
int	ledger_add(struct db *, long long enrollment, const char *kind,
	    int key, time_t due, time_t now);

#endif
