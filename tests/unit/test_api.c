/*
 * test_api.c - unit tests for the JSON API's pure parts: reading request
 * bodies strictly (api_json.c), enroll's checks with either face's names
 * (enroll.c's enroll_check), and API key names.
 */
#include <stdlib.h>
#include <string.h>

#include "api_json.h"
#include "apikey.h"
#include "enroll.h"
#include "test.h"

static int
load(const char *s, int empty_ok, json_t **o, struct api_problem *p)
{
	return api_json_object(s, strlen(s), empty_ok, o, p);
}

void
test_api_json(void)
{
	struct api_problem p;
	struct enroll_in in;
	const char *until;
	json_t *o;

	CHECK_INT(load("{\"email\": \"a@b.org\", \"name\": \"A\", "
	    "\"resubscribe\": true}", 0, &o, &p), 0);
	CHECK_INT(api_json_enroll(o, &in, &p), 0);
	CHECK_STR(in.email, "a@b.org");
	CHECK_STR(in.name, "A");
	CHECK(in.tz == NULL && in.cohort == NULL);
	CHECK_INT(in.resubscribe, 1);
	json_decref(o);

	/* 400s: not JSON, a duplicate, not an object, empty when not ok */
	CHECK_INT(load("{\"email\": ", 0, &o, &p), -1);
	CHECK_INT(p.status, 400);
	CHECK(strncmp(p.msg, "malformed JSON at line 1, column", 32) == 0);
	CHECK(o == NULL);
	CHECK_INT(load("{\"a\": 1, \"a\": 2}", 0, &o, &p), -1);
	CHECK(strstr(p.msg, "duplicate") != NULL);
	CHECK_INT(load("[1]", 0, &o, &p), -1);
	CHECK_STR(p.msg, "expected a JSON object");
	CHECK_INT(load("", 0, &o, &p), -1);
	CHECK_INT(load("{\"a\": \"x\\u0000y\"}", 0, &o, &p), -1);
	CHECK_INT(load("{\"a\": \"\xff\"}", 0, &o, &p), -1);
	CHECK_INT(load("", 1, &o, &p), 0);
	CHECK_INT(api_json_none(o, &p), 0);
	json_decref(o);

	/* 422s: types and unknown fields, named */
	CHECK_INT(load("{\"email\": 1}", 0, &o, &p), 0);
	CHECK_INT(api_json_enroll(o, &in, &p), -1);
	CHECK_INT(p.status, 422);
	CHECK_STR(p.field, "email");
	CHECK_STR(p.msg, "'email' must be a string");
	json_decref(o);
	CHECK_INT(load("{\"resubscribe\": \"yes\"}", 0, &o, &p), 0);
	CHECK_INT(api_json_enroll(o, &in, &p), -1);
	CHECK_STR(p.field, "resubscribe");
	json_decref(o);
	CHECK_INT(load("{\"email\": null}", 0, &o, &p), 0);
	CHECK_INT(api_json_enroll(o, &in, &p), -1);
	json_decref(o);
	CHECK_INT(load("{\"sendat\": \"07:00\"}", 0, &o, &p), 0);
	CHECK_INT(api_json_enroll(o, &in, &p), -1);
	CHECK_STR(p.msg, "unknown field 'sendat'");
	CHECK(p.field == NULL);
	json_decref(o);

	CHECK_INT(load("{\"until\": \"2026-12-31\"}", 0, &o, &p), 0);
	CHECK_INT(api_json_pause(o, &until, &p), 0);
	CHECK_STR(until, "2026-12-31");
	CHECK_INT(api_json_none(o, &p), -1);
	CHECK_STR(p.msg, "unknown field 'until'");
	json_decref(o);
	CHECK_INT(load("{}", 1, &o, &p), 0);
	CHECK_INT(api_json_pause(o, &until, &p), 0);
	CHECK(until == NULL);
	json_decref(o);
}

void
test_enroll_check(void)
{
	static const struct enroll_names cli = { "--name NAME", "--send-at",
	    "--start", "--pacing", "'refready cohort list'" };
	static const struct enroll_names api = { "name", "send_at", "start",
	    "pacing", "GET /api/v1/cohorts" };
	struct enroll_problem p;
	struct enroll_req r;
	struct enroll_in in;

	memset(&in, 0, sizeof(in));
	in.email = "ann@example.org";
	in.name = "Ann";
	CHECK_INT(enroll_check(&in, &api, "America/Chicago", "06:30", &r, &p),
	    0);
	CHECK_STR(r.tz, "America/Chicago");
	CHECK_INT(r.send_minutes, 6 * 60 + 30);
	CHECK_INT(r.weekdays, -1);
	enroll_problem_free(&p);
	in.pacing = "weekdays";
	in.start = "2026-12-07";
	CHECK_INT(enroll_check(&in, &api, "UTC", "07:00", &r, &p), 0);
	CHECK_INT(r.weekdays, 1);
	CHECK_INT(r.start.d, 7);
	enroll_problem_free(&p);

	/* the same problem in each face's words */
	in.send_at = "7am";
	CHECK_INT(enroll_check(&in, &cli, "UTC", "07:00", &r, &p), ENROLL_BAD);
	CHECK_INT(p.field, ENROLL_SEND_AT);
	CHECK_STR(p.why, "bad --send-at '7am' (expected HH:MM)");
	enroll_problem_free(&p);
	CHECK_INT(enroll_check(&in, &api, "UTC", "07:00", &r, &p), ENROLL_BAD);
	CHECK_STR(p.why, "bad send_at '7am' (expected HH:MM)");
	enroll_problem_free(&p);
	in.send_at = NULL;
	in.name = NULL;
	CHECK_INT(enroll_check(&in, &cli, "UTC", "07:00", &r, &p), ENROLL_BAD);
	CHECK_STR(p.why, "--name NAME is required");
	enroll_problem_free(&p);
	in.name = "Ann";
	in.tz = "EST";		/* works, with a warning */
	CHECK_INT(enroll_check(&in, &api, "UTC", "07:00", &r, &p), 0);
	CHECK(p.warning != NULL && p.why == NULL);
	enroll_problem_free(&p);
	in.tz = "Mars/Base";
	CHECK_INT(enroll_check(&in, &api, "UTC", "07:00", &r, &p), ENROLL_BAD);
	CHECK_INT(p.field, ENROLL_TZ);
	enroll_problem_free(&p);
	in.tz = NULL;
	in.email = "no-at-sign";
	CHECK_INT(enroll_check(&in, &api, "UTC", "07:00", &r, &p), ENROLL_BAD);
	CHECK_INT(p.field, ENROLL_EMAIL);
	enroll_problem_free(&p);
}

void
test_apikey_names(void)
{
	char long_name[APIKEY_NAME_MAX + 2];

	CHECK(apikey_name_valid("crm"));
	CHECK(apikey_name_valid("Zapier-2.prod_1"));
	CHECK(!apikey_name_valid(""));
	CHECK(!apikey_name_valid("-crm"));
	CHECK(!apikey_name_valid(".crm"));
	CHECK(!apikey_name_valid("a b"));
	CHECK(!apikey_name_valid("caf\xc3\xa9"));
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	CHECK(!apikey_name_valid(long_name));
	long_name[APIKEY_NAME_MAX] = '\0';
	CHECK(apikey_name_valid(long_name));
}
