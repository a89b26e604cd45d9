/*
 * feedcache.c - the feed cache (see feedcache.h): a chained hash table
 * of entries on a doubly linked LRU list, under one mutex.  The work done
 * under the lock is a lookup and a copy of a few kilobytes.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedcache.h"
#include "util.h"

#define NBUCKETS	16384

struct entry {
	long long	 id;
	int		 variant;
	unsigned char	 hash[FEEDCACHE_HASHLEN];
	char		 etag[48];
	char		*body;
	size_t		 len;
	struct entry	*next;			/* in its bucket */
	struct entry	*newer, *older;		/* on the LRU list */
};

struct feedcache {
	pthread_mutex_t	 lock;
	struct entry	*bucket[NBUCKETS];
	struct entry	*newest, *oldest;
	size_t		 bytes, max, n;
};

static size_t
slot(long long id, int variant)
{
	unsigned long long h = (unsigned long long)id * 2 + (variant != 0);

	h *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 50) % NBUCKETS;
}

struct feedcache *
feedcache_new(size_t max)
{
	struct feedcache *fc = xcalloc(1, sizeof(*fc));

	pthread_mutex_init(&fc->lock, NULL);
	fc->max = max;
	return fc;
}

static void
lru_unlink(struct feedcache *fc, struct entry *e)
{
	if (e->newer)
		e->newer->older = e->older;
	else
		fc->newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		fc->oldest = e->newer;
	e->newer = e->older = NULL;
}

static void
lru_push(struct feedcache *fc, struct entry *e)
{
	e->older = fc->newest;
	e->newer = NULL;
	if (fc->newest)
		fc->newest->newer = e;
	fc->newest = e;
	if (fc->oldest == NULL)
		fc->oldest = e;
}

static struct entry **
find(struct feedcache *fc, long long id, int variant)
{
	struct entry **pp = &fc->bucket[slot(id, variant)];

	while (*pp && ((*pp)->id != id || (*pp)->variant != variant))
		pp = &(*pp)->next;
	return pp;
}

static void
drop(struct feedcache *fc, struct entry **pp)
{
	struct entry *e = *pp;

	*pp = e->next;
	lru_unlink(fc, e);
	fc->bytes -= e->len;
	fc->n--;
	free(e->body);
	free(e);
}

void
feedcache_free(struct feedcache *fc)
{
	if (fc == NULL)
		return;
	while (fc->oldest)
		drop(fc, find(fc, fc->oldest->id, fc->oldest->variant));
	pthread_mutex_destroy(&fc->lock);
	free(fc);
}

int
feedcache_get(struct feedcache *fc, long long id, int variant,
    const unsigned char hash[FEEDCACHE_HASHLEN], struct buf *out,
    char etag[48])
{
	struct entry *e;
	int hit = 0;

	pthread_mutex_lock(&fc->lock);
	e = *find(fc, id, variant);
	if (e && memcmp(e->hash, hash, FEEDCACHE_HASHLEN) == 0 &&
	    buf_add(out, e->body, e->len) == 0) {
		memcpy(etag, e->etag, sizeof(e->etag));
		lru_unlink(fc, e);
		lru_push(fc, e);
		hit = 1;
	}
	pthread_mutex_unlock(&fc->lock);
	return hit;
}

void
feedcache_put(struct feedcache *fc, long long id, int variant,
    const unsigned char hash[FEEDCACHE_HASHLEN], const char *body,
    size_t len, const char *etag)
{
	struct entry **pp, *e;

	if (len > fc->max)
		return;
	e = xcalloc(1, sizeof(*e));
	e->id = id;
	e->variant = variant;
	memcpy(e->hash, hash, FEEDCACHE_HASHLEN);
	snprintf(e->etag, sizeof(e->etag), "%s", etag);
	e->body = xmalloc(len);
	memcpy(e->body, body, len);
	e->len = len;

	pthread_mutex_lock(&fc->lock);
	if (*(pp = find(fc, id, variant)))
		drop(fc, pp);
	while (fc->oldest && fc->bytes + len > fc->max)
		drop(fc, find(fc, fc->oldest->id, fc->oldest->variant));
	pp = &fc->bucket[slot(id, variant)];
	e->next = *pp;
	*pp = e;
	lru_push(fc, e);
	fc->bytes += len;
	fc->n++;
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
