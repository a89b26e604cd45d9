/*
 * cfg_webhooks.h - the configuration's "webhooks" list: where events go,
 * signed with which secret, and which events each endpoint is told of.
 *
 *   "webhooks": [{"url": "https://hooks.example.org/refready",
 *                 "secret_file": "/etc/refready/hook-secret",
 *                 "events": ["enrolled", "completed"]}]
 *
 * Problems are reported at their position in the file like every other
 * key (config.c); the secret file is checked (it exists, only its owner
 * may read it) but not read: the daemon reads it (webhook.c).
 */
#ifndef REFREADY_CFG_WEBHOOKS_H
#define REFREADY_CFG_WEBHOOKS_H

#include <stddef.h>

#include <jansson.h>

#include "jpos.h"

/* what a webhook may be told of (webhooks[].events) */
enum cfg_event {
	CFG_EV_ENROLLED,
	CFG_EV_LESSON_SENT,
	CFG_EV_TASK_DONE,
	CFG_EV_SCORECARD_TAKEN,
	CFG_EV_COMPLETED,
	CFG_EV_UNSUBSCRIBED,
	CFG_EV_BOUNCED,
	CFG_EV_COMPLAINED,
	CFG_EV_MAX
};

#define CFG_WEBHOOKS_MAX	16

/* one of webhooks[]; the secret itself is read by the daemon (webhook.c) */
struct cfg_webhook {
	char		*url;		/* http:// or https:// */
	char		*secret_file;
	unsigned	 events;	/* 1 << enum cfg_event */
};

/*
 * Reads v (the "webhooks" value) into a new array *out of *n endpoints,
 * the valid ones; every problem goes to doc.  Release with
 * cfg_webhooks_free.
 */
void	cfg_webhooks_load(struct jdoc *doc, json_t *v,
	    struct cfg_webhook **out, size_t *n);
void	cfg_webhooks_free(struct cfg_webhook *, size_t n);

/* "enrolled", "lesson.sent", ...: an event's name, and back (0 or -1) */
const char	*cfg_event_str(enum cfg_event);
int		 cfg_event_parse(const char *, enum cfg_event *);

#endif
