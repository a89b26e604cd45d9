/*
 * tzlist.h - the IANA time zones a participant may choose from, read
 * once from the system's tzdata (zone1970.tab: one canonical zone per
 * region of the world, without the old aliases).
 */
#ifndef REFREADY_TZLIST_H
#define REFREADY_TZLIST_H

#include <stddef.h>

struct tzlist {
	char	**name;		/* sorted, so a region's zones are together */
	size_t	  n;
};

/*
 * The zone names in len bytes of zone1970.tab text (the third field of
 * each line that is not a comment), sorted and without repeats, with
 * "UTC" added.  Pure; release with tzlist_free.
 */
struct tzlist	*tzlist_parse(const char *text, size_t len);

/*
 * dir's zone1970.tab ($TZDIR, else /usr/share/zoneinfo, when dir is
 * NULL), keeping only the zones tz_known() accepts, so nothing offered
 * is refused.  When the file cannot be read the list holds "UTC" alone
 * (logged); never NULL.
 */
struct tzlist	*tzlist_load(const char *dir);
void		 tzlist_free(struct tzlist *);

/* the part of a name before its first '/' ("America"), "" for "UTC" */
size_t		 tzlist_region_len(const char *name);

#endif
