/*
 * tz.c - time-zone lookups and local/UTC conversion (see tz.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "tz.h"
#include "util.h"

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

/*
 * Advice for a zone name that is wrong or probably a mistake.  A person
 * in New York given "EST" gets 06:30 mail at 07:30 all summer: fixed
 * offsets and the old abbreviations have no daylight-saving rules, so
 * the operator is pointed at the region's own zone.
 */

/* a region zone at each whole-hour offset from UTC-10 to UTC+12 */
static const char *const region_at[] = {
	"Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles",
	"America/Denver", "America/Chicago", "America/New_York",
	"America/Halifax", "America/Sao_Paulo", "Atlantic/South_Georgia",
	"Atlantic/Azores", "Europe/London", "Europe/Paris", "Europe/Athens",
	"Europe/Moscow", "Asia/Dubai", "Asia/Karachi", "Asia/Dhaka",
	"Asia/Bangkok", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney",
	"Pacific/Noumea", "Pacific/Auckland"
};

/* the abbreviations whose region is plain; the rest go by offset */
static const struct {
	const char	*name, *region;
} legacy[] = {
	{ "EST", "America/New_York" }, { "MST", "America/Denver" },
	{ "HST", "Pacific/Honolulu" }, { "GMT", "Europe/London" },
	{ "Greenwich", "Europe/London" }, { "GB", "Europe/London" },
};

static const char *
region_for_offset(int seconds)
{
	if (seconds % 3600 || seconds < -10 * 3600 || seconds > 12 * 3600)
		return NULL;
	return region_at[seconds / 3600 + 10];
}

/* "GMT+5", "UTC-03:00": the offset as people write it (UTC+5), or -1 */
static int
written_offset(const char *name, int *seconds)
{
	long h;
	char num[3];
	size_t n;
	int sign;

	if (strncmp(name, "GMT", 3) && strncmp(name, "UTC", 3))
		return -1;
	name += 3;
	if (*name != '+' && *name != '-')
		return -1;
	sign = *name++ == '-' ? -1 : 1;
	n = strspn(name, "0123456789");
	if (n == 0 || n > 2 || (name[n] && strcmp(name + n, ":00")))
		return -1;
	memcpy(num, name, n);
	num[n] = '\0';
	if (parse_long(num, 0, 14, &h) == -1)
		return -1;
	*seconds = sign * (int)h * 3600;
	return 0;
}

/* UTC is a choice, not a mistake: it gets no warning */
static int
is_utc(const char *name)
{
	static const char *const utc[] = { "UTC", "Etc/UTC", "UCT", "Etc/UCT",
	    "Universal", "Etc/Universal", "Zulu", "Etc/Zulu" };
	size_t i;

	for (i = 0; i < sizeof(utc) / sizeof(utc[0]); i++)
		if (strcmp(name, utc[i]) == 0)
			return 1;
	return 0;
}

/* for a known zone with one offset all year and no region, a region */
static const char *
fixed_region(const char *name)
{
	/* mid-January and mid-July 2025: any daylight saving shows */
	const time_t jan = 1736899200, jul = 1752537600;
	int a, b;
	size_t i;

	if (is_utc(name) || (strchr(name, '/') && strncmp(name, "Etc/", 4)))
		return NULL;
	if (tz_offset(name, jan, &a) == -1 || tz_offset(name, jul, &b) == -1 ||
	    a != b)
		return NULL;
	for (i = 0; i < sizeof(legacy) / sizeof(legacy[0]); i++)
		if (strcmp(name, legacy[i].name) == 0)
			return legacy[i].region;
	return region_for_offset(a);
}

/* the known zone nearest to name, at most 3 edits away, or NULL */
static char *
nearest(const char *name)
{
	icalarray *all;
	const char *best = NULL, *loc;
	size_t i, d, bestd = 4;

	if (str_distance(name, "UTC") < bestd) {
		best = "UTC";
		bestd = str_distance(name, "UTC");
	}
	pthread_mutex_lock(&lock);
	all = icaltimezone_get_builtin_timezones();
	for (i = 0; all && i < all->num_elements; i++) {
		loc = icaltimezone_get_location(icalarray_element_at(all, i));
		if (loc && (d = str_distance(name, loc)) < bestd) {
			bestd = d;
			best = loc;
		}
	}
	/* the zone table lives as long as the process */
	pthread_mutex_unlock(&lock);
	return best ? xstrdup(best) : NULL;
}

char *
tz_check(const char *name, int *bad)
{
	const char *region;
	char *near;
	int off;

	*bad = 0;
	if (tz_known(name)) {
		if ((region = fixed_region(name)) == NULL)
			return NULL;
		return xasprintf("time zone '%s' has no daylight-saving rules; "
		    "use a region zone such as '%s'", name, region);
	}
	*bad = 1;
	if (written_offset(name, &off) == 0 &&
	    (region = region_for_offset(off)) != NULL)
		return xasprintf("unknown time zone '%s'; a fixed offset has "
		    "no daylight-saving rules: use a region zone such as '%s'",
		    name, region);
	if ((near = nearest(name)) != NULL) {
		char *msg = xasprintf("unknown time zone '%s'; did you mean "
		    "'%s'?", name, near);

		free(near);
		return msg;
	}
	return xasprintf("unknown time zone '%s' (a region zone such as "
	    "'America/New_York')", name);
}
