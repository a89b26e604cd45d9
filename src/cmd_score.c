/*
 * cmd_score.c - `refready score EMAIL [--answers FILE|-]`: a participant
 * self-scores the readiness scorecard from a terminal, or a script hands
 * in the answers as JSON, and the result is printed as an aligned table
 * with text bars (the terminal's version of the web result page).
 *
 * On a terminal each statement is asked in turn; the answers are only
 * saved after a summary is confirmed.  Without a terminal and without
 * --answers there is no one to ask, which is a usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "cmd.h"
#include "curriculum.h"
#include "db.h"
#include "enrollment.h"
#include "log.h"
#include "score_store.h"
#include "scorecard.h"
#include "tz.h"
#include "util.h"

#define ANSWERS_MAX	(1024 * 1024)
#define WIDTH		76
#define BAR		20	/* cells; one per 5 points */

/* what the terminal dialogue ended with */
enum ask_end {
	ASK_SAVE,
	ASK_QUIT
};

/* ---- printing helpers --------------------------------------------- */

/* s, then spaces up to w characters (UTF-8 aware); never cuts s */
static void
pad(const char *s, size_t w)
{
	size_t n = utf8_len(s);

	fputs(s, stdout);
	for (; n < w; n++)
		putchar(' ');
}

/*
 * text word-wrapped to WIDTH: the first line starts with first, the
 * others with indent (both plain ASCII)
 */
static void
wrap2(const char *first, const char *indent, const char *text)
{
	size_t col = 0, wl;
	const char *p = text, *w;
	int lines = 0;

	while (*p) {
		while (*p == ' ' || *p == '\n')
			p++;
		if (*p == '\0')
			break;
		for (w = p; *w && *w != ' ' && *w != '\n'; w++)
			;
		wl = utf8_nlen(p, (size_t)(w - p));
		if (col > 0 && col + 1 + wl > WIDTH) {
			putchar('\n');
			col = 0;
		}
		if (col == 0) {
			fputs(lines++ ? indent : first, stdout);
			col = strlen(lines > 1 ? indent : first);
		} else {
			putchar(' ');
			col++;
		}
		fwrite(p, 1, (size_t)(w - p), stdout);
		col += wl;
		p = w;
	}
	if (col > 0)
		putchar('\n');
}

static void
wrap(const char *indent, const char *text)
{
	wrap2(indent, indent, text);
}

static void
print_scale(const struct cur_scorecard *sc)
{
	int s;

	printf("The scale:\n");
	for (s = 0; s < CUR_SCALE; s++)
		printf("  %d  %s\n", s, sc->scale[s]);
}

/* ---- the terminal dialogue ---------------------------------------- */

/* one line from stdin without its line end; NULL at end of input */
static char *
read_line(char **line, size_t *cap)
{
	ssize_t n;

	fflush(stdout);
	if ((n = getline(line, cap, stdin)) < 0)
		return NULL;
	while (n > 0 && ((*line)[n - 1] == '\n' || (*line)[n - 1] == '\r' ||
	    (*line)[n - 1] == ' ' || (*line)[n - 1] == '\t'))
		(*line)[--n] = '\0';
	return *line + strspn(*line, " \t");
}

static void
ask_item(const struct cur_scorecard *sc, size_t k, size_t n, int prev)
{
	const struct cur_item *it;
	size_t c, pc = (size_t)-1;
	char head[64], a[4];

	it = score_item(sc, k, &c);
	if (k > 0)
		score_item(sc, k - 1, &pc);
	if (c != pc)
		printf("\n%s\n", sc->categories[c].title);
	snprintf(head, sizeof(head), "[%zu/%zu] %s  ", k + 1, n, it->id);
	wrap2(head, "    ", it->text);
	if (it->na)
		printf("    (n: N/A, %s)\n", it->na_label ? it->na_label :
		    CUR_NA_LABEL);
	printf("score 0-%d%s%s%s%s: ", CUR_SCALE - 1, it->na ? ", n for N/A" :
	    "", k ? ", b back" : "", prev != SCORE_UNSET ? ", Enter keeps " :
	    "", prev != SCORE_UNSET ? score_answer_str(prev, a) : "");
}

