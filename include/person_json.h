/*
 * person_json.h - one person's plan as the JSON object SPEC section 2
 * describes (email, name, state, tz, send_at, start, pacing, cohort,
 * plan_day, tasks_done, streak, emails, days, scorecard, and why mail
 * stopped when it did).  `status --json` prints it and the API answers
 * it, so both say the same.
 */
#ifndef REFREADY_PERSON_JSON_H
#define REFREADY_PERSON_JSON_H

#include <time.h>

#include <jansson.h>

#include "db.h"
#include "enrollment.h"

/*
 * e's object at now, with the 30 days when with_days; a new reference
 * (caller decrefs).  A database failure leaves out what it could not
 * read.
 */
json_t	*person_json(struct db *, const struct enrollment *, time_t now,
	    int with_days);

#endif
