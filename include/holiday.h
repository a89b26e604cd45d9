/*
 * holiday.h - the dates no plan day may fall on, pure.
 *
 * The US federal holidays as observed (a Saturday holiday on the Friday
 * before, a Sunday one on the Monday after), plus December 24 and 31,
 * when hardly anyone phones a physician's office; and lists of dates
 * and ranges an operator adds.  Nothing here reads the clock.
 */
#ifndef REFREADY_HOLIDAY_H
#define REFREADY_HOLIDAY_H

#include <stddef.h>

#include "clock.h"

/* the local dates from .. until, both included, as clock_date_to_days */
struct hol_range {
	long	from;
	long	until;
};

/* the dates a plan skips: the US holidays if us, and the ranges */
struct hol_set {
	int			 us;
	struct hol_range	*v;	/* malloc'd; hol_set_free */
	size_t			 n;
};

/* 1 when d is a US federal holiday as observed, or December 24 or 31 */
int	hol_us(struct date d);

/* 1 when the set (NULL: none) skips the date days */
int	hol_set_has(const struct hol_set *, long days);

/* "YYYY-MM-DD" or "YYYY-MM-DD..YYYY-MM-DD", in order; 0 or -1 */
int	hol_parse_range(const char *, struct hol_range *);

/*
 * Adds the ranges of a comma-separated list (spaces allowed around
 * items) to set.  0, or -1 with *bad pointing at the item that is not a
 * range (the set keeps what came before it).
 */
int	hol_add_list(struct hol_set *, const char *list, const char **bad);
void	hol_add(struct hol_set *, struct hol_range);
void	hol_set_free(struct hol_set *);

/*
 * The ranges as a comma-separated list, the form hol_add_list reads,
 * prefixed with "us;" when the US holidays are in: a fingerprint of the
 * set.  Caller frees.
 */
char	*hol_set_format(const struct hol_set *);

#endif
