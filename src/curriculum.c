/*
 * curriculum.c - loading and validating the curriculum folder (see
 * curriculum.h and curriculum/README.md).
 *
 * Validation goes on after a problem so that `curriculum check` can list
 * them all; positions come from jpos for JSON files and from a line count
 * for lessons and templates.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cur_followon.h"
#include "cur_json.h"
#include "cur_scorecard.h"
#include "curriculum.h"
#include "buf.h"
#include "render_field.h"
#include "util.h"

#define TEXT_MAX	(512 * 1024)
#define TASK_MAX	80

/* words counted by whitespace, as `wc -w` does */
struct lesson_rules {
	long	 min_words, max_words;
	char	**sections;		/* required "## " headings, in order */
	size_t	 nsections;
};

#define CATEGORY_REF	"category:"

/*
 * A lesson names a scorecard category as "{{category: TITLE}}" so that
 * `curriculum check` can hold it to the scorecard's titles; the name
 * inside the braces is "category: TITLE".  Sets the title when name is
 * one.
 */
static int
category_ref(const char *name, size_t len, const char **title, size_t *tlen)
{
	size_t k = strlen(CATEGORY_REF);

	if (len < k || strncmp(name, CATEGORY_REF, k) != 0)
		return 0;
	for (name += k, len -= k; len > 0 && *name == ' '; name++, len--)
		;
	*title = name;
	*tlen = len;
	return 1;
}

static const struct cur_category *
category_titled(const struct cur_scorecard *sc, const char *t, size_t n)
{
	size_t c;

	for (c = 0; c < sc->ncategories; c++) {
		const char *ct = sc->categories[c].title;

		if (ct && strlen(ct) == n && memcmp(ct, t, n) == 0)
			return &sc->categories[c];
	}
	return NULL;
}

char *
cur_categories_expand(const char *text, const struct cur_scorecard *sc,
    void (*bad)(void *, int, const char *, size_t), void *arg)
{
	const char *p = text, *open, *close, *name, *t;
	struct buf out;
	size_t n, tn;
	int line = 1;

	/* each reference is longer than its title: the text only shrinks */
	buf_init(&out, strlen(text) + 1);
	while ((open = strstr(p, "{{")) != NULL) {
		close = strstr(open + 2, "}}");
		if (close == NULL || memchr(open + 2, '\n', close - open - 2))
			close = open;		/* not a field: "{{" as text */
		for (name = open + 2; name < close && *name == ' '; name++)
			;
		for (n = close > name ? close - name : 0; n > 0 &&
		    name[n - 1] == ' '; n--)
			;
		buf_add(&out, p, open - p);
		for (; p < open; p++)
			line += *p == '\n';
		if (close == open) {
			buf_add(&out, open, 2);
			p = open + 2;
			continue;
		}
		if (!category_ref(name, n, &t, &tn))
			buf_add(&out, open, close + 2 - open);
		else if (category_titled(sc, t, tn))
			buf_add(&out, t, tn);
		else {
			if (bad)
				bad(arg, line, t, tn);
			buf_add(&out, open, close + 2 - open);
		}
		p = close + 2;
	}
	buf_addstr(&out, p);
	return buf_take(&out);
}

struct field_check {
	struct diag_list	*dl;
	const char		*file;
	enum render_use		 use;
	int			*errors;
	unsigned long long	 seen;		/* a bit per field */
};

static void
field_cb(void *arg, int line, const char *name, size_t len)
{
	struct field_check *fc = arg;
	const char *title;
	size_t tlen;
	int f;

	if (name == NULL) {
		diag_add(fc->dl, fc->file, line, 0, "'{{' without a closing "
		    "'}}' on the same line");
		(*fc->errors)++;
		return;
	}
	/* a lesson's category names wait for the scorecard (check_categories) */
	if (fc->use == RU_LESSON && category_ref(name, len, &title, &tlen))
		return;
	f = render_field(name, len);
	if (!render_field_allowed(fc->use, f)) {
		struct buf known;

		buf_init(&known, 4096);
		render_field_list(&known, fc->use);
		diag_add(fc->dl, fc->file, line, 0, "unknown merge field "
		    "'{{%.*s}}' (known: %s)", (int)len, name, known.data);
		buf_free(&known);
		(*fc->errors)++;
		return;
	}
	fc->seen |= 1ULL << f;
}

