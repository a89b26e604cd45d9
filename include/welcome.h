/*
 * welcome.h - the welcome email, queued when a person is enrolled (any
 * way in) and sent by the next pass, before Day 1: when and at what time
 * the plan starts in their zone, their page, and their calendar with the
 * steps to subscribe in Google, Apple and Outlook; for a cohort member,
 * the webinar they came from and its replay.
 */
#ifndef REFREADY_WELCOME_H
#define REFREADY_WELCOME_H

#include <stddef.h>

#include "enrollment.h"
#include "kindctx.h"

/* Google Calendar's "add by URL" link for a webcal:// feed */
void	welcome_google_url(const char *webcal, char *out, size_t n);

/*
 * Fills the welcome's fields for e (see kindctx.h): 0; -2 when the
 * database could not be read.
 */
int	welcome_fill(const struct kind_ctx *, const struct enrollment *e,
	    int lkey, struct kind_vars *, const char **why);

#endif
