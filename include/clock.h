/*
 * clock.h - time values: the one place that reads the system clock, and
 * pure parsers and civil-date arithmetic for everything else.
 *
 * Nothing below the command line asks the system for the time; "now" is
 * read once (or taken from --now) and passed down, so every date rule is
 * testable with a fixed clock.
 */
#ifndef REFREADY_CLOCK_H
#define REFREADY_CLOCK_H

#include <time.h>

/* a calendar date with no time zone: a person's local plan day */
struct date {
	int	y, m, d;
};

time_t	clock_now(void);

/*
 * "2026-12-07T12:00:00Z", "2026-12-07T07:00:00-05:00", fractions of a
 * second ignored, 't'/'z' and a space separator accepted.  0 on success.
 */
int	clock_parse_rfc3339(const char *, time_t *);
/* "YYYY-MM-DD", a real date between 1970 and 9999; 0 on success */
int	clock_parse_date(const char *, struct date *);
/* "HH:MM" 00:00-23:59 into minutes after midnight; 0 on success */
int	clock_parse_hhmm(const char *, int *minutes);

/* buf gets "YYYY-MM-DDTHH:MM:SSZ" */
void	clock_format_rfc3339(time_t, char buf[21]);
/* buf gets "YYYY-MM-DD" */
void	clock_format_date(struct date, char buf[11]);

/* buf gets "Monday, December 7, 2026" */
void	clock_format_long(struct date, char buf[40]);

/* days since 1970-01-01 and back (proleptic Gregorian) */
long	clock_date_to_days(struct date);
struct date clock_days_to_date(long days);
/* 0 = Sunday ... 6 = Saturday */
int	clock_weekday(struct date);
/* -1, 0, 1 */
int	clock_date_cmp(struct date, struct date);

#endif
