/*
 * cur_json.c - typed members of the curriculum's JSON files, each problem
 * reported at its position (see cur_json.h).  Shared by program.json
 * (curriculum.c) and scorecard.json (cur_scorecard.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cur_json.h"
#include "util.h"

#define JSON_MAX	(4 * 1024 * 1024)

char *
cur_json_subpath(const char *path, const char *key)
{
	return *path ? xasprintf("%s.%s", path, key) : xstrdup(key);
}

/*
 * Curriculum text ends up in mail headers and calendar lines: no control
 * characters at all.
 */
int
cur_json_has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

void
cur_json_only_keys(struct jdoc *doc, json_t *obj, const char *path,
    const char *const *allowed)
{
	const char *k;
	json_t *v;

	json_object_foreach(obj, k, v) {
		const char *const *a;
		char *p;

		for (a = allowed; *a && strcmp(*a, k); a++)
			;
		if (*a)
			continue;
		p = cur_json_subpath(path, k);
		jpos_report(doc, p, 1, "unknown key '%s'", k);
		free(p);
	}
}

char *
cur_json_str(struct jdoc *doc, json_t *obj, const char *path,
    const char *key)
{
	json_t *v = json_object_get(obj, key);
	char *p = cur_json_subpath(path, key);
	char *s = NULL;

	if (v == NULL)
		jpos_report(doc, path, 0, "missing \"%s\"", key);
	else if (!json_is_string(v) || *json_string_value(v) == '\0')
		jpos_report(doc, p, 0, "\"%s\" must be a non-empty string",
		    key);
	else if (cur_json_has_ctl(json_string_value(v)))
		jpos_report(doc, p, 0, "\"%s\" must not hold line breaks or "
		    "other control characters", key);
	else
		s = xstrdup(json_string_value(v));
	free(p);
	return s;
}

int
cur_json_bool(struct jdoc *doc, json_t *obj, const char *path,
    const char *key)
{
	json_t *v = json_object_get(obj, key);
	char *p;

	if (v == NULL || json_is_boolean(v))
		return json_is_true(v);
	p = cur_json_subpath(path, key);
	jpos_report(doc, p, 0, "\"%s\" must be true or false", key);
	free(p);
	return 0;
}

long
cur_json_int(struct jdoc *doc, json_t *obj, const char *path,
    const char *key, long lo, long hi)
{
	json_t *v = json_object_get(obj, key);
	char *p = cur_json_subpath(path, key);
	long n = -1;

	if (v == NULL)
		jpos_report(doc, path, 0, "missing \"%s\"", key);
	else if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		jpos_report(doc, p, 0, "\"%s\" must be an integer from %ld "
		    "to %ld", key, lo, hi);
	else
		n = (long)json_integer_value(v);
	free(p);
	return n;
}

json_t *
cur_json_array(struct jdoc *doc, json_t *obj, const char *path,
    const char *key)
{
	json_t *v = json_object_get(obj, key);
	char *p = cur_json_subpath(path, key);

	if (v == NULL)
		jpos_report(doc, path, 0, "missing \"%s\"", key);
	else if (!json_is_array(v)) {
		jpos_report(doc, p, 0, "\"%s\" must be an array", key);
		v = NULL;
	}
	free(p);
	return v;
}

int *
cur_json_days(struct jdoc *doc, json_t *days, const char *path, int max,
    size_t *n)
{
	json_t *dv;
	size_t i;
	int *out;

	*n = 0;
	out = xcalloc(json_is_array(days) && json_array_size(days) ?
	    json_array_size(days) : 1, sizeof(int));
	json_array_foreach(days, i, dv) {
		json_int_t d = json_integer_value(dv);

		if (!json_is_integer(dv) || d < 1 || d > max) {
			char p[128];

			snprintf(p, sizeof(p), "%s.days[%zu]", path, i);
			jpos_report(doc, p, 0, "a plan day is a number from 1 "
			    "to %d", max);
			continue;
		}
		out[(*n)++] = (int)d;
	}
	return out;
}

json_t *
cur_json_load(struct jdoc *doc, char **textp)
{
	json_error_t err;
	json_t *root;
	size_t len;
	char *text;

	*textp = NULL;
	if ((text = file_read(doc->file, JSON_MAX, &len)) == NULL) {
		diag_add(doc->dl, doc->file, 0, 0, "cannot read: %s",
		    strerror(errno));
		doc->errors++;
		return NULL;
	}
	doc->text = text;
	doc->len = len;
	*textp = text;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL) {
		diag_add(doc->dl, doc->file, err.line, err.column, "%s",
		    err.text);
		doc->errors++;
		return NULL;
	}
	if (!json_is_object(root)) {
		jpos_report(doc, "", 0, "expected an object at the top");
		json_decref(root);
		return NULL;
	}
	return root;
}
