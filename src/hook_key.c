/*
 * hook_key.c - the webhooks' secrets and signatures (see hook_key.h).
 *
 * HMAC-SHA-256 is libcrypto's (EVP_MAC), fed the timestamp, the dot and
 * the body in three updates, so the body is never copied to be signed.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "hook_key.h"
#include "log.h"
#include "util.h"

/* one secret file into *key; 0, or -1 logged (never its bytes) */
static int
load_one(const char *path, unsigned char **key, size_t *len)
{
	unsigned char buf[HOOK_KEY_MAX + 2];
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		log_warn("webhooks: cannot open the secret file '%s'", path);
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		log_warn("webhooks: '%s'", path);
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (st.st_mode & (S_IRWXG | S_IRWXO))) {
		log_warnx("webhooks: the secret file '%s' must be a regular "
		    "file only its owner can read (chmod 600 it)", path);
		goto out;
	}
	while (got < sizeof(buf) && (n = read(fd, buf + got,
	    sizeof(buf) - got)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			log_warn("webhooks: reading '%s'", path);
			goto out;
		}
		got += (size_t)n;
	}
	/* one line: its end is not part of the secret */
	if (got > 0 && buf[got - 1] == '\n')
		got--;
	if (got > 0 && buf[got - 1] == '\r')
		got--;
	if (got < HOOK_KEY_MIN || got > HOOK_KEY_MAX ||
	    memchr(buf, '\n', got) != NULL) {
		log_warnx("webhooks: the secret file '%s' must hold one line "
		    "of %d to %d bytes", path, HOOK_KEY_MIN, HOOK_KEY_MAX);
		goto out;
	}
	*key = xmalloc(got);
	memcpy(*key, buf, got);
	*len = got;
	rc = 0;
out:
	explicit_bzero(buf, sizeof(buf));
	close(fd);
	return rc;
}

int
hook_keys_load(const struct cfg *cfg, struct hook_keys *k)
{
	size_t i;

	memset(k, 0, sizeof(*k));
	for (i = 0; i < cfg->nwebhooks && i < CFG_WEBHOOKS_MAX; i++) {
		if (load_one(cfg->webhooks[i].secret_file, &k->v[i].key,
		    &k->v[i].len) == -1) {
			hook_keys_free(k);
			return -1;
		}
		k->n = i + 1;
	}
	return 0;
}

void
hook_keys_free(struct hook_keys *k)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		if (k->v[i].key)
			explicit_bzero(k->v[i].key, k->v[i].len);
		free(k->v[i].key);
	}
	memset(k, 0, sizeof(*k));
}

/*
 * HMAC's implementation is looked up once: fetching it costs more than
 * signing a small body.  A context of its own per signature, so threads
 * need no lock.
 */
static pthread_once_t	 hmac_once = PTHREAD_ONCE_INIT;
static EVP_MAC		*hmac_impl;

static void
hmac_fetch(void)
{
	hmac_impl = EVP_MAC_fetch(NULL, "HMAC", NULL);
}

int
hook_sign(const unsigned char *key, size_t keylen, time_t t,
    const char *body, size_t len, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
		    (char *)"SHA256", 0),
		OSSL_PARAM_construct_end()
	};
	unsigned char mac[32];
	char ts[24];
	EVP_MAC_CTX *ctx = NULL;
	size_t maclen = 0, i;
	int n, ok;

	n = snprintf(ts, sizeof(ts), "%lld", (long long)t);
	/* "t=" UNIX ",v1=" HEX and the NUL */
	if (outlen < 2 + (size_t)n + 4 + HOOK_SIG_LEN + 1)
		return -1;
	pthread_once(&hmac_once, hmac_fetch);
	ok = hmac_impl != NULL &&
	    (ctx = EVP_MAC_CTX_new(hmac_impl)) != NULL &&
	    EVP_MAC_init(ctx, key, keylen, params) &&
	    EVP_MAC_update(ctx, (const unsigned char *)ts, (size_t)n) &&
	    EVP_MAC_update(ctx, (const unsigned char *)".", 1) &&
	    EVP_MAC_update(ctx, (const unsigned char *)body, len) &&
	    EVP_MAC_final(ctx, mac, &maclen, sizeof(mac)) &&
	    maclen == sizeof(mac);
	EVP_MAC_CTX_free(ctx);
	if (!ok)
		fatalx("webhooks: HMAC-SHA-256 failed");
	n = snprintf(out, outlen, "t=%s,v1=", ts);
	for (i = 0; i < sizeof(mac); i++) {
		out[n + 2 * i] = hex[mac[i] >> 4];
		out[n + 2 * i + 1] = hex[mac[i] & 0xf];
	}
	out[n + 2 * sizeof(mac)] = '\0';
	return 0;
}
