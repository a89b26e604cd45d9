/*
 * feedcache.h - rendered calendar feeds kept between requests.
 *
 * Building a feed with libical costs about half a millisecond, reading
 * what goes into it from SQLite a few microseconds.  So each request
 * still reads the inputs (the enrollment, its pauses and task rows, the
 * curriculum generation, the links) and hashes them; a cached body whose
 * input hash matches is served as it is.  The cache can never be stale,
 * whoever changed the data (the daemon, the CLI, another process),
 * because the key is the data itself.
 *
 * Entries are evicted least recently used first once the bodies pass
 * max bytes.  All functions are thread-safe.
 */
#ifndef REFREADY_FEEDCACHE_H
#define REFREADY_FEEDCACHE_H

#include <stddef.h>

#include "buf.h"

#define FEEDCACHE_MAX		(64 * 1024 * 1024)
#define FEEDCACHE_HASHLEN	32

struct feedcache;

struct feedcache *feedcache_new(size_t max);
void	feedcache_free(struct feedcache *);

/*
 * If (id, variant) is cached with this input hash, appends its body to
 * out, copies its ETag and returns 1; else 0.
 */
int	feedcache_get(struct feedcache *, long long id, int variant,
	    const unsigned char hash[FEEDCACHE_HASHLEN], struct buf *out,
	    char etag[48]);
/* stores a copy of body under (id, variant, hash) */
void	feedcache_put(struct feedcache *, long long id, int variant,
	    const unsigned char hash[FEEDCACHE_HASHLEN], const char *body,
	    size_t len, const char *etag);

/* entries and bytes held, for /metrics */
void	feedcache_stats(struct feedcache *, size_t *entries, size_t *bytes);

#endif
