/*
 * scorecard.c - scoring an attempt, reading answers from JSON or a form,
 * and when to remind someone to take the scorecard (see scorecard.h for
 * the rules).  Pure: everything comes in as arguments.
 *
 * Scores are kept as integer sums and counts and compared as fractions,
 * so two categories that score the same really tie, whatever floating
 * point would have made of 2/3 and 4/6.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "log.h"
#include "scorecard.h"
#include "util.h"

size_t
score_nitems(const struct cur_scorecard *sc)
{
	size_t c, n = 0;

	for (c = 0; c < sc->ncategories; c++)
		n += sc->categories[c].nitems;
	return n;
}

const struct cur_item *
score_item(const struct cur_scorecard *sc, size_t k, size_t *category)
{
	size_t c;

	for (c = 0; c < sc->ncategories; c++) {
		if (k < sc->categories[c].nitems) {
			if (category)
				*category = c;
			return &sc->categories[c].items[k];
		}
		k -= sc->categories[c].nitems;
	}
	return NULL;
}

long
score_item_index(const struct cur_scorecard *sc, const char *id)
{
	size_t c, i;
	long k = 0;

	for (c = 0; c < sc->ncategories; c++)
		for (i = 0; i < sc->categories[c].nitems; i++, k++)
			if (strcmp(sc->categories[c].items[i].id, id) == 0)
				return k;
	return -1;
}

/* 100 * sum / (4 * n) rounded half up; n > 0 */
static int
percent(long sum, long n)
{
	return (int)((200 * sum + (CUR_SCALE - 1) * n) /
	    (2 * (CUR_SCALE - 1) * n));
}

/* a sum and count as a fraction, for ordering categories exactly */
struct frac {
	long	sum;
	long	n;
};

/* <0, 0, >0 as a is below, equal to or above b (both n > 0) */
static int
frac_cmp(struct frac a, struct frac b)
{
	long l = a.sum * b.n, r = b.sum * a.n;

	return l < r ? -1 : l > r;
}

static void
pick_weakest(const struct frac *f, size_t ncat, struct score_result *r)
{
	size_t c, k, j;

	r->nweakest = 0;
	for (c = 0; c < ncat; c++) {
		/* nothing scored, or everything at the top: not weak */
		if (f[c].n == 0 || f[c].sum == (CUR_SCALE - 1) * f[c].n)
			continue;
		/* insertion into the short sorted list; ties keep order */
		for (k = 0; k < r->nweakest; k++)
			if (frac_cmp(f[c], f[r->weakest[k]]) < 0)
				break;
		if (k >= SCORE_WEAKEST)
			continue;
		j = r->nweakest < SCORE_WEAKEST ? r->nweakest :
		    SCORE_WEAKEST - 1;
		for (; j > k; j--)
			r->weakest[j] = r->weakest[j - 1];
		r->weakest[k] = c;
		if (r->nweakest < SCORE_WEAKEST)
			r->nweakest++;
	}
}

void
score_compute(const struct cur_scorecard *sc, const int *v,
    struct score_result *r)
{
	struct frac *f = NULL;
	long sum = 0, n = 0;
	size_t c, i, k = 0, b;

	memset(r, 0, sizeof(*r));
	r->ncat = sc->ncategories;
	r->cat = xcalloc(r->ncat ? r->ncat : 1, sizeof(*r->cat));
	r->gates_short = xcalloc(score_nitems(sc) + 1,
	    sizeof(*r->gates_short));
	f = xcalloc(r->ncat ? r->ncat : 1, sizeof(*f));
	for (c = 0; c < sc->ncategories; c++) {
		const struct cur_category *cat = &sc->categories[c];

		for (i = 0; i < cat->nitems; i++, k++) {
			int a = v[k];

			if (a >= 0 && a < CUR_SCALE) {
				f[c].sum += a;
				f[c].n++;
				r->scored++;
			} else if (a == SCORE_NA)
				r->na++;
			if (cat->items[i].gate && a != SCORE_NA &&
			    (a < sc->gate_min || a >= CUR_SCALE))
				r->gates_short[r->ngates_short++] = k;
		}
		r->cat[c] = f[c].n ? percent(f[c].sum, f[c].n) : SCORE_NONE;
		sum += f[c].sum;
		n += f[c].n;
	}
	r->index = n ? percent(sum, n) : 0;

