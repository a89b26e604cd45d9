/*
 * token.c - the URL secret, tokens and links (see token.h).
 *
 * HMAC and SHA-256 come from libcrypto, which libcurl already pulls in.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "log.h"
#include "token.h"
#include "util.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
token_secret_load(const char *path, unsigned char key[TOKEN_SECRET_LEN])
{
	char buf[2 * TOKEN_SECRET_LEN + 2];
	struct stat st;
	ssize_t n;
	int fd, i, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		log_warn("secret: cannot open '%s'", path);
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		log_warn("secret: '%s'", path);
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (st.st_mode & (S_IRWXG | S_IRWXO))) {
		log_warnx("secret: '%s' must be a regular file only its owner "
		    "can read (chmod 600 it)", path);
		goto out;
	}
	n = read(fd, buf, sizeof(buf));
	if (n < 2 * TOKEN_SECRET_LEN || (n == (ssize_t)sizeof(buf)) ||
	    (n > 2 * TOKEN_SECRET_LEN && buf[2 * TOKEN_SECRET_LEN] != '\n')) {
		log_warnx("secret: '%s' must hold %d hex digits", path,
		    2 * TOKEN_SECRET_LEN);
		goto out;
	}
	for (i = 0; i < TOKEN_SECRET_LEN; i++) {
		int hi = hexval(buf[2 * i]), lo = hexval(buf[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			log_warnx("secret: '%s' must hold %d hex digits", path,
			    2 * TOKEN_SECRET_LEN);
			explicit_bzero(key, TOKEN_SECRET_LEN);
			goto out;
		}
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	rc = 0;
out:
	explicit_bzero(buf, sizeof(buf));
	close(fd);
	return rc;
}

int
token_secret_init(const char *path, int *created)
{
	unsigned char key[TOKEN_SECRET_LEN];
	char hex[2 * TOKEN_SECRET_LEN + 1];
	size_t got = 0;
	int fd, i, rc = -1;

	*created = 0;
	if (access(path, F_OK) == 0) {
		rc = token_secret_load(path, key);
		explicit_bzero(key, sizeof(key));
		return rc;
	}
	if (mkdir_parent(path, 0750) == -1) {
		log_warn("secret: cannot create the folder of '%s'", path);
		return -1;
	}
	while (got < sizeof(key)) {
		ssize_t n = getrandom(key + got, sizeof(key) - got, 0);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			log_warn("secret: getrandom");
			return -1;
		}
		got += n;
	}
	for (i = 0; i < TOKEN_SECRET_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", key[i]);
	hex[2 * TOKEN_SECRET_LEN] = '\n';
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd == -1) {
		log_warn("secret: cannot create '%s'", path);
		goto out;
	}
	if (write(fd, hex, sizeof(hex)) != (ssize_t)sizeof(hex) ||
	    fsync(fd) == -1) {
		log_warn("secret: cannot write '%s'", path);
		close(fd);
		unlink(path);
		goto out;
	}
	close(fd);
	*created = 1;
	rc = 0;
out:
	explicit_bzero(key, sizeof(key));
	explicit_bzero(hex, sizeof(hex));
	return rc;
}

void
token_links(const char *base, const char *page, const char *feed,
    const char *unsub, struct token_links *l)
{
	const char *host = strstr(base, "://");

	snprintf(l->page, sizeof(l->page), "%s/p/%s", base, page);
	snprintf(l->scorecard, sizeof(l->scorecard), "%s/p/%s/scorecard",
	    base, page);
	snprintf(l->feed, sizeof(l->feed), "%s/feed/%s.ics", base, feed);
	/* the same feed for calendar apps that subscribe on a click */
	snprintf(l->webcal, sizeof(l->webcal), "webcal://%s/feed/%s.ics",
	    host ? host + 3 : base, feed);
	snprintf(l->unsubscribe, sizeof(l->unsubscribe), "%s/unsubscribe/%s",
	    base, unsub);
}

const char *
token_kind_str(enum token_kind k)
{
	switch (k) {
	case TOKEN_PAGE:
		return "page";
	case TOKEN_FEED:
		return "feed";
	case TOKEN_UNSUBSCRIBE:
		return "unsubscribe";
	case TOKEN_COHORT:
		return "cohort";
	}
	return "?";
}

void
token_make(const unsigned char key[TOKEN_SECRET_LEN], enum token_kind kind,
    long long owner, int version, char out[TOKEN_LEN + 1])
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789-_";
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	char msg[128];
	int n, i, bit;

	n = snprintf(msg, sizeof(msg), "refready%c%s%c%lld%c%d", '\0',
	    token_kind_str(kind), '\0', owner, '\0', version);
	if (HMAC(EVP_sha256(), key, TOKEN_SECRET_LEN, (unsigned char *)msg,
	    (size_t)n, mac, &maclen) == NULL || maclen < 16)
		fatalx("token: HMAC-SHA-256 failed");
	/* 22 base64url characters carry the first 132 bits; use 128 */
	for (i = 0, bit = 0; i < TOKEN_LEN; i++, bit += 6) {
		int byte = bit / 8, shift = bit % 8;
		unsigned v = (unsigned)mac[byte] << 8 |
		    (byte + 1 < 16 ? mac[byte + 1] : 0);

		out[i] = b64[(v >> (10 - shift)) & 0x3f];
	}
	out[TOKEN_LEN] = '\0';
	explicit_bzero(mac, sizeof(mac));
}

int
token_hash(const char *text, size_t len, unsigned char hash[TOKEN_HASH_LEN])
{
	size_t i;

	if (len != TOKEN_LEN)
		return -1;
	for (i = 0; i < len; i++)
		if (!((text[i] >= 'A' && text[i] <= 'Z') ||
		    (text[i] >= 'a' && text[i] <= 'z') ||
		    (text[i] >= '0' && text[i] <= '9') || text[i] == '-' ||
		    text[i] == '_'))
			return -1;
	SHA256((const unsigned char *)text, len, hash);
	return 0;
}

void
token_message_id(const unsigned char key[TOKEN_SECRET_LEN],
    long long enrollment, int day, const char *domain, char *out, size_t n)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	char msg[96];
	int len;

	len = snprintf(msg, sizeof(msg), "message-id%c%lld%c%d", '\0',
	    enrollment, '\0', day);
	if (HMAC(EVP_sha256(), key, TOKEN_SECRET_LEN, (unsigned char *)msg,
	    (size_t)len, mac, &maclen) == NULL || maclen < 8)
		fatalx("token: HMAC-SHA-256 failed");
	snprintf(out, n, "rr.%lld.%d.%02x%02x%02x%02x%02x%02x%02x%02x@%s",
	    enrollment, day, mac[0], mac[1], mac[2], mac[3], mac[4], mac[5],
	    mac[6], mac[7], domain);
}