static void
print_summary(const struct cur_scorecard *sc, const int *v)
{
	struct score_result r;
	size_t c, i, k = 0;
	char a[4];

	printf("\nYour answers:\n");
	for (c = 0; c < sc->ncategories; c++) {
		printf("  %s:", sc->categories[c].title);
		for (i = 0; i < sc->categories[c].nitems; i++, k++)
			printf("%s %s %s", i ? "," : "",
			    sc->categories[c].items[i].id,
			    score_answer_str(v[k], a));
		putchar('\n');
	}
	score_compute(sc, v, &r);
	printf("Readiness index %d of 100: %s.\n", r.index,
	    sc->bands[r.band].name);
	score_result_free(&r);
}

/*
 * Asks every statement, then confirms.  prev (or NULL) holds the last
 * attempt's answers, kept when Enter is pressed.  v gets the answers.
 */
static enum ask_end
ask(const struct cur_scorecard *sc, const int *prev, int *v)
{
	size_t n = score_nitems(sc), k = 0;
	char *line = NULL, *s;
	size_t cap = 0;
	long jump;
	int fixing = 0;	/* answering one item picked from the summary */
	enum ask_end end = ASK_QUIT;

	for (k = 0; k < n; k++) {
		v[k] = prev ? prev[k] : SCORE_UNSET;
		/* an N/A the curriculum no longer allows is not kept */
		if (v[k] == SCORE_NA && !score_item(sc, k, NULL)->na)
			v[k] = SCORE_UNSET;
	}
	printf("%s: %zu statements\n", sc->title, n);
	if (sc->intro)
		wrap("", sc->intro);
	putchar('\n');
	print_scale(sc);
	if (sc->scoring)
		wrap("", sc->scoring);
	printf("For each statement type a score from 0 to %d, n for N/A "
	    "where it is offered,\nb to go back, ? to see the scale again, "
	    "q to stop without saving.\n", CUR_SCALE - 1);
	k = 0;
	for (;;) {
		const struct cur_item *it;

		if (k == n) {
			print_summary(sc, v);
			printf("Save these answers? y to save, b to go back, "
			    "an item id to change it, q to quit: ");
			if ((s = read_line(&line, &cap)) == NULL)
				goto out;
			if (strcmp(s, "y") == 0 || strcmp(s, "yes") == 0) {
				end = ASK_SAVE;
				goto out;
			}
			if (strcmp(s, "q") == 0 || strcmp(s, "n") == 0 ||
			    strcmp(s, "no") == 0)
				goto out;
			if (strcmp(s, "b") == 0)
				k = n - 1;
			else if ((jump = score_item_index(sc, s)) >= 0) {
				k = (size_t)jump;
				fixing = 1;
			} else
				printf("'%s' is not y, b, q or an item id\n", s);
			continue;
		}
		it = score_item(sc, k, NULL);
		ask_item(sc, k, n, v[k]);
		if ((s = read_line(&line, &cap)) == NULL)
			goto out;
		if (*s == '\0' && v[k] != SCORE_UNSET)
			k = fixing ? n : k + 1;
		else if (s[0] >= '0' && s[0] < '0' + CUR_SCALE && s[1] == '\0') {
			v[k] = s[0] - '0';
			k = fixing ? n : k + 1;
		} else if ((strcmp(s, "n") == 0 || strcmp(s, "na") == 0) &&
		    it->na) {
			v[k] = SCORE_NA;
			k = fixing ? n : k + 1;
		} else if (strcmp(s, "n") == 0 || strcmp(s, "na") == 0)
			printf("N/A is not offered for %s; give a score from 0 "
			    "to %d\n", it->id, CUR_SCALE - 1);
		else if (strcmp(s, "b") == 0) {
			if (k > 0)
				k--;
			fixing = 0;
		} else if (strcmp(s, "?") == 0)
			print_scale(sc);
		else if (strcmp(s, "q") == 0)
			goto out;
		else if (*s)
			printf("'%s' is not an answer; type 0 to %d%s\n", s,
			    CUR_SCALE - 1, it->na ? " or n" : "");
		if (k == n)
			fixing = 0;
	}
out:
	free(line);
	return end;
}

