/*
 * cur_scorecard.c - loading and validating scorecard.json (see
 * curriculum/README.md for the format and scorecard.h for the scoring).
 *
 * Like the rest of the curriculum, every problem is reported at its
 * position and loading goes on, so one `curriculum check` lists them all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cur_json.h"
#include "cur_scorecard.h"
#include "util.h"

#define ID_MAX	32

/*
 * "na": true, or the label of the N/A choice when the default does not
 * fit ("No referrals received yet" says more than "Does not apply").
 */
static void
load_na(struct jdoc *doc, json_t *v, const char *path, struct cur_item *it)
{
	json_t *na = json_object_get(v, "na");
	char *p;

	if (na == NULL || json_is_boolean(na)) {
		it->na = json_is_true(na);
		return;
	}
	if (json_is_string(na)) {
		it->na_label = cur_json_str(doc, v, path, "na");
		it->na = it->na_label != NULL;
		return;
	}
	p = cur_json_subpath(path, "na");
	jpos_report(doc, p, 0, "\"na\" must be true, false or the N/A "
	    "choice's label");
	free(p);
}

static void
load_items(struct jdoc *doc, json_t *arr, const char *cpath,
    struct cur_category *c, json_t *seen_ids)
{
	static const char *const allowed[] = { "id", "text", "gate", "na",
	    NULL };
	char path[96];
	json_t *v;
	size_t i;

	c->items = xcalloc(json_array_size(arr), sizeof(*c->items));
	json_array_foreach(arr, i, v) {
		struct cur_item *it;
		char *id;

		snprintf(path, sizeof(path), "%s.items[%zu]", cpath, i);
		if (!json_is_object(v)) {
			jpos_report(doc, path, 0, "each item must be an "
			    "object");
			continue;
		}
		cur_json_only_keys(doc, v, path, allowed);
		if ((id = cur_json_str(doc, v, path, "id")) == NULL)
			continue;
		if (strspn(id, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(id) ||
		    strlen(id) > ID_MAX) {
			jpos_report(doc, path, 0, "item id '%s' may hold only "
			    "letters, digits, '.', '_' and '-' (%d at most)",
			    id, ID_MAX);
			free(id);
			continue;
		}
		if (json_object_get(seen_ids, id)) {
			jpos_report(doc, path, 0, "item id '%s' appears twice",
			    id);
			free(id);
			continue;
		}
		json_object_set_new(seen_ids, id, json_true());
		it = &c->items[c->nitems++];
		it->id = id;
		it->text = cur_json_str(doc, v, path, "text");
		it->gate = cur_json_bool(doc, v, path, "gate");
		load_na(doc, v, path, it);
	}
}

static void
load_scale(struct jdoc *doc, json_t *root, struct cur_scorecard *sc)
{
	char path[64];
	json_t *a, *v;
	size_t i;

	if ((a = cur_json_array(doc, root, "", "scale")) == NULL)
		return;
	if (json_array_size(a) != CUR_SCALE)
		jpos_report(doc, "scale", 0, "\"scale\" must have %d labels, "
		    "for 0 to %d", CUR_SCALE, CUR_SCALE - 1);
	json_array_foreach(a, i, v) {
		if (i >= CUR_SCALE)
			break;
		snprintf(path, sizeof(path), "scale[%zu]", i);
		if (!json_is_string(v) || !*json_string_value(v))
			jpos_report(doc, path, 0, "a scale label must be a "
			    "non-empty string");
		else
			sc->scale[i] = xstrdup(json_string_value(v));
	}
}

static void
load_bands(struct jdoc *doc, json_t *root, struct cur_scorecard *sc)
{
	static const char *const allowed[] = { "name", "min", "gates",
	    "advice", NULL };
	char path[64];
	json_t *a, *v;
	size_t i;

	if ((a = cur_json_array(doc, root, "", "bands")) == NULL)
		return;
	sc->bands = xcalloc(json_array_size(a), sizeof(*sc->bands));
	json_array_foreach(a, i, v) {
		struct cur_band *b;
		int prev = sc->nbands ? sc->bands[sc->nbands - 1].min : -1;

		snprintf(path, sizeof(path), "bands[%zu]", i);
		if (!json_is_object(v)) {
			jpos_report(doc, path, 0, "each band must be an "
			    "object");
			continue;
		}
		cur_json_only_keys(doc, v, path, allowed);
		b = &sc->bands[sc->nbands++];
		b->name = cur_json_str(doc, v, path, "name");
		b->min = (int)cur_json_int(doc, v, path, "min", 0, 100);
		b->gates = cur_json_bool(doc, v, path, "gates");
		if (json_object_get(v, "advice"))
			b->advice = cur_json_str(doc, v, path, "advice");
		if (i == 0 && b->min != 0)
			jpos_report(doc, path, 0, "the first band must start "
			    "at \"min\": 0");
		else if (i > 0 && b->min <= prev)
			jpos_report(doc, path, 0, "bands must be in rising "
			    "order of \"min\"");
	}
	if (sc->nbands == 0)
		jpos_report(doc, "bands", 0, "no bands");
}

/* a category's "days": at least one, each a plan day */
static void
load_days(struct jdoc *doc, json_t *v, const char *path,
    struct cur_category *c)
{
	json_t *days = json_object_get(v, "days");