static int
seen(const struct field_check *fc, int f)
{
	return (fc->seen & 1ULL << f) != 0;
}

/* reads a text file; checks UTF-8 and merge fields.  NULL on failure. */
static char *
load_text(const char *file, enum render_use use, struct field_check *fc,
    struct diag_list *dl, int *errors)
{
	size_t len, bad;
	char *text;

	if ((text = file_read(file, TEXT_MAX, &len)) == NULL) {
		diag_add(dl, file, 0, 0, "cannot read: %s", errno == EFBIG ?
		    "larger than 512 KiB" : strerror(errno));
		(*errors)++;
		return NULL;
	}
	bad = strlen(text);	/* a NUL byte, or where UTF-8 breaks */
	if (bad != len || !utf8_valid(text, len, &bad)) {
		int line = 1;
		size_t i;

		if (strlen(text) < bad)
			bad = strlen(text);
		for (i = 0; i < bad; i++)
			line += text[i] == '\n';
		diag_add(dl, file, line, 0, "not valid UTF-8 text");
		(*errors)++;
		free(text);
		return NULL;
	}
	fc->dl = dl;
	fc->file = file;
	fc->use = use;
	fc->errors = errors;
	fc->seen = 0;
	render_field_scan(text, field_cb, fc);
	return text;
}

static void
check_lesson(const char *file, const char *text,
    const struct lesson_rules *rules, struct diag_list *dl, int *errors)
{
	const char *p = text;
	size_t next = 0, words = 0;
	int line = 1, inword = 0, in_table = 0;

	for (p = text; *p; p++) {
		int ws = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';

		if (!ws && !inword)
			words++;
		inword = !ws;
	}
	/* headings: "## Title" at the start of a line, in the given order */
	for (p = text; *p; line++) {
		size_t n = strcspn(p, "\n");

		/* once per table, at its first row */
		if (*p == '|' && !in_table) {
			diag_add(dl, file, line, 0, "a pipe table: cmark "
			    "(CommonMark) prints it as text; use a list");
			(*errors)++;
		}
		in_table = *p == '|';
		if (n > 3 && strncmp(p, "## ", 3) == 0) {
			size_t hl = n - 3;

			while (hl > 0 && (p[3 + hl - 1] == ' ' ||
			    p[3 + hl - 1] == '\r'))
				hl--;
			if (next < rules->nsections &&
			    strlen(rules->sections[next]) == hl &&
			    strncmp(p + 3, rules->sections[next], hl) == 0)
				next++;
			else {
				diag_add(dl, file, line, 0, "heading '%.*s' "
				    "where '%s' was expected", (int)hl, p + 3,
				    next < rules->nsections ?
				    rules->sections[next] : "(no more)");
				(*errors)++;
			}
		}
		p += n;
		if (*p == '\n')
			p++;
	}
	if (next < rules->nsections) {
		diag_add(dl, file, line - 1, 0, "missing section '## %s'",
		    rules->sections[next]);
		(*errors)++;
	}
	if ((long)words < rules->min_words || (long)words > rules->max_words) {
		diag_add(dl, file, 1, 0, "%zu words; a lesson has %ld to %ld",
		    words, rules->min_words, rules->max_words);
		(*errors)++;
	}
}

/* a relative path inside the curriculum folder */
static int
safe_relpath(const char *p)
{
	return *p != '/' && strstr(p, "..") == NULL && strchr(p, '\\') ==
	    NULL;
}

