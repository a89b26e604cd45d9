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
#include "followon_mail.h"
#include "followon_store.h"
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

/*
 * One week after the plan: an all-day event on the week's first day with
 * its task, like a plan day's, and a UID of its own.  Its SEQUENCE and
 * stamps move only when a retake changed the week's category or task.
 */
static void
week_event(icalcomponent *cal, const struct enrollment *e,
    const struct feed_week *w, const char *page_url, const char *domain)
{
	icalcomponent *ev = icalcomponent_new_vevent();
	time_t stamp = w->modified_at ? w->modified_at : e->created_at;
	struct date next;
	char uid[160], *summary, *desc, *url;

	next = clock_days_to_date(clock_date_to_days(w->date) + 1);
	summary = xasprintf("Week %d: %s", w->week, w->task);
	url = xasprintf("%s#followon", page_url);
	desc = xasprintf("Week %d of 12 after the plan: %s\n%s", w->week,
	    w->category, url);
	snprintf(uid, sizeof(uid), "refready-%lld-week%d@%s", e->id, w->week,
	    domain);
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc(stamp)));
	icalcomponent_add_property(ev, icalproperty_new_dtstart(allday(
	    w->date)));
	icalcomponent_add_property(ev, icalproperty_new_dtend(allday(next)));
	icalcomponent_add_property(ev, icalproperty_new_summary(summary));
	icalcomponent_add_property(ev, icalproperty_new_description(desc));
	icalcomponent_add_property(ev, icalproperty_new_url(url));
	icalcomponent_add_property(ev, icalproperty_new_sequence(w->sequence));
	icalcomponent_add_property(ev, icalproperty_new_lastmodified(utc(
	    stamp)));
	icalcomponent_add_property(ev, icalproperty_new_transp(
	    ICAL_TRANSP_TRANSPARENT));
	icalcomponent_add_component(cal, ev);
	free(summary);
	free(desc);
	free(url);
}

int
feed_weeks(struct db *db, const struct curriculum *cur,
    const struct enrollment *e, time_t now, struct feed_weeks *fw)
{
	struct followon_plan p;
	int w, stopped = strcmp(e->state, "active") != 0 &&
	    strcmp(e->state, "completed") != 0 &&
	    strcmp(e->state, "paused") != 0;

	memset(fw, 0, sizeof(*fw));
	if (followon_plan_load(db, cur, e, now, &p) == -1)
		return -1;
	for (w = 1; p.st.opted_in && w <= FOLLOWON_WEEKS; w++) {
		struct feed_week *f = &fw->w[fw->n];
		const struct followon_week *pw = &p.weeks[w - 1];

		/* the weeks that will never come leave the calendar */
		if ((stopped && strcmp(p.st.rows[w - 1].state, "sent") != 0) ||
		    pw->category >= cur->scorecard.ncategories)
			continue;
		f->week = w;
		f->date = p.dates[w - 1];
		f->task = followon_task_text(cur, pw);
		f->category = cur->scorecard.categories[pw->category].title;
		f->sequence = pw->sequence;
		f->modified_at = pw->modified_at;
		fw->n++;
	}
	followon_plan_free(&p);
	return 0;
}

char *
feed_build(const struct curriculum *cur, const struct enrollment *e,
    const struct feed_day days[CUR_DAYS], const struct feed_weeks *fw,
    const char *page_url, const char *domain, int todos)
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
	for (i = 0; fw && i < fw->n; i++)
		week_event(cal, e, &fw->w[i], page_url, domain);
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
    const struct feed_day days[CUR_DAYS], const struct feed_weeks *fw,
    const char *base_url, const unsigned char key[TOKEN_SECRET_LEN],
    int todos)
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
	return feed_build(cur, e, days, fw, l.page, domain, todos);
}

char *
feed_for(struct db *db, const struct curriculum *cur,
    const struct enrollment *e, const char *base_url,
    const unsigned char key[TOKEN_SECRET_LEN], time_t now, int todos)
{
	struct feed_day days[CUR_DAYS];
	struct feed_weeks fw;

	if (feed_days(db, e->id, days) == -1 ||
	    feed_weeks(db, cur, e, now, &fw) == -1)
		return NULL;
	return feed_render(cur, e, days, &fw, base_url, key, todos);
}

void
feed_inputs_hash(const struct enrollment *e,
    const struct feed_day days[CUR_DAYS], const struct feed_weeks *fw,
    const char *base_url, unsigned gen, int todos, unsigned char out[32])
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
	/* the weeks after the plan: their texts are the curriculum's (gen) */
	for (i = 0; fw && i < (size_t)fw->n; i++) {
		const struct feed_week *w = &fw->w[i];

		v[0] = w->week;
		v[1] = clock_date_to_days(w->date);
		v[2] = w->sequence;
		v[3] = (long long)w->modified_at;
		buf_add(&b, v, 4 * sizeof(v[0]));
		buf_add(&b, w->task, strlen(w->task) + 1);
		buf_add(&b, w->category, strlen(w->category) + 1);
	}
	SHA256((const unsigned char *)b.data, b.len, out);
	buf_free(&b);
}
