/*
 * tzlist.c - the time zones a participant may choose (see tzlist.h).
 *
 * zone1970.tab rather than every name tzdata knows: it has one zone
 * per place that has kept the same clocks since 1970, so the list is
 * about 300 names instead of 600 with the aliases ("US/Central",
 * "Asia/Calcutta").  An alias stays valid wherever a zone is typed; the
 * page shows a person's own zone even when it is not in the list.
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "tz.h"
#include "tzlist.h"
#include "util.h"

#define TZLIST_FILE	"zone1970.tab"
#define TZLIST_MAXFILE	(1024 * 1024)

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add(struct tzlist *l, const char *s, size_t n)
{
	l->name = xreallocarray(l->name, l->n + 1, sizeof(*l->name));
	l->name[l->n++] = xstrndup(s, n);
}

/* a name, not a path or markup: letters, digits, _ - + and inner '/' */
static int
plain_name(const char *z, size_t n)
{
	size_t i;

	if (n == 0 || n > 64 || z[0] == '/')
		return 0;
	for (i = 0; i < n; i++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789_-+/", z[i]) == NULL || z[i] == '\0')
			return 0;
	return 1;
}

/* the third tab-separated field of one line; 0 when it has none */
static size_t
third_field(const char *line, size_t len, const char **out)
{
	const char *p = line, *end = line + len, *t;
	int i;

	for (i = 0; i < 2; i++) {
		if ((t = memchr(p, '\t', (size_t)(end - p))) == NULL)
			return 0;
		p = t + 1;
	}
	*out = p;
	t = memchr(p, '\t', (size_t)(end - p));
	return (size_t)((t ? t : end) - p);
}

struct tzlist *
tzlist_parse(const char *text, size_t len)
{
	struct tzlist *l = xcalloc(1, sizeof(*l));
	const char *p = text, *end = text + len, *nl, *z;
	size_t i, o, n, ll;

	add(l, "UTC", 3);
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		ll = (size_t)(nl - p);
		if (ll && p[ll - 1] == '\r')
			ll--;
		if (ll == 0 || p[0] == '#')
			continue;
		if ((n = third_field(p, ll, &z)) > 0 && plain_name(z, n))
			add(l, z, n);
	}
	qsort(l->name, l->n, sizeof(*l->name), cmp_name);
	for (i = o = 0; i < l->n; i++) {
		if (o && strcmp(l->name[o - 1], l->name[i]) == 0)
			free(l->name[i]);
		else
			l->name[o++] = l->name[i];
	}
	l->n = o;
	return l;
}

struct tzlist *
tzlist_load(const char *dir)
{
	struct tzlist *l;
	char *path, *text;
	size_t len = 0, i, o;

	if (dir == NULL && (dir = getenv("TZDIR")) == NULL)
		dir = "/usr/share/zoneinfo";
	path = xasprintf("%s/%s", dir, TZLIST_FILE);
	if ((text = file_read(path, TZLIST_MAXFILE, &len)) == NULL)
		log_warnx("time zones: cannot read %s; the page offers UTC "
		    "and each person's own zone only", path);
	l = tzlist_parse(text ? text : "", text ? len : 0);
	free(text);
	free(path);
	for (i = o = 0; i < l->n; i++) {
		if (tz_known(l->name[i]))
			l->name[o++] = l->name[i];
		else
			free(l->name[i]);
	}
	l->n = o;
	return l;
}

void
tzlist_free(struct tzlist *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->name[i]);
	free(l->name);
	free(l);
}

size_t
tzlist_region_len(const char *name)
{
	const char *s = strchr(name, '/');

	return s ? (size_t)(s - name) : 0;
}
