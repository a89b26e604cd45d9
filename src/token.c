/*
 * token.c - the URL secret, tokens and links (see token.h).
 *
 * HMAC and SHA-256 come from libcrypto, which libcurl already pulls in.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/sha.h>

#include "log.h"
#include "token.h"
#include "util.h"

/*
 * HMAC-SHA-256 through a MAC context keyed once.  OpenSSL's one-call
 * HMAC() looks HMAC and SHA-256 up and hashes the key's padded blocks
 * again every time, three quarters of a token's cost, and the mailer
 * makes four per message.  A process has one secret, so the context for
 * the last key is kept (for the process's life, as the key itself is)
 * and re-initialised with that key for each MAC; the lock is for the
 * web threads, which make tokens too.
 */
static pthread_mutex_t	 mac_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	EVP_MAC_CTX	*ctx;
	unsigned char	 key[TOKEN_SECRET_LEN];
	int		 keyed;
} mac;

/* under mac_lock: 1 when ctx is ready for a MAC with key */
static int
hmac_init(const unsigned char key[TOKEN_SECRET_LEN])
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
		    (char *)"SHA256", 0),
		OSSL_PARAM_construct_end()
	};
	EVP_MAC *hmac;

	if (mac.ctx == NULL) {
		if ((hmac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
			return 0;
		mac.ctx = EVP_MAC_CTX_new(hmac);
		EVP_MAC_free(hmac);	/* the context holds its own */
		if (mac.ctx == NULL)
			return 0;
	}
	if (mac.keyed && CRYPTO_memcmp(mac.key, key, TOKEN_SECRET_LEN) == 0)
		return EVP_MAC_init(mac.ctx, NULL, 0, NULL);
	mac.keyed = 0;
	if (!EVP_MAC_init(mac.ctx, key, TOKEN_SECRET_LEN, params))
		return 0;
	memcpy(mac.key, key, TOKEN_SECRET_LEN);
	mac.keyed = 1;
	return 1;
}

static void
hmac_sha256(const unsigned char key[TOKEN_SECRET_LEN], const void *msg,
    size_t n, unsigned char out[SHA256_DIGEST_LENGTH])
{
	size_t len = 0;
	int ok;

	pthread_mutex_lock(&mac_lock);
	ok = hmac_init(key) && EVP_MAC_update(mac.ctx, msg, n) &&
	    EVP_MAC_final(mac.ctx, out, &len, SHA256_DIGEST_LENGTH) &&
	    len == SHA256_DIGEST_LENGTH;
	pthread_mutex_unlock(&mac_lock);
	if (!ok)
		fatalx("token: HMAC-SHA-256 failed");
}

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
	case TOKEN_CONFIRM:
		return "confirm";
	}
	return "?";
}

void
token_make(const unsigned char key[TOKEN_SECRET_LEN], enum token_kind kind,
    long long owner, int version, char out[TOKEN_LEN + 1])
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789-_";
	unsigned char h[SHA256_DIGEST_LENGTH];
	char msg[128];
	int n, i, bit;

	n = snprintf(msg, sizeof(msg), "refready%c%s%c%lld%c%d", '\0',
	    token_kind_str(kind), '\0', owner, '\0', version);
	hmac_sha256(key, msg, (size_t)n, h);
	/* 22 base64url characters carry the first 132 bits; use 128 */
	for (i = 0, bit = 0; i < TOKEN_LEN; i++, bit += 6) {
		int byte = bit / 8, shift = bit % 8;
		unsigned v = (unsigned)h[byte] << 8 |
		    (byte + 1 < 16 ? h[byte + 1] : 0);

		out[i] = b64[(v >> (10 - shift)) & 0x3f];
	}
	out[TOKEN_LEN] = '\0';
	explicit_bzero(h, sizeof(h));
}