static void
load_day(struct curriculum *cur, struct jdoc *doc, json_t *jd, size_t i,
    const struct lesson_rules *rules, int *seen)
{
	static const char *const allowed[] = { "day", "week", "title",
	    "objective", "task", "lesson", "scorecard", NULL };
	char path[64], *lesson = NULL, *file = NULL, *title, *obj, *task, *at;
	const char *prompt;
	struct cur_day *d;
	struct field_check fc;
	long n, week;
	size_t k;

	snprintf(path, sizeof(path), "days[%zu]", i);
	if (!json_is_object(jd)) {
		jpos_report(doc, path, 0, "each day must be an object");
		return;
	}
	cur_json_only_keys(doc, jd, path, allowed);
	n = cur_json_int(doc, jd, path, "day", 1, CUR_DAYS);
	week = cur_json_int(doc, jd, path, "week", 1, 99);
	title = cur_json_str(doc, jd, path, "title");
	obj = cur_json_str(doc, jd, path, "objective");
	task = cur_json_str(doc, jd, path, "task");
	lesson = cur_json_str(doc, jd, path, "lesson");
	prompt = json_string_value(json_object_get(jd, "scorecard"));
	if (json_object_get(jd, "scorecard") && (prompt == NULL ||
	    (strcmp(prompt, "baseline") && strcmp(prompt, "retake")))) {
		at = cur_json_subpath(path, "scorecard");
		jpos_report(doc, at, 0, "\"scorecard\" must be \"baseline\" "
		    "or \"retake\"");
		free(at);
		prompt = NULL;
	}
	if (task && utf8_len(task) > TASK_MAX) {
		at = cur_json_subpath(path, "task");
		jpos_report(doc, at, 0, "task is %zu characters; a calendar "
		    "entry takes at most %d", utf8_len(task), TASK_MAX);
		free(at);
	}
	if (week > 0 && cur_week(cur, (int)week) == NULL) {
		at = cur_json_subpath(path, "week");
		jpos_report(doc, at, 0, "week %ld is not in \"weeks\"", week);
		free(at);
	}
	if (n > 0 && seen[n - 1]) {
		jpos_report(doc, path, 0, "day %ld appears twice", n);
		n = -1;
	}
	if (lesson && !safe_relpath(lesson)) {
		at = cur_json_subpath(path, "lesson");
		jpos_report(doc, at, 0, "lesson '%s' must be a path inside the "
		    "curriculum folder", lesson);
		free(at);
		free(lesson);
		lesson = NULL;
	}
	if (n < 1) {
		free(title);
		free(obj);
		free(task);
		free(lesson);
		return;
	}
	seen[n - 1] = 1;
	d = &cur->days[n - 1];
	d->day = (int)n;
	d->week = (int)week;
	d->title = title;
	d->objective = obj;
	d->task = task;
	d->lesson_file = lesson;
	d->scorecard = prompt == NULL ? CUR_PROMPT_NONE :
	    strcmp(prompt, "baseline") == 0 ? CUR_PROMPT_BASELINE :
	    CUR_PROMPT_RETAKE;
	if (lesson == NULL)
		return;
	/* days may share a lesson file: read and check it once */
	for (k = 0; k < CUR_DAYS; k++) {
		const struct cur_day *o = &cur->days[k];

		if (o != d && o->lesson_file && strcmp(o->lesson_file,
		    lesson) == 0) {
			d->lesson = o->lesson ? xstrdup(o->lesson) : NULL;
			return;
		}
	}
	file = xasprintf("%s/%s", cur->dir, lesson);
	d->lesson = load_text(file, RU_LESSON, &fc, doc->dl, &doc->errors);
	if (d->lesson)
		check_lesson(file, d->lesson, rules, doc->dl, &doc->errors);
	free(file);
}