	if (days == NULL || !json_is_array(days) ||
	    json_array_size(days) == 0) {
		jpos_report(doc, path, 0, "category '%s' is addressed by no "
		    "plan day (\"days\" must list at least one)",
		    c->id ? c->id : "?");
		days = NULL;
	}
	c->days = cur_json_days(doc, days, path, CUR_DAYS, &c->ndays);
}

static void
load_categories(struct jdoc *doc, json_t *root, struct cur_scorecard *sc)
{
	static const char *const allowed[] = { "id", "title", "days",
	    "items", NULL };
	json_t *a, *v, *items, *ids = json_object(), *cids = json_object();
	char path[64];
	size_t i, nitems = 0;

	if ((a = cur_json_array(doc, root, "", "categories")) == NULL)
		goto out;
	sc->categories = xcalloc(json_array_size(a), sizeof(*sc->categories));
	json_array_foreach(a, i, v) {
		struct cur_category *c;

		snprintf(path, sizeof(path), "categories[%zu]", i);
		if (!json_is_object(v)) {
			jpos_report(doc, path, 0, "each category must be an "
			    "object");
			continue;
		}
		cur_json_only_keys(doc, v, path, allowed);
		c = &sc->categories[sc->ncategories++];
		c->id = cur_json_str(doc, v, path, "id");
		c->title = cur_json_str(doc, v, path, "title");
		if (c->id && json_object_get(cids, c->id))
			jpos_report(doc, path, 0, "category id '%s' appears "
			    "twice", c->id);
		else if (c->id)
			json_object_set_new(cids, c->id, json_true());
		load_days(doc, v, path, c);
		if ((items = cur_json_array(doc, v, path, "items")) == NULL)
			continue;
		load_items(doc, items, path, c, ids);
		if (c->nitems == 0)
			jpos_report(doc, path, 0, "category '%s' has no items",
			    c->id ? c->id : "?");
		nitems += c->nitems;
	}
	if (nitems == 0)
		jpos_report(doc, "categories", 0, "the scorecard has no items");
out:
	json_decref(ids);
	json_decref(cids);
}

void
cur_scorecard_load(struct curriculum *cur, struct diag_list *dl, int *errors)
{
	static const char *const allowed[] = { "title", "intro", "scoring",
	    "scale", "gate_min", "bands", "categories", NULL };
	struct cur_scorecard *sc = &cur->scorecard;
	struct jdoc doc = { NULL, NULL, 0, dl, 0 };
	json_t *root;
	char *text = NULL, *file;

	file = xasprintf("%s/scorecard.json", cur->dir);
	doc.file = file;
	if ((root = cur_json_load(&doc, &text)) == NULL)
		goto out;
	cur_json_only_keys(&doc, root, "", allowed);
	sc->title = cur_json_str(&doc, root, "", "title");
	if (json_object_get(root, "intro"))
		sc->intro = cur_json_str(&doc, root, "", "intro");
	if (json_object_get(root, "scoring"))
		sc->scoring = cur_json_str(&doc, root, "", "scoring");
	sc->gate_min = (int)cur_json_int(&doc, root, "", "gate_min", 0,
	    CUR_SCALE - 1);
	load_scale(&doc, root, sc);
	load_bands(&doc, root, sc);
	load_categories(&doc, root, sc);
out:
	json_decref(root);
	free(text);
	free(file);
	*errors += doc.errors;
}

void
cur_scorecard_free(struct cur_scorecard *sc)
{
	size_t i, k;

	for (i = 0; i < sc->ncategories; i++) {
		struct cur_category *c = &sc->categories[i];

		for (k = 0; k < c->nitems; k++) {
			free(c->items[k].id);
			free(c->items[k].text);
			free(c->items[k].na_label);
		}
		free(c->items);
		free(c->days);
		free(c->id);
		free(c->title);
	}
	free(sc->categories);
	for (i = 0; i < sc->nbands; i++) {
		free(sc->bands[i].name);
		free(sc->bands[i].advice);
	}
	free(sc->bands);
	for (i = 0; i < CUR_SCALE; i++)
		free(sc->scale[i]);
	free(sc->title);
	free(sc->intro);
	free(sc->scoring);
}
