/*
 * cur_followon.c - loading and validating followon.json and the
 * follow-on email templates (see cur_followon.h and curriculum/README.md).
 *
 * The file is held to the scorecard as loaded: a category it lacks, a
 * category or statement the scorecard does not have, a statement without
 * its "what a 4 looks like", fewer than CUR_FO_TASKS_MIN tasks, a task
 * over 80 characters and a plan day outside 1..30 are each reported at
 * their position, and loading goes on so `curriculum check` lists all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cur_followon.h"
#include "cur_json.h"
#include "util.h"

#define TASK_MAX	80

/* the index of the scorecard category called id, or -1 */
static long
category_index(const struct cur_scorecard *sc, const char *id)
{
	size_t c;

	for (c = 0; c < sc->ncategories; c++)
		if (sc->categories[c].id && strcmp(sc->categories[c].id, id) ==
		    0)
			return (long)c;
	return -1;
}

static long
item_index(const struct cur_category *c, const char *id)
{
	size_t k;

	for (k = 0; k < c->nitems; k++)
		if (strcmp(c->items[k].id, id) == 0)
			return (long)k;
	return -1;
}

/* "statements": {"1.1": "what a 4 looks like", ...}, one per item */
static void
load_fours(struct jdoc *doc, json_t *v, const char *path,
    const struct cur_category *sc, struct cur_fo_category *fc)
{
	json_t *st = json_object_get(v, "statements"), *t;
	char *p, *ek;
	const char *id;
	long k;

	fc->fours = xcalloc(sc->nitems + 1, sizeof(char *));
	fc->nfours = sc->nitems;
	p = st ? cur_json_subpath(path, "statements") : xstrdup(path);
	if (st == NULL || !json_is_object(st)) {
		jpos_report(doc, p, 0, "\"statements\" must be an object: "
		    "what a 4 looks like, by statement id");
		free(p);
		return;
	}
	json_object_foreach(st, id, t) {
		char *at;

		ek = jpos_escape(id);
		at = xasprintf("%s.%s", p, ek);
		free(ek);
		if ((k = item_index(sc, id)) == -1)
			jpos_report(doc, at, 1, "'%s' is not a statement of "
			    "category '%s'", id, sc->id);
		else if (!json_is_string(t) || *json_string_value(t) == '\0' ||
		    cur_json_has_ctl(json_string_value(t)))
			jpos_report(doc, at, 0, "what a 4 looks like for '%s' "
			    "must be a non-empty string on one line", id);
		else
			fc->fours[k] = xstrdup(json_string_value(t));
		free(at);
	}
	for (k = 0; k < (long)sc->nitems; k++)
		if (fc->fours[k] == NULL && json_object_get(st,
		    sc->items[k].id) == NULL)
			jpos_report(doc, p, 0, "statement '%s' has no \"what a "
			    "4 looks like\"", sc->items[k].id);
	free(p);
}

/* one task: at most 80 characters, and the plan days that build it */
static void
load_task(struct jdoc *doc, json_t *v, const char *path,
    struct cur_fo_task *t)
{
	static const char *const allowed[] = { "task", "days", NULL };
	json_t *days;
	char *at;

	if (!json_is_object(v)) {
		jpos_report(doc, path, 0, "each task must be an object with "
		    "\"task\" and \"days\"");
		return;
	}
	cur_json_only_keys(doc, v, path, allowed);
	t->text = cur_json_str(doc, v, path, "task");
	if (t->text && utf8_len(t->text) > TASK_MAX) {
		at = cur_json_subpath(path, "task");
		jpos_report(doc, at, 0, "task is %zu characters; a calendar "
		    "entry takes at most %d", utf8_len(t->text), TASK_MAX);
		free(at);
	}
	days = json_object_get(v, "days");
	if (days == NULL || !json_is_array(days) ||
	    json_array_size(days) == 0) {
		jpos_report(doc, path, 0, "a task names the plan days that "
		    "build it (\"days\" must list at least one)");
		return;
	}
	t->days = cur_json_days(doc, days, path, CUR_DAYS, &t->ndays);
}

