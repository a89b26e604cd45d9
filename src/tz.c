/*
 * tz.c - time-zone lookups and local/UTC conversion (see tz.h).
 */
#include <pthread.h>
#include <string.h>

#include <libical/ical.h>

#include "tz.h"

/* libical loads zones lazily into shared tables */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static icaltimezone *
zone_get(const char *name)
{
	/* libical would try a file path; refuse anything path-like first */
	if (name == NULL || *name == '\0' || strlen(name) > 64 ||
	    strstr(name, "..") != NULL || name[0] == '/')
		return NULL;
	if (strcmp(name, "UTC") == 0)
		return icaltimezone_get_utc_timezone();
	return icaltimezone_get_builtin_timezone(name);
}

int
tz_known(const char *name)
{
	int ok;

	pthread_mutex_lock(&lock);
	ok = zone_get(name) != NULL;
	pthread_mutex_unlock(&lock);
	return ok;
}

/* caller holds lock */
static int
offset_at(icaltimezone *z, time_t t)
{
	struct icaltimetype u = icaltime_from_timet_with_zone(t, 0,
	    icaltimezone_get_utc_timezone());
	int dst;

	return icaltimezone_get_utc_offset_of_utc_time(z, &u, &dst);
}

int
tz_offset(const char *zone, time_t t, int *offset)
{
	icaltimezone *z;

	pthread_mutex_lock(&lock);
	if ((z = zone_get(zone)) != NULL)
		*offset = offset_at(z, t);
	pthread_mutex_unlock(&lock);
	return z ? 0 : -1;
}

int
tz_local_date(const char *zone, time_t t, struct date *out)
{
	long long local;
	int off;

	if (tz_offset(zone, t, &off) == -1)
		return -1;
	local = (long long)t + off;
	*out = clock_days_to_date((long)(local >= 0 ? local / 86400 :
	    (local - 86399) / 86400));
	return 0;
}

int
tz_local_to_utc(const char *zone, struct date d, int minutes, time_t *out)
{
	long long wall = (long long)clock_date_to_days(d) * 86400 +
	    minutes * 60;
	icaltimezone *z;
	time_t t1, t2;
	int before, after, ok1, ok2;

	pthread_mutex_lock(&lock);
	if ((z = zone_get(zone)) == NULL) {
		pthread_mutex_unlock(&lock);
		return -1;
	}
	/*
	 * Offsets in force half a day either side (no zone changes twice
	 * within a day); each gives a candidate instant, valid when the
	 * zone really has that offset then.
	 */
	before = offset_at(z, (time_t)(wall - 43200));
	after = offset_at(z, (time_t)(wall + 43200));
	t1 = (time_t)(wall - before);
	t2 = (time_t)(wall - after);
	ok1 = offset_at(z, t1) == before;
	ok2 = offset_at(z, t2) == after;
	pthread_mutex_unlock(&lock);
	if (ok1 && ok2)
		*out = t1 < t2 ? t1 : t2;	/* repeated: the first */
	else if (ok1)
		*out = t1;
	else if (ok2)
		*out = t2;
	else
		*out = t1;	/* skipped: the old offset, i.e. gap later */
	return 0;
}

struct icalcomponent_impl *
tz_vtimezone(const char *zone, time_t from)
{
	icaltimezone *z;
	icalcomponent *c = NULL;
	icalproperty *p;

	pthread_mutex_lock(&lock);
	if ((z = zone_get(zone)) != NULL && z != icaltimezone_get_utc_timezone()
	    && icaltimezone_get_component(z) != NULL) {
		c = icalcomponent_new_clone(icaltimezone_get_component(z));
		icaltimezone_truncate_vtimezone(c,
		    icaltime_from_timet_with_zone(from, 0,
		    icaltimezone_get_utc_timezone()), icaltime_null_time(), 1);
		/* libical's TZID carries a prefix of its own */
		if ((p = icalcomponent_get_first_property(c,
		    ICAL_TZID_PROPERTY)) != NULL)
			icalproperty_set_tzid(p, zone);
	}
	pthread_mutex_unlock(&lock);
	return c;
}
