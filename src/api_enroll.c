/*
 * api_enroll.c - the API's people: POST /api/v1/enrollments, and GET and
 * POST .../pause, .../resume, .../unenroll of /api/v1/enrollments/EMAIL.
 *
 * Each goes through what the matching command uses: enroll.c's checks
 * and way in (so the suppression list, the late-join policy and whatever
 * enrolling sends, such as the welcome email, apply alike), enrollment.c's
 * changes, and person_json.c's object, which every answer about a person
 * is, exactly as `status EMAIL --json` prints it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_call.h"
#include "api_enroll.h"
#include "api_json.h"
#include "app.h"
#include "clock.h"
#include "enroll.h"
#include "enrollment.h"
#include "log.h"
#include "person_json.h"

/* how enroll.c's messages name the body's fields */
static const struct enroll_names api_names = {
	"name", "send_at", "start", "pacing", "GET /api/v1/cohorts"
};

static const char *const field_names[ENROLL_NFIELDS] = {
	"email", "name", "tz", "send_at", "start", "pacing", "cohort"
};

/* enrollment id's object, with status */
static void
answer_person(struct api_call *c, int status, long long id)
{
	struct enrollment e;

	if (enrollment_get(c->db, id, &e) != 0) {
		api_failed(c);
		return;
	}
	api_answer(c, status, person_json(c->db, &e, c->now, 1));
	enrollment_free(&e);
}

/* "/api/v1/enrollments/EMAIL", the address %-encoded but for '@' */
static void
person_location(struct http_resp *rs, const char *email)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o, n = sizeof(rs->location);
	const unsigned char *p;

	o = (size_t)snprintf(rs->location, n, "/api/v1/enrollments/");
	for (p = (const unsigned char *)email; *p && o + 4 < n; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~@", *p))
			rs->location[o++] = (char)*p;
		else {
			rs->location[o++] = '%';
			rs->location[o++] = hex[*p >> 4];
			rs->location[o++] = hex[*p & 15];
		}
	}
	rs->location[o] = '\0';
}

/* a refusal of enroll_create, in the API's words */
static void
refused(struct api_call *c, int x, const struct enroll_in *in,
    struct enroll_problem *p)
{
	switch (x) {
	case ENROLL_BAD:
		api_error(c, 422, field_names[p->field], "%s", p->why);
		break;
	case ENROLL_TAKEN:
		api_error(c, 409, NULL, "'%s' is already enrolled (GET "
		    "/api/v1/enrollments/%s)", in->email, in->email);
		break;
	case ENROLL_SUPPRESSED:
		/* suppress.c's advice names commands: keep what and when */
		p->why[strcspn(p->why, ";")] = '\0';
		api_error(c, 409, NULL, "%s (\"resubscribe\": true lifts an "
		    "unsubscribe or a block, when they asked to join again)",
		    p->why);
		break;
	default:
		api_failed(c);
	}
}

void
api_enroll(struct api_call *c)
{
	struct app_conf *conf = app_conf_get(c->a);
	struct enroll_problem p;
	struct api_problem ap;
	struct enroll_req r;
	struct enroll_in in;
	json_t *o;
	long long id;
	int x;

	memset(&p, 0, sizeof(p));
	if ((o = api_body(c, 0)) == NULL)
		goto out;
	if (api_json_enroll(o, &in, &ap) == -1) {
		api_error(c, ap.status, ap.field, "%s", ap.msg);
		goto out;
	}
	if ((x = enroll_check(&in, &api_names, conf->cfg.schedule_tz,
	    conf->cfg.schedule_send_at, &r, &p)) != 0) {
		refused(c, x, &in, &p);
		goto out;
	}
	if (r.weekdays == -1)
		r.weekdays = conf->cur.pacing == CUR_PACING_WEEKDAYS;
	if ((x = enroll_create(c->db, &in, &api_names, &r, c->now, c->a->key,
	    &id, &p)) != 0) {
		refused(c, x, &in, &p);
		goto out;
	}
	app_wrote(c->a);
	log_info("api: key '%s' enrolled enrollment %lld", c->key, id);
	answer_person(c, 201, id);
	if (c->rs->status == 201)
		person_location(c->rs, in.email);
out:
	enroll_problem_free(&p);
	json_decref(o);
	app_conf_put(c->a, conf);
}

/* the person the path names; 0, or -1 having answered */
static int
find_person(struct api_call *c, struct enrollment *e)
{
	int r;

	if ((r = enrollment_find(c->db, c->word, e)) == 0)
		return 0;
	if (r == 1)
		api_error(c, 404, NULL, "no one enrolled as '%s'", c->word);
	else
		api_failed(c);
	return -1;
}

void
api_person(struct api_call *c)
{
	struct enrollment e;

	if (find_person(c, &e) == -1)
		return;
	api_answer(c, 200, person_json(c->db, &e, c->now, 1));
	enrollment_free(&e);
}

/*
 * The outcome of a change to e, done with r and why as enrollment.c
 * returns them: the person's object after it, or 409 with why.  The one
 * refusal about a value, pause's date, is the field's 422; its message
 * names the command's option, which here is "until".
 */
static void
changed(struct api_call *c, struct enrollment *e, int r, char *why,
    const char *what)
{
	if (r == 0) {
		app_wrote(c->a);
		log_info("api: key '%s' %s enrollment %lld", c->key, what,
		    e->id);
		answer_person(c, 200, e->id);
	} else if (r == 1 && strncmp(why, "--until ", 8) == 0)
		api_error(c, 422, "until", "%s", why + 2);
	else if (r == 1)
		api_error(c, 409, NULL, "%s", why);
	else
		api_failed(c);
	free(why);
}

void
api_pause(struct api_call *c)
{
	struct api_problem ap;
	struct enrollment e;
	const char *until;
	struct date u;
	char *why = NULL;
	json_t *o;
	int r;

	if ((o = api_body(c, 1)) == NULL)
		return;
	if (api_json_pause(o, &until, &ap) == -1)
		api_error(c, ap.status, ap.field, "%s", ap.msg);
	else if (until && clock_parse_date(until, &u) == -1)
		api_error(c, 422, "until", "bad until date '%s' (expected "
		    "YYYY-MM-DD)", until);
	else if (find_person(c, &e) == 0) {
		r = enrollment_pause(c->db, &e, c->now, until ? &u : NULL,
		    &why);
		changed(c, &e, r, why, "paused");
		enrollment_free(&e);
	}
	json_decref(o);
}

/* resume and unenroll: no fields, one change */
static void
simple(struct api_call *c, int (*fn)(struct db *, struct enrollment *,
    time_t, char **), const char *what)
{
	struct api_problem ap;
	struct enrollment e;
	char *why = NULL;
	json_t *o;
	int r;

	if ((o = api_body(c, 1)) == NULL)
		return;
	if (api_json_none(o, &ap) == -1)
		api_error(c, ap.status, ap.field, "%s", ap.msg);
	else if (find_person(c, &e) == 0) {
		r = fn(c->db, &e, c->now, &why);
		changed(c, &e, r, why, what);
		enrollment_free(&e);
	}
	json_decref(o);
}

void
api_resume(struct api_call *c)
{
	simple(c, enrollment_resume, "resumed");
}

void
api_unenroll(struct api_call *c)
{
	simple(c, enrollment_unenroll, "unenrolled");
}
