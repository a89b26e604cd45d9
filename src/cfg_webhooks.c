/*
 * cfg_webhooks.c - the "webhooks" list of the configuration (see
 * cfg_webhooks.h).
 *
 * Kept apart from config.c's table of scalar keys: each item is an
 * object of its own with three keys, checked together (a URL listed
 * twice would make one event two deliveries to the same place).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cfg_webhooks.h"
#include "net.h"
#include "util.h"

#define URL_MAX		2000

static const char *const event_names[CFG_EV_MAX] = {
	[CFG_EV_ENROLLED] = "enrolled",
	[CFG_EV_LESSON_SENT] = "lesson.sent",
	[CFG_EV_TASK_DONE] = "task.done",
	[CFG_EV_SCORECARD_TAKEN] = "scorecard.taken",
	[CFG_EV_COMPLETED] = "completed",
	[CFG_EV_UNSUBSCRIBED] = "unsubscribed",
	[CFG_EV_BOUNCED] = "bounced",
	[CFG_EV_COMPLAINED] = "complained",
};

static const char *const item_keys[] = { "url", "secret_file", "events" };

const char *
cfg_event_str(enum cfg_event e)
{
	return (unsigned)e < CFG_EV_MAX ? event_names[e] : "?";
}

int
cfg_event_parse(const char *s, enum cfg_event *e)
{
	int i;

	for (i = 0; i < CFG_EV_MAX; i++)
		if (strcmp(s, event_names[i]) == 0) {
			*e = (enum cfg_event)i;
			return 0;
		}
	return -1;
}

/* the word nearest to s among n words, at most two edits away, or NULL */
static const char *
nearest(const char *s, const char *const *words, size_t n)
{
	const char *best = NULL;
	size_t i, d, bd = 3;

	for (i = 0; i < n; i++)
		if ((d = str_distance(s, words[i])) < bd) {
			bd = d;
			best = words[i];
		}
	return best;
}

static const char *
type_word(const json_t *v)
{
	if (json_is_object(v))
		return "an object";
	if (json_is_array(v))
		return "an array";
	if (json_is_string(v))
		return "a string";
	if (json_is_number(v))
		return "a number";
	if (json_is_boolean(v))
		return "a boolean";
	return "null";
}

static int
has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* why url cannot be a webhook's, or NULL */
static const char *
url_problem(const char *url)
{
	const char *rest;

	if (strncmp(url, "https://", 8) == 0)
		rest = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		rest = url + 7;
	else
		return "must start with http:// or https://";
	if (has_ctl(url) || strpbrk(url, "\"<>\\^`{|}"))
		return "spaces, control characters or characters not allowed "
		    "in a URL";
	if (*rest == '\0' || *rest == '/' || *rest == '?' || *rest == ':')
		return "missing host";
	if (strchr(url, '#'))
		return "must not have a fragment";
	if (strlen(url) > URL_MAX)
		return "longer than 2000 characters";
	return NULL;
}

static void
load_url(struct jdoc *doc, const char *at, json_t *v, struct cfg_webhook *h)
{
	const char *s = json_string_value(v), *why;
	char *host;

	if (s == NULL) {
		jpos_report(doc, at, 0, "%s: expected a string, found %s", at,
		    type_word(v));
		return;
	}
	if ((why = url_problem(s)) != NULL) {
		jpos_report(doc, at, 0, "%s: bad URL '%s': %s", at, s, why);
		return;
	}
	h->url = xstrdup(s);
	if (strncmp(s, "http://", 7) != 0)
		return;
	host = net_url_host(s);
	if (host && !net_host_loopback(host))
		jpos_warn(doc, at, 0, "%s: '%s' is plain http to a host that "
		    "is not loopback: the events (names, email addresses) "
		    "would cross the network in clear", at, s);
	free(host);
}

/*
 * The secret signs every event: like the URL secret (token.c) it must be
 * a regular file that only its owner can read.  systemd's
 * LoadCredential= puts it under $CREDENTIALS_DIRECTORY.
 */
static void
load_secret_file(struct jdoc *doc, const char *at, json_t *v,
    struct cfg_webhook *h)
{
	static const char cred[] = "$CREDENTIALS_DIRECTORY/";
	const char *s = json_string_value(v), *dir;
	struct stat st;
	char *path;

	if (s == NULL || *s == '\0') {
		jpos_report(doc, at, 0, "%s: expected a file name, found %s",
		    at, s ? "an empty string" : type_word(v));
		return;
	}
	if (strncmp(s, cred, sizeof(cred) - 1) == 0) {
		if ((dir = getenv("CREDENTIALS_DIRECTORY")) == NULL) {
			jpos_report(doc, at, 0, "%s: '%s' but "
			    "$CREDENTIALS_DIRECTORY is not set "
			    "(LoadCredential= in the unit sets it)", at, s);
			return;
		}
		path = xasprintf("%s/%s", dir, s + sizeof(cred) - 1);
	} else
		path = xstrdup(s);
	if (stat(path, &st) == -1)
		jpos_report(doc, at, 0, "%s: cannot read '%s': %s", at, path,
		    strerror(errno));
	else if (!S_ISREG(st.st_mode) || (st.st_mode & (S_IRWXG | S_IRWXO)))
		jpos_report(doc, at, 0, "%s: '%s' must be a regular file only "
		    "its owner can read (chmod 600 it)", at, path);
	else {
		h->secret_file = path;
		return;
	}
	free(path);
}

