/*
 * report.c - reading a cohort's report (see report.h).
 *
 * A handful of queries, each over the whole cohort, fill one array of
 * members sorted by person id; everything else is counted from that
 * array.  A member is anyone on the cohort's imported lists or enrolled
 * from it; for the plan, each member's latest enrollment in the cohort
 * counts.
 *
 * The scorecard means are computed here from the stored answers and the
 * curriculum's categories (the mean of a category's answered items,
 * scaled from 0-4 to 0-100; N/A left out), so a report needs nothing
 * from the scoring code but the data it stored.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enrollment.h"
#include "log.h"
#include "report.h"
#include "util.h"

/* the members' latest enrollments in the cohort */
#define LATEST "(SELECT max(id) AS id FROM enrollment WHERE cohort_id = ?1 " \
	"GROUP BY person_id)"

struct enr_ix {
	long long	id;
	size_t		person;
};

struct ctx {
	struct db			*db;
	const struct curriculum		*cur;
	struct report			*r;
	struct enr_ix			*ix;	/* by enrollment id */
	size_t				 nix;
};

double
report_rate(long part, long of)
{
	return of > 0 ? (double)(long)(1000.0 * part / of + 0.5) / 10 : 0;
}

static int
cmp_person(const void *a, const void *b)
{
	long long x = *(const long long *)a;
	long long y = ((const struct report_person *)b)->person_id;

	return (x > y) - (x < y);
}

static struct report_person *
person(struct ctx *x, long long id)
{
	return bsearch(&id, x->r->people, x->r->npeople,
	    sizeof(*x->r->people), cmp_person);
}

static int
cmp_ix(const void *a, const void *b)
{
	long long p = ((const struct enr_ix *)a)->id;
	long long q = ((const struct enr_ix *)b)->id;

	return (p > q) - (p < q);
}

static struct report_person *
by_enrollment(struct ctx *x, long long id)
{
	struct enr_ix key = { id, 0 }, *f;

	f = bsearch(&key, x->ix, x->nix, sizeof(*x->ix), cmp_ix);
	return f ? &x->r->people[f->person] : NULL;
}

static char *
text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return xstrdup(s ? (const char *)s : "");
}

/* prepares sql with the cohort bound as ?1; NULL logged */
static sqlite3_stmt *
query(struct ctx *x, const char *sql)
{
	sqlite3_stmt *st = db_prepare(x->db, sql);

	if (st)
		sqlite3_bind_int64(st, 1, x->r->cohort.id);
	return st;
}

static int
done(struct ctx *x, sqlite3_stmt *st, int rc)
{
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	db_warn(x->db, "cohort report");
	return -1;
}

static int
load_members(struct ctx *x)
{
	struct report *r = x->r;
	sqlite3_stmt *st;
	size_t cap = 0, k;
	int rc;

	st = query(x, "SELECT p.id, p.email, p.name, r.person_id IS NOT NULL, "
	    "COALESCE(r.registered_at, 0) FROM (SELECT person_id AS id FROM "
	    "registration WHERE cohort_id = ?1 UNION SELECT person_id FROM "
	    "enrollment WHERE cohort_id = ?1) m JOIN person p ON p.id = m.id "
	    "LEFT JOIN registration r ON r.cohort_id = ?1 AND "
	    "r.person_id = p.id ORDER BY p.id");
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_person *p;

		if (r->npeople == cap) {
			cap = cap ? cap * 2 : 64;
			r->people = xreallocarray(r->people, cap,
			    sizeof(*r->people));
		}
		p = &r->people[r->npeople++];
		memset(p, 0, sizeof(*p));
		p->person_id = sqlite3_column_int64(st, 0);
		p->email = text(st, 1);
		p->name = text(st, 2);
		p->registered = sqlite3_column_int(st, 3);
		p->registered_at = (time_t)sqlite3_column_int64(st, 4);
		p->late = p->registered_at > r->cohort.webinar_at;
		p->attended = -1;
		p->base_index = p->last_index = -1;
		p->base_cat = xcalloc(x->cur->scorecard.ncategories + 1,
		    sizeof(double));
		p->last_cat = xcalloc(x->cur->scorecard.ncategories + 1,
		    sizeof(double));
		for (k = 0; k < x->cur->scorecard.ncategories; k++)
			p->base_cat[k] = p->last_cat[k] = -1;
	}
	return done(x, st, rc);
}

