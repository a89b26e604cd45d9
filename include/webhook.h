/*
 * webhook.h - the daemon's webhook sender: a thread of its own that
 * drains the outbox (outbox.h) with libcurl's multi interface, so a slow
 * or dead receiver never holds up a lesson or a page.
 *
 * Each delivery is a POST of the event's body with Content-Type
 * application/json, X-Refready-Event-Id (the event's id, the same on
 * every retry) and X-Refready-Signature (hook_key.h), signed with the
 * endpoint's secret at the moment it is sent.  A 2xx answer delivers
 * it; any other answer, a refused connection or a timeout (connect
 * 10 s, whole request 30 s) is retried after 10 s, 30 s, 2 min, 10 min,
 * 30 min, then every hour, until a day after the event: then it is
 * failed.  Only one process delivers (an exclusive lock on DB-hook.lock),
 * so deliveries a killed one left "sending" are sent again at once
 * after a restart: at least once.
 */
#ifndef REFREADY_WEBHOOK_H
#define REFREADY_WEBHOOK_H

#include "app.h"

struct webhook;

/* starts the sender for a's configuration in force; NULL, logged */
struct webhook	*webhook_start(struct app *a);
/*
 * Stops it: requests in flight are dropped and their deliveries given
 * back untried (due again at once at the next start).  NULL is fine.
 */
void		 webhook_stop(struct webhook *);

#endif
