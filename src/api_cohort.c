/*
 * api_cohort.c - the API's cohorts: GET /api/v1/cohorts, GET
 * /api/v1/cohorts/NAME/report and POST /api/v1/cohorts/NAME/import.
 *
 * The list is `cohort list --json`'s (cohort_json.c), the report the
 * very bytes of `cohort report NAME --format json` at the same clock
 * (report.c, report_fmt.c), and an import's answer `cohort import NAME
 * FILE --json`'s for the same CSV: the same parser, the same writes in
 * batches (so a large import never holds up the scheduler), the same
 * result.
 */
#include <stdlib.h>
#include <string.h>

#include "api_cohort.h"
#include "api_call.h"
#include "app.h"
#include "cohort_csv.h"
#include "cohort_json.h"
#include "cohort_store.h"
#include "log.h"
#include "report.h"
#include "report_fmt.h"

void
api_cohorts(struct api_call *c)
{
	json_t *list;

	if ((list = cohort_json_list(c->db)) == NULL)
		api_failed(c);
	else
		api_answer(c, 200, list);
}

/* the cohort the path names; 0, or -1 having answered */
static int
find_cohort(struct api_call *c, struct cohort *k)
{
	int r;

	memset(k, 0, sizeof(*k));
	if ((r = cohort_store_find(c->db, c->word, k)) == 0)
		return 0;
	if (r == 1)
		api_error(c, 404, NULL, "no cohort called '%s'", c->word);
	else
		api_failed(c);
	return -1;
}

void
api_report(struct api_call *c)
{
	struct app_conf *conf;
	struct report rep;
	struct cohort k;
	int r;

	if (find_cohort(c, &k) == -1)
		return;
	conf = app_conf_get(c->a);
	memset(&rep, 0, sizeof(rep));
	r = report_build(c->db, &conf->cur, &k, c->now, &rep);
	app_conf_put(c->a, conf);
	buf_reset(&c->rs->body);
	if (r == -1)
		api_failed(c);
	else if (report_fmt_one(&c->rs->body, &rep, REPORT_JSON) == -1)
		api_error(c, 500, NULL, "the report is over %d MiB; use "
		    "'refready cohort report %s --format json'",
		    HTTP_MAXPAGE / (1024 * 1024), k.name);
	else {
		c->rs->status = 200;
		c->rs->ctype = "application/json";
	}
	report_free(&rep);
	cohort_free(&k);
}

/* ?dry_run=1 (or true); 0 or 1, or -1 having answered */
static int
dry_run(struct api_call *c)
{
	const char *v = http_req_arg(c->rq, "dry_run");

	if (v == NULL || strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
		return 0;
	if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
		return 1;
	api_error(c, 422, "dry_run", "bad dry_run '%s' (1, true, 0 or false)",
	    v);
	return -1;
}

void
api_import(struct api_call *c)
{
	struct cohort_import_counts n;
	struct cohort_csv csv;
	struct cohort k;
	int dry;

	if (!api_ctype_is(c->rq, "text/csv")) {
		api_error(c, 400, NULL, "expected Content-Type: text/csv (a "
		    "webinar platform's export)");
		return;
	}
	if ((dry = dry_run(c)) == -1 || find_cohort(c, &k) == -1)
		return;
	cohort_csv_init(&csv, k.webinar_tz);
	if (cohort_csv_feed(&csv, c->rq->body, c->rq->bodylen) == 0)
		cohort_csv_end(&csv);
	if (csv.error)
		api_error(c, 422, NULL, "the CSV body: %s; nothing imported",
		    csv.error);
	else if (cohort_store_import(c->db, k.id, &csv.people, dry, c->now,
	    &n, NULL, NULL) == -1)
		api_failed(c);
	else {
		if (!dry) {
			app_wrote(c->a);
			log_info("api: key '%s' imported %zu people into cohort "
			    "%lld: %ld added, %ld updated", c->key,
			    csv.people.n, k.id, n.added, n.updated);
		}
		api_answer(c, 200, cohort_json_import(&k, &csv, &n, dry));
	}
	cohort_csv_free(&csv);
	cohort_free(&k);
}
