/*
 * cohort_json.c - cohorts as JSON (see cohort_json.h).
 */
#include "clock.h"
#include "cohort_json.h"

json_t *
cohort_json_list(struct db *db)
{
	struct cohort *v = NULL;
	struct cohort_counts k;
	json_t *list = NULL;
	size_t n = 0, i;
	char at[21], start[11], local[96];

	if (cohort_store_list(db, &v, &n) == -1)
		return NULL;
	list = json_array();
	for (i = 0; i < n; i++) {
		if (cohort_store_counts(db, &v[i], &k) == -1) {
			json_decref(list);
			list = NULL;
			break;
		}
		clock_format_rfc3339(v[i].webinar_at, at);
		clock_format_date(v[i].start, start);
		cohort_webinar_str(&v[i], 0, local, sizeof(local));
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, "
		    "s:o, s:I, s:I, s:I, s:I, s:I}", "name", v[i].name,
		    "webinar", at, "webinar_local", local, "start", start,
		    "skip_dates", v[i].skip_dates ?
		    json_string(v[i].skip_dates) : json_null(),
		    "registered", (json_int_t)k.registered,
		    "attended", (json_int_t)k.attended,
		    "not_attended", (json_int_t)k.not_attended,
		    "registered_late", (json_int_t)k.late,
		    "enrolled", (json_int_t)k.enrolled));
		/* the webinar as registrants see it: null when not set */
		json_object_set_new(json_array_get(list, i), "title",
		    v[i].title ? json_string(v[i].title) : json_null());
		json_object_set_new(json_array_get(list, i), "join_url",
		    v[i].join_url ? json_string(v[i].join_url) : json_null());
		json_object_set_new(json_array_get(list, i), "replay_url",
		    v[i].replay_url ? json_string(v[i].replay_url) :
		    json_null());
	}
	cohort_store_list_free(v, n);
	return list;
}

static json_t *
lines_json(const struct cohort_reject *r, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:i, s:s}", "line",
		    r[i].line, "why", r[i].why));
	return a;
}

json_t *
cohort_json_import(const struct cohort *c, const struct cohort_csv *csv,
    const struct cohort_import_counts *n, int dry_run)
{
	return json_pack("{s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
	    "s:o, s:o}", "cohort", c->name, "dry_run", dry_run,
	    "rows", (json_int_t)csv->rows,
	    "people", (json_int_t)csv->people.n,
	    "skipped", (json_int_t)csv->skipped,
	    "added", (json_int_t)n->added,
	    "updated", (json_int_t)n->updated,
	    "unchanged", (json_int_t)n->unchanged,
	    "rejected", (json_int_t)csv->nrejects,
	    "rejects", lines_json(csv->rejects, csv->nrejects),
	    "warnings", lines_json(csv->warnings, csv->nwarnings));
}