static void
load_program(struct curriculum *cur, struct diag_list *dl, int *errors)
{
	static const char *const allowed[] = { "title", "pacing",
	    "lesson_words", "lesson_sections", "weeks", "days", NULL };
	struct jdoc doc = { NULL, NULL, 0, dl, 0 };
	struct lesson_rules rules = { 0, 100000, NULL, 0 };
	json_t *root, *a, *v;
	char *text = NULL, *file, path[64];
	const char *pacing;
	int seen[CUR_DAYS] = { 0 }, last_week = 0;
	size_t i;

	file = xasprintf("%s/program.json", cur->dir);
	doc.file = file;
	if ((root = cur_json_load(&doc, &text)) == NULL)
		goto out;
	cur_json_only_keys(&doc, root, "", allowed);
	cur->title = cur_json_str(&doc, root, "", "title");
	pacing = json_string_value(json_object_get(root, "pacing"));
	if (pacing && strcmp(pacing, "daily") == 0)
		cur->pacing = CUR_PACING_DAILY;
	else if (pacing && strcmp(pacing, "weekdays") == 0)
		cur->pacing = CUR_PACING_WEEKDAYS;
	else
		jpos_report(&doc, json_object_get(root, "pacing") ? "pacing" :
		    "", 0, "\"pacing\" must be \"daily\" or \"weekdays\"");

	a = json_object_get(root, "lesson_words");
	if (a && (!json_is_array(a) || json_array_size(a) != 2 ||
	    !json_is_integer(json_array_get(a, 0)) ||
	    !json_is_integer(json_array_get(a, 1)) ||
	    json_integer_value(json_array_get(a, 0)) < 0 ||
	    json_integer_value(json_array_get(a, 0)) >
	    json_integer_value(json_array_get(a, 1))))
		jpos_report(&doc, "lesson_words", 0, "\"lesson_words\" must "
		    "be [MIN, MAX] with 0 <= MIN <= MAX");
	else if (a) {
		rules.min_words = (long)json_integer_value(json_array_get(a,
		    0));
		rules.max_words = (long)json_integer_value(json_array_get(a,
		    1));
	}
	if ((a = json_object_get(root, "lesson_sections")) != NULL) {
		if (!json_is_array(a))
			jpos_report(&doc, "lesson_sections", 0,
			    "\"lesson_sections\" must be an array of strings");
		else {
			rules.sections = xcalloc(json_array_size(a) + 1,
			    sizeof(char *));
			json_array_foreach(a, i, v) {
				if (json_is_string(v) &&
				    *json_string_value(v))
					rules.sections[rules.nsections++] =
					    xstrdup(json_string_value(v));
				else
				{
					snprintf(path, sizeof(path),
					    "lesson_sections[%zu]", i);
					jpos_report(&doc, path, 0, "a section "
					    "must be a non-empty string");
				}
			}
		}
	}

	if ((a = cur_json_array(&doc, root, "", "weeks")) != NULL) {
		cur->weeks = xcalloc(json_array_size(a), sizeof(*cur->weeks));
		json_array_foreach(a, i, v) {
			static const char *const wk[] = { "week", "label",
			    "title", NULL };
			struct cur_week *w;
			long n;

			snprintf(path, sizeof(path), "weeks[%zu]", i);
			if (!json_is_object(v)) {
				jpos_report(&doc, path, 0, "each week must be "
				    "an object");
				continue;
			}
			cur_json_only_keys(&doc, v, path, wk);
			n = cur_json_int(&doc, v, path, "week", 1, 99);
			if (n > 0 && cur_week(cur, (int)n)) {
				jpos_report(&doc, path, 0, "week %ld appears "
				    "twice", n);
				continue;
			}
			w = &cur->weeks[cur->nweeks++];
			w->number = (int)n;
			w->title = cur_json_str(&doc, v, path, "title");
			/* "Wrap-up" after the last full week, say */
			if (json_object_get(v, "label"))
				w->label = cur_json_str(&doc, v, path, "label");
			if (w->label == NULL)
				w->label = xasprintf("Week %ld", n);
		}
	}
	if ((a = cur_json_array(&doc, root, "", "days")) != NULL) {
		json_array_foreach(a, i, v)
			load_day(cur, &doc, v, i, &rules, seen);
		for (i = 0; i < CUR_DAYS; i++)
			if (!seen[i])
				jpos_report(&doc, "days", 0, "day %zu is "
				    "missing", i + 1);
	}
	/* weeks run forward with the days; one baseline, retake after it */
	{
		int baseline = 0, retake = 0;

		for (i = 0; i < CUR_DAYS; i++) {
			const struct cur_day *d = &cur->days[i];

			if (!seen[i])
				continue;
			if (d->week > 0 && d->week < last_week)
				jpos_report(&doc, "days", 0, "day %zu is in "
				    "week %d, before the previous day's week "
				    "%d", i + 1, d->week, last_week);
			if (d->week > last_week)
				last_week = d->week;
			if (d->scorecard == CUR_PROMPT_BASELINE) {
				if (baseline)
					jpos_report(&doc, "days", 0, "days %d "
					    "and %zu are both the scorecard "
					    "baseline", baseline, i + 1);
				baseline = (int)i + 1;
			} else if (d->scorecard == CUR_PROMPT_RETAKE) {
				if (!baseline)
					jpos_report(&doc, "days", 0, "day %zu "
					    "retakes the scorecard before any "
					    "baseline day", i + 1);
				retake = (int)i + 1;
			}
		}
		if (a && !baseline)
			jpos_report(&doc, "days", 0, "no day has \"scorecard\": "
			    "\"baseline\"");
		(void)retake;
	}
out:
	for (i = 0; i < rules.nsections; i++)
		free(rules.sections[i]);
	free(rules.sections);
	json_decref(root);
	free(text);
	free(file);
	*errors += doc.errors;
}

