/*
 * cohort_feed.c - a cohort's webinar calendar (see cohort_feed.h).
 *
 * The webinar's DTSTART is its wall-clock time with TZID naming the zone
 * it was announced in, and the VTIMEZONE that defines that TZID comes
 * from libical's own zone tables, so a registrant in another zone sees
 * it at their local time and the calendar keeps it right across a
 * daylight-saving change.  A webinar in UTC is written in UTC instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "buf.h"
#include "cohort_feed.h"
#include "cohort_store.h"
#include "cohort_webinar.h"
#include "log.h"
#include "token.h"
#include "tz.h"
#include "util.h"

#define DEFAULT_TITLE	"30-Day Referral-Ready Plan"

static struct icaltimetype
utc(time_t t)
{
	return icaltime_from_timet_with_zone(t, 0,
	    icaltimezone_get_utc_timezone());
}

static struct icaltimetype
allday(struct date d)
{
	struct icaltimetype t = icaltime_null_date();

	t.year = d.y;
	t.month = d.m;
	t.day = d.d;
	return t;
}

/* the wall-clock time at t in zone, with no zone attached */
static struct icaltimetype
wall(time_t t, const char *zone)
{
	struct icaltimetype w = icaltime_null_time();
	long long local;
	long days, secs;
	struct date d;
	int off = 0;

	tz_offset(zone, t, &off);
	local = (long long)t + off;
	days = (long)(local >= 0 ? local / 86400 : (local - 86399) / 86400);
	secs = (long)(local - (long long)days * 86400);
	d = clock_days_to_date(days);
	w.year = d.y;
	w.month = d.m;
	w.day = d.d;
	w.hour = (int)(secs / 3600);
	w.minute = (int)(secs / 60 % 60);
	w.second = (int)(secs % 60);
	return w;
}

static void
xprop(icalcomponent *c, const char *name, const char *value, int duration)
{
	icalproperty *p = icalproperty_new_x(value);

	icalproperty_set_x_name(p, name);
	if (duration)
		icalproperty_add_parameter(p,
		    icalparameter_new_value(ICAL_VALUE_DURATION));
	icalcomponent_add_property(c, p);
}

/*
 * An event stamped stamp at revision seq: the webinar's move up when its
 * title or links change (cohort_store_set_webinar), the plan start's
 * never do.
 */
static icalcomponent *
event(const struct cohort *c, const char *what, const char *domain,
    time_t stamp, int seq)
{
	icalcomponent *ev = icalcomponent_new_vevent();
	char uid[200];

	snprintf(uid, sizeof(uid), "refready-cohort-%lld-%s@%s", c->id, what,
	    domain);
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc(stamp)));
	icalcomponent_add_property(ev, icalproperty_new_sequence(seq));
	if (seq > 0)
		icalcomponent_add_property(ev, icalproperty_new_lastmodified(
		    utc(stamp)));
	return ev;
}

/*
 * What the webinar event says: the program, where to join and watch
 * again, and when the plan starts.  Plain text; libical escapes it.
 */
static char *
webinar_description(const struct cohort *c, const char *title)
{
	struct buf b;
	char when[40];

	buf_init(&b, 16 * 1024);
	buf_printf(&b, "The free webinar for the %s.", title);
	if (c->join_url)
		buf_printf(&b, "\n\nJoin: %s", c->join_url);
	if (c->replay_url)
		buf_printf(&b, "\n\nReplay: %s", c->replay_url);
	clock_format_long(c->start, when);
	buf_printf(&b, "\n\nThe plan starts on %s.", when);
	return buf_take(&b);
}