static void
load_category(struct jdoc *doc, json_t *v, size_t i,
    const struct cur_scorecard *sc, struct cur_followon *fo, int *seen)
{
	static const char *const allowed[] = { "id", "focus", "statements",
	    "tasks", NULL };
	struct cur_fo_category *fc;
	char path[64], tp[96];
	json_t *tasks, *tv;
	char *id;
	size_t k;
	long c;

	snprintf(path, sizeof(path), "categories[%zu]", i);
	if (!json_is_object(v)) {
		jpos_report(doc, path, 0, "each category must be an object");
		return;
	}
	cur_json_only_keys(doc, v, path, allowed);
	if ((id = cur_json_str(doc, v, path, "id")) == NULL)
		return;
	c = category_index(sc, id);
	if (c == -1 || seen[c]) {
		jpos_report(doc, path, 0, c == -1 ? "'%s' is not a scorecard "
		    "category id" : "category '%s' appears twice", id);
		free(id);
		return;
	}
	free(id);
	seen[c] = 1;
	fc = &fo->cats[c];
	fc->focus = cur_json_str(doc, v, path, "focus");
	load_fours(doc, v, path, &sc->categories[c], fc);
	if ((tasks = cur_json_array(doc, v, path, "tasks")) == NULL)
		return;
	fc->tasks = xcalloc(json_array_size(tasks) + 1, sizeof(*fc->tasks));
	json_array_foreach(tasks, k, tv) {
		snprintf(tp, sizeof(tp), "%s.tasks[%zu]", path, k);
		load_task(doc, tv, tp, &fc->tasks[fc->ntasks++]);
	}
	if (fc->ntasks < CUR_FO_TASKS_MIN) {
		snprintf(tp, sizeof(tp), "%s.tasks", path);
		jpos_report(doc, tp, 0, "category '%s' has %zu weekly task%s; "
		    "it needs at least %d, one for each week it may come up",
		    sc->categories[c].id, fc->ntasks, fc->ntasks == 1 ? "" :
		    "s", CUR_FO_TASKS_MIN);
	}
}

static void
load_json(struct curriculum *cur, struct diag_list *dl, int *errors)
{
	static const char *const allowed[] = { "retake", "categories", NULL };
	const struct cur_scorecard *sc = &cur->scorecard;
	struct cur_followon *fo = &cur->followon;
	struct jdoc doc = { NULL, NULL, 0, dl, 0 };
	json_t *root, *a, *v;
	char *text = NULL, *file;
	int *seen;
	size_t i;

	fo->ncats = sc->ncategories;
	fo->cats = xcalloc(fo->ncats + 1, sizeof(*fo->cats));
	seen = xcalloc(fo->ncats + 1, sizeof(int));
	file = xasprintf("%s/followon.json", cur->dir);
	doc.file = file;
	if ((root = cur_json_load(&doc, &text)) == NULL)
		goto out;
	cur_json_only_keys(&doc, root, "", allowed);
	fo->retake = cur_json_str(&doc, root, "", "retake");
	if ((a = cur_json_array(&doc, root, "", "categories")) == NULL)
		goto out;
	json_array_foreach(a, i, v)
		load_category(&doc, v, i, sc, fo, seen);
	/* every category can be among someone's weakest */
	for (i = 0; i < fo->ncats; i++)
		if (!seen[i] && sc->categories[i].id)
			jpos_report(&doc, "categories", 0, "scorecard category "
			    "'%s' is missing: every category needs its focus "
			    "and weekly tasks", sc->categories[i].id);
out:
	json_decref(root);
	free(text);
	free(file);
	free(seen);
	*errors += doc.errors;
}

void
cur_followon_load(struct curriculum *cur, struct diag_list *dl, int *errors)
{
	load_json(cur, dl, errors);
}

void
cur_followon_free(struct cur_followon *fo)
{
	size_t i, k;

	for (i = 0; i < fo->ncats && fo->cats; i++) {
		struct cur_fo_category *fc = &fo->cats[i];

		free(fc->focus);
		for (k = 0; k < fc->nfours; k++)
			free(fc->fours[k]);
		free(fc->fours);
		for (k = 0; k < fc->ntasks; k++) {
			free(fc->tasks[k].text);
			free(fc->tasks[k].days);
		}
		free(fc->tasks);
	}
	free(fo->cats);
	free(fo->retake);
	memset(fo, 0, sizeof(*fo));
}