static int
load_attendance(struct ctx *x)
{
	sqlite3_stmt *st;
	int rc;

	st = query(x, "SELECT person_id, max(attended), "
	    "sum(CASE WHEN attended THEN minutes ELSE 0 END), "
	    "COALESCE(min(CASE WHEN attended THEN join_at END), 0), "
	    "COALESCE(max(CASE WHEN attended THEN leave_at END), 0) "
	    "FROM attendance WHERE cohort_id = ?1 GROUP BY person_id");
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_person *p = person(x, sqlite3_column_int64(st,
		    0));

		if (p == NULL)
			continue;	/* attendance of a non-member */
		p->attended = sqlite3_column_int(st, 1);
		p->minutes = (long)sqlite3_column_int64(st, 2);
		p->first_join = (time_t)sqlite3_column_int64(st, 3);
		p->last_leave = (time_t)sqlite3_column_int64(st, 4);
	}
	return done(x, st, rc);
}

static int
load_enrollments(struct ctx *x)
{
	sqlite3_stmt *st;
	int rc;

	st = query(x, "SELECT person_id, max(id) FROM enrollment WHERE "
	    "cohort_id = ?1 GROUP BY person_id");
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_person *p = person(x, sqlite3_column_int64(st,
		    0));

		if (p == NULL)
			continue;
		p->enrollment_id = sqlite3_column_int64(st, 1);
		x->ix = xreallocarray(x->ix, x->nix + 1, sizeof(*x->ix));
		x->ix[x->nix].id = p->enrollment_id;
		x->ix[x->nix].person = (size_t)(p - x->r->people);
		x->nix++;
	}
	if (done(x, st, rc) == -1)
		return -1;
	/* a cohort no one was enrolled from has no array to sort (NULL) */
	if (x->nix)
		qsort(x->ix, x->nix, sizeof(*x->ix), cmp_ix);
	return 0;
}

/* each member's state, start and plan day, from their enrollment */
static int
load_plans(struct ctx *x)
{
	size_t i;

	for (i = 0; i < x->nix; i++) {
		struct report_person *p = &x->r->people[x->ix[i].person];
		struct enrollment e;

		if (enrollment_get(x->db, x->ix[i].id, &e) != 0)
			return -1;
		/* a dated pause is stored active: it shows as paused */
		p->paused = enrollment_paused_until(&e, x->r->now,
		    &p->paused_until);
		snprintf(p->state, sizeof(p->state), "%s", p->paused ?
		    "paused" : e.state);
		p->start = e.start;
		p->plan_day = enrollment_plan_day(&e, x->r->now);
		enrollment_free(&e);
	}
	return 0;
}

static int
load_deliveries(struct ctx *x)
{
	sqlite3_stmt *st;
	int rc;

	/* lessons: a resend is the operator's, not a day's outcome */
	st = query(x, "SELECT d.enrollment_id, d.state, count(*) FROM delivery "
	    "d JOIN " LATEST " e ON e.id = d.enrollment_id WHERE d.kind = "
	    "'lesson' GROUP BY 1, 2");
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_person *p = by_enrollment(x,
		    sqlite3_column_int64(st, 0));
		const char *s = (const char *)sqlite3_column_text(st, 1);
		int n = sqlite3_column_int(st, 2);

		if (p == NULL || s == NULL)
			continue;
		if (strcmp(s, "sent") == 0)
			p->sent += n;
		else if (strcmp(s, "failed") == 0)
			p->failed += n;
		else if (strcmp(s, "skipped") == 0)
			p->skipped += n;
	}
	return done(x, st, rc);
}

static int
load_tasks(struct ctx *x)
{
	sqlite3_stmt *st;
	int rc;

	st = query(x, "SELECT t.enrollment_id, t.day FROM task t JOIN " LATEST
	    " e ON e.id = t.enrollment_id WHERE t.done = 1");
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_person *p = by_enrollment(x,
		    sqlite3_column_int64(st, 0));
		int d = sqlite3_column_int(st, 1);

		if (p == NULL || d < 1 || d > CUR_DAYS || p->done[d - 1])
			continue;
		p->done[d - 1] = 1;
		p->ndone++;
	}
	return done(x, st, rc);
}

/* the category of scorecard item id, or -1 */
static int
category_of(const struct cur_scorecard *sc, const char *id)
{
	size_t c, i;

	for (c = 0; c < sc->ncategories; c++)
		for (i = 0; i < sc->categories[c].nitems; i++)
			if (strcmp(sc->categories[c].items[i].id, id) == 0)
				return (int)c;
	return -1;
}

/* the category called id, or -1 */
static int
category_index(const struct cur_scorecard *sc, const char *id)
{
	size_t c;

	for (c = 0; c < sc->ncategories; c++)
		if (strcmp(sc->categories[c].id, id) == 0)
			return (int)c;
	return -1;
}

/*
 * Per category: the mean of attempt's answered items, 0-100, or -1.  A
 * forgotten person's answers are gone: their attempts keep each
 * category's sum and count instead (score_summary, see privacy.c).
 */
