/*
 * feedcache.h - rendered calendar feeds kept between requests.
 *
 * Building a feed with libical costs about half a millisecond, reading
 * what goes into it from SQLite a few tens of microseconds.  Entries are
 * found by the token's hash and carry two proofs of freshness:
 *
 *  - the hash of the feed's inputs (the enrollment, its pauses and task
 *    rows, the links; feed_inputs_hash), checked after reading them
 *    again: a match means the body is still right whoever changed what;
 *  - the database epoch (app_epoch) at which that was last checked: while
 *    the database has not changed at all, the body is served without
 *    reading anything, and the curriculum generation must match too.
 *
 * Once the bodies pass max bytes, a random entry makes room (see
 * feedcache.c for why not the least recently used).  All functions are
 * thread-safe.
 */
#ifndef REFREADY_FEEDCACHE_H
#define REFREADY_FEEDCACHE_H

#include <stddef.h>

#include "buf.h"

#define FEEDCACHE_MAX		(256 * 1024 * 1024)	/* ~14,000 feeds */
#define FEEDCACHE_HASHLEN	32

struct feedcache;

struct feedcache *feedcache_new(size_t max);
void	feedcache_free(struct feedcache *);

/*
 * The fast path: if (key, variant) was checked at epoch and gen, appends
 * its body to out, copies its ETag and returns 1; else 0.
 */
int	feedcache_fresh(struct feedcache *, const unsigned char
	    key[FEEDCACHE_HASHLEN], int variant, unsigned long epoch,
	    unsigned gen, struct buf *out, char etag[48]);
/*
 * After reading the inputs: if (key, variant) holds a body made from
 * inputs with this hash, marks it checked at epoch and gen, appends it
 * to out, copies its ETag and returns 1; else 0.
 */
int	feedcache_get(struct feedcache *, const unsigned char
	    key[FEEDCACHE_HASHLEN], int variant,
	    const unsigned char hash[FEEDCACHE_HASHLEN], unsigned long epoch,
	    unsigned gen, struct buf *out, char etag[48]);
/* stores a copy of body, made from inputs hashing to hash */
void	feedcache_put(struct feedcache *, const unsigned char
	    key[FEEDCACHE_HASHLEN], int variant,
	    const unsigned char hash[FEEDCACHE_HASHLEN], unsigned long epoch,
	    unsigned gen, const char *body, size_t len, const char *etag);

/* entries and bytes held, for /metrics */
void	feedcache_stats(struct feedcache *, size_t *entries, size_t *bytes);

#endif