void
token_forgotten(const unsigned char key[TOKEN_SECRET_LEN], const char *email,
    char out[TOKEN_FORGOTTEN_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	static const char label[] = "refready\0forgotten\0";
	unsigned char h[SHA256_DIGEST_LENGTH];
	char msg[sizeof(label) - 1 + 320];
	size_t n = sizeof(label) - 1, p, i;

	/* addresses compare ignoring case, as the person table's do */
	memcpy(msg, label, n);
	for (; *email && n < sizeof(msg); email++)
		msg[n++] = (*email >= 'A' && *email <= 'Z') ?
		    (char)(*email - 'A' + 'a') : *email;
	hmac_sha256(key, msg, n, h);
	p = strlen(TOKEN_FORGOTTEN_PREFIX);
	memcpy(out, TOKEN_FORGOTTEN_PREFIX, p);
	for (i = 0; i < 16; i++) {
		out[p++] = hex[h[i] >> 4];
		out[p++] = hex[h[i] & 0xf];
	}
	out[p] = '\0';
	explicit_bzero(msg, sizeof(msg));
	explicit_bzero(h, sizeof(h));
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

/*
 * "ENROLLMENT.DAY.HEX" or "ENROLLMENTxDAYxHEX" at s, DAY followed by
 * "rN" for the Nth resend of that day; or, for an email that is not a
 * lesson, a letter and its ledger key in DAY's place ("w1"): its parts
 * (day 0 and the letter in *kind then, else *kind 0), or -1
 */
static int
split_tagged(const char *s, char sep, long long *enrollment, int *day,
    int *resend, char *kind, int *n, const char **hex)
{
	char *end;
	long long e;
	long d, r = 0;

	if (*s < '1' || *s > '9')
		return -1;
	errno = 0;
	e = strtoll(s, &end, 10);
	if (errno || *end != sep)
		return -1;
	s = end + 1;
	*kind = 0;
	*n = 0;
	if (*s != '\0' && strchr(TOKEN_KIND_LETTERS, *s) != NULL) {
		*kind = *s++;
		if (*s < '1' || *s > '9')
			return -1;
		r = strtol(s, &end, 10);
		if (errno || r > 1000000L || *end != sep)
			return -1;
		*enrollment = e;
		*day = 0;
		*resend = 0;
		*n = (int)r;
		*hex = end + 1;
		return 0;
	}
	if (*s < '1' || *s > '9')
		return -1;
	d = strtol(s, &end, 10);
	if (errno || d > 1000)
		return -1;
	if (*end == 'r') {
		s = end + 1;
		if (*s < '1' || *s > '9')
			return -1;
		r = strtol(s, &end, 10);
		if (errno || r > 1000000000L)
			return -1;
	}
	if (*end != sep)
		return -1;
	*enrollment = e;
	*day = (int)d;
	*resend = (int)r;
	*hex = end + 1;
	return 0;
}

/*
 * What the MACs of a message's tags cover: the lesson itself is
 * "WHAT\0ENROLLMENT\0DAY", as it always was, so the Message-IDs of mail
 * sent before resends existed still check; a resend adds its number.
 * Another kind (kind non-zero) has its letter and key where DAY was,
 * which no lesson's digits can equal.
 */
static int
tag_input(char *msg, size_t n, const char *what, long long enrollment,
    int day, int resend, char kind, int key)
{
	int len;

	if (kind)
		len = snprintf(msg, n, "%s%c%lld%c%c%d", what, '\0',
		    enrollment, '\0', kind, key);
	else if (resend > 0)
		len = snprintf(msg, n, "%s%c%lld%c%d%cresend%c%d", what, '\0',
		    enrollment, '\0', day, '\0', '\0', resend);
	else
		len = snprintf(msg, n, "%s%c%lld%c%d", what, '\0',
		    enrollment, '\0', day);
	return len < 0 || (size_t)len >= n ? (int)n - 1 : len;
}

/* the first n bytes of h in lower-case hex, equal to hex's n * 2 digits */
static int
hex_matches(const unsigned char *h, size_t n, const char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned diff = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (hex[2 * i] == '\0' || hex[2 * i + 1] == '\0')
			return 0;
		diff |= (unsigned)(hex[2 * i] ^ digits[h[i] >> 4]);
		diff |= (unsigned)(hex[2 * i + 1] ^ digits[h[i] & 15]);
	}
	return diff == 0;
}

/* the MAC of tag t in the role what ("verp", "message-id") into h */
static void
tag_mac(const unsigned char key[TOKEN_SECRET_LEN], const char *what,
    const struct token_tag *t, unsigned char h[SHA256_DIGEST_LENGTH])
{
	char msg[96];
	int len;

	len = tag_input(msg, sizeof(msg), what, t->enrollment, t->day,
	    t->resend, t->kind, t->key);
	hmac_sha256(key, msg, (size_t)len, h);
}

/* what a tag names, as both forms write it: "w3", "12r2" or "12" */
static void
tag_what(const struct token_tag *t, char *what, size_t n)
{
	if (t->kind)
		snprintf(what, n, "%c%d", t->kind, t->key);
	else if (t->resend > 0)
		snprintf(what, n, "%dr%d", t->day, t->resend);
	else
		snprintf(what, n, "%d", t->day);
}

/* a parsed tag's lesson fields, for the *_check callers */
static void
tag_lesson(const struct token_tag *t, long long *enrollment, int *day,
    int *resend)
{
	*enrollment = t->enrollment;
	*day = t->day;
	if (resend)
		*resend = t->resend;
}

int
token_message_id_parse(const unsigned char key[TOKEN_SECRET_LEN],
    const char *id, struct token_tag *t)
{
	unsigned char h[SHA256_DIGEST_LENGTH];
	const char *hex;

	memset(t, 0, sizeof(*t));
	if (*id == '<')
		id++;
	if (strncmp(id, "rr.", 3) != 0 || split_tagged(id + 3, '.',
	    &t->enrollment, &t->day, &t->resend, &t->kind, &t->key,
	    &hex) == -1)
		return -1;
	tag_mac(key, "message-id", t, h);
	return hex_matches(h, 8, hex) && hex[16] == '@' ? 0 : -1;
}

int
token_message_id_check(const unsigned char key[TOKEN_SECRET_LEN],
    const char *id, long long *enrollment, int *day, int *resend)
{
	struct token_tag t;

	if (token_message_id_parse(key, id, &t) == -1)
		return -1;
	tag_lesson(&t, enrollment, day, resend);
	return 0;
}

static void
verp(const unsigned char key[TOKEN_SECRET_LEN], const struct token_tag *t,
    char out[TOKEN_VERP_MAX])
{
	unsigned char h[SHA256_DIGEST_LENGTH];
	char what[24];

	tag_mac(key, "verp", t, h);
	tag_what(t, what, sizeof(what));
	snprintf(out, TOKEN_VERP_MAX, "%lldx%sx%02x%02x%02x%02x%02x%02x",
	    t->enrollment, what, h[0], h[1], h[2], h[3], h[4], h[5]);
}

void
token_verp(const unsigned char key[TOKEN_SECRET_LEN], long long enrollment,
    int day, int resend, char out[TOKEN_VERP_MAX])
{
	struct token_tag t = { enrollment, day, resend, 0, 0 };

	verp(key, &t, out);
}

void
token_verp_kind(const unsigned char key[TOKEN_SECRET_LEN],
    long long enrollment, char kind, int n, char out[TOKEN_VERP_MAX])
{
	struct token_tag t = { enrollment, 0, 0, kind, n };

	verp(key, &t, out);
}

int
token_verp_parse(const unsigned char key[TOKEN_SECRET_LEN], const char *tag,
    struct token_tag *t)
{
	unsigned char h[SHA256_DIGEST_LENGTH];
	const char *hex;

	memset(t, 0, sizeof(*t));
	if (split_tagged(tag, 'x', &t->enrollment, &t->day, &t->resend,
	    &t->kind, &t->key, &hex) == -1)
		return -1;
	tag_mac(key, "verp", t, h);
	return hex_matches(h, 6, hex) && hex[12] == '\0' ? 0 : -1;
}

int
token_verp_check(const unsigned char key[TOKEN_SECRET_LEN], const char *tag,
    long long *enrollment, int *day, int *resend)
{
	struct token_tag t;

	if (token_verp_parse(key, tag, &t) == -1)
		return -1;
	tag_lesson(&t, enrollment, day, resend);
	return 0;
}

static void
message_id(const unsigned char key[TOKEN_SECRET_LEN],
    const struct token_tag *t, const char *domain, char *out, size_t n)
{
	unsigned char h[SHA256_DIGEST_LENGTH];
	char what[24];

	tag_mac(key, "message-id", t, h);
	tag_what(t, what, sizeof(what));
	snprintf(out, n, "rr.%lld.%s.%02x%02x%02x%02x%02x%02x%02x%02x@%s",
	    t->enrollment, what, h[0], h[1], h[2], h[3], h[4], h[5], h[6],
	    h[7], domain);
}

void
token_message_id(const unsigned char key[TOKEN_SECRET_LEN],
    long long enrollment, int day, int resend, const char *domain, char *out,
    size_t n)
{
	struct token_tag t = { enrollment, day, resend, 0, 0 };

	message_id(key, &t, domain, out, n);
}

void
token_message_id_kind(const unsigned char key[TOKEN_SECRET_LEN],
    long long enrollment, char kind, int key_n, const char *domain,
    char *out, size_t n)
{
	struct token_tag t = { enrollment, 0, 0, kind, key_n };

	message_id(key, &t, domain, out, n);
}