static const char *const mail_names[CUR_MAILS] = {
	[CUR_MAIL_WELCOME] = "welcome",
	[CUR_MAIL_COMPLETION] = "completion",
	[CUR_MAIL_FOLLOWON] = "followon",
};
static const enum render_use mail_uses[CUR_MAILS] = {
	[CUR_MAIL_WELCOME] = RU_WELCOME,
	[CUR_MAIL_COMPLETION] = RU_COMPLETION,
	[CUR_MAIL_FOLLOWON] = RU_FOLLOWON,
};

const char *
cur_mail_name(enum cur_mail m)
{
	return (unsigned)m < CUR_MAILS ? mail_names[m] : "?";
}

/*
 * Splits "Subject: ...\n" off the top of a text template into
 * t->subject; -1 when the first line is not one.
 */
static int
mail_subject(struct cur_mail_tmpl *t)
{
	static const char tag[] = "Subject:";
	const char *p = t->text, *nl;
	char *body;

	if (strncmp(p, tag, strlen(tag)) != 0 ||
	    (nl = strchr(p, '\n')) == NULL)
		return -1;
	for (p += strlen(tag); *p == ' '; p++)
		;
	t->subject = xstrndup(p, nl - p);
	if (strchr(t->subject, '\r'))
		*strchr(t->subject, '\r') = '\0';
	/* a blank line after the subject is the writer's, not the body's */
	if (nl[1] == '\n')
		nl++;
	else if (nl[1] == '\r' && nl[2] == '\n')
		nl += 2;
	body = xstrdup(nl + 1);
	free(t->text);
	t->text = body;
	return t->subject[0] ? 0 : -1;
}

/* templates/NAME.txt and .html of one email that is not a lesson */
static void
load_mail(struct curriculum *cur, enum cur_mail m, struct diag_list *dl,
    int *errors)
{
	struct cur_mail_tmpl *t = &cur->mail[m];
	struct field_check fc;
	int i;

	for (i = 0; i < 2; i++) {
		char *file = xasprintf("%s/templates/%s.%s", cur->dir,
		    mail_names[m], i ? "html" : "txt");
		char **dst = i ? &t->html : &t->text;

		if ((*dst = load_text(file, mail_uses[m], &fc, dl,
		    errors)) == NULL) {
			free(file);
			continue;
		}
		if (!seen(&fc, RF_UNSUBSCRIBE_URL)) {
			diag_add(dl, file, 1, 0, "the template has no visible "
			    "'{{unsubscribe_url}}'");
			(*errors)++;
		}
		/* a follow-on week's own words come as {{lesson}} */
		if (m == CUR_MAIL_FOLLOWON && !seen(&fc, RF_LESSON)) {
			diag_add(dl, file, 1, 0, "the template never places "
			    "'{{lesson}}' (the week's text)");
			(*errors)++;
		}
		if (i == 0 && mail_subject(t) == -1) {
			diag_add(dl, file, 1, 0, "the first line must be the "
			    "subject: 'Subject: ...'");
			(*errors)++;
		}
		free(file);
	}
}

