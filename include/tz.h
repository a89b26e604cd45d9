/*
 * tz.h - IANA time zones, through libical's zone tables (which read the
 * system's zoneinfo on Debian).
 */
#ifndef REFREADY_TZ_H
#define REFREADY_TZ_H

/* 1 if name is a time zone libical knows ("America/New_York", "UTC") */
int	tz_known(const char *name);

#endif
