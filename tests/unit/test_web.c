/*
 * test_web.c - unit tests for the daemon's pure parts: strict form
 * decoding and the feed cache's hits, misses, freshness and size bound.
 */
#include <stdio.h>
#include <string.h>

#include "feedcache.h"
#include "form.h"
#include "test.h"

void
test_form_parse(void)
{
	struct form f;

	CHECK_INT(form_parse(&f, "done=1", 6), 0);
	CHECK_STR(form_get(&f, "done"), "1");
	form_free(&f);
	CHECK_INT(form_parse(&f, "a=x+y%21&&b=%C3%A9&c=", 21), 0);
	CHECK_STR(form_get(&f, "a"), "x y!");
	CHECK_STR(form_get(&f, "b"), "\xc3\xa9");
	CHECK_STR(form_get(&f, "c"), "");
	CHECK(form_get(&f, "d") == NULL);
	form_free(&f);
	CHECK_INT(form_parse(&f, "", 0), 0);
	CHECK_INT((long long)f.n, 0);
	/* malformed: each refused whole, nothing kept */
	CHECK_INT(form_parse(&f, "done", 4), -1);
	CHECK_INT((long long)f.n, 0);
	CHECK_INT(form_parse(&f, "=1", 2), -1);
	CHECK_INT(form_parse(&f, "a=%2", 4), -1);
	CHECK_INT(form_parse(&f, "a=%zz", 5), -1);
	CHECK_INT(form_parse(&f, "a=1&a=2", 7), -1);	/* twice */
	CHECK_INT(form_parse(&f, "a=%00", 5), -1);	/* a NUL */
	CHECK_INT(form_parse(&f, "a=%C3", 5), -1);	/* cut UTF-8 */
	/* the length is obeyed: bytes after it are not read */
	CHECK_INT(form_parse(&f, "a=1&b=%zz", 3), 0);
	CHECK_STR(form_get(&f, "a"), "1");
	form_free(&f);
}

static void
key_of(int i, unsigned char k[FEEDCACHE_HASHLEN])
{
	memset(k, 0, FEEDCACHE_HASHLEN);
	snprintf((char *)k, FEEDCACHE_HASHLEN, "person-%d", i);
	k[0] = (unsigned char)(i * 37);	/* spread over the buckets */
}

void
test_feedcache(void)
{
	struct feedcache *fc = feedcache_new(10 * 1000);
	unsigned char k[FEEDCACHE_HASHLEN], h[FEEDCACHE_HASHLEN];
	unsigned char h2[FEEDCACHE_HASHLEN];
	char body[1000], etag[48];
	size_t n, bytes;
	struct buf b;
	int i, hits;

	buf_init(&b, 1 << 20);
	memset(h, 1, sizeof(h));
	memset(h2, 2, sizeof(h2));
	memset(body, 'x', sizeof(body));
	key_of(1, k);
	CHECK_INT(feedcache_fresh(fc, k, 0, 5, 0, &b, etag), 0);
	feedcache_put(fc, k, 0, h, 5, 0, body, sizeof(body), "\"e1\"");
	/* fresh only at the epoch and generation it was checked at */
	CHECK_INT(feedcache_fresh(fc, k, 0, 5, 0, &b, etag), 1);
	CHECK_STR(etag, "\"e1\"");
	CHECK_INT((long long)b.len, 1000);
	CHECK_INT(feedcache_fresh(fc, k, 0, 6, 0, &b, etag), 0);
	CHECK_INT(feedcache_fresh(fc, k, 0, 5, 1, &b, etag), 0);
	CHECK_INT(feedcache_fresh(fc, k, 1, 5, 0, &b, etag), 0);
	/* the same inputs at a later epoch: a hit that renews it */
	CHECK_INT(feedcache_get(fc, k, 0, h2, 6, 0, &b, etag), 0);
	CHECK_INT(feedcache_get(fc, k, 0, h, 6, 0, &b, etag), 1);
	CHECK_INT(feedcache_fresh(fc, k, 0, 6, 0, &b, etag), 1);

	/* 30 bodies of 1,000 bytes in a 10,000-byte cache */
	for (i = 0; i < 30; i++) {
		key_of(i, k);
		feedcache_put(fc, k, 0, h, 7, 0, body, sizeof(body), "\"e\"");
		feedcache_stats(fc, &n, &bytes);
		CHECK(bytes <= 10 * 1000);
	}
	feedcache_stats(fc, &n, &bytes);
	CHECK_INT((long long)n, 10);
	/* the newest is always kept; some older ones too */
	key_of(29, k);
	CHECK_INT(feedcache_fresh(fc, k, 0, 7, 0, &b, etag), 1);
	for (i = 0, hits = 0; i < 30; i++) {
		key_of(i, k);
		hits += feedcache_fresh(fc, k, 0, 7, 0, &b, etag);
	}
	CHECK_INT(hits, 10);
	/* a body larger than the whole cache is not kept */
	{
		static char big[20000];

		key_of(99, k);
		feedcache_put(fc, k, 0, h, 7, 0, big, sizeof(big), "\"b\"");
		CHECK_INT(feedcache_fresh(fc, k, 0, 7, 0, &b, etag), 0);
	}
	buf_free(&b);
	feedcache_free(fc);
}