static void
load_templates(struct curriculum *cur, struct diag_list *dl, int *errors)
{
	static const char *const names[] = { "templates/lesson.txt",
	    "templates/lesson.html" };
	char **dst[] = { &cur->tmpl_text, &cur->tmpl_html };
	struct field_check fc;
	size_t i;

	for (i = 0; i < 2; i++) {
		char *file = xasprintf("%s/%s", cur->dir, names[i]);

		*dst[i] = load_text(file, RU_LESSON_TEMPLATE, &fc, dl, errors);
		if (*dst[i] && !seen(&fc, RF_LESSON)) {
			diag_add(dl, file, 1, 0, "the template never places "
			    "'{{lesson}}'");
			(*errors)++;
		}
		if (*dst[i] && !seen(&fc, RF_UNSUBSCRIBE_URL)) {
			diag_add(dl, file, 1, 0, "the template has no visible "
			    "'{{unsubscribe_url}}'");
			(*errors)++;
		}
		free(file);
	}
	for (i = 0; i < CUR_MAILS; i++)
		load_mail(cur, i, dl, errors);
}

struct category_check {
	struct diag_list		*dl;
	const struct cur_scorecard	*sc;
	char				*file;
	int				*errors;
};

static void
category_bad(void *arg, int line, const char *title, size_t len)
{
	struct category_check *cc = arg;
	struct buf known;
	size_t c;

	buf_init(&known, 64 * 1024);
	for (c = 0; c < cc->sc->ncategories; c++)
		if (cc->sc->categories[c].title)
			buf_printf(&known, "%s'%s'", known.len ? ", " : "",
			    cc->sc->categories[c].title);
	diag_add(cc->dl, cc->file, line, 0, "'%.*s' is not a scorecard "
	    "category (the categories: %s)", (int)len, title,
	    known.len ? known.data : "none");
	buf_free(&known);
	(*cc->errors)++;
}

/*
 * Every category a lesson names must be one of the scorecard's; the
 * references become the plain titles the emails show.  A file several
 * days share is reported once.
 */
static void
check_categories(struct curriculum *cur, struct diag_list *dl, int *errors)
{
	struct category_check cc = { dl, &cur->scorecard, NULL, errors };
	size_t i, k;

	for (i = 0; i < CUR_DAYS; i++) {
		struct cur_day *d = &cur->days[i];
		char *text;
		int first = 1;

		if (d->lesson == NULL)
			continue;
		for (k = 0; k < i; k++)
			if (cur->days[k].lesson_file && strcmp(d->lesson_file,
			    cur->days[k].lesson_file) == 0)
				first = 0;
		cc.file = xasprintf("%s/%s", cur->dir, d->lesson_file);
		text = cur_categories_expand(d->lesson, &cur->scorecard,
		    first ? category_bad : NULL, &cc);
		free(cc.file);
		free(d->lesson);
		d->lesson = text;
	}
}

int
cur_load(const char *dir, struct curriculum *cur, struct diag_list *dl)
{
	int errors = 0;

	memset(cur, 0, sizeof(*cur));
	cur->dir = xstrdup(dir);
	load_program(cur, dl, &errors);
	cur_scorecard_load(cur, dl, &errors);
	cur_followon_load(cur, dl, &errors);
	check_categories(cur, dl, &errors);
	load_templates(cur, dl, &errors);
	return errors ? -1 : 0;
}

const struct cur_week *
cur_week(const struct curriculum *cur, int number)
{
	size_t i;

	for (i = 0; i < cur->nweeks; i++)
		if (cur->weeks[i].number == number)
			return &cur->weeks[i];
	return NULL;
}

const char *
cur_pacing_str(enum cur_pacing p)
{
	return p == CUR_PACING_DAILY ? "daily" : "weekdays";
}

void
cur_free(struct curriculum *cur)
{
	size_t i;

	for (i = 0; i < CUR_DAYS; i++) {
		struct cur_day *d = &cur->days[i];

		free(d->title);
		free(d->objective);
		free(d->task);
		free(d->lesson_file);
		free(d->lesson);
	}
	for (i = 0; i < cur->nweeks; i++) {
		free(cur->weeks[i].label);
		free(cur->weeks[i].title);
	}
	free(cur->weeks);
	cur_followon_free(&cur->followon);
	cur_scorecard_free(&cur->scorecard);
	free(cur->tmpl_text);
	free(cur->tmpl_html);
	for (i = 0; i < CUR_MAILS; i++) {
		free(cur->mail[i].subject);
		free(cur->mail[i].text);
		free(cur->mail[i].html);
	}
	free(cur->title);
	free(cur->dir);
	memset(cur, 0, sizeof(*cur));
}