static int
attempt_means(struct ctx *x, long long attempt, double *out)
{
	const struct cur_scorecard *sc = &x->cur->scorecard;
	static const char sql[] = "SELECT item, value, 1, 0 FROM score_answer "
	    "WHERE attempt_id = ?1 AND value IS NOT NULL UNION ALL "
	    "SELECT category, sum, n, 1 FROM score_summary "
	    "WHERE attempt_id = ?1";
	sqlite3_stmt *st = db_cached(x->db, sql);
	double *sum = xcalloc(sc->ncategories + 1, sizeof(double));
	long *n = xcalloc(sc->ncategories + 1, sizeof(long));
	size_t c;
	int rc, k;

	if (st == NULL) {
		free(sum);
		free(n);
		return -1;
	}
	sqlite3_bind_int64(st, 1, attempt);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);

		if (id == NULL)
			continue;
		k = sqlite3_column_int(st, 3) ? category_index(sc, id) :
		    category_of(sc, id);
		if (k >= 0) {
			sum[k] += sqlite3_column_int(st, 1);
			n[k] += sqlite3_column_int(st, 2);
		}
	}
	sqlite3_reset(st);
	for (c = 0; c < sc->ncategories; c++)
		out[c] = n[c] ? sum[c] / n[c] * 100.0 / (CUR_SCALE - 1) : -1;
	free(sum);
	free(n);
	if (rc != SQLITE_DONE) {
		db_warn(x->db, "cohort report");
		return -1;
	}
	return 0;
}

static int
load_scores(struct ctx *x)
{
	sqlite3_stmt *st;
	long long *first = NULL, *last = NULL;
	size_t i;
	int rc, ret = -1;

	first = xcalloc(x->r->npeople + 1, sizeof(*first));
	last = xcalloc(x->r->npeople + 1, sizeof(*last));
	st = query(x, "SELECT a.enrollment_id, a.id, a.readiness, a.band FROM "
	    "score_attempt a JOIN " LATEST " e ON e.id = a.enrollment_id "
	    "ORDER BY a.enrollment_id, a.taken_at, a.id");
	if (st == NULL)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct report_person *p = by_enrollment(x,
		    sqlite3_column_int64(st, 0));
		size_t k;

		if (p == NULL)
			continue;
		k = (size_t)(p - x->r->people);
		if (p->attempts++ == 0) {
			first[k] = sqlite3_column_int64(st, 1);
			p->base_index = sqlite3_column_int(st, 2);
		}
		last[k] = sqlite3_column_int64(st, 1);
		p->last_index = sqlite3_column_int(st, 2);
		free(p->band);
		p->band = text(st, 3);
	}
	if (done(x, st, rc) == -1)
		goto out;
	for (i = 0; i < x->r->npeople; i++) {
		struct report_person *p = &x->r->people[i];

		if (p->attempts == 0)
			continue;
		if (attempt_means(x, first[i], p->base_cat) == -1 ||
		    attempt_means(x, last[i], p->last_cat) == -1)
			goto out;
	}
	ret = 0;
out:
	free(first);
	free(last);
	return ret;
}

/* the index of band name, added (with no one in it) if new */
static size_t
band_slot(struct report *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nbands; i++)
		if (strcmp(r->bands[i].name, name) == 0)
			return i;
	/* the curriculum's bands first; then any it no longer has */
	r->bands = xreallocarray(r->bands, r->nbands + 1, sizeof(*r->bands));
	r->bands[r->nbands].name = xstrdup(name);
	r->bands[r->nbands].people = 0;
	return r->nbands++;
}

static void
mean_add(double *sum, long *n, double v)
{
	if (v >= 0) {
		*sum += v;
		(*n)++;
	}
}

/* the plan: states, emails, done marks, falling behind */
static void
tally_plan(struct report *r, struct report_person *p)
{
	int d, in_plan;

	if (p->enrollment_id == 0)
		return;
	r->enrolled++;
	r->active += strcmp(p->state, "active") == 0;
	r->paused += strcmp(p->state, "paused") == 0;
	r->unsubscribed += strcmp(p->state, "unsubscribed") == 0;
	r->bounced += strcmp(p->state, "bounced") == 0;
	r->complained += strcmp(p->state, "complained") == 0;
	r->completed += strcmp(p->state, "completed") == 0;
	r->unenrolled += strcmp(p->state, "unenrolled") == 0;
	r->sent += p->sent;
	r->failed += p->failed;
	r->skipped += p->skipped;
	for (d = 1; d < p->plan_day && d <= CUR_DAYS; d++)
		if (p->done[d - 1])
			p->last_done = d;
	in_plan = strcmp(p->state, "active") == 0 ||
	    strcmp(p->state, "paused") == 0 ||
	    strcmp(p->state, "completed") == 0;
	for (d = 1; in_plan && d <= p->plan_day && d <= CUR_DAYS; d++) {
		r->reached_by_day[d - 1]++;
		r->done_by_day[d - 1] += p->done[d - 1];
	}
	p->behind = strcmp(p->state, "active") == 0 &&
	    p->plan_day > REPORT_BEHIND_DAYS &&
	    p->plan_day - 1 - p->last_done >= REPORT_BEHIND_DAYS;
	r->behind += p->behind;
}