	for (b = 0; b < sc->nbands && sc->bands[b].min <= r->index; b++)
		r->band_by_index = b;
	r->band = r->band_by_index;
	while (r->band > 0 && sc->bands[r->band].gates &&
	    r->ngates_short > 0)
		r->band--;
	r->held = r->band != r->band_by_index;
	pick_weakest(f, r->ncat, r);
	free(f);
}

void
score_result_free(struct score_result *r)
{
	free(r->cat);
	free(r->gates_short);
	memset(r, 0, sizeof(*r));
}

int
score_change(const struct score_result *first,
    const struct score_result *latest, size_t c, int *delta)
{
	if (c == (size_t)-1) {
		if (first->scored == 0 || latest->scored == 0)
			return -1;
		*delta = latest->index - first->index;
		return 0;
	}
	if (c >= first->ncat || c >= latest->ncat ||
	    first->cat[c] == SCORE_NONE || latest->cat[c] == SCORE_NONE)
		return -1;
	*delta = latest->cat[c] - first->cat[c];
	return 0;
}

size_t
score_unanswered(const struct cur_scorecard *sc, const int *v)
{
	size_t k, n = score_nitems(sc), u = 0;

	for (k = 0; k < n; k++)
		u += v[k] == SCORE_UNSET;
	return u;
}

const char *
score_answer_str(int v, char buf[4])
{
	if (v >= 0 && v < CUR_SCALE)
		snprintf(buf, 4, "%d", v);
	else
		snprintf(buf, 4, "%s", v == SCORE_NA ? "n/a" : "-");
	return buf;
}

/* ---- problems ----------------------------------------------------- */

static void
problem(struct score_problems *p, const char *item, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(struct score_problems *p, const char *item, const char *fmt, ...)
{
	struct score_problem *q;
	va_list ap;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->v = xreallocarray(p->v, p->cap, sizeof(*p->v));
	}
	q = &p->v[p->n++];
	q->item = item ? xstrdup(item) : NULL;
	va_start(ap, fmt);
	if (vasprintf(&q->msg, fmt, ap) < 0)
		q->msg = NULL;
	va_end(ap);
	if (q->msg == NULL)
		fatalx("out of memory");
}

void
score_problems_free(struct score_problems *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->v[i].item);
		free(p->v[i].msg);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

const char *
score_problem_for(const struct score_problems *p, const char *id)
{
	size_t i;

	for (i = 0; p && i < p->n; i++)
		if (p->v[i].item && strcmp(p->v[i].item, id) == 0)
			return p->v[i].msg;
	return NULL;
}

/* ---- answers from JSON ---------------------------------------------- */

/* a JSON value as its compact text, shortened, for a message */
static char *
value_text(const json_t *j)
{
	char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT), *t;

	if (s == NULL)
		return xstrdup("?");
	if (strlen(s) > 40) {
		t = xasprintf("%.37s...", s);
		free(s);
		return t;
	}
	t = xstrdup(s);
	free(s);
	return t;
}

/* one key's value: 0 with *out set, or -1 after adding a problem */
static int
json_answer(const struct cur_item *it, const char *key, const json_t *j,
    struct score_problems *p, int *out)
{
	char *vt;

	if (json_is_integer(j) && json_integer_value(j) >= 0 &&
	    json_integer_value(j) < CUR_SCALE) {
		*out = (int)json_integer_value(j);
		return 0;
	}
	if (json_is_string(j) && strcmp(json_string_value(j), "na") == 0) {
		if (it->na) {
			*out = SCORE_NA;
			return 0;
		}
		problem(p, key, "item '%s' does not allow \"na\" (answer 0 "
		    "to %d)", key, CUR_SCALE - 1);
		return -1;
	}
	vt = value_text(j);
	problem(p, key, "item '%s': bad value '%s' (expected 0 to %d%s)",
	    key, vt, CUR_SCALE - 1, it->na ? " or \"na\"" : "");
	free(vt);
	return -1;
}

/* every item not yet answered, named in one problem */
static void
missing(const struct cur_scorecard *sc, const int *v, const int *bad,
    struct score_problems *p)
{
	size_t k, n = score_nitems(sc), nmiss = 0;
	char *list = xstrdup(""), *t;