/* ---- the result table --------------------------------------------- */

/* a bar of BAR cells: # up to latest, | where the baseline ends */
static void
bar(int latest, int base, int with_base)
{
	char cells[BAR + 1];
	int i, l = (latest * BAR + 50) / 100, b = (base * BAR + 50) / 100;

	for (i = 0; i < BAR; i++)
		cells[i] = i < l ? '#' : '.';
	if (latest < 0)
		memset(cells, ' ', BAR);
	if (with_base && base > 0 && b > 0)
		cells[b - 1] = '|';
	cells[BAR] = '\0';
	printf("  %s", cells);
}

static void
num(int v)
{
	if (v == SCORE_NONE)
		printf(" %8s", "n/a");
	else
		printf(" %8d", v);
}

static void
delta(const struct score_result *f, const struct score_result *l, size_t c)
{
	int d;

	if (score_change(f, l, c, &d) == -1)
		printf(" %8s", "-");
	else if (d == 0)
		printf(" %8d", 0);
	else
		printf(" %+8d", d);
}

static void
local_date(const char *tz, time_t t, char out[11])
{
	struct date d;

	if (tz_local_date(tz, t, &d) == -1)
		tz_local_date("UTC", t, &d);
	clock_format_date(d, out);
}

/* the plan days of category c as "day 25: Title" lines */
static void
print_days(const struct curriculum *cur, const struct cur_category *c)
{
	size_t i;

	for (i = 0; i < c->ndays; i++)
		printf("        day %d: %s\n", c->days[i],
		    cur->days[c->days[i] - 1].title);
}

/* the categories and the index, first beside latest when there are two */
static void
print_table(const struct cur_scorecard *sc, const struct score_result *f,
    const struct score_result *l, const struct score_attempt *first,
    const struct score_attempt *latest, int two)
{
	size_t c, w = strlen("readiness index");

	for (c = 0; c < sc->ncategories; c++)
		if (utf8_len(sc->categories[c].title) > w)
			w = utf8_len(sc->categories[c].title);
	pad("category", w);
	if (two)
		printf(" %8s %8s %8s  %s\n", "baseline", "latest", "change",
		    "# latest, | baseline");
	else
		printf(" %8s  %s\n", "score", "# one mark per 5 points");
	for (c = 0; c < sc->ncategories; c++) {
		pad(sc->categories[c].title, w);
		if (two)
			num(f->cat[c]);
		num(l->cat[c]);
		if (two)
			delta(f, l, c);
		bar(l->cat[c], f->cat[c], two);
		putchar('\n');
	}
	/* the index as stored with each attempt, as status shows it */
	pad("readiness index", w);
	if (two)
		num(first->index);
	num(latest->index);
	if (two && latest->index == first->index)
		printf(" %8d", 0);
	else if (two)
		printf(" %+8d", latest->index - first->index);
	bar(latest->index, first->index, two);
	putchar('\n');
}

