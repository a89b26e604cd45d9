/*
 * tz.c - time-zone lookups (see tz.h).
 */
#include <string.h>

#include <libical/ical.h>

#include "tz.h"

int
tz_known(const char *name)
{
	/* libical would try a file path; refuse anything path-like first */
	if (name == NULL || *name == '\0' || strlen(name) > 64 ||
	    strstr(name, "..") != NULL || name[0] == '/')
		return 0;
	return icaltimezone_get_builtin_timezone(name) != NULL;
}
