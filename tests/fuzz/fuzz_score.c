/*
 * fuzz_score.c - libFuzzer harness for the scorecard's answers from
 * outside: the JSON that `score --answers` reads and the form the web
 * page posts (decoded by form_parse first, as the daemon does).  The
 * first byte picks which.  Checked besides "no crash": accepted answers
 * are each 0 to 4, or N/A only where the item allows it, and score to an
 * index from 0 to 100; refused ones come with at least one problem.
 */
#include "fuzz.h"

#include "curriculum.h"
#include "form.h"
#include "scorecard.h"

#ifndef FUZZ_SCORECARD
#define FUZZ_SCORECARD	"curriculum"
#endif

static struct curriculum cur;
static int loaded;

static void
setup(void)
{
	struct diag_list dl = { NULL, 0, 0 };
	const char *dir = getenv("FUZZ_SCORECARD");

	if (dir == NULL || *dir == '\0')
		dir = FUZZ_SCORECARD;
	if (cur_load(dir, &cur, &dl) == -1) {
		diag_print(&dl, stderr, "fuzz: ");
		abort();
	}
	diag_free(&dl);
	loaded = 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const struct cur_scorecard *sc;
	struct score_problems p;
	struct score_result res;
	struct form f;
	size_t n, k;
	int *v, rc;

	if (!loaded)
		setup();
	sc = &cur.scorecard;
	n = score_nitems(sc);
	if (len == 0)
		return 0;
	v = calloc(n, sizeof(*v));
	FUZZ_CHECK(v != NULL);
	memset(&p, 0, sizeof(p));
	if (data[0] & 1)
		rc = score_answers_from_json(sc, (const char *)data + 1,
		    len - 1, v, &p);
	else {
		if (form_parse(&f, (const char *)data + 1, len - 1) == -1) {
			free(v);
			return 0;
		}
		rc = score_answers_from_form(sc, form_lookup, &f, v, &p);
		form_free(&f);
	}
	if (rc == 0) {
		FUZZ_CHECK(p.n == 0);
		for (k = 0; k < n; k++) {
			const struct cur_item *it = score_item(sc, k, NULL);

			FUZZ_CHECK((v[k] >= 0 && v[k] <= 4) ||
			    (v[k] == SCORE_NA && it->na));
		}
		score_compute(sc, v, &res);
		FUZZ_CHECK(res.index >= 0 && res.index <= 100);
		score_result_free(&res);
	} else
		FUZZ_CHECK(p.n > 0);
	score_problems_free(&p);
	free(v);
	return 0;
}