/* the gate items answered below gate_min (not those never asked) */
static void
print_gates(const struct cur_scorecard *sc, const struct score_result *l,
    const int *v)
{
	struct buf g;
	size_t i, n = 0;
	char a[4];

	for (i = 0; i < l->ngates_short; i++)
		n += v[l->gates_short[i]] != SCORE_UNSET;
	if (n == 0)
		return;
	buf_init(&g, 64 * 1024);
	if (l->held && score_unanswered(sc, v) == 0)
		buf_printf(&g, "held at %s (the index reaches %s) by",
		    sc->bands[l->band].name, sc->bands[l->band_by_index].name);
	else
		buf_printf(&g, "needed for %s, not yet met:",
		    sc->bands[sc->nbands - 1].name);
	for (i = 0, n = 0; i < l->ngates_short; i++)
		if (v[l->gates_short[i]] != SCORE_UNSET)
			buf_printf(&g, "%s %s (%s)", n++ ? "," : "",
			    score_item(sc, l->gates_short[i], NULL)->id,
			    score_answer_str(v[l->gates_short[i]], a));
	buf_printf(&g, "; each needs %d or more", sc->gate_min);
	wrap2("gates:   ", "         ", g.data ? g.data : "");
	buf_free(&g);
}

/* a line for each attempt taken before the scorecard gained statements */
static void
print_versions(const struct cur_scorecard *sc,
    const struct score_attempt *first, const struct score_attempt *latest,
    int two, const char *d1, const char *d2)
{
	size_t u;
	char *t;

	if (two && (u = score_unanswered(sc, first->v)) > 0) {
		t = xasprintf("the %s scorecard did not have %zu of today's "
		    "statements: left out of its category scores; its index "
		    "and band are the ones it was given then", d1, u);
		wrap2("earlier: ", "         ", t);
		free(t);
	}
	if ((u = score_unanswered(sc, latest->v)) > 0) {
		t = xasprintf("the %s scorecard did not have %zu of today's "
		    "statements: take it again to answer them", d2, u);
		wrap2("earlier: ", "         ", t);
		free(t);
	}
}

static void
print_weakest(const struct curriculum *cur, const struct score_result *l)
{
	const struct cur_scorecard *sc = &cur->scorecard;
	size_t i;

	if (l->nweakest == 0)
		return;
	printf("weakest:\n");
	for (i = 0; i < l->nweakest; i++) {
		const struct cur_category *cat = &sc->categories[l->weakest[i]];

		printf("  %zu. %s (%d)\n", i + 1, cat->title,
		    l->cat[l->weakest[i]]);
		print_days(cur, cat);
	}
}

static void
print_result(const struct curriculum *cur, const struct enrollment *e,
    const struct score_attempt *first, const struct score_attempt *latest,
    int count)
{
	const struct cur_scorecard *sc = &cur->scorecard;
	const struct cur_band *band = NULL;
	struct score_result f, l;
	char d1[11], d2[11], *name;
	size_t i;
	int two = count > 1;

	score_compute(sc, first->v, &f);
	score_compute(sc, latest->v, &l);
	local_date(e->tz, first->taken_at, d1);
	local_date(e->tz, latest->taken_at, d2);
	name = xstrdup_escaped(e->name);
	printf("%s for %s <%s>\n", sc->title, name, e->email);
	free(name);
	if (two)
		printf("baseline %s, latest %s (attempt %d of %d)\n\n", d1, d2,
		    count, count);
	else
		printf("taken %s (the first attempt)\n\n", d2);
	print_table(sc, &f, &l, first, latest, two);
	printf("\nband:    %s", latest->band);
	if (two && strcmp(first->band, latest->band) != 0)
		printf(" (was %s)", first->band);
	putchar('\n');
	for (i = 0; i < sc->nbands; i++)
		if (strcmp(sc->bands[i].name, latest->band) == 0)
			band = &sc->bands[i];
	if (band && band->advice)
		wrap("         ", band->advice);
	print_gates(sc, &l, latest->v);
	if (l.na)
		printf("n/a:     %d statement%s answered N/A, left out of the "
		    "scores\n", l.na, l.na == 1 ? "" : "s");
	print_versions(sc, first, latest, two, d1, d2);
	print_weakest(cur, &l);
	if (sc->scoring)
		wrap2("how:     ", "         ", sc->scoring);
	score_result_free(&f);
	score_result_free(&l);
}

/* ---- the command --------------------------------------------------- */