char *
cohort_feed_build(const struct cohort *c, const char *domain,
    const char *title)
{
	icalcomponent *cal = icalcomponent_new_vcalendar(), *ev, *vtz;
	struct icaltimetype start;
	icalproperty *p;
	const char *link;
	char *name, *s;
	struct date next;

	if (title == NULL || *title == '\0')
		title = DEFAULT_TITLE;
	/* registrants see the webinar's title; its short name otherwise */
	if (c->title)
		name = xstrdup_flat(c->title);
	else {
		s = xstrdup_flat(c->name);
		name = xasprintf("Webinar: %s", s);
		free(s);
	}
	icalcomponent_add_property(cal,
	    icalproperty_new_prodid("-//refready//Referral-Ready Plan//EN"));
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal,
	    icalproperty_new_method(ICAL_METHOD_PUBLISH));
	xprop(cal, "X-WR-CALNAME", name, 0);
	xprop(cal, "REFRESH-INTERVAL", "PT12H", 1);
	xprop(cal, "X-PUBLISHED-TTL", "PT12H", 0);

	/* the webinar, in the zone it was announced in */
	vtz = tz_vtimezone(c->webinar_tz, c->webinar_at);
	ev = event(c, "webinar", domain, c->sequence > 0 && c->modified_at ?
	    c->modified_at : c->created_at, c->sequence);
	if (vtz) {
		icalcomponent_add_component(cal, vtz);
		start = wall(c->webinar_at, c->webinar_tz);
		p = icalproperty_new_dtstart(start);
		icalproperty_add_parameter(p,
		    icalparameter_new_tzid(c->webinar_tz));
	} else
		p = icalproperty_new_dtstart(utc(c->webinar_at));
	icalcomponent_add_property(ev, p);
	icalcomponent_add_property(ev, icalproperty_new_duration(
	    icaldurationtype_from_int(COHORT_WEBINAR_MINUTES * 60)));
	icalcomponent_add_property(ev, icalproperty_new_summary(name));
	if ((link = cohort_webinar_link(c)) != NULL)
		icalcomponent_add_property(ev, icalproperty_new_url(link));
	s = webinar_description(c, title);
	icalcomponent_add_property(ev, icalproperty_new_description(s));
	free(s);
	icalcomponent_add_component(cal, ev);

	/* the plan's first day, all day on the local date */
	next = clock_days_to_date(clock_date_to_days(c->start) + 1);
	ev = event(c, "start", domain, c->created_at, 0);
	icalcomponent_add_property(ev, icalproperty_new_dtstart(allday(
	    c->start)));
	icalcomponent_add_property(ev, icalproperty_new_dtend(allday(next)));
	s = xasprintf("%s starts", title);
	icalcomponent_add_property(ev, icalproperty_new_summary(s));
	free(s);
	s = xasprintf("Day 1 of the %s: the first lesson arrives by email "
	    "in the morning.", title);
	icalcomponent_add_property(ev, icalproperty_new_description(s));
	free(s);
	icalcomponent_add_property(ev, icalproperty_new_transp(
	    ICAL_TRANSP_TRANSPARENT));
	icalcomponent_add_component(cal, ev);

	free(name);
	s = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	return s ? s : xstrdup("");
}

int
cohort_feed_lookup(struct db *db, const char *token, size_t len,
    long long *id)
{
	unsigned char hash[TOKEN_HASH_LEN];
	sqlite3_stmt *st;
	int rc;

	if (token_hash(token, len, hash) == -1)
		return 1;
	st = db_prepare(db, "SELECT owner_id FROM token WHERE hash = ? AND "
	    "kind = 'cohort'");
	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		db_warn(db, "cohort feed");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

char *
cohort_feed_for(struct db *db, long long id, const char *base_url,
    const char *title)
{
	const char *host = strstr(base_url, "://");
	struct cohort c;
	char domain[128], *out;

	if (cohort_store_get(db, id, &c) != 0)
		return NULL;
	/* UIDs carry the public host: stable while base_url is */
	host = host ? host + 3 : base_url;
	snprintf(domain, sizeof(domain), "%.*s", (int)strcspn(host, ":/"),
	    host);
	out = cohort_feed_build(&c, domain, title);
	cohort_free(&c);
	return out;
}
