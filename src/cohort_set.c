/*
 * cohort_set.c - the people of an import, found by address (see
 * cohort_set.h): an open-addressing hash of indexes into an array kept in
 * first-seen order, and the merging of each row into its person.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cohort_set.h"
#include "util.h"

static size_t
hash_email(const char *s)
{
	size_t h = 14695981039346656037ULL & (size_t)-1;

	for (; *s; s++) {
		h ^= (unsigned char)tolower((unsigned char)*s);
		h *= (size_t)1099511628211ULL;
	}
	return h;
}

void
cohort_set_init(struct cohort_set *s)
{
	memset(s, 0, sizeof(*s));
}

void
cohort_set_free(struct cohort_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].email);
		free(s->v[i].name);
		free(s->v[i].tz);
		free(s->v[i].joins);
	}
	free(s->v);
	free(s->slots);
	memset(s, 0, sizeof(*s));
}

/* the slot holding email, or the empty slot where it would go */
static size_t
slot_of(const struct cohort_set *s, const char *email)
{
	size_t i = hash_email(email) & (s->nslots - 1);

	while (s->slots[i] && strcasecmp(s->v[s->slots[i] - 1].email,
	    email) != 0)
		i = (i + 1) & (s->nslots - 1);
	return i;
}

static void
grow_slots(struct cohort_set *s)
{
	size_t i;

	free(s->slots);
	s->nslots = s->nslots ? s->nslots * 2 : 64;
	s->slots = xcalloc(s->nslots, sizeof(*s->slots));
	for (i = 0; i < s->n; i++)
		s->slots[slot_of(s, s->v[i].email)] = i + 1;
}

const struct cohort_person *
cohort_set_find(const struct cohort_set *s, const char *email)
{
	size_t i;

	if (s->nslots == 0)
		return NULL;
	i = slot_of(s, email);
	return s->slots[i] ? &s->v[s->slots[i] - 1] : NULL;
}

static struct cohort_person *
person_for(struct cohort_set *s, const struct cohort_row *r, int line)
{
	struct cohort_person *p;
	size_t i;

	/* at most half full, so probing stays short */
	if (2 * (s->n + 1) > s->nslots)
		grow_slots(s);
	i = slot_of(s, r->email);
	if (s->slots[i])
		return &s->v[s->slots[i] - 1];
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	p = &s->v[s->n++];
	memset(p, 0, sizeof(*p));
	p->email = xstrdup(r->email);
	p->name = xstrdup("");
	p->attended = -1;
	p->line = line;
	s->slots[i] = s->n;
	return p;
}

static void
add_join(struct cohort_person *p, const struct cohort_row *r)
{
	struct cohort_join j;
	size_t i;

	memset(&j, 0, sizeof(j));
	j.attended = r->attended;
	j.join_at = r->join_at;
	j.leave_at = r->leave_at;
	j.minutes = r->minutes > 0 && r->attended ? r->minutes : 0;
	/*
	 * The key names the join within the export, so that importing the
	 * same file again finds the same rows: the join time when there is
	 * one, else the order of such rows for this person.
	 */
	if (r->join_at)
		clock_format_rfc3339(r->join_at, j.key);
	else if (r->attended)
		snprintf(j.key, sizeof(j.key), "attended-%zu",
		    ++p->nkeyless);
	else
		snprintf(j.key, sizeof(j.key), "absent");
	/* the same join listed twice is one join */
	for (i = 0; i < p->njoins; i++)
		if (strcmp(p->joins[i].key, j.key) == 0)
			return;
	p->joins = xreallocarray(p->joins, p->njoins + 1, sizeof(*p->joins));
	p->joins[p->njoins++] = j;
	if (!j.attended)
		return;
	p->minutes += j.minutes;
	if (j.join_at && (p->first_join == 0 || j.join_at < p->first_join))
		p->first_join = j.join_at;
	if (j.leave_at > p->last_leave)
		p->last_leave = j.leave_at;
}

void
cohort_set_add(struct cohort_set *s, const struct cohort_row *r, int line)
{
	struct cohort_person *p = person_for(s, r, line);

	if (*p->name == '\0' && *r->name) {
		free(p->name);
		p->name = xstrdup(r->name);
	}
	if (p->tz == NULL && r->tz)
		p->tz = xstrdup(r->tz);
	if (r->registered_at && (p->registered_at == 0 ||
	    r->registered_at < p->registered_at))
		p->registered_at = r->registered_at;
	if (r->attended > p->attended)
		p->attended = r->attended;
	/* a row that says nothing about attending is a registration */
	if (r->attended != -1)
		add_join(p, r);
}
