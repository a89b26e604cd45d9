/*
 * api_json.c - reading the API's request bodies (see api_json.h).
 *
 * jansson parses: json_loadb with JSON_REJECT_DUPLICATES (two "email"
 * keys would leave which one counts to chance) and without
 * JSON_ALLOW_NUL, so no string holds a NUL that C would cut it at.
 * jansson also refuses invalid UTF-8, so every string here is valid.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api_json.h"

/* a field's name in a message: at most this many bytes of it */
#define KEY_SHOWN	40

static int	problem(struct api_problem *, int, const char *, const char *,
		    ...) __attribute__((format(printf, 4, 5)));

static int
problem(struct api_problem *p, int status, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	p->status = status;
	p->field = field;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
api_json_object(const char *body, size_t len, int empty_ok, json_t **root,
    struct api_problem *p)
{
	json_error_t err;
	char where[64];

	*root = NULL;
	if (len == 0 && empty_ok) {
		*root = json_object();
		return 0;
	}
	if ((*root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err)) ==
	    NULL) {
		snprintf(where, sizeof(where), "line %d, column %d", err.line,
		    err.column);
		return problem(p, 400, NULL, "malformed JSON at %s: %s", where,
		    err.text);
	}
	if (!json_is_object(*root)) {
		json_decref(*root);
		*root = NULL;
		return problem(p, 400, NULL, "expected a JSON object");
	}
	return 0;
}

/* the names a body may have, in the order of a struct's members */
static int
known(const char *key, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(key, names[i]) == 0)
			return (int)i;
	return -1;
}

static int
unknown(struct api_problem *p, const char *key)
{
	char shown[KEY_SHOWN + 4];

	/* a key is any UTF-8: cut at a character boundary */
	if (strlen(key) > KEY_SHOWN) {
		size_t n = KEY_SHOWN;

		while (n > 0 && ((unsigned char)key[n] & 0xc0) == 0x80)
			n--;
		snprintf(shown, sizeof(shown), "%.*s...", (int)n, key);
	} else
		snprintf(shown, sizeof(shown), "%s", key);
	return problem(p, 422, NULL, "unknown field '%s'", shown);
}

static const char *const enroll_fields[] = {
	"email", "name", "tz", "send_at", "start", "pacing", "cohort",
	"resubscribe"
};
#define NENROLL	(sizeof(enroll_fields) / sizeof(enroll_fields[0]))

int
api_json_enroll(json_t *o, struct enroll_in *in, struct api_problem *p)
{
	const char **slot[NENROLL - 1] = { &in->email, &in->name, &in->tz,
	    &in->send_at, &in->start, &in->pacing, &in->cohort };
	const char *key;
	json_t *v;
	int i;

	memset(in, 0, sizeof(*in));
	json_object_foreach(o, key, v) {
		if ((i = known(key, enroll_fields, NENROLL)) == -1)
			return unknown(p, key);
		if (i == (int)NENROLL - 1) {
			if (!json_is_boolean(v))
				return problem(p, 422, enroll_fields[i],
				    "'%s' must be true or false", key);
			in->resubscribe = json_is_true(v);
			continue;
		}
		if (!json_is_string(v))
			return problem(p, 422, enroll_fields[i],
			    "'%s' must be a string", key);
		*slot[i] = json_string_value(v);
	}
	return 0;
}

int
api_json_pause(json_t *o, const char **until, struct api_problem *p)
{
	static const char *const names[] = { "until" };
	const char *key;
	json_t *v;

	*until = NULL;
	json_object_foreach(o, key, v) {
		if (known(key, names, 1) == -1)
			return unknown(p, key);
		if (!json_is_string(v))
			return problem(p, 422, names[0], "'%s' must be a string "
			    "(YYYY-MM-DD)", key);
		*until = json_string_value(v);
	}
	return 0;
}

int
api_json_none(json_t *o, struct api_problem *p)
{
	const char *key;
	json_t *v;

	json_object_foreach(o, key, v)
		return unknown(p, key);
	return 0;
}
