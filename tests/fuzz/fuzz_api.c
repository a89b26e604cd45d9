/*
 * fuzz_api.c - libFuzzer harness for the JSON API's request bodies:
 * api_json_object() and the field readers of api_json.c, then enroll.c's
 * checks on what they read, as POST /api/v1/enrollments runs them.
 *
 * The first byte picks the endpoint ('e' enroll, 'p' pause, anything else
 * a body that takes no fields); the rest is the body.  Checked besides
 * "no crash": a refusal is a 400 or a 422 with a message; an accepted
 * body is an object, each field read is a NUL-free UTF-8 string of the
 * body's own; enroll_check either accepts or names a field and why.
 */
#include "fuzz.h"

#include "api_json.h"
#include "enroll.h"
#include "util.h"

static const struct enroll_names names = {
	"name", "send_at", "start", "pacing", "GET /api/v1/cohorts"
};

static void
check_str(const char *s, size_t len)
{
	if (s == NULL)
		return;
	FUZZ_CHECK(strlen(s) <= len);
	FUZZ_CHECK(utf8_valid(s, strlen(s), NULL));
}

static void
check_problem(const struct api_problem *p, int status)
{
	FUZZ_CHECK(p->status == status);
	FUZZ_CHECK(p->msg[0] != '\0');
	FUZZ_CHECK(strlen(p->msg) < sizeof(p->msg));
}

static void
enroll(json_t *o, size_t len)
{
	struct enroll_problem ep;
	struct api_problem p;
	struct enroll_req r;
	struct enroll_in in;
	int x;

	if (api_json_enroll(o, &in, &p) == -1) {
		check_problem(&p, 422);
		return;
	}
	check_str(in.email, len);
	check_str(in.name, len);
	check_str(in.tz, len);
	check_str(in.send_at, len);
	check_str(in.start, len);
	check_str(in.pacing, len);
	check_str(in.cohort, len);
	x = enroll_check(&in, &names, "America/New_York", "07:00", &r, &ep);
	FUZZ_CHECK(x == 0 || x == ENROLL_BAD);
	if (x == ENROLL_BAD) {
		FUZZ_CHECK(ep.why != NULL && ep.why[0] != '\0');
		FUZZ_CHECK(ep.field < ENROLL_NFIELDS);
	} else {
		FUZZ_CHECK(enrollment_email_valid(r.email));
		FUZZ_CHECK(r.send_minutes >= 0 && r.send_minutes < 24 * 60);
		FUZZ_CHECK(r.weekdays >= -1 && r.weekdays <= 1);
	}
	enroll_problem_free(&ep);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct api_problem p;
	const char *until;
	json_t *o;
	char which;

	if (len == 0)
		return 0;
	which = (char)data[0];
	data++;
	len--;
	if (api_json_object((const char *)data, len, which != 'e', &o,
	    &p) == -1) {
		check_problem(&p, 400);
		FUZZ_CHECK(o == NULL);
		return 0;
	}
	FUZZ_CHECK(json_is_object(o));
	switch (which) {
	case 'e':
		enroll(o, len);
		break;
	case 'p':
		if (api_json_pause(o, &until, &p) == -1)
			check_problem(&p, 422);
		else
			check_str(until, len);
		break;
	default:
		if (api_json_none(o, &p) == -1)
			check_problem(&p, 422);
		else
			FUZZ_CHECK(json_object_size(o) == 0);
	}
	json_decref(o);
	return 0;
}
