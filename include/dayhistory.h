/*
 * dayhistory.h - the whole story of one plan day's email for one person,
 * for "I never got Day 5" (`refready status EMAIL --day N`): when it was
 * due (their zone and UTC), what the ledger holds for it (state,
 * Message-ID, last reply), each attempt with the relay's reply and why it
 * was retried (the delivery_attempt log), every resend of that day with
 * its own attempts, and any bounce or complaint tied to the day.
 *
 * Built once as JSON (what --json prints); the text form is written from
 * the same object, so the two never disagree.
 */
#ifndef REFREADY_DAYHISTORY_H
#define REFREADY_DAYHISTORY_H

#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "db.h"
#include "enrollment.h"

/* e's day (1-30) at now; NULL on a database failure (logged) */
json_t	*dayhistory_json(struct db *, const struct enrollment *e, int day,
	    time_t now);

/* the story as lines for a person to read, escaped for a terminal */
void	dayhistory_print(FILE *, const json_t *);

#endif
