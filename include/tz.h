/*
 * tz.h - IANA time zones, through libical's zone tables (which read the
 * system's zoneinfo on Debian).
 *
 * The conversions are pure functions of their arguments ("now" is passed
 * in); libical's zone cache is shared state, so calls are serialised.
 */
#ifndef REFREADY_TZ_H
#define REFREADY_TZ_H

#include <time.h>

#include "clock.h"

/* 1 if name is a time zone libical knows ("America/New_York", "UTC") */
int	tz_known(const char *name);

/*
 * NULL when name is a good zone; otherwise a message (caller frees) and
 * *bad: 1 for an unknown zone, with the nearest known one suggested
 * ("unknown time zone 'america/new_york'; did you mean
 * 'America/New_York'?"), 0 for a warning about a zone that works but
 * has no daylight-saving rules ("EST", "Etc/GMT+5"), naming a region
 * zone to use instead.
 */
char	*tz_check(const char *name, int *bad);

/* the local calendar date in zone at instant t; 0, or -1 unknown zone */
int	tz_local_date(const char *zone, time_t t, struct date *out);

/* offset from UTC in seconds at instant t (east positive); 0 or -1 */
int	tz_offset(const char *zone, time_t t, int *offset);

/*
 * The instant at which the wall clock in zone shows date at minutes past
 * midnight.  A time skipped by a spring-forward change moves forward by
 * the length of the gap (02:30 becomes 03:30); a time that happens twice
 * in an autumn change is its first occurrence.  0, or -1 unknown zone.
 */
int	tz_local_to_utc(const char *zone, struct date, int minutes,
	    time_t *out);

struct icalcomponent_impl;

/*
 * zone's VTIMEZONE, built by libical from the system's zoneinfo, with
 * the plain zone name as its TZID and only the rules in force from the
 * instant from on (RRULEs that Outlook also reads).  NULL for UTC or an
 * unknown zone; the caller frees it with icalcomponent_free.
 */
struct icalcomponent_impl *tz_vtimezone(const char *zone, time_t from);

#endif
