/*
 * feedcache.c - the feed cache (see feedcache.h): a chained hash table
 * under one mutex, plus an array of every entry for eviction.  The work
 * done under the lock is a lookup and a copy of a few kilobytes.
 *
 * When full, a random entry makes room.  Calendar apps poll each feed on
 * a fixed interval, so requests go round the people like a clock hand:
 * the pattern that makes least-recently-used evict exactly the feed asked
 * for next (measured: no hits at all once the feeds outgrow the cache),
 * where random eviction still hits in proportion to the share cached.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedcache.h"
#include "util.h"

#define NBUCKETS	65536

struct entry {
	unsigned char	 key[FEEDCACHE_HASHLEN];
	int		 variant;
	unsigned char	 hash[FEEDCACHE_HASHLEN];
	unsigned long	 epoch;
	unsigned	 gen;
	char		 etag[48];
	char		*body;
	size_t		 len;
	struct entry	*next;		/* in its bucket */
	size_t		 at;		/* its place in feedcache.all */
};

struct feedcache {
	pthread_mutex_t	 lock;
	struct entry	*bucket[NBUCKETS];
	struct entry	**all;
	size_t		 n, cap;
	size_t		 bytes, max;
	uint64_t	 rng;
};

/* the key is a SHA-256: any of its bytes are as good as random */
static size_t
slot(const unsigned char key[FEEDCACHE_HASHLEN], int variant)
{
	size_t h = (size_t)key[0] | (size_t)key[1] << 8 | (size_t)key[2] << 16;

	return (h * 2 + (variant != 0)) % NBUCKETS;
}

struct feedcache *
feedcache_new(size_t max)
{
	struct feedcache *fc = xcalloc(1, sizeof(*fc));

	pthread_mutex_init(&fc->lock, NULL);
	fc->max = max;
	fc->rng = 0x9e3779b97f4a7c15ULL;
	return fc;
}

/* xorshift64: which entry goes; nothing here needs to be unpredictable */
static size_t
pick(struct feedcache *fc)
{
	fc->rng ^= fc->rng << 13;
	fc->rng ^= fc->rng >> 7;
	fc->rng ^= fc->rng << 17;
	return (size_t)(fc->rng % fc->n);
}

static struct entry **
find(struct feedcache *fc, const unsigned char key[FEEDCACHE_HASHLEN],
    int variant)
{
	struct entry **pp = &fc->bucket[slot(key, variant)];

	while (*pp && ((*pp)->variant != variant || memcmp((*pp)->key, key,
	    FEEDCACHE_HASHLEN) != 0))
		pp = &(*pp)->next;
	return pp;
}

/* unlinks *pp from its bucket and the array, and frees it */
static void
drop(struct feedcache *fc, struct entry **pp)
{
	struct entry *e = *pp, *last = fc->all[fc->n - 1];

	*pp = e->next;
	last->at = e->at;
	fc->all[e->at] = last;
	fc->n--;
	fc->bytes -= e->len;
	free(e->body);
	free(e);
}

void
feedcache_free(struct feedcache *fc)
{
	struct entry *e;

	if (fc == NULL)
		return;
	while (fc->n) {
		e = fc->all[fc->n - 1];
		drop(fc, find(fc, e->key, e->variant));
	}
	free(fc->all);
	pthread_mutex_destroy(&fc->lock);
	free(fc);
}

/* serves e's body; the lock is held */
static void
hit(struct entry *e, struct buf *out, char etag[48])
{
	buf_add(out, e->body, e->len);
	memcpy(etag, e->etag, sizeof(e->etag));
}

int
feedcache_fresh(struct feedcache *fc, const unsigned char
    key[FEEDCACHE_HASHLEN], int variant, unsigned long epoch, unsigned gen,
    struct buf *out, char etag[48])
{
	struct entry *e;
	int ok = 0;

	pthread_mutex_lock(&fc->lock);
	e = *find(fc, key, variant);
	if (e && e->epoch == epoch && e->gen == gen) {
		hit(e, out, etag);
		ok = 1;
	}
	pthread_mutex_unlock(&fc->lock);
	return ok;
}

int
feedcache_get(struct feedcache *fc, const unsigned char
    key[FEEDCACHE_HASHLEN], int variant,
    const unsigned char hash[FEEDCACHE_HASHLEN], unsigned long epoch,
    unsigned gen, struct buf *out, char etag[48])
{
	struct entry *e;
	int ok = 0;

	pthread_mutex_lock(&fc->lock);
	e = *find(fc, key, variant);
	if (e && memcmp(e->hash, hash, FEEDCACHE_HASHLEN) == 0) {
		/* a newer check may have got here first: keep the newest */
		if (epoch > e->epoch)
			e->epoch = epoch;
		e->gen = gen;
		hit(e, out, etag);
		ok = 1;
	}
	pthread_mutex_unlock(&fc->lock);
	return ok;
}

void
feedcache_put(struct feedcache *fc, const unsigned char
    key[FEEDCACHE_HASHLEN], int variant,
    const unsigned char hash[FEEDCACHE_HASHLEN], unsigned long epoch,
    unsigned gen, const char *body, size_t len, const char *etag)
{
	struct entry **pp, *e;

	if (len > fc->max)
		return;
	e = xcalloc(1, sizeof(*e));
	memcpy(e->key, key, FEEDCACHE_HASHLEN);
	e->variant = variant;
	memcpy(e->hash, hash, FEEDCACHE_HASHLEN);
	e->epoch = epoch;
	e->gen = gen;
	snprintf(e->etag, sizeof(e->etag), "%s", etag);
	e->body = xmalloc(len);
	memcpy(e->body, body, len);
	e->len = len;

	pthread_mutex_lock(&fc->lock);
	if (*(pp = find(fc, key, variant)))
		drop(fc, pp);
	while (fc->n && fc->bytes + len > fc->max) {
		struct entry *victim = fc->all[pick(fc)];

		drop(fc, find(fc, victim->key, victim->variant));
	}
	if (fc->n == fc->cap) {
		fc->cap = fc->cap ? fc->cap * 2 : 1024;
		fc->all = xreallocarray(fc->all, fc->cap, sizeof(*fc->all));
	}
	e->at = fc->n;
	fc->all[fc->n++] = e;
	pp = &fc->bucket[slot(key, variant)];
	e->next = *pp;
	*pp = e;
	fc->bytes += len;
	pthread_mutex_unlock(&fc->lock);
}

void
feedcache_stats(struct feedcache *fc, size_t *entries, size_t *bytes)
{
	pthread_mutex_lock(&fc->lock);
	*entries = fc->n;
	*bytes = fc->bytes;
	pthread_mutex_unlock(&fc->lock);
}
