/*
 * feed.c - the participant's calendar (see feed.h).
 *
 * Google, Apple and Outlook ignore VTODO in subscriptions, so the plan is
 * published as events; VTODOs are only added on request.  Each event is
 * all-day (VALUE=DATE) on the person's own local date, so it never lands
 * a day off in another zone, and TRANSPARENT, so it blocks no time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>
#include <openssl/sha.h>

#include "buf.h"
#include "feed.h"
#include "util.h"

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

char *
feed_build(const struct curriculum *cur, const struct enrollment *e,
    const struct feed_day days[CUR_DAYS], const char *page_url,
    const char *domain, int todos)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();
	struct sched_plan plan;
	char *name, *out;
	int i;

	icalcomponent_add_property(cal,
	    icalproperty_new_prodid("-//refready//Referral-Ready Plan//EN"));
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal,
	    icalproperty_new_method(ICAL_METHOD_PUBLISH));
	name = xstrdup_flat(cur->title);
	xprop(cal, "X-WR-CALNAME", name, 0);
	free(name);
	/* a hint only (RFC 7986); X-PUBLISHED-TTL for the clients before it */
	xprop(cal, "REFRESH-INTERVAL", "PT12H", 1);
	xprop(cal, "X-PUBLISHED-TTL", "PT12H", 0);

	enrollment_plan(e, &plan);
	for (i = 0; i < CUR_DAYS; i++) {
		const struct cur_day *d = &cur->days[i];
		const struct feed_day *f = &days[i];
		time_t stamp = f->modified_at ? f->modified_at : e->created_at;
		icalcomponent *ev;
		struct date when, next;
		char uid[160], *summary, *desc;

		if (sched_day_date(&plan, i + 1, &when) == -1)
			continue;	/* paused: no date yet */
		next = clock_days_to_date(clock_date_to_days(when) + 1);
		summary = xasprintf("%sDay %d: %s", f->done ? "\xe2\x9c\x93 " : "",
		    i + 1, d->task);
		desc = xasprintf("%s\n\nDay %d of %d: %s\n%s", d->objective,
		    i + 1, CUR_DAYS, d->title, page_url);
		snprintf(uid, sizeof(uid), "refready-%lld-day%d@%s", e->id, i + 1,
		    domain);
		ev = icalcomponent_new_vevent();
		icalcomponent_add_property(ev, icalproperty_new_uid(uid));
		icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc(
		    stamp)));
		icalcomponent_add_property(ev, icalproperty_new_dtstart(allday(
		    when)));
		icalcomponent_add_property(ev, icalproperty_new_dtend(allday(
		    next)));
		icalcomponent_add_property(ev, icalproperty_new_summary(summary));
		icalcomponent_add_property(ev, icalproperty_new_description(
		    desc));
		icalcomponent_add_property(ev, icalproperty_new_url(page_url));
		icalcomponent_add_property(ev, icalproperty_new_sequence(
		    f->sequence));
		icalcomponent_add_property(ev, icalproperty_new_lastmodified(
		    utc(stamp)));
		icalcomponent_add_property(ev, icalproperty_new_transp(
		    ICAL_TRANSP_TRANSPARENT));
		icalcomponent_add_component(cal, ev);
		if (todos) {
			icalcomponent *td = icalcomponent_new_vtodo();

			snprintf(uid, sizeof(uid), "refready-%lld-task%d@%s",
			    e->id, i + 1, domain);
			icalcomponent_add_property(td, icalproperty_new_uid(uid));
			icalcomponent_add_property(td, icalproperty_new_dtstamp(
			    utc(stamp)));
			icalcomponent_add_property(td, icalproperty_new_due(
			    allday(when)));
			icalcomponent_add_property(td, icalproperty_new_summary(
			    summary));
			icalcomponent_add_property(td,
			    icalproperty_new_description(desc));
			icalcomponent_add_property(td, icalproperty_new_url(
			    page_url));
			icalcomponent_add_property(td, icalproperty_new_sequence(
			    f->sequence));
			icalcomponent_add_property(td,
			    icalproperty_new_lastmodified(utc(stamp)));
			icalcomponent_add_property(td, icalproperty_new_status(
			    f->done ? ICAL_STATUS_COMPLETED :
			    ICAL_STATUS_NEEDSACTION));
			if (f->done && f->done_at)
				icalcomponent_add_property(td,
				    icalproperty_new_completed(utc(f->done_at)));
			icalcomponent_add_component(cal, td);
		}
		free(summary);
		free(desc);
	}
	out = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	return out ? out : xstrdup("");
}