	for (k = 0; k < n; k++) {
		if (v[k] != SCORE_UNSET || bad[k])
			continue;
		t = xasprintf("%s%s'%s'", list, nmiss ? ", " : "",
		    score_item(sc, k, NULL)->id);
		free(list);
		list = t;
		nmiss++;
	}
	if (nmiss)
		problem(p, NULL, "missing answer%s for %s", nmiss == 1 ? "" :
		    "s", list);
	free(list);
}

int
score_answers_from_json(const struct cur_scorecard *sc, const char *text,
    size_t len, int *v, struct score_problems *p)
{
	size_t k, n = score_nitems(sc);
	json_error_t err;
	json_t *root = NULL, *j;
	const char *key;
	int *bad = NULL, rc = -1;
	size_t before = p->n;

	for (k = 0; k < n; k++)
		v[k] = SCORE_UNSET;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL) {
		problem(p, NULL, "bad JSON at line %d, column %d: %s",
		    err.line, err.column, err.text);
		goto out;
	}
	if (!json_is_object(root)) {
		problem(p, NULL, "answers must be a JSON object such as "
		    "{\"1.1\": 3, \"1.2\": \"na\"}");
		goto out;
	}
	bad = xcalloc(n + 1, sizeof(*bad));
	json_object_foreach(root, key, j) {
		long i = score_item_index(sc, key);
		char *shown;

		if (i < 0) {
			/* an unknown key is shown flat and short */
			shown = xstrdup_flat(key);
			if (strlen(shown) > 40) {
				size_t e = 40;

				/* not inside a UTF-8 sequence */
				while (e > 0 && ((unsigned char)shown[e] &
				    0xc0) == 0x80)
					e--;
				shown[e] = '\0';
			}
			problem(p, NULL, "unknown item '%s'", shown);
			free(shown);
			continue;
		}
		if (json_answer(score_item(sc, (size_t)i, NULL), key, j, p,
		    &v[i]) == -1)
			bad[i] = 1;
	}
	missing(sc, v, bad, p);
	rc = p->n == before ? 0 : -1;
out:
	free(bad);
	json_decref(root);
	return rc;
}

/* ---- answers from a form -------------------------------------------- */

int
score_answers_from_form(const struct cur_scorecard *sc,
    const char *(*get)(void *, const char *), void *arg, int *v,
    struct score_problems *p)
{
	size_t k, n = score_nitems(sc), before = p->n;

	for (k = 0; k < n; k++) {
		const struct cur_item *it = score_item(sc, k, NULL);
		const char *s = get(arg, it->id);

		v[k] = SCORE_UNSET;
		if (s == NULL || *s == '\0')
			problem(p, it->id, "choose a score from 0 to %d%s",
			    CUR_SCALE - 1, it->na ? ", or N/A" : "");
		else if (s[0] >= '0' && s[0] < '0' + CUR_SCALE &&
		    s[1] == '\0')
			v[k] = s[0] - '0';
		else if (strcmp(s, "na") == 0 && it->na)
			v[k] = SCORE_NA;
		else if (strcmp(s, "na") == 0)
			problem(p, it->id, "N/A is not offered for this "
			    "statement; choose a score from 0 to %d",
			    CUR_SCALE - 1);
		else
			problem(p, it->id, "'%.20s' is not a score; choose "
			    "one from 0 to %d", s, CUR_SCALE - 1);
	}
	return p->n == before ? 0 : -1;
}

/* ---- reminders ---------------------------------------------------- */

enum score_due
score_due(const struct curriculum *cur, int plan_day, int nattempts,
    int latest_day)
{
	int d, baseline = 0, retake = 0;

	for (d = 0; d < CUR_DAYS; d++) {
		if (cur->days[d].scorecard == CUR_PROMPT_BASELINE && !baseline)
			baseline = cur->days[d].day;
		else if (cur->days[d].scorecard == CUR_PROMPT_RETAKE)
			retake = cur->days[d].day;
	}
	if (nattempts == 0)
		return baseline && plan_day > baseline ? SCORE_DUE_BASELINE :
		    retake && plan_day > retake ? SCORE_DUE_BASELINE :
		    SCORE_DUE_NONE;
	if (retake && plan_day > retake && latest_day < retake)
		return SCORE_DUE_RETAKE;
	return SCORE_DUE_NONE;
}