static void
load_events(struct jdoc *doc, const char *at, json_t *v,
    struct cfg_webhook *h)
{
	enum cfg_event e;
	const char *s, *near;
	size_t i;
	json_t *x;

	if (!json_is_array(v) || json_array_size(v) == 0) {
		jpos_report(doc, at, 0, "%s: expected a non-empty array of "
		    "event names, found %s", at, json_is_array(v) ?
		    "an empty one" : type_word(v));
		return;
	}
	json_array_foreach(v, i, x) {
		char *p = xasprintf("%s[%zu]", at, i);

		if ((s = json_string_value(x)) == NULL)
			jpos_report(doc, p, 0, "%s: expected an event name, "
			    "found %s", p, type_word(x));
		else if (cfg_event_parse(s, &e) == 0)
			h->events |= 1u << e;
		else if ((near = nearest(s, event_names, CFG_EV_MAX)) != NULL)
			jpos_report(doc, p, 0, "%s: unknown event '%s'; did you "
			    "mean '%s'?", p, s, near);
		else
			jpos_report(doc, p, 0, "%s: unknown event '%s' (enrolled, "
			    "lesson.sent, task.done, scorecard.taken, completed, "
			    "unsubscribed, bounced, complained)", p, s);
		free(p);
	}
}

static void
item_free(struct cfg_webhook *h)
{
	free(h->url);
	free(h->secret_file);
	memset(h, 0, sizeof(*h));
}

/* one item, webhooks[i]: 0 when it is complete and valid */
static int
load_item(struct jdoc *doc, size_t i, json_t *obj, struct cfg_webhook *h)
{
	const char *name, *near;
	char *at = xasprintf("webhooks[%zu]", i), *p;
	int errors = doc->errors;
	size_t k;
	json_t *v;

	memset(h, 0, sizeof(*h));
	if (!json_is_object(obj)) {
		jpos_report(doc, at, 0, "%s: expected an object with \"url\", "
		    "\"secret_file\" and \"events\", found %s", at,
		    type_word(obj));
		free(at);
		return -1;
	}
	json_object_foreach(obj, name, v) {
		char *esc = jpos_escape(name);

		p = xasprintf("%s.%s", at, esc);
		free(esc);
		if (strcmp(name, "url") == 0)
			load_url(doc, p, v, h);
		else if (strcmp(name, "secret_file") == 0)
			load_secret_file(doc, p, v, h);
		else if (strcmp(name, "events") == 0)
			load_events(doc, p, v, h);
		else if ((near = nearest(name, item_keys, 3)) != NULL)
			jpos_report(doc, p, 1, "unknown key '%s.%s' (did you "
			    "mean '%s.%s'?)", at, name, at, near);
		else
			jpos_report(doc, p, 1, "unknown key '%s.%s' (a webhook "
			    "has url, secret_file and events)", at, name);
		free(p);
	}
	for (k = 0; k < 3; k++)
		if (json_object_get(obj, item_keys[k]) == NULL)
			jpos_report(doc, at, 0, "%s: missing \"%s\"", at,
			    item_keys[k]);
	free(at);
	return doc->errors == errors && h->url && h->secret_file &&
	    h->events ? 0 : -1;
}

void
cfg_webhooks_load(struct jdoc *doc, json_t *v, struct cfg_webhook **out,
    size_t *n)
{
	struct cfg_webhook h;
	size_t i, k;
	json_t *x;

	if (!json_is_array(v)) {
		jpos_report(doc, "webhooks", 0, "webhooks: expected an array "
		    "of objects, found %s", type_word(v));
		return;
	}
	if (json_array_size(v) > CFG_WEBHOOKS_MAX) {
		jpos_report(doc, "webhooks", 0, "webhooks: at most %d "
		    "endpoints", CFG_WEBHOOKS_MAX);
		return;
	}
	json_array_foreach(v, i, x) {
		if (load_item(doc, i, x, &h) == -1) {
			item_free(&h);
			continue;
		}
		for (k = 0; k < *n; k++)
			if (strcmp((*out)[k].url, h.url) == 0)
				break;
		if (k < *n) {
			char *p = xasprintf("webhooks[%zu].url", i);

			jpos_report(doc, p, 0, "%s: '%s' is listed twice; put "
			    "every event it wants in one item", p, h.url);
			free(p);
			item_free(&h);
			continue;
		}
		*out = xreallocarray(*out, *n + 1, sizeof(**out));
		(*out)[(*n)++] = h;
	}
}

void
cfg_webhooks_free(struct cfg_webhook *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		item_free(&v[i]);
	free(v);
}
