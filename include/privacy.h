/*
 * privacy.h - a person's data: everything refready holds about one
 * address, as JSON (`export`), and erasing it (`forget`).
 *
 * Both read one list of the tables that hold anything about a person
 * (privacy.c): for each, the query export runs and the statements forget
 * runs.  Forget keeps the rows that reports count, anonymised (the
 * person's row keeps its id under a placeholder address), erases the
 * name, the address, the scorecard answers and the links, and leaves the
 * address on the suppression list only as a keyed hash
 * (token_forgotten), so the same address is refused when it comes again.
 *
 * A table in the database that the list does not name makes both refuse
 * to run (-1, logged): forgetting must never leave a new kind of data
 * behind unnoticed.
 */
#ifndef REFREADY_PRIVACY_H
#define REFREADY_PRIVACY_H

#include <time.h>

#include <jansson.h>

#include "db.h"
#include "token.h"

struct curriculum;

/* the placeholder address of forgotten person id */
#define PRIVACY_PLACEHOLDER	"forgotten-%lld@forgotten.invalid"

/*
 * Everything held about email at now, as a new JSON object (caller
 * decrefs) in *out.  0, 1 when nothing is held about it (*out NULL), or
 * -1 (logged).
 */
int	privacy_export(struct db *, const char *email, time_t now,
	    json_t **out);

/*
 * What forget did, for the operator: the person's id (0: only the
 * suppression list held the address), the placeholder address, and the
 * key and reason of the suppression entry left.
 */
struct privacy_forgotten {
	long long	 person;
	char		 placeholder[80];
	char		 row[TOKEN_FORGOTTEN_LEN + 1];
	char		 reason[16];
};

/*
 * Forgets email in one transaction; cur gives the scorecard's categories,
 * by which the answers are summed before they go.  0 and *f, 1 when
 * nothing is held about it, or -1 (logged; nothing changed).
 */
int	privacy_forget(struct db *, const struct curriculum *cur,
	    const unsigned char key[TOKEN_SECRET_LEN], const char *email,
	    time_t now, struct privacy_forgotten *f);

#endif
