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
	unsigned char	 key[FEEDCACHE_HASHLEN];
	int		 variant;
	unsigned char	 hash[FEEDCACHE_HASHLEN];
	unsigned long	 epoch;
	unsigned	 gen;
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
find(struct feedcache *fc, const unsigned char key[FEEDCACHE_HASHLEN],
    int variant)
{
	struct entry **pp = &fc->bucket[slot(key, variant)];

	while (*pp && ((*pp)->variant != variant || memcmp((*pp)->key, key,
	    FEEDCACHE_HASHLEN) != 0))
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
		drop(fc, find(fc, fc->oldest->key, fc->oldest->variant));
	pthread_mutex_destroy(&fc->lock);
	free(fc);
}

/* serves e's body; the lock is held */
static void
hit(struct feedcache *fc, struct entry *e, struct buf *out, char etag[48])
{
	buf_add(out, e->body, e->len);
	memcpy(etag, e->etag, sizeof(e->etag));
	lru_unlink(fc, e);
	lru_push(fc, e);
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
		hit(fc, e, out, etag);
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
		hit(fc, e, out, etag);
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
	while (fc->oldest && fc->bytes + len > fc->max)
		drop(fc, find(fc, fc->oldest->key, fc->oldest->variant));
	pp = &fc->bucket[slot(key, variant)];
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