static void
tally(struct ctx *x)
{
	struct report *r = x->r;
	const struct cur_scorecard *sc = &x->cur->scorecard;
	double ib = 0, il = 0, *cb, *cl;
	long nib = 0, nil = 0, dn = 0, rn = 0;
	size_t i, c;
	int d;

	r->ncategories = sc->ncategories;
	r->categories = xcalloc(sc->ncategories + 1,
	    sizeof(*r->categories));
	cb = xcalloc(sc->ncategories + 1, sizeof(double));
	cl = xcalloc(sc->ncategories + 1, sizeof(double));
	for (i = 0; i < sc->nbands; i++)
		band_slot(r, sc->bands[i].name);
	for (i = 0; i < r->npeople; i++) {
		struct report_person *p = &r->people[i];

		r->registered += p->registered;
		r->attended += p->attended == 1;
		if (p->registered && p->attended != 1) {
			if (p->late)
				r->late++;
			else
				r->not_attended++;
		}
		r->walk_ins += p->registered && p->attended == 1 &&
		    p->registered_at == 0;
		tally_plan(r, p);
		if (p->attempts == 0)
			continue;
		r->scored++;
		r->retaken += p->attempts > 1;
		mean_add(&ib, &nib, p->base_index);
		mean_add(&il, &nil, p->last_index);
		if (p->band)
			r->bands[band_slot(r, p->band)].people++;
		for (c = 0; c < sc->ncategories; c++) {
			mean_add(&cb[c], &r->categories[c].nbaseline,
			    p->base_cat[c]);
			mean_add(&cl[c], &r->categories[c].nlatest,
			    p->last_cat[c]);
		}
	}
	r->attended_rate = report_rate(r->attended, r->registered);
	r->enrolled_rate = report_rate(r->enrolled, r->registered);
	for (d = 0; d < CUR_DAYS; d++) {
		r->completion_by_day[d] = report_rate(r->done_by_day[d],
		    r->reached_by_day[d]);
		dn += r->done_by_day[d];
		rn += r->reached_by_day[d];
	}
	r->completion = report_rate(dn, rn);
	r->index_baseline = nib ? ib / nib : -1;
	r->index_latest = nil ? il / nil : -1;
	for (c = 0; c < sc->ncategories; c++) {
		struct report_category *rc = &r->categories[c];

		rc->id = sc->categories[c].id;
		rc->title = sc->categories[c].title;
		rc->baseline = rc->nbaseline ? cb[c] / rc->nbaseline : -1;
		rc->latest = rc->nlatest ? cl[c] / rc->nlatest : -1;
	}
	free(cb);
	free(cl);
}

int
report_build(struct db *db, const struct curriculum *cur,
    const struct cohort *c, time_t now, struct report *r)
{
	struct ctx x;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	cohort_copy(&r->cohort, c);
	r->now = now;
	r->index_baseline = r->index_latest = -1;
	memset(&x, 0, sizeof(x));
	x.db = db;
	x.cur = cur;
	x.r = r;
	/* one snapshot, even while the daemon writes */
	if (db_exec(db, "BEGIN") == -1)
		return -1;
	if (load_members(&x) == -1 || load_attendance(&x) == -1 ||
	    load_enrollments(&x) == -1 || load_plans(&x) == -1 ||
	    load_deliveries(&x) == -1 || load_tasks(&x) == -1 ||
	    load_scores(&x) == -1)
		goto out;
	tally(&x);
	rc = 0;
out:
	db_rollback(db);
	free(x.ix);
	return rc;
}

void
report_free(struct report *r)
{
	size_t i;

	for (i = 0; i < r->npeople; i++) {
		free(r->people[i].email);
		free(r->people[i].name);
		free(r->people[i].band);
		free(r->people[i].base_cat);
		free(r->people[i].last_cat);
	}
	free(r->people);
	free(r->categories);
	for (i = 0; i < r->nbands; i++)
		free(r->bands[i].name);
	free(r->bands);
	cohort_free(&r->cohort);
	memset(r, 0, sizeof(*r));
}