/* the answers text from path ("-": standard input), or NULL logged */
static char *
read_answers(const char *path, size_t *len)
{
	char *text;
	size_t cap = 4096, n = 0, r;

	if (strcmp(path, "-") != 0) {
		if ((text = file_read(path, ANSWERS_MAX, len)) == NULL)
			log_warn("score: cannot read answers '%s'", path);
		return text;
	}
	text = xmalloc(cap);
	while ((r = fread(text + n, 1, cap - n - 1, stdin)) > 0) {
		n += r;
		if (n > ANSWERS_MAX) {
			log_warnx("score: answers on standard input are over "
			    "%d bytes", ANSWERS_MAX);
			free(text);
			return NULL;
		}
		if (n + 1 == cap) {
			cap *= 2;
			text = xreallocarray(text, cap, 1);
		}
	}
	if (ferror(stdin)) {
		log_warn("score: reading standard input");
		free(text);
		return NULL;
	}
	text[n] = '\0';
	*len = n;
	return text;
}

int
cmd_score(struct cmd_ctx *ctx)
{
	const char *path = cmd_opt(ctx, "answers"), *email = ctx->argv[0];
	struct score_problems probs = { NULL, 0, 0 };
	struct score_attempt first, latest, prev;
	struct curriculum cur;
	struct enrollment e;
	struct db *db = NULL;
	char *text = NULL;
	size_t len = 0, i;
	int *v = NULL, rc = EXIT_USAGE, count = 0, x, have_e = 0;

	memset(&first, 0, sizeof(first));
	memset(&latest, 0, sizeof(latest));
	memset(&prev, 0, sizeof(prev));
	if (path == NULL && !isatty(STDIN_FILENO)) {
		log_warnx("score: standard input is not a terminal; give the "
		    "answers with --answers FILE (or - to read them from "
		    "standard input)");
		return EXIT_USAGE;
	}
	if (cmd_load_curriculum(ctx, &cur) == -1)
		return EXIT_USAGE;
	if ((db = db_open(ctx->cfg.db, DB_OPEN_EXISTING, NULL, NULL)) == NULL) {
		rc = EXIT_RUNTIME;
		goto out;
	}
	if ((x = enrollment_find(db, email, &e)) != 0) {
		if (x == 1)
			log_warnx("score: no one enrolled as '%s'", email);
		rc = x == 1 ? EXIT_USAGE : EXIT_RUNTIME;
		goto out;
	}
	have_e = 1;
	v = xcalloc(score_nitems(&cur.scorecard) + 1, sizeof(*v));
	if (path) {
		if ((text = read_answers(path, &len)) == NULL)
			goto out;
		if (score_answers_from_json(&cur.scorecard, text, len, v,
		    &probs) == -1) {
			for (i = 0; i < probs.n; i++)
				log_warnx("score: %s", probs.v[i].msg);
			log_warnx("score: %zu problem%s in '%s'; nothing saved",
			    probs.n, probs.n == 1 ? "" : "s", path);
			goto out;
		}
	} else {
		if (score_store_load(db, &cur.scorecard, e.id, &count, NULL,
		    &prev) == -1) {
			rc = EXIT_RUNTIME;
			goto out;
		}
		if (ask(&cur.scorecard, count ? prev.v : NULL, v) != ASK_SAVE) {
			printf("\nnothing saved\n");
			rc = EXIT_RUNTIME;
			goto out;
		}
	}
	if (score_store_take(db, &cur.scorecard, e.id, v, path ? "json" :
	    "terminal", ctx->now, &count, &first, &latest) == -1) {
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (!path)
		putchar('\n');
	print_result(&cur, &e, &first, &latest, count);
	rc = EXIT_OK;
out:
	score_attempt_free(&first);
	score_attempt_free(&latest);
	score_attempt_free(&prev);
	score_problems_free(&probs);
	free(v);
	free(text);
	if (have_e)
		enrollment_free(&e);
	db_close(db);
	cur_free(&cur);
	return rc;
}
