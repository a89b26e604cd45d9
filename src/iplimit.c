/*
 * iplimit.c - connections per client address (see iplimit.h).
 *
 * An open-addressing hash table of (address, count), at most half full:
 * every entry holds at least one of the total connections, so twice
 * total places are always enough and the table never grows.  An entry
 * whose count drops to 0 is removed by shifting back the entries after
 * it, so lookups never meet tombstones.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iplimit.h"
#include "util.h"

struct slot {
	unsigned char	addr[NET_ADDRLEN];
	unsigned	n;		/* 0: free */
};

struct iplimit {
	unsigned	 per_ip, total, held;
	unsigned char	(*exempt)[NET_ADDRLEN];
	size_t		 nexempt;
	struct slot	*t;
	size_t		 mask;
};

static size_t
hash(const unsigned char a[NET_ADDRLEN])
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	int i;

	for (i = 0; i < NET_ADDRLEN; i++)
		h = (h ^ a[i]) * 16777619u;
	return h;
}

struct iplimit *
iplimit_new(unsigned per_ip, unsigned total,
    const unsigned char (*exempt)[NET_ADDRLEN], size_t n)
{
	struct iplimit *l = xcalloc(1, sizeof(*l));
	size_t cap = 2;

	while (cap < 2 * (size_t)total)
		cap *= 2;
	l->per_ip = per_ip;
	l->total = total;
	l->t = xcalloc(cap, sizeof(*l->t));
	l->mask = cap - 1;
	if (n) {
		l->exempt = xreallocarray(NULL, n, NET_ADDRLEN);
		memcpy(l->exempt, exempt, n * NET_ADDRLEN);
		l->nexempt = n;
	}
	return l;
}

void
iplimit_free(struct iplimit *l)
{
	if (l == NULL)
		return;
	free(l->exempt);
	free(l->t);
	free(l);
}

/* the slot holding addr, or the free one where it would go */
static size_t
find(const struct iplimit *l, const unsigned char a[NET_ADDRLEN])
{
	size_t i = hash(a) & l->mask;

	while (l->t[i].n && memcmp(l->t[i].addr, a, NET_ADDRLEN) != 0)
		i = (i + 1) & l->mask;
	return i;
}

static int
exempt(const struct iplimit *l, const unsigned char a[NET_ADDRLEN])
{
	size_t i;

	for (i = 0; i < l->nexempt; i++)
		if (memcmp(l->exempt[i], a, NET_ADDRLEN) == 0)
			return 1;
	return 0;
}

int
iplimit_take(struct iplimit *l, const unsigned char a[NET_ADDRLEN])
{
	size_t i;

	if (exempt(l, a))
		return 1;
	if (l->held >= l->total)
		return -1;
	i = find(l, a);
	if (l->per_ip && l->t[i].n >= l->per_ip)
		return -1;
	if (l->t[i].n == 0)
		memcpy(l->t[i].addr, a, NET_ADDRLEN);
	l->t[i].n++;
	l->held++;
	return 0;
}

void
iplimit_release(struct iplimit *l, const unsigned char a[NET_ADDRLEN])
{
	size_t i = find(l, a), j, home;

	if (l->t[i].n == 0)
		return;		/* never counted: nothing to give back */
	l->held--;
	if (--l->t[i].n)
		return;
	/* shift back every later entry of the run that may live at i */
	for (j = i;;) {
		j = (j + 1) & l->mask;
		if (l->t[j].n == 0)
			break;
		home = hash(l->t[j].addr) & l->mask;
		/* keep it where it is when its home lies in (i, j] */
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue;
		l->t[i] = l->t[j];
		i = j;
	}
	l->t[i].n = 0;
}

unsigned
iplimit_count(const struct iplimit *l, const unsigned char a[NET_ADDRLEN])
{
	return l->t[find(l, a)].n;
}

unsigned
iplimit_total(const struct iplimit *l)
{
	return l->held;
}