int
feed_days(struct db *db, long long id, struct feed_day days[CUR_DAYS])
{
	static const char sql[] = "SELECT day, done, COALESCE(done_at, 0), "
	    "sequence, modified_at FROM task WHERE enrollment_id = ?";
	sqlite3_stmt *st = db_cached(db, sql);
	int rc;

	memset(days, 0, sizeof(days[0]) * CUR_DAYS);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int d = sqlite3_column_int(st, 0);

		if (d < 1 || d > CUR_DAYS)
			continue;
		days[d - 1].done = sqlite3_column_int(st, 1);
		days[d - 1].done_at = (time_t)sqlite3_column_int64(st, 2);
		days[d - 1].sequence = sqlite3_column_int(st, 3);
		days[d - 1].modified_at = (time_t)sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

void
feed_etag(const char *body, size_t len, char out[40])
{
	unsigned char h[SHA256_DIGEST_LENGTH];
	int i;

	SHA256((const unsigned char *)body, len, h);
	out[0] = '"';
	for (i = 0; i < 16; i++)
		snprintf(out + 1 + 2 * i, 3, "%02x", h[i]);
	out[33] = '"';
	out[34] = '\0';
}

char *
feed_render(const struct curriculum *cur, const struct enrollment *e,
    const struct feed_day days[CUR_DAYS], const char *base_url,
    const unsigned char key[TOKEN_SECRET_LEN], int todos)
{
	char page[TOKEN_LEN + 1], feed[TOKEN_LEN + 1], unsub[TOKEN_LEN + 1];
	char domain[128];
	struct token_links l;
	const char *host = strstr(base_url, "://");

	enrollment_tokens(e, key, page, feed, unsub);
	token_links(base_url, page, feed, unsub, &l);
	/* UIDs carry the public host: stable while base_url is */
	host = host ? host + 3 : base_url;
	snprintf(domain, sizeof(domain), "%.*s", (int)strcspn(host, ":/"),
	    host);
	return feed_build(cur, e, days, l.page, domain, todos);
}

char *
feed_for(struct db *db, const struct curriculum *cur,
    const struct enrollment *e, const char *base_url,
    const unsigned char key[TOKEN_SECRET_LEN], int todos)
{
	struct feed_day days[CUR_DAYS];

	if (feed_days(db, e->id, days) == -1)
		return NULL;
	return feed_render(cur, e, days, base_url, key, todos);
}

void
feed_inputs_hash(const struct enrollment *e,
    const struct feed_day days[CUR_DAYS], const char *base_url,
    unsigned gen, int todos, unsigned char out[32])
{
	struct buf b;
	long long v[8];
	size_t i;

	buf_init(&b, 1 << 20);
	v[0] = e->id;
	v[1] = e->token_version;
	v[2] = (long long)e->created_at;
	v[3] = clock_date_to_days(e->start);
	v[4] = e->weekdays;
	v[5] = (long long)e->npauses;
	v[6] = gen;
	v[7] = todos;
	buf_add(&b, v, sizeof(v));
	buf_add(&b, e->tz, strlen(e->tz) + 1);
	buf_add(&b, base_url, strlen(base_url) + 1);
	for (i = 0; i < e->npauses; i++) {
		const struct sched_pause *p = &e->pauses[i];

		v[0] = clock_date_to_days(p->from);
		v[1] = p->open ? -1 : clock_date_to_days(p->until);
		buf_add(&b, v, 2 * sizeof(v[0]));
	}
	/* the queued days' dates, which the plan takes as they are */
	for (i = 0; i < (size_t)e->nfixed; i++) {
		v[0] = clock_date_to_days(e->fixed[i]);
		buf_add(&b, v, sizeof(v[0]));
	}
	for (i = 0; i < CUR_DAYS; i++) {
		v[0] = days[i].done;
		v[1] = (long long)days[i].done_at;
		v[2] = days[i].sequence;
		v[3] = (long long)days[i].modified_at;
		buf_add(&b, v, 4 * sizeof(v[0]));
	}
	SHA256((const unsigned char *)b.data, b.len, out);
	buf_free(&b);
}
