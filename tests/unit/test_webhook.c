/*
 * test_webhook.c - webhook signatures are HMAC-SHA-256 over "t.body" as
 * OpenSSL's one-call HMAC() computes it, in the header's form; the retry
 * waits grow and stop growing at an hour.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "hook_key.h"
#include "outbox.h"
#include "test.h"

static void
expected(const char *key, long long t, const char *body, char *out,
    size_t n)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;
	char msg[512];
	int k, m;

	m = snprintf(msg, sizeof(msg), "%lld.%s", t, body);
	HMAC(EVP_sha256(), key, (int)strlen(key), (unsigned char *)msg,
	    (size_t)m, mac, &len);
	k = snprintf(out, n, "t=%lld,v1=", t);
	for (i = 0; i < len; i++)
		k += snprintf(out + k, n - (size_t)k, "%02x", mac[i]);
}

void
test_webhook_sign(void)
{
	static const char *const bodies[] = { "", "{}",
	    "{\"id\":\"evt_1\",\"type\":\"enrolled\",\"data\":{\"name\":"
	    "\"Zo\\u00eb\"}}" };
	const char *key = "correct-horse-battery-staple-42";
	char got[160], want[160];
	size_t i;

	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		CHECK_INT(hook_sign((const unsigned char *)key, strlen(key),
		    1796990400 + (long long)i, bodies[i], strlen(bodies[i]),
		    got, sizeof(got)), 0);
		expected(key, 1796990400 + (long long)i, bodies[i], want,
		    sizeof(want));
		CHECK_STR(got, want);
	}
	/* the vector README's shell example was checked against */
	hook_sign((const unsigned char *)key, strlen(key), 1796990400,
	    "{\"id\":\"evt_1\",\"type\":\"enrolled\"}", 32, got, sizeof(got));
	CHECK_STR(got, "t=1796990400,v1=4fa4c782fef916e9c3329b363c3ef9f54dbd3"
	    "69f74877ee0ea58a4df42399192");
	/* too small a buffer is refused, not cut: "t=1,v1=" + 64 + NUL */
	CHECK_INT(hook_sign((const unsigned char *)key, strlen(key), 1, "x", 1,
	    got, 71), -1);
	memset(got, '#', sizeof(got));
	CHECK_INT(hook_sign((const unsigned char *)key, strlen(key), 1, "x", 1,
	    got, 72), 0);
	CHECK_INT((long long)strlen(got), 71);
	CHECK(got[72] == '#');
}

void
test_webhook_backoff(void)
{
	CHECK_INT(outbox_backoff(0), 10);
	CHECK_INT(outbox_backoff(1), 10);
	CHECK_INT(outbox_backoff(2), 30);
	CHECK_INT(outbox_backoff(3), 120);
	CHECK_INT(outbox_backoff(4), 600);
	CHECK_INT(outbox_backoff(5), 1800);
	CHECK_INT(outbox_backoff(6), 3600);
	CHECK_INT(outbox_backoff(40), 3600);
}
